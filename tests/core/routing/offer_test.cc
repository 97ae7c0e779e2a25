// Offers: timeouts, declines, withdrawals and answers that come too late.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig twoAgents() {
  return makeConfig({queueingLine("neuvola")}, {agentSetup("anna", {{"neuvola", 1}}),
                                                agentSetup("bertta", {{"neuvola", 2}})});
}

TEST(Offers, UnansweredOfferSetsTheAgentNotReadyAndRedirects) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "anna");
  Events events = h.advance(20s);
  ASSERT_EQ(eventsOf<OfferExpired>(events).size(), 1u);
  const AgentPresence* anna = h.state().findAgent("anna");
  EXPECT_EQ(anna->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(anna->state.reason, "no_answer");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "bertta");
}

TEST(Offers, ExpiredItemKeepsItsOriginalPlaceInLine) {
  Harness h(twoAgents(), monday9());
  h.call("neuvola", "+358401111111", "first");
  h.advance(5s);
  h.signIn("anna");  // offered "first"
  h.call("neuvola", "+358402222222", "second");
  h.advance(20s);  // "first" expires and is back in line, ahead of "second"
  auto view = h.state().queue(h.config(), "neuvola");
  ASSERT_EQ(view.waiting.size(), 2u);
  EXPECT_EQ(view.waiting[0].item.id, "first");
  EXPECT_EQ(view.waiting[1].item.id, "second");
  h.signIn("bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("first")), "bertta");
}

TEST(Offers, DeclinedItemGoesToTheNextAgent) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");
  h.run(h.state().decline(h.config(), "anna", contactRef("call-1"), h.now()));
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "bertta");
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kAvailable);
}

TEST(Offers, TheOneWhoDeclinedIsAskedAgainOnlyAsLastResort) {
  Harness h(makeConfig({queueingLine("neuvola")}, {agentSetup("anna", {{"neuvola", 1}})}),
            monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  Events events = h.run(h.state().decline(h.config(), "anna", contactRef("call-1"), h.now()));
  ASSERT_EQ(offers(events).size(), 1u);
  EXPECT_EQ(offers(events)[0].agent_id, "anna");
}

TEST(Offers, AcceptingAfterTheTimeoutIsAConflict) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.advance(20s);
  auto late = h.state().accept(h.config(), "anna", contactRef("call-1"), h.now());
  EXPECT_EQ(late.status().code(), ErrorCode::kConflict);
}

TEST(Offers, AcceptingSomeoneElsesOfferIsAConflict) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");
  auto r = h.state().accept(h.config(), "bertta", contactRef("call-1"), h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
}

TEST(Offers, AcceptingAnUnknownItemIsNotFound) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  auto r = h.state().accept(h.config(), "anna", contactRef("nope"), h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

TEST(Offers, BreakDuringAnOfferWithdrawsItToItsPlace) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  Events events = h.run(
      h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "coffee", h.now()));
  ASSERT_EQ(eventsOf<OfferWithdrawn>(events).size(), 1u);
  EXPECT_EQ(h.state().findContact("call-1")->routing.state, WorkState::kWaiting);
  EXPECT_EQ(h.state().heldBy("anna").size(), 0u);
}

TEST(Offers, AnOfferToAnAgentWhoWentOfflineCannotBeAccepted) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kOffline, "", h.now()));
  auto r = h.state().accept(h.config(), "anna", contactRef("call-1"), h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  h.signIn("bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "bertta");
}

TEST(Offers, CallerHangingUpDuringTheOfferFreesTheAgent) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.run(h.state().abandon(h.config(), "call-1", h.now(), h.ids()));
  EXPECT_EQ(h.state().findContact("call-1"), nullptr);
  EXPECT_TRUE(h.state().heldBy("anna").empty());
  h.call("neuvola", "+358402222222", "call-2");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-2")), "anna");
}

TEST(Offers, AnsweredCallCannotBeAbandoned) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  EXPECT_EQ(h.state().abandon(h.config(), "call-1", h.now(), h.ids()).status().code(),
            ErrorCode::kConflict);
}

TEST(Offers, CompletingTwiceIsNotFound) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
  auto again = h.state().completeContact(h.config(), "anna", "call-1", h.now());
  EXPECT_EQ(again.status().code(), ErrorCode::kNotFound);
}

TEST(Offers, CompletingSomeoneElsesContactIsAConflict) {
  Harness h(twoAgents(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  auto r = h.state().completeContact(h.config(), "bertta", "call-1", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
}

}  // namespace
}  // namespace luukku::core::routing
