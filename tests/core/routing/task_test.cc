// Callback tasks: when they are made, repeat contacts, attempts, due times, escalation,
// claiming and rescheduling.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig station() {
  return makeConfig({lineSetup("asema", false)},
                    {agentSetup("anna", {{"asema", 1}}), agentSetup("bertta", {{"asema", 1}})});
}

std::string onlyTaskId(const Events& events) {
  auto created = eventsOf<TaskCreated>(events);
  EXPECT_EQ(created.size(), 1u);
  return created.empty() ? "" : created[0].task.id;
}

TEST(Tasks, ClosedLineTurnsACallIntoACallbackTask) {
  Harness h(station(), hel(2026, 11, 23, 17));  // Monday after hours
  Events events = h.call("asema", "+358401111111", "call-1");
  auto diverted = eventsOf<ContactDiverted>(events);
  ASSERT_EQ(diverted.size(), 1u);
  EXPECT_EQ(diverted[0].contact.overflow, OverflowReason::kClosed);
  const Task* task = h.state().findTask(diverted[0].contact.task_id);
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->number, "+358401111111");
  EXPECT_EQ(task->reason, TaskReason::kClosed);
  EXPECT_EQ(task->first_contact_id, "call-1");
  EXPECT_EQ(task->due_at, hel(2026, 11, 24, 16));  // the next working day
  EXPECT_EQ(task->escalate_at, hel(2026, 11, 24, 15));
  EXPECT_EQ(streamOf(events.back()), "task/" + task->id);
}

TEST(Tasks, HiddenNumberOnAClosedLineIsTurnedAway) {
  Harness h(station(), hel(2026, 11, 23, 17));
  Events events = h.call("asema", "");
  ASSERT_EQ(eventsOf<ContactRejected>(events).size(), 1u);
  EXPECT_EQ(h.state().taskCount(), 0u);
}

TEST(Tasks, NobodySignedInCountsAsTooLongAWait) {
  Harness h(station(), monday9());
  Events events = h.call("asema", "+358401111111");
  ASSERT_EQ(eventsOf<ContactDiverted>(events).size(), 1u);
  EXPECT_EQ(eventsOf<ContactDiverted>(events)[0].contact.overflow, OverflowReason::kNoAgents);
}

TEST(Tasks, QueueLimitOverflowsToCallback) {
  LineSetup line = queueingLine("asema");
  line.policy.queue_limit = 1;
  Harness h(makeConfig({line}, {agentSetup("anna", {{"asema", 1}})}), monday9());
  h.call("asema", "+358401111111", "call-1");
  Events events = h.call("asema", "+358402222222", "call-2");
  ASSERT_EQ(eventsOf<ContactDiverted>(events).size(), 1u);
  EXPECT_EQ(eventsOf<ContactDiverted>(events)[0].contact.overflow, OverflowReason::kQueueFull);
}

TEST(Tasks, LongEstimatedWaitOverflowsToCallback) {
  LineSetup line = lineSetup("asema");
  line.policy.max_estimated_wait = 5min;
  line.policy.assumed_handle_time = 4min;
  Harness h(makeConfig({line}, {agentSetup("anna", {{"asema", 1}})}), monday9());
  h.signIn("anna");
  h.call("asema", "+358401111110", "talking");
  h.accept("anna", contactRef("talking"));
  EXPECT_FALSE(eventsOf<ContactQueued>(h.call("asema", "+358401111111")).empty());  // 4 min
  Events events = h.call("asema", "+358401111112");                                 // 8 min
  ASSERT_EQ(eventsOf<ContactDiverted>(events).size(), 1u);
  EXPECT_EQ(eventsOf<ContactDiverted>(events)[0].contact.overflow, OverflowReason::kLongWait);
}

