// Position and estimated wait of waiting items.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig line(seconds assumed) {
  LineSetup l = queueingLine("neuvola");
  l.policy.assumed_handle_time = assumed;
  l.policy.wrap_up = 0s;
  return makeConfig({l}, {agentSetup("anna", {{"neuvola", 1}}), agentSetup("bertta", {{"neuvola", 1}})});
}

TEST(Queue, PositionsFollowPlaceInLine) {
  Harness h(line(240s), monday9());
  for (int i = 1; i <= 3; ++i) h.call("neuvola", "+35840000000" + std::to_string(i), "c" + std::to_string(i));
  auto view = h.state().queue(h.config(), "neuvola");
  ASSERT_EQ(view.waiting.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(view.waiting[i].item.id, "c" + std::to_string(i + 1));
    EXPECT_EQ(view.waiting[i].position, i + 1);
  }
  auto info = h.state().waitingInfo(h.config(), contactRef("c2"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->position, 2);
}

TEST(Queue, AViewCanBePagedAndStillCountsEverything) {
  Harness h(line(240s), monday9());
  for (int i = 1; i <= 5; ++i) h.call("neuvola", "+35840000000" + std::to_string(i), "c" + std::to_string(i));
  TaskRequest r;
  r.line_id = "neuvola";
  r.number = "+358409999999";
  h.run(h.state().createTask(h.config(), r, h.now(), h.ids()));
  auto view = h.state().queue(h.config(), "neuvola", 2);
  ASSERT_EQ(view.waiting.size(), 2u);
  EXPECT_EQ(view.waiting[1].item.id, "c2");
  EXPECT_EQ(view.waiting_total, 6);
}

TEST(Queue, NobodySignedInGivesNoEstimate) {
  Harness h(line(240s), monday9());
  h.call("neuvola", "+358400000001", "c1");
  EXPECT_EQ(h.state().waitingInfo(h.config(), contactRef("c1"))->estimated_wait, std::nullopt);
}

TEST(Queue, EstimateIsPositionTimesHandlingTimeOverAgents) {
  Harness h(line(240s), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  for (int i = 1; i <= 5; ++i) h.call("neuvola", "+35840000000" + std::to_string(i), "c" + std::to_string(i));
  // c1 and c2 are offered; c3 is first in line: 1 x 240 s / 2 agents.
  EXPECT_EQ(h.state().waitingInfo(h.config(), contactRef("c3"))->estimated_wait, 120s);
  EXPECT_EQ(h.state().waitingInfo(h.config(), contactRef("c5"))->estimated_wait, 360s);
  EXPECT_EQ(h.state().waitingInfo(h.config(), contactRef("c1")), std::nullopt);  // offered
  auto view = h.state().queue(h.config(), "neuvola");
  EXPECT_EQ(view.offered, 2);
  EXPECT_EQ(view.agents_signed_in, 2);
}

TEST(Queue, EstimateFollowsRecentHandlingTimes) {
  Harness h(line(240s), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358400000001", "c1");
  h.accept("anna", contactRef("c1"));
  h.advance(60s);
  h.run(h.state().completeContact(h.config(), "anna", "c1", h.now()));
  EXPECT_EQ(h.state().lineStats("neuvola")->average_handle_us, 60'000'000);
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "", h.now()));
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kAvailable, "", h.now()));
  h.call("neuvola", "+358400000002", "c2");
  h.accept("anna", contactRef("c2"));
  h.call("neuvola", "+358400000003", "c3");
  EXPECT_EQ(h.state().waitingInfo(h.config(), contactRef("c3"))->estimated_wait, 60s);
  EXPECT_EQ(h.state().queue(h.config(), "neuvola").average_handle_time, 60s);
}

}  // namespace
}  // namespace luukku::core::routing
