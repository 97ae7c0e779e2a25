// CallLedger: folds routing and call events into the reports' call and task records
// (core/reports/call_outcomes.h), remembering only what later events can still change.
//
// Each apply() records, in a Changes, every record it touched: a call's record as it was
// before the first change of the batch, and finish() adds it as it is now, so whoever keeps
// roll-ups can take the old record's contribution out and put the new one in. A call is remembered
// until it can no longer change (ended, and for a lost call also past the callback window); a task
// until it ends. restore() takes back what the store kept, so a projector resumes where it stopped
// and ends with the same records as one that never stopped.
//
// Times: routing events carry their own; call events are stamped by the store, so their
// recorded time is passed in.
//
// Thread-safety: not thread-safe; one owner.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/call_events.h"
#include "core/reports/call_outcomes.h"
#include "core/routing/routing_events.h"

namespace luukku::reports {

using core::reports::CallRecord;
using core::reports::TaskRecord;

struct CallChange {
  std::optional<CallRecord> before;  // none: new in this batch
  CallRecord after;
};
struct TaskChange {
  std::optional<TaskRecord> before;
  TaskRecord after;
};
struct SessionChange {
  std::optional<core::reports::PresenceSession> before;
  core::reports::PresenceSession after;
};

// What a batch of events changed, keyed by id; cleared by whoever writes it out.
struct Changes {
  std::map<std::string, CallChange> calls;
  std::map<std::string, TaskChange> tasks;
  std::map<std::string, SessionChange> sessions;
  std::map<std::string, std::vector<std::string>> agent_lines;  // agent -> their lines now
  bool empty() const {
    return calls.empty() && tasks.empty() && sessions.empty() && agent_lines.empty();
  }
};

class CallLedger {
 public:
  // Takes back the records a store kept: calls that may still change and the recent calls
  // (for repeat contacts), open tasks, open presence sessions and every agent's lines. Call
  // before the first apply().
  void restore(const std::vector<CallRecord>& calls, const std::vector<TaskRecord>& tasks,
               const std::vector<core::reports::PresenceSession>& open_sessions = {},
               const std::map<std::string, std::vector<std::string>>& agent_lines = {});

  void apply(const core::routing::RoutingEvent& event, Changes& changes);
  void apply(std::string_view call_id, const core::CallEvent& event, Timestamp recorded_at,
             Changes& changes);

  // Fills in each changed record as it is now: call once the batch's events are applied.
  // Sessions still open are seen until `now`.
  void finish(Timestamp now, Changes& changes);

  // Forgets records that can no longer change as of `now` (the log's latest time). It looks
  // only at records whose time may have come, not at all it holds: a projector calls it after
  // every batch, and a month of ten million calls keeps millions of records for 7 days.
  void forget(Timestamp now);

  // The records the ledger still holds (for tests and the memory figure).
  std::size_t callsHeld() const { return calls_.size(); }
  std::size_t tasksHeld() const { return tasks_.size(); }
  // How many times forget() has looked at a record, all told (for the test of the above).
  std::size_t examined() const { return examined_; }

  // The oldest arrival a restore() needs: calls that arrived since then (and any not ended).
  static Timestamp restoreSince(Timestamp now);

 private:
  using LineNumber = std::pair<std::string, std::string>;

  CallRecord* touchCall(const std::string& id, Changes& changes);
  TaskRecord* touchTask(const std::string& id, Changes& changes);
  void absorbContact(const core::routing::Contact& contact, Changes& changes);
  void linkToTask(const std::string& call_id, const std::string& task_id, Changes& changes);
  void reached(const TaskRecord& task, Timestamp at, Changes& changes);
  void index(const CallRecord& call);
  void noteArrival(CallRecord& call);
  void startSession(const std::string& agent_id, Timestamp at, Changes& changes);
  void endSession(const std::string& agent_id, Timestamp at, Changes& changes);
  void changeLines(const std::string& agent_id, std::vector<std::string> lines, Timestamp at,
                   Changes& changes);

  std::unordered_map<std::string, CallRecord> calls_;
  std::unordered_map<std::string, TaskRecord> tasks_;
  // Sessions by id: the open ones, and ended ones until finish() has written them out.
  std::map<std::string, core::reports::PresenceSession> sessions_;
  std::map<std::string, std::string> open_session_of_;  // agent -> session id
  // Each agent's service lines as the log last named them (presence.profile_changed), sorted.
  std::map<std::string, std::vector<std::string>> lines_of_;
  // Inbound calls not answered, by line and number and by task: a reaching attempt finds them.
  std::map<LineNumber, std::set<std::string>> unanswered_by_number_;
  std::map<std::string, std::set<std::string>> unanswered_by_task_;
  // The latest arrival from each number on each line, for repeat contacts.
  std::map<LineNumber, Timestamp> last_arrival_;
  // When forget() is to look at a record again: a call or a task once it may have settled, a
  // number's latest arrival once it leaves the repeat window. An entry may be out of date
  // (the record changed or went); forget() checks it against the record.
  std::multimap<Timestamp, std::string> call_checks_;
  std::multimap<Timestamp, std::string> task_checks_;
  std::multimap<Timestamp, LineNumber> arrival_checks_;
  std::size_t examined_ = 0;
};

}  // namespace luukku::reports
