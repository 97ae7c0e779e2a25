// The switchboard with real peers (SIPp) and a real engine (switchboard_fixture.h): the flows
// of issue 5 and the bad-input list.
#include "telephony/switchboard_fixture.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using namespace luukku::telephony::testing;
using core::routing::PresenceStatus;
using core::routing::TaskReason;

TEST_F(SwitchboardTest, AnsweredCallIsBridgedAndEnds) {
  ASSERT_NO_FATAL_FAILURE(start());
  callAnsweredByAgent1(3000);
  auto s = settled();
  EXPECT_EQ(s.answered_by, std::vector<std::string>{"a1"});
  EXPECT_TRUE(s.hasCallEvent("call.answered"));
  EXPECT_TRUE(s.hasCallEvent("call.ended"));
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "completed");
}

TEST_F(SwitchboardTest, CallerWhoHangsUpWhileWaitingIsAbandoned) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(1500));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "abandoned");
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358401234567");  // the trunk's "0401234567", normalised
  EXPECT_EQ(s.tasks[0].reason, TaskReason::kAbandoned);
  EXPECT_TRUE(s.hasCallEvent("call.announced"));
}

// "Busy": the line's policy makes a callback task of a call that no agent is free to take.
TEST_F(SwitchboardTest, BusyLineTellsTheCallerAndMakesATask) {
  region.lines[0].routing.callback.when_busy = core::routing::OverflowAction::kCallback;
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(40s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].reason, TaskReason::kBusy);
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "diverted");
}

TEST_F(SwitchboardTest, CallsFromOneNumberInTwoFormsMakeOneTask) {
  region.lines[0].routing.callback.when_busy = core::routing::OverflowAction::kCallback;
  ASSERT_NO_FATAL_FAILURE(start());
  auto national = sipp("national", "caller_until_bye.xml", 1, callerKeys("0401234567"));
  auto international =
      sipp("international", "caller_until_bye.xml", 1, callerKeys("+358401234567"));
  EXPECT_EQ(national->wait(40s), 0) << national->log();
  EXPECT_EQ(international->wait(40s), 0) << international->log();
  auto s = settled(2);
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358401234567");
  EXPECT_EQ(s.tasks[0].contact_count, 2);
}

TEST_F(SwitchboardTest, ClosedLineGivesHoursAndMakesACallback) {
  now = luukku::testing::helsinki(23, 20, 0);  // Monday evening: the duty line closed at 16
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(60s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].reason, TaskReason::kClosed);
}

TEST_F(SwitchboardTest, PressOneLeavesAVoiceMessageWithTheCallback) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_dtmf_callback.xml", 1, callerKeys("0501112222"));
  EXPECT_EQ(caller->wait(60s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358501112222");
  EXPECT_EQ(s.tasks[0].reason, TaskReason::kRequested);
  ASSERT_FALSE(s.tasks[0].voice_message_ref.empty());
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "callback_requested");
  auto wav = media::loadAudioFile(dir.file("voice/" + s.tasks[0].voice_message_ref));
  ASSERT_TRUE(wav.isOk()) << wav.status().toString();
  EXPECT_GT((*wav)->seconds(), 3.0);
  EXPECT_GT(media::frameLevel((*wav)->samples), 200);
  EXPECT_TRUE(s.hasCallEvent("call.voice_message"));
}

TEST_F(SwitchboardTest, UnansweredOfferIsRedirectedToTheNextAgent) {
  ASSERT_NO_FATAL_FAILURE(start());
  // Agent 1's offer runs out after the line's 5 s; the caller stays long enough for agent 2.
  auto s = callAnsweredBySecondAgent("agent_no_answer.xml", freePort(), 9000);
  EXPECT_TRUE(s.hasCallEvent("call.agent_not_answering"));
  // The engine set the agent who missed the offer not ready.
  EXPECT_EQ(s.presence["a1"].status, PresenceStatus::kBreak);
}

