#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig oneLine() {
  return makeConfig({lineSetup("neuvola")},
                    {agentSetup("anna", {{"neuvola", 1}}), agentSetup("bertta", {{"neuvola", 1}})});
}

TEST(Presence, SigningInCopiesTheProfileAndShowsAvailable) {
  Harness h(oneLine(), monday9());
  Events events = h.signIn("anna");
  ASSERT_EQ(eventsOf<ProfileChanged>(events).size(), 1u);
  const AgentPresence* anna = h.state().findAgent("anna");
  ASSERT_NE(anna, nullptr);
  EXPECT_EQ(anna->state.status, PresenceStatus::kAvailable);
  EXPECT_EQ(anna->state.since, monday9());
  EXPECT_EQ(anna->profile.memberships, (std::vector<Membership>{{"neuvola", 1}}));
  EXPECT_EQ(streamOf(events[0]), "presence/anna");
}

TEST(Presence, UnknownAgentIsNotFound) {
  Harness h(oneLine(), monday9());
  auto r = h.state().setPresence(h.config(), "nobody", PresenceStatus::kAvailable, "", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

TEST(Presence, RetiredAgentCannotSignIn) {
  AgentSetup retired = agentSetup("anna", {{"neuvola", 1}});
  retired.agent.active = false;
  Harness h(makeConfig({lineSetup("neuvola")}, {retired}), monday9());
  auto r = h.state().setPresence(h.config(), "anna", PresenceStatus::kAvailable, "", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
}

TEST(Presence, OnlyAvailableBreakAndOfflineCanBeChosen) {
  Harness h(oneLine(), monday9());
  auto r = h.state().setPresence(h.config(), "anna", PresenceStatus::kBusy, "", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
}

TEST(Presence, SameChoiceTwiceRecordsNothing) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  auto again = h.state().setPresence(h.config(), "anna", PresenceStatus::kAvailable, "", h.now());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST(Presence, DecisionsDoNotChangeState) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  ContactCenter before = h.state();
  Arrival a;
  a.line_id = "neuvola";
  a.from_number = "+358401111111";
  (void)h.state().arrive(h.config(), a, h.now(), h.ids());
  (void)h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "lunch", h.now());
  EXPECT_EQ(h.state(), before);
}

TEST(Presence, GoingOfflineWithWorkInHandIsRefused) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  auto r = h.state().setPresence(h.config(), "anna", PresenceStatus::kOffline, "", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "anna");
}

TEST(Presence, BusyWhileHoldingWorkThenWrapUpForTheLinesTime) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kBusy);
  h.advance(5min);
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
  const AgentPresence* anna = h.state().findAgent("anna");
  EXPECT_EQ(anna->state.status, PresenceStatus::kWrapUp);
  EXPECT_EQ(anna->state.wrap_up_until, h.now() + 30s);
  EXPECT_EQ(h.state().nextDeadline(), h.now() + 30s);
  h.advance(30s);
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kAvailable);
  EXPECT_EQ(h.state().findAgent("anna")->state.idle_since, h.now());
}

TEST(Presence, NoOffersDuringWrapUp) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
  Events events = h.call("neuvola", "+358402222222", "call-2");
  EXPECT_TRUE(offers(events).empty());
  events = h.advance(30s);
  ASSERT_EQ(offers(events).size(), 1u);
  EXPECT_EQ(offers(events)[0].agent_id, "anna");
}

TEST(Presence, ChoosingAvailableEndsWrapUpEarly) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
  h.advance(5s);
  h.signIn("anna");
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kAvailable);
  EXPECT_EQ(h.state().nextDeadline(), std::nullopt);
}

TEST(Presence, BreakChosenDuringACallShowsWhenTheWorkEnds) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "lunch", h.now()));
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kBusy);
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
  h.advance(30s);
  const AgentPresence* anna = h.state().findAgent("anna");
  EXPECT_EQ(anna->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(anna->state.reason, "lunch");
}

TEST(Presence, ConfigurationChangeRefreshesAnOnlineAgentsProfile) {
  Harness h(oneLine(), monday9());
  h.signIn("anna");
  RoutingConfig changed = makeConfig({lineSetup("neuvola"), lineSetup("hammas")},
                                     {agentSetup("anna", {{"hammas", 2}})});
  h.setConfig(changed);
  Events events = h.run(h.state().refreshProfile(h.config(), "anna", h.now()));
  ASSERT_EQ(eventsOf<ProfileChanged>(events).size(), 1u);
  EXPECT_EQ(h.state().findAgent("anna")->profile.memberships,
            (std::vector<Membership>{{"hammas", 2}}));
  auto again = h.state().refreshProfile(h.config(), "anna", h.now());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace luukku::core::routing
