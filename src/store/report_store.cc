// ReportStore, written once over a small SQL link that each backend provides: the schema
// (store/migrations.cc) and every statement are the same text on SQLite and PostgreSQL, with `?`
// placeholders that the PostgreSQL link numbers. Values travel as text (an integer's decimal
// digits), results come back as text cells, NULL as none.
#include "store/report_store.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <iterator>
#include <map>
#include <set>

#include "store/event_store.h"
#include "store/report_links.h"

namespace luukku::store {
namespace {

using core::reports::CallDirection;
using core::reports::CallRecord;
using core::reports::TaskRecord;
using report_sql::Cell;
using report_sql::Link;
using report_sql::Row;

constexpr const char* kCallColumns =
    "id, line_id, direction, number, agent_id, task_id, arrived_at, answered_at, ended_at, "
    "reached_at, wrap_up_us, end_state, voice_message, is_repeat, outcome";
constexpr const char* kTaskColumns =
    "id, line_id, number, reason, created_at, due_at, first_attempt_at, reached_at, attempts, "
    "contacts, end_state, ended_at, ended_by";

Cell text(std::string_view v) {
  return std::string(v);
}
Cell number(std::int64_t v) {
  return std::to_string(v);
}
Cell time(Timestamp t) {
  return number(toMicros(t));
}
Cell optionalTime(const std::optional<Timestamp>& t) {
  return t ? time(*t) : Cell();
}

std::int64_t integer(const Cell& c) {
  std::int64_t v = 0;
  if (c) std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}
std::string str(const Cell& c) {
  return c.value_or("");
}
std::optional<Timestamp> maybeTime(const Cell& c) {
  if (!c) return std::nullopt;
  return fromMicros(integer(c));
}

std::vector<Cell> callCells(const CallRecord& c) {
  return {text(c.id),
          text(c.line_id),
          text(core::reports::callDirectionName(c.direction)),
          text(c.number),
          text(c.agent_id),
          text(c.task_id),
          time(c.arrived_at),
          optionalTime(c.answered_at),
          optionalTime(c.ended_at),
          optionalTime(c.reached_at),
          number(c.wrap_up.count()),
          text(c.end),
          number(c.voice_message ? 1 : 0),
          number(c.repeat ? 1 : 0),
          text(core::reports::callOutcomeName(core::reports::outcomeOf(c)))};
}

CallRecord readCall(const Row& r) {
  CallRecord c;
  c.id = str(r[0]);
  c.line_id = str(r[1]);
  c.direction = core::reports::callDirectionFromName(str(r[2])).value_or(CallDirection::kInbound);
  c.number = str(r[3]);
  c.agent_id = str(r[4]);
  c.task_id = str(r[5]);
  c.arrived_at = fromMicros(integer(r[6]));
  c.answered_at = maybeTime(r[7]);
  c.ended_at = maybeTime(r[8]);
  c.reached_at = maybeTime(r[9]);
  c.wrap_up = std::chrono::microseconds(integer(r[10]));
  c.end = str(r[11]);
  c.voice_message = integer(r[12]) != 0;
  c.repeat = integer(r[13]) != 0;
  return c;
}

std::vector<Cell> taskCells(const TaskRecord& t) {
  return {text(t.id),
          text(t.line_id),
          text(t.number),
          text(t.reason),
          time(t.created_at),
          time(t.due_at),
          optionalTime(t.first_attempt_at),
          optionalTime(t.reached_at),
          number(t.attempts),
          number(t.contacts),
          text(t.end),
          optionalTime(t.ended_at),
          text(t.ended_by)};
}

TaskRecord readTask(const Row& r) {
  TaskRecord t;
  t.id = str(r[0]);
  t.line_id = str(r[1]);
  t.number = str(r[2]);
  t.reason = str(r[3]);
  t.created_at = fromMicros(integer(r[4]));
  t.due_at = fromMicros(integer(r[5]));
  t.first_attempt_at = maybeTime(r[6]);
  t.reached_at = maybeTime(r[7]);
  t.attempts = static_cast<int>(integer(r[8]));
  t.contacts = static_cast<int>(integer(r[9]));
  t.end = str(r[10]);
  t.ended_at = maybeTime(r[11]);
  t.ended_by = str(r[12]);
  return t;
}

// An upsert of `rows` rows: "INSERT INTO t (cols) VALUES (?, ...), (?, ...) ON CONFLICT (key)
// DO UPDATE SET <update>", where update "" means every column but the key takes the new value.
std::string upsert(const char* table, std::string_view columns, std::string_view key,
                   std::size_t rows, std::string update = "") {
  std::vector<std::string> names;
  for (std::size_t start = 0; start < columns.size();) {
    std::size_t comma = columns.find(',', start);
    if (comma == std::string_view::npos) comma = columns.size();
    std::string_view column = columns.substr(start, comma - start);
    while (column.starts_with(' ')) column.remove_prefix(1);
    names.emplace_back(column);
    start = comma + 1;
  }
  std::string row = "(";
  for (std::size_t i = 0; i < names.size(); ++i) row += i == 0 ? "?" : ", ?";
  row += ")";
  if (update.empty()) {
    for (const std::string& name : names) {
      if (key.find(name) != std::string_view::npos) continue;
      if (!update.empty()) update += ", ";
      update += name + " = excluded." + name;
    }
  }
  std::string sql = std::string("INSERT INTO ") + table + " (" + std::string(columns) + ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += r == 0 ? row : ", " + row;
  return sql + " ON CONFLICT (" + std::string(key) + ") DO UPDATE SET " + update;
}

// Line ids are slugs (core/region.h), so a space separates them.
std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : " ") + line;
  return out;
}
std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from < text.size();) {
    std::size_t to = std::min(text.find(' ', from), text.size());
    if (to > from) out.push_back(text.substr(from, to - from));
    from = to + 1;
  }
  return out;
}