TEST_F(SwitchboardTest, CallDivertedOnArrivalEndsWithCallEnded) {
  region.lines[0].routing.callback.when_busy = core::routing::OverflowAction::kCallback;
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(40s), 0) << caller->log();
  auto events = eventsOfTheCall();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), "call.arrived");
  EXPECT_EQ(events.back(), "call.ended");
  EXPECT_NE(std::find(events.begin(), events.end(), "call.callback_task"), events.end());
}

// A caller who hangs up the moment Luukku answers: the hang-up may reach the call while
// routing has not yet replied to its arrival, or just after. (That window, held open at will,
// is call_flow_test's: hang-up in every phase; a real engine replies when it replies.) Either
// way the call, its RTP port and the live-call count are let go, and the stream and the
// contact are whole: the contact abandoned, its callback task recorded before call.ended.
TEST_F(SwitchboardTest, CallerWhoHangsUpAtOnceLeavesAWholeCallAndAnAbandonedContact) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(0));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0 && media->openPorts() == 0; }, 5s))
      << board->liveCalls() << " calls, " << media->openPorts() << " ports";
  auto events = eventsOfTheCall();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front(), "call.arrived");
  EXPECT_EQ(events[events.size() - 2], "call.callback_task");
  EXPECT_EQ(events.back(), "call.ended");
  auto s = settled();
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "abandoned");
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].reason, TaskReason::kAbandoned);
}

TEST_F(SwitchboardTest, PhoneThatDiedWithoutUnregisteringSetsItsAgentNotReady) {
  ASSERT_NO_FATAL_FAILURE(start());
  // Agent 1's phone process died: its registration points at a port nobody listens on.
  std::uint16_t dead = freePort();
  auto s = callAnsweredBySecondAgent("", dead, 5000);
  EXPECT_EQ(s.presence["a1"].status, PresenceStatus::kBreak);
  EXPECT_EQ(s.presence["a1"].reason, "phone_unreachable");
  EXPECT_TRUE(s.declined_by.empty()) << "a technical failure is not a decline";
  EXPECT_TRUE(s.hasCallEvent("call.agent_unreachable"));
  // The phone comes back and registers again (the same binding): agent 1 is ready again.
  registerPhone("1001", dead);
  EXPECT_TRUE(eventually([&] { return isReady("a1"); }, 5s));
}

TEST_F(SwitchboardTest, PhoneAnswering503SetsItsAgentNotReady) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto s = callAnsweredBySecondAgent("agent_unavailable.xml", freePort(), 5000);
  EXPECT_EQ(s.presence["a1"].status, PresenceStatus::kBreak);
  EXPECT_EQ(s.presence["a1"].reason, "phone_unreachable");
  EXPECT_TRUE(s.declined_by.empty());
}

TEST_F(SwitchboardTest, WrongPasswordIsRefusedAndUnknownSourcesToo) {
  config.sip.trunks[0].allowed_sources = {"192.0.2.10"};  // not us: we are a stranger now
  ASSERT_NO_FATAL_FAILURE(start());
  auto reg = sipp("reg", "register_wrong_password.xml", 1,
                  {"-key", "ext", "1001", "-au", "1001", "-ap", "not-the-password", "-key",
                   "contact_port", "5999", "-key", "expires", "60"});
  EXPECT_EQ(reg->wait(20s), 0) << reg->log();
  EXPECT_TRUE(routed().readyAgents().empty());
  auto caller = sipp("caller", "caller_refused.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  EXPECT_TRUE(routed().calls.empty());
}

TEST_F(SwitchboardTest, UnknownNumberIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_unknown_number.xml", 1, callerKeys("0401234567", "999999"));
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  EXPECT_TRUE(routed().calls.empty());
}

TEST_F(SwitchboardTest, RegistrationsExpireAndPresenceFollows) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", 5998, 1);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  EXPECT_TRUE(eventually([&] { return !isReady("a1"); }, 5s));
  EXPECT_EQ(routed().presence["a1"].reason, "phone_unregistered");
  auto regs = board->sip().registrations();
  ASSERT_EQ(regs.size(), 2u);
  EXPECT_FALSE(regs[0].registered);
}

