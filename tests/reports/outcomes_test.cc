// The definitions of the call categories and the arithmetic of shares and quantiles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/reports/call_outcomes.h"

namespace luukku::core::reports {
namespace {

using std::chrono::seconds;

std::vector<std::string> formatted(const std::array<std::int64_t, 4>& shares) {
  std::vector<std::string> out;
  for (auto bp : shares) out.push_back(formatBasisPoints(bp));
  return out;
}

TEST(Outcomes, SharesOfTheRegionsNovemberRowAreItsPercentages) {
  EXPECT_THAT(formatted(shareBasisPoints({397, 60, 0, 163})),
              ::testing::ElementsAre("64.03", "9.68", "0.00", "26.29"));
}

TEST(Outcomes, SharesOfTheRegionsMarchRowAreItsPercentages) {
  EXPECT_THAT(formatted(shareBasisPoints({894, 0, 242, 290})),
              ::testing::ElementsAre("62.69", "0.00", "16.97", "20.34"));
}

TEST(Outcomes, SharesAlwaysAddUpToOneHundredPercent) {
  for (std::int64_t a = 0; a < 7; ++a) {
    for (std::int64_t b = 0; b < 7; ++b) {
      for (std::int64_t c = 0; c < 7; ++c) {
        OutcomeCounts counts{a, b, c, 1};
        auto s = shareBasisPoints(counts);
        EXPECT_EQ(s[0] + s[1] + s[2] + s[3], 10000) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Outcomes, NoCallsHaveNoShares) {
  EXPECT_THAT(shareBasisPoints({}), ::testing::ElementsAre(0, 0, 0, 0));
}

TEST(Outcomes, AnUnansweredCallReachedByACallbackIsCalledBackNotLost) {
  CallRecord call;
  call.arrived_at = Timestamp(seconds{1000});
  call.ended_at = call.arrived_at + seconds{40};
  EXPECT_EQ(outcomeOf(call), CallOutcome::kLost);
  call.reached_at = call.arrived_at + std::chrono::hours{20};
  EXPECT_EQ(outcomeOf(call), CallOutcome::kCalledBack);
}

TEST(Outcomes, ACallbackAttemptIsNotACallOfTheTotal) {
  CallRecord attempt;
  attempt.direction = CallDirection::kOutgoing;
  attempt.task_id = "t-1";
  EXPECT_EQ(outcomeOf(attempt), CallOutcome::kCallbackAttempt);
  EXPECT_FALSE(countsInTotal(outcomeOf(attempt)));
  attempt.task_id.clear();
  EXPECT_EQ(outcomeOf(attempt), CallOutcome::kOutgoing);
}

TEST(Outcomes, AWaitingCallIsPendingAndNotCounted) {
  CallRecord call;
  EXPECT_EQ(outcomeOf(call), CallOutcome::kPending);
  EXPECT_FALSE(countsInTotal(CallOutcome::kPending));
}

TEST(Outcomes, QuantilesAreObservedSecondsByNearestRank) {
  SecondsHistogram h;
  for (int s : {1, 2, 3, 4, 5, 6, 7, 8, 9, 100}) h.add(seconds{s});
  EXPECT_EQ(h.quantile(0.5), 5);
  EXPECT_EQ(h.quantile(0.9), 9);
  EXPECT_EQ(h.quantile(1.0), 100);
  EXPECT_DOUBLE_EQ(*h.meanSeconds(), 14.5);
  EXPECT_EQ(h.under(5), 4);
}

}  // namespace
}  // namespace luukku::core::reports
