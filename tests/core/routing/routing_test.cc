// Who gets which work: eligibility, tiers, idle time, continuity, priorities and capacity.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

TEST(Routing, ACallIsOfferedToTheOnlyReadyMember) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 1}})}), monday9());
  h.signIn("anna");
  Events events = h.call("neuvola", "+358401111111", "call-1");
  ASSERT_EQ(offers(events).size(), 1u);
  EXPECT_EQ(offers(events)[0].agent_id, "anna");
  EXPECT_EQ(offers(events)[0].expires_at, h.now() + 20s);
  EXPECT_EQ(streamOf(RoutingEvent(offers(events)[0])), "contact/call-1");
}

TEST(Routing, NonMembersAreNeverOffered) {
  Harness h(makeConfig({lineSetup("neuvola"), lineSetup("hammas")},
                       {agentSetup("anna", {{"hammas", 1}})}),
            monday9());
  h.signIn("anna");
  EXPECT_TRUE(offers(h.call("neuvola")).empty());
}

TEST(Routing, HigherTierIsAskedFirst) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 2}}),
                                                agentSetup("bertta", {{"neuvola", 1}})}),
            monday9());
  h.signIn("anna");
  h.advance(1min);
  h.signIn("bertta");
  EXPECT_EQ(offers(h.call("neuvola"))[0].agent_id, "bertta");
}

TEST(Routing, LongestIdleIsAskedFirstWithinATier) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 1}}),
                                                agentSetup("bertta", {{"neuvola", 1}})}),
            monday9());
  h.signIn("bertta");
  h.advance(1min);
  h.signIn("anna");
  EXPECT_EQ(offers(h.call("neuvola"))[0].agent_id, "bertta");
}

TEST(Routing, LanguageAndSkillsMustMatch) {
  LineSetup line = lineSetup("mielenterveys");
  line.policy.required_skills = {"mental-health"};
  AgentSetup anna = agentSetup("anna", {{"mielenterveys", 1}});
  anna.agent.skills = {"mental-health"};
  AgentSetup bertta = agentSetup("bertta", {{"mielenterveys", 1}});
  bertta.agent.skills = {"mental-health"};
  bertta.agent.languages = {"fi", "sv"};
  AgentSetup cecilia = agentSetup("cecilia", {{"mielenterveys", 1}});
  cecilia.agent.languages = {"sv"};  // speaks Swedish but lacks the skill
  Harness h(makeConfig({line}, {anna, bertta, cecilia}), monday9());
  h.signIn("cecilia");
  h.signIn("anna");
  h.signIn("bertta");
  Arrival a;
  a.line_id = "mielenterveys";
  a.language = "sv";
  Events events = h.run(h.state().arrive(h.config(), a, h.now(), h.ids()));
  ASSERT_EQ(offers(events).size(), 1u);
  EXPECT_EQ(offers(events)[0].agent_id, "bertta");
}

TEST(Routing, ContinuityPrefersThePreviousAgentWithinTheWait) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 1}}),
                                                agentSetup("bertta", {{"neuvola", 1}})}),
            monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358409999999", "busy");
  h.accept("anna", contactRef("busy"));  // anna is busy; bertta is free
  Arrival a;
  a.contact_id = "call-1";
  a.line_id = "neuvola";
  a.preferred_agent = "anna";
  EXPECT_TRUE(offers(h.run(h.state().arrive(h.config(), a, h.now(), h.ids()))).empty());
  h.advance(20s);
  h.run(h.state().completeContact(h.config(), "anna", "busy", h.now()));
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kAvailable, "", h.now()));
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "anna");
}

TEST(Routing, ContinuityGivesWayAfterTheBoundedWait) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 1}}),
                                                agentSetup("bertta", {{"neuvola", 1}})}),
            monday9());
  h.signIn("bertta");
  Arrival a;
  a.contact_id = "call-1";
  a.line_id = "neuvola";
  a.preferred_agent = "anna";  // offline
  h.run(h.state().arrive(h.config(), a, h.now(), h.ids()));
  h.advance(59s);
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "");
  Events events = h.advance(1s);
  EXPECT_EQ(eventsOf<PreferenceExpired>(events).size(), 1u);
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "bertta");
}

