// 100,000 open callback tasks: the memory they hold and the time to restore them.
//
// The tasks are made through the real decisions, spread over 100 lines with distinct numbers;
// one in five carries a voice-message reference and three in ten have had a failed attempt
// (so they are parked with an attempt recorded). Memory is the heap in use (glibc mallinfo2)
// after the tasks exist minus before, and the change in resident set size; restore time is
// ContactCenter::restore() from the tasks' documents, as after decoding them from the store.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <fstream>
#include <unistd.h>

#include "bench_region.h"

namespace luukku::core::routing::bench {
namespace {

constexpr int kTasks = 100'000;

double heapInUseBytes() {
  struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd);
}

double residentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// A center holding kTasks open tasks.
ContactCenter makeOpenTasks(const RoutingConfig& config) {
  ContactCenter state;
  SequentialIds ids;
  Timestamp now = benchStart();
  commit(state, state.setPresence(config, "agent-0000", PresenceStatus::kBreak, "", now));
  for (int i = 0; i < kTasks; ++i) {
    TaskRequest r;
    r.line_id = numbered("line", i % 100, 3);
    r.number = "+35840" + std::to_string(1'000'000 + i);
    r.reason = TaskReason::kClosed;
    r.contact_id = numbered("c", i, 6);
    if (i % 5 == 0) r.voice_message_ref = "vm/2026/11/23/" + numbered("msg", i, 6) + ".wav";
    commit(state, state.createTask(config, r, now, ids));
    if (i % 10 < 3) {
      std::string id = numbered("t", i + 1, 6);
      commit(state, state.claimTask(config, "agent-0000", id, now));
      commit(state, state.recordAttempt(config, "agent-0000", id, AttemptOutcome::kNoAnswer, now));
    }
    now += 10ms;
  }
  return state;
}

void BM_OpenTasksInMemory(benchmark::State& st) {
  RoutingConfig config = benchConfig(100, 10);
  for (auto _ : st) {
    double heap_before = heapInUseBytes();
    double rss_before = residentBytes();
    ContactCenter state = makeOpenTasks(config);
    double heap = heapInUseBytes() - heap_before;
    double rss = residentBytes() - rss_before;
    st.counters["tasks"] = static_cast<double>(state.taskCount());
    st.counters["heap_MB"] = heap / 1e6;
    st.counters["rss_MB"] = rss / 1e6;
    st.counters["bytes_per_task"] = heap / static_cast<double>(state.taskCount());
    benchmark::DoNotOptimize(state);
  }
}
BENCHMARK(BM_OpenTasksInMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_RestoreOpenTasks(benchmark::State& st) {
  RoutingConfig config = benchConfig(100, 10);
  RoutingSnapshot documents = makeOpenTasks(config).snapshot();
  for (auto _ : st) {
    st.PauseTiming();
    RoutingSnapshot copy = documents;
    st.ResumeTiming();
    auto restored = ContactCenter::restore(std::move(copy));
    st.PauseTiming();
    if (!restored || restored->taskCount() != kTasks) st.SkipWithError("restore failed");
    { auto gone = std::move(restored); }
    st.ResumeTiming();
  }
  st.counters["tasks"] = kTasks;
}
BENCHMARK(BM_RestoreOpenTasks)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace luukku::core::routing::bench
