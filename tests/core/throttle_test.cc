#include "core/throttle.h"

#include <gtest/gtest.h>

namespace luukku::core {
namespace {
using namespace std::chrono_literals;

class Throttle : public ::testing::Test {
 protected:
  static ThrottleOptions options() {
    ThrottleOptions o;
    o.per_account = {3, 10min, 5min};
    o.per_address = {5, 10min, 5min};
    o.max_entries = 100;
    return o;
  }
  ManualClock clock_{fromMicros(1795335330000000)};
  LoginThrottle throttle_{clock_, options()};
};

TEST_F(Throttle, NothingIsLockedAtFirst) { EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.1"), 0s); }

TEST_F(Throttle, TheAccountLocksAtItsLimitForTheLockTime) {
  for (int i = 0; i < 2; ++i) throttle_.recordFailure("anna", "10.0.0." + std::to_string(i));
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.9"), 0s);
  throttle_.recordFailure("anna", "10.0.0.3");
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.9"), 300s);
  EXPECT_EQ(throttle_.retryAfter("bertta", "10.0.0.9"), 0s) << "other accounts are not locked";
}

TEST_F(Throttle, TheLockLiftsByItself) {
  for (int i = 0; i < 3; ++i) throttle_.recordFailure("anna", "10.0.0.1");
  clock_.advance(299s);
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.2"), 1s);
  clock_.advance(1s);
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.2"), 0s);
}

TEST_F(Throttle, RetryAfterRoundsUp) {
  for (int i = 0; i < 3; ++i) throttle_.recordFailure("anna", "10.0.0.1");
  clock_.advance(299500ms);
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.2"), 1s);
}

TEST_F(Throttle, FailuresOutsideTheWindowAreForgotten) {
  throttle_.recordFailure("anna", "10.0.0.1");
  throttle_.recordFailure("anna", "10.0.0.1");
  clock_.advance(11min);
  throttle_.recordFailure("anna", "10.0.0.1");
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.2"), 0s);
}

TEST_F(Throttle, ASuccessClearsTheAccountButNotTheAddress) {
  for (int i = 0; i < 2; ++i) throttle_.recordFailure("anna", "10.0.0.1");
  throttle_.recordSuccess("anna");
  throttle_.recordFailure("anna", "10.0.0.1");
  EXPECT_EQ(throttle_.retryAfter("anna", "10.0.0.2"), 0s);
  throttle_.recordFailure("x", "10.0.0.1");
  throttle_.recordFailure("y", "10.0.0.1");
  EXPECT_EQ(throttle_.retryAfter("z", "10.0.0.1"), 300s) << "five failures from the address";
}

TEST_F(Throttle, AFloodOfNamesStaysBoundedAndKeepsLocks) {
  for (int i = 0; i < 3; ++i) throttle_.recordFailure("anna", "10.0.0.1");
  for (int i = 0; i < 1000; ++i) {
    throttle_.recordFailure("made-up-" + std::to_string(i), "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  }
  EXPECT_EQ(throttle_.retryAfter("anna", "10.9.9.9"), 300s);
}

}  // namespace
}  // namespace luukku::core
