// Events of routing, presence and callback tasks. Each carries every value apply() needs,
// times included, so replaying a stream needs nothing else (no configuration, no clock).
// Events that end a contact or a task carry its final record: that record is the document
// the store keeps for it from then on.
//
// Streams: "presence/<agent id>", "contact/<id>", "task/<id>". Offer events belong to the
// stream of the item offered.
//
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "core/routing/model.h"

namespace luukku::core::routing {

// ---- presence/<agent id> -------------------------------------------------------------------

struct PresenceChanged {
  std::string agent_id;
  PresenceState state;  // the whole new presence
  Timestamp at;
  static constexpr std::string_view kType = "presence.changed";
};
// The agent's routing profile, copied from the configuration when the agent comes online or
// the configuration changes.
struct ProfileChanged {
  std::string agent_id;
  AgentProfile profile;
  Timestamp at;
  static constexpr std::string_view kType = "presence.profile_changed";
};

// ---- contact/<id> --------------------------------------------------------------------------

struct ContactQueued {
  Contact contact;  // as it starts waiting
  static constexpr std::string_view kType = "contact.queued";
};
struct ContactDiverted {
  Contact contact;  // final: not queued; `task_id` names the callback task
  static constexpr std::string_view kType = "contact.diverted";
};
struct ContactRejected {
  Contact contact;  // final: not queued, no task
  static constexpr std::string_view kType = "contact.rejected";
};
struct ContactAbandoned {
  Contact contact;  // final; `task_id` set when the line's policy made a callback task
  static constexpr std::string_view kType = "contact.abandoned";
};
struct ContactCallbackRequested {
  Contact contact;  // final
  static constexpr std::string_view kType = "contact.callback_requested";
};
// An outgoing call a professional makes: held by them from the start (so no offers reach
// them while it lasts); it ends by ContactCompleted like any answered contact.
struct ContactDialled {
  Contact contact;  // direction kOutgoing, state kActive, accepted_at when dialled
  static constexpr std::string_view kType = "contact.dialled";
};
struct ContactCompleted {
  Contact contact;                       // final
  std::chrono::microseconds wrap_up{0};  // the wrap-up that follows, counted in handling time
  static constexpr std::string_view kType = "contact.completed";
};
// An answered call the agent handed back to a line's queue (a blind transfer): waiting again,
// on `line_id`, with its original place (queue_time); the agent lets go of it and is asked
// again only as a last resort.
struct ContactTransferred {
  ItemRef item;  // the contact
  std::string agent_id;
  std::string line_id;
  Timestamp at;
  static constexpr std::string_view kType = "contact.transferred";
};
// An answered chat one agent handed to a colleague who accepted it: the contact stays active,
// now held by `to_agent_id`; it leaves `agent_id`'s hands and counts in the colleague's.
struct ContactHandedOver {
  ItemRef item;  // the contact
  std::string agent_id;
  std::string to_agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "contact.handed_over";
};
// A colleague invited into an answered chat joined it: the chat counts in their chat capacity
// too (routing offers them that much less) until they leave, the chat ends or its contact
// does. The holder stays the holder.
struct ContactGuestJoined {
  ItemRef item;  // the contact
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "contact.guest_joined";
};
struct ContactGuestLeft {
  ItemRef item;  // the contact
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "contact.guest_left";
};
struct ContactInterrupted {
  Contact contact;  // final
  static constexpr std::string_view kType = "contact.interrupted";
};

// ---- task/<id> -----------------------------------------------------------------------------

struct TaskCreated {
  Task task;
  static constexpr std::string_view kType = "task.created";
};
// A repeat contact from the same number to the same line while the task is open.
struct TaskContactAdded {
  std::string task_id;
  std::string contact_id;  // empty for a repeated contact-request form
  Timestamp at;
  std::string voice_message_ref;  // replaces the task's when not empty
  std::string requester_name;     // a repeated form's: replaces the task's when not empty
  std::string description;        // a repeated form's: added to the task's when not empty
  static constexpr std::string_view kType = "task.contact_added";
};
struct TaskClaimed {
  std::string task_id;
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "task.claimed";
};
// Back to its place in line.
struct TaskReleased {
  std::string task_id;
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "task.released";
};
// When `next_attempt_at` is set the agent lets go of the task and it waits, keeping its place,
// until that time. A reached attempt stays with the agent. A last failed attempt is followed by
// TaskUnreachable.
struct TaskAttemptRecorded {
  std::string task_id;
  Attempt attempt;
  std::optional<Timestamp> next_attempt_at;
  static constexpr std::string_view kType = "task.attempt_recorded";
};
struct TaskRequeued {
  std::string task_id;
  Timestamp at;
  static constexpr std::string_view kType = "task.requeued";
};
// Raises the task into band 0, among live contacts.
struct TaskEscalated {
  std::string task_id;
  Timestamp at;
  static constexpr std::string_view kType = "task.escalated";
};
struct TaskRescheduled {
  std::string task_id;
  std::string by;  // who rescheduled it
  Timestamp at;
  Timestamp due_at;
  Timestamp escalate_at;
  bool escalated = false;
  std::optional<Timestamp> not_before;  // when set, the task waits (parked) until then
  static constexpr std::string_view kType = "task.rescheduled";
};
struct TaskCompleted {
  Task task;  // final
  std::chrono::microseconds wrap_up{0};
  static constexpr std::string_view kType = "task.completed";
};
struct TaskUnreachable {
  Task task;  // final
  static constexpr std::string_view kType = "task.unreachable";
};

// ---- offers (on the stream of the item) ----------------------------------------------------

struct OfferMade {
  ItemRef item;
  std::string agent_id;
  Timestamp at;
  Timestamp expires_at;
  static constexpr std::string_view kType = "offer.made";
};
struct OfferAccepted {
  ItemRef item;
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "offer.accepted";
};
// Back to its place in line; the agent stays ready and is asked again only as a last resort.
struct OfferDeclined {
  ItemRef item;
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "offer.declined";
};
// Not answered in time: back to its place in line (the agent is set not ready separately).
struct OfferExpired {
  ItemRef item;
  std::string agent_id;
  Timestamp at;
  static constexpr std::string_view kType = "offer.expired";
};
// Taken back because the agent's presence changed or the server restarted.
struct OfferWithdrawn {
  ItemRef item;
  std::string agent_id;
  Timestamp at;
  std::string reason;
  static constexpr std::string_view kType = "offer.withdrawn";
};
// The item's wait for a preferred agent, team or area is over; anyone eligible may take it.
struct PreferenceExpired {
  ItemRef item;
  Timestamp at;
  static constexpr std::string_view kType = "routing.preference_expired";
};

using RoutingEvent =
    std::variant<PresenceChanged, ProfileChanged, ContactQueued, ContactDiverted, ContactRejected,
                 ContactAbandoned, ContactCallbackRequested, ContactDialled, ContactCompleted,
                 ContactTransferred, ContactHandedOver, ContactGuestJoined, ContactGuestLeft,
                 ContactInterrupted, TaskCreated, TaskContactAdded, TaskClaimed, TaskReleased,
                 TaskAttemptRecorded, TaskRequeued, TaskEscalated, TaskRescheduled, TaskCompleted,
                 TaskUnreachable, OfferMade, OfferAccepted, OfferDeclined, OfferExpired,
                 OfferWithdrawn, PreferenceExpired>;

std::string_view eventType(const RoutingEvent& e);
std::string streamOf(const RoutingEvent& e);
// When the event happened.
Timestamp eventTime(const RoutingEvent& e);

inline std::string presenceStream(std::string_view agent_id) {
  return "presence/" + std::string(agent_id);
}
inline std::string contactStream(std::string_view id) {
  return "contact/" + std::string(id);
}
inline std::string taskStream(std::string_view id) {
  return "task/" + std::string(id);
}

}  // namespace luukku::core::routing
