// The reports at scale: a month of calls on seven lines (LUUKKU_BENCH_REPORT_CALLS, 100,000 by
// default), written as the engine writes them, then
//
//   project      the projector building the roll-ups from the whole log (events/s)
//   append       appending the log in batches of 1,000 events, alone and with the server's
//                follower (ReportService::follow, every second) keeping the roll-ups up
//                beside it on its own thread and connections, as in the server; then how long
//                the follower needed after the last append to catch up
//   report       the monthly calls-by-outcome report, all lines and per line, from the roll-ups
//   raw_sql      the nearest GROUP BY a report without roll-ups would run over the log: the
//                month's contact-ending events counted by type (no line, no callbacks)
//   today_*      "today" over a busy day on 100 lines, and the lines' service levels from one
//                read of the counters beside one report per line
//
// LUUKKU_BENCH_REPORT_LARGE=1 is the size in one store per backend (see large()).
// SQLite runs on a temporary file; PostgreSQL when LUUKKU_BENCH_PG_URL names a database, in a
// schema of its own that is dropped afterwards.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "reports/call_log.h"
#include "reports/projector.h"
#include "reports/report_queries.h"
#include "reports/report_service.h"
#include "store/event_store.h"
#include "store/report_links.h"
#include "store/report_store.h"

namespace luukku::reports {
namespace {

using core::routing::AttemptOutcome;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::CallLog;
using testing::helsinki;

const char* const kLines[] = {"paivystysapu", "terveysneuvonta",      "neuvola",
                              "hammashoito",  "mielenterveys-paihde", "sosiaalipalvelut",
                              "terveysasemat"};

std::int64_t callsWanted() {
  const char* env = std::getenv("LUUKKU_BENCH_REPORT_CALLS");
  return env ? std::atoll(env) : 100'000;
}

// LUUKKU_BENCH_REPORT_LARGE=1: the size (10 million calls, some 72 million events,
// about 26 GB in SQLite and 32 GB in PostgreSQL) in one store per backend, the follower
// keeping the roll-ups as in the server; only the report and the raw GROUP BY are timed over
// it. The second store (append alone) and the rebuild are left out so that the run fits on a
// disk beside other work, and the append overhead is taken from a smaller run.
bool large() {
  const char* env = std::getenv("LUUKKU_BENCH_REPORT_LARGE");
  return env && std::string_view(env) == "1";
}

// The calls of one day of the month that arrive in hour 7 + `hour` (every tenth call),
// numbered after `last`: answered, lost, called back the same day, outgoing, in the region's
// proportions. A day is written an hour at a time so that a day of ten million calls a month
// (2.3 million events) is never held at once.
std::vector<store::StoredEvent> dayHour(unsigned d, int hour, std::int64_t calls,
                                        std::int64_t last) {
  CallLog log;
  for (std::int64_t i = hour; i < calls; i += 10) {
    const std::string n = std::to_string(d) + "-" + std::to_string(i);
    const std::string line = kLines[i % 7];
    const std::string number = "+3584" + std::to_string(10'000'000 + (i * 7919 + d) % 9'000'000);
    const Timestamp at =
        helsinki(2025, 3, d, 7 + static_cast<int>(i % 10)) + seconds{(i * 37) % 3600};
    switch (i % 20) {
      case 0:
      case 1:
        log.abandoned("c" + n, line, number, at, seconds{30 + i % 120});
        break;
      case 2:
      case 3:
      case 4:
        log.abandoned("c" + n, line, number, at, seconds{40}, "t" + n);
        log.callbackAttempt("b" + n, "t" + n, line, number, "agent-" + std::to_string(i % 40),
                            at + minutes{30}, AttemptOutcome::kReached);
        break;
      case 5:
      case 6:
      case 7:
      case 8:
        log.outgoing("c" + n, line, number, "agent-" + std::to_string(i % 40), at, minutes{3});
        break;
      default:
        log.answered("c" + n, line, number, at, seconds{i % 300}, minutes{4},
                     "agent-" + std::to_string(i % 40));
    }
  }
  auto events = log.log();
  for (auto& e : events) e.global_seq += last;
  return events;
}

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};

// A migrated store for one backend, and what removes it afterwards.
struct BenchStore {
  std::string url;
  std::function<void()> remove;
};

Result<BenchStore> makeStore(const std::string& backend) {
  if (backend == "sqlite") {
    std::string dir = (std::filesystem::temp_directory_path() / "luukku-bench-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) return unavailable("cannot create a temp directory");
    return BenchStore{"sqlite:" + dir + "/store.db", [dir] { std::filesystem::remove_all(dir); }};
  }
  const char* base = std::getenv("LUUKKU_BENCH_PG_URL");
  if (!base) return unavailable("LUUKKU_BENCH_PG_URL is not set");
  auto admin = std::shared_ptr<PGconn>(PQconnectdb(base), PgConnCloser{});
  if (PQstatus(admin.get()) != CONNECTION_OK) return unavailable("cannot connect");
  PQsetNoticeProcessor(
      admin.get(), [](void*, const char*) {}, nullptr);
  const std::string schema = "reports_bench_" + std::to_string(::getpid());
  PQclear(PQexec(admin.get(), ("CREATE SCHEMA " + schema).c_str()));
  std::string url(base);
  url += (url.find('?') == std::string::npos ? "?" : "&") +
         std::string("options=-csearch_path%3D") + schema;
  return BenchStore{url, [admin, schema] {
                      PQclear(PQexec(admin.get(), ("DROP SCHEMA " + schema + " CASCADE").c_str()));
                    }};
}

// A fresh store of `backend`, migrated, its log claimed for writing and its roll-ups open.
Status openFresh(const std::string& backend, BenchStore* where, store::EventStorePtr* events,
                 store::ReportStorePtr* reports) {
  ASSIGN_OR_RETURN(*where, makeStore(backend));
  ASSIGN_OR_RETURN(*events, store::openStore(where->url));
  RETURN_IF_ERROR((*events)->migrate());
  RETURN_IF_ERROR((*events)->claimWriter());
  ASSIGN_OR_RETURN(*reports, store::openReportStore(where->url));
  return Status::ok();
}

// The month's log in a store of each backend, made once.
struct Month {
  BenchStore where;
  store::EventStorePtr events;
  store::ReportStorePtr reports;
  std::int64_t event_count = 0;
  double append_s = 0;
  double append_projecting_s = 0;
  double catch_up_after_s = 0;
};

std::map<std::string, std::unique_ptr<Month>>& months() {
  static std::map<std::string, std::unique_ptr<Month>> m;
  return m;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The month's events an hour of a day at a time (31 days of 10 hours), in order, each hour
// numbered on from the one before. In the large run two threads of their own make the hours
// ahead of the appends; the events are the same, only made sooner.
class MonthOfEvents {
 public:
  MonthOfEvents() : per_day_(callsWanted() / 31) {
    if (!large()) return;
    for (int w = 0; w < 2; ++w) makers_.emplace_back([this, w] { make(w, 2); });
  }
  ~MonthOfEvents() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : makers_) t.join();
  }

  // The next hour's events, or none after the last.
  std::optional<std::vector<store::StoredEvent>> next() {
    if (next_ == kHours) return std::nullopt;
    const int k = next_++;
    std::vector<store::StoredEvent> events;
    if (makers_.empty()) {
      events = dayHour(static_cast<unsigned>(1 + k / 10), k % 10, per_day_, 0);
    } else {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return made_.contains(k); });
      events = std::move(made_.at(k));
      made_.erase(k);
      taken_ = k + 1;
      cv_.notify_all();
    }
    for (auto& e : events) e.global_seq += last_;
    last_ += static_cast<std::int64_t>(events.size());
    return events;
  }
  std::int64_t count() const { return last_; }

 private:
  static constexpr int kHours = 31 * 10;
  static constexpr int kAhead = 3;  // hours made but not yet taken, at most

  void make(int first, int step) {
    for (int k = first; k < kHours; k += step) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || k < taken_ + kAhead; });
        if (stop_) return;
      }
      auto events = dayHour(static_cast<unsigned>(1 + k / 10), k % 10, per_day_, 0);
      {
        std::lock_guard lock(mu_);
        made_.emplace(k, std::move(events));
      }
      cv_.notify_all();
    }
  }

  const std::int64_t per_day_;
  int next_ = 0;
  std::int64_t last_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<int, std::vector<store::StoredEvent>> made_;
  int taken_ = 0;
  bool stop_ = false;
  std::vector<std::thread> makers_;
};

