// The simulator running one day of a large region: about 4,000 contacts on six lines, staffed
// hour by hour by the Erlang C planner.
#include <benchmark/benchmark.h>

#include "bench_region.h"
#include "core/routing/erlang.h"
#include "core/routing/simulator.h"

namespace luukku::core::routing::bench {
namespace {

struct DemoLine {
  const char* id;
  int open_from;
  int open_to;
  double calls_per_day;
  double handle_s;
};

constexpr DemoLine kDemoLines[] = {
    {"paivystysapu", 0, 24, 1500, 300}, {"terveysasema", 8, 16, 1200, 240},
    {"neuvola", 8, 16, 400, 240},       {"mielenterveys", 8, 20, 400, 360},
    {"hammashoito", 8, 16, 300, 180},   {"sosiaalipalvelut", 8, 16, 200, 300},
};

// More calls in the morning than in the afternoon, few at night.
double weight(int hour, int from, int to) {
  if (hour < from || hour >= to) return from == 0 ? 0.2 : 0.05;
  return hour < 12 ? 2.0 : 1.0;
}

SimulationSpec demoDay() {
  std::vector<LineSetup> lines;
  std::vector<SimulatedLine> sims;
  StaffingRequest request;
  request.mean_handle_s = 300;
  for (const DemoLine& d : kDemoLines) {
    LineSetup l = benchLine(d.id);
    for (auto& day : l.line.weekly_hours.days) day = {{d.open_from * 60, d.open_to * 60}};
    l.policy.max_estimated_wait = std::chrono::minutes(20);
    lines.push_back(l);
    SimulatedLine s;
    s.line_id = d.id;
    s.handling = {HandlingTime::Shape::kLognormal, d.handle_s, d.handle_s * 0.7};
    double total = 0;
    for (int h = 0; h < 24; ++h) total += weight(h, d.open_from, d.open_to);
    for (int h = 0; h < 24; ++h) {
      s.calls_per_hour[h] = d.calls_per_day * weight(h, d.open_from, d.open_to) / total;
      request.calls_per_hour[h] += s.calls_per_hour[h];
    }
    sims.push_back(s);
  }
  auto plan = planStaffing(request);
  int most = 0;
  for (const auto& p : plan) most = std::max(most, p.agents);
  std::vector<AgentSetup> agents;
  for (int i = 0; i < most; ++i) {
    AgentSetup a;
    a.agent.id = numbered("agent", i, 4);
    a.agent.name = "Agent";
    a.agent.languages = {"fi", "sv"};
    for (std::size_t k = 0; k < std::size(kDemoLines); ++k) {
      a.policy.memberships.push_back({kDemoLines[k].id, 1 + static_cast<int>((i + k) % 3)});
    }
    agents.push_back(a);
  }
  RegionSettings region;
  region.name = {"Alue", "Område", "Region"};
  region.holidays = finnishPublicHolidays(2026);
  SimulationSpec spec;
  spec.config = RoutingConfig(region, lines, agents);
  spec.date = std::chrono::year{2026} / 11 / 23;
  spec.lines = sims;
  for (int h = 0; h < 24; ++h) spec.agents_per_hour[h] = plan[h].agents;
  return spec;
}

void BM_SimulateDemoDay(benchmark::State& st) {
  SimulationSpec spec = demoDay();
  SimulationReport last;
  for (auto _ : st) {
    auto r = simulate(spec);
    if (!r) st.SkipWithError(r.status().message().c_str());
    last = std::move(*r);
  }
  st.counters["contacts"] = last.arrivals;
  st.counters["events"] = static_cast<double>(last.events);
  st.counters["service_level"] = last.service_level;
  st.counters["callbacks"] = last.callbacks_created;
}
BENCHMARK(BM_SimulateDemoDay)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace luukku::core::routing::bench
