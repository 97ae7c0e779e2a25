// Professionals' outgoing calls with real peers: the professional's phone and the operator's
// SIP server are SIPp processes, routing a real engine (switchboard_fixture.h). Callbacks are
// dialled agent first and their attempts recorded on the task by themselves; click-to-call
// makes an outgoing contact; the dial policy and a missing phone refuse before anything rings.
#include <future>

#include "telephony/switchboard_fixture.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using namespace luukku::telephony::testing;
using core::routing::AttemptOutcome;
using core::routing::ItemKind;
using core::routing::WorkState;

constexpr std::string_view kCitizen = "+358401234567";

class DiallerTest : public SwitchboardTest {
 protected:
  void SetUp() override {
    SwitchboardTest::SetUp();
    trunk_port = freePort();
    config.sip.trunks[0].outbound_address = "127.0.0.1:" + std::to_string(trunk_port);
    config.dialing.lines.push_back({"duty", true, false, {"+35840*", "+35850*"}});
    config.dial_times.no_answer_s = 5;
    // A failed attempt comes back for the next one after two seconds.
    region.lines[0].routing.callback.retry_delays = {2s};
    region.lines[0].routing.wrap_up = 0s;
  }

  // Agent 1's phone, answering its next call after `ring_ms`.
  std::unique_ptr<ChildProcess> agentPhone(int ring_ms = 300) {
    return sipp("agent-phone-" + std::to_string(++phone_runs), "agent_answer.xml", 1,
                {"-d", std::to_string(ring_ms)}, phone_port);
  }
  std::unique_ptr<ChildProcess> operatorAnswering(const std::string& scenario) {
    return sipp("trunk-" + std::to_string(++trunk_runs), scenario, 1, {}, trunk_port);
  }

  // A callback task for the citizen, held by agent 1 (whose phone is registered).
  std::string taskHeldByAgent1() {
    core::routing::TaskRequest request;
    request.line_id = "duty";
    request.number = std::string(kCitizen);
    auto task = engine->execute(engine::CreateTask{request, {}}, boost::asio::use_future).get();
    EXPECT_TRUE(task) << task.status().toString();
    if (!task) return "";
    takeTask(task->id);
    return task->id;
  }
  // Agent 1 takes the task: accepts it when routing offered it to them, claims it otherwise.
  // Routing may move between the look and the command (offer it, or let the offer lapse); the
  // command is then refused and tried again, and the refusal is not the switchboard's.
  void takeTask(const std::string& id) {
    EXPECT_TRUE(eventually([&] {
      auto t = engine->execute(engine::TaskQuery{id}, boost::asio::use_future).get();
      if (!t) return false;
      if (t->routing.state == WorkState::kActive) return t->routing.agent_id == "a1";
      Status st = Status::ok();
      if (t->routing.state == WorkState::kOffered && t->routing.agent_id == "a1") {
        st = engine
                 ->execute(engine::AcceptOffer{"a1", {ItemKind::kTask, id}, {}},
                           boost::asio::use_future)
                 .get()
                 .status();
      } else if (t->routing.state == WorkState::kWaiting) {
        st = engine->execute(engine::ClaimTask{"a1", id, {}}, boost::asio::use_future)
                 .get()
                 .status();
      }
      if (!st) ++test_commands_refused;
      return false;
    }));
  }

