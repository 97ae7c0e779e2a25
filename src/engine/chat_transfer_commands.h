// Engine commands for handing a chat on (docs/chat.md, "Transfer and invite"): to a service
// line's queue, to a colleague who accepts it, and inviting a colleague to write alongside.
// Each records its events in the chat's stream "chat/<id>" and, where routing changes, the
// contact's in the same step; each names the Reply it completes with once they are durable.
//
// A refusal the professional can act on (the line is closed, the colleague is away, ...) is
// not an error: the reply says which (HandOnRefusal) and nothing is recorded. Errors are
// kNotFound for a chat not started or ended, kInvalidArgument for a malformed command.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/actor.h"
#include "core/chat_events.h"
#include "core/time.h"
#include "engine/routing_commands.h"

namespace luukku::engine {

// Why a transfer or invitation was not made.
enum class HandOnRefusal {
  kNone,
  kNotHeld,               // the professional does not hold the chat (any more)
  kUnknownLine,           // no such service line
  kLineWithoutChat,       // the line does not serve chat
  kLineClosed,            // the line is closed now
  kNobodyOnLine,          // nobody is signed in to the line
  kUnknownColleague,      // no such professional
  kSelf,                  // the professional named themselves
  kColleagueUnavailable,  // not signed in, on a break, or not serving chat
  kColleagueBusy,         // no room for another chat
};
// The API's code for a refusal ("line_closed", "colleague_busy", ...); "" for kNone.
std::string_view handOnRefusalCode(HandOnRefusal refusal);

struct ChatHandedOn {
  HandOnRefusal refused = HandOnRefusal::kNone;
  std::optional<ArrivalOutcome> arrival;  // a transfer to a line: where the chat waits now
  Timestamp at;
};

// The professional `agent_id`, who holds the live chat, hands it back to `line_id`'s queue
// (ContactCenter::transferToQueue): it waits there keeping its place in line, the line is the
// chat's from now on, and chat.transferred ("line") records it. The line must serve chat, be
// open and have someone signed in.
struct TransferChatToLine {
  std::string chat_id;
  std::string agent_id;
  std::string line_id;
  core::Actor actor;
  using Reply = ChatHandedOn;
};

// The professional who holds the chat offers it to the colleague `to_agent_id` (`invite`
// false: chat.transfer_offered) or invites them to write alongside (`invite` true:
// chat.invited). The colleague must be signed in and ready, serve chat and have room for it.
struct OfferChatToColleague {
  std::string chat_id;
  std::string agent_id;
  std::string to_agent_id;
  bool invite = false;
  core::Actor actor;
  using Reply = ChatHandedOn;
};

// The colleague accepted the offered chat: routing hands the contact over
// (ContactCenter::handOver) and chat.transferred ("agent") records it, in one step. The same
// checks as the offer's apply again.
struct HandChatOver {
  std::string chat_id;
  std::string agent_id;
  std::string to_agent_id;
  core::Actor actor;
  using Reply = ChatHandedOn;
};

// What else a transfer or an invitation records as it goes: ChatTransferRefused, ChatJoined
// or ChatLeft (any other event is kInvalidArgument).
struct NoteChatColleague {
  std::string chat_id;
  core::ChatEvent event;
  core::Actor actor;
  using Reply = Timestamp;
};

}  // namespace luukku::engine
