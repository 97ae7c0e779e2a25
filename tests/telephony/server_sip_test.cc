// The real luukku binary with telephony on, driven by real peers: SIPp for signalling flows
// and baresip for calls with real audio. Each test starts its own server on 127.0.0.1 (a
// fresh data directory, the test region imported) and ends with every live call, SIP leg and
// RTP port back at zero in /metrics.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "e2e/server_process.h"
#include "store/event_store.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/temp_dir.h"
#include "telephony/baresip.h"
#include "telephony/media/audio.h"
#include "telephony/peers.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using testing::Baresip;
using testing::BaresipOptions;
using testing::ChildProcess;
using testing::eventually;
using testing::freePort;
using testing::sippArgs;
using testing::SipUdpClient;

using luukku::testing::metricValue;

class ServerSipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sip_port_ = freePort();
    std::ofstream(dir_.file("telephony.toml"))
        << "[sip]\nlisten = \"127.0.0.1:" << sip_port_ << "\"\nmin_expires = 1\n"
        << "transaction_timeout_ms = 2000\nauth_failures_per_extension = 3\n"
        << "[media]\naddress = \"127.0.0.1\"\nport_min = 34000\nport_max = 34398\n"
        << "[queue]\nannounce_interval_s = 2\nclosed_menu_s = 1\nrecord_silence_s = 2\n"
        << "[[trunks]]\nname = \"test\"\nallowed_sources = [\"127.0.0.1\"]\n"
        << "outbound_address = \"127.0.0.1:" << operator_port_ << "\"\n"
        << "[[outbound]]\nline = \"duty\"\noutbound = true\nallowed = [\"+35840*\"]\n"
        << "[[phones]]\nextension = \"1001\"\nagent = \"a1\"\npassword = \"secret-1001\"\n"
        << "[[phones]]\nextension = \"1002\"\nagent = \"a2\"\npassword = \"secret-1002\"\n"
        << extraTelephonyConfig();
    ChildProcess import(
        {luukku::testing::luukkuBinary(), "--data-dir", dir_.file("data"), "--log-level", "warn",
         "import-config", LUUKKU_SOURCE_DIR "/tests/telephony/test-region.toml"},
        dir_.file("import.log"));
    ASSERT_EQ(import.wait(30s), 0) << import.log();
    server_ = std::make_unique<luukku::testing::ServerProcess>(std::vector<std::string>{
        "--data-dir", dir_.file("data"), "--telephony-config", dir_.file("telephony.toml"),
        "--sip-listen", "127.0.0.1:" + std::to_string(sip_port_)});
  }

  // More of the telephony file, for a fixture of its own.
  virtual std::string extraTelephonyConfig() const { return ""; }

  void TearDown() override {
    if (!server_) return;
    // Nothing is left behind: calls, SIP legs and RTP ports are back at zero.
    std::string last;
    bool zero = eventually(
        [&] {
          last = metrics();
          return metricValue(last, "luukku_calls_live") == 0 &&
                 metricValue(last, "luukku_sip_legs") == 0 &&
                 metricValue(last, "luukku_rtp_ports_open") == 0;
        },
        20s);
    EXPECT_TRUE(zero) << last;
    std::string why;
    EXPECT_TRUE(eventually([&] { return callStreamsAreWhole(why); }, 10s)) << why;
    EXPECT_EQ(server_->terminate(), 0);
  }

  std::string metrics() {
    auto r = server_->client().get("/metrics");
    return r.body;
  }

  std::unique_ptr<ChildProcess> sipp(const std::string& name, const std::string& scenario,
                                     int calls, std::vector<std::string> extra,
                                     std::uint16_t local_port = 0) {
    if (!local_port) local_port = freePort();
    return std::make_unique<ChildProcess>(sippArgs(scenario, sip_port_, local_port, calls, extra),
                                          dir_.file(name + ".log"));
  }
  void registerPhone(const std::string& ext, std::uint16_t contact_port) {
    auto reg = sipp("register-" + ext, "register.xml", 1,
                    {"-key", "ext", ext, "-au", ext, "-ap", "secret-" + ext, "-key", "contact_port",
                     std::to_string(contact_port), "-key", "expires", "60"});
    ASSERT_EQ(reg->wait(20s), 0) << reg->log();
  }
  std::vector<std::string> caller(const std::string& service, std::string number,
                                  int pause_ms = -1) {
    std::vector<std::string> k = {"-s", service, "-key", "caller", std::move(number)};
    if (pause_ms >= 0) k.insert(k.end(), {"-d", std::to_string(pause_ms)});
    return k;
  }

  // The events in the store, in order, optionally only of one stream prefix.
  std::vector<store::StoredEvent> storedRecords(const std::string& stream_prefix = "") {
    auto store = store::openStore("sqlite:" + dir_.file("data") + "/luukku.db");
    std::vector<store::StoredEvent> out;
    if (!store) return out;
    std::int64_t after = 0;
    for (;;) {
      auto events = (*store)->readAll(after, 1000);
      if (!events || events->empty()) break;
      for (auto& e : *events) {
        after = e.global_seq;
        if (e.stream_id.starts_with(stream_prefix)) out.push_back(std::move(e));
      }
    }
    return out;
  }
  std::vector<std::string> storedEvents(const std::string& stream_prefix = "") {
    std::vector<std::string> out;
    for (const auto& e : storedRecords(stream_prefix)) out.push_back(e.type);
    return out;
  }
  // Every call's own stream starts with call.arrived (call.dialled: outgoing) and ends with exactly
  // one call.ended that says who ended the call.
  bool callStreamsAreWhole(std::string& why) {
    std::map<std::string, std::vector<const store::StoredEvent*>> streams;
    auto records = storedRecords("call/");
    for (const auto& e : records) streams[e.stream_id].push_back(&e);
    for (const auto& [id, events] : streams) {
      why = id + ":";
      int ends = 0;
      for (const auto* e : events) {
        why += " " + e->type;
        ends += e->type == "call.ended";
      }
      bool starts =
          events.front()->type == "call.arrived" || events.front()->type == "call.dialled";
      if (!starts || events.back()->type != "call.ended" || ends != 1 ||
          events.back()->payload.find("\"by\":") == std::string::npos) {
        return false;
      }
    }
    return true;
  }
  // The reason of the agent's latest presence change.
  std::string presenceReason(const std::string& agent) {
    std::string reason;
    for (const auto& e : storedRecords()) {
      if (e.type != "presence.changed") continue;
      auto v = boost::json::parse(e.payload);
      if (v.at("agent").as_string() == agent) {
        reason = std::string(v.at("state").at("reason").as_string());
      }
    }
    return reason;
  }
  // How many offers of each kind the contacts had, e.g. "offer.made" -> 2.
  int count(const std::string& type) {
    auto all = storedEvents();
    return static_cast<int>(std::count(all.begin(), all.end(), type));
  }

  // A phone that cannot take calls is agent 1's (a1 is asked first); once the first call to it
  // has failed, agent 2's phone registers and answers. Before the fix the call was offered to
  // agent 1 again and again at once, thousands of times a second, until agent 2 came.
  void unreachablePhoneIsLeftAlone(std::uint16_t phone1) {
    registerPhone("1001", phone1);
    ASSERT_TRUE(eventually([&] { return stored("presence.changed"); }));
    auto call = sipp("caller", "caller.xml", 1, caller("116117", "0401234567", 8000));
    ASSERT_TRUE(eventually(
        [&] { return stored("call.agent_unreachable") || stored("call.agent_refused"); }));
    std::uint16_t phone2 = freePort();
    auto agent2 = sipp("agent2", "agent_answer.xml", 1, {"-d", "300"}, phone2);
    registerPhone("1002", phone2);
    EXPECT_EQ(call->wait(40s), 0) << call->log();
    EXPECT_EQ(agent2->wait(30s), 0) << agent2->log();
    ASSERT_TRUE(eventually([&] { return stored("contact.completed"); }));
    EXPECT_LE(count("offer.made"), 3);
    EXPECT_EQ(count("offer.declined"), 0) << "a technical failure is not a decline";
    EXPECT_EQ(presenceReason("a1"), "phone_unreachable");
    bool answered_by_a2 = false;
    for (const auto& e : storedRecords("contact/")) {
      if (e.type == "offer.accepted") {
        answered_by_a2 = boost::json::parse(e.payload).at("agent").as_string() == "a2";
      }
    }
    EXPECT_TRUE(answered_by_a2);
  }
  bool stored(const std::string& type) {
    auto all = storedEvents();
    return std::find(all.begin(), all.end(), type) != all.end();
  }

  // A WAV of `seconds` of a tone (what an agent says) or of speech (the welcome prompt, looped).
  std::string toneWav(const std::string& name, double hz, double seconds) {
    std::vector<std::int16_t> s(static_cast<std::size_t>(seconds * media::kSampleRate));
    for (std::size_t i = 0; i < s.size(); ++i) {
      s[i] = static_cast<std::int16_t>(
          6000 * std::sin(2 * M_PI * hz * static_cast<double>(i) / media::kSampleRate));
    }
    std::string path = dir_.file(name);
    EXPECT_TRUE(media::writeWav(path, s).isOk());
    return path;
  }
  std::string speechWav(const std::string& name, double seconds) {
    auto welcome = media::loadAudioFile(LUUKKU_PROMPTS_DIR "/en/welcome.wav");
    EXPECT_TRUE(welcome.isOk());
    std::vector<std::int16_t> s;
    while (s.size() < seconds * media::kSampleRate) {
      s.insert(s.end(), (*welcome)->samples.begin(), (*welcome)->samples.end());
    }
    std::string path = dir_.file(name);
    EXPECT_TRUE(media::writeWav(path, s).isOk());
    return path;
  }

  // Agent 1's softphone (baresip, saying a 1200 Hz tone), once Luukku has it registered and
  // the agent present; null when it does not register.
  std::unique_ptr<Baresip> agentSoftphone() { return agentSoftphone("1001", 1200, 1); }
  // The softphone of extension `ext`, saying a `hz` tone; `registered` phones in all once it is.
  std::unique_ptr<Baresip> agentSoftphone(const std::string& ext, double hz, int registered) {
    auto phone = std::make_unique<Baresip>(
        BaresipOptions{dir_.file("agent-" + ext),
                       "<sip:" + ext + "@127.0.0.1:" + std::to_string(sip_port_) +
                           ">;auth_pass=secret-" + ext + ";regint=60;answermode=manual",
                       toneWav("agent-voice-" + ext + ".wav", hz, 120)});
    // (Its REGISTER_OK may come before the control connection: ask Luukku instead.)
    bool ok = eventually([&] {
                return metricValue(metrics(), "luukku_sip_registrations") == registered;
              }) &&
              eventually([&] { return stored("presence.changed"); });
    EXPECT_TRUE(ok) << phone->log();
    return ok ? std::move(phone) : nullptr;
  }
  std::unique_ptr<Baresip> callerSoftphone(const std::string& service) {
    return callerSoftphone(service, speechWav("caller-voice.wav", 120));
  }
  std::unique_ptr<Baresip> callerSoftphone(const std::string& service, std::string voice) {
    auto phone = std::make_unique<Baresip>(
        BaresipOptions{dir_.file("caller"), "<sip:0409998888@127.0.0.1>;regint=0", voice});
    bool answered =
        phone->command("dial", "sip:" + service + "@127.0.0.1:" + std::to_string(sip_port_)) &&
        phone->waitEvent("CALL_ESTABLISHED", 10s);
    EXPECT_TRUE(answered) << phone->log();
    return answered ? std::move(phone) : nullptr;
  }

  luukku::testing::TempDir dir_;
  std::uint16_t sip_port_ = 0;
  std::uint16_t operator_port_ = freePort();  // the operator's SIP server: outgoing calls
  std::unique_ptr<luukku::testing::ServerProcess> server_;
};

