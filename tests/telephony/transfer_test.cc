// Hold and blind transfer of answered calls with real peers (SIPp phones and callers, a real
// engine: switchboard_fixture.h).
#include <fstream>
#include <iterator>

#include "telephony/switchboard_fixture.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using namespace luukku::telephony::testing;

class TransferTest : public SwitchboardTest {
 protected:
  // A caller staying nine seconds answered by agent 1, and then agent 2's phone ready to take
  // them from the queue. The call's id.
  std::string callerWithAgent1AndAgent2Ready() {
    std::uint16_t p1 = freePort();
    std::uint16_t p2 = freePort();
    first = sipp("agent1", "agent_answer.xml", 1, {"-d", "200"}, p1);
    registerPhone("1001", p1);
    EXPECT_TRUE(eventually([&] { return isReady("a1"); }));
    caller = sipp("caller", "caller.xml", 1, callerKeysHolding(9000));
    std::string call = answeredCall();
    // Agent 2 comes in only now, so the call was agent 1's; after the transfer it is theirs.
    second = sipp("agent2", "agent_answer.xml", 1, {"-d", "200"}, p2);
    registerPhone("1002", p2);
    EXPECT_TRUE(eventually([&] { return isReady("a2"); }));
    return call;
  }
  // Each phone's and the caller's scenario ended well.
  void expectPeersDone() {
    EXPECT_EQ(first->wait(30s), 0) << first->log();  // agent 1's leg is hung up
    EXPECT_EQ(caller->wait(40s), 0) << caller->log();
    EXPECT_EQ(second->wait(30s), 0) << second->log();
  }

  std::unique_ptr<ChildProcess> first, second, caller;
  const ports::TransferTarget to_queue{ports::TransferTarget::Kind::kLine, "duty"};
};

TEST_F(TransferTest, HoldAndResumeAreRecordedOnceAndOnlyTheProfessionalOnTheCallMayHold) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t phone = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "200"}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(6000));
  std::string call = answeredCall();
  EXPECT_EQ(hold("a2", call, true).code(), ErrorCode::kNotFound);  // not theirs
  ASSERT_TRUE(hold("a1", call, true).isOk());
  EXPECT_TRUE(hold("a1", call, true).isOk());  // already held: nothing changes
  ASSERT_TRUE(hold("a1", call, false).isOk());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  auto events = eventsOfTheCall();
  EXPECT_EQ(std::count(events.begin(), events.end(), "call.held"), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), "call.resumed"), 1);
}

TEST_F(TransferTest, ADeskPhonesHoldKeyHoldsTheCallerAndTakesThemBack) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t phone = freePort();
  auto agent = sipp("agent", "agent_holds.xml", 1, {"-d", "500"}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(5000));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_EQ(agent->wait(30s), 0) << agent->log();  // both re-INVITEs answered 200
  auto events = eventsOfTheCall();
  ASSERT_EQ(std::count(events.begin(), events.end(), "call.held"), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), "call.resumed"), 1);
  EXPECT_LT(std::find(events.begin(), events.end(), "call.held"),
            std::find(events.begin(), events.end(), "call.resumed"));
}

TEST_F(TransferTest, TheCallerHangingUpWhileHeldLeavesNothingBehind) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t phone = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "200"}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(4000));
  std::string call = answeredCall();
  ASSERT_TRUE(hold("a1", call, true).isOk());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  auto events = eventsOfTheCall();
  EXPECT_EQ(events.back(), "call.ended");
  EXPECT_EQ(routed().contact_end.begin()->second, "completed");
}

TEST_F(TransferTest, ATransferBackToTheQueueIsAnsweredByAnotherProfessional) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1AndAgent2Ready();
  ASSERT_TRUE(transfer("a1", call, to_queue).isOk());
  expectPeersDone();
  auto s = settled();
  EXPECT_EQ(s.answered_by, (std::vector<std::string>{"a1", "a2"}));
  ASSERT_EQ(s.calls.size(), 1u);  // one call, one contact, its whole history
  const auto& events = s.calls.begin()->second;
  EXPECT_NE(std::find(events.begin(), events.end(), "call.transferred"), events.end());
  EXPECT_EQ(std::count(events.begin(), events.end(), "call.answered"), 2);
}

// Timed from the request (read 30 s "ago": the time lands above the last bound) to the BYE to
// agent 1's phone, which follows routing's answer; the refused transfer is not timed.
TEST_F(TransferTest, ATransferBackToTheQueueIsTimedOnceAndARefusedOneNot) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1AndAgent2Ready();
  auto read_at = actionClock() - 30s;
  ports::TransferTarget nowhere{ports::TransferTarget::Kind::kLine, "no-such-line"};
  EXPECT_EQ(transfer("a1", call, nowhere, read_at).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(transfer("a1", call, to_queue, read_at).isOk());
  EXPECT_TRUE(eventually([&] { return timed("transfer_to_line").count == 1; }));
  expectPeersDone();
  EXPECT_EQ(timed("transfer_to_line").count, 1u);
  EXPECT_EQ(timed("transfer_to_line").over_10s, 1u);
  EXPECT_EQ(timed("transfer").count, 0u);
}

TEST_F(TransferTest, ATransferToANumberTheLineMayNotDialIsRefusedAndTheCallGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t phone = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "200"}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(3000));
  std::string call = answeredCall();
  ports::TransferTarget premium{ports::TransferTarget::Kind::kNumber, "+358700123456"};
  EXPECT_EQ(transfer("a1", call, premium).code(), ErrorCode::kPermissionDenied);
  ports::TransferTarget nowhere{ports::TransferTarget::Kind::kLine, "no-such-line"};
  EXPECT_FALSE(transfer("a1", call, nowhere).isOk());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  auto s = settled();
  EXPECT_EQ(s.answered_by, std::vector<std::string>{"a1"});
  EXPECT_EQ(s.contact_end.begin()->second, "completed");
}

TEST_F(TransferTest, ADeskPhonesReferToALineNumberTransfersTheCallerBackIntoTheQueue) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t p1 = freePort();
  std::uint16_t p2 = freePort();
  auto first = sipp("agent1", "agent_refers.xml", 1,
                    {"-d", "1500", "-key", "refer_to", "sip:116117@127.0.0.1", "-trace_logs",
                     "-log_file", dir.file("agent1-refer.txt")},
                    p1);
  registerPhone("1001", p1);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(9000));
  answeredCall();
  auto second = sipp("agent2", "agent_answer.xml", 1, {"-d", "200"}, p2);
  registerPhone("1002", p2);
  EXPECT_EQ(first->wait(30s), 0) << first->log();  // its NOTIFY said how it went, then BYE
  EXPECT_EQ(caller->wait(40s), 0) << caller->log();
  EXPECT_EQ(second->wait(30s), 0) << second->log();
  std::ifstream in(dir.file("agent1-refer.txt"));
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("sipfrag 200"), std::string::npos) << log;
  auto s = settled();
  EXPECT_EQ(s.answered_by, (std::vector<std::string>{"a1", "a2"}));
  const auto& events = s.calls.begin()->second;
  EXPECT_NE(std::find(events.begin(), events.end(), "call.transferred"), events.end());
}

}  // namespace
}  // namespace luukku::telephony
