#include "core/routing/erlang.h"

#include <gtest/gtest.h>

#include <cmath>

namespace luukku::core::routing {
namespace {

TEST(ErlangC, MatchesTextbookValues) {
  // Reference values from the closed formula with factorials.
  EXPECT_NEAR(erlangC(2, 1.0), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(erlangC(10, 8.0), 0.4091801507964435, 1e-12);
  EXPECT_NEAR(erlangC(1, 0.5), 0.5, 1e-12);  // M/M/1: rho
}

TEST(ErlangC, OverloadMeansEveryoneWaits) {
  EXPECT_EQ(erlangC(3, 3.0), 1.0);
  EXPECT_TRUE(std::isinf(erlangCModel(3, 60, 180, 60).mean_wait_s));
  EXPECT_EQ(erlangC(3, 0.0), 0.0);
}

TEST(ErlangC, LargeCentersAreStable) {
  double c = erlangC(500, 480.0);
  EXPECT_GT(c, 0.0);
  EXPECT_LT(c, 1.0);
}

TEST(Staffing, TheClassicExample) {
  // 360 calls an hour, 4-minute calls (24 erlangs), 80 % in 20 s: 29 agents give 84.0 %,
  // 28 agents 76.1 %.
  EXPECT_EQ(agentsNeeded(360, 240, 0.8, 20), 29);
  EXPECT_NEAR(erlangCModel(29, 360, 240, 20).service_level, 0.840283145662605, 1e-9);
  EXPECT_NEAR(erlangCModel(28, 360, 240, 20).service_level, 0.7612958139347513, 1e-9);
}

TEST(Staffing, PlanGivesTheFewestAgentsPerHour) {
  StaffingRequest request;
  request.calls_per_hour[3] = 0;
  request.calls_per_hour[8] = 120;
  request.calls_per_hour[9] = 200;
  auto plan = planStaffing(request);
  ASSERT_EQ(plan.size(), 24u);
  EXPECT_EQ(plan[3].agents, 0);
  for (int h : {8, 9}) {
    EXPECT_GE(plan[h].predicted.service_level, 0.8);
    EXPECT_LT(erlangCModel(plan[h].agents - 1, plan[h].calls, 240, 60).service_level, 0.8);
  }
  EXPECT_GT(plan[9].agents, plan[8].agents);
}

}  // namespace
}  // namespace luukku::core::routing
