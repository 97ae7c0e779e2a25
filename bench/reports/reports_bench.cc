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
//
// SQLite runs on a temporary file; PostgreSQL when LUUKKU_BENCH_PG_URL names a database, in a
// schema of its own that is dropped afterwards.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

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

// One day of the month's calls, numbered after `last`: answered, lost, called back the same
// day, outgoing, in the region's proportions.
std::vector<store::StoredEvent> day(unsigned d, std::int64_t calls, std::int64_t last) {
  CallLog log;
  for (std::int64_t i = 0; i < calls; ++i) {
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

// Appends the month in batches of 1,000 events into `events`.
Status appendMonth(store::EventStore& events, std::int64_t* count) {
  const std::int64_t per_day = callsWanted() / 31;
  std::int64_t last = 0;
  for (unsigned d = 1; d <= 31; ++d) {
    auto all = day(d, per_day, last);
    for (std::size_t i = 0; i < all.size(); i += 1000) {
      store::AppendBatch batch;
      batch.events.assign(
          all.begin() + static_cast<std::ptrdiff_t>(i),
          all.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1000, all.size())));
      RETURN_IF_ERROR(events.append(batch));
    }
    last += static_cast<std::int64_t>(all.size());
  }
  *count = last;
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
  {
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
  auto where = makeStore(backend);
  if (!where) return fail(where.status());
  m->where = *where;
  auto events = store::openStore(m->where.url);
  if (!events) return fail(events.status());
  m->events = std::move(*events);
  if (Status st = m->events->migrate(); !st) return fail(st);
  if (Status st = m->events->claimWriter(); !st) return fail(st);
  auto reports = store::openReportStore(m->where.url);
  if (!reports) return fail(reports.status());
  m->reports = std::move(*reports);
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

void BM_Append(benchmark::State& state, const std::string& backend) {
  Month* m = month(state, backend);
  for (auto _ : state) {
    if (!m) break;
  }
  if (!m) return;
  state.counters["calls"] = static_cast<double>(callsWanted() / 31 * 31);
  state.counters["events"] = static_cast<double>(m->event_count);
  state.counters["append_events_per_s"] = static_cast<double>(m->event_count) / m->append_s;
  state.counters["append_projecting_events_per_s"] =
      static_cast<double>(m->event_count) / m->append_projecting_s;
  state.counters["projecting_overhead_pct"] = 100.0 * (m->append_projecting_s / m->append_s - 1);
  state.counters["catch_up_after_s"] = m->catch_up_after_s;
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

void registerAll() {
  std::vector<std::string> backends = {"sqlite"};
  if (std::getenv("LUUKKU_BENCH_PG_URL")) backends.push_back("postgresql");
  for (const auto& b : backends) {
    benchmark::RegisterBenchmark(("append/" + b).c_str(), BM_Append, b)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
    // Wall-clock time throughout: with PostgreSQL the work is in the server, not this process.
    benchmark::RegisterBenchmark(("project/" + b).c_str(), BM_Project, b)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kSecond);
    benchmark::RegisterBenchmark(("report/" + b).c_str(), BM_MonthlyReport, b)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("raw_sql/" + b).c_str(), BM_RawGroupBy, b)
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
  return 0;
}
