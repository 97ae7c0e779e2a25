// The SIP and media layers with real peers (SIPp) against the switchboard, with a small
// in-memory routing in place of the engine: the flows of issue 5 and the bad-input list, each
// ending with no live call, SIP leg or RTP port left behind.
#include "telephony/switchboard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "engine/system_clock.h"
#include "support/temp_dir.h"
#include "telephony/fake_routing.h"
#include "telephony/media/media_engine.h"
#include "telephony/peers.h"
#include "telephony/prompts.h"
#include "telephony/sip/sip_stack.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::eventually;
using testing::FakeRouting;
using testing::freePort;
using testing::sippArgs;

using TempDir = luukku::testing::TempDir;

class SwitchboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sip_port = freePort();
    config.sip.listen = "127.0.0.1:" + std::to_string(sip_port);
    config.sip.min_expires = 1;
    config.sip.transaction_timeout = 2000ms;
    config.sip.trunks.push_back({"test", {"127.0.0.1"}, "", ""});
    for (auto [ext, agent] : {std::pair{"1001", "a1"}, std::pair{"1002", "a2"}}) {
      PhoneSettings p;
      p.phone = {ext, agent, "secret-" + std::string(ext)};
      config.phones.push_back(p);
      config.sip.phones.push_back(p.phone);
    }
    config.media.port_min = 32000;
    config.media.port_max = 32199;
    config.queue.closed_menu_s = 1;
    config.queue.announce_interval_s = 2;
    LineInfo line;
    line.line_id = "duty";
    line.language = "fi";
    line.name = {"Päivystys", "Jour", "Duty"};
    line.hours.days[0] = {{480, 960}};
    line.hours.days[4] = {{480, 900}};
    routing.lines["116117"] = line;
  }

  void start() {
    media = std::make_unique<media::MediaEngine>(config.media, registry);
    ASSERT_TRUE(media->start().isOk());
    prompts = std::make_unique<PromptLibrary>(LUUKKU_PROMPTS_DIR, dir.file("prompts"));
    ASSERT_TRUE(prompts->load().isOk());
    routing.executor = calls.get_executor();
    board = std::make_unique<Switchboard>(config, dir.file("voice"), calls, *media, *prompts,
                                          routing, clock, registry);
    Status st = board->start();
    ASSERT_TRUE(st.isOk()) << st.toString();
  }

  void TearDown() override {
    if (!board) return;
    // Nothing may be left behind.
    EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0; })) << board->liveCalls();
    EXPECT_TRUE(eventually([&] { return board->sip().liveLegs() == 0; }))
        << board->sip().liveLegs();
    EXPECT_TRUE(eventually([&] { return media->openPorts() == 0; })) << media->openPorts();
    std::string why;
    EXPECT_TRUE(eventually([&] { return callStreamsAreWhole(why); }, 5s)) << why;
    board->stop();
    media->stop();
  }

  std::unique_ptr<ChildProcess> sipp(const std::string& name, const std::string& scenario,
                                     int calls, std::vector<std::string> extra,
                                     std::uint16_t local_port = 0) {
    if (!local_port) local_port = freePort();
    return std::make_unique<ChildProcess>(sippArgs(scenario, sip_port, local_port, calls, extra),
                                          dir.file(name + ".log"));
  }

  // Registers extension `ext` with its phone listening on `contact_port`.
  void registerPhone(const std::string& ext, std::uint16_t contact_port, int expires = 60) {
    auto reg = sipp("register-" + ext, "register.xml", 1,
                    {"-key", "ext", ext, "-au", ext, "-ap", "secret-" + ext, "-key", "contact_port",
                     std::to_string(contact_port), "-key", "expires", std::to_string(expires),
                     "-trace_msg", "-message_file", dir.file("reg-msg.log")});
    ASSERT_EQ(reg->wait(20s), 0) << reg->log();
  }

  std::vector<std::string> callerKeys(const std::string& number = "0401234567",
                                      const std::string& service = "116117") {
    return {"-s", service, "-key", "caller", number};
  }
  // The default caller, hanging up `pause_ms` after the answer.
  std::vector<std::string> callerKeysHolding(int pause_ms) {
    auto k = callerKeys();
    k.insert(k.end(), {"-d", std::to_string(pause_ms)});
    return k;
  }

  // Each call's events start with call.arrived and end with exactly one call.ended.
  bool callStreamsAreWhole(std::string& why) {
    std::map<std::string, std::vector<std::string>> streams;
    for (auto& [c, t] : routing.snapshot().events) streams[c].push_back(t);
    for (auto& [c, types] : streams) {
      std::string all;
      for (auto& t : types) all += t + " ";
      why = c + ": " + all;
      if (types.front() != "call.arrived" || types.back() != "call.ended" ||
          std::count(types.begin(), types.end(), "call.ended") != 1) {
        return false;
      }
    }
    return true;
  }
  // The call events of the only call, in order.
  std::vector<std::string> eventsOfTheCall() {
    std::vector<std::string> out;
    for (auto& [c, t] : routing.snapshot().events) out.push_back(t);
    return out;
  }

  // A caller answered by agent 1's phone, hanging up `hold_ms` after Luukku answered.
  void callAnsweredByAgent1(int hold_ms) {
    std::uint16_t phone_port = freePort();
    auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "300"}, phone_port);
    registerPhone("1001", phone_port);
    ASSERT_TRUE(eventually([&] { return routing.snapshot().ready_agents.count("a1") == 1; }));
    auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(hold_ms));
    EXPECT_EQ(caller->wait(30s), 0) << caller->log();
    EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  }

  // A caller waits while agent 1's phone (`agent1_scenario` on `p1`; none: a phone that died
  // and left its registration) is asked first and agent 2's phone answers; the routing after.
  FakeRouting::State callAnsweredBySecondAgent(const std::string& agent1_scenario, std::uint16_t p1,
                                               int hold_ms) {
    std::uint16_t p2 = freePort();
    std::unique_ptr<ChildProcess> first;
    if (!agent1_scenario.empty()) first = sipp("agent1", agent1_scenario, 1, {}, p1);
    auto answering = sipp("agent2", "agent_answer.xml", 1, {"-d", "200"}, p2);
    registerPhone("1001", p1);
    registerPhone("1002", p2);
    EXPECT_TRUE(eventually([&] { return routing.snapshot().ready_agents.size() == 2; }));
    auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(hold_ms));
    EXPECT_EQ(caller->wait(40s), 0) << caller->log();
    if (first) {
      EXPECT_EQ(first->wait(20s), 0) << first->log();
    }
    EXPECT_EQ(answering->wait(20s), 0) << answering->log();
    auto s = routing.snapshot();
    EXPECT_EQ(s.answered_by, std::vector<std::string>{"a2"});
    return s;
  }

  bool hasEvent(const std::string& type) {
    for (auto& [c, t] : routing.snapshot().events) {
      if (t == type) return true;
    }
    return false;
  }

  TempDir dir;
  engine::SystemClock clock;
  metrics::Registry registry;
  TelephonyConfig config;
  FakeRouting routing;
  std::uint16_t sip_port = 0;
  std::unique_ptr<media::MediaEngine> media;
  std::unique_ptr<PromptLibrary> prompts;
  boost::asio::io_context calls{1};
  std::unique_ptr<Switchboard> board;
};