TEST_F(ServerSipTest, AnsweredCallIsRecordedAsContactAndCallEvents) {
  std::uint16_t phone = freePort();
  auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "300"}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return stored("presence.changed"); }));
  auto phones = server_->client().get("/api/v1/telephony/phones");
  EXPECT_EQ(phones.status, 200);
  EXPECT_NE(phones.body.find(R"({"extension":"1001","agent_id":"a1","registered":true)"),
            std::string::npos)
      << phones.body;
  auto call = sipp("caller", "caller.xml", 1, caller("116117", "0401234567", 2500));
  EXPECT_EQ(call->wait(30s), 0) << call->log();
  EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  ASSERT_TRUE(eventually([&] { return stored("contact.completed"); }));
  auto contact = storedEvents("contact/");
  EXPECT_EQ(contact.front(), "contact.queued");
  for (const char* t : {"offer.made", "offer.accepted", "contact.completed"}) {
    EXPECT_NE(std::find(contact.begin(), contact.end(), t), contact.end()) << t;
  }
  ASSERT_TRUE(eventually([&] { return stored("call.ended"); }));
  auto call_events = storedEvents("call/");
  for (const char* t :
       {"call.arrived", "call.announced", "call.agent_ringing", "call.answered", "call.ended"}) {
    EXPECT_NE(std::find(call_events.begin(), call_events.end(), t), call_events.end()) << t;
  }
}

