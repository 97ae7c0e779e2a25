// ContactCenter: the live state of routing — agents' presence, contacts waiting or in
// progress, open callback tasks — and the decisions that change it.
//
// The shape is RegionState's. A decision is a const function that checks a request against
// the state, the configuration (RoutingConfig) and the time `now`, and returns the events to
// record, or an error; it never changes the state. apply() is the only way in, both for live
// commands and when the state is rebuilt from stored events. The engine runs, for each
// command: decision -> for each event: streamVersion(), apply() -> store; then route() and
// apply its events; and whenever nextDeadline() has passed, onTime() the same way.
//
// Time: `now` is passed in. Time never runs backwards inside the state: a `now` earlier than
// the latest applied event (a clock stepped back) is read as that event's time, and a clock
// that jumps ahead simply makes every deadline passed due at once, in order.
//
// Memory: only live aggregates are held — agents, contacts not yet ended, tasks not yet
// ended. An ending event carries the final record (the store keeps it; tasks are never
// deleted, and this class has no operation that deletes one). Commands on an item that has
// ended, or never existed, fail with kNotFound.
//
// Thread-safety: none; owned by the engine's thread (or a test or the simulator).
// Copying rebuilds the indexes (O(n log n)); moving is cheap.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/routing/center_index.h"
#include "core/routing/config.h"
#include "core/routing/ids.h"
#include "core/routing/model.h"
#include "core/routing/routing_events.h"
#include "core/status.h"

namespace luukku::core::routing {

using Events = std::vector<RoutingEvent>;

// A call, chat or video contact arriving on a line.
struct Arrival {
  std::string contact_id;  // telephony's or chat's own id; empty: one is taken from the IdSource
  std::string line_id;
  Channel channel = Channel::kPhone;  // kPhone, kChat or kVideo
  std::string from_number;            // caller id, normalised (core/phone_number.h); empty: hidden
  std::string language;               // the language the citizen chose; empty: any
  std::vector<std::string> skills;    // needed on top of the line's required skills
  std::string area;                   // the citizen's area, for area routing
  std::string preferred_agent;        // continuity: who served this customer last
  std::string preferred_team;
  bool wants_callback = false;  // the caller chose a callback before queueing
};

// An outgoing call a professional makes on a line's behalf: a callback to a task the
// professional holds, or any number (click-to-call).
struct OutgoingCall {
  std::string contact_id;  // empty: one is taken from the IdSource
  std::string line_id;
  std::string agent_id;
  std::string number;   // normalised (core/phone_number.h)
  std::string task_id;  // the callback task, which the agent must hold; empty: click-to-call
};

// A callback task made by hand or a contact request from a web form.
struct TaskRequest {
  std::string line_id;
  Channel channel = Channel::kCallback;  // kCallback or kContactRequest
  std::string number;                    // required for callbacks; normalised, as from_number
  std::string language;
  std::string voice_message_ref;
  TaskReason reason = TaskReason::kManual;
  std::string contact_id;  // the contact it came from, if any
  // A contact request's form: the name the citizen gave and what they want (at most
  // kMaxRequesterName and kMaxDescription characters).
  std::string requester_name;
  std::string description;
  static constexpr std::size_t kMaxRequesterName = 120;
  static constexpr std::size_t kMaxDescription = 2000;
};

// One waiting item as a queue view shows it.
struct WaitingItem {
  ItemRef item;
  int position = 0;  // 1: next in line on its service line
  // Expected time until an agent takes it; nullopt when nobody is signed in to the line.
  std::optional<std::chrono::seconds> estimated_wait;
  Timestamp created_at;
  bool escalated = false;
  friend bool operator==(const WaitingItem&, const WaitingItem&) = default;
};

struct QueueSnapshot {
  std::string line_id;
  std::vector<WaitingItem> waiting;  // in order; at most the `limit` asked for
  int waiting_total = 0;             // all waiting items of the line
  int offered = 0;                   // items being offered right now
  int parked = 0;                    // tasks waiting for their next attempt time
  int agents_signed_in = 0;
  int agents_ready = 0;
  std::chrono::seconds average_handle_time{0};
};

// Everything needed to restore the state without replaying events: the documents of the
// live aggregates.
struct RoutingSnapshot {
  std::vector<AgentPresence> agents;
  std::vector<Contact> contacts;
  std::vector<Task> tasks;
  std::vector<LineStats> line_stats;
};

class ContactCenter {
 public:
  ContactCenter() = default;
  ContactCenter(const ContactCenter& other);
  ContactCenter& operator=(const ContactCenter& other);
  ContactCenter(ContactCenter&&) noexcept = default;
  ContactCenter& operator=(ContactCenter&&) noexcept = default;

