// Events of a chat's life, as its stream records them: started by a visitor, each message,
// read marks, how it ended, and the visitor's feedback after it.
//
// Stream: "chat/<chat id>", one per chat, numbered by the engine. The first event is
// ChatStarted, then exactly one ChatEnded; only the visitor's ChatFeedback, at most one, may
// follow it. Transfers and invitations come between (ChatTransferred and the rest). The chat's
// routing (queued, offered, accepted, completed) is on its contact's "contact/<id>" stream; the two
// share the id, which the engine mints when the chat starts (as for a call).
//
// Like call events these carry no times: the store stamps each with the engine's clock.
// Typing is not recorded.
//
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"

namespace luukku::core {

// The clickbot nodes a visitor walked to the chat (docs/chat.md, "Clickbot trees"): the tree
// and its live version, the node ids from the root, and their titles in the chat's language
// as the visitor saw them. What a citizen chose says something about them: personal data.
struct ClickbotWalk {
  std::string tree_id;
  std::int64_t version = 0;
  std::vector<std::string> path;
  std::vector<std::string> titles;
  friend bool operator==(const ClickbotWalk&, const ClickbotWalk&) = default;
};

// A visitor started a chat on a line. `token_hash` is the stored form of the visitor's key to
// the chat (identity/crypto.h secretHash); it never leaves the server.
struct ChatStarted {
  std::string line_id;
  std::string language;
  std::string visitor_name;  // empty: none given
  std::string token_hash;
  std::optional<ClickbotWalk> clickbot;  // none: the visitor came straight to the chat
  static constexpr std::string_view kType = "chat.started";
};
// A file sent in a chat: its bytes are in the file store (attachments/file_store.h) under
// `id`; the log keeps only this. `file_name` is what the sender called it (cleaned, shown as
// text only), `media_type` what its bytes are ("image/png", "application/pdf").
struct ChatAttachment {
  std::string id;
  std::string file_name;
  std::string media_type;
  std::int64_t size = 0;
  friend bool operator==(const ChatAttachment&, const ChatAttachment&) = default;
};
// One message. `seq` numbers the chat's messages from 1 without gaps (the engine assigns it);
// `client_id` is the sender's own id for it, so a resend is recognised. A message carrying a
// file has the file in `attachment` and may have no text.
struct ChatMessage {
  std::int64_t seq = 0;
  std::string from;      // "visitor", "professional" or "system"
  std::string agent_id;  // "professional": who wrote it
  std::string text;
  std::string client_id;
  std::optional<ChatAttachment> attachment = std::nullopt;
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

// The professional who holds the chat handed it on (docs/chat.md, "Transfer and invite"): to a
// line's queue (`to` "line"; it waits there on `line_id`, the chat's line from now on) or to a
// colleague who accepted it (`to` "agent"; `agent_id` holds it from now on). The chat stays one
// contact with its whole history.
struct ChatTransferred {
  std::string from_agent_id;
  std::string to;  // "line" or "agent"
  std::string line_id;
  std::string agent_id;  // "agent": the colleague
  static constexpr std::string_view kType = "chat.transferred";
};
// The holder offered the chat to a colleague; it stays theirs until the colleague accepts.
struct ChatTransferOffered {
  std::string from_agent_id;
  std::string to_agent_id;
  static constexpr std::string_view kType = "chat.transfer_offered";
};
// The colleague did not take the offered chat: "declined", "no_answer" (the offer time passed)
// or "withdrawn" (the chat ended or its holder let go meanwhile). It stays with its holder.
struct ChatTransferRefused {
  std::string from_agent_id;
  std::string to_agent_id;
  std::string reason;
  static constexpr std::string_view kType = "chat.transfer_refused";
};
// The holder invited a colleague to write in the chat with them.
struct ChatInvited {
  std::string agent_id;
  std::string by_agent_id;
  static constexpr std::string_view kType = "chat.invited";
};
// The invited colleague accepted and writes in the chat; the holder stays responsible for it.
struct ChatJoined {
  std::string agent_id;
  static constexpr std::string_view kType = "chat.joined";
};
// The invited colleague is no longer in the chat: "left", "declined", "no_answer" (before
// accepting) or "ended" (the chat ended or was handed on).
struct ChatLeft {
  std::string agent_id;
  std::string reason;
  static constexpr std::string_view kType = "chat.left";
};

// The professional asked the visitor to identify themselves.
struct ChatIdentificationAsked {
  std::string agent_id;
  static constexpr std::string_view kType = "chat.identification_asked";
};
// The visitor identified themselves strongly (identity/citizen_identification.h). The
// personal identity code is sealed for this chat (identity/sealing.h) and never sent to a
// reader; the chat's professional sees it through an access-logged read. A chat is
// identified at most once.
struct ChatIdentified {
  std::string person_name;
  std::string identity_code_sealed;
  std::string method;  // "oidc"
  std::string issuer;
  static constexpr std::string_view kType = "chat.identified";
};
// The identified visitor acts for someone else (identity/on_behalf.h): a child in their
// custody ("guardian") or an adult who gave them a mandate ("mandate"), as the register that
// says so answered when they chose. The principal's identity code is sealed for
// "<chat id>/principal" and, like the visitor's, never sent to a reader. At most once per chat,
// and only after chat.identified.
struct ChatOnBehalf {
  std::string principal_name;
  std::string principal_code_sealed;
  std::string basis;  // "guardian" or "mandate"
  static constexpr std::string_view kType = "chat.on_behalf";
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

using ChatEvent =
    std::variant<ChatStarted, ChatMessage, ChatRead, ChatEnded, ChatFeedback,
                 ChatIdentificationAsked, ChatIdentified, ChatOnBehalf, ChatTransferred,
                 ChatTransferOffered, ChatTransferRefused, ChatInvited, ChatJoined, ChatLeft>;

inline std::string_view chatEventType(const ChatEvent& e) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::kType; }, e);
}

inline std::string chatStream(std::string_view chat_id) {
  return "chat/" + std::string(chat_id);
}

}  // namespace luukku::core