TEST_F(ServerSipTest, PhoneThatDiedWithoutUnregisteringIsNotOfferedCallsInALoop) {
  // Its registration points at a port nobody listens on: ICMP port unreachable.
  std::uint16_t dead = freePort();
  unreachablePhoneIsLeftAlone(dead);
  // The phone comes back on the same address and registers again: agent 1 is ready again.
  registerPhone("1001", dead);
  EXPECT_TRUE(eventually([&] { return presenceReason("a1") == "phone_registered"; }));
}

TEST_F(ServerSipTest, PhoneAnswering503IsNotOfferedCallsInALoop) {
  std::uint16_t phone = freePort();
  auto refusing = sipp("agent1", "agent_unavailable.xml", 100000, {}, phone);
  unreachablePhoneIsLeftAlone(phone);
  refusing->kill();
}

TEST_F(ServerSipTest, AbandonedCallBecomesACallbackTask) {
  auto call = sipp("caller", "caller.xml", 1, caller("116117", "0401112222", 1000));
  // No agent is signed in: by the line's policy the call is diverted at once or, when it
  // queues, abandoned into a task; either way a task for the number exists.
  call->wait(30s);
  ASSERT_TRUE(eventually([&] { return stored("task.created"); }));
}

TEST_F(ServerSipTest, BusyLineTellsTheCallerAndCreatesATask) {
  // Nobody is signed in to the duty line: the caller is told and a task is made.
  auto call = sipp("caller", "caller_until_bye.xml", 1, caller("116117", "0403334444"));
  EXPECT_EQ(call->wait(40s), 0) << call->log();
  EXPECT_TRUE(stored("contact.diverted"));
  EXPECT_TRUE(stored("task.created"));
}

TEST_F(ServerSipTest, ClosedLineGivesItsHoursAndMakesACallback) {
  auto call = sipp("caller", "caller_until_bye.xml", 1, caller("0201234567", "0405556666"));
  EXPECT_EQ(call->wait(60s), 0) << call->log();
  EXPECT_TRUE(stored("contact.diverted"));
  EXPECT_TRUE(stored("task.created"));
}

TEST_F(ServerSipTest, WrongPasswordAndUnknownNumberAreRefused) {
  auto reg = sipp("reg", "register_wrong_password.xml", 1,
                  {"-key", "ext", "1001", "-au", "1001", "-ap", "wrong-password", "-key",
                   "contact_port", "5999", "-key", "expires", "60"});
  EXPECT_EQ(reg->wait(20s), 0) << reg->log();
  auto call = sipp("caller", "caller_unknown_number.xml", 1, caller("555", "0401234567"));
  EXPECT_EQ(call->wait(20s), 0) << call->log();
  EXPECT_EQ(metricValue(metrics(), "luukku_sip_registrations"), 0);
}

std::vector<std::string> registerKeys(const std::string& ext, const std::string& password) {
  return {"-key", "ext",          ext,    "-au",  ext,       "-ap", password,
          "-key", "contact_port", "5999", "-key", "expires", "60"};
}

TEST_F(ServerSipTest, RepeatedWrongPasswordsLockTheExtensionAndAreCounted) {
  // Ten guesses in quick succession: the third locks extension 1001.
  auto guesses =
      sipp("guesses", "register_wrong_password.xml", 10, registerKeys("1001", "wrong-password"));
  EXPECT_EQ(guesses->wait(30s), 0) << guesses->log();
  // While locked even the right password gets what a wrong one gets: a challenge, then 403.
  auto phone = sipp("phone", "register_wrong_password.xml", 1, registerKeys("1001", "secret-1001"));
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  std::string m = metrics();
  EXPECT_EQ(metricValue(m, "luukku_sip_registrations"), 0);
  EXPECT_EQ(metricValue(m, "luukku_sip_auth_failures_total"), 11) << m;
  EXPECT_EQ(metricValue(m, "luukku_sip_auth_lockouts_total"), 1) << m;
  EXPECT_EQ(metricValue(m, "luukku_sip_auth_locked_refusals_total"), 8) << m;
}

TEST_F(ServerSipTest, UnknownExtensionIsChallengedAndRefusedLikeAKnownOne) {
  // The scenario expects 401 with a digest challenge, then 403 for the answer.
  auto unknown = sipp("unknown", "register_wrong_password.xml", 1, registerKeys("4711", "guess"));
  EXPECT_EQ(unknown->wait(20s), 0) << unknown->log();
  auto known = sipp("known", "register_wrong_password.xml", 1, registerKeys("1001", "guess"));
  EXPECT_EQ(known->wait(20s), 0) << known->log();
  EXPECT_EQ(metricValue(metrics(), "luukku_sip_auth_failures_total"), 2);
}

// The first line of `log` starting with `name`, without its line end.
std::string headerLine(const std::string& log, const std::string& name) {
  auto at = log.find("\n" + name);
  if (at == std::string::npos) return {};
  auto end = log.find_first_of("\r\n", at + 1);
  return log.substr(at + 1, end - at - 1);
}

