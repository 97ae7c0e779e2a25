// Consultation, swap, attended and blind transfer to people and numbers, with real peers: the
// professionals' phones, the caller and the operator's network are SIPp processes, routing a
// real engine (switchboard_fixture.h). Each test ends with no call, leg or RTP port left.
#include <fstream>
#include <iterator>

#include "telephony/switchboard_fixture.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using namespace luukku::telephony::testing;
using ports::CallControl;
using Kind = ports::TransferTarget::Kind;

class ConsultTest : public SwitchboardTest {
 protected:
  void SetUp() override {
    SwitchboardTest::SetUp();
    withTrunkAndMobiles();
    config.dial_times.no_answer_s = 2;
    region.lines[0].routing.wrap_up = 0s;
  }

  // Agent 1's phone (`scenario`: by default it waits for Luukku's BYE) registers, and a
  // caller (by default staying until Luukku hangs up) is answered by it. The call's id.
  std::string callerWithAgent1(const std::string& scenario = "agent_answer.xml",
                               std::vector<std::string> agent_keys = {"-d", "200"},
                               const std::string& caller_scenario = "caller_until_bye.xml",
                               std::vector<std::string> caller_keys = {}) {
    first = sipp("agent1", scenario, 1, std::move(agent_keys), p1);
    registerPhone("1001", p1);
    EXPECT_TRUE(eventually([&] { return isReady("a1"); }));
    auto keys = callerKeys();
    keys.insert(keys.end(), caller_keys.begin(), caller_keys.end());
    caller = sipp("caller", caller_scenario, 1, keys);
    return answeredCall();
  }
  // Agent 1 answers the caller and hangs up `talk_ms` later, ending the call for both.
  std::string callerWithAgent1HangingUpAfter(int talk_ms) {
    return callerWithAgent1("agent_hangs_up.xml", {"-d", std::to_string(talk_ms)});
  }
  // Agent 2's phone (`scenario`) registers, to be consulted.
  void colleague(const std::string& scenario, std::vector<std::string> keys) {
    second = sipp("agent2", scenario, 1, std::move(keys), p2);
    registerPhone("1002", p2);
  }
  // The operator's network, listening before anything is dialled.
  std::unique_ptr<ChildProcess> operatorAnswering(const std::string& scenario) {
    auto trunk = sipp("trunk", scenario, 1, {}, trunk_port);
    EXPECT_TRUE(eventually([&] { return udpPortTaken(trunk_port); }));
    return trunk;
  }
  // The types of the only call's events once it ended.
  std::vector<std::string> endedCall() {
    auto s = settled();
    return s.calls.empty() ? std::vector<std::string>{} : s.calls.begin()->second;
  }
  static long countOf(const std::vector<std::string>& events, const std::string& type) {
    return std::count(events.begin(), events.end(), type);
  }

  std::uint16_t p1 = freePort();
  std::uint16_t p2 = freePort();
  std::unique_ptr<ChildProcess> first, second, caller;
};