// Appends `all` in batches of 1,000 events. (Larger batches fill the store no faster on
// SQLite: the writer then holds the database's one write lock nearly all the time, and the
// follower, whose busy wait is not a queue, falls ever further behind.)
Status appendInBatches(store::EventStore& events, const std::vector<store::StoredEvent>& all) {
  constexpr std::size_t kBatch = 1000;
  for (std::size_t i = 0; i < all.size(); i += kBatch) {
    store::AppendBatch batch;
    batch.events.assign(
        all.begin() + static_cast<std::ptrdiff_t>(i),
        all.begin() + static_cast<std::ptrdiff_t>(std::min(i + kBatch, all.size())));
    RETURN_IF_ERROR(events.append(batch));
  }
  return Status::ok();
}

// Appends the month into `events`.
Status appendMonth(store::EventStore& events, std::int64_t* count) {
  MonthOfEvents month;
  while (auto all = month.next()) RETURN_IF_ERROR(appendInBatches(events, *all));
  *count = month.count();
  return Status::ok();
}

Month* month(benchmark::State& state, const std::string& backend) {
  auto& m = months()[backend];
  if (m) return m.get();
  auto fail = [&](const Status& s) {
    state.SkipWithError(s.toString().c_str());
    return nullptr;
  };
  m = std::make_unique<Month>();
  // Appending alone, into a store of its own, for the comparison.
  if (!large()) {
    auto plain = makeStore(backend);
    if (!plain) return fail(plain.status());
    auto events = store::openStore(plain->url);
    if (!events) return fail(events.status());
    if (Status st = (*events)->migrate(); !st) return fail(st);
    if (Status st = (*events)->claimWriter(); !st) return fail(st);
    const auto t = std::chrono::steady_clock::now();
    if (Status st = appendMonth(**events, &m->event_count); !st) return fail(st);
    m->append_s = seconds_since(t);
    events->reset();
    plain->remove();
  }
  if (Status st = openFresh(backend, &m->where, &m->events, &m->reports); !st) return fail(st);
  static const ManualClock clock(helsinki(2025, 4, 1, 0));
  auto service = ReportService::open(m->where.url, clock);
  if (!service) return fail(service.status());
  (*service)->follow(std::chrono::seconds{1});  // as the server does
  const auto t = std::chrono::steady_clock::now();
  if (Status st = appendMonth(*m->events, &m->event_count); !st) return fail(st);
  m->append_projecting_s = seconds_since(t);
  const auto tail = std::chrono::steady_clock::now();
  if (Status st = (*service)->catchUp(); !st) return fail(st);
  m->catch_up_after_s = seconds_since(tail);
  return m.get();
}