  // ---- Reading (borrowed pointers: valid until the next apply) ----------------------------
  const AgentPresence* findAgent(std::string_view id) const;
  const Contact* findContact(std::string_view id) const;
  const Task* findTask(std::string_view id) const;
  const WorkRouting* findItem(const ItemRef& ref) const;
  // The open task for callbacks to `number` on `line_id`.
  const Task* openTaskFor(std::string_view line_id, std::string_view number) const;
  // What an agent has been offered or holds.
  std::vector<ItemRef> heldBy(std::string_view agent_id) const;
  const LineStats* lineStats(std::string_view line_id) const;
  std::size_t agentCount() const { return agents_.size(); }
  std::size_t contactCount() const { return contacts_.size(); }
  std::size_t taskCount() const { return tasks_.size(); }
  // The latest event time applied; earlier `now`s are read as this.
  Timestamp clockFloor() const { return floor_; }

  // ---- Presence ---------------------------------------------------------------------------
  // `chosen` is kAvailable, kBreak or kOffline. Coming online copies the agent's profile from
  // the configuration. Any choice ends a running wrap-up; a pending offer is withdrawn unless
  // the choice is kAvailable. Going offline while holding accepted work is refused.
  Result<Events> setPresence(const RoutingConfig& config, std::string_view agent_id,
                             PresenceStatus chosen, std::string reason, Timestamp now) const;
  // After a configuration change: a new profile for an online agent whose profile differs.
  Result<Events> refreshProfile(const RoutingConfig& config, std::string_view agent_id,
                                Timestamp now) const;

  // ---- Contacts -----------------------------------------------------------------------------
  // A contact arrives: it queues, or by the line's callback policy becomes a callback task
  // (closed, busy, queue full, wait too long, or the caller asked), or is turned away.
  Result<Events> arrive(const RoutingConfig& config, const Arrival& arrival, Timestamp now,
                        IdSource& ids) const;
  // The caller hung up before an answer (waiting or being offered).
  Result<Events> abandon(const RoutingConfig& config, std::string_view contact_id, Timestamp now,
                         IdSource& ids) const;
  // The waiting caller chose to be called back instead: at `number` when given (a withheld
  // caller keys one in), else at the number they called from; `voice_message_ref` names a
  // message they leave for the task.
  Result<Events> requestCallback(const RoutingConfig& config, std::string_view contact_id,
                                 Timestamp now, IdSource& ids, std::string number = {},
                                 std::string voice_message_ref = {}) const;
  // A professional dials out: the outgoing contact is theirs from the start (they are busy
  // while it lasts) and ends by completeContact. The agent must be signed in; for a callback
  // the task must be open and held by them, and the number defaults to the task's.
  Result<Events> dialOut(const RoutingConfig& config, const OutgoingCall& call, Timestamp now,
                         IdSource& ids) const;
  // The agent finished an answered contact; wrap-up follows when it was the agent's last work.
  Result<Events> completeContact(const RoutingConfig& config, std::string_view agent_id,
                                 std::string_view contact_id, Timestamp now) const;

  // The agent hands an answered inbound contact back to `line_id`'s queue (a blind transfer;
  // the same line or another): it waits again with its original place, and is offered to
  // this agent again only as a last resort. The line must exist and be open.
  Result<Events> transferToQueue(const RoutingConfig& config, std::string_view agent_id,
                                 std::string_view contact_id, std::string_view line_id,
                                 Timestamp now) const;

  // The agent hands an answered chat to a colleague who has accepted it: the contact stays
  // active, now the colleague's (counted in their chat capacity), and leaves the agent's hands.
  // The colleague must be signed in, not the agent, and have room for a chat.
  Result<Events> handOver(const RoutingConfig& config, std::string_view agent_id,
                          std::string_view contact_id, std::string_view to_agent_id,
                          Timestamp now) const;

  // A colleague invited into an answered chat joins it (ContactGuestJoined): the chat counts
  // in their chat capacity too, and they are busy, until they leave, the chat ends or its
  // contact does. Joining is
  // the colleague's own choice, so it is not refused for want of room; routing offers them no
  // more chats until there is room again. The contact must be a chat held by someone else,
  // and the colleague signed in and not in it already.
  Result<Events> joinAsGuest(std::string_view contact_id, std::string_view agent_id,
                             Timestamp now) const;
  // The colleague leaves the chat (ContactGuestLeft); nothing when they are not in it.
  Events leaveAsGuest(std::string_view contact_id, std::string_view agent_id, Timestamp now) const;
  // The colleagues in the contact's chat beside its holder, in the order they joined.
  std::vector<std::string> guestsOf(std::string_view contact_id) const;
  // Whether one more item of `kind` fits the agent's capacity now, counting what they have
  // been offered, hold and joined. False for an agent not signed in.
  bool hasRoomFor(std::string_view agent_id, CapacityKind kind) const;

