// Append throughput of the event store, in events per second, for the batch sizes the
// engine's group commit produces (1 when idle, up to 10,000 under load).
//
// SQLite runs on a temporary file with the backend's real settings (WAL, synchronous=FULL).
// PostgreSQL runs when LUUKKU_BENCH_PG_URL names a database, in a schema of its own that is
// dropped afterwards; the server's own settings apply (synchronous_commit on, fsync on).
//
// Each append carries what the engine sends: per event, a ~200-byte JSON payload and the
// projection document it changed (here the contact's, so one batch holds several versions of
// the same document).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "store/event_store.h"

namespace luukku::store {
namespace {

constexpr int kEventsPerContact = 5;

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnCloser>;

// A store for one benchmark run, and what removes it afterwards.
struct BenchStore {
  EventStorePtr store;
  std::function<void()> remove;
};

Result<BenchStore> sqliteStore() {
  std::string dir = (std::filesystem::temp_directory_path() / "luukku-bench-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return unavailable("cannot create a temp directory");
  ASSIGN_OR_RETURN(EventStorePtr store, openStore("sqlite:" + dir + "/store.db"));
  return BenchStore{std::move(store), [dir] { std::filesystem::remove_all(dir); }};
}

bool execPg(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  return ok;
}

Result<BenchStore> postgresStore(const std::string& base_url) {
  auto admin = std::make_shared<PgConnPtr>(PQconnectdb(base_url.c_str()));
  if (PQstatus(admin->get()) != CONNECTION_OK) {
    return unavailable(std::string("cannot connect: ") + PQerrorMessage(admin->get()));
  }
  PQsetNoticeProcessor(
      admin->get(), [](void*, const char*) {}, nullptr);  // "drop cascades to"
  static int runs = 0;
  std::string schema = "store_bench_" + std::to_string(::getpid()) + "_" + std::to_string(++runs);
  if (!execPg(admin->get(), "CREATE SCHEMA " + schema)) {
    return unavailable(std::string("cannot create a schema: ") + PQerrorMessage(admin->get()));
  }
  std::string url = base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
                    "options=-csearch_path%3D" + schema;
  ASSIGN_OR_RETURN(EventStorePtr store, openStore(url));
  return BenchStore{std::move(store), [admin, schema] {
                      execPg(admin->get(), "DROP SCHEMA " + schema + " CASCADE");
                    }};
}

// The next `size` events after `last` and the contact documents they change.
AppendBatch nextBatch(std::int64_t last, std::int64_t size) {
  AppendBatch batch;
  batch.events.reserve(static_cast<std::size_t>(size));
  batch.documents.reserve(static_cast<std::size_t>(size));
  for (std::int64_t seq = last + 1; seq <= last + size; ++seq) {
    std::int64_t contact = (seq - 1) / kEventsPerContact;
    std::int64_t step = (seq - 1) % kEventsPerContact + 1;
    std::string id = "c" + std::to_string(contact);
    batch.events.push_back({seq, "contact/" + id, step,
                            fromMicros(1'795'335'330'000'000 + seq * 1'000), "contact.queued",
                            R"({"contact":")" + id +
                                R"(","service_line":"terveysneuvonta","channel":"phone",)"
                                R"("queue":"hoitajat-seinajoki","language":"fi","position":)" +
                                std::to_string(step) +
                                R"(,"caller":"enc:v1:5Hq0c2VjcmV0LXNlYWxlZC1ib3g="})"});
    batch.documents.push_back(
        {"contact", id, step, step < kEventsPerContact,
         R"({"id":")" + id +
             R"(","state":"queued","service_line":"terveysneuvonta",)"
             R"("channel":"phone","queue":"hoitajat-seinajoki","language":"fi","attempts":)" +
             std::to_string(step) + R"(,"caller":"enc:v1:5Hq0c2VjcmV0LXNlYWxlZC1ib3g="})"});
  }
  return batch;
}

void appendThroughput(benchmark::State& state, const std::function<Result<BenchStore>()>& open) {
  auto opened = open();
  if (!opened.isOk()) {
    state.SkipWithError(opened.status().toString().c_str());
    return;
  }
  BenchStore bench = std::move(opened).value();
  if (Status migrated = bench.store->migrate(); !migrated.isOk()) {
    state.SkipWithError(migrated.toString().c_str());
    return;
  }
  const std::int64_t size = state.range(0);
  std::int64_t last = 0;
  for (auto _ : state) {
    state.PauseTiming();
    AppendBatch batch = nextBatch(last, size);
    state.ResumeTiming();
    if (Status appended = bench.store->append(batch); !appended.isOk()) {
      state.SkipWithError(appended.toString().c_str());
      break;
    }
    last += size;
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(last), benchmark::Counter::kIsRate);
  bench.store.reset();
  bench.remove();
}

void registerBackend(const std::string& name, std::function<Result<BenchStore>()> open) {
  benchmark::RegisterBenchmark(("append/" + name).c_str(),
                               [open](benchmark::State& state) { appendThroughput(state, open); })
      ->ArgName("batch")
      ->Arg(1)
      ->Arg(100)
      ->Arg(1000)
      ->Arg(10000)
      ->UseRealTime()  // the PostgreSQL server's work happens in other processes
      ->MinTime(2.0)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace
}  // namespace luukku::store

int main(int argc, char** argv) {
  using namespace luukku::store;
  registerBackend("sqlite", sqliteStore);
  if (const char* url = std::getenv("LUUKKU_BENCH_PG_URL"); url && *url) {
    registerBackend("postgresql", [base = std::string(url)] { return postgresStore(base); });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
