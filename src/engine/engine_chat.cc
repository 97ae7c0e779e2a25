// The engine's chat side: a chat starts with its contact's arrival, its messages and read
// marks are numbered in its stream, and it ends (abandoning a contact still in line).
#include <boost/json.hpp>

#include "codec/chat_events_json.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace luukku::engine {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace core::routing;

namespace {

bool isSender(std::string_view from) {
  return from == "visitor" || from == "professional" || from == "system";
}

// Chat events are small: a message is at most 2,000 characters (the API's limit, about
// 8 KiB of UTF-8); the engine's own bound leaves room for the rest of the payload.
Status checkChatEvent(const core::ChatEvent& event) {
  if (json::serialize(codec::encodePayload(event)).size() > 16 * 1024) {
    return invalidArgument("a chat event's data is at most 16 KiB");
  }
  return Status::ok();
}

Status chatGone(std::string_view id) {
  return notFound("chat '" + printable(id) + "' has not started or has ended");
}

}  // namespace

template <>
void Engine::run(StartChat c, asio::any_completion_handler<void(Result<ChatOpened>)> h) {
  runCommand<ChatOpened>(std::move(h), [&](Transaction& tx) -> Result<ChatOpened> {
    if (!c.arrival.contact_id.empty()) {
      return invalidArgument("a chat's contact id is assigned by the engine");
    }
    if (c.arrival.channel != core::Channel::kChat) {
      return invalidArgument("a chat's contact arrives on the chat channel");
    }
    c.started.line_id = c.arrival.line_id;
    RETURN_IF_ERROR(checkChatEvent(c.started));
    // The chat's id is that of its first event, as a call's is.
    LogIds ids(last_seq_);
    std::string id = ids.newId(ItemKind::kContact);
    c.arrival.contact_id = id;
    // Decided before anything is recorded: a refused arrival starts no chat.
    ASSIGN_OR_RETURN(Events events, center_.arrive(routingConfig(), c.arrival, now(), ids));
    std::optional<core::ChatIdentified> identified;
    if (c.identified) {
      identified = c.identified(id);
      RETURN_IF_ERROR(checkChatEvent(*identified));
    }
    chats_[id] = LiveChat{};
    tx.record(id, core::ChatEvent(std::move(c.started)));
    if (identified) {
      chats_[id].identified = true;
      tx.record(id, core::ChatEvent(*identified));
    }
    tx.recordAll(events);
    routeWaitingWork(tx);
    ASSIGN_OR_RETURN(ArrivalOutcome outcome, arrivalOutcome(center_, routingConfig(), id, events));
    if (outcome.contact.end != ContactEnd::kOpen) {
      std::string reason(overflowReasonName(outcome.contact.overflow));
      tx.record(id, core::ChatEvent(core::ChatEnded{"system", reason}));
    }
    return ChatOpened{id, std::move(outcome), now(), std::move(identified)};
  });
}

template <>
void Engine::run(PostChatMessage c, asio::any_completion_handler<void(Result<ChatPosted>)> h) {
  runCommand<ChatPosted>(std::move(h), [&](Transaction& tx) -> Result<ChatPosted> {
    auto chat = chats_.find(c.chat_id);
    if (chat == chats_.end()) return chatGone(c.chat_id);
    if (!isSender(c.message.from)) {
      return invalidArgument("a chat message is from visitor, professional or system");
    }
    if (c.message.client_id.empty()) return invalidArgument("a chat message needs a client_id");
    if (auto sent = chat->second.by_client.find(c.message.client_id);
        sent != chat->second.by_client.end()) {
      ChatPosted again = sent->second;
      again.duplicate = true;
      return again;
    }
    c.message.seq = chat->second.messages + 1;
    RETURN_IF_ERROR(checkChatEvent(c.message));
    tx.record(c.chat_id, core::ChatEvent(c.message));
    chat->second.messages = c.message.seq;
    ChatPosted posted{c.message, now(), false};
    chat->second.by_client.emplace(c.message.client_id, posted);
    return posted;
  });
}

template <>
void Engine::run(MarkChatRead c, asio::any_completion_handler<void(Result<std::int64_t>)> h) {
  runCommand<std::int64_t>(std::move(h), [&](Transaction& tx) -> Result<std::int64_t> {
    auto chat = chats_.find(c.chat_id);
    if (chat == chats_.end()) return chatGone(c.chat_id);
    if (c.read.by != "visitor" && c.read.by != "professional") {
      return invalidArgument("a chat is read by the visitor or the professional");
    }
    if (c.read.up_to < 1 || c.read.up_to > chat->second.messages) {
      return invalidArgument("up_to must name one of the chat's messages (1.." +
                             std::to_string(chat->second.messages) + ")");
    }
    return tx.record(c.chat_id, core::ChatEvent(c.read));
  });
}

