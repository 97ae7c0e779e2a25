// The simulator: determinism, the callback policy at work, and validation against Erlang C.
#include "core/routing/simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/routing/erlang.h"
#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

// One always-open line served by `agents` agents, with nothing that would disturb the M/M/c
// model: no wrap-up, no overflow, nobody hangs up, offers answered at once.
SimulationSpec mmc(int agents, double calls_per_hour, double mean_handle_s, int days) {
  LineSetup line = lineSetup("linja");
  line.policy.wrap_up = 0s;
  line.policy.queue_limit.reset();
  line.policy.max_estimated_wait.reset();
  line.policy.callback.on_abandon_after.reset();
  std::vector<AgentSetup> staff;
  for (int i = 0; i < agents; ++i) staff.push_back(agentSetup("a" + std::to_string(i), {{"linja", 1}}));
  SimulationSpec spec;
  spec.config = makeConfig({line}, staff);
  spec.date = year{2026} / November / 23;
  spec.days = days;
  SimulatedLine sim;
  sim.line_id = "linja";
  sim.calls_per_hour.fill(calls_per_hour);
  sim.handling = {HandlingTime::Shape::kExponential, mean_handle_s, 0};
  sim.mean_patience_s.reset();
  spec.lines = {sim};
  spec.agents_per_hour.fill(agents);
  return spec;
}

// Mean and standard error over days (batch means), skipping the first hour's warm-up.
struct Estimate {
  double mean = 0;
  double standard_error = 0;
};

template <typename PerDay>
Estimate batchMeans(const SimulationReport& r, int days, PerDay perDay) {
  std::vector<double> values;
  for (int d = 0; d < days; ++d) values.push_back(perDay(r, d));
  double mean = 0;
  for (double v : values) mean += v;
  mean /= days;
  double var = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  var /= (days - 1);
  return {mean, std::sqrt(var / days)};
}

double dayProbabilityOfWaiting(const SimulationReport& r, int day) {
  int waited = 0, settled = 0;
  for (const auto& h : r.hours) {
    if (h.day != day || (day == 0 && h.hour == 0)) continue;
    waited += h.waited;
    settled += h.answered + h.abandoned;
  }
  return static_cast<double>(waited) / settled;
}

double dayMeanWait(const SimulationReport& r, int day) {
  double wait = 0;
  int answered = 0;
  for (const auto& h : r.hours) {
    if (h.day != day || (day == 0 && h.hour == 0)) continue;
    wait += h.total_wait_s;
    answered += h.answered;
  }
  return wait / answered;
}

struct Load {
  int agents;
  double calls_per_hour;
};

class ErlangValidation : public ::testing::TestWithParam<Load> {};

// Poisson arrivals, exponential handling, c agents, infinite patience: the simulated chance
// of waiting and mean wait match Erlang C within four standard errors (batch means over
// days) and a few percent.
TEST_P(ErlangValidation, SimulationMatchesErlangC) {
  const Load load = GetParam();
  const double aht = 180;
  const int days = 12;
  auto report = simulate(mmc(load.agents, load.calls_per_hour, aht, days));
  ASSERT_TRUE(report) << report.status().toString();
  ErlangResult theory = erlangCModel(load.agents, load.calls_per_hour, aht, 60);
  Estimate p = batchMeans(*report, days, dayProbabilityOfWaiting);
  Estimate w = batchMeans(*report, days, dayMeanWait);
  EXPECT_NEAR(p.mean, theory.probability_of_waiting, std::max(4 * p.standard_error, 0.01))
      << "P(wait) simulated " << p.mean << " +- " << p.standard_error;
  EXPECT_NEAR(w.mean, theory.mean_wait_s, std::max(4 * w.standard_error, 0.05 * theory.mean_wait_s))
      << "mean wait simulated " << w.mean << " +- " << w.standard_error;
  EXPECT_LT(std::abs(p.mean - theory.probability_of_waiting), 0.05);
  EXPECT_LT(std::abs(w.mean - theory.mean_wait_s), 0.2 * theory.mean_wait_s + 1);
  EXPECT_EQ(report->abandoned, 0);
}

// 4 agents with 3-minute calls: occupancy 50 %, 70 % and 85 %.
INSTANTIATE_TEST_SUITE_P(LoadLevels, ErlangValidation,
                         ::testing::Values(Load{4, 40}, Load{4, 56}, Load{4, 68}));