TEST(Tasks, BusyPolicyMakesATaskWhenNobodyIsFree) {
  LineSetup line = lineSetup("vaihde");
  line.policy.callback.when_busy = OverflowAction::kCallback;
  Harness h(makeConfig({line}, {agentSetup("anna", {{"vaihde", 1}})}), monday9());
  h.signIn("anna");
  h.call("vaihde", "+358401111110", "talking");
  h.accept("anna", contactRef("talking"));
  Events events = h.call("vaihde", "+358401111111");
  ASSERT_EQ(eventsOf<ContactDiverted>(events).size(), 1u);
  EXPECT_EQ(eventsOf<ContactDiverted>(events)[0].contact.overflow, OverflowReason::kBusy);
}

TEST(Tasks, CallerAskingForACallbackEndsTheCallWithATask) {
  Harness h(makeConfig({queueingLine("asema")}, {}), monday9());
  h.call("asema", "+358401111111", "call-1");
  Events events = h.run(h.state().requestCallback(h.config(), "call-1", h.now(), h.ids()));
  ASSERT_EQ(eventsOf<ContactCallbackRequested>(events).size(), 1u);
  EXPECT_EQ(h.state().findContact("call-1"), nullptr);
  EXPECT_EQ(h.state().findTask(onlyTaskId(events))->reason, TaskReason::kRequested);
}

TEST(Tasks, AbandonAfterTheThresholdMakesATask) {
  Harness h(makeConfig({queueingLine("asema")}, {}), monday9());
  h.call("asema", "+358401111111", "short");
  h.call("asema", "+358402222222", "long");
  h.advance(10s);
  Events e1 = h.run(h.state().abandon(h.config(), "short", h.now(), h.ids()));
  EXPECT_TRUE(eventsOf<TaskCreated>(e1).empty());
  h.advance(20s);
  Events e2 = h.run(h.state().abandon(h.config(), "long", h.now(), h.ids()));
  auto abandoned = eventsOf<ContactAbandoned>(e2);
  ASSERT_EQ(abandoned.size(), 1u);
  EXPECT_EQ(abandoned[0].contact.task_id, onlyTaskId(e2));
}

TEST(Tasks, RepeatContactFromTheSameNumberAddsToTheOpenTask) {
  Harness h(station(), hel(2026, 11, 23, 17));
  Events first = h.call("asema", "+358401111111", "call-1");
  h.advance(10min);
  Events second = h.call("asema", "+358401111111", "call-2");
  EXPECT_TRUE(eventsOf<TaskCreated>(second).empty());
  auto added = eventsOf<TaskContactAdded>(second);
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].contact_id, "call-2");
  const Task* task = h.state().findTask(onlyTaskId(first));
  EXPECT_EQ(task->contact_count, 2);
  EXPECT_EQ(task->last_contact_at, h.now());
  EXPECT_EQ(h.state().taskCount(), 1u);
}

TEST(Tasks, SameNumberOnAnotherLineIsAnotherTask) {
  RoutingConfig config = makeConfig({lineSetup("asema", false), lineSetup("hammas", false)}, {});
  Harness h(config, hel(2026, 11, 23, 17));
  h.call("asema", "+358401111111");
  h.call("hammas", "+358401111111");
  EXPECT_EQ(h.state().taskCount(), 2u);
}

TEST(Tasks, ContactRequestFormMakesATask) {
  Harness h(station(), monday9());
  TaskRequest form;
  form.line_id = "asema";
  form.channel = Channel::kContactRequest;
  form.number = "+358401111111";
  form.reason = TaskReason::kContactRequest;
  Events events = h.run(h.state().createTask(h.config(), form, h.now(), h.ids()));
  const Task* task = h.state().findTask(onlyTaskId(events));
  EXPECT_EQ(task->routing.channel, Channel::kContactRequest);
  EXPECT_EQ(task->due_at, hel(2026, 11, 23, 16));
}

TaskRequest contactRequest(std::string name, std::string description) {
  TaskRequest form;
  form.line_id = "asema";
  form.channel = Channel::kContactRequest;
  form.number = "+358401111111";
  form.reason = TaskReason::kContactRequest;
  form.requester_name = std::move(name);
  form.description = std::move(description);
  return form;
}