// What the store holds on disk once the month is in, roll-ups and indexes included.
std::optional<double> storeBytes(const Month& m, const std::string& backend) {
  if (backend == "sqlite") {
    const std::filesystem::path db = m.where.url.substr(7);
    double bytes = 0;
    for (const auto& f : std::filesystem::directory_iterator(db.parent_path())) {
      bytes += static_cast<double>(f.file_size());
    }
    return bytes;
  }
  auto link = store::report_sql::openPostgresLink(m.where.url);
  if (!link) return std::nullopt;
  auto rows = (*link)->query(
      "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
      {}, "measuring the store");
  if (!rows || rows->empty() || !rows->front().front()) return std::nullopt;
  return std::stod(*rows->front().front());
}

void BM_Append(benchmark::State& state, const std::string& backend) {
  Month* m = month(state, backend);
  for (auto _ : state) {
    if (!m) break;
  }
  if (!m) return;
  state.counters["calls"] = static_cast<double>(callsWanted() / 31 * 31);
  state.counters["events"] = static_cast<double>(m->event_count);
  if (m->append_s > 0) {
    state.counters["append_events_per_s"] = static_cast<double>(m->event_count) / m->append_s;
    state.counters["projecting_overhead_pct"] = 100.0 * (m->append_projecting_s / m->append_s - 1);
  }
  state.counters["append_projecting_events_per_s"] =
      static_cast<double>(m->event_count) / m->append_projecting_s;
  state.counters["catch_up_after_s"] = m->catch_up_after_s;
  if (auto bytes = storeBytes(*m, backend)) state.counters["store_gb"] = *bytes / 1e9;
}

