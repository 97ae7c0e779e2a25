// A chat as its log tells it, for a visitor whose chat the chat service no longer holds (it
// forgets ended chats after an hour, and a restart forgets them all): the feedback route reads
// it, and the visitor's socket, to tell a visitor who reconnects after a restart that their
// chat has ended. The log keeps the token's hash for good.
//
// Thread-safety: the coroutine runs on the caller's executor; the read on the reader's pool.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"

namespace luukku::engine {
class StoreReader;
}

namespace luukku::api {

struct ChatRecord {
  std::string token_hash;  // empty: no such chat
  std::string line_id;
  std::string language;
  Timestamp started_at;
  std::optional<Timestamp> ended_at;
  std::string ended_by;  // chat.ended's `by` and `reason`, once ended
  std::string ended_reason;
  bool has_feedback = false;
  std::int64_t last_seq = 0;  // how far the stream goes

  // Whether `token` is the visitor's key to this chat (compared in constant time); false for
  // a chat that does not exist.
  bool heldBy(const std::string& token) const;
};

// The chat's stream `chat/<chat_id>`, read page by page.
boost::asio::awaitable<Result<ChatRecord>> chatFromLog(engine::StoreReader& reader,
                                                       const std::string& chat_id);

}  // namespace luukku::api
