// ReportStore: the reports' roll-ups, kept from the event log. On PostgreSQL they are tables
// of the log's database (the schema in store/migrations.cc); on SQLite a database file of their
// own beside the log's, `<log file>.reports` (sqliteRollUpPath), made and migrated when first
// opened: SQLite lets one connection of a file write at a time, and sharing the log's file
// held the engine's appends up while the roll-ups were written. Being derived, the file can be
// removed at any time; the roll-ups are then rebuilt from the log.
//
//   report_projection  the global_seq of the last event the roll-ups include
//   report_counters    counters per Helsinki day, hour (-1: the whole day), line, agent, metric
//   report_calls       one row per call with its outcome and times (the drill-down; and what a
//                      projector that resumes needs back)
//   report_tasks       one row per callback task
//   report_presence    one row per time an agent was signed in, with the agent's lines
//   report_agent_lines each agent's service lines as the log last named them (so that a
//                      projector that resumes knows them for the agent's next sign-in)
//
// applyProjection() writes one batch of the projector's work and moves the projected seq in
// one transaction, only if the seq is still where the projector found it: two projectors
// never both count the same events, and a crash loses nothing (the next run redoes the batch).
// The counters are moved by deltas, so they need no read before the write.
//
// Thread-safety: one connection; not thread-safe. Open one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reports/call_outcomes.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::store {

struct CounterRow {
  std::string day;  // "2025-03-14"
  int hour = -1;
  std::string line_id;
  std::string agent_id;
  std::string metric;
  std::int64_t value = 0;
  friend bool operator==(const CounterRow&, const CounterRow&) = default;
};

// The service lines an agent is a member of (sorted).
struct AgentLines {
  std::string agent_id;
  std::vector<std::string> lines;
  friend bool operator==(const AgentLines&, const AgentLines&) = default;
};

// Where the roll-ups stand: the global_seq of the last event they include (0: none), that
// event's recorded_at (so that a projector can tell the log it meets is the one they were
// folded from), and the version of the fold that made them (reports/projector.h).
struct Projection {
  std::int64_t seq = 0;
  Timestamp last_recorded_at;
  int fold_version = 0;
  friend bool operator==(const Projection&, const Projection&) = default;
};

struct ProjectionBatch {
  std::int64_t from_seq = 0;                     // the projected seq the batch continues from
  Projection to;                                 // where the roll-ups stand after it
  std::vector<core::reports::CallRecord> calls;  // upserted by id
  std::vector<core::reports::TaskRecord> tasks;  // upserted by id
  std::vector<core::reports::PresenceSession> sessions;  // upserted by id
  std::vector<AgentLines> agent_lines;                   // upserted by agent
  std::vector<CounterRow> deltas;                        // added to the counters
};

// Which counters to sum: days [from_day, to_day] (inclusive, "YYYY-MM-DD"), optionally one
// line and one agent. `by_agent` false reads the line counters (agent ""), true the agents'.
struct CounterQuery {
  std::string from_day;
  std::string to_day;
  std::optional<std::string> line_id;
  bool by_agent = false;
  std::optional<std::string> agent_id;
  std::vector<std::string> metrics;  // only these; all when empty
  bool sum_hours = false;            // one row per day: hours summed, reported as hour -1
  std::string metric_prefix;         // only metrics that begin with this (ASCII); all when empty
};

// Which calls to list: arrived in [from, to), optionally one line, outcome and agent.
struct CallQuery {
  Timestamp from;
  Timestamp to;
  std::optional<std::string> line_id;
  std::optional<std::string> outcome;  // core::reports::callOutcomeName
  std::optional<std::string> agent_id;
  std::size_t limit = 1000;
  std::size_t offset = 0;
};

// A number's calls, newest first: those that arrived before `before` (or at the same time with a
// smaller id than `before_id`), for paging by the last one a page showed.
struct NumberCallsQuery {
  std::string number;
  std::optional<Timestamp> before;  // none: from the newest
  std::string before_id;
  std::size_t limit = 20;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  ReportStore(const ReportStore&) = delete;
  ReportStore& operator=(const ReportStore&) = delete;

  virtual Result<Projection> projection() = 0;
  // Fails with kConflict, writing nothing, when the projected seq is not batch.from_seq.
  virtual Status applyProjection(const ProjectionBatch& batch) = 0;
  // Empties the roll-ups, for a rebuild by `fold_version`: seq 0, no events yet.
  virtual Status clearProjection(int fold_version) = 0;

  // What a projector resumes with: calls not ended or arrived at or after `since`, and tasks
  // open or ended at or after it.
  virtual Result<std::vector<core::reports::CallRecord>> loadCallsForResume(Timestamp since) = 0;
  virtual Result<std::vector<core::reports::TaskRecord>> loadTasksForResume(Timestamp since) = 0;
  // Presence sessions not ended.
  virtual Result<std::vector<core::reports::PresenceSession>> loadOpenSessions() = 0;
  // Every agent's lines, by agent.
  virtual Result<std::vector<AgentLines>> loadAgentLines() = 0;

  // Counters summed over the query's days, one row per (day, hour, line, agent, metric).
  virtual Result<std::vector<CounterRow>> counters(const CounterQuery& query) = 0;
  // Calls in arrival order.
  virtual Result<std::vector<core::reports::CallRecord>> calls(const CallQuery& query) = 0;
  // A number's calls on any line, newest first (the customer card's earlier contacts).
  virtual Result<std::vector<core::reports::CallRecord>> callsOfNumber(
      const NumberCallsQuery& query) = 0;
  // Tasks created in [from, to), optionally on one line, in creation order.
  virtual Result<std::vector<core::reports::TaskRecord>> tasks(
      Timestamp from, Timestamp to, const std::optional<std::string>& line_id) = 0;

 protected:
  ReportStore() = default;
};

using ReportStorePtr = std::unique_ptr<ReportStore>;

// Opens a connection to the roll-ups of the store at `url` (as openStore()); the store must be
// migrated.
Result<ReportStorePtr> openReportStore(std::string_view url);

// Where the roll-ups of the SQLite log at `log_path` live.
std::string sqliteRollUpPath(const std::string& log_path);

}  // namespace luukku::store