TEST_F(ServerSipTest, ReplayedAuthorizationFromAnotherPortDoesNotMoveThePhone) {
  std::uint16_t phone = freePort();
  auto reg = sipp("register-1001", "register.xml", 1,
                  {"-key", "ext", "1001", "-au", "1001", "-ap", "secret-1001", "-key",
                   "contact_port", std::to_string(phone), "-key", "expires", "60", "-trace_msg",
                   "-message_file", dir_.file("phone-messages.log")});
  ASSERT_EQ(reg->wait(20s), 0) << reg->log();
  std::ifstream in(dir_.file("phone-messages.log"));
  std::string sent((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string authorization = headerLine(sent, "Authorization:");
  ASSERT_NE(authorization.find("nc=00000001"), std::string::npos) << sent;

  // Someone who captured that REGISTER sends its Authorization again, from a port and with a
  // Contact of their own.
  SipUdpClient attacker;
  std::string me = "127.0.0.1:" + std::to_string(attacker.port());
  std::string replay = "REGISTER sip:127.0.0.1:" + std::to_string(sip_port_) +
                       " SIP/2.0\r\nVia: SIP/2.0/UDP " + me +
                       ";branch=z9hG4bK-replay-1;rport\r\nFrom: <sip:1001@127.0.0.1>;tag=r1\r\n"
                       "To: <sip:1001@127.0.0.1>\r\nCall-ID: replay-1@127.0.0.1\r\n"
                       "CSeq: 7 REGISTER\r\nContact: <sip:1001@" +
                       me + ">\r\nExpires: 60\r\n" + authorization +
                       "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  std::string answer = attacker.request(sip_port_, replay, 5s);
  EXPECT_TRUE(answer.starts_with("SIP/2.0 401")) << answer;
  EXPECT_NE(answer.find("stale=true"), std::string::npos) << answer;
  // Calls still go to the phone, not to the attacker.
  auto phones = server_->client().get("/api/v1/telephony/phones").body;
  EXPECT_NE(phones.find("127.0.0.1:" + std::to_string(phone)), std::string::npos) << phones;
  EXPECT_EQ(phones.find(me), std::string::npos) << phones;
  EXPECT_EQ(metricValue(metrics(), "luukku_sip_auth_replays_total"), 1);
}

TEST_F(ServerSipTest, BaresipCallerHearsTheQueueAndTalksToTheAgent) {
  auto agent = agentSoftphone();
  ASSERT_TRUE(agent);
  auto caller_phone = callerSoftphone("116123");
  ASSERT_TRUE(caller_phone);
  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  // Let the caller wait: prompts, then music on hold.
  std::this_thread::sleep_for(16s);
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(agent->waitEvent("CALL_ESTABLISHED", 10s)) << agent->log();
  std::this_thread::sleep_for(3s);
  ASSERT_TRUE(caller_phone->command("hangup"));
  ASSERT_TRUE(caller_phone->waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();

  auto heard = caller_phone->heard();
  ASSERT_GT(heard.size(), 18u * media::kSampleRate) << caller_phone->log();
  // No dead air while waiting: every second carries prompts or music.
  for (int second = 1; second < 15; ++second) {
    EXPECT_GT(testing::levelBetween(heard, second, second + 1), 100)
        << "silence at " << second << " s";
  }
  // After the answer the caller hears the agent (a 1200 Hz tone), relayed through Luukku.
  double end = static_cast<double>(heard.size()) / media::kSampleRate;
  EXPECT_GT(testing::toneShare(heard, 1200, end - 2.0, end - 0.5), 0.5);
  // And the agent hears the caller's voice.
  auto agent_heard = agent->heard();
  ASSERT_GT(agent_heard.size(), 2u * media::kSampleRate);
  EXPECT_GT(testing::levelBetween(agent_heard, 0.5, 2.5), 200);
  EXPECT_TRUE(eventually([&] { return stored("contact.completed"); }));
}

TEST_F(ServerSipTest, BaresipPressOneLeavesAVoiceMessageOnTheTask) {
  Baresip caller_phone({dir_.file("caller"), "<sip:0407776666@127.0.0.1>;regint=0",
                        speechWav("caller-voice.wav", 120)});
  // An agent is signed in (a registered SIPp phone that never answers), so the call queues.
  std::uint16_t phone = freePort();
  auto silent = sipp("agent", "agent_no_answer.xml", 1, {}, phone);
  registerPhone("1001", phone);
  ASSERT_TRUE(eventually([&] { return stored("presence.changed"); }));
  ASSERT_TRUE(caller_phone.command("dial", "sip:116123@127.0.0.1:" + std::to_string(sip_port_)));
  ASSERT_TRUE(caller_phone.waitEvent("CALL_ESTABLISHED", 10s)) << caller_phone.log();
  std::this_thread::sleep_for(2s);
  ASSERT_TRUE(caller_phone.command("sndcode", "1"));
  // The prompt and the tone, then the caller speaks for a while and presses #.
  std::this_thread::sleep_for(12s);
  ASSERT_TRUE(caller_phone.command("sndcode", "#"));
  ASSERT_TRUE(caller_phone.waitEvent("CALL_CLOSED", 20s)) << caller_phone.log();
  ASSERT_TRUE(eventually([&] { return stored("call.voice_message"); }));
  EXPECT_TRUE(stored("contact.callback_requested"));
  // The task names the message; the message is the caller's voice.
  std::filesystem::path messages = dir_.file("data") + "/voice-messages";
  std::vector<std::filesystem::path> wavs;
  for (const auto& e : std::filesystem::directory_iterator(messages)) wavs.push_back(e.path());
  ASSERT_EQ(wavs.size(), 1u);
  auto wav = media::loadAudioFile(wavs[0].string());
  ASSERT_TRUE(wav.isOk());
  EXPECT_GT((*wav)->seconds(), 3.0);
  EXPECT_GT(media::frameLevel((*wav)->samples), 200);
  // The message is served to staff through the API.
  auto served =
      server_->client().get("/api/v1/telephony/voice-messages/" + wavs[0].filename().string());
  EXPECT_EQ(served.status, 200);
  EXPECT_GT(served.body.size(), 40'000u);
  int escape = server_->client().get("/api/v1/telephony/voice-messages/..%2Fluukku.db").status;
  EXPECT_TRUE(escape == 400 || escape == 404) << escape;
  silent->kill();
}

TEST_F(ServerSipTest, AdminReplacesAPromptWithARecording) {
  auto http = server_->client();
  std::ifstream in(toneWav("recording.wav", 440, 2.0), std::ios::binary);
  std::string wav((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto put = http.request("PUT", "/api/v1/telephony/prompts/fi/welcome-duty", wav, "audio/wav");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_NE(put.body.find("\"recorded\":true"), std::string::npos) << put.body;
  EXPECT_EQ(http.request("PUT", "/api/v1/telephony/prompts/de/welcome", wav, "audio/wav").status,
            400);
  EXPECT_EQ(http.request("PUT", "/api/v1/telephony/prompts/fi/Bad%20Name", wav, "audio/wav").status,
            400);
  EXPECT_EQ(
      http.request("PUT", "/api/v1/telephony/prompts/fi/welcome", "not a wav", "audio/wav").status,
      400);
  auto list = http.get("/api/v1/telephony/prompts");
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(list.body, ec);
  ASSERT_FALSE(ec) << list.body.substr(0, 300);
  ASSERT_TRUE(parsed.is_object()) << list.body.substr(0, 300);
  for (const auto& item : parsed.at("items").as_array()) {
    const auto& o = item.as_object();
    if (o.at("name").as_string() == "welcome-duty" && o.contains("language") &&
        o.at("language").as_string() == "fi") {
      listed =
          o.at("recorded").as_bool() && std::abs(o.at("seconds").to_number<double>() - 2.0) < 0.01;
    }
  }
  EXPECT_TRUE(listed) << list.body.substr(0, 400);
  // The recording is what callers hear, and it survives a restart (kept under the data dir).
  EXPECT_TRUE(std::filesystem::exists(dir_.file("data") + "/prompts/fi/welcome-duty.wav"));
}

// Click-to-call through the API, agent first: the professional's softphone rings, and once it
// is answered the citizen's (behind the operator's trunk); the two hear each other.
TEST_F(ServerSipTest, BaresipClickToCallRingsTheProfessionalFirstThenConnectsTheCitizen) {
  auto agent = agentSoftphone();
  ASSERT_TRUE(agent);
  Baresip citizen({dir_.file("citizen"),
                   "<sip:+358401112222@127.0.0.1:" + std::to_string(operator_port_) +
                       ">;regint=0;answermode=manual",
                   speechWav("citizen-voice.wav", 60), operator_port_});
  auto http = server_->client();
  auto dialled = http.request("POST", "/api/v1/calls",
                              R"({"agent":"a1","line":"duty","number":"040 111 2222"})");
  ASSERT_EQ(dialled.status, 202) << dialled.body;
  std::string call(boost::json::parse(dialled.body).at("call").as_string());
  EXPECT_NE(dialled.body.find(R"("number":"+358401112222")"), std::string::npos) << dialled.body;

  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  EXPECT_FALSE(citizen.waitEvent("CALL_INCOMING", 500ms)) << "dialled before the agent answered";
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(citizen.waitEvent("CALL_INCOMING", 10s)) << citizen.log();
  ASSERT_TRUE(citizen.command("accept"));
  ASSERT_TRUE(citizen.waitEvent("CALL_ESTABLISHED", 10s)) << citizen.log();
  std::this_thread::sleep_for(3s);  // three seconds of conversation to listen to
  ASSERT_TRUE(citizen.command("hangup"));
  ASSERT_TRUE(citizen.waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();

  // The citizen hears the professional (a 1200 Hz tone), the professional the citizen.
  auto heard = citizen.heard();
  ASSERT_GT(heard.size(), 2u * media::kSampleRate) << citizen.log();
  double end = static_cast<double>(heard.size()) / media::kSampleRate;
  EXPECT_GT(testing::toneShare(heard, 1200, end - 2.0, end - 0.5), 0.5);
  auto agent_heard = agent->heard();
  ASSERT_GT(agent_heard.size(), 2u * media::kSampleRate);
  double agent_end = static_cast<double>(agent_heard.size()) / media::kSampleRate;
  EXPECT_GT(testing::levelBetween(agent_heard, agent_end - 2.0, agent_end - 0.5), 200);

  // (The contact's completion and the call's end are separate commands: wait for both.)
  ASSERT_TRUE(eventually([&] { return stored("contact.completed") && stored("call.ended"); }));
  auto events = storedEvents("call/" + call);
  EXPECT_EQ(events,
            (std::vector<std::string>{"call.dialled", "call.agent_ringing", "call.remote_ringing",
                                      "call.answered", "call.ended"}));
  auto contact = storedRecords("contact/" + call);
  ASSERT_FALSE(contact.empty());
  EXPECT_EQ(contact.front().type, "contact.dialled");
  EXPECT_NE(contact.front().payload.find(R"("direction":"outgoing")"), std::string::npos);
}

TEST_F(ServerSipTest, ANumberTheLineMayNotDialIsRefusedAndAudited) {
  auto http = server_->client();
  auto premium = http.request("POST", "/api/v1/calls",
                              R"({"agent":"a1","line":"duty","number":"0700 123 456"})");
  EXPECT_EQ(premium.status, 403) << premium.body;
  EXPECT_EQ(storedEvents("call/").size(), 0u);
  auto audit = http.get("/api/v1/audit-log");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("call.refused"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("+358700123456"), std::string::npos) << audit.body;
  // A task nobody holds cannot be called back.
  auto not_held = http.request("POST", "/api/v1/tasks/t-nothing/call-back", R"({"agent":"a1"})");
  EXPECT_EQ(not_held.status, 404) << not_held.body;
}

// Phone 1002 calls outside for the duty line: the fixture's extra configuration follows its
// [[phones]] table, so a bare `line` is its.
class DeskPhoneServerTest : public ServerSipTest {
 protected:
  std::string extraTelephonyConfig() const override { return "line = \"duty\"\n"; }
};

// The server writes a desk phone's refused call outside to the audit log, as the API's.
TEST_F(DeskPhoneServerTest, ADeskPhonesCallToANumberItsLineMayNotDialIsRefusedAndAudited) {
  auto phone =
      sipp("phone", "phone_dial_refused.xml", 1,
           {"-s", "0700123456", "-key", "ext", "1002", "-key", "phone_tag", "desk", "-au", "1002",
            "-ap", "secret-1002", "-trace_logs", "-log_file", dir_.file("phone.txt")});
  EXPECT_EQ(phone->wait(20s), 0) << phone->log();
  std::ifstream in(dir_.file("phone.txt"));
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("refused 403"), std::string::npos) << log;
  auto http = server_->client();
  std::string audit;
  EXPECT_TRUE(eventually([&] {
    audit = http.get("/api/v1/audit-log").body;
    return audit.find("call.refused") != std::string::npos;
  })) << audit;
  EXPECT_NE(audit.find("+358700123456"), std::string::npos) << audit;
  EXPECT_NE(audit.find("phone:1002"), std::string::npos) << audit;
  EXPECT_EQ(storedEvents("call/").size(), 0u);
}

// Hold through the API: the held caller hears music on hold, not the professional (nor
// silence), and after resume the professional again.
TEST_F(ServerSipTest, BaresipCallerOnHoldHearsMusicThenTheProfessionalAgain) {
  auto agent = agentSoftphone();
  ASSERT_TRUE(agent);
  auto caller_phone = callerSoftphone("116123");
  ASSERT_TRUE(caller_phone);
  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(agent->waitEvent("CALL_ESTABLISHED", 10s)) << agent->log();
  ASSERT_TRUE(eventually([&] { return stored("call.answered"); }));
  std::string call = storedRecords("call/").front().stream_id.substr(5);
  auto http = server_->client();
  std::this_thread::sleep_for(2s);  // two seconds of conversation
  auto held = http.request("POST", "/api/v1/calls/" + call + "/hold", R"({"agent":"a1"})");
  ASSERT_EQ(held.status, 200) << held.body;
  // Timed inside Luukku from the request read (the API hands telephony that instant).
  EXPECT_TRUE(eventually([&] {
    return metrics().find(R"(luukku_call_action_seconds_count{action="hold"} 1)") !=
           std::string::npos;
  }));
  std::this_thread::sleep_for(4s);  // four seconds on hold
  auto resumed = http.request("POST", "/api/v1/calls/" + call + "/resume", R"({"agent":"a1"})");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  std::this_thread::sleep_for(3s);  // three seconds of conversation again
  ASSERT_TRUE(caller_phone->command("hangup"));
  ASSERT_TRUE(caller_phone->waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();

  auto heard = caller_phone->heard();
  double end = static_cast<double>(heard.size()) / media::kSampleRate;
  ASSERT_GT(end, 8.0) << caller_phone->log();
  // On hold (the middle of the four seconds): music, not the professional's tone.
  EXPECT_GT(testing::levelBetween(heard, end - 6.0, end - 4.0), 100);
  EXPECT_LT(testing::toneShare(heard, 1200, end - 6.0, end - 4.0), 0.2);
  // After resume: the professional again.
  EXPECT_GT(testing::toneShare(heard, 1200, end - 2.0, end - 0.5), 0.5);
  auto events = storedEvents("call/" + call);
  EXPECT_NE(std::find(events.begin(), events.end(), "call.held"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "call.resumed"), events.end());
}

TEST_F(ServerSipTest, BaresipConferenceLetsEachOfTheThreeHearTheOtherTwo) {
  auto agent = agentSoftphone();  // 1200 Hz
  ASSERT_TRUE(agent);
  auto caller_phone = callerSoftphone("116123", toneWav("caller-tone.wav", 500, 120));
  ASSERT_TRUE(caller_phone);
  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(agent->waitEvent("CALL_ESTABLISHED", 10s)) << agent->log();
  ASSERT_TRUE(eventually([&] { return stored("call.answered"); }));
  std::string call = storedRecords("call/").front().stream_id.substr(5);
  auto colleague = agentSoftphone("1002", 800, 2);
  ASSERT_TRUE(colleague);
  auto http = server_->client();
  auto consulted = http.request("POST", "/api/v1/calls/" + call + "/consult",
                                R"({"agent":"a1","to":{"agent":"a2"}})");
  ASSERT_EQ(consulted.status, 200) << consulted.body;
  ASSERT_TRUE(colleague->waitEvent("CALL_INCOMING", 10s)) << colleague->log();
  ASSERT_TRUE(colleague->command("accept"));
  ASSERT_TRUE(colleague->waitEvent("CALL_ESTABLISHED", 10s)) << colleague->log();
  ASSERT_TRUE(eventually([&] { return stored("call.consult_answered"); }));
  auto mixed = http.request("POST", "/api/v1/calls/" + call + "/conference", R"({"agent":"a1"})");
  ASSERT_EQ(mixed.status, 200) << mixed.body;
  std::this_thread::sleep_for(3s);  // three seconds of conference
  ASSERT_TRUE(caller_phone->command("hangup"));
  ASSERT_TRUE(caller_phone->waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();
  ASSERT_TRUE(colleague->waitEvent("CALL_CLOSED", 10s)) << colleague->log();

  // The last two seconds before the hang-up: each hears the other two, never themselves.
  auto hears = [](const std::vector<std::int16_t>& heard, double hz) {
    double end = static_cast<double>(heard.size()) / media::kSampleRate;
    return end < 2.5 ? 0.0 : testing::toneShare(heard, hz, end - 2.0, end - 0.5);
  };
  auto caller_heard = caller_phone->heard();
  EXPECT_GT(hears(caller_heard, 1200), 0.2) << caller_phone->log();
  EXPECT_GT(hears(caller_heard, 800), 0.2);
  EXPECT_LT(hears(caller_heard, 500), 0.05);
  auto agent_heard = agent->heard();
  EXPECT_GT(hears(agent_heard, 500), 0.2) << agent->log();
  EXPECT_GT(hears(agent_heard, 800), 0.2);
  EXPECT_LT(hears(agent_heard, 1200), 0.05);
  auto colleague_heard = colleague->heard();
  EXPECT_GT(hears(colleague_heard, 500), 0.2) << colleague->log();
  EXPECT_GT(hears(colleague_heard, 1200), 0.2);
  EXPECT_LT(hears(colleague_heard, 800), 0.05);
  auto events = storedEvents("call/" + call);
  EXPECT_NE(std::find(events.begin(), events.end(), "call.conference_started"), events.end());
}

// docs/telephony.md, "Follow it end to end with two softphones", step by step with baresip: the
// professional's softphone (1001, saying a 1200 Hz tone), the citizen's behind the operator's
// trunk (a 500 Hz tone) and, for the consultation, a colleague's (1002, 800 Hz). What each
// heard is read back from the phone's recording as the run of sources it heard in turn.
class WalkThroughTest : public ServerSipTest {
 protected:
  // A callback nobody answers ends within seconds rather than the default half minute.
  std::string extraTelephonyConfig() const override { return "[dialing]\nno_answer_s = 5\n"; }

  // The citizen's softphone: where the test trunk sends outgoing calls, and a caller too.
  std::unique_ptr<Baresip> citizenSoftphone() {
    return std::make_unique<Baresip>(
        BaresipOptions{dir_.file("citizen"),
                       "<sip:+358401112222@127.0.0.1:" + std::to_string(operator_port_) +
                           ">;regint=0;answermode=manual",
                       toneWav("citizen-voice.wav", 500, 120), operator_port_});
  }
  // The citizen calls the duty line: Luukku answers, and the professional's phone rings.
  bool citizenCallsTheLine(Baresip& citizen, Baresip& agent) {
    return citizen.command("dial", "sip:116117@127.0.0.1:" + std::to_string(sip_port_)) &&
           citizen.waitEvent("CALL_ESTABLISHED", 10s) && agent.waitEvent("CALL_INCOMING", 10s);
  }
  // Three seconds of whatever the phones hear: long enough to tell one source from the next.
  static void hearAWhile() { std::this_thread::sleep_for(3s); }

  // Who or what a phone heard, in order, each for at least a second: "1200", "800" or "500"
  // (the tone of that party), "luukku" (prompts or music: sound, but none of the tones).
  static std::vector<std::string> sourcesHeard(const std::vector<std::int16_t>& heard) {
    std::vector<std::string> windows;
    double end = static_cast<double>(heard.size()) / media::kSampleRate;
    for (double at = 0; at + 0.5 <= end; at += 0.5) {
      std::string source;
      bool some_tone = false;
      for (double hz : {1200.0, 800.0, 500.0}) {
        double share = testing::toneShare(heard, hz, at, at + 0.5);
        if (share > 0.6) source = std::to_string(static_cast<int>(hz));
        some_tone = some_tone || share > 0.1;
      }
      if (!some_tone && testing::levelBetween(heard, at, at + 0.5) > 100) source = "luukku";
      windows.push_back(source);  // empty: silence, or between two sources
    }
    std::vector<std::string> runs;
    for (std::size_t i = 0; i + 1 < windows.size(); ++i) {
      const std::string& w = windows[i];
      if (w.empty() || w != windows[i + 1] || (!runs.empty() && runs.back() == w)) continue;
      runs.push_back(w);
    }
    return runs;
  }

  std::string taskJson(const std::string& id) {
    return server_->client().get("/api/v1/tasks/" + id).body;
  }
  // Calls the task back as agent a1 and has the professional's softphone answer.
  std::string callBack(Baresip& agent, const std::string& task) {
    auto http = server_->client();
    auto claimed = http.request("POST", "/api/v1/tasks/" + task + "/claim", R"({"agent":"a1"})");
    EXPECT_EQ(claimed.status, 200) << claimed.body;
    auto dialled =
        http.request("POST", "/api/v1/tasks/" + task + "/call-back", R"({"agent":"a1"})");
    EXPECT_EQ(dialled.status, 202) << dialled.body;
    EXPECT_TRUE(agent.waitEvent("CALL_INCOMING", 10s)) << agent.log();
    EXPECT_TRUE(agent.command("accept"));
    if (dialled.status != 202) return "";
    return std::string(boost::json::parse(dialled.body).at("call").as_string());
  }
  // POST /api/v1/calls/{call}/{operation} as agent a1; the status.
  int act(const std::string& call, const std::string& operation, const std::string& to = "") {
    std::string body = R"({"agent":"a1")" + (to.empty() ? "" : R"(,"to":)" + to) + "}";
    auto r = server_->client().request("POST", "/api/v1/calls/" + call + "/" + operation, body);
    EXPECT_EQ(r.status, 200) << operation << ": " << r.body;
    return r.status;
  }
};

// Steps 1-7: a callback request left in the queue, called back once without an answer and
// again with one; the call held and resumed, a colleague consulted and handed the citizen; the
// task completed with an outcome.
TEST_F(WalkThroughTest, CallsATaskBackAgainAfterNoAnswerThenHoldsConsultsAndHandsItOver) {
  auto agent = agentSoftphone();
  ASSERT_TRUE(agent);
  auto citizen = citizenSoftphone();
  // Step 4: the citizen calls the line (offered to the professional), presses 1 in the queue
  // and hangs up.
  ASSERT_TRUE(citizenCallsTheLine(*citizen, *agent)) << citizen->log() << agent->log();
  ASSERT_TRUE(citizen->command("sndcode", "1"));
  ASSERT_TRUE(eventually([&] { return stored("task.created"); }));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();  // the offer withdrawn
  ASSERT_TRUE(citizen->command("hangup"));
  ASSERT_TRUE(citizen->waitEvent("CALL_CLOSED", 10s)) << citizen->log();
  auto tasks = server_->client().get("/api/v1/tasks?line=duty");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  auto items = boost::json::parse(tasks.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << tasks.body;
  std::string task(items[0].at("id").as_string());
  EXPECT_EQ(items[0].at("number").as_string(), "+358401112222");

  // Step 5: called back; the citizen's phone rings showing the line and is not answered.
  ASSERT_FALSE(callBack(*agent, task).empty());
  ASSERT_TRUE(citizen->waitEvent("CALL_INCOMING", 10s)) << citizen->log();
  ASSERT_TRUE(citizen->waitEvent("CALL_CLOSED", 15s)) << citizen->log();
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();
  ASSERT_TRUE(eventually([&] {
    return taskJson(task).find(R"("state":"parked")") != std::string::npos;
  })) << taskJson(task);
  EXPECT_NE(taskJson(task).find(R"("outcome":"no_answer")"), std::string::npos);

  // Claimed and called back again: answered this time.
  std::string call = callBack(*agent, task);
  ASSERT_FALSE(call.empty());
  ASSERT_TRUE(citizen->waitEvent("CALL_INCOMING", 10s)) << citizen->log();
  ASSERT_TRUE(citizen->command("accept"));
  ASSERT_TRUE(citizen->waitEvent("CALL_ESTABLISHED", 10s)) << citizen->log();
  ASSERT_TRUE(eventually([&] { return stored("call.answered"); }));
  hearAWhile();
  // Step 6: hold (the citizen hears music), resume, consult a colleague, hand the citizen over.
  ASSERT_EQ(act(call, "hold"), 200);
  hearAWhile();
  ASSERT_EQ(act(call, "resume"), 200);
  hearAWhile();
  auto colleague = agentSoftphone("1002", 800, 2);
  ASSERT_TRUE(colleague);
  ASSERT_TRUE(eventually([&] { return presenceReason("a2") == "phone_registered"; }));
  ASSERT_EQ(act(call, "consult", R"({"line":"duty"})"), 200);
  ASSERT_TRUE(colleague->waitEvent("CALL_INCOMING", 10s)) << colleague->log();
  ASSERT_TRUE(colleague->command("accept"));
  ASSERT_TRUE(eventually([&] { return stored("call.consult_answered"); }));
  hearAWhile();
  ASSERT_EQ(act(call, "complete-transfer"), 200);
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();
  hearAWhile();
  ASSERT_TRUE(citizen->command("hangup"));
  ASSERT_TRUE(citizen->waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(colleague->waitEvent("CALL_CLOSED", 10s)) << colleague->log();

  // Step 7: the task is completed with an outcome; both attempts are on it.
  auto done = server_->client().request("POST", "/api/v1/tasks/" + task + "/complete",
                                        R"({"agent":"a1","outcome":"advice_given"})");
  ASSERT_EQ(done.status, 200) << done.body;
  auto ended = boost::json::parse(done.body);
  EXPECT_EQ(ended.at("end").as_string(), "completed");
  EXPECT_EQ(ended.at("outcome").as_string(), "advice_given");
  auto attempts = ended.at("attempts").as_array();
  ASSERT_EQ(attempts.size(), 2u) << done.body;
  EXPECT_EQ(attempts[0].at("outcome").as_string(), "no_answer");
  EXPECT_EQ(attempts[1].at("outcome").as_string(), "reached");

  // The citizen heard the professional, music on hold, the professional, music while the
  // colleague was consulted, then the colleague; the colleague heard the professional, then
  // the citizen.
  EXPECT_EQ(sourcesHeard(citizen->heard()),
            (std::vector<std::string>{"1200", "luukku", "1200", "luukku", "800"}));
  EXPECT_EQ(sourcesHeard(colleague->heard()), (std::vector<std::string>{"1200", "500"}));
  ASSERT_TRUE(eventually([&] { return stored("call.ended"); }));
  auto events = storedEvents("call/" + call);
  for (const char* t : {"call.dialled", "call.answered", "call.held", "call.resumed",
                        "call.consult_started", "call.consult_answered", "call.transferred"}) {
    EXPECT_NE(std::find(events.begin(), events.end(), t), events.end()) << t;
  }
}

// Step 8: a call answered by the professional goes back into the line's queue twice — by the
// API and by the softphone's own transfer key (a REFER to the line's number) — and each time
// the caller waits with music until the professional, the only one there, answers again.
TEST_F(WalkThroughTest, TransfersACallBackToTheQueueFromTheApiAndFromTheSoftphone) {
  auto agent = agentSoftphone();
  ASSERT_TRUE(agent);
  auto citizen = citizenSoftphone();
  ASSERT_TRUE(citizenCallsTheLine(*citizen, *agent)) << citizen->log() << agent->log();
  hearAWhile();  // the queue's prompts while the professional's phone rings
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(eventually([&] { return stored("call.answered"); }));
  std::string call = storedRecords("call/").front().stream_id.substr(5);
  hearAWhile();
  ASSERT_EQ(act(call, "transfer", R"({"line":"duty"})"), 200);
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();
  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  hearAWhile();  // back in line: music while the professional's phone rings again
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(agent->waitEvent("CALL_ESTABLISHED", 10s)) << agent->log();
  hearAWhile();
  ASSERT_TRUE(agent->command("transfer", "116117"));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();
  ASSERT_TRUE(agent->waitEvent("CALL_INCOMING", 10s)) << agent->log();
  hearAWhile();
  ASSERT_TRUE(agent->command("accept"));
  ASSERT_TRUE(agent->waitEvent("CALL_ESTABLISHED", 10s)) << agent->log();
  hearAWhile();
  ASSERT_TRUE(citizen->command("hangup"));
  ASSERT_TRUE(citizen->waitEvent("CALL_CLOSED", 10s));
  ASSERT_TRUE(agent->waitEvent("CALL_CLOSED", 10s)) << agent->log();

  // Never silence: the queue, the professional, music, the professional, music, the
  // professional. (A caller put back in line used to hear nothing until answered again.)
  EXPECT_EQ(sourcesHeard(citizen->heard()),
            (std::vector<std::string>{"luukku", "1200", "luukku", "1200", "luukku", "1200"}));
  // One call, one contact, with both transfers in its history.
  ASSERT_TRUE(eventually([&] { return stored("call.ended"); }));
  std::vector<std::string> by;
  for (const auto& e : storedRecords("call/")) {
    EXPECT_EQ(e.stream_id, "call/" + call);
    if (e.type == "call.transferred") {
      by.emplace_back(boost::json::parse(e.payload).at("by").as_string());
    }
  }
  EXPECT_EQ(by, (std::vector<std::string>{"api", "phone"}));
  EXPECT_EQ(count("contact.transferred"), 2);
}

// ---- a browser phone's credential ends with its session ----------------------------------

// Aino (agent 1, extension 1001) signs in and registers a browser phone with the credential her
// session gets; the gateway's address is all the server needs to issue it (SIPp registers).
class BrowserPhoneSessionTest : public ServerSipTest {
 protected:
  void SetUp() override {
    ::setenv("LUUKKU_JANUS_URL", "ws://127.0.0.1:9", 1);
    ServerSipTest::SetUp();
    ::unsetenv("LUUKKU_JANUS_URL");
    if (HasFatalFailure()) return;
    auto admin = server_->client();
    auto made = admin.request("POST", "/api/v1/users",
                              R"({"username":"aino","display_name":"Aino Agentti",)"
                              R"("password":"Kesapaiva-luukku-2026","roles":["agent"],)"
                              R"("agent":"a1"})");
    ASSERT_EQ(made.status, 201) << made.body;
    user_id_ = std::string(boost::json::parse(made.body).at("id").as_string());
    auto login = luukku::testing::HttpClient(server_->port())
                     .request("POST", "/api/v1/auth/login",
                              R"({"username":"aino","password":"Kesapaiva-luukku-2026"})");
    ASSERT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    auto session =
        luukku::testing::HttpClient(server_->port())
            .withHeader("Cookie", cookie.substr(0, cookie.find(';')))
            .withHeader("X-CSRF-Token",
                        std::string(boost::json::parse(login.body).at("csrf_token").as_string()));
    auto phone = session.request("POST", "/api/v1/phone/session", "{}");
    ASSERT_EQ(phone.status, 201) << phone.body;
    auto credential = boost::json::parse(phone.body);
    username_ = std::string(credential.at("username").as_string());
    secret_ = std::string(credential.at("secret").as_string());
    ASSERT_EQ(registerWith("register.xml"), 0);
    ASSERT_TRUE(eventually([&] { return registered("1001"); }));
  }

  // SIPp registers 1001 with the credential: register.xml expects 200,
  // register_wrong_password.xml 403. Its exit code.
  int registerWith(const std::string& scenario) {
    auto reg = sipp("register-" + std::to_string(++registers_), scenario, 1,
                    {"-key", "ext", "1001", "-au", username_, "-ap", secret_, "-key",
                     "contact_port", std::to_string(freePort()), "-key", "expires", "600"});
    return reg->wait(20s);
  }
  bool registered(const std::string& ext) {
    auto phones = server_->client().get("/api/v1/telephony/phones").body;
    return phones.find(R"({"extension":")" + ext + R"(","agent_id":"a1","registered":true)") !=
           std::string::npos;
  }

  std::string user_id_;
  std::string username_;
  std::string secret_;
  int registers_ = 0;
};

TEST_F(BrowserPhoneSessionTest, DisablingTheAccountEndsTheBrowserPhonesRegistrationAndCredential) {
  auto r = server_->client().request("PATCH", "/api/v1/users/" + user_id_, R"({"disabled":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(eventually([&] { return !registered("1001"); }, 5s));
  EXPECT_EQ(registerWith("register_wrong_password.xml"), 0) << "the credential is refused";
}

TEST_F(BrowserPhoneSessionTest,
       AnAccountDisabledByAnotherProcessLosesItsBrowserPhoneWithinSeconds) {
  ChildProcess disable({luukku::testing::luukkuBinary(), "--data-dir", dir_.file("data"),
                        "--log-level", "warn", "user", "disable", "aino"},
                       dir_.file("disable.log"));
  ASSERT_EQ(disable.wait(30s), 0) << disable.log();
  // The server sweeps the sessions holding a credential every two seconds.
  EXPECT_TRUE(eventually([&] { return !registered("1001"); }, 8s));
  EXPECT_EQ(registerWith("register_wrong_password.xml"), 0) << "the credential is refused";
}

}  // namespace
}  // namespace luukku::telephony