TEST_F(SwitchboardTest, AnsweredCallIsBridgedAndEnds) {
  start();
  callAnsweredByAgent1(3000);
  auto s = routing.snapshot();
  ASSERT_EQ(s.answered_by.size(), 1u);
  EXPECT_EQ(s.answered_by[0], "a1");
  EXPECT_TRUE(hasEvent("call.answered"));
  EXPECT_TRUE(hasEvent("call.ended"));
  ASSERT_EQ(s.contact_end.size(), 1u);
  EXPECT_EQ(s.contact_end.begin()->second, "completed");
}

TEST_F(SwitchboardTest, CallerWhoHangsUpWhileWaitingIsAbandoned) {
  start();
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(1500));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  ASSERT_TRUE(eventually([&] { return routing.snapshot().contact_end.size() == 1; }));
  auto s = routing.snapshot();
  EXPECT_EQ(s.contact_end.begin()->second, "abandoned");
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358401234567");  // the trunk's "0401234567", normalised
  EXPECT_TRUE(hasEvent("call.announced"));
}

TEST_F(SwitchboardTest, BusyLineTellsTheCallerAndMakesATask) {
  routing.busy = true;
  start();
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(40s), 0) << caller->log();
  auto s = routing.snapshot();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].reason, "busy");
}

TEST_F(SwitchboardTest, CallsFromOneNumberInTwoFormsMakeOneTask) {
  routing.busy = true;
  start();
  auto national = sipp("national", "caller_until_bye.xml", 1, callerKeys("0401234567"));
  auto international =
      sipp("international", "caller_until_bye.xml", 1, callerKeys("+358401234567"));
  EXPECT_EQ(national->wait(40s), 0) << national->log();
  EXPECT_EQ(international->wait(40s), 0) << international->log();
  auto s = routing.snapshot();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358401234567");
}