TEST_F(SwitchboardTest, ReinviteStormEndsTheCall) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_reinvite_storm.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
}

TEST_F(SwitchboardTest, CallThatIsNeverAckedIsCleanedUp) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_no_ack.xml", 1, callerKeysHolding(6000));
  caller->wait(30s);  // SIPp's verdict does not matter: Luukku must let go of the call
  EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0; }, 20s));
}

TEST_F(SwitchboardTest, DtmfGarbageChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_dtmf_garbage.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "abandoned");
}

TEST_F(SwitchboardTest, PhoneThatVanishesMidCallIsCleanedUp) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::uint16_t phone_port = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "100"}, phone_port);
  registerPhone("1001", phone_port);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(3000));
  ASSERT_TRUE(eventually([&] { return routed().answered_by.size() == 1; }));
  agent->kill();  // the phone is gone without a word
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  auto s = settled();
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "completed");
}

}  // namespace
}  // namespace luukku::telephony

namespace luukku::telephony {
namespace {

// Sends raw datagrams to 127.0.0.1:port.
void sendUdp(std::uint16_t port, const std::string& bytes) {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket s(
      io, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  s.send_to(boost::asio::buffer(bytes),
            boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

TEST_F(SwitchboardTest, MalformedSipAndStrayRtpChangeNothing) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string junk(1200, '\x7f');
  sendUdp(sip_port, junk);
  sendUdp(sip_port, "INVITE sip:116117@127.0.0.1 SIP/2.0\r\nVia: broken\r\n\r\n");
  sendUdp(sip_port,
          "INVITE sip:116117@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\n"
          "From: <sip:1@x>;tag=1\r\nTo: <sip:116117@x>\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\n"
          "Content-Length: 99999\r\n\r\nv=0");
  sendUdp(sip_port, "SIP/2.0 200 OK\r\n\r\n");
  sendUdp(sip_port, std::string("REGISTER sip:x SIP/2.0\r\nTo: <sip:") + std::string(3000, 'a') +
                        "@x>\r\n\r\n");
  // An INVITE from the trunk without SDP, and one offering only a codec Luukku does not speak.
  sendUdp(sip_port,
          "INVITE sip:116117@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKy\r\n"
          "From: <sip:0401@x>;tag=1\r\nTo: <sip:116117@x>\r\nCall-ID: b\r\nCSeq: 1 INVITE\r\n"
          "Max-Forwards: 70\r\nContact: <sip:0401@127.0.0.1:9>\r\nContent-Length: 0\r\n\r\n");
  std::string g722 =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP "
      "9\r\n";
  sendUdp(sip_port,
          "INVITE sip:116117@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKz\r\n"
          "From: <sip:0401@x>;tag=1\r\nTo: <sip:116117@x>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n"
          "Max-Forwards: 70\r\nContact: <sip:0401@127.0.0.1:9>\r\nContent-Type: application/sdp\r\n"
          "Content-Length: " +
              std::to_string(g722.size()) + "\r\n\r\n" + g722);
  // RTP to every port of the range while none is open.
  for (std::uint16_t p = config.media.port_min; p <= config.media.port_max; p += 2) {
    sendUdp(p, std::string("\x80\x08\x00\x01\x00\x00\x00\xa0\x00\x00\x00\x01", 12) +
                   std::string(160, '\xd5'));
  }
  EXPECT_TRUE(
      eventually([&] { return board->sip().liveLegs() == 0 && board->liveCalls() == 0; }, 10s));
  // And the server still takes calls.
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(500));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
}

}  // namespace
}  // namespace luukku::telephony