constexpr const char* kSessionColumns = "id, agent_id, started_at, ended_at, seen_until, lines";

std::vector<Cell> sessionCells(const core::reports::PresenceSession& p) {
  return {text(p.id),         text(p.agent_id),  time(p.started_at), optionalTime(p.ended_at),
          time(p.seen_until), joinLines(p.lines)};
}

core::reports::PresenceSession readSession(const Row& r) {
  return {str(r[0]),
          str(r[1]),
          fromMicros(integer(r[2])),
          maybeTime(r[3]),
          fromMicros(integer(r[4])),
          splitLines(str(r[5]))};
}

constexpr const char* kAgentLinesColumns = "agent_id, lines";

std::vector<Cell> agentLinesCells(const AgentLines& a) {
  return {text(a.agent_id), joinLines(a.lines)};
}

AgentLines readAgentLines(const Row& r) {
  return {str(r[0]), splitLines(str(r[1]))};
}

constexpr const char* kCounterColumns = "day, hour, line_id, agent_id, metric, value";
constexpr const char* kCounterKey = "day, line_id, agent_id, hour, metric";

std::vector<Cell> counterCells(const CounterRow& d) {
  return {text(d.day),      number(d.hour), text(d.line_id),
          text(d.agent_id), text(d.metric), number(d.value)};
}

// At most this many parameters in one statement (SQLite's oldest limit is 999).
constexpr std::size_t kMaxParams = 990;

template <typename T>
Result<std::vector<T>> readAll(Result<std::vector<Row>> rows, T (*read)(const Row&)) {
  RETURN_IF_ERROR(rows.status());
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(read(r));
  return out;
}

class SqlReportStore final : public ReportStore {
 public:
  explicit SqlReportStore(std::unique_ptr<Link> link) : link_(std::move(link)) {}

  Result<Projection> projection() override {
    ASSIGN_OR_RETURN(auto rows, link_->query("SELECT last_seq, last_recorded_at, fold_version "
                                             "FROM report_projection WHERE id = 1",
                                             {}, "reading where the roll-ups stand"));
    if (rows.empty()) return internalError("report_projection has no row: is the store migrated?");
    return Projection{integer(rows[0][0]), fromMicros(integer(rows[0][1])),
                      static_cast<int>(integer(rows[0][2]))};
  }

