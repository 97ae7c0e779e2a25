// ContactCenter: decisions about calls, chats and video contacts, and answers to offers.
#include <algorithm>

#include "core/routing/contact_center.h"
#include "core/routing/input_checks.h"
#include "core/routing/opening_hours.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

Status contactNotOpen(std::string_view contact_id) {
  return notFound("contact '" + printable(contact_id) +
                  "' is not open: it does not exist or has already ended");
}

Status checkArrival(const Arrival& a) {
  RETURN_IF_ERROR(checkOptionalId(a.contact_id, "contact_id"));
  RETURN_IF_ERROR(checkNumber(a.from_number, "from_number"));
  RETURN_IF_ERROR(checkLanguage(a.language));
  if (a.skills.size() > 20) return invalidArgument("skills has too many entries");
  for (const auto& s : a.skills) RETURN_IF_ERROR(checkOptionalId(s, "skill"));
  RETURN_IF_ERROR(checkOptionalId(a.area, "area"));
  RETURN_IF_ERROR(checkOptionalId(a.preferred_agent, "preferred_agent"));
  RETURN_IF_ERROR(checkOptionalId(a.preferred_team, "preferred_team"));
  return Status::ok();
}

Preference preferenceFor(const Arrival& a, const LinePolicy& policy, Timestamp now) {
  Preference p;
  std::optional<Timestamp> until;
  auto extend = [&](std::chrono::seconds wait) {
    if (wait <= std::chrono::seconds(0)) return false;
    Timestamp t = now + wait;
    if (!until || t > *until) until = t;
    return true;
  };
  if ((!a.preferred_agent.empty() || !a.preferred_team.empty()) && extend(policy.continuity_wait)) {
    p.agent_id = a.preferred_agent;
    p.team = a.preferred_team;
  }
  if (!a.area.empty() && extend(policy.area_wait)) p.area = a.area;
  p.until = until;
  return p;
}

}  // namespace

Result<Events> ContactCenter::arrive(const RoutingConfig& config, const Arrival& arrival,
                                     Timestamp now, IdSource& ids) const {
  now = clamp(now);
  const LineSetup* setup = config.findLine(arrival.line_id);
  if (!setup) {
    return notFound("service line '" + printable(arrival.line_id) + "' does not exist");
  }
  if (!setup->line.active) {
    return failedPrecondition("service line '" + arrival.line_id + "' is retired");
  }
  if (arrival.channel != Channel::kPhone && arrival.channel != Channel::kChat &&
      arrival.channel != Channel::kVideo) {
    return invalidArgument("an arriving contact is a phone call, chat or video, not " +
                           std::string(channelName(arrival.channel)));
  }
  if (!contains(setup->line.channels, arrival.channel)) {
    return invalidArgument("service line '" + arrival.line_id + "' does not take " +
                           std::string(channelName(arrival.channel)) + " contacts");
  }
  RETURN_IF_ERROR(checkArrival(arrival));
  if (!arrival.contact_id.empty() && contacts_.count(arrival.contact_id)) {
    return alreadyExists("contact '" + arrival.contact_id + "' already exists");
  }
  const LinePolicy& policy = setup->policy;

  Contact c;
  c.id = arrival.contact_id.empty() ? ids.newId(ItemKind::kContact) : arrival.contact_id;
  c.from_number = arrival.from_number;
  WorkRouting& r = c.routing;
  r.line_id = arrival.line_id;
  r.channel = arrival.channel;
  r.language = arrival.language;
  r.skills = skillSet(policy.required_skills, arrival.skills);
  c.preference = preferenceFor(arrival, policy, now);
  r.band = 0;
  r.queue_time = now - policy.priority_head_start;
  r.created_at = now;

  // Which overflow rule, if any, applies (the first that holds, in this order).
  const CallbackPolicy& cb = policy.callback;
  OverflowReason reason = OverflowReason::kNone;
  OverflowAction action = OverflowAction::kQueue;
  if (arrival.wants_callback) {
    action = OverflowAction::kCallback;
  } else if (!isOpen(setup->line, config.region(), now)) {
    reason = OverflowReason::kClosed;
    action = cb.when_closed;
  } else {
    auto li = lines_.find(r.line_id);
    int waiting = li == lines_.end() ? 0 : li->second.waiting_contacts;
    if (policy.queue_limit && waiting >= *policy.queue_limit) {
      reason = OverflowReason::kQueueFull;
      action = cb.when_queue_full;
    } else if (!anyAgentFree(r)) {
      if (cb.when_busy != OverflowAction::kQueue) {
        reason = OverflowReason::kBusy;
        action = cb.when_busy;
      } else if (policy.max_estimated_wait) {
        auto wait = estimateWait(config, r.line_id, waiting + 1);
        if (!wait || *wait > *policy.max_estimated_wait) {
          reason = wait ? OverflowReason::kLongWait : OverflowReason::kNoAgents;
          action = cb.when_wait_too_long;
        }
      }
    }
  }

  Events out;
  if (action == OverflowAction::kQueue) {
    out.push_back(ContactQueued{std::move(c)});
    return out;
  }
  c.overflow = reason;
  c.ended_at = now;
  if (action == OverflowAction::kCallback && !c.from_number.empty()) {
    TaskSpec spec{r.line_id,
                  Channel::kCallback,
                  c.from_number,
                  r.language,
                  "",
                  arrival.wants_callback ? TaskReason::kRequested : taskReasonFor(reason),
                  c.id};
    std::map<std::pair<std::string, std::string>, std::string> made_here;
    Events task_events;
    taskFor(config, spec, now, ids, made_here, task_events, c.task_id);
    c.end = ContactEnd::kDiverted;
    out.push_back(ContactDiverted{std::move(c)});
    for (auto& e : task_events) out.push_back(std::move(e));
  } else {
    c.end = ContactEnd::kRejected;
    out.push_back(ContactRejected{std::move(c)});
  }
  return out;
}

