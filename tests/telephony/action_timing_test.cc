// luukku_call_action_seconds (action_timing.h): an action's time is recorded once, when the last
// thing it waits for is done (its answer, its step, the SIP requests it sends), measured from
// when the API read the request; a refused action is not recorded.
#include "telephony/action_timing.h"

#include <gtest/gtest.h>

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using Time = ActionTiming::Time;

// The histogram's count at or under `bound` seconds (one of Histogram::kBounds), and in all.
std::uint64_t countUpTo(const metrics::Histogram& h, double bound) {
  auto counts = h.cumulativeCounts();
  for (std::size_t i = 0; i < metrics::Histogram::kBounds.size(); ++i) {
    if (metrics::Histogram::kBounds[i] == bound) return counts[i];
  }
  ADD_FAILURE() << bound << " is not a bound";
  return 0;
}
std::uint64_t total(const metrics::Histogram& h) {
  return h.cumulativeCounts().back();
}

const Time kRead = Time(100s);

TEST(ActionTiming, IsRecordedWhenTheSipRequestIsHandedOverAfterTheAnswer) {
  metrics::Histogram h;
  ActionTiming timing(h, kRead);
  timing.begin();  // the consultation's INVITE
  timing.answered(true, kRead + 1ms);
  EXPECT_EQ(total(h), 0u) << "the INVITE is not handed over yet";
  timing.done(kRead + 17ms);
  EXPECT_EQ(total(h), 1u);
  EXPECT_EQ(countUpTo(h, 0.015), 0u);
  EXPECT_EQ(countUpTo(h, 0.02), 1u);  // 17 ms: within the 20 ms target
  EXPECT_EQ(h.sumNanos(), 17'000'000u);
}

TEST(ActionTiming, IsRecordedAtTheAnswerWhenTheActionSendsNoSip) {
  metrics::Histogram h;
  ActionTiming timing(h, kRead);
  timing.begin();  // the step that posts the music on hold
  timing.done(kRead + 2ms);
  EXPECT_EQ(total(h), 0u) << "the answer is not ready yet";
  timing.answered(true, kRead + 3ms);
  EXPECT_EQ(total(h), 1u);
  EXPECT_EQ(h.sumNanos(), 3'000'000u);
}

TEST(ActionTiming, WaitsForEverySipRequestTheActionSends) {
  metrics::Histogram h;
  ActionTiming timing(h, kRead);
  timing.begin();  // a blind transfer's INVITE to the party
  timing.begin();  // and its BYE to the professional's phone
  timing.answered(true, kRead + 1ms);
  timing.done(kRead + 4ms);
  EXPECT_EQ(total(h), 0u);
  timing.done(kRead + 30ms);
  EXPECT_EQ(total(h), 1u);
  EXPECT_EQ(countUpTo(h, 0.025), 0u);  // the later of the two: 30 ms
}

TEST(ActionTiming, ARefusedActionIsNotRecorded) {
  metrics::Histogram h;
  ActionTiming timing(h, kRead);
  timing.answered(false, kRead + 1ms);
  EXPECT_EQ(total(h), 0u);
}

// A clock that moves only when the test sets it.
ports::RequestedAt fake_now;
ports::RequestedAt fakeNow() {
  return fake_now;
}

TEST(CallActionTimings, TimesOnlyActionsAskedThroughTheApiEachInItsOwnSeries) {
  metrics::Registry registry;
  CallActionTimings timings(registry, fakeNow);
  EXPECT_EQ(timings.start(CallAction::kHold, ports::RequestedAt{}), nullptr);
  auto timing = timings.start(CallAction::kCompleteTransfer, kRead);
  ASSERT_NE(timing, nullptr);
  timing->answered(true, kRead + 5ms);
  std::string text = registry.render();
  EXPECT_NE(text.find(R"(luukku_call_action_seconds_count{action="complete_transfer"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(luukku_call_action_seconds_count{action="hold"} 0)"), std::string::npos);
  EXPECT_NE(
      text.find(R"(luukku_call_action_seconds_bucket{action="transfer_to_line",le="0.02"} 0)"),
      std::string::npos);
}

TEST(ActingNow, CountsTheSipSentWithinAScopeForItsActionUntilNuaHasIt) {
  metrics::Histogram h;
  fake_now = kRead;
  auto timing = std::make_shared<ActionTiming>(h, kRead);
  ActingNow acting(fakeNow);
  EXPECT_FALSE(acting.sentHook()) << "no action is being timed";
  sip::SipStack::Sent bye;
  {
    ActingNow::Scope scope(acting, timing);
    ActingNow::Scope untimed(acting, nullptr);  // a step of no timed action changes nothing
    bye = acting.sentHook();
    ASSERT_TRUE(bye);
    timing->answered(true, kRead + 1ms);
  }
  EXPECT_FALSE(acting.sentHook()) << "the scope has ended";
  EXPECT_EQ(total(h), 0u) << "the BYE is not handed to NUA yet";
  fake_now = kRead + 30ms;  // when NUA has it, on the clock the timings were given
  bye();
  EXPECT_EQ(total(h), 1u);
  EXPECT_EQ(countUpTo(h, 0.025), 0u);
}

}  // namespace
}  // namespace luukku::telephony