TEST_F(SwitchboardTest, ClosedLineGivesHoursAndMakesACallback) {
  routing.lines["116117"].open = false;
  start();
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(60s), 0) << caller->log();
  auto s = routing.snapshot();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].reason, "closed");
}

TEST_F(SwitchboardTest, PressOneLeavesAVoiceMessageWithTheCallback) {
  start();
  auto caller = sipp("caller", "caller_dtmf_callback.xml", 1, callerKeys("0501112222"));
  EXPECT_EQ(caller->wait(60s), 0) << caller->log();
  auto s = routing.snapshot();
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].number, "+358501112222");
  EXPECT_EQ(s.tasks[0].reason, "requested");
  ASSERT_FALSE(s.tasks[0].voice_ref.empty());
  EXPECT_EQ(s.contact_end.begin()->second, "callback_requested");
  auto wav = media::loadAudioFile(dir.file("voice/" + s.tasks[0].voice_ref));
  ASSERT_TRUE(wav.isOk()) << wav.status().toString();
  EXPECT_GT((*wav)->seconds(), 3.0);
  EXPECT_GT(media::frameLevel((*wav)->samples), 200);
  EXPECT_TRUE(hasEvent("call.voice_message"));
}

TEST_F(SwitchboardTest, UnansweredOfferIsRedirectedToTheNextAgent) {
  routing.offer_timeout = 2000ms;
  start();
  callAnsweredBySecondAgent("agent_no_answer.xml", freePort(), 6000);
  EXPECT_TRUE(hasEvent("call.agent_not_answering"));
}

TEST_F(SwitchboardTest, CallDivertedOnArrivalEndsWithCallEnded) {
  routing.busy = true;
  start();
  auto caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(40s), 0) << caller->log();
  ASSERT_TRUE(eventually([&] { return hasEvent("call.ended"); }, 5s));
  auto events = eventsOfTheCall();
  EXPECT_EQ(events.front(), "call.arrived");
  EXPECT_EQ(events.back(), "call.ended");
  EXPECT_NE(std::find(events.begin(), events.end(), "call.callback_task"), events.end());
}

TEST_F(SwitchboardTest, CallerWhoHangsUpWhileTheCallIsArrivingIsFinished) {
  routing.hold_arrivals = true;  // routing has not answered the arrival yet
  start();
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(300));
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  // The call, its RTP port and the live-call count are let go at once.
  EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0 && media->openPorts() == 0; }, 5s))
      << board->liveCalls() << " calls, " << media->openPorts() << " ports";
  EXPECT_FALSE(hasEvent("call.ended"));  // it waits for routing's answer
  // Routing answers: the call was queued, so it is abandoned (a callback task by the policy).
  routing.releaseArrivals();
  ASSERT_TRUE(eventually([&] { return routing.snapshot().contact_end.size() == 1; }, 5s));
  EXPECT_EQ(routing.snapshot().contact_end.begin()->second, "abandoned");
  ASSERT_TRUE(eventually([&] { return hasEvent("call.ended"); }, 5s));
  auto events = eventsOfTheCall();
  EXPECT_EQ(events.front(), "call.arrived");
  EXPECT_EQ(events[events.size() - 2], "call.callback_task");
  EXPECT_EQ(events.back(), "call.ended");
}