void BM_Project(benchmark::State& state, const std::string& backend) {
  Month* m = month(state, backend);
  if (!m) return;
  for (auto _ : state) {
    ReportProjector projector(*m->events, *m->reports);
    if (Status st = projector.rebuild(); !st) state.SkipWithError(st.toString().c_str());
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(m->event_count) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

void BM_MonthlyReport(benchmark::State& state, const std::string& backend) {
  Month* m = month(state, backend);
  if (!m) return;
  const DayRange march{std::chrono::year{2025} / 3 / 1, std::chrono::year{2025} / 3 / 31, {}};
  std::int64_t total = 0;
  for (auto _ : state) {
    auto rows = callsByOutcome(*m->reports, march, Period::kMonth, true);
    if (!rows) {
      state.SkipWithError(rows.status().toString().c_str());
      break;
    }
    total = rows->front().counts.total();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["calls_in_report"] = static_cast<double>(total);
}

void BM_RawGroupBy(benchmark::State& state, const std::string& backend) {
  Month* m = month(state, backend);
  if (!m) return;
  auto link = backend == "sqlite" ? store::report_sql::openSqliteLink(m->where.url.substr(7))
                                  : store::report_sql::openPostgresLink(m->where.url);
  if (!link) {
    state.SkipWithError(link.status().toString().c_str());
    return;
  }
  const std::string from = std::to_string(toMicros(helsinki(2025, 3, 1, 0)));
  const std::string to = std::to_string(toMicros(helsinki(2025, 4, 1, 0)));
  for (auto _ : state) {
    auto rows = (*link)->query(
        "SELECT type, COUNT(*) FROM events WHERE recorded_at >= ? AND recorded_at < ? AND type IN "
        "('contact.completed', 'contact.abandoned', 'contact.diverted', 'contact.rejected', "
        "'contact.dialled') GROUP BY type",
        {from, to}, "counting the month's contacts");
    if (!rows) {
      state.SkipWithError(rows.status().toString().c_str());
      break;
    }
    benchmark::DoNotOptimize(rows);
  }
}

// ---- Today at 100 lines ----------------------------------------------------------------------

// A day (Monday 3 March 2025, until 17:00) of 20,000 calls on 100 lines, each line with its
// own service-level target, projected: what "today" reads when every supervisor's view asks
// for it every 5 seconds.
struct Day {
  BenchStore where;
  store::EventStorePtr events;
  store::ReportStorePtr reports;
  std::vector<LineTarget> lines;
};

std::map<std::string, std::unique_ptr<Day>>& days() {
  static std::map<std::string, std::unique_ptr<Day>> d;
  return d;
}

Day* busyDay(benchmark::State& state, const std::string& backend) {
  auto& d = days()[backend];
  if (d) return d.get();
  auto fail = [&](const Status& s) {
    state.SkipWithError(s.toString().c_str());
    return nullptr;
  };
  d = std::make_unique<Day>();
  if (Status st = openFresh(backend, &d->where, &d->events, &d->reports); !st) return fail(st);
  for (int l = 0; l < 100; ++l) {
    d->lines.push_back({"linja-" + std::to_string(l), 20 + 10 * (l % 5)});
  }
  CallLog log;
  for (int i = 0; i < 20'000; ++i) {
    const std::string id = "c" + std::to_string(i);
    const std::string& line = d->lines[static_cast<std::size_t>(i % 100)].line_id;
    const std::string number = "+3584" + std::to_string(10'000'000 + i);
    const Timestamp at = helsinki(2025, 3, 3, 8 + i % 9) + seconds{(i * 37) % 3600};
    if (i % 10 == 0) {
      log.abandoned(id, line, number, at, seconds{30 + i % 200});
    } else {
      log.answered(id, line, number, at, seconds{i % 300}, minutes{4},
                   "agent-" + std::to_string(i % 200));
    }
  }
  if (Status st = appendInBatches(*d->events, log.log()); !st) return fail(st);
  ReportProjector projector(*d->events, *d->reports);
  if (auto n = projector.catchUp(); !n) return fail(n.status());
  return d.get();
}

// The whole of "today" for all lines: calls by outcome, response times, each line's service
// level and the hours.
void BM_Today(benchmark::State& state, const std::string& backend) {
  Day* d = busyDay(state, backend);
  if (!d) return;
  for (auto _ : state) {
    auto figures = today(*d->reports, helsinki(2025, 3, 3, 17), std::nullopt, 60, d->lines);
    if (!figures) {
      state.SkipWithError(figures.status().toString().c_str());
      break;
    }
    benchmark::DoNotOptimize(figures);
  }
  state.counters["lines"] = static_cast<double>(d->lines.size());
}

// The lines' service levels alone: from one read of the counters (as "today" does), and as
// before, one response-times report per line.
void BM_TodayServiceLevels(benchmark::State& state, const std::string& backend, bool per_line) {
  Day* d = busyDay(state, backend);
  if (!d) return;
  const Date day = std::chrono::year{2025} / 3 / 3;
  for (auto _ : state) {
    if (!per_line) {
      auto levels = responseTimesByLine(*d->reports, {day, day, std::nullopt}, d->lines);
      if (!levels) state.SkipWithError(levels.status().toString().c_str());
      benchmark::DoNotOptimize(levels);
      continue;
    }
    for (const LineTarget& l : d->lines) {
      auto own = responseTimes(*d->reports, {day, day, l.line_id}, l.target_s);
      if (!own) state.SkipWithError(own.status().toString().c_str());
      benchmark::DoNotOptimize(own);
    }
  }
}

void registerAll() {
  std::vector<std::string> backends = {"sqlite"};
  if (std::getenv("LUUKKU_BENCH_PG_URL")) backends.push_back("postgresql");
  for (const auto& b : backends) {
    benchmark::RegisterBenchmark(("append/" + b).c_str(), BM_Append, b)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
    // Wall-clock time throughout: with PostgreSQL the work is in the server, not this process.
    if (!large()) {
      benchmark::RegisterBenchmark(("project/" + b).c_str(), BM_Project, b)
          ->Iterations(1)
          ->UseRealTime()
          ->Unit(benchmark::kSecond);
    }
    benchmark::RegisterBenchmark(("report/" + b).c_str(), BM_MonthlyReport, b)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("raw_sql/" + b).c_str(), BM_RawGroupBy, b)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    if (large()) continue;
    benchmark::RegisterBenchmark(("today_100_lines/" + b).c_str(), BM_Today, b)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("today_service_levels_one_read/" + b).c_str(),
                                 BM_TodayServiceLevels, b, false)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("today_service_levels_per_line/" + b).c_str(),
                                 BM_TodayServiceLevels, b, true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace luukku::reports

int main(int argc, char** argv) {
  luukku::reports::registerAll();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& [name, m] : luukku::reports::months()) {
    m->reports.reset();
    m->events.reset();
    if (m->where.remove) m->where.remove();
  }
  for (auto& [name, d] : luukku::reports::days()) {
    d->reports.reset();
    d->events.reset();
    if (d->where.remove) d->where.remove();
  }
  return 0;
}