Result<Events> ContactCenter::abandon(const RoutingConfig& config, std::string_view contact_id,
                                      Timestamp now, IdSource& ids) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  if (entry->doc.routing.state == WorkState::kActive) {
    return conflict("contact '" + std::string(contact_id) +
                    "' was answered; it ends by completing it");
  }
  Contact final_contact = entry->doc;
  final_contact.end = ContactEnd::kAbandoned;
  final_contact.ended_at = now;
  const CallbackPolicy& cb = config.linePolicy(final_contact.routing.line_id).callback;
  Events task_events;
  if (cb.on_abandon_after && now - final_contact.routing.created_at >= *cb.on_abandon_after &&
      !final_contact.from_number.empty()) {
    TaskSpec spec{final_contact.routing.line_id,
                  Channel::kCallback,
                  final_contact.from_number,
                  final_contact.routing.language,
                  "",
                  TaskReason::kAbandoned,
                  final_contact.id};
    std::map<std::pair<std::string, std::string>, std::string> made_here;
    taskFor(config, spec, now, ids, made_here, task_events, final_contact.task_id);
  }
  Events out{ContactAbandoned{std::move(final_contact)}};
  for (auto& e : task_events) out.push_back(std::move(e));
  return out;
}

Result<Events> ContactCenter::requestCallback(const RoutingConfig& config,
                                              std::string_view contact_id, Timestamp now,
                                              IdSource& ids, std::string number,
                                              std::string voice_message_ref) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  if (entry->doc.routing.state == WorkState::kActive) {
    return conflict("contact '" + std::string(contact_id) + "' is already answered");
  }
  RETURN_IF_ERROR(checkNumber(number, "number"));
  RETURN_IF_ERROR(checkText(voice_message_ref, "voice_message_ref", 200));
  if (number.empty()) number = entry->doc.from_number;
  if (number.empty()) {
    return failedPrecondition("contact '" + std::string(contact_id) +
                              "' has no number to call back");
  }
  Contact final_contact = entry->doc;
  final_contact.end = ContactEnd::kCallbackRequested;
  final_contact.ended_at = now;
  TaskSpec spec{final_contact.routing.line_id,
                Channel::kCallback,
                number,
                final_contact.routing.language,
                std::move(voice_message_ref),
                TaskReason::kRequested,
                final_contact.id};
  std::map<std::pair<std::string, std::string>, std::string> made_here;
  Events task_events;
  taskFor(config, spec, now, ids, made_here, task_events, final_contact.task_id);
  Events out{ContactCallbackRequested{std::move(final_contact)}};
  for (auto& e : task_events) out.push_back(std::move(e));
  return out;
}