  // ---- Offers -------------------------------------------------------------------------------
  Result<Events> accept(const RoutingConfig& config, std::string_view agent_id, const ItemRef& item,
                        Timestamp now) const;
  Result<Events> decline(const RoutingConfig& config, std::string_view agent_id,
                         const ItemRef& item, Timestamp now) const;

  // ---- Tasks --------------------------------------------------------------------------------
  // A new task, or one more contact on the open task for the same number and line.
  Result<Events> createTask(const RoutingConfig& config, const TaskRequest& request, Timestamp now,
                            IdSource& ids) const;
  // Takes a waiting or parked task by hand. Exactly one of two agents claiming wins.
  Result<Events> claimTask(const RoutingConfig& config, std::string_view agent_id,
                           std::string_view task_id, Timestamp now) const;
  // Gives a held task back; it returns to its place in line.
  Result<Events> releaseTask(const RoutingConfig& config, std::string_view agent_id,
                             std::string_view task_id, Timestamp now) const;
  // An attempt to reach the citizen. Failed attempts park the task until the next attempt
  // time by the line's schedule, or end it as unreachable after the line's maximum.
  Result<Events> recordAttempt(const RoutingConfig& config, std::string_view agent_id,
                               std::string_view task_id, AttemptOutcome outcome,
                               Timestamp now) const;
  Result<Events> completeTask(const RoutingConfig& config, std::string_view agent_id,
                              std::string_view task_id, std::string outcome, Timestamp now) const;
  // A new due time and, optionally, no attempts before `not_before`. Only for tasks nobody
  // holds or is being offered.
  Result<Events> rescheduleTask(const RoutingConfig& config, std::string_view task_id,
                                Timestamp due_at, std::optional<Timestamp> not_before,
                                std::string by, Timestamp now) const;

  // ---- Routing and time ---------------------------------------------------------------------
  // Offers waiting work to ready agents, as many as can be made now: items in order of place
  // (band, then arrival minus the line's head start), each to its best eligible agent (tier,
  // then least loaded, then longest idle; only preferred agents while a preference lasts;
  // agents who declined it only as a last resort). One pending offer per agent. Items in
  // `held_back` are not offered now (the engine's cap on offers per item and minute).
  Events route(const RoutingConfig& config, Timestamp now,
               const std::set<ItemRef>& held_back = {}) const;

  // The earliest time something is due on its own: an offer's timeout, a wrap-up's end, a
  // preference's end, a parked task's next attempt, a task's escalation.
  std::optional<Timestamp> nextDeadline() const;
  // The events of deadlines due by `now`, in deadline order. It may stop before the last due
  // deadline when two touch the same agent or item; the engine applies the events and calls
  // again while nextDeadline() <= now (every call makes progress).
  Events onTime(const RoutingConfig& config, Timestamp now, IdSource& ids) const;

  // After a restart no live call or chat survives: waiting and offered contacts end as
  // interrupted and, when the number is known, become (or add to) callback tasks; answered
  // ones end as interrupted; offered and held tasks return to their place in line; agents go
  // offline ("server_restart") until their desktops reconnect.
  Result<Events> recoverAfterRestart(const RoutingConfig& config, Timestamp now,
                                     IdSource& ids) const;

  // ---- Queue views --------------------------------------------------------------------------
  // The line's waiting items in order (the first `limit` of them) and its counts. Costs
  // O(limit x log(groups)), so a view of a long callback queue can be paged cheaply.
  QueueSnapshot queue(const RoutingConfig& config, std::string_view line_id,
                      std::size_t limit = std::numeric_limits<std::size_t>::max()) const;
  // Position and estimated wait of one waiting item; nullopt when it is not waiting.
  std::optional<WaitingItem> waitingInfo(const RoutingConfig& config, const ItemRef& item) const;

  // ---- Events in ----------------------------------------------------------------------------
  // The version of the aggregate an event is about (0 when it does not exist yet); the event
  // becomes the next entry of its stream.
  std::int64_t streamVersion(const RoutingEvent& event) const;
  // Applies an event as the `stream_seq`-th event of its stream.
  void apply(const RoutingEvent& event, std::int64_t stream_seq);
  // A live contact's stream went on with an event routing does not decide (its log entry,
  // core/contact_log.h) as the `stream_seq`-th: the contact's next routing event follows it.
  // Nothing else about the contact changes. kNotFound when the contact is not live.
  Status continueContactStream(std::string_view contact_id, std::int64_t stream_seq);

  // ---- Restore without replay -----------------------------------------------------------------
  RoutingSnapshot snapshot() const;
  // Fails with kInternal when the documents contradict each other (duplicate ids, work held
  // by an unknown agent, ...).
  static Result<ContactCenter> restore(RoutingSnapshot snapshot);

