// Outgoing contacts: a professional's callbacks and click-to-call, held by them from the start.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig station() {
  return makeConfig({queueingLine("asema")},
                    {agentSetup("anna", {{"asema", 1}}), agentSetup("bertta", {{"asema", 1}})});
}

OutgoingCall clickToCall(std::string agent = "anna") {
  return {"", "asema", std::move(agent), "+358501112222", ""};
}

// Anna holds a callback task for +358401111111.
std::string heldTask(Harness& h) {
  TaskRequest r;
  r.line_id = "asema";
  r.number = "+358401111111";
  auto created =
      eventsOf<TaskCreated>(h.run(h.state().createTask(h.config(), r, h.now(), h.ids())));
  EXPECT_EQ(created.size(), 1u);
  std::string id = created.empty() ? "" : created[0].task.id;
  if (holderOf(h.state(), taskRef(id)) == "anna") h.accept("anna", taskRef(id));
  EXPECT_EQ(holderOf(h.state(), taskRef(id)), "anna");
  return id;
}

TEST(Outgoing, ADialledContactIsHeldByItsAgentFromTheStart) {
  Harness h(station(), monday9());
  h.signIn("anna");
  Events events = h.run(h.state().dialOut(h.config(), clickToCall(), h.now(), h.ids()));
  auto dialled = eventsOf<ContactDialled>(events);
  ASSERT_EQ(dialled.size(), 1u);
  const Contact& c = dialled[0].contact;
  EXPECT_EQ(c.direction, ContactDirection::kOutgoing);
  EXPECT_EQ(c.to_number, "+358501112222");
  EXPECT_EQ(c.routing.state, WorkState::kActive);
  EXPECT_EQ(c.routing.agent_id, "anna");
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kBusy);
  EXPECT_TRUE(offers(events).empty());
}

TEST(Outgoing, AnAgentOnAnOutgoingCallIsOfferedNothing) {
  Harness h(station(), monday9());
  h.signIn("anna");
  h.run(h.state().dialOut(h.config(), clickToCall(), h.now(), h.ids()));
  Events events = h.call("asema", "+358403334444", "in-1");
  EXPECT_TRUE(offers(events).empty());
  EXPECT_EQ(holderOf(h.state(), contactRef("in-1")), "");
}

TEST(Outgoing, CompletingTheCallLeadsToWrapUpButNotIntoTheLinesHandlingTime) {
  Harness h(station(), monday9());
  h.signIn("anna");
  auto dialled = eventsOf<ContactDialled>(
      h.run(h.state().dialOut(h.config(), clickToCall(), h.now(), h.ids())));
  h.advance(std::chrono::minutes(5));
  Events done =
      h.run(h.state().completeContact(h.config(), "anna", dialled[0].contact.id, h.now()));
  ASSERT_EQ(eventsOf<ContactCompleted>(done).size(), 1u);
  EXPECT_EQ(h.state().findContact(dialled[0].contact.id), nullptr);
  EXPECT_EQ(h.state().lineStats("asema"), nullptr);  // inbound work only
}

TEST(Outgoing, AnAgentWhoIsNotSignedInCannotDial) {
  Harness h(station(), monday9());
  auto r = h.state().dialOut(h.config(), clickToCall(), h.now(), h.ids());
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
}

TEST(Outgoing, AnUnknownLineIsNotFound) {
  Harness h(station(), monday9());
  h.signIn("anna");
  OutgoingCall call = clickToCall();
  call.line_id = "nowhere";
  EXPECT_EQ(h.state().dialOut(h.config(), call, h.now(), h.ids()).status().code(),
            ErrorCode::kNotFound);
}

TEST(Outgoing, ACallbackTakesTheTasksLineAndNumber) {
  Harness h(station(), monday9());
  h.signIn("anna");
  std::string task = heldTask(h);
  OutgoingCall call{"", "", "anna", "", task};
  auto dialled =
      eventsOf<ContactDialled>(h.run(h.state().dialOut(h.config(), call, h.now(), h.ids())));
  ASSERT_EQ(dialled.size(), 1u);
  EXPECT_EQ(dialled[0].contact.to_number, "+358401111111");
  EXPECT_EQ(dialled[0].contact.routing.line_id, "asema");
  EXPECT_EQ(dialled[0].contact.callback_task_id, task);
}

TEST(Outgoing, ACallbackOfATaskSomeoneElseHoldsIsRefused) {
  Harness h(station(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  std::string task = heldTask(h);
  OutgoingCall call{"", "", "bertta", "", task};
  EXPECT_EQ(h.state().dialOut(h.config(), call, h.now(), h.ids()).status().code(),
            ErrorCode::kConflict);
}

TEST(Outgoing, ACallbackOfAnEndedTaskIsNotFound) {
  Harness h(station(), monday9());
  h.signIn("anna");
  std::string task = heldTask(h);
  h.run(h.state().completeTask(h.config(), "anna", task, "done", h.now()));
  OutgoingCall call{"", "", "anna", "", task};
  EXPECT_EQ(h.state().dialOut(h.config(), call, h.now(), h.ids()).status().code(),
            ErrorCode::kNotFound);
}

TEST(Outgoing, ACitizenWhoCallsInWhileBeingCalledBackQueuesForSomeoneElse) {
  Harness h(station(), monday9());
  h.signIn("anna");
  h.signIn("bertta");
  std::string task = heldTask(h);
  h.run(h.state().dialOut(h.config(), {"", "", "anna", "", task}, h.now(), h.ids()));
  Events events = h.call("asema", "+358401111111", "in-1");
  ASSERT_EQ(eventsOf<ContactQueued>(events).size(), 1u);  // not folded into the task
  EXPECT_EQ(holderOf(h.state(), contactRef("in-1")), "bertta");
}

TEST(Outgoing, AFailedAttemptLetsGoOfTheTaskWhileTheCallStillEnds) {
  Harness h(station(), monday9());
  h.signIn("anna");
  std::string task = heldTask(h);
  auto dialled = eventsOf<ContactDialled>(
      h.run(h.state().dialOut(h.config(), {"", "", "anna", "", task}, h.now(), h.ids())));
  h.run(h.state().recordAttempt(h.config(), "anna", task, AttemptOutcome::kBusy, h.now()));
  EXPECT_EQ(h.state().findTask(task)->routing.state, WorkState::kParked);
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kBusy);  // still on it
  h.run(h.state().completeContact(h.config(), "anna", dialled[0].contact.id, h.now()));
  EXPECT_NE(h.state().findAgent("anna")->state.status, PresenceStatus::kBusy);
}

TEST(Outgoing, ReplayRebuildsTheSameState) {
  Harness h(station(), monday9());
  h.signIn("anna");
  h.run(h.state().dialOut(h.config(), clickToCall(), h.now(), h.ids()));
  ContactCenter rebuilt = h.replay();
  EXPECT_EQ(rebuilt.snapshot().contacts, h.state().snapshot().contacts);
  EXPECT_EQ(rebuilt.heldBy("anna"), h.state().heldBy("anna"));
}

}  // namespace
}  // namespace luukku::core::routing