Result<Events> ContactCenter::dialOut(const RoutingConfig& config, const OutgoingCall& call,
                                      Timestamp now, IdSource& ids) const {
  now = clamp(now);
  RETURN_IF_ERROR(checkOptionalId(call.contact_id, "contact_id"));
  if (!call.contact_id.empty() && contacts_.count(call.contact_id)) {
    return alreadyExists("contact '" + call.contact_id + "' already exists");
  }
  const AgentEntry* agent = agentOf(call.agent_id);
  if (!agent || agent->doc.state.status == PresenceStatus::kOffline) {
    return failedPrecondition("agent '" + printable(call.agent_id) +
                              "' is not signed in: set a presence before calling");
  }
  std::string line_id = call.line_id;
  std::string number = call.number;
  std::string language;
  if (!call.task_id.empty()) {
    const TaskEntry* task = taskOf(call.task_id);
    if (!task) return notOpen(call.task_id);
    const Task& t = task->doc;
    if (t.routing.state != WorkState::kActive || t.routing.agent_id != call.agent_id) {
      return notHeld(call.task_id, call.agent_id);
    }
    if (t.routing.channel != Channel::kCallback || t.number.empty()) {
      return failedPrecondition("task '" + t.id + "' has no number to call back");
    }
    if (!line_id.empty() && line_id != t.routing.line_id) {
      return invalidArgument("task '" + t.id + "' belongs to service line '" + t.routing.line_id +
                             "', not '" + printable(line_id) + "'");
    }
    line_id = t.routing.line_id;
    if (number.empty()) number = t.number;
    language = t.routing.language;
  }
  const LineSetup* setup = config.findLine(line_id);
  if (!setup) return notFound("service line '" + printable(line_id) + "' does not exist");
  if (!setup->line.active) return failedPrecondition("service line '" + line_id + "' is retired");
  if (number.empty()) return invalidArgument("number: required");
  RETURN_IF_ERROR(checkNumber(number, "number"));

  Contact c;
  c.id = call.contact_id.empty() ? ids.newId(ItemKind::kContact) : call.contact_id;
  c.direction = ContactDirection::kOutgoing;
  c.to_number = number;
  c.callback_task_id = call.task_id;
  WorkRouting& r = c.routing;
  r.line_id = line_id;
  r.channel = Channel::kPhone;
  r.language = language;
  r.queue_time = now;
  r.created_at = now;
  r.state = WorkState::kActive;
  r.agent_id = call.agent_id;
  r.accepted_at = now;
  Events out{ContactDialled{std::move(c)}};
  if (auto change = presenceAfter(agent, call.agent_id, agent->active + 1, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::completeContact(const RoutingConfig& config,
                                              std::string_view agent_id,
                                              std::string_view contact_id, Timestamp now) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  const WorkRouting& r = entry->doc.routing;
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || r.state != WorkState::kActive || r.agent_id != agent_id) {
    return conflict("contact '" + std::string(contact_id) + "' is not held by agent '" +
                    printable(agent_id) + "'");
  }
  const LinePolicy& policy = config.linePolicy(r.line_id);
  int active_after = agent->active - 1;
  bool wraps = active_after == 0 && policy.wrap_up > std::chrono::seconds(0);
  Contact final_contact = entry->doc;
  final_contact.end = ContactEnd::kCompleted;
  final_contact.ended_at = now;
  Events out{
      ContactCompleted{std::move(final_contact), wraps ? std::chrono::microseconds(policy.wrap_up)
                                                       : std::chrono::microseconds(0)}};
  std::optional<Timestamp> wrap_until;
  if (wraps) wrap_until = now + policy.wrap_up;
  if (auto change = presenceAfter(agent, agent_id, active_after, wrap_until,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  // Colleagues still in the chat leave it with its contact.
  for (const std::string& guest : entry->guests) {
    if (auto change = guestFreed(guest, now)) out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::accept(const RoutingConfig&, std::string_view agent_id,
                                     const ItemRef& item, Timestamp now) const {
  now = clamp(now);
  const WorkRouting* r = findItem(item);
  if (!r) {
    return notFound(streamOf(item) + " is not open: it does not exist or has already ended");
  }
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || r->state != WorkState::kOffered || r->agent_id != agent_id) {
    return conflict("the offer of " + streamOf(item) + " to agent '" + printable(agent_id) +
                    "' is not open: it expired, was withdrawn or went to someone else");
  }
  Events out{OfferAccepted{item, std::string(agent_id), now}};
  if (auto change = presenceAfter(agent, agent_id, agent->active + 1, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::decline(const RoutingConfig&, std::string_view agent_id,
                                      const ItemRef& item, Timestamp now) const {
  now = clamp(now);
  const WorkRouting* r = findItem(item);
  if (!r) {
    return notFound(streamOf(item) + " is not open: it does not exist or has already ended");
  }
  if (r->state != WorkState::kOffered || r->agent_id != agent_id) {
    return conflict("the offer of " + streamOf(item) + " to agent '" + printable(agent_id) +
                    "' is not open: it expired, was withdrawn or went to someone else");
  }
  return Events{OfferDeclined{item, std::string(agent_id), now}};
}

Result<Events> ContactCenter::transferToQueue(const RoutingConfig& config,
                                              std::string_view agent_id,
                                              std::string_view contact_id, std::string_view line_id,
                                              Timestamp now) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  const Contact& c = entry->doc;
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || c.routing.state != WorkState::kActive || c.routing.agent_id != agent_id) {
    return conflict("contact '" + std::string(contact_id) + "' is not held by agent '" +
                    printable(agent_id) + "'");
  }
  if (c.direction != ContactDirection::kInbound) {
    return failedPrecondition("contact '" + std::string(contact_id) +
                              "' is an outgoing call: only a caller can be put back in a queue");
  }
  const LineSetup* setup = config.findLine(line_id);
  if (!setup) return notFound("service line '" + printable(line_id) + "' does not exist");
  if (!isOpen(setup->line, config.region(), now)) {
    return failedPrecondition("service line '" + std::string(line_id) + "' is closed");
  }
  Events out{ContactTransferred{{ItemKind::kContact, std::string(contact_id)},
                                std::string(agent_id),
                                std::string(line_id),
                                now}};
  if (auto change = presenceAfter(agent, agent_id, agent->active - 1, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::handOver(const RoutingConfig&, std::string_view agent_id,
                                       std::string_view contact_id, std::string_view to_agent_id,
                                       Timestamp now) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  const Contact& c = entry->doc;
  const AgentEntry* from = agentOf(agent_id);
  if (!from || c.routing.state != WorkState::kActive || c.routing.agent_id != agent_id) {
    return conflict("contact '" + std::string(contact_id) + "' is not held by agent '" +
                    printable(agent_id) + "'");
  }
  if (c.routing.channel != Channel::kChat) {
    return failedPrecondition("contact '" + std::string(contact_id) +
                              "' is not a chat: only a chat is handed to a colleague");
  }
  if (to_agent_id == agent_id) return invalidArgument("a chat is handed to someone else");
  const AgentEntry* to = agentOf(to_agent_id);
  if (!to || to->doc.state.status == PresenceStatus::kOffline ||
      to->doc.state.status == PresenceStatus::kBreak) {
    return failedPrecondition("agent '" + printable(to_agent_id) + "' is not signed in and ready");
  }
  if (!to->hasRoom(CapacityKind::kChats)) {
    return failedPrecondition("agent '" + std::string(to_agent_id) + "' has no room for a chat");
  }
  Events out{ContactHandedOver{{ItemKind::kContact, std::string(contact_id)},
                               std::string(agent_id),
                               std::string(to_agent_id),
                               now}};
  if (auto change = presenceAfter(from, agent_id, from->active - 1, std::nullopt,
                                  from->doc.state.chosen, from->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  if (auto change = presenceAfter(to, to_agent_id, to->active + 1, std::nullopt,
                                  to->doc.state.chosen, to->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::joinAsGuest(std::string_view contact_id, std::string_view agent_id,
                                          Timestamp now) const {
  now = clamp(now);
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry) return contactNotOpen(contact_id);
  const WorkRouting& r = entry->doc.routing;
  if (r.channel != Channel::kChat || r.state != WorkState::kActive) {
    return failedPrecondition("contact '" + std::string(contact_id) +
                              "' is not an answered chat: only such a chat is joined");
  }
  if (r.agent_id == agent_id) return invalidArgument("the chat's holder is in it already");
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || agent->doc.state.status == PresenceStatus::kOffline) {
    return failedPrecondition("agent '" + printable(agent_id) + "' is not signed in");
  }
  if (std::find(entry->guests.begin(), entry->guests.end(), agent_id) != entry->guests.end()) {
    return alreadyExists("agent '" + std::string(agent_id) + "' is in the chat already");
  }
  Events out{ContactGuestJoined{
      {ItemKind::kContact, std::string(contact_id)}, std::string(agent_id), now}};
  if (auto change = presenceAfter(agent, agent_id, agent->active, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now, 1)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Events ContactCenter::leaveAsGuest(std::string_view contact_id, std::string_view agent_id,
                                   Timestamp now) const {
  const ContactEntry* entry = contactOf(contact_id);
  if (!entry ||
      std::find(entry->guests.begin(), entry->guests.end(), agent_id) == entry->guests.end()) {
    return {};
  }
  now = clamp(now);
  Events out{
      ContactGuestLeft{{ItemKind::kContact, std::string(contact_id)}, std::string(agent_id), now}};
  if (auto change = guestFreed(agent_id, now)) out.push_back(std::move(*change));
  return out;
}

std::optional<PresenceChanged> ContactCenter::guestFreed(std::string_view agent_id,
                                                         Timestamp now) const {
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent) return std::nullopt;
  return presenceAfter(agent, agent_id, agent->active, agent->doc.state.wrap_up_until,
                       agent->doc.state.chosen, agent->doc.state.reason, now, -1);
}

}  // namespace luukku::core::routing
