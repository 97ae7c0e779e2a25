// Events of a chat's life, as its stream records them: started by a visitor, each message,
// read marks, how it ended, and the visitor's feedback after it.
//
// Stream: "chat/<chat id>", one per chat, numbered by the engine. The first event is
// ChatStarted, then exactly one ChatEnded; only the visitor's ChatFeedback, at most one, may
// follow it. The chat's routing (queued,
// offered, accepted, completed) is on its contact's "contact/<id>" stream; the two share the
// id, which the engine mints when the chat starts (as for a call).
//
// Like call events these carry no times: the store stamps each with the engine's clock.
// Typing is not recorded.
//
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/time.h"

namespace luukku::core {

// A visitor started a chat on a line. `token_hash` is the stored form of the visitor's key to
// the chat (identity/crypto.h secretHash); it never leaves the server.
struct ChatStarted {
  std::string line_id;
  std::string language;
  std::string visitor_name;  // empty: none given
  std::string token_hash;
  static constexpr std::string_view kType = "chat.started";
};
// One message. `seq` numbers the chat's messages from 1 without gaps (the engine assigns it);
// `client_id` is the sender's own id for it, so a resend is recognised.
struct ChatMessage {
  std::int64_t seq = 0;
  std::string from;      // "visitor", "professional" or "system"
  std::string agent_id;  // "professional": who wrote it
  std::string text;
  std::string client_id;
  static constexpr std::string_view kType = "chat.message";
};
// `by` ("visitor" or "professional") has read the messages up to `up_to`.
struct ChatRead {
  std::string by;
  std::int64_t up_to = 0;
  static constexpr std::string_view kType = "chat.read";
};
// The chat ended: by "visitor", "professional" or "system"; `reason` says why ("left",
// "ended", "completed", "visitor_gone", "server_restart", "closed", ...).
struct ChatEnded {
  std::string by;
  std::string reason;
  static constexpr std::string_view kType = "chat.ended";
};

// The visitor's feedback on an ended chat: `rating` 1-5 and an optional `text` (at most
// 1,000 characters). It repeats the chat's `line_id` and when the chat started, so the
// reports count it with its chat without looking the chat up (the one time a chat event
// carries a time of its own).
struct ChatFeedback {
  int rating = 0;
  std::string text;  // empty: none given
  std::string line_id;
  Timestamp started_at;
  static constexpr std::string_view kType = "chat.feedback";
};

using ChatEvent = std::variant<ChatStarted, ChatMessage, ChatRead, ChatEnded, ChatFeedback>;

inline std::string_view chatEventType(const ChatEvent& e) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::kType; }, e);
}

inline std::string chatStream(std::string_view chat_id) {
  return "chat/" + std::string(chat_id);
}

}  // namespace luukku::core