  Result<ports::DialStarted> dial(std::string task_id, std::string number = {}) {
    std::promise<Result<ports::DialStarted>> done;
    ports::DialRequest request{
        "a1", "duty", number.empty() ? std::string(kCitizen) : number, std::move(task_id), {}};
    board->dialler().dial(std::move(request),
                          [&done](Result<ports::DialStarted> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }
  Status hangUp(const std::string& call) {
    std::promise<Status> done;
    board->dialler().hangUp("a1", call, [&done](Status st) { done.set_value(std::move(st)); });
    return done.get_future().get();
  }

  std::vector<std::string> eventsOf(const std::string& call) {
    auto r = routed();
    auto it = r.calls.find("call/" + call);
    return it == r.calls.end() ? std::vector<std::string>{} : it->second;
  }
  bool ended(const std::string& call) {
    auto e = eventsOf(call);
    return !e.empty() && e.back() == "call.ended";
  }
  std::vector<AttemptOutcome> attemptsOf(const std::string& task) {
    auto t = engine->execute(engine::TaskQuery{task}, boost::asio::use_future).get();
    std::vector<AttemptOutcome> out;
    if (t) {
      for (const auto& a : t->attempts) out.push_back(a.outcome);
    }
    return out;
  }

  std::uint16_t phone_port = freePort();
  int phone_runs = 0;
  int trunk_runs = 0;
};

TEST_F(DiallerTest, ACallbackRingsTheProfessionalFirstThenReachesTheCitizen) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto phone = agentPhone();
  registerPhone("1001", phone_port);
  std::string task = taskHeldByAgent1();
  auto citizen = operatorAnswering("trunk_answer.xml");

  auto call = dial(task);
  ASSERT_TRUE(call) << call.status().toString();
  EXPECT_EQ(call->number, kCitizen);
  EXPECT_TRUE(eventually([&] {
    auto e = eventsOf(call->contact_id);
    return std::find(e.begin(), e.end(), "call.answered") != e.end();
  }));
  EXPECT_EQ(attemptsOf(task), std::vector<AttemptOutcome>{AttemptOutcome::kReached});
  ASSERT_TRUE(hangUp(call->contact_id).isOk());
  EXPECT_EQ(citizen->wait(20s), 0) << citizen->log();
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  EXPECT_TRUE(eventually([&] { return ended(call->contact_id); }));
  EXPECT_EQ(eventsOf(call->contact_id),
            (std::vector<std::string>{"call.dialled", "call.agent_ringing", "call.remote_ringing",
                                      "call.answered", "call.ended"}));
  EXPECT_TRUE(eventually([&] { return routed().contact_end[call->contact_id] == "completed"; }));
  // The task stays with the professional, who completes it with an outcome.
  auto completed =
      engine->execute(engine::CompleteTask{"a1", task, "advice_given", {}}, boost::asio::use_future)
          .get();
  EXPECT_TRUE(completed) << completed.status().toString();
}

TEST_F(DiallerTest, NoAnswerIsRecordedTheTaskComesBackAndTheNextAttemptReachesTheCitizen) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto phone = agentPhone();
  registerPhone("1001", phone_port);
  std::string task = taskHeldByAgent1();
  auto ringing_out = operatorAnswering("trunk_no_answer.xml");
  auto first = dial(task);
  ASSERT_TRUE(first) << first.status().toString();
  EXPECT_EQ(ringing_out->wait(30s), 0) << ringing_out->log();
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  EXPECT_TRUE(eventually([&] { return ended(first->contact_id); }));
  auto e = eventsOf(first->contact_id);
  EXPECT_NE(std::find(e.begin(), e.end(), "call.dial_failed"), e.end());
  EXPECT_EQ(attemptsOf(task), std::vector<AttemptOutcome>{AttemptOutcome::kNoAnswer});

  // The retry policy parks the task; two seconds on it is offered again.
  phone = agentPhone();
  takeTask(task);
  auto answering = operatorAnswering("trunk_answer.xml");
  auto second = dial(task);
  ASSERT_TRUE(second) << second.status().toString();
  EXPECT_TRUE(eventually([&] {
    return attemptsOf(task) ==
           std::vector<AttemptOutcome>{AttemptOutcome::kNoAnswer, AttemptOutcome::kReached};
  }));
  ASSERT_TRUE(hangUp(second->contact_id).isOk());
  EXPECT_EQ(answering->wait(20s), 0) << answering->log();
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  auto completed =
      engine->execute(engine::CompleteTask{"a1", task, "advice_given", {}}, boost::asio::use_future)
          .get();
  EXPECT_TRUE(completed) << completed.status().toString();
  EXPECT_TRUE(eventually([&] { return ended(second->contact_id); }));
}

TEST_F(DiallerTest, ABusyNumberIsABusyAttempt) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto phone = agentPhone();
  registerPhone("1001", phone_port);
  std::string task = taskHeldByAgent1();
  auto busy = operatorAnswering("trunk_busy.xml");
  auto call = dial(task);
  ASSERT_TRUE(call) << call.status().toString();
  EXPECT_EQ(busy->wait(20s), 0) << busy->log();
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  EXPECT_TRUE(eventually([&] { return ended(call->contact_id); }));
  EXPECT_EQ(attemptsOf(task), std::vector<AttemptOutcome>{AttemptOutcome::kBusy});
}