  Status applyProjection(const ProjectionBatch& batch) override {
    return link_->transaction("writing report roll-ups", [&]() -> Status {
      ASSIGN_OR_RETURN(auto moved,
                       link_->execute("UPDATE report_projection SET last_seq = ?, "
                                      "last_recorded_at = ?, fold_version = ? "
                                      "WHERE id = 1 AND last_seq = ?",
                                      {number(batch.to.seq), time(batch.to.last_recorded_at),
                                       number(batch.to.fold_version), number(batch.from_seq)},
                                      "moving the projected seq"));
      if (moved != 1) {
        return conflict("the roll-ups moved on from seq " + std::to_string(batch.from_seq) +
                        " (another projector?)");
      }
      RETURN_IF_ERROR(upsertAll("report_calls", kCallColumns, "id", batch.calls, callCells));
      RETURN_IF_ERROR(upsertAll("report_tasks", kTaskColumns, "id", batch.tasks, taskCells));
      RETURN_IF_ERROR(
          upsertAll("report_presence", kSessionColumns, "id", batch.sessions, sessionCells));
      RETURN_IF_ERROR(upsertAll("report_agent_lines", kAgentLinesColumns, "agent_id",
                                batch.agent_lines, agentLinesCells));
      RETURN_IF_ERROR(upsertAll("report_counters", kCounterColumns, kCounterKey, batch.deltas,
                                counterCells, "value = report_counters.value + excluded.value"));
      // Counters back at zero go, so that roll-ups kept up and rebuilt hold the same rows. Only
      // a negative delta brings one there, and only on the days it touched.
      std::set<std::string> days;
      for (const CounterRow& d : batch.deltas) {
        if (d.value < 0) days.insert(d.day);
      }
      for (const std::string& day : days) {
        RETURN_IF_ERROR(link_
                            ->execute("DELETE FROM report_counters WHERE day = ? AND value = 0",
                                      {text(day)}, "dropping counters at zero")
                            .status());
      }
      return Status::ok();
    });
  }

  Status clearProjection(int fold_version) override {
    return link_->transaction("clearing report roll-ups", [&]() -> Status {
      for (const char* sql :
           {"DELETE FROM report_counters", "DELETE FROM report_calls", "DELETE FROM report_tasks",
            "DELETE FROM report_presence", "DELETE FROM report_agent_lines"}) {
        RETURN_IF_ERROR(link_->execute(sql, {}, "clearing report roll-ups").status());
      }
      return link_
          ->execute(
              "UPDATE report_projection SET last_seq = 0, last_recorded_at = 0, "
              "fold_version = ? WHERE id = 1",
              {number(fold_version)}, "clearing report roll-ups")
          .status();
    });
  }

  Result<std::vector<CallRecord>> loadCallsForResume(Timestamp since) override {
    return readAll<CallRecord>(
        link_->query(std::string("SELECT ") + kCallColumns +
                         " FROM report_calls WHERE arrived_at >= ? OR ended_at IS NULL",
                     {time(since)}, "reading calls to resume"),
        readCall);
  }

  Result<std::vector<TaskRecord>> loadTasksForResume(Timestamp since) override {
    return readAll<TaskRecord>(
        link_->query(std::string("SELECT ") + kTaskColumns +
                         " FROM report_tasks WHERE ended_at IS NULL OR ended_at >= ?",
                     {time(since)}, "reading tasks to resume"),
        readTask);
  }

  Result<std::vector<AgentLines>> loadAgentLines() override {
    return readAll<AgentLines>(link_->query(std::string("SELECT ") + kAgentLinesColumns +
                                                " FROM report_agent_lines ORDER BY agent_id",
                                            {}, "reading agents' lines"),
                               readAgentLines);
  }

  Result<std::vector<core::reports::PresenceSession>> loadOpenSessions() override {
    return readAll<core::reports::PresenceSession>(
        link_->query(std::string("SELECT ") + kSessionColumns +
                         " FROM report_presence WHERE ended_at IS NULL ORDER BY id",
                     {}, "reading open presence sessions"),
        readSession);
  }

  Result<std::vector<CounterRow>> counters(const CounterQuery& q) override {
    std::string sql = std::string("SELECT day, ") + (q.sum_hours ? "-1" : "hour") +
                      ", line_id, agent_id, metric, SUM(value) FROM report_counters "
                      "WHERE day >= ? AND day <= ?";
    std::vector<Cell> args = {text(q.from_day), text(q.to_day)};
    sql += q.by_agent ? " AND agent_id <> ''" : " AND agent_id = ''";
    if (q.line_id) {
      sql += " AND line_id = ?";
      args.push_back(text(*q.line_id));
    }
    if (q.agent_id) {
      sql += " AND agent_id = ?";
      args.push_back(text(*q.agent_id));
    }
    if (!q.metrics.empty()) {
      sql += " AND metric IN (";
      for (std::size_t i = 0; i < q.metrics.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
        args.push_back(text(q.metrics[i]));
      }
      sql += ")";
    }
    if (!q.metric_prefix.empty()) {
      sql += " AND substr(metric, 1, " + std::to_string(q.metric_prefix.size()) + ") = ?";
      args.push_back(text(q.metric_prefix));
    }
    sql += q.sum_hours ? " GROUP BY day, line_id, agent_id, metric ORDER BY day, line_id, "
                         "agent_id, metric"
                       : " GROUP BY day, hour, line_id, agent_id, metric ORDER BY day, hour, "
                         "line_id, agent_id, metric";
    ASSIGN_OR_RETURN(auto rows, link_->query(sql, args, "reading report counters"));
    std::vector<CounterRow> out;
    out.reserve(rows.size());
    for (const Row& r : rows) {
      out.push_back({str(r[0]), static_cast<int>(integer(r[1])), str(r[2]), str(r[3]), str(r[4]),
                     integer(r[5])});
    }
    return out;
  }