TEST(Simulator, SameSeedSameDayDifferentSeedAnotherDay) {
  SimulationSpec spec = mmc(3, 40, 180, 1);
  spec.lines[0].mean_patience_s = 120;
  auto a = simulate(spec);
  auto b = simulate(spec);
  spec.seed = 2;
  auto c = simulate(spec);
  ASSERT_TRUE(a && b && c);
  std::ostringstream ca, cb, cc;
  writeCsv(*a, ca);
  writeCsv(*b, cb);
  writeCsv(*c, cc);
  EXPECT_EQ(ca.str(), cb.str());
  EXPECT_NE(ca.str(), cc.str());
  EXPECT_EQ(a->events, b->events);
}

// A health station open 8-16 on a weekday, with impatient callers: calls outside hours and
// callers who give up become callback tasks, worked off by the agents during the day.
SimulationSpec stationDay() {
  LineSetup line = lineSetup("asema", false);
  line.policy.callback.retry_delays = {20min};
  std::vector<AgentSetup> staff;
  for (int i = 0; i < 4; ++i) staff.push_back(agentSetup("a" + std::to_string(i), {{"asema", 1}}));
  SimulationSpec spec;
  spec.config = makeConfig({line}, staff);
  spec.date = year{2026} / November / 23;
  SimulatedLine sim;
  sim.line_id = "asema";
  for (int h = 0; h < 24; ++h) sim.calls_per_hour[h] = (h >= 7 && h < 18) ? 30 : 2;
  sim.mean_patience_s = 90;
  spec.lines = {sim};
  for (int h = 8; h < 16; ++h) spec.agents_per_hour[h] = 3;
  return spec;
}

TEST(Simulator, EveryArrivalIsQueuedDivertedOrRejected) {
  auto r = simulate(stationDay());
  ASSERT_TRUE(r) << r.status().toString();
  EXPECT_EQ(r->arrivals, r->queued + r->diverted + r->rejected);
  EXPECT_GT(r->diverted, 0);
  EXPECT_GT(r->abandoned, 0);
  EXPECT_GT(r->callbacks_created, 0);
  EXPECT_GT(r->callbacks_completed, 0);
  EXPECT_GT(r->mean_callback_delay_s, 0);
  EXPECT_EQ(r->callbacks_created,
            r->callbacks_completed + r->callbacks_unreachable + r->callbacks_open_at_end);
  EXPECT_GT(r->service_level, 0);
  EXPECT_LE(r->service_level, 1);
}

TEST(Simulator, CsvHasAHeaderAndARowPerHour) {
  auto r = simulate(stationDay());
  ASSERT_TRUE(r);
  std::ostringstream csv;
  writeCsv(*r, csv);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("day,hour,agents,arrivals", 0), 0u);
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 24);
  EXPECT_NE(csv.str().find("\n1,09:00,3,"), std::string::npos);
}

TEST(Simulator, UnknownLineIsRefused) {
  SimulationSpec spec = mmc(1, 10, 100, 1);
  spec.lines[0].line_id = "nowhere";
  EXPECT_EQ(simulate(spec).status().code(), ErrorCode::kInvalidArgument);
}

// The planner's question, answered and then checked by simulation: staffing each hour by
// Erlang C for 80 % within 60 s gives about 80 % or better in the simulated day.
TEST(Simulator, PlannedStaffingMeetsTheServiceLevel) {
  StaffingRequest request;
  for (int h = 0; h < 24; ++h) request.calls_per_hour[h] = (h >= 8 && h < 16) ? (h < 12 ? 60 : 40) : 0;
  request.mean_handle_s = 180;
  auto plan = planStaffing(request);
  int most = 0;
  for (const auto& p : plan) most = std::max(most, p.agents);
  SimulationSpec spec = mmc(most, 0, 180, 4);
  for (int h = 0; h < 24; ++h) {
    spec.lines[0].calls_per_hour[h] = request.calls_per_hour[h];
    spec.agents_per_hour[h] = plan[h].agents;
  }
  auto r = simulate(spec);
  ASSERT_TRUE(r) << r.status().toString();
  EXPECT_GE(r->service_level, 0.78);
  EXPECT_GT(r->answered, 1000);
}

}  // namespace
}  // namespace luukku::core::routing