TEST_F(SwitchboardTest, PhoneThatDiedWithoutUnregisteringSetsItsAgentNotReady) {
  start();
  // Agent 1's phone process died: its registration points at a port nobody listens on.
  std::uint16_t dead = freePort();
  auto s = callAnsweredBySecondAgent("", dead, 5000);
  EXPECT_EQ(s.not_ready["a1"], "phone_unreachable");
  EXPECT_TRUE(s.declined_by.empty()) << "a technical failure is not a decline";
  EXPECT_TRUE(hasEvent("call.agent_unreachable"));
  // The phone comes back and registers again (the same binding): agent 1 is ready again.
  registerPhone("1001", dead);
  EXPECT_TRUE(eventually([&] { return routing.snapshot().ready_agents.count("a1") == 1; }, 5s));
}

TEST_F(SwitchboardTest, PhoneAnswering503SetsItsAgentNotReady) {
  start();
  auto s = callAnsweredBySecondAgent("agent_unavailable.xml", freePort(), 5000);
  EXPECT_EQ(s.not_ready["a1"], "phone_unreachable");
  EXPECT_TRUE(s.declined_by.empty());
}

TEST_F(SwitchboardTest, WrongPasswordIsRefusedAndUnknownSourcesToo) {
  config.sip.trunks[0].allowed_sources = {"192.0.2.10"};  // not us: we are a stranger now
  start();
  auto reg = sipp("reg", "register_wrong_password.xml", 1,
                  {"-key", "ext", "1001", "-au", "1001", "-ap", "not-the-password", "-key",
                   "contact_port", "5999", "-key", "expires", "60"});
  EXPECT_EQ(reg->wait(20s), 0) << reg->log();
  EXPECT_TRUE(routing.snapshot().ready_agents.empty());
  auto caller = sipp("caller", "caller_refused.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
}

TEST_F(SwitchboardTest, UnknownNumberIsRefused) {
  start();
  auto caller = sipp("caller", "caller_unknown_number.xml", 1, callerKeys("0401234567", "999999"));
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
}

TEST_F(SwitchboardTest, RegistrationsExpireAndPresenceFollows) {
  start();
  registerPhone("1001", 5998, 1);
  ASSERT_TRUE(eventually([&] { return routing.snapshot().ready_agents.count("a1") == 1; }));
  EXPECT_TRUE(eventually([&] { return routing.snapshot().ready_agents.count("a1") == 0; }, 5s));
  auto regs = board->sip().registrations();
  ASSERT_EQ(regs.size(), 2u);
  EXPECT_FALSE(regs[0].registered);
}

TEST_F(SwitchboardTest, ReinviteStormEndsTheCall) {
  start();
  auto caller = sipp("caller", "caller_reinvite_storm.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
}

TEST_F(SwitchboardTest, CallThatIsNeverAckedIsCleanedUp) {
  start();
  auto caller = sipp("caller", "caller_no_ack.xml", 1, callerKeysHolding(6000));
  caller->wait(30s);  // SIPp's verdict does not matter: Luukku must let go of the call
  EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0; }, 20s));
}

TEST_F(SwitchboardTest, DtmfGarbageChangesNothing) {
  start();
  auto caller = sipp("caller", "caller_dtmf_garbage.xml", 1, callerKeys());
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
  EXPECT_EQ(routing.snapshot().contact_end.begin()->second, "abandoned");
}

TEST_F(SwitchboardTest, PhoneThatVanishesMidCallIsCleanedUp) {
  start();
  std::uint16_t phone_port = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "100"}, phone_port);
  registerPhone("1001", phone_port);
  ASSERT_TRUE(eventually([&] { return routing.snapshot().ready_agents.count("a1") == 1; }));
  auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(3000));
  ASSERT_TRUE(eventually([&] { return routing.snapshot().answered_by.size() == 1; }));
  agent->kill();  // the phone is gone without a word
  EXPECT_EQ(caller->wait(30s), 0) << caller->log();
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
  start();
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
