// Engine commands for routing: presence, contacts (calls, chats, video), offers and callback
// tasks, plus read-only queries that see the live routing state. Each names the Reply it
// completes with once its events (and those of the routing they triggered) are durable.
//
// Acting agents are named by id; the API checks who may act as whom, and names who gave the
// command in `actor` (recorded with every event the command writes; the system when empty).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/call_events.h"
#include "core/contact_log.h"
#include "core/routing/contact_center.h"

namespace luukku::engine {

namespace routing = core::routing;

struct SetPresence {
  std::string agent_id;
  routing::PresenceStatus status = routing::PresenceStatus::kAvailable;  // available/break/offline
  std::string reason;
  core::Actor actor;
  using Reply = routing::AgentPresence;
};

// What became of an arriving contact.
struct ArrivalOutcome {
  routing::Contact contact;                     // as it is after routing (maybe offered already)
  std::optional<routing::WaitingItem> waiting;  // position and estimated wait while waiting
  std::optional<routing::Task> task;            // the callback task it became or added to
};

struct ArriveContact {
  routing::Arrival arrival;
  core::Actor actor;
  using Reply = ArrivalOutcome;
};

// A contact that ended as a command asked (abandoned, turned into a callback, completed), with
// the task it led to, if any.
struct ContactOutcome {
  routing::Contact contact;
  std::optional<routing::Task> task;
};

struct AbandonContact {
  std::string contact_id;
  core::Actor actor;
  using Reply = ContactOutcome;
};
struct RequestCallback {
  std::string contact_id;
  std::string number;             // empty: the number the contact came from
  std::string voice_message_ref;  // a message the caller left for the task, if any
  core::Actor actor;
  using Reply = ContactOutcome;
};
struct CompleteContact {
  std::string agent_id;
  std::string contact_id;
  core::Actor actor;
  using Reply = ContactOutcome;
};

// A blind transfer back into a queue: the agent hands the answered call `contact_id` to
// `line_id` (ContactCenter::transferToQueue) and the call's stream records `event` in the
// same step. The reply says where it waits (perhaps already offered again).
struct TransferToQueue {
  std::string agent_id;
  std::string contact_id;
  std::string line_id;
  core::CallTransferred event;
  core::Actor actor;
  using Reply = ArrivalOutcome;
};

// A contact or a task, whichever an item reference names.
struct WorkItem {
  std::optional<routing::Contact> contact;
  std::optional<routing::Task> task;
};

struct AcceptOffer {
  std::string agent_id;
  routing::ItemRef item;
  core::Actor actor;
  using Reply = WorkItem;
};
struct DeclineOffer {
  std::string agent_id;
  routing::ItemRef item;
  core::Actor actor;
  using Reply = WorkItem;
};

struct CreateTask {
  routing::TaskRequest request;
  core::Actor actor;
  using Reply = routing::Task;
};
struct ClaimTask {
  std::string agent_id;
  std::string task_id;
  core::Actor actor;
  using Reply = routing::Task;
};
struct ReleaseTask {
  std::string agent_id;
  std::string task_id;
  core::Actor actor;
  using Reply = routing::Task;
};
struct RecordAttempt {
  std::string agent_id;
  std::string task_id;
  routing::AttemptOutcome outcome = routing::AttemptOutcome::kNoAnswer;
  core::Actor actor;
  using Reply = routing::Task;
};
struct CompleteTask {
  std::string agent_id;
  std::string task_id;
  std::string outcome;
  core::Actor actor;
  using Reply = routing::Task;
};
struct RescheduleTask {
  std::string task_id;
  Timestamp due_at;
  std::optional<Timestamp> not_before;
  std::string by;
  core::Actor actor;
  using Reply = routing::Task;
};

// Telephony's word on an agent's phone. Unreachable (a call to it failed for a technical
// reason: 503, 480, 408, no route): the agent is set not ready (break, "phone_unreachable") and
// a pending offer withdrawn, so the item keeps its place and goes to the next agent — a
// technical failure is not a human decline. Reachable (it registered again): an agent not
// ready for that reason becomes available; any other presence is left as the agent chose it.
struct SetPhoneReachable {
  std::string agent_id;
  bool reachable = false;
  using Reply = routing::AgentPresence;
};

// Telephony's word that an agent's phone is taken by a call routing did not give them — they
// are being consulted, or were handed a caller by a colleague — (engaged), or free again. While
// engaged an agent who had chosen to be available is set not ready (break, "on_call"), so no
// offer rings a phone that is talking; once free, an agent not ready for that reason is
// available again. Any other presence is left as the agent chose it.
struct SetPhoneEngaged {
  std::string agent_id;
  bool engaged = false;
  using Reply = routing::AgentPresence;
};

// A telephone call Luukku answered: the engine names it (a "c-" id from the log, the call's and
// its contact's), records CallArrived as the first event of its stream "call/<id>" and, with
// `arrival`, lets the contact arrive under that id in the same step, as ArriveContact does
// (the caller leaves arrival.contact_id empty). Without it (a closed line's menu) the contact
// arrives later by ArriveContact, which accepts the started call's id until it has arrived.
struct CallStarted {
  std::string contact_id;
  std::optional<ArrivalOutcome> arrival;  // when StartCall::arrival was given
};
struct StartCall {
  core::CallArrived arrived;
  std::optional<routing::Arrival> arrival;
  core::Actor actor;
  using Reply = CallStarted;
};

// A professional's outgoing call — a callback to a task they hold, or any number on a line's
// behalf: the engine names it as StartCall does, and in one step records CallDialled as the
// first event of "call/<id>" and the outgoing contact (held by the agent, who is busy while
// it lasts). It ends like a started call (RecordCallEvent with CallEnded) and its contact by
// CompleteContact. The reply is the contact (its number resolved from the task).
struct DialOut {
  routing::OutgoingCall call;  // contact_id empty: the engine names it
  std::string caller_id;       // the number the citizen sees
  core::Actor actor;
  using Reply = routing::Contact;
};

// An event in a started call's own stream, after those recorded before it: what the
// switchboard did beside routing's contact events (announcements, ringing, answer, voice
// message, who hung up). The engine numbers the stream. CallArrived comes only from StartCall
// and CallDialled from DialOut;
// CallEnded closes the call, and a call that has not started or has ended is kNotFound.
struct RecordCallEvent {
  std::string contact_id;
  core::CallEvent event;
  using Reply = std::int64_t;  // the event's global sequence
};

// Runs what is due by the clock now: offer timeouts, wrap-up ends, retries, escalations.
// The engine's own timer sends it; tests send it after moving a manual clock.
struct RunDueWork {
  using Reply = int;  // events recorded
};

// Run once by the engine at start: calls and chats cut off by the restart end as interrupted
// and become callbacks, and each started call's stream ends (CallEnded by "luukku",
// "server_restart"); agents are offline until their desktops reconnect.
struct RecoverAfterRestart {
  using Reply = int;  // events recorded
};

// A contact as the store last recorded it, for a contact the engine no longer holds: its
// final record (the "contact" document) and how far its stream goes in the log.
struct StoredContact {
  routing::Contact contact;
  std::int64_t stream_version = 0;
};

// Logs a contact from the customer card (core/contact_log.h): "contact.logged" in the
// contact's stream and its "contact_log" document, the contact's latest entry. The reason must
// be one of the region's. An agent logs only a contact they hold or held last (kPermissionDenied
// otherwise); supervisors and admins (`any_contact`) log any. A live contact, or one that ended
// in this process, is known to the engine; an older one needs `stored`, which the caller reads
// from the store first (kNotFound without it).
struct LogContact {
  std::string contact_id;
  std::string agent_id;  // who logs it; may be empty only with any_contact
  bool any_contact = false;
  core::ContactLog log;
  std::optional<StoredContact> stored;
  core::Actor actor;
  using Reply = core::ContactLogEntry;
};

// ---- queries (no events) ---------------------------------------------------------------------

struct QueueQuery {
  std::string line_id;
  std::size_t limit = 50;
  using Reply = routing::QueueSnapshot;
};
// Agents' presence: everyone's, or only a team's members and a line's agents (colleagues to
// consult or transfer to), by the region's configuration so an agent's profile copied at
// sign-in does not hide a later change. Agents who have never signed in have no presence.
struct PresenceQuery {
  std::string team;     // empty: any team
  std::string line_id;  // empty: any line
  using Reply = std::vector<routing::AgentPresence>;
};
// An open task, or kNotFound (ended tasks are read from the store).
struct TaskQuery {
  std::string task_id;
  using Reply = routing::Task;
};
// Open tasks in creation order, after the id `after`, optionally of one line.
struct TaskListQuery {
  std::string line_id;
  std::string after;
  std::size_t limit = 100;
  using Reply = std::vector<routing::Task>;
};
// What an agent has been offered or holds.
struct AgentWorkQuery {
  std::string agent_id;
  using Reply = std::vector<WorkItem>;
};

}  // namespace luukku::engine
