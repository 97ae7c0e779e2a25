// Engine commands for chats: a visitor's chat starts (its contact arrives in the same step),
// messages and read marks are recorded in the chat's stream "chat/<id>", and the chat ends.
// Each names the Reply it completes with once its events are durable.
//
// The engine names a chat as it names a call (a "c-" id from the log, the chat's and its
// contact's), numbers the chat's stream and its messages (seq 1, 2, ... without gaps), and
// recognises a message sent again with a client_id it already stored. Each chat not yet ended
// has a live "chat" document, so a restart ends the chats it cut off (ChatEnded by "system",
// "server_restart") as it ends calls; their contacts end as interrupted.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/actor.h"
#include "core/chat_events.h"
#include "core/time.h"
#include "engine/routing_commands.h"

namespace luukku::engine {

// A chat started: its id and where its contact went. A contact routing did not queue (the
// line closed, nobody to take it) is not open, and its chat has ended at once (ChatEnded by
// "system" with the overflow reason).
struct ChatOpened {
  std::string chat_id;
  ArrivalOutcome arrival;
  Timestamp at;
  std::optional<core::ChatIdentified> identified;  // as recorded, when the command had one
};
// `arrival` names the line, channel kChat and language; its contact_id is left empty. A visitor
// who identified before the chat (a line that requires it) has `identified`: given the chat's
// id once the engine has minted it, it answers what to record right after chat.started (the
// identity code sealed for that id). It runs on the engine's thread and must be quick.
struct StartChat {
  core::ChatStarted started;
  routing::Arrival arrival;
  core::Actor actor;
  std::function<core::ChatIdentified(const std::string& chat_id)> identified;
  using Reply = ChatOpened;
};

// A message as stored, and when. `duplicate`: the chat already had a message with this
// client_id, which this is; nothing new was recorded.
struct ChatPosted {
  core::ChatMessage message;
  Timestamp at;
  bool duplicate = false;
};
// A message of a live chat; the engine sets message.seq. kNotFound when the chat has not
// started or has ended; kInvalidArgument for a sender other than visitor, professional or
// system, an empty client_id, or a message over 16 KiB.
struct PostChatMessage {
  std::string chat_id;
  core::ChatMessage message;
  core::Actor actor;
  using Reply = ChatPosted;
};

// A read mark of a live chat; its up_to is not beyond the last message.
struct MarkChatRead {
  std::string chat_id;
  core::ChatRead read;
  core::Actor actor;
  using Reply = std::int64_t;  // the event's global sequence
};

// Ends a live chat. When its contact is still waiting or being offered, the contact is
// abandoned in the same step; an accepted contact stays with its professional until they
// complete it (CompleteContact, which also ends a chat still live). kNotFound when the chat
// has not started or has already ended.
struct EndChat {
  std::string chat_id;
  core::ChatEnded ended;
  core::Actor actor;
  using Reply = Timestamp;  // when it ended
};

// The professional of a live chat asks its visitor to identify themselves. kNotFound when the
// chat has not started or has ended.
struct AskChatIdentification {
  std::string chat_id;
  core::ChatIdentificationAsked asked;
  core::Actor actor;
  using Reply = std::int64_t;  // the event's global sequence
};

// The visitor of a live chat has identified themselves. kNotFound when the chat has not started
// or has ended; kAlreadyExists when it is identified already (a chat has one visitor).
struct IdentifyChat {
  std::string chat_id;
  core::ChatIdentified identified;
  core::Actor actor;
  using Reply = Timestamp;  // when
};

// The identified visitor of a live chat acts for someone else (core::ChatOnBehalf; the caller
// asked the register). kNotFound when the chat has not started or has ended;
// kFailedPrecondition when its visitor has not identified; kAlreadyExists when they act for
// someone already (once per chat: whom the professional is serving does not change under them).
struct ActOnBehalfInChat {
  std::string chat_id;
  core::ChatOnBehalf on_behalf;
  core::Actor actor;
  using Reply = Timestamp;  // when
};

// The visitor's feedback on a chat that has ended, recorded after the chat's last event:
// `after_seq` is how far the chat's stream went when the caller read it from the store, and
// `ended_at` when the chat ended. The caller checks the visitor's token and that the stream
// has no feedback yet (api/routes_chat.cc); the engine refuses, writing nothing, a chat still
// live (kFailedPrecondition), one that ended more than kChatFeedbackWindow ago (kConflict),
// a rating outside 1-5 or data over 16 KiB (kInvalidArgument; the API's limit on the text is
// 1,000 characters), and a second feedback on a chat it recorded one for (kAlreadyExists):
// two sent at once cannot both be stored.
inline constexpr std::chrono::hours kChatFeedbackWindow{24};
struct GiveChatFeedback {
  std::string chat_id;
  std::int64_t after_seq = 0;
  Timestamp ended_at;
  core::ChatFeedback feedback;
  core::Actor actor;
  using Reply = Timestamp;  // when it was recorded
};

}  // namespace luukku::engine
