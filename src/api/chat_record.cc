#include "api/chat_record.h"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "codec/chat_events_json.h"
#include "core/chat_events.h"
#include "engine/store_reader.h"
#include "identity/crypto.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

bool ChatRecord::heldBy(const std::string& token) const {
  return !token_hash.empty() &&
         identity::constantTimeEquals(identity::secretHash(token), token_hash);
}

asio::awaitable<Result<ChatRecord>> chatFromLog(engine::StoreReader& reader,
                                                const std::string& chat_id) {
  constexpr std::size_t kPage = 1000;
  ChatRecord chat;
  for (;;) {
    auto page = co_await reader.readStream(core::chatStream(chat_id), chat.last_seq, kPage,
                                           asio::use_awaitable);
    if (!page) co_return page.status();
    for (const store::StoredEvent& e : *page) {
      chat.last_seq = e.stream_seq;
      if (e.type == core::ChatStarted::kType || e.type == core::ChatFeedback::kType ||
          e.type == core::ChatEnded::kType) {
        boost::system::error_code ec;
        json::value payload = json::parse(e.payload, ec);
        if (ec)
          co_return internalError("chat event " + std::to_string(e.global_seq) + " is not JSON");
        auto event = codec::decodeChatEvent(e.type, payload);
        if (!event) co_return event.status();
        if (auto* started = std::get_if<core::ChatStarted>(&*event)) {
          chat.token_hash = started->token_hash;
          chat.line_id = started->line_id;
          chat.language = started->language;
          chat.started_at = e.recorded_at;
        } else if (auto* ended = std::get_if<core::ChatEnded>(&*event)) {
          chat.ended_at = e.recorded_at;
          chat.ended_by = ended->by;
          chat.ended_reason = ended->reason;
        } else {
          chat.has_feedback = true;
        }
      }
    }
    if (page->size() < kPage) break;
  }
  co_return chat;
}

}  // namespace luukku::api
