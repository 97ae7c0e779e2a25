// A routing decision in a large center: 1,000 agents on 100 service lines.
//
// The state is built through the real decisions: every agent signs in, calls arrive and are
// answered until 900 agents are busy, and 50 lines hold calls in a language nobody speaks
// (work the router must look past). Then the measured decision runs on a fixed state:
//   BM_RouteNewCall       a call has just queued on a line with a free member;
//   BM_RouteAgentFreed    every agent is busy, 2,000 calls wait on 100 lines, and one agent
//                         has just become free.
// Both decisions are const, so each iteration decides on the same state.
#include <benchmark/benchmark.h>

#include "bench_region.h"

namespace luukku::core::routing::bench {
namespace {

struct Center {
  explicit Center(RoutingConfig c) : config(std::move(c)) {}
  RoutingConfig config;
  ContactCenter state;
  SequentialIds ids;
  Timestamp now = benchStart();
};

void signInAll(Center& c) {
  for (const auto& [id, a] : c.config.agents()) {
    commit(c.state, c.state.setPresence(c.config, id, PresenceStatus::kAvailable, "", c.now));
    c.now += 1ms;
  }
}

// Calls arrive on line i % lines and are answered until `busy` agents hold one.
void makeBusy(Center& c, int busy) {
  int lines = static_cast<int>(c.config.lines().size());
  int answered = 0;
  for (int i = 0; answered < busy && i < 100 * busy; ++i) {
    Arrival a;
    a.line_id = numbered("line", i % lines, 3);
    a.from_number = "+35840" + std::to_string(1000000 + i);
    commit(c.state, c.state.arrive(c.config, a, c.now, c.ids));
    Events offers = c.state.route(c.config, c.now);
    commit(c.state, offers);
    for (const auto& e : offers) {
      if (answered == busy) break;
      const auto& o = std::get<OfferMade>(e);
      commit(c.state, c.state.accept(c.config, o.agent_id, o.item, c.now));
      ++answered;
    }
    c.now += 1ms;
  }
}

int waitingCount(const Center& c) {
  int n = 0;
  for (const auto& [id, line] : c.config.lines()) {
    n += static_cast<int>(c.state.queue(c.config, id).waiting.size());
  }
  return n;
}

void queueUnservable(Center& c, int lines_with_noise) {
  for (int l = 0; l < lines_with_noise; ++l) {
    Arrival a;
    a.line_id = numbered("line", l * 2, 3);
    a.language = "de";
    commit(c.state, c.state.arrive(c.config, a, c.now, c.ids));
  }
}

void BM_RouteNewCall(benchmark::State& st) {
  Center c(benchConfig(100, 1000));
  signInAll(c);
  makeBusy(c, 900);
  queueUnservable(c, 50);
  // A new call on a line that has a free member.
  std::string line;
  for (const auto& [id, l] : c.config.lines()) {
    if (c.state.queue(c.config, id).agents_ready > 0) {
      line = id;
      break;
    }
  }
  Arrival a;
  a.line_id = line;
  a.from_number = "+358409999999";
  commit(c.state, c.state.arrive(c.config, a, c.now, c.ids));
  std::size_t offers = 0;
  for (auto _ : st) {
    Events out = c.state.route(c.config, c.now);
    offers = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.counters["offers"] = static_cast<double>(offers);
  st.counters["agents"] = static_cast<double>(c.state.agentCount());
  st.counters["waiting"] = waitingCount(c);
}
BENCHMARK(BM_RouteNewCall)->Repetitions(10)->ReportAggregatesOnly(true);

void BM_RouteAgentFreed(benchmark::State& st) {
  Center c(benchConfig(100, 1000));
  signInAll(c);
  makeBusy(c, 1000);
  for (int i = 0; i < 2000; ++i) {  // 20 waiting on every line
    Arrival a;
    a.line_id = numbered("line", i % 100, 3);
    a.from_number = "+35845" + std::to_string(1000000 + i);
    commit(c.state, c.state.arrive(c.config, a, c.now, c.ids));
  }
  commit(c.state, c.state.route(c.config, c.now));
  // One agent finishes a call and, wrap-up over, is free again.
  const Contact* held = nullptr;
  for (const auto& ref : c.state.heldBy("agent-0500")) held = c.state.findContact(ref.id);
  commit(c.state, c.state.completeContact(c.config, "agent-0500", held->id, c.now));
  commit(c.state, c.state.setPresence(c.config, "agent-0500", PresenceStatus::kAvailable, "", c.now));
  std::size_t offers = 0;
  for (auto _ : st) {
    Events out = c.state.route(c.config, c.now);
    offers = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.counters["offers"] = static_cast<double>(offers);
  st.counters["waiting"] = waitingCount(c);
}
BENCHMARK(BM_RouteAgentFreed)->Repetitions(10)->ReportAggregatesOnly(true);

// A whole command as the engine runs it: a call arrives (decision + apply) and is routed
// (decision + apply), in the 900-busy center. The first hundred calls find a free agent; the
// rest queue.
void BM_ArriveAndRoute(benchmark::State& st) {
  Center c(benchConfig(100, 1000));
  signInAll(c);
  makeBusy(c, 900);
  int i = 0;
  for (auto _ : st) {
    Arrival a;
    a.line_id = numbered("line", i % 100, 3);
    a.from_number = "+35846" + std::to_string(1000000 + i);
    ++i;
    commit(c.state, c.state.arrive(c.config, a, c.now, c.ids));
    commit(c.state, c.state.route(c.config, c.now));
  }
}
BENCHMARK(BM_ArriveAndRoute)->Iterations(2000);

}  // namespace
}  // namespace luukku::core::routing::bench
