// The engine's side of handing a chat on (chat_transfer_commands.h): to a line's queue, to a
// colleague, and inviting one. Refusals the professional can act on are answers, not errors,
// and record nothing.
#include <algorithm>

#include "core/routing/opening_hours.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace luukku::engine {
namespace asio = boost::asio;
using namespace core::routing;

std::string_view handOnRefusalCode(HandOnRefusal refusal) {
  switch (refusal) {
    case HandOnRefusal::kNone:
      return "";
    case HandOnRefusal::kNotHeld:
      return "not_held";
    case HandOnRefusal::kUnknownLine:
      return "unknown_line";
    case HandOnRefusal::kLineWithoutChat:
      return "line_without_chat";
    case HandOnRefusal::kLineClosed:
      return "line_closed";
    case HandOnRefusal::kNobodyOnLine:
      return "nobody_on_line";
    case HandOnRefusal::kUnknownColleague:
      return "unknown_colleague";
    case HandOnRefusal::kSelf:
      return "self";
    case HandOnRefusal::kColleagueUnavailable:
      return "colleague_unavailable";
    case HandOnRefusal::kColleagueBusy:
      return "colleague_busy";
  }
  return "";
}

namespace {

Status chatGone(std::string_view id) {
  return notFound("chat '" + printable(id) + "' has not started or has ended");
}

ChatHandedOn refused(HandOnRefusal why, Timestamp at) {
  ChatHandedOn out;
  out.refused = why;
  out.at = at;
  return out;
}

// Whether `agent_id` holds the chat's contact, accepted.
bool holds(const ContactCenter& center, std::string_view chat_id, std::string_view agent_id) {
  const Contact* contact = center.findContact(chat_id);
  return contact && contact->routing.state == WorkState::kActive &&
         contact->routing.agent_id == agent_id;
}

// Whether `agent_id` may hand the chat to `colleague` now: they hold it, and the colleague can
// take one more chat: signed in and ready (available, busy or in wrap-up), serving chat, with
// room for it beside what they hold and the chats they have joined.
HandOnRefusal colleagueProblem(const ContactCenter& center, const RoutingConfig& config,
                               std::string_view chat_id, std::string_view agent_id,
                               std::string_view colleague) {
  if (!holds(center, chat_id, agent_id)) return HandOnRefusal::kNotHeld;
  if (colleague == agent_id) return HandOnRefusal::kSelf;
  const AgentPresence* presence = center.findAgent(colleague);
  if (!presence && !config.findAgent(colleague)) return HandOnRefusal::kUnknownColleague;
  if (!presence || presence->state.status == PresenceStatus::kOffline ||
      presence->state.status == PresenceStatus::kBreak || presence->profile.capacity.chats < 1) {
    return HandOnRefusal::kColleagueUnavailable;
  }
  if (!center.hasRoomFor(colleague, CapacityKind::kChats)) return HandOnRefusal::kColleagueBusy;
  return HandOnRefusal::kNone;
}

Status checkId(std::string_view id, std::string_view what) {
  if (id.empty() || id.size() > 64) return invalidArgument(std::string(what) + " is 1 to 64 bytes");
  return Status::ok();
}

}  // namespace

template <>
void Engine::run(TransferChatToLine c, asio::any_completion_handler<void(Result<ChatHandedOn>)> h) {
  runCommand<ChatHandedOn>(std::move(h), [&](Transaction& tx) -> Result<ChatHandedOn> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    RETURN_IF_ERROR(checkId(c.line_id, "line_id"));
    const Timestamp at = now();
    if (!holds(center_, c.chat_id, c.agent_id)) return refused(HandOnRefusal::kNotHeld, at);
    const LineSetup* line = routingConfig().findLine(c.line_id);
    if (!line || !line->line.active) return refused(HandOnRefusal::kUnknownLine, at);
    if (std::find(line->line.channels.begin(), line->line.channels.end(), core::Channel::kChat) ==
        line->line.channels.end()) {
      return refused(HandOnRefusal::kLineWithoutChat, at);
    }
    if (!isOpen(line->line, routingConfig().region(), at)) {
      return refused(HandOnRefusal::kLineClosed, at);
    }
    if (center_.queue(routingConfig(), c.line_id, 0).agents_signed_in == 0) {
      return refused(HandOnRefusal::kNobodyOnLine, at);
    }
    ASSIGN_OR_RETURN(Events events, center_.transferToQueue(routingConfig(), c.agent_id, c.chat_id,
                                                            c.line_id, at));
    tx.recordAll(events);
    tx.record(c.chat_id, core::ChatEvent(core::ChatTransferred{c.agent_id, "line", c.line_id, ""}));
    routeWaitingWork(tx);
    ASSIGN_OR_RETURN(ArrivalOutcome outcome,
                     arrivalOutcome(center_, routingConfig(), c.chat_id, events));
    ChatHandedOn out;
    out.arrival = std::move(outcome);
    out.at = at;
    return out;
  });
}