TEST_F(ConsultTest, ConsultSwapAndAttendedTransferLeaveTheCallerWithTheColleague) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  // The colleague answers at once and hangs up two seconds after.
  colleague("agent_hangs_up.xml", {"-d", "2000"});
  ASSERT_TRUE(consult("a1", call, {Kind::kExtension, "1002"}).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  ASSERT_TRUE(control("a1", call, CallControl::kSwap).isOk());
  ASSERT_TRUE(control("a1", call, CallControl::kSwap).isOk());
  ASSERT_TRUE(control("a1", call, CallControl::kCompleteTransfer).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();  // agent 1 is hung up at the transfer
  // The colleague hangs up; Luukku hangs up on the caller.
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.consult_started"), 1);
  EXPECT_EQ(countOf(events, "call.swapped"), 2);
  EXPECT_EQ(countOf(events, "call.transferred"), 1);
  EXPECT_EQ(routed().contact_end.begin()->second, "completed");
  // One contact, answered once, by agent 1.
  EXPECT_EQ(routed().answered_by, std::vector<std::string>{"a1"});
}

TEST_F(ConsultTest, CancellingAConsultationReturnsToTheCaller) {
  ASSERT_NO_FATAL_FAILURE(start());
  // Both phones wait for Luukku's BYE: agent 2's comes at the cancel.
  std::string call = callerWithAgent1();
  colleague("agent_answer.xml", {"-d", "100"});
  ASSERT_TRUE(consult("a1", call, {Kind::kAgent, "a2"}).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  ASSERT_TRUE(control("a1", call, CallControl::kCancelConsult).isOk());
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  // The caller is the professional's again: they can hold and hang up on them.
  EXPECT_TRUE(hold("a1", call, true).isOk());
  EXPECT_TRUE(hold("a1", call, false).isOk());
  EXPECT_EQ(control("a1", call, CallControl::kCompleteTransfer).code(), ErrorCode::kConflict);
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.consult_ended"), 1);
  EXPECT_EQ(countOf(events, "call.transferred"), 0);
}

// Each action asked through the API is timed once, in its own series, from when the request
// was read (30 s "ago" here: the time lands above the last bound) to its SIP request handed to
// the SIP stack or its answer; a refused action, and one not asked through the API, are not.
TEST_F(ConsultTest, ActionsAskedThroughTheApiAreTimedOnceEachAndRefusalsNot) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1HangingUpAfter(6000);
  colleague("agent_answer.xml", {"-d", "100"});
  auto read_at = actionClock() - 30s;
  ASSERT_TRUE(consult("a1", call, {Kind::kAgent, "a2"}, read_at).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  ASSERT_TRUE(control("a1", call, CallControl::kSwap, read_at).isOk());
  ASSERT_TRUE(control("a1", call, CallControl::kCancelConsult, read_at).isOk());
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_TRUE(hold("a1", call, true, read_at).isOk());
  EXPECT_TRUE(hold("a1", call, false).isOk());  // not through the API: not timed
  EXPECT_EQ(control("a1", call, CallControl::kCompleteTransfer, read_at).code(),
            ErrorCode::kConflict);
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  for (const char* action : {"consult", "swap", "cancel_consult", "hold"}) {
    EXPECT_TRUE(eventually([&] { return timed(action).count == 1; })) << action;
    EXPECT_EQ(timed(action).over_10s, 1u) << action;
  }
  EXPECT_EQ(timed("resume").count, 0u);
  EXPECT_EQ(timed("complete_transfer").count, 0u);
}

TEST_F(ConsultTest, TheProfessionalHangingUpOnAnAnsweredConsultationHandsTheCallerOver) {
  ASSERT_NO_FATAL_FAILURE(start());
  // Agent 1 hangs up three seconds after answering; the colleague waits for Luukku's BYE.
  std::string call = callerWithAgent1HangingUpAfter(3000);
  colleague("agent_answer.xml", {"-d", "100"});
  ASSERT_TRUE(consult("a1", call, {Kind::kExtension, "1002"}).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  ASSERT_TRUE(callRecorded("call.transferred"));
  // The caller and the colleague talk on; the colleague's phone is hung up when the call ends.
  EXPECT_EQ(hold("a1", call, true).code(), ErrorCode::kNotFound);  // no longer agent 1's
  board->stop();
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(routed().contact_end.begin()->second, "completed");
  EXPECT_EQ(countOf(events, "call.transferred"), 1);
}

TEST_F(ConsultTest, ABusyConsultationLeavesTheCallerHeldForTheProfessionalToResume) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  auto trunk = operatorAnswering("trunk_busy.xml");
  ASSERT_TRUE(consult("a1", call, {Kind::kNumber, "+358405550000"}).isOk());
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  ASSERT_TRUE(callRecorded("call.consult_ended"));
  EXPECT_EQ(control("a1", call, CallControl::kSwap).code(), ErrorCode::kConflict);
  ASSERT_TRUE(hold("a1", call, false).isOk());  // resume
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.consult_ended"), 1);
  EXPECT_EQ(countOf(events, "call.resumed"), 1);
}

TEST_F(ConsultTest, HangingUpThroughTheApiEndsAnIncomingCallAsThePhoneWould) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();                       // both wait for Luukku's BYE
  EXPECT_EQ(hangUp("a2", call).code(), ErrorCode::kNotFound);  // not agent 2's call
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "call.ended");
  EXPECT_EQ(routed().contact_end.begin()->second, "completed");
  EXPECT_EQ(hangUp("a1", call).code(), ErrorCode::kNotFound);  // nothing left to hang up
}

TEST_F(ConsultTest, ConsultingALineCallsWhicheverOfItsProfessionalsIsFree) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  // Nobody else on the duty line is free yet; and there is no line "nowhere".
  EXPECT_EQ(consult("a1", call, {Kind::kLine, "duty"}).code(), ErrorCode::kConflict);
  EXPECT_EQ(consult("a1", call, {Kind::kLine, "nowhere"}).code(), ErrorCode::kNotFound);
  // Agent 2's phone registers (agent 2 is free), answers and hangs up two seconds later.
  colleague("agent_hangs_up.xml", {"-d", "2000"});
  ASSERT_TRUE(eventually([&] { return isReady("a2"); }));
  ASSERT_TRUE(consult("a1", call, {Kind::kLine, "duty"}).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  // Routing offers agent 2 nothing while the consultation takes their phone.
  EXPECT_TRUE(eventually([&] { return !isReady("a2"); }));
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  ASSERT_TRUE(callRecorded("call.consult_ended"));
  EXPECT_TRUE(eventually([&] { return isReady("a2"); }));  // free again
  ASSERT_TRUE(hold("a1", call, false).isOk());             // back to the caller
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.consult_started"), 1);  // the refusals recorded nothing
  EXPECT_EQ(countOf(events, "call.consult_ended"), 1);
}

