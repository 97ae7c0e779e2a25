// Start-up with 100,000 open callback tasks in the store: the engine reads their documents,
// decodes them and restores the routing state (then runs recovery, which finds nothing to
// do). Target: ≤ 3 s. SQLite always; PostgreSQL when LUUKKU_BENCH_PG_URL names a database
// (its schema must be empty: the benchmark fills it).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>

#include "codec/region_json.h"
#include "codec/routing_json.h"
#include "core/routing/contact_center.h"
#include "engine/engine.h"

namespace luukku {
namespace {
namespace json = boost::json;
using namespace core::routing;

constexpr int kTasks = 100'000;
constexpr int kLines = 20;
// The tasks are created a second apart from kCreated; each is due 48 hours after kCreated.
const Timestamp kCreated = fromMicros(1'795'400'000'000'000);

std::string lineId(int i) { return "line-" + std::to_string(i); }

// Fills an empty store: kLines service lines and kTasks open callback tasks, written as the
// engine writes them (an event and a document each), in batches of 10,000.
void fill(store::EventStore& store) {
  std::int64_t seq = 0;
  Timestamp t0 = kCreated;
  store::AppendBatch batch;
  auto flush = [&] {
    if (auto st = store.append(batch); !st) throw std::runtime_error(st.toString());
    batch = {};
  };
  for (int l = 0; l < kLines; ++l) {
    core::ServiceLine line;
    line.id = lineId(l);
    line.name = {"Linja", "Linje", "Line"};
    line.phone_numbers = {"+35864150" + std::to_string(100 + l)};
    line.channels = {core::Channel::kPhone, core::Channel::kCallback};
    for (auto& day : line.weekly_hours.days) day = {{0, 1440}};
    std::string body = json::serialize(codec::encode(line, codec::WithVersion::kNo));
    batch.events.push_back({++seq, "service_line/" + line.id, 1, t0, "service_line.created", body});
    batch.documents.push_back({"service_line", line.id, 1, true, body});
  }
  for (int i = 0; i < kTasks; ++i) {
    Task task;
    char id[16];
    std::snprintf(id, sizeof id, "t-%08d", i);
    task.id = id;
    task.routing.line_id = lineId(i % kLines);
    task.routing.channel = core::Channel::kCallback;
    task.routing.band = 1;
    task.routing.created_at = task.routing.queue_time = t0 + std::chrono::seconds(i);
    task.number = "+35840" + std::to_string(1'000'000 + i);
    task.reason = TaskReason::kBusy;
    task.last_contact_at = task.routing.created_at;
    task.due_at = t0 + std::chrono::hours(48);
    task.escalate_at = t0 + std::chrono::hours(47);
    if (i % 5 == 0) task.voice_message_ref = "voice/" + task.id + ".wav";
    std::string doc = json::serialize(codec::encode(task));
    std::string payload = json::serialize(json::object{{"task", json::parse(doc)}});
    batch.events.push_back({++seq, "task/" + task.id, 1, t0, "task.created", payload});
    batch.documents.push_back({"task", task.id, 1, true, doc});
    if (batch.events.size() >= 10'000) flush();
  }
  flush();
}

void BM_StartWithOpenTasks(benchmark::State& state, std::string url) {
  if (url.empty()) {
    state.SkipWithError("set LUUKKU_BENCH_PG_URL to measure PostgreSQL");
    return;
  }
  {
    auto store = store::openStore(url);
    if (!store || !(*store)->migrate()) {
      state.SkipWithError("cannot open or migrate the store");
      return;
    }
    if (*(*store)->lastGlobalSeq() == 0) fill(**store);
  }
  // The engine starts after the last task was created and before any is due. On the wall
  // clock every task became due on 2026-11-25: right after its first start the engine then
  // escalated all of them and rewrote their documents, which later iterations read back.
  ManualClock clock(kCreated + std::chrono::seconds(kTasks) + std::chrono::hours(1));
  for (auto _ : state) {
    metrics::Registry registry;
    auto store = store::openStore(url);
    engine::Engine engine(std::move(store).value(), clock, registry);
    Status st = engine.start();
    if (!st) {
      state.SkipWithError(st.toString().c_str());
      return;
    }
    state.PauseTiming();
    engine.stop();
    state.ResumeTiming();
  }
  state.counters["open_tasks"] = kTasks;
}

const std::string& sqliteUrl() {
  static const std::string url = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "luukku-bench-XXXXXX").string();
    if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp");
    return "sqlite:" + dir + "/restore.db";
  }();
  return url;
}

BENCHMARK_CAPTURE(BM_StartWithOpenTasks, sqlite, sqliteUrl())
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_StartWithOpenTasks, postgresql,
                  std::string(std::getenv("LUUKKU_BENCH_PG_URL") ? std::getenv("LUUKKU_BENCH_PG_URL")
                                                                 : ""))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace luukku