template <>
void Engine::run(OfferChatToColleague c,
                 asio::any_completion_handler<void(Result<ChatHandedOn>)> h) {
  runCommand<ChatHandedOn>(std::move(h), [&](Transaction& tx) -> Result<ChatHandedOn> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    RETURN_IF_ERROR(checkId(c.to_agent_id, "agent_id"));
    const Timestamp at = now();
    HandOnRefusal problem =
        colleagueProblem(center_, routingConfig(), c.chat_id, c.agent_id, c.to_agent_id);
    if (problem != HandOnRefusal::kNone) return refused(problem, at);
    if (c.invite) {
      tx.record(c.chat_id, core::ChatEvent(core::ChatInvited{c.to_agent_id, c.agent_id}));
    } else {
      tx.record(c.chat_id, core::ChatEvent(core::ChatTransferOffered{c.agent_id, c.to_agent_id}));
    }
    ChatHandedOn out;
    out.at = at;
    return out;
  });
}

template <>
void Engine::run(HandChatOver c, asio::any_completion_handler<void(Result<ChatHandedOn>)> h) {
  runCommand<ChatHandedOn>(std::move(h), [&](Transaction& tx) -> Result<ChatHandedOn> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    RETURN_IF_ERROR(checkId(c.to_agent_id, "agent_id"));
    const Timestamp at = now();
    HandOnRefusal problem =
        colleagueProblem(center_, routingConfig(), c.chat_id, c.agent_id, c.to_agent_id);
    if (problem != HandOnRefusal::kNone) return refused(problem, at);
    ASSIGN_OR_RETURN(Events events,
                     center_.handOver(routingConfig(), c.agent_id, c.chat_id, c.to_agent_id, at));
    const Contact* contact = center_.findContact(c.chat_id);
    std::string line_id = contact ? contact->routing.line_id : std::string();
    tx.recordAll(events);
    tx.record(c.chat_id,
              core::ChatEvent(core::ChatTransferred{c.agent_id, "agent", line_id, c.to_agent_id}));
    ChatHandedOn out;
    out.at = at;
    return out;
  });
}

template <>
void Engine::run(NoteChatColleague c, asio::any_completion_handler<void(Result<Timestamp>)> h) {
  runCommand<Timestamp>(std::move(h), [&](Transaction& tx) -> Result<Timestamp> {
    if (!chats_.contains(c.chat_id)) return chatGone(c.chat_id);
    bool noted = std::holds_alternative<core::ChatTransferRefused>(c.event) ||
                 std::holds_alternative<core::ChatJoined>(c.event) ||
                 std::holds_alternative<core::ChatLeft>(c.event);
    if (!noted) {
      return invalidArgument(
          "a colleague's note is chat.transfer_refused, chat.joined or chat.left");
    }
    // A colleague in the chat counts in their chat capacity while they are in it.
    Events events;
    if (const auto* joined = std::get_if<core::ChatJoined>(&c.event)) {
      ASSIGN_OR_RETURN(events, center_.joinAsGuest(c.chat_id, joined->agent_id, now()));
    } else if (const auto* left = std::get_if<core::ChatLeft>(&c.event)) {
      events = center_.leaveAsGuest(c.chat_id, left->agent_id, now());
    }
    tx.record(c.chat_id, c.event);
    tx.recordAll(std::move(events));
    return now();
  });
}

}  // namespace luukku::engine