TEST_F(ConsultTest, ABlindTransferToANumberConnectsTheCallerThroughTheTrunk) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call =
      callerWithAgent1("agent_answer.xml", {"-d", "200"}, "caller.xml", {"-d", "5000"});
  auto trunk = operatorAnswering("trunk_answer.xml");
  ASSERT_TRUE(transfer("a1", call, {Kind::kNumber, "+358405550000"}).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();  // the professional left at once
  ASSERT_TRUE(callRecorded("call.transferred"));
  // The caller hangs up; Luukku hangs up on the operator's side.
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.transferred"), 1);
  EXPECT_EQ(routed().contact_end.begin()->second, "completed");
}

TEST_F(ConsultTest, ABlindTransferNobodyAnswersPutsTheCallerBackInLineForTheNextProfessional) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call =
      callerWithAgent1("agent_answer.xml", {"-d", "200"}, "caller.xml", {"-d", "10000"});
  auto trunk = operatorAnswering("trunk_no_answer.xml");
  ASSERT_TRUE(transfer("a1", call, {Kind::kNumber, "+358405550000"}).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();  // cancelled after no_answer_s
  ASSERT_TRUE(callRecorded("call.transfer_failed"));
  // Back in the queue: agent 2 answers it.
  colleague("agent_answer.xml", {"-d", "100"});
  ASSERT_TRUE(callRecorded("call.answered", 2));
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  auto s = settled();
  EXPECT_EQ(s.answered_by, (std::vector<std::string>{"a1", "a2"}));
}

TEST_F(ConsultTest, ADeskPhonesReferToAnExtensionTransfersTheCallerToThatPhone) {
  ASSERT_NO_FATAL_FAILURE(start());
  callerWithAgent1("agent_refers.xml", {"-d", "1500", "-key", "refer_to", "sip:1002@127.0.0.1",
                                        "-trace_logs", "-log_file", dir.file("agent1-refer.txt")});
  // Agent 2's phone registers before agent 1 refers (1.5 s after answering).
  colleague("agent_answer.xml", {"-d", "100"});
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  ASSERT_TRUE(callRecorded("call.transferred"));
  board->stop();
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  std::ifstream in(dir.file("agent1-refer.txt"));
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("sipfrag 200"), std::string::npos) << log;
  EXPECT_EQ(countOf(endedCall(), "call.transferred"), 1);
}

TEST_F(ConsultTest, BadTargetsAndWrongPeopleAreRefusedAndTheCallGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  EXPECT_EQ(consult("a1", call, {Kind::kExtension, "9999"}).code(), ErrorCode::kNotFound);
  EXPECT_EQ(consult("a1", call, {Kind::kAgent, "nobody"}).code(), ErrorCode::kNotFound);
  // Agent 2 exists, but no phone of theirs is registered.
  EXPECT_EQ(consult("a1", call, {Kind::kAgent, "a2"}).code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(consult("a1", call, {Kind::kAgent, "a1"}).code(), ErrorCode::kInvalidArgument);
  // Nobody else on the line is free (agent 2 has no phone).
  EXPECT_EQ(consult("a1", call, {Kind::kLine, "duty"}).code(), ErrorCode::kConflict);
  EXPECT_EQ(consult("a1", call, {Kind::kNumber, "+358700123456"}).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(transfer("a1", call, {Kind::kNumber, "+358700123456"}).code(),
            ErrorCode::kPermissionDenied);
  // Someone else's call, and controls with no consultation under way.
  EXPECT_EQ(consult("a2", call, {Kind::kExtension, "1001"}).code(), ErrorCode::kNotFound);
  EXPECT_EQ(control("a1", call, CallControl::kSwap).code(), ErrorCode::kConflict);
  EXPECT_EQ(control("a1", call, CallControl::kConference).code(), ErrorCode::kConflict);
  EXPECT_EQ(control("a1", "c-nope", CallControl::kCancelConsult).code(), ErrorCode::kNotFound);
  // The call is untouched: still the professional's.
  EXPECT_TRUE(hold("a1", call, true).isOk());
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = endedCall();
  EXPECT_EQ(countOf(events, "call.consult_started"), 0);
}

TEST_F(ConsultTest, HandingTheCallerToAConsultedNumberNeedsTheLinesExternalTransferRight) {
  config.dialing.lines[0].external_transfer = false;
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  auto trunk = operatorAnswering("trunk_answer.xml");
  ASSERT_TRUE(consult("a1", call, {Kind::kNumber, "+358405550000"}).isOk());
  ASSERT_TRUE(callRecorded("call.consult_answered"));
  EXPECT_EQ(control("a1", call, CallControl::kCompleteTransfer).code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(control("a1", call, CallControl::kCancelConsult).isOk());
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  ASSERT_TRUE(hangUp("a1", call).isOk());
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  EXPECT_EQ(countOf(endedCall(), "call.transferred"), 0);
}

}  // namespace
}  // namespace luukku::telephony