TEST(Tasks, AContactRequestKeepsTheNameAndTheWordsOfItsForm) {
  Harness h(station(), monday9());
  const TaskRequest form = contactRequest("Aino Mäki", "Reseptin uusiminen.\nKiitos!");
  Events events = h.run(h.state().createTask(h.config(), form, h.now(), h.ids()));
  const Task* task = h.state().findTask(onlyTaskId(events));
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->requester_name, "Aino Mäki");
  EXPECT_EQ(task->description, "Reseptin uusiminen.\nKiitos!");
}

TEST(Tasks, AnotherFormFromTheSameNumberAddsItsWordsToTheOpenTask) {
  Harness h(station(), monday9());
  const std::string id = onlyTaskId(h.run(h.state().createTask(
      h.config(), contactRequest("Aino", "Ensimmäinen asia."), h.now(), h.ids())));
  h.advance(10min);
  Events again = h.run(h.state().createTask(h.config(), contactRequest("Aino Mäki", "Toinen asia."),
                                            h.now(), h.ids()));
  ASSERT_EQ(eventsOf<TaskContactAdded>(again).size(), 1u);
  const Task* task = h.state().findTask(id);
  EXPECT_EQ(task->contact_count, 2);
  EXPECT_EQ(task->requester_name, "Aino Mäki");
  EXPECT_EQ(task->description, "Ensimmäinen asia.\n\nToinen asia.");
}

TEST(Tasks, AFormsTextIsBoundedAndPlainAndBelongsToContactRequestsOnly) {
  Harness h(station(), monday9());
  auto refused = [&](const TaskRequest& r) {
    return h.state().createTask(h.config(), r, h.now(), h.ids()).status().code();
  };
  EXPECT_EQ(refused(contactRequest("", std::string(TaskRequest::kMaxDescription + 1, 'a'))),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused(contactRequest(std::string(TaskRequest::kMaxRequesterName + 1, 'a'), "x")),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused(contactRequest("Aino", "bell\x07")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused(contactRequest("Aino\nMäki", "x")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused(contactRequest("Aino", "\xC3\x28")), ErrorCode::kInvalidArgument);
  TaskRequest callback_with_words = contactRequest("Aino", "x");
  callback_with_words.channel = Channel::kCallback;
  EXPECT_EQ(refused(callback_with_words), ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.state().taskCount(), 0u);
}

TEST(Tasks, ACallbackWithoutANumberIsRefused) {
  Harness h(station(), monday9());
  TaskRequest request;
  request.line_id = "asema";
  EXPECT_EQ(h.state().createTask(h.config(), request, h.now(), h.ids()).status().code(),
            ErrorCode::kInvalidArgument);
}

TaskRequest callback(std::string number) {
  TaskRequest r;
  r.line_id = "asema";
  r.number = std::move(number);
  return r;
}

TEST(Tasks, TasksWaitBehindLiveCallsAndInCreationOrder) {
  Harness h(makeConfig({queueingLine("asema")}, {agentSetup("anna", {{"asema", 1}})}), monday9());
  std::string t1 = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  h.advance(1min);
  std::string t2 = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358402222222"), h.now(), h.ids())));
  h.advance(1min);
  h.call("asema", "+358403333333", "call-1");
  auto view = h.state().queue(h.config(), "asema");
  ASSERT_EQ(view.waiting.size(), 3u);
  EXPECT_EQ(view.waiting[0].item.id, "call-1");
  EXPECT_EQ(view.waiting[1].item.id, t1);
  EXPECT_EQ(view.waiting[2].item.id, t2);
}

// Anna holds the task (claimed).
std::string claimedTask(Harness& h) {
  h.signIn("anna");
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  if (holderOf(h.state(), taskRef(id)) == "anna") h.accept("anna", taskRef(id));
  return id;
}

TEST(Tasks, FailedAttemptParksTheTaskUntilTheScheduleThenItComesBack) {
  Harness h(station(), monday9());
  std::string id = claimedTask(h);
  h.run(h.state().recordAttempt(h.config(), "anna", id, AttemptOutcome::kNoAnswer, h.now()));
  const Task* task = h.state().findTask(id);
  EXPECT_EQ(task->routing.state, WorkState::kParked);
  EXPECT_EQ(task->next_attempt_at, h.now() + 30min);
  EXPECT_TRUE(h.state().heldBy("anna").empty());
  h.advance(29min);
  EXPECT_EQ(h.state().findTask(id)->routing.state, WorkState::kParked);
  Events events = h.advance(1min);
  EXPECT_EQ(eventsOf<TaskRequeued>(events).size(), 1u);
  EXPECT_EQ(holderOf(h.state(), taskRef(id)), "anna");
}

TEST(Tasks, UnreachableAfterTheLinesMaximumAttempts) {
  Harness h(station(), monday9());
  std::string id = claimedTask(h);
  Events last;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    if (attempt > 1) {
      h.advance(3h);
      h.accept("anna", taskRef(id));
    }
    last = h.run(h.state().recordAttempt(h.config(), "anna", id, AttemptOutcome::kBusy, h.now()));
  }
  auto ended = eventsOf<TaskUnreachable>(last);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].task.attempts.size(), 3u);
  EXPECT_EQ(ended[0].task.end, TaskEnd::kUnreachable);
  EXPECT_EQ(h.state().findTask(id), nullptr);
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kAvailable);
}