template <>
void Engine::run(EndChat c, asio::any_completion_handler<void(Result<Timestamp>)> h) {
  runCommand<Timestamp>(std::move(h), [&](Transaction& tx) -> Result<Timestamp> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    RETURN_IF_ERROR(checkChatEvent(c.ended));
    // A contact still in line goes with the chat; one a professional holds waits for them.
    const Contact* contact = center_.findContact(c.chat_id);
    Events events;
    if (contact && contact->routing.state != WorkState::kActive) {
      LogIds ids(last_seq_);
      ASSIGN_OR_RETURN(events, center_.abandon(routingConfig(), c.chat_id, now(), ids));
    }
    // Colleagues who joined it are free of it now, as its holder is once they complete it.
    for (const std::string& guest : center_.guestsOf(c.chat_id)) {
      Events left = center_.leaveAsGuest(c.chat_id, guest, now());
      events.insert(events.end(), left.begin(), left.end());
    }
    tx.recordAll(std::move(events));
    tx.record(c.chat_id, core::ChatEvent(std::move(c.ended)));
    return now();
  });
}

template <>
void Engine::run(AskChatIdentification c,
                 asio::any_completion_handler<void(Result<std::int64_t>)> h) {
  runCommand<std::int64_t>(std::move(h), [&](Transaction& tx) -> Result<std::int64_t> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    if (c.asked.agent_id.empty()) return invalidArgument("the asking professional is not named");
    RETURN_IF_ERROR(checkChatEvent(c.asked));
    return tx.record(c.chat_id, core::ChatEvent(std::move(c.asked)));
  });
}

template <>
void Engine::run(IdentifyChat c, asio::any_completion_handler<void(Result<Timestamp>)> h) {
  runCommand<Timestamp>(std::move(h), [&](Transaction& tx) -> Result<Timestamp> {
    auto chat = chats_.find(c.chat_id);
    if (chat == chats_.end()) return chatGone(c.chat_id);
    if (chat->second.identified) return alreadyExists("the chat's visitor has identified already");
    if (c.identified.identity_code_sealed.empty() || c.identified.method.empty()) {
      return invalidArgument("an identification names its sealed code and its method");
    }
    RETURN_IF_ERROR(checkChatEvent(c.identified));
    chat->second.identified = true;
    tx.record(c.chat_id, core::ChatEvent(std::move(c.identified)));
    return now();
  });
}

template <>
void Engine::run(ActOnBehalfInChat c, asio::any_completion_handler<void(Result<Timestamp>)> h) {
  runCommand<Timestamp>(std::move(h), [&](Transaction& tx) -> Result<Timestamp> {
    auto chat = chats_.find(c.chat_id);
    if (chat == chats_.end()) return chatGone(c.chat_id);
    if (!chat->second.identified) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the chat's visitor identifies before acting for someone else");
    }
    if (chat->second.on_behalf) return alreadyExists("the chat's visitor acts for someone already");
    if (c.on_behalf.principal_code_sealed.empty() || c.on_behalf.principal_name.empty()) {
      return invalidArgument("acting on behalf names the principal and their sealed code");
    }
    if (c.on_behalf.basis != "guardian" && c.on_behalf.basis != "mandate") {
      return invalidArgument("acting on behalf is as a guardian or with a mandate");
    }
    RETURN_IF_ERROR(checkChatEvent(c.on_behalf));
    chat->second.on_behalf = true;
    tx.record(c.chat_id, core::ChatEvent(std::move(c.on_behalf)));
    return now();
  });
}

template <>
void Engine::run(GiveChatFeedback c, asio::any_completion_handler<void(Result<Timestamp>)> h) {
  runCommand<Timestamp>(std::move(h), [&](Transaction& tx) -> Result<Timestamp> {
    const Timestamp at = now();
    std::erase_if(chat_feedback_, [at](const auto& entry) { return entry.second < at; });
    if (chats_.contains(c.chat_id)) {
      return Status(ErrorCode::kFailedPrecondition, "the chat has not ended");
    }
    if (c.after_seq < 2) return invalidArgument("a chat's feedback follows its end");
    if (at > c.ended_at + kChatFeedbackWindow) {
      return Status(ErrorCode::kConflict, "feedback is taken for 24 hours after a chat ends");
    }
    if (chat_feedback_.contains(c.chat_id)) {
      return Status(ErrorCode::kAlreadyExists, "the chat already has feedback");
    }
    if (c.feedback.rating < 1 || c.feedback.rating > 5) {
      return invalidArgument("rating is 1 to 5");
    }
    RETURN_IF_ERROR(checkChatEvent(c.feedback));
    tx.recordAfterEnd(c.chat_id, c.after_seq, core::ChatEvent(c.feedback));
    chat_feedback_[c.chat_id] = c.ended_at + kChatFeedbackWindow;
    return at;
  });
}

}  // namespace luukku::engine