  // ---- Iteration (for listings; `fn` returns false to stop) ------------------------------------
  // Open tasks with an id after `after` ("" for all), in id order.
  template <typename Fn>
  void forEachTaskAfter(std::string_view after, Fn fn) const {
    for (auto it = tasks_.upper_bound(after); it != tasks_.end(); ++it) {
      if (!fn(it->second.doc)) return;
    }
  }
  template <typename Fn>
  void forEachAgent(Fn fn) const {
    for (const auto& [id, agent] : agents_) {
      if (!fn(agent.doc)) return;
    }
  }

  // Equal aggregates (the clock floor and the indexes are not compared).
  friend bool operator==(const ContactCenter& a, const ContactCenter& b);

 private:
  using AgentEntry = detail::AgentEntry;
  using ContactEntry = detail::ContactEntry;
  using TaskEntry = detail::TaskEntry;

  // A view of one item, whichever its kind.
  struct ItemSlot {
    ItemKind kind;
    const std::string* id;
    WorkRouting* routing;
    detail::ItemMarks* marks;
    std::int64_t* version;
    Task* task;              // null for contacts
    Preference* preference;  // null for tasks
    Contact* contact;        // null for tasks
  };

  // center_apply.cc
  ItemSlot slotOf(const ItemRef& ref);
  AgentEntry& agentEntry(const std::string& id, Timestamp at);
  void indexItem(const ItemSlot& slot);
  void unindexItem(const ItemSlot& slot);
  static detail::QueueEntry queueEntryOf(const ItemSlot& slot);
  static std::vector<detail::Deadline> deadlinesOf(const ItemSlot& slot);
  void indexAgent(AgentEntry& agent);
  void unindexAgent(AgentEntry& agent);
  void attach(const std::string& agent_id, const ItemRef& ref, const WorkRouting& item,
              bool active);
  void detach(const std::string& agent_id, const ItemRef& ref, const WorkRouting& item);
  void attachGuest(ContactEntry& contact, const std::string& agent_id);
  void detachGuest(ContactEntry& contact, const std::string& agent_id);
  void removeContact(const std::string& id);
  void removeTask(const std::string& id);
  void recordHandling(const std::string& line_id, std::chrono::microseconds handled);
  detail::LineIndex& lineIndex(const std::string& line_id);
  void rebuildIndexes();
  template <typename Event>
  void applyOne(const Event& event, std::int64_t seq);

  // Shared pieces of decisions (center_presence.cc).
  Timestamp clamp(Timestamp now) const { return now < floor_ ? floor_ : now; }
  const AgentEntry* agentOf(std::string_view id) const;
  const ContactEntry* contactOf(std::string_view id) const;
  const TaskEntry* taskOf(std::string_view id) const;
  // The agent's presence once they hold `active_after` items and are a guest in
  // `guest_change` more (or fewer) chats than now: busy while either is above zero.
  std::optional<PresenceChanged> presenceAfter(const AgentEntry* agent, std::string_view agent_id,
                                               int active_after,
                                               std::optional<Timestamp> wrap_up_until,
                                               PresenceStatus chosen, std::string reason,
                                               Timestamp now, int guest_change = 0) const;
  // A guest's presence once they have left one chat they joined.
  std::optional<PresenceChanged> guestFreed(std::string_view agent_id, Timestamp now) const;
  struct TaskSpec {
    std::string line_id;
    Channel channel = Channel::kCallback;
    std::string number;
    std::string language;
    std::string voice_message_ref;
    TaskReason reason = TaskReason::kManual;
    std::string contact_id;
  };
  // What a contact-request form adds to its task.
  struct RequestForm {
    std::string requester_name;
    std::string description;
  };
  // Events recording a need for a callback; `made_here` remembers tasks created earlier in the
  // same decision (by line and number). Returns the task's id through `task_id`.
  void taskFor(const RoutingConfig& config, const TaskSpec& spec, Timestamp now, IdSource& ids,
               std::map<std::pair<std::string, std::string>, std::string>& made_here, Events& out,
               std::string& task_id, const RequestForm& form = {}) const;
  bool anyAgentFree(const WorkRouting& item) const;
  std::optional<std::chrono::seconds> estimateWait(const RoutingConfig& config,
                                                   const std::string& line_id, int position) const;

  std::map<std::string, AgentEntry, std::less<>> agents_;
  std::map<std::string, ContactEntry, std::less<>> contacts_;
  std::map<std::string, TaskEntry, std::less<>> tasks_;
  std::map<std::string, LineStats, std::less<>> line_stats_;
  Timestamp floor_{};

  // Indexes (derived).
  std::map<std::string, detail::LineIndex, std::less<>> lines_;
  std::map<detail::QueueEntry, detail::Group*> heads_;  // the first item of every group
  std::set<detail::Deadline> deadlines_;
  std::map<std::pair<std::string_view, std::string_view>, const std::string*> open_tasks_;
  int ready_agents_ = 0;
};

}  // namespace luukku::core::routing