  Result<std::vector<CallRecord>> calls(const CallQuery& q) override {
    std::string sql = std::string("SELECT ") + kCallColumns +
                      " FROM report_calls WHERE arrived_at >= ? AND arrived_at < ?";
    std::vector<Cell> args = {time(q.from), time(q.to)};
    if (q.line_id) {
      sql += " AND line_id = ?";
      args.push_back(text(*q.line_id));
    }
    if (q.outcome) {
      sql += " AND outcome = ?";
      args.push_back(text(*q.outcome));
    }
    if (q.agent_id) {
      sql += " AND agent_id = ?";
      args.push_back(text(*q.agent_id));
    }
    sql += " ORDER BY arrived_at, id LIMIT " + std::to_string(q.limit) + " OFFSET " +
           std::to_string(q.offset);
    return readAll<CallRecord>(link_->query(sql, args, "reading calls"), readCall);
  }

  Result<std::vector<CallRecord>> callsOfNumber(const NumberCallsQuery& q) override {
    std::string sql = std::string("SELECT ") + kCallColumns + " FROM report_calls WHERE number = ?";
    std::vector<Cell> args = {text(q.number)};
    if (q.before) {
      sql += " AND (arrived_at < ? OR (arrived_at = ? AND id < ?))";
      args.push_back(time(*q.before));
      args.push_back(time(*q.before));
      args.push_back(text(q.before_id));
    }
    sql += " ORDER BY arrived_at DESC, id DESC LIMIT " + std::to_string(q.limit);
    return readAll<CallRecord>(link_->query(sql, args, "reading a number's calls"), readCall);
  }

  Result<std::vector<TaskRecord>> tasks(Timestamp from, Timestamp to,
                                        const std::optional<std::string>& line_id) override {
    std::string sql = std::string("SELECT ") + kTaskColumns +
                      " FROM report_tasks WHERE created_at >= ? AND created_at < ?";
    std::vector<Cell> args = {time(from), time(to)};
    if (line_id) {
      sql += " AND line_id = ?";
      args.push_back(text(*line_id));
    }
    sql += " ORDER BY created_at, id";
    return readAll<TaskRecord>(link_->query(sql, args, "reading tasks"), readTask);
  }

 private:
  // Upserts `rows` in statements of as many rows as the parameter limit allows.
  template <typename Row>
  Status upsertAll(const char* table, std::string_view columns, std::string_view key,
                   const std::vector<Row>& rows, std::vector<Cell> (*cells)(const Row&),
                   const std::string& update = "") {
    if (rows.empty()) return Status::ok();
    const std::size_t width = cells(rows.front()).size();
    const std::size_t per_statement = std::max<std::size_t>(1, kMaxParams / width);
    for (std::size_t start = 0; start < rows.size(); start += per_statement) {
      const std::size_t n = std::min(per_statement, rows.size() - start);
      std::vector<Cell> args;
      args.reserve(n * width);
      for (std::size_t i = start; i < start + n; ++i) {
        auto row = cells(rows[i]);
        std::move(row.begin(), row.end(), std::back_inserter(args));
      }
      auto [it, fresh] = statements_.try_emplace({table, n});
      if (fresh) it->second = upsert(table, columns, key, n, update);
      RETURN_IF_ERROR(link_->execute(it->second, args, table).status());
    }
    return Status::ok();
  }

  std::unique_ptr<Link> link_;
  // The upsert statements by table and row count, made once.
  std::map<std::pair<std::string, std::size_t>, std::string> statements_;
};

}  // namespace

Result<ReportStorePtr> openReportStore(std::string_view url) {
  ASSIGN_OR_RETURN(StoreLocation where, locateStore(url));
  ASSIGN_OR_RETURN(auto link, where.backend == StoreLocation::kSqlite
                                  ? report_sql::openSqliteLink(where.target)
                                  : report_sql::openPostgresLink(where.target));
  return ReportStorePtr(std::make_unique<SqlReportStore>(std::move(link)));
}

std::string sqliteRollUpPath(const std::string& log_path) {
  return log_path + ".reports";
}

}  // namespace luukku::store