TEST(Tasks, RetryScheduleUsesEachDelayThenRepeatsTheLast) {
  LineSetup line = lineSetup("asema");
  line.policy.callback.max_attempts = 4;
  line.policy.callback.retry_delays = {10min, 1h};
  Harness h(makeConfig({line}, {agentSetup("anna", {{"asema", 1}})}), monday9());
  std::string id = claimedTask(h);
  std::vector<microseconds> waits;
  for (int i = 0; i < 3; ++i) {
    h.run(h.state().recordAttempt(h.config(), "anna", id, AttemptOutcome::kNoAnswer, h.now()));
    waits.push_back(*h.state().findTask(id)->next_attempt_at - h.now());
    h.advanceTo(*h.state().findTask(id)->next_attempt_at);
    h.accept("anna", taskRef(id));
  }
  EXPECT_EQ(waits, (std::vector<microseconds>{10min, 1h, 1h}));
}

TEST(Tasks, WrongNumberEndsTheTaskAtOnce) {
  Harness h(station(), monday9());
  std::string id = claimedTask(h);
  Events events =
      h.run(h.state().recordAttempt(h.config(), "anna", id, AttemptOutcome::kWrongNumber, h.now()));
  ASSERT_EQ(eventsOf<TaskUnreachable>(events).size(), 1u);
  EXPECT_EQ(eventsOf<TaskUnreachable>(events)[0].task.outcome, "wrong_number");
}

TEST(Tasks, ReachedThenCompletedEndsOnceWithTheOutcome) {
  Harness h(station(), monday9());
  std::string id = claimedTask(h);
  h.run(h.state().recordAttempt(h.config(), "anna", id, AttemptOutcome::kReached, h.now()));
  EXPECT_EQ(holderOf(h.state(), taskRef(id)), "anna");
  h.advance(4min);
  Events events =
      h.run(h.state().completeTask(h.config(), "anna", id, "appointment_booked", h.now()));
  auto done = eventsOf<TaskCompleted>(events);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].task.outcome, "appointment_booked");
  EXPECT_EQ(done[0].task.ended_by, "anna");
  EXPECT_EQ(h.state().findTask(id), nullptr);
  EXPECT_EQ(h.state().completeTask(h.config(), "anna", id, "again", h.now()).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(h.state().lineStats("asema")->completed, 1);
}

TEST(Tasks, EscalationNearTheDueTimeRaisesPriorityAboveCalls) {
  Harness h(makeConfig({queueingLine("asema")}, {agentSetup("anna", {{"asema", 1}})}),
            hel(2026, 11, 23, 14));  // always open: due at midnight, escalated at 23:00
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  Events events = h.advanceTo(hel(2026, 11, 23, 23));
  ASSERT_EQ(eventsOf<TaskEscalated>(events).size(), 1u);
  EXPECT_TRUE(h.state().findTask(id)->escalated);
  h.call("asema", "+358402222222", "call-1");
  auto view = h.state().queue(h.config(), "asema");
  EXPECT_EQ(view.waiting[0].item.id, id);
  EXPECT_TRUE(view.waiting[0].escalated);
}