TEST(Routing, TeamPreferenceAcceptsAnyoneFromTheTeam) {
  AgentSetup anna = agentSetup("anna", {{"neuvola", 1}});
  AgentSetup bertta = agentSetup("bertta", {{"neuvola", 1}});
  bertta.agent.teams = {"team-b"};
  Harness h(makeConfig({lineSetup("neuvola")}, {anna, bertta}), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  Arrival a;
  a.line_id = "neuvola";
  a.preferred_team = "team-b";
  EXPECT_EQ(offers(h.run(h.state().arrive(h.config(), a, h.now(), h.ids())))[0].agent_id,
            "bertta");
}

TEST(Routing, AreaPreferenceFindsAnAgentOfTheCitizensArea) {
  AgentSetup anna = agentSetup("anna", {{"neuvola", 1}});
  AgentSetup bertta = agentSetup("bertta", {{"neuvola", 1}});
  bertta.agent.area = "lapua";
  Harness h(makeConfig({lineSetup("neuvola")}, {anna, bertta}), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  Arrival a;
  a.line_id = "neuvola";
  a.area = "lapua";
  EXPECT_EQ(offers(h.run(h.state().arrive(h.config(), a, h.now(), h.ids())))[0].agent_id,
            "bertta");
}

RoutingConfig consultationAndCitizens() {
  LineSetup consult = queueingLine("konsultaatio");
  consult.policy.priority_head_start = 300s;
  return makeConfig({consult, queueingLine("neuvola")},
                    {agentSetup("anna", {{"konsultaatio", 1}, {"neuvola", 1}})});
}

TEST(Routing, ConsultationLineIsAnsweredBeforeCitizens) {
  Harness h(consultationAndCitizens(), monday9());
  h.call("neuvola", "+358401111111", "citizen");
  h.advance(2min);
  h.call("konsultaatio", "+358402222222", "doctor");
  Events events = h.signIn("anna");
  EXPECT_EQ(offers(events)[0].item.id, "doctor");
}

TEST(Routing, AgingLetsALongWaitingCitizenGoFirst) {
  Harness h(consultationAndCitizens(), monday9());
  h.call("neuvola", "+358401111111", "citizen");
  h.advance(6min);  // longer than the consultation line's five-minute head start
  h.call("konsultaatio", "+358402222222", "doctor");
  Events events = h.signIn("anna");
  EXPECT_EQ(offers(events)[0].item.id, "citizen");
}

TEST(Routing, ItemsAreOfferedInOrderOneOfferPerAgent) {
  Harness h(makeConfig({queueingLine("neuvola")}, {agentSetup("anna", {{"neuvola", 1}}),
                                                agentSetup("bertta", {{"neuvola", 1}})}),
            monday9());
  for (int i = 1; i <= 3; ++i) {
    h.call("neuvola", "+35840111111" + std::to_string(i), "call-" + std::to_string(i));
    h.advance(1s);
  }
  h.signIn("anna");
  h.advance(1s);
  Events events = h.signIn("bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "anna");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-2")), "bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-3")), "");
}

TEST(Routing, ChatAgentTakesUpToThreeChatsButNoCallMeanwhile) {
  Harness h(makeConfig({lineSetup("chat")}, {agentSetup("anna", {{"chat", 1}})}), monday9());
  h.signIn("anna");
  for (int i = 1; i <= 4; ++i) {
    Arrival a;
    a.contact_id = "chat-" + std::to_string(i);
    a.line_id = "chat";
    a.channel = Channel::kChat;
    h.run(h.state().arrive(h.config(), a, h.now(), h.ids()));
    if (i <= 3) h.accept("anna", contactRef(a.contact_id));
  }
  EXPECT_EQ(holderOf(h.state(), contactRef("chat-4")), "");
  h.call("chat", "+358401111111", "call-1");
  EXPECT_EQ(holderOf(h.state(), contactRef("call-1")), "");
  h.run(h.state().completeContact(h.config(), "anna", "chat-1", h.now()));
  EXPECT_EQ(holderOf(h.state(), contactRef("chat-4")), "anna");  // no wrap-up: chats remain
}

TEST(Routing, MixingLetsACallAgentTakeChatsDuringACall) {
  AgentSetup anna = agentSetup("anna", {{"chat", 1}});
  anna.policy.capacity.mix_calls_and_chats = true;
  Harness h(makeConfig({lineSetup("chat")}, {anna}), monday9());
  h.signIn("anna");
  h.call("chat", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  Arrival a;
  a.contact_id = "chat-1";
  a.line_id = "chat";
  a.channel = Channel::kChat;
  h.run(h.state().arrive(h.config(), a, h.now(), h.ids()));
  EXPECT_EQ(holderOf(h.state(), contactRef("chat-1")), "anna");
}

TEST(Routing, NoReadyAgentMeansNoOffers) {
  Harness h(makeConfig({lineSetup("neuvola")}, {agentSetup("anna", {{"neuvola", 1}})}), monday9());
  h.call("neuvola");
  EXPECT_TRUE(h.state().route(h.config(), h.now()).empty());
}

}  // namespace
}  // namespace luukku::core::routing
