// The live aggregates of routing: agents' presence, contacts (calls, chats, video) and tasks
// (callbacks, contact requests). Each is a plain value and the document the store keeps for
// it, stream by stream: "presence/<agent id>", "contact/<id>", "task/<id>". `version` is the
// aggregate's stream sequence.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/region.h"
#include "core/routing/policy.h"
#include "core/time.h"

namespace luukku::core::routing {

// ---- Agents --------------------------------------------------------------------------------

enum class PresenceStatus {
  kOffline,
  kAvailable,  // ready for work (and may already hold chats within capacity)
  kBusy,       // holds accepted work
  kWrapUp,     // after-work time; no offers until it ends
  kBreak,      // not ready: a break, or set by the system after a missed offer
};
std::string_view presenceName(PresenceStatus s);  // "offline", "available", "busy", ...
std::optional<PresenceStatus> presenceFromName(std::string_view name);

// What an agent can be routed, copied from the configuration when the agent comes online (and
// when it changes) so routing and replay never depend on later configuration edits.
struct AgentProfile {
  std::vector<std::string> languages;
  std::vector<std::string> skills;
  std::vector<std::string> teams;
  std::string area;
  std::vector<Membership> memberships;
  Capacity capacity;
  friend bool operator==(const AgentProfile&, const AgentProfile&) = default;
};

struct PresenceState {
  PresenceStatus status = PresenceStatus::kOffline;  // what colleagues and supervisors see
  // What the agent chose: kAvailable, kBreak or kOffline. It shows once work and wrap-up end.
  PresenceStatus chosen = PresenceStatus::kOffline;
  std::string reason;  // "lunch", "training", "no_answer" (missed offer), "server_restart", ...
  Timestamp since;     // when `status` began
  std::optional<Timestamp> wrap_up_until;
  Timestamp idle_since;  // when the agent last became free; the longest idle is asked first
  friend bool operator==(const PresenceState&, const PresenceState&) = default;
};

struct AgentPresence {
  std::string agent_id;
  PresenceState state;
  AgentProfile profile;
  std::int64_t version = 0;
  friend bool operator==(const AgentPresence&, const AgentPresence&) = default;
};

// ---- Work items ----------------------------------------------------------------------------

enum class ItemKind { kContact, kTask };

// Names a contact or a task.
struct ItemRef {
  ItemKind kind = ItemKind::kContact;
  std::string id;
  friend bool operator==(const ItemRef&, const ItemRef&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const ItemRef&, const ItemRef&) = default;
};
std::string streamOf(const ItemRef& ref);   // "contact/<id>" or "task/<id>"
std::string_view itemKindName(ItemKind k);  // "contact", "task"
std::optional<ItemKind> itemKindFromName(std::string_view name);

enum class WorkState {
  kWaiting,  // in line
  kOffered,  // offered to one agent, who has not answered yet
  kActive,   // held by one agent
  kParked,   // a task waiting for its next attempt time; keeps its place in line
};
std::string_view workStateName(WorkState s);
std::optional<WorkState> workStateFromName(std::string_view name);

// Calls, video and callback work use an agent's call capacity; chats the chat capacity.
enum class CapacityKind { kCalls = 0, kChats = 1 };
CapacityKind capacityKindOf(Channel channel);

// A contact's bounded wait for a preferred agent, team or area (continuity of care, area
// routing). While `until` lies ahead, only matching agents are offered the contact.
struct Preference {
  std::string agent_id;
  std::string team;
  std::string area;
  std::optional<Timestamp> until;
  friend bool operator==(const Preference&, const Preference&) = default;
};

// What routing needs of any work item, and where the item is.
struct WorkRouting {
  std::string line_id;
  Channel channel = Channel::kPhone;
  std::string language;             // an agent must speak it; empty: any
  std::vector<std::string> skills;  // an agent must have all of them
  // Place in line, compared in this order: band (0: live contacts and escalated tasks,
  // 1: other tasks), queue_time (arrival minus the line's head start), created_at, id.
  // It is fixed at creation; an item that comes back keeps it.
  int band = 0;
  Timestamp queue_time;
  Timestamp created_at;
  WorkState state = WorkState::kWaiting;
  std::string agent_id;  // offered to or held by
  std::optional<Timestamp> offer_expires_at;
  std::optional<Timestamp> accepted_at;
  std::vector<std::string> declined_by;  // never offered to these agents again
  friend bool operator==(const WorkRouting&, const WorkRouting&) = default;
};

enum class ContactEnd {
  kOpen,
  kCompleted,          // answered and finished
  kAbandoned,          // the caller hung up before an answer
  kCallbackRequested,  // the caller asked to be called back instead of waiting
  kDiverted,           // not queued: turned into a callback task on arrival
  kRejected,           // not queued and no task (closed, no number, or by policy)
  kInterrupted,        // cut off by a server restart
};
std::string_view contactEndName(ContactEnd e);
std::optional<ContactEnd> contactEndFromName(std::string_view name);

// Why a contact was turned away or diverted.
enum class OverflowReason { kNone, kClosed, kBusy, kQueueFull, kLongWait, kNoAgents };
std::string_view overflowReasonName(OverflowReason r);
std::optional<OverflowReason> overflowReasonFromName(std::string_view name);

// Inbound contacts arrive and queue; outgoing ones are calls a professional makes (a
// callback to a task's number, or any number dialled on a line's behalf), held by that
// professional from the start and never queued or offered.
enum class ContactDirection { kInbound, kOutgoing };
std::string_view contactDirectionName(ContactDirection d);
std::optional<ContactDirection> contactDirectionFromName(std::string_view name);

struct Contact {
  std::string id;
  WorkRouting routing;
  Preference preference;
  std::string from_number;  // caller id; empty when hidden or not a phone contact
  ContactDirection direction = ContactDirection::kInbound;
  std::string to_number;         // outgoing: the number dialled
  std::string callback_task_id;  // outgoing: the callback task it is an attempt of, if any
  ContactEnd end = ContactEnd::kOpen;
  OverflowReason overflow = OverflowReason::kNone;
  std::optional<Timestamp> ended_at;
  std::string task_id;  // the callback task this contact led to, if any
  // The line it arrived on, once a professional has transferred it to another line's queue
  // (routing.line_id is the line it is in now); empty while it never left its first line.
  std::string arrival_line_id;
  // When a professional first accepted it. routing.accepted_at is the latest acceptance: it is
  // cleared when the contact goes back in line and set again by the next professional.
  std::optional<Timestamp> answered_at;
  std::int64_t version = 0;
  friend bool operator==(const Contact&, const Contact&) = default;
};
// The line a contact counts on in reports: the one it arrived on, however often it was
// transferred since.
inline const std::string& arrivalLine(const Contact& c) {
  return c.arrival_line_id.empty() ? c.routing.line_id : c.arrival_line_id;
}

enum class TaskReason {
  kBusy,
  kClosed,
  kQueueFull,
  kLongWait,
  kAbandoned,
  kRequested,       // the caller chose a callback
  kContactRequest,  // a contact-request form
  kManual,          // made by a professional
  kInterrupted,     // the call was cut off by a server restart
};
std::string_view taskReasonName(TaskReason r);
std::optional<TaskReason> taskReasonFromName(std::string_view name);
TaskReason taskReasonFor(OverflowReason r);

// kRejected: the citizen declined the call (603); kFailed: the network could not connect it.
enum class AttemptOutcome {
  kNoAnswer,
  kBusy,
  kReached,
  kWrongNumber,
  kVoicemail,
  kRejected,
  kFailed
};
std::string_view attemptOutcomeName(AttemptOutcome o);
std::optional<AttemptOutcome> attemptOutcomeFromName(std::string_view name);

struct Attempt {
  Timestamp at;
  std::string agent_id;
  AttemptOutcome outcome = AttemptOutcome::kNoAnswer;
  friend bool operator==(const Attempt&, const Attempt&) = default;
};

enum class TaskEnd { kOpen, kCompleted, kUnreachable };
std::string_view taskEndName(TaskEnd e);
std::optional<TaskEnd> taskEndFromName(std::string_view name);

struct Task {
  std::string id;
  WorkRouting routing;  // channel kCallback or kContactRequest
  std::string number;   // whom to call back; may be empty only for contact requests
  TaskReason reason = TaskReason::kManual;
  std::string first_contact_id;
  int contact_count = 1;  // contacts from this number to this line while the task was open
  Timestamp last_contact_at;
  std::string voice_message_ref;  // the latest voice message, if any
  // A contact request's own words: who asked (as they gave their name) and what about, each
  // further form to the open task appended. Personal data, like the number.
  std::string requester_name;
  std::string description;
  Timestamp due_at;
  Timestamp escalate_at;
  bool escalated = false;
  std::optional<Timestamp> next_attempt_at;  // set while parked
  std::vector<Attempt> attempts;
  TaskEnd end = TaskEnd::kOpen;
  std::string outcome;   // how it ended: the professional's outcome code, or the last attempt's
  std::string ended_by;  // the agent who ended it
  std::optional<Timestamp> ended_at;
  std::int64_t version = 0;
  friend bool operator==(const Task&, const Task&) = default;
};

// Recent handling times of a line, for wait estimates: an exponentially weighted average of
// (talk + wrap-up) over completed work, weight 1/16 per new sample, integer microseconds so
// replay and restore agree bit for bit.
struct LineStats {
  std::string line_id;
  std::int64_t completed = 0;
  std::int64_t average_handle_us = 0;
  friend bool operator==(const LineStats&, const LineStats&) = default;
};

}  // namespace luukku::core::routing