TEST(Tasks, TwoAgentsClaimingOneTaskExactlyOneWins) {
  Harness h(station(), monday9());
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "", h.now()));
  h.run(h.state().setPresence(h.config(), "bertta", PresenceStatus::kBreak, "", h.now()));
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  h.run(h.state().claimTask(h.config(), "anna", id, h.now()));
  auto second = h.state().claimTask(h.config(), "bertta", id, h.now());
  EXPECT_EQ(second.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(holderOf(h.state(), taskRef(id)), "anna");
  EXPECT_EQ(h.state().heldBy("bertta").size(), 0u);
}

TEST(Tasks, ClaimingNeedsFreeCapacity) {
  Harness h(station(), monday9());
  std::string first = claimedTask(h);
  std::string other = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358402222222"), h.now(), h.ids())));
  EXPECT_EQ(h.state().claimTask(h.config(), "anna", other, h.now()).status().code(),
            ErrorCode::kConflict);
  EXPECT_FALSE(first.empty());
}

TEST(Tasks, OfflineAgentCannotClaim) {
  Harness h(station(), monday9());
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  EXPECT_EQ(h.state().claimTask(h.config(), "anna", id, h.now()).status().code(),
            ErrorCode::kFailedPrecondition);
}

TEST(Tasks, ReleasedTaskReturnsToItsPlace) {
  Harness h(makeConfig({queueingLine("asema")}, {agentSetup("anna", {{"asema", 1}})}), monday9());
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "", h.now()));
  std::string t1 = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  h.advance(1min);
  std::string t2 = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358402222222"), h.now(), h.ids())));
  h.run(h.state().claimTask(h.config(), "anna", t1, h.now()));
  h.advance(1min);
  h.run(h.state().releaseTask(h.config(), "anna", t1, h.now()));
  auto view = h.state().queue(h.config(), "asema");
  ASSERT_EQ(view.waiting.size(), 2u);
  EXPECT_EQ(view.waiting[0].item.id, t1);
  EXPECT_EQ(view.waiting[1].item.id, t2);
}

TEST(Tasks, RescheduleMovesTheDueTimeAndParksUntilNotBefore) {
  Harness h(station(), monday9());
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  Timestamp due = hel(2026, 11, 24, 12);
  Timestamp not_before = hel(2026, 11, 24, 10);
  h.run(h.state().rescheduleTask(h.config(), id, due, not_before, "supervisor-1", h.now()));
  const Task* task = h.state().findTask(id);
  EXPECT_EQ(task->due_at, due);
  EXPECT_EQ(task->escalate_at, hel(2026, 11, 24, 11));
  EXPECT_EQ(task->routing.state, WorkState::kParked);
  h.advanceTo(not_before);
  EXPECT_EQ(h.state().findTask(id)->routing.state, WorkState::kWaiting);
}

TEST(Tasks, RescheduleIntoThePastIsRefused) {
  Harness h(station(), monday9());
  std::string id = onlyTaskId(
      h.run(h.state().createTask(h.config(), callback("+358401111111"), h.now(), h.ids())));
  auto r = h.state().rescheduleTask(h.config(), id, h.now() - 1h, std::nullopt, "x", h.now());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
}

TEST(Tasks, CommandsOnAnUnknownTaskAreNotFound) {
  Harness h(station(), monday9());
  h.signIn("anna");
  EXPECT_EQ(h.state().claimTask(h.config(), "anna", "t-9", h.now()).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(h.state()
                .recordAttempt(h.config(), "anna", "t-9", AttemptOutcome::kBusy, h.now())
                .status()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(h.state().releaseTask(h.config(), "anna", "t-9", h.now()).status().code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace luukku::core::routing
