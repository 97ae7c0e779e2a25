// Payloads of routing events (see routing_json.h).
#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;
using namespace luukku::core;
using namespace luukku::core::routing;

namespace {

json::object at(Timestamp t) {
  json::object o;
  putTime(o, "at", t);
  return o;
}

json::object itemEvent(const ItemRef& item, const std::string& agent, Timestamp t) {
  json::object o = at(t);
  o["item"] = encode(item);
  if (!agent.empty()) o["agent"] = agent;
  return o;
}

struct Encoder {
  json::value operator()(const PresenceChanged& e) const {
    json::object o = at(e.at);
    o["agent"] = e.agent_id;
    o["state"] = encode(AgentPresence{e.agent_id, e.state, {}, 0}).at("state");
    return o;
  }
  json::value operator()(const ProfileChanged& e) const {
    json::object o = at(e.at);
    o["agent"] = e.agent_id;
    o["profile"] = encode(AgentPresence{e.agent_id, {}, e.profile, 0}).at("profile");
    return o;
  }
  json::value contact(const Contact& c) const { return json::object{{"contact", encode(c)}}; }
  json::value operator()(const ContactQueued& e) const { return contact(e.contact); }
  json::value operator()(const ContactDiverted& e) const { return contact(e.contact); }
  json::value operator()(const ContactRejected& e) const { return contact(e.contact); }
  json::value operator()(const ContactAbandoned& e) const { return contact(e.contact); }
  json::value operator()(const ContactCallbackRequested& e) const { return contact(e.contact); }
  json::value operator()(const ContactInterrupted& e) const { return contact(e.contact); }
  json::value operator()(const ContactDialled& e) const { return contact(e.contact); }
  json::value operator()(const ContactCompleted& e) const {
    return json::object{{"contact", encode(e.contact)}, {"wrap_up_us", e.wrap_up.count()}};
  }
  json::value operator()(const TaskCreated& e) const {
    return json::object{{"task", encode(e.task)}};
  }
  json::value operator()(const TaskContactAdded& e) const {
    json::object o = at(e.at);
    o["task_id"] = e.task_id;
    o["contact_id"] = e.contact_id;
    o["voice_message"] = e.voice_message_ref;
    if (!e.requester_name.empty()) o["requester_name"] = e.requester_name;
    if (!e.description.empty()) o["description"] = e.description;
    return o;
  }
  json::value taskAgent(const std::string& task, const std::string& agent, Timestamp t) const {
    json::object o = at(t);
    o["task_id"] = task;
    o["agent"] = agent;
    return o;
  }
  json::value operator()(const TaskClaimed& e) const {
    return taskAgent(e.task_id, e.agent_id, e.at);
  }
  json::value operator()(const TaskReleased& e) const {
    return taskAgent(e.task_id, e.agent_id, e.at);
  }
  json::value operator()(const TaskAttemptRecorded& e) const {
    json::object o{{"task_id", e.task_id}};
    json::object attempt{{"agent", e.attempt.agent_id},
                         {"outcome", attemptOutcomeName(e.attempt.outcome)}};
    putTime(attempt, "at", e.attempt.at);
    o["attempt"] = std::move(attempt);
    if (e.next_attempt_at) putTime(o, "next_attempt_at", *e.next_attempt_at);
    return o;
  }
  json::value operator()(const TaskRequeued& e) const {
    json::object o = at(e.at);
    o["task_id"] = e.task_id;
    return o;
  }
  json::value operator()(const TaskEscalated& e) const {
    json::object o = at(e.at);
    o["task_id"] = e.task_id;
    return o;
  }
  json::value operator()(const TaskRescheduled& e) const {
    json::object o = at(e.at);
    o["task_id"] = e.task_id;
    o["by"] = e.by;
    putTime(o, "due_at", e.due_at);
    putTime(o, "escalate_at", e.escalate_at);
    o["escalated"] = e.escalated;
    if (e.not_before) putTime(o, "not_before", *e.not_before);
    return o;
  }
  json::value operator()(const TaskCompleted& e) const {
    return json::object{{"task", encode(e.task)}, {"wrap_up_us", e.wrap_up.count()}};
  }
  json::value operator()(const TaskUnreachable& e) const {
    return json::object{{"task", encode(e.task)}};
  }
  json::value operator()(const OfferMade& e) const {
    json::object o = itemEvent(e.item, e.agent_id, e.at);
    putTime(o, "expires_at", e.expires_at);
    return o;
  }
  json::value operator()(const OfferAccepted& e) const {
    return itemEvent(e.item, e.agent_id, e.at);
  }
  json::value operator()(const ContactTransferred& e) const {
    json::object o = itemEvent(e.item, e.agent_id, e.at);
    o["line_id"] = e.line_id;
    return o;
  }
  json::value operator()(const ContactHandedOver& e) const {
    json::object o = itemEvent(e.item, e.agent_id, e.at);
    o["to_agent"] = e.to_agent_id;
    return o;
  }
  json::value operator()(const ContactGuestJoined& e) const {
    return itemEvent(e.item, e.agent_id, e.at);
  }
  json::value operator()(const ContactGuestLeft& e) const {
    return itemEvent(e.item, e.agent_id, e.at);
  }
  json::value operator()(const OfferDeclined& e) const {
    return itemEvent(e.item, e.agent_id, e.at);
  }
  json::value operator()(const OfferExpired& e) const {
    return itemEvent(e.item, e.agent_id, e.at);
  }
  json::value operator()(const OfferWithdrawn& e) const {
    json::object o = itemEvent(e.item, e.agent_id, e.at);
    o["reason"] = e.reason;
    return o;
  }
  json::value operator()(const PreferenceExpired& e) const { return itemEvent(e.item, "", e.at); }
};

void readAt(ObjectReader& r, Timestamp& out) {
  readNested(r, "at", true, out, decodeTime);
}

// Events that carry a whole record (a contact or a task), and wrap-up time when they
// complete one.
template <typename Event, auto Member, typename Decode>
Result<RoutingEvent> withRecord(ObjectReader& r, std::string_view key, Decode decode) {
  Event e;
  readNested(r, key, true, e.*Member, decode);
  if constexpr (requires { e.wrap_up; }) {
    std::int64_t us = 0;
    r.optional("wrap_up_us", us);
    e.wrap_up = std::chrono::microseconds(us);
  }
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

template <typename Event>
Result<RoutingEvent> withContact(ObjectReader& r) {
  return withRecord<Event, &Event::contact>(r, "contact", decodeContact);
}

template <typename Event>
Result<RoutingEvent> withTask(ObjectReader& r) {
  return withRecord<Event, &Event::task>(r, "task", decodeTask);
}

// Task events naming the task, the time and, for claims and releases, the agent.
template <typename Event>
Result<RoutingEvent> taskEvent(ObjectReader& r) {
  Event e;
  r.required("task_id", e.task_id);
  if constexpr (requires { e.agent_id; }) r.required("agent", e.agent_id);
  readAt(r, e.at);
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

template <typename Event>
Result<RoutingEvent> offer(ObjectReader& r) {
  Event e;
  readNested(r, "item", true, e.item, decodeItemRef);
  if constexpr (!std::is_same_v<Event, PreferenceExpired>) r.required("agent", e.agent_id);
  readAt(r, e.at);
  if constexpr (std::is_same_v<Event, OfferMade>) {
    readNested(r, "expires_at", true, e.expires_at, decodeTime);
  }
  if constexpr (std::is_same_v<Event, OfferWithdrawn>) r.optional("reason", e.reason);
  if constexpr (std::is_same_v<Event, ContactTransferred>) r.required("line_id", e.line_id);
  if constexpr (std::is_same_v<Event, ContactHandedOver>) r.required("to_agent", e.to_agent_id);
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

Result<RoutingEvent> presenceChanged(ObjectReader& r) {
  PresenceChanged e;
  r.required("agent", e.agent_id);
  readAt(r, e.at);
  const json::value* state = r.field("state", true);
  RETURN_IF_ERROR(r.finish());
  json::object doc{{"agent", e.agent_id}, {"state", *state}, {"profile", json::object{}}};
  ASSIGN_OR_RETURN(AgentPresence p, decodeAgentPresence(doc, r.pathOf("")));
  e.state = std::move(p.state);
  return RoutingEvent(std::move(e));
}

Result<RoutingEvent> profileChanged(ObjectReader& r) {
  ProfileChanged e;
  r.required("agent", e.agent_id);
  readAt(r, e.at);
  const json::value* profile = r.field("profile", true);
  RETURN_IF_ERROR(r.finish());
  json::object state{{"status", "offline"},
                     {"chosen", "offline"},
                     {"since", "1970-01-01T00:00:00Z"},
                     {"idle_since", "1970-01-01T00:00:00Z"}};
  json::object doc{{"agent", e.agent_id}, {"state", state}, {"profile", *profile}};
  ASSIGN_OR_RETURN(AgentPresence p, decodeAgentPresence(doc, r.pathOf("")));
  e.profile = std::move(p.profile);
  return RoutingEvent(std::move(e));
}

Result<RoutingEvent> contactAdded(ObjectReader& r) {
  TaskContactAdded e;
  r.required("task_id", e.task_id);
  r.optional("contact_id", e.contact_id);
  r.optional("voice_message", e.voice_message_ref);
  r.optional("requester_name", e.requester_name);
  r.optional("description", e.description);
  readAt(r, e.at);
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

Result<RoutingEvent> attemptRecorded(ObjectReader& r) {
  TaskAttemptRecorded e;
  r.required("task_id", e.task_id);
  readNested(r, "attempt", true, e.attempt,
             [](const json::value& v, const std::string& path) -> Result<Attempt> {
               Attempt a;
               ObjectReader ar(v, path);
               ar.required("agent", a.agent_id);
               std::string outcome;
               ar.required("outcome", outcome);
               readNested(ar, "at", true, a.at, decodeTime);
               RETURN_IF_ERROR(ar.finish());
               auto o = attemptOutcomeFromName(outcome);
               if (!o) return invalidArgument(path + ".outcome: unknown value");
               a.outcome = *o;
               return a;
             });
  readNested(r, "next_attempt_at", false, e.next_attempt_at,
             [](const json::value& v, const std::string& path) -> Result<std::optional<Timestamp>> {
               ASSIGN_OR_RETURN(Timestamp t, decodeTime(v, path));
               return std::optional<Timestamp>(t);
             });
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

Result<RoutingEvent> rescheduled(ObjectReader& r) {
  TaskRescheduled e;
  r.required("task_id", e.task_id);
  r.optional("by", e.by);
  readAt(r, e.at);
  readNested(r, "due_at", true, e.due_at, decodeTime);
  readNested(r, "escalate_at", true, e.escalate_at, decodeTime);
  r.optional("escalated", e.escalated);
  readNested(r, "not_before", false, e.not_before,
             [](const json::value& v, const std::string& path) -> Result<std::optional<Timestamp>> {
               ASSIGN_OR_RETURN(Timestamp t, decodeTime(v, path));
               return std::optional<Timestamp>(t);
             });
  RETURN_IF_ERROR(r.finish());
  return RoutingEvent(std::move(e));
}

using Decoder = Result<RoutingEvent> (*)(ObjectReader&);

struct Entry {
  std::string_view type;
  Decoder decode;
};

constexpr Entry kDecoders[] = {
    {PresenceChanged::kType, presenceChanged},
    {ProfileChanged::kType, profileChanged},
    {ContactQueued::kType, withContact<ContactQueued>},
    {ContactDiverted::kType, withContact<ContactDiverted>},
    {ContactRejected::kType, withContact<ContactRejected>},
    {ContactAbandoned::kType, withContact<ContactAbandoned>},
    {ContactCallbackRequested::kType, withContact<ContactCallbackRequested>},
    {ContactDialled::kType, withContact<ContactDialled>},
    {ContactCompleted::kType, withContact<ContactCompleted>},
    {ContactTransferred::kType, offer<ContactTransferred>},
    {ContactHandedOver::kType, offer<ContactHandedOver>},
    {ContactGuestJoined::kType, offer<ContactGuestJoined>},
    {ContactGuestLeft::kType, offer<ContactGuestLeft>},
    {ContactInterrupted::kType, withContact<ContactInterrupted>},
    {TaskCreated::kType, withTask<TaskCreated>},
    {TaskContactAdded::kType, contactAdded},
    {TaskClaimed::kType, taskEvent<TaskClaimed>},
    {TaskReleased::kType, taskEvent<TaskReleased>},
    {TaskAttemptRecorded::kType, attemptRecorded},
    {TaskRequeued::kType, taskEvent<TaskRequeued>},
    {TaskEscalated::kType, taskEvent<TaskEscalated>},
    {TaskRescheduled::kType, rescheduled},
    {TaskCompleted::kType, withTask<TaskCompleted>},
    {TaskUnreachable::kType, withTask<TaskUnreachable>},
    {OfferMade::kType, offer<OfferMade>},
    {OfferAccepted::kType, offer<OfferAccepted>},
    {OfferDeclined::kType, offer<OfferDeclined>},
    {OfferExpired::kType, offer<OfferExpired>},
    {OfferWithdrawn::kType, offer<OfferWithdrawn>},
    {PreferenceExpired::kType, offer<PreferenceExpired>},
};

}  // namespace

json::value encodePayload(const RoutingEvent& event) {
  return std::visit(Encoder{}, event);
}

bool isRoutingEventType(std::string_view type) {
  for (const Entry& e : kDecoders) {
    if (e.type == type) return true;
  }
  return false;
}

Result<RoutingEvent> decodeRoutingEvent(std::string_view type, const json::value& payload) {
  for (const Entry& e : kDecoders) {
    if (e.type != type) continue;
    ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(payload));
    ObjectReader r(split.payload, std::string(type));
    return e.decode(r);
  }
  return invalidArgument("unknown event type '" + printable(type) + "'");
}

}  // namespace luukku::codec