TEST_F(DiallerTest, ClickToCallIsAnOutgoingContactWithoutATask) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto phone = agentPhone();
  registerPhone("1001", phone_port);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto answering = operatorAnswering("trunk_answer.xml");
  auto call = dial("", "+358501112222");
  ASSERT_TRUE(call) << call.status().toString();
  EXPECT_TRUE(eventually([&] {
    auto e = eventsOf(call->contact_id);
    return std::find(e.begin(), e.end(), "call.answered") != e.end();
  }));
  EXPECT_EQ(routed().presence["a1"].status, PresenceStatus::kBusy);
  ASSERT_TRUE(hangUp(call->contact_id).isOk());
  EXPECT_EQ(answering->wait(20s), 0) << answering->log();
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  EXPECT_TRUE(eventually([&] { return routed().contact_end[call->contact_id] == "completed"; }));
}

// Once the citizen answers, the professional works the call like an incoming one: hold, then
// consult a colleague and hand the citizen over to them. Handing over blind or back to a queue
// is refused: an outgoing call has no queue to return to.
TEST_F(DiallerTest, AnAnsweredCallbackIsHeldThenHandedToAConsultedColleague) {
  using Kind = ports::TransferTarget::Kind;
  ASSERT_NO_FATAL_FAILURE(start());
  auto phone = agentPhone();  // hung up by Luukku at the transfer
  registerPhone("1001", phone_port);
  std::string task = taskHeldByAgent1();
  auto citizen = operatorAnswering("trunk_answer.xml");  // stays until Luukku's BYE
  std::uint16_t colleague_port = freePort();
  // The colleague answers at once and hangs up two seconds later, ending the call.
  auto colleague = sipp("agent2", "agent_hangs_up.xml", 1, {"-d", "2000"}, colleague_port);
  registerPhone("1002", colleague_port);

  auto call = dial(task);
  ASSERT_TRUE(call) << call.status().toString();
  const std::string& id = call->contact_id;
  ASSERT_TRUE(eventually([&] {
    auto e = eventsOf(id);
    return std::find(e.begin(), e.end(), "call.answered") != e.end();
  }));
  EXPECT_TRUE(hold("a1", id, true).isOk());
  EXPECT_TRUE(hold("a1", id, false).isOk());
  EXPECT_EQ(transfer("a1", id, {Kind::kExtension, "1002"}).code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(transfer("a1", id, {Kind::kLine, "duty"}).code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(hold("a2", id, true).code(), ErrorCode::kNotFound);  // not agent 2's call

  ASSERT_TRUE(consult("a1", id, {Kind::kExtension, "1002"}).isOk());
  ASSERT_TRUE(eventually([&] {
    auto e = eventsOf(id);
    return std::find(e.begin(), e.end(), "call.consult_answered") != e.end();
  }));
  ASSERT_TRUE(control("a1", id, ports::CallControl::kSwap).isOk());
  ASSERT_TRUE(control("a1", id, ports::CallControl::kCompleteTransfer).isOk());
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  // The professional is free again at once: the call is no longer theirs.
  EXPECT_EQ(hold("a1", id, true).code(), ErrorCode::kNotFound);
  EXPECT_EQ(colleague->wait(20s), 0) << colleague->log();
  EXPECT_EQ(citizen->wait(20s), 0) << citizen->log();
  EXPECT_TRUE(eventually([&] { return ended(id); }));
  EXPECT_EQ(eventsOf(id),
            (std::vector<std::string>{"call.dialled", "call.agent_ringing", "call.remote_ringing",
                                      "call.answered", "call.held", "call.resumed",
                                      "call.consult_started", "call.consult_answered",
                                      "call.swapped", "call.transferred", "call.ended"}));
  EXPECT_TRUE(eventually([&] { return routed().contact_end[id] == "completed"; }));
  EXPECT_EQ(attemptsOf(task), std::vector<AttemptOutcome>{AttemptOutcome::kReached});
}

TEST_F(DiallerTest, ANumberTheLineMayNotDialIsRefusedBeforeAnythingRings) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t unused = freePort();
  registerPhone("1001", unused);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto premium = dial("", "+3587001234567");
  EXPECT_EQ(premium.status().code(), ErrorCode::kPermissionDenied) << premium.status().message();
  EXPECT_TRUE(routed().calls.empty());
  EXPECT_EQ(board->sip().liveLegs(), 0u);
}

TEST_F(DiallerTest, AProfessionalWithoutARegisteredPhoneCannotCall) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto call = dial("", "+358501112222");
  EXPECT_EQ(call.status().code(), ErrorCode::kFailedPrecondition) << call.status().message();
  EXPECT_TRUE(routed().calls.empty());
}

TEST_F(DiallerTest, HangingUpAnotherAgentsOrAnUnknownCallIsNotFound) {
  ASSERT_NO_FATAL_FAILURE(start());
  EXPECT_EQ(hangUp("c-nothing").code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace luukku::telephony
