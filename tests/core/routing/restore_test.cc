// Rebuilding state: replaying events, restoring from documents, recovery after a restart,
// and a clock that jumps.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig center() {
  LineSetup chat = queueingLine("chat");
  return makeConfig({queueingLine("neuvola"), chat},
                    {agentSetup("anna", {{"neuvola", 1}, {"chat", 2}}),
                     agentSetup("bertta", {{"neuvola", 2}}), agentSetup("cecilia", {{"chat", 1}}),
                     agentSetup("daniel", {{"neuvola", 3}})});
}

// A busy morning: calls waiting, offered and answered, tasks parked and held, a chat.
void busyMorning(Harness& h) {
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");
  h.accept("anna", contactRef("call-1"));
  h.call("neuvola", "+358402222222", "call-2");  // offered to bertta
  h.call("neuvola", "+358403333333", "call-3");  // waiting
  TaskRequest r;
  r.line_id = "neuvola";
  r.number = "+358404444444";
  h.run(h.state().createTask(h.config(), r, h.now(), h.ids()));
  r.number = "+358405555555";
  h.run(h.state().createTask(h.config(), r, h.now(), h.ids()));
  h.run(h.state().setPresence(h.config(), "cecilia", PresenceStatus::kAvailable, "", h.now()));
  Arrival chat;
  chat.contact_id = "chat-1";
  chat.line_id = "chat";
  chat.channel = Channel::kChat;
  h.run(h.state().arrive(h.config(), chat, h.now(), h.ids()));
  h.accept("cecilia", contactRef("chat-1"));
  h.run(h.state().setPresence(h.config(), "daniel", PresenceStatus::kBreak, "", h.now()));
  h.run(h.state().claimTask(h.config(), "daniel", "t-000001", h.now()));
  h.advance(2min);
  h.run(h.state().completeContact(h.config(), "anna", "call-1", h.now()));
}

TEST(Restore, ReplayingAllEventsGivesTheLiveState) {
  Harness h(center(), monday9());
  busyMorning(h);
  EXPECT_EQ(h.replay(), h.state());
}

TEST(Restore, RestoringFromDocumentsGivesTheSameStateAsReplay) {
  Harness h(center(), monday9());
  busyMorning(h);
  auto restored = ContactCenter::restore(h.state().snapshot());
  ASSERT_TRUE(restored) << restored.status().toString();
  EXPECT_EQ(*restored, h.replay());
  EXPECT_EQ(restored->nextDeadline(), h.state().nextDeadline());
  EXPECT_EQ(restored->route(h.config(), h.now()).size(), h.state().route(h.config(), h.now()).size());
  EXPECT_EQ(restored->queue(h.config(), "neuvola").waiting,
            h.state().queue(h.config(), "neuvola").waiting);
}

TEST(Restore, ACopyDecidesLikeTheOriginal) {
  Harness h(center(), monday9());
  busyMorning(h);
  ContactCenter copy = h.state();
  EXPECT_EQ(copy, h.state());
  Timestamp later = h.now() + 1h;
  EXPECT_EQ(copy.onTime(h.config(), later, h.ids()).size(),
            h.state().onTime(h.config(), later, h.ids()).size());
}

TEST(Restore, DocumentsThatContradictEachOtherAreRefused) {
  Harness h(center(), monday9());
  busyMorning(h);
  RoutingSnapshot s = h.state().snapshot();
  std::erase_if(s.agents, [](const AgentPresence& a) { return a.agent_id == "daniel"; });  // holds a task
  EXPECT_EQ(ContactCenter::restore(s).status().code(), ErrorCode::kInternal);
  RoutingSnapshot twice = h.state().snapshot();
  twice.tasks.push_back(twice.tasks.front());
  EXPECT_EQ(ContactCenter::restore(twice).status().code(), ErrorCode::kInternal);
}

TEST(Recovery, RestartTurnsWaitingAndOfferedCallsIntoCallbacks) {
  Harness h(center(), monday9());
  busyMorning(h);
  Events events = h.run(h.state().recoverAfterRestart(h.config(), h.now(), h.ids()));
  auto interrupted = eventsOf<ContactInterrupted>(events);
  EXPECT_EQ(interrupted.size(), 3u);  // call-2, call-3 and chat-1
  EXPECT_NE(h.state().openTaskFor("neuvola", "+358402222222"), nullptr);
  EXPECT_NE(h.state().openTaskFor("neuvola", "+358403333333"), nullptr);
  EXPECT_EQ(h.state().contactCount(), 0u);
}

TEST(Recovery, RestartReturnsHeldTasksAndSetsAgentsOffline) {
  Harness h(center(), monday9());
  busyMorning(h);
  h.run(h.state().recoverAfterRestart(h.config(), h.now(), h.ids()));
  EXPECT_EQ(h.state().findTask("t-000001")->routing.state, WorkState::kWaiting);
  for (const char* agent : {"anna", "bertta", "cecilia", "daniel"}) {
    EXPECT_EQ(h.state().findAgent(agent)->state.status, PresenceStatus::kOffline) << agent;
    EXPECT_TRUE(h.state().heldBy(agent).empty()) << agent;
  }
  EXPECT_EQ(h.replay(), h.state());
}

TEST(Recovery, TwoInterruptedCallsFromOneNumberMakeOneTask) {
  Harness h(center(), monday9());
  h.call("neuvola", "+358401111111", "call-1");
  h.call("neuvola", "+358401111111", "call-2");
  Events events = h.run(h.state().recoverAfterRestart(h.config(), h.now(), h.ids()));
  EXPECT_EQ(eventsOf<TaskCreated>(events).size(), 1u);
  EXPECT_EQ(eventsOf<TaskContactAdded>(events).size(), 1u);
  EXPECT_EQ(h.state().openTaskFor("neuvola", "+358401111111")->contact_count, 2);
}

TEST(Clock, AClockSteppedBackIsReadAsTheLatestEventTime) {
  Harness h(center(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "call-1");
  auto decided = h.state().accept(h.config(), "anna", contactRef("call-1"), h.now() - 1h);
  ASSERT_TRUE(decided);
  EXPECT_EQ(eventTime(decided->front()), h.now());
}

TEST(Clock, AJumpForwardFiresEveryPassedDeadlineOnceInOrder) {
  Harness h(center(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  h.call("neuvola", "+358401111111", "call-1");  // offered to anna
  h.call("neuvola", "+358402222222", "call-2");  // offered to bertta
  Events events = h.advance(3h);
  auto expired = eventsOf<OfferExpired>(events);
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].at, monday9() + 20s);
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(h.state().findAgent("bertta")->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(h.state().findContact("call-1")->routing.state, WorkState::kWaiting);
  EXPECT_EQ(h.state().findContact("call-2")->routing.state, WorkState::kWaiting);
  EXPECT_EQ(h.replay(), h.state());
}

}  // namespace
}  // namespace luukku::core::routing
