// A desk phone's own calls with real peers: the phones, the caller and the operator's network
// are SIPp processes, routing a real engine (switchboard_fixture.h). A phone dials a colleague (a
// call through Luukku's media that routing does not record) or a number outside (an outgoing
// contact through the trunk, under its line's dial policy), and joins a caller it talks to with
// a party it called itself (its attended transfer: REFER with Replaces). Each test ends with no
// call, leg or RTP port left.
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <regex>

#include "telephony/switchboard_fixture.h"

namespace luukku::telephony {
namespace {
using namespace std::chrono_literals;
using namespace luukku::telephony::testing;

// A dialog as a SIPp peer logged it: "dialog CALL-ID luukku TAG phone TAG".
struct Dialog {
  std::string call_id;
  std::string luukku_tag;
  std::string phone_tag;
};

class DeskPhoneTest : public SwitchboardTest {
 protected:
  void SetUp() override {
    SwitchboardTest::SetUp();
    withTrunkAndMobiles();  // phone 1001 dials outside for the duty line
    config.phones[0].line = "duty";
    config.dial_times.no_answer_s = 5;
    region.lines[0].routing.wrap_up = 0s;
    audit = [this](PhoneDialRefusal r) {
      std::lock_guard lock(audited_mu);
      audited.push_back(std::move(r));
    };
  }

  // Phone `ext` dialling `dialled` with `scenario`; it logs (-trace_logs) to "<name>.txt".
  std::unique_ptr<ChildProcess> phoneDials(const std::string& name, const std::string& scenario,
                                           const std::string& dialled,
                                           std::vector<std::string> extra = {},
                                           const std::string& ext = "1001") {
    std::vector<std::string> keys = {
        "-s",   dialled,         "-key",        "ext",       ext,
        "-key", "phone_tag",     name + "-tag", "-au",       ext,
        "-ap",  "secret-" + ext, "-trace_logs", "-log_file", dir.file(name + ".txt")};
    keys.insert(keys.end(), extra.begin(), extra.end());
    return sipp(name, scenario, 1, keys);
  }
  std::string logOf(const std::string& name) {
    std::ifstream in(dir.file(name + ".txt"));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  bool logged(const std::string& name, const std::string& text) {
    return eventually([&] { return logOf(name).find(text) != std::string::npos; });
  }
  // The dialog the peer `name` logged, once it has.
  Dialog dialogOf(const std::string& name) {
    static const std::regex kLine("dialog (\\S+) luukku (\\S+) phone (\\S+)");
    Dialog d;
    EXPECT_TRUE(eventually([&] {
      std::string log = logOf(name);
      std::smatch m;
      if (!std::regex_search(log, m, kLine)) return false;
      d = {m[1], m[2], m[3]};
      return true;
    })) << logOf(name);
    return d;
  }
  // A Call-ID as a Refer-To URI's header part carries it ('@' escaped).
  static std::string escaped(const std::string& call_id) {
    return std::regex_replace(call_id, std::regex("@"), "%40");
  }
  static std::string replacesOf(const Dialog& d) {
    return escaped(d.call_id) + "%3Bto-tag%3D" + d.luukku_tag + "%3Bfrom-tag%3D" + d.phone_tag;
  }
  // A REFER sent by hand by phone 1001 in dialog `in`, asking for `refer_to`; its NOTIFY and
  // the BYE go to the phone at `contact_port`. Luukku's final response.
  std::string referIn(const Dialog& in, std::uint16_t contact_port, const std::string& refer_to) {
    SipUdpClient client;
    std::string via = "127.0.0.1:" + std::to_string(client.port());
    return client.request(
        sip_port,
        "REFER sip:luukku@127.0.0.1:" + std::to_string(sip_port) + " SIP/2.0\r\nVia: SIP/2.0/UDP " +
            via + ";branch=z9hG4bKrefer" + std::to_string(++refers) +
            "\r\nFrom: <sip:1001@127.0.0.1>;tag=" + in.phone_tag +
            "\r\nTo: <sip:luukku@127.0.0.1>;tag=" + in.luukku_tag + "\r\nCall-ID: " + in.call_id +
            "\r\nCSeq: 20 REFER\r\nContact: <sip:1001@127.0.0.1:" + std::to_string(contact_port) +
            ">\r\nMax-Forwards: 70\r\nRefer-To: " + refer_to +
            "\r\nReferred-By: <sip:1001@127.0.0.1>\r\nContent-Length: 0\r\n\r\n",
        5s);
  }

  // Agent 1's phone (on p1) answers a caller who stays until Luukku hangs up; the call's id.
  // The phone logs its dialog and any NOTIFY to "agent1.txt".
  std::string callerWithAgent1() {
    first = sipp(
        "agent1", "agent_answer_notified.xml", 1,
        {"-key", "phone_tag", "agent1-tag", "-trace_logs", "-log_file", dir.file("agent1.txt")},
        p1);
    registerPhone("1001", p1);
    EXPECT_TRUE(eventually([&] { return isReady("a1"); }));
    caller = sipp("caller", "caller_until_bye.xml", 1, callerKeys());
    return answeredCall();
  }
  // Agent 2's phone (`scenario` on p2) registers.
  void colleague(const std::string& scenario, std::vector<std::string> keys) {
    second = sipp("agent2", scenario, 1, std::move(keys), p2);
    registerPhone("1002", p2);
  }
  // The operator's network, listening before anything is dialled; it logs to "trunk.txt".
  std::unique_ptr<ChildProcess> operatorAnswering(const std::string& scenario) {
    auto trunk =
        sipp("trunk", scenario, 1, {"-trace_logs", "-log_file", dir.file("trunk.txt")}, trunk_port);
    EXPECT_TRUE(eventually([&] { return udpPortTaken(trunk_port); }));
    return trunk;
  }
  // Phone 1001 dials `dialled` and is refused: the status it got.
  std::string refusalOf(const std::string& dialled) {
    auto phone = phoneDials("phone", "phone_dial_refused.xml", dialled);
    EXPECT_EQ(phone->wait(20s), 0) << phone->log();
    std::smatch m;
    std::string log = logOf("phone");
    return std::regex_search(log, m, std::regex("refused ([0-9]+)")) ? m[1].str() : log;
  }
  // The caller's call `call` is still agent 1's, untransferred: they hold it and hang up.
  void theCallGoesOn(const std::string& call) {
    EXPECT_TRUE(hold("a1", call, true).isOk());
    ASSERT_TRUE(hangUp("a1", call).isOk());
    EXPECT_EQ(first->wait(20s), 0) << first->log();
    EXPECT_EQ(caller->wait(20s), 0) << caller->log();
    EXPECT_EQ(countOf(eventsOfTheCall(), "call.transferred"), 0);
  }
  // How the only contact routing recorded ended ("completed", ...).
  std::string onlyContactEnd() {
    auto ends = routed().contact_end;
    EXPECT_EQ(ends.size(), 1u);
    return ends.size() == 1 ? ends.begin()->second : "";
  }
  std::uint64_t relayed() {
    return registry
        .counter("luukku_rtp_packets_relayed_total", "RTP packets relayed between call legs")
        .value();
  }
  static long countOf(const std::vector<std::string>& events, const std::string& type) {
    return std::count(events.begin(), events.end(), type);
  }

  std::uint16_t p1 = freePort();
  std::uint16_t p2 = freePort();
  std::unique_ptr<ChildProcess> first, second, caller;
  int refers = 0;
  std::mutex audited_mu;
  std::vector<PhoneDialRefusal> audited;
};

// ---- dialling -----------------------------------------------------------------------------------

TEST_F(DeskPhoneTest, APhoneCallsAColleaguesExtensionAndEachHearsTheOther) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", p1);  // nothing listens there: the phone dials from its own port
  // The colleague's phone answers and speaks (as the trunk's peer does) until hung up on.
  colleague("trunk_answer.xml", {});
  ASSERT_TRUE(eventually([&] { return isReady("a2"); }));
  auto before = relayed();
  auto phone = phoneDials("phone", "phone_dials.xml", "1002", {"-d", "5000"});
  // Routing offers the colleague nothing while they talk.
  EXPECT_TRUE(eventually([&] { return !isReady("a2"); }));
  EXPECT_EQ(phone->wait(30s), 0) << phone->log();    // answered, talked, hung up
  EXPECT_EQ(second->wait(20s), 0) << second->log();  // hung up by Luukku in turn
  // Each sends the same 236 packets of speech: more than that relayed went both ways.
  EXPECT_GT(relayed() - before, 236u);
  EXPECT_TRUE(eventually([&] { return isReady("a2"); }));
  EXPECT_TRUE(routed().calls.empty());  // no citizen: nothing for routing to record
}

TEST_F(DeskPhoneTest, APhoneCallsANumberOutsideAsAnOutgoingCallShowingItsLinesNumber) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", p1);  // signs agent 1 in
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto trunk = operatorAnswering("trunk_answer.xml");
  auto before = relayed();
  auto phone = phoneDials("phone", "phone_dials.xml", "0401234567", {"-d", "2000"});
  EXPECT_EQ(phone->wait(30s), 0) << phone->log();
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  EXPECT_NE(logOf("trunk").find("caller id 116117"), std::string::npos) << logOf("trunk");
  EXPECT_GT(relayed(), before);
  // An outgoing contact, recorded as click-to-call records one.
  EXPECT_EQ(eventsOfTheCall(), (std::vector<std::string>{"call.dialled", "call.remote_ringing",
                                                         "call.answered", "call.ended"}));
  EXPECT_EQ(onlyContactEnd(), "completed");
  EXPECT_EQ(registry.counter("luukku_outgoing_calls_total", "").value(), 1u);
}

TEST_F(DeskPhoneTest, ANumberThePhonesLineMayNotDialIsRefused403AndAudited) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", p1);
  EXPECT_EQ(refusalOf("0600123456"), "403");  // premium rate: not among the line's numbers
  std::lock_guard lock(audited_mu);
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].extension, "1001");
  EXPECT_EQ(audited[0].agent_id, "a1");
  EXPECT_EQ(audited[0].line_id, "duty");
  EXPECT_EQ(audited[0].number, "+358600123456");
  EXPECT_TRUE(routed().calls.empty());
}

TEST_F(DeskPhoneTest, APhoneWithoutALineCannotCallOutsideAndIsAudited) {
  config.phones[0].line.clear();
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", p1);
  EXPECT_EQ(refusalOf("0401234567"), "403");
  std::lock_guard lock(audited_mu);
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].line_id, "");
}

TEST_F(DeskPhoneTest, ABusyNumberOutsideIsBusyOnThePhone) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1001", p1);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto trunk = operatorAnswering("trunk_busy.xml");
  EXPECT_EQ(refusalOf("0401234567"), "486");
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  EXPECT_EQ(countOf(eventsOfTheCall(), "call.dial_failed"), 1);
}

TEST_F(DeskPhoneTest, AnExtensionNobodyHasIsNotFound) {
  ASSERT_NO_FATAL_FAILURE(start());
  EXPECT_EQ(refusalOf("9999"), "404");
}

TEST_F(DeskPhoneTest, AColleagueWhosePhoneIsNotRegisteredIsUnavailable) {
  ASSERT_NO_FATAL_FAILURE(start());
  EXPECT_EQ(refusalOf("1002"), "480");
}

TEST_F(DeskPhoneTest, DiallingYourselfIsBusy) {
  ASSERT_NO_FATAL_FAILURE(start());
  EXPECT_EQ(refusalOf("a1"), "486");  // its own agent's id, as good as its extension
}

TEST_F(DeskPhoneTest, ACallerFromTheTrunkCannotDialAnExtension) {
  ASSERT_NO_FATAL_FAILURE(start());
  registerPhone("1002", p2);  // nothing listens there: it must not ring
  auto call = sipp("caller", "caller_unknown_number.xml", 1, callerKeys("0401234567", "1002"));
  EXPECT_EQ(call->wait(20s), 0) << call->log();  // 404
}

// ---- the phone's attended transfer --------------------------------------------------------------

TEST_F(DeskPhoneTest, ThePhonesAttendedTransferJoinsItsCallerWithTheColleagueItCalled) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  colleague("agent_answer.xml", {"-d", "100"});
  ASSERT_TRUE(hold("a1", call, true).isOk());
  // The phone calls the colleague itself, then refers the caller's call to that call.
  auto consulting = phoneDials("consult", "phone_dials_until_bye.xml", "1002");
  Dialog with_caller = dialogOf("agent1");
  Dialog with_colleague = dialogOf("consult");
  std::string answer =
      referIn(with_caller, p1, "<sip:1002@127.0.0.1?Replaces=" + replacesOf(with_colleague) + ">");
  EXPECT_EQ(answer.rfind("SIP/2.0 202", 0), 0u) << answer;
  ASSERT_TRUE(callRecorded("call.transferred"));
  // Both of the phone's legs are hung up, the REFER's NOTIFY saying 200 first.
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(consulting->wait(20s), 0) << consulting->log();
  EXPECT_NE(logOf("agent1").find("sipfrag 200"), std::string::npos) << logOf("agent1");
  // The caller talks with the colleague, whose phone the call keeps taken.
  EXPECT_EQ(hold("a1", call, false).code(), ErrorCode::kNotFound);
  EXPECT_FALSE(isReady("a2"));
  board->stop();
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto events = eventsOfTheCall();  // one contact, its whole history
  EXPECT_EQ(countOf(events, "call.transferred"), 1);
  EXPECT_EQ(onlyContactEnd(), "completed");
}

TEST_F(DeskPhoneTest, ThePhonesTransferOnItsOwnCallJoinsItsCallerWithTheNumberItCalled) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  Dialog with_caller = dialogOf("agent1");
  auto trunk = operatorAnswering("trunk_answer.xml");
  // The REFER comes on the phone's own call to the number, its Replaces naming the caller's.
  auto consulting =
      phoneDials("consult", "phone_dials_then_refers.xml", "0401234567",
                 {"-d", "1000", "-key", "target", "0401234567", "-key", "replaces_call_id",
                  escaped(with_caller.call_id), "-key", "replaces_to_tag", with_caller.luukku_tag,
                  "-key", "replaces_from_tag", with_caller.phone_tag});
  EXPECT_EQ(consulting->wait(30s), 0) << consulting->log();  // told 200, then hung up
  EXPECT_NE(logOf("consult").find("sipfrag 200"), std::string::npos) << logOf("consult");
  EXPECT_EQ(first->wait(20s), 0) << first->log();  // the phone's leg of the caller's call too
  ASSERT_TRUE(eventually([&] { return routed().hasCallEvent("call.transferred"); }));
  EXPECT_EQ(hold("a1", call, true).code(), ErrorCode::kNotFound);
  board->stop();
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
  auto s = settled(2);
  auto caller_call = s.calls.find("call/" + call);
  ASSERT_NE(caller_call, s.calls.end());
  EXPECT_EQ(countOf(caller_call->second, "call.transferred"), 1);
  for (const auto& [contact, end] : s.contact_end) EXPECT_EQ(end, "completed") << contact;
}

TEST_F(DeskPhoneTest, ThePhonesAttendedTransferHandsACitizenItWasCallingToTheColleague) {
  ASSERT_NO_FATAL_FAILURE(start());
  first = sipp(
      "agent1", "agent_answer_notified.xml", 1,
      {"-key", "phone_tag", "agent1-tag", "-trace_logs", "-log_file", dir.file("agent1.txt")}, p1);
  registerPhone("1001", p1);
  ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
  auto trunk = operatorAnswering("trunk_answer.xml");
  // Click-to-call: agent 1's phone, then the citizen, who answers.
  std::promise<Result<ports::DialStarted>> dialled;
  board->dialler().dial({"a1", "duty", "+358401234567", "", {}},
                        [&](Result<ports::DialStarted> r) { dialled.set_value(std::move(r)); });
  auto started = dialled.get_future().get();
  ASSERT_TRUE(started) << started.status().toString();
  ASSERT_TRUE(callRecorded("call.answered"));
  colleague("agent_answer.xml", {"-d", "100"});
  auto consulting = phoneDials("consult", "phone_dials_until_bye.xml", "1002");
  Dialog with_colleague = dialogOf("consult");
  std::string answer = referIn(dialogOf("agent1"), p1,
                               "<sip:1002@127.0.0.1?Replaces=" + replacesOf(with_colleague) + ">");
  EXPECT_EQ(answer.rfind("SIP/2.0 202", 0), 0u) << answer;
  ASSERT_TRUE(callRecorded("call.transferred"));
  EXPECT_EQ(first->wait(20s), 0) << first->log();
  EXPECT_EQ(consulting->wait(20s), 0) << consulting->log();
  EXPECT_NE(logOf("agent1").find("sipfrag 200"), std::string::npos) << logOf("agent1");
  board->stop();
  EXPECT_EQ(second->wait(20s), 0) << second->log();
  EXPECT_EQ(trunk->wait(20s), 0) << trunk->log();
  EXPECT_EQ(countOf(eventsOfTheCall(), "call.transferred"), 1);
  EXPECT_EQ(onlyContactEnd(), "completed");
}

TEST_F(DeskPhoneTest, AReplacesNamingNoDialogIsNotified481AndTheCallGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  std::string answer = referIn(dialogOf("agent1"), p1,
                               "<sip:1002@127.0.0.1?Replaces=gone%3Bto-tag%3Dx%3Bfrom-tag%3Dy>");
  EXPECT_EQ(answer.rfind("SIP/2.0 202", 0), 0u) << answer;
  EXPECT_TRUE(logged("agent1", "sipfrag 481")) << logOf("agent1");
  theCallGoesOn(call);
}

TEST_F(DeskPhoneTest, AReplacesNamingADialogNotThePhonesOwnCallIsNotified403) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  Dialog with_caller = dialogOf("agent1");
  // The caller's call itself is no call the phone made.
  std::string answer =
      referIn(with_caller, p1, "<sip:1002@127.0.0.1?Replaces=" + replacesOf(with_caller) + ">");
  EXPECT_EQ(answer.rfind("SIP/2.0 202", 0), 0u) << answer;
  EXPECT_TRUE(logged("agent1", "sipfrag 403")) << logOf("agent1");
  theCallGoesOn(call);
}

TEST_F(DeskPhoneTest, AMalformedReplacesIsRefusedAndTheCallGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string call = callerWithAgent1();
  std::string answer =
      referIn(dialogOf("agent1"), p1, "<sip:1002@127.0.0.1?Replaces=%3Bto-tag%3Dx>");
  EXPECT_EQ(answer.rfind("SIP/2.0 400", 0), 0u) << answer;
  theCallGoesOn(call);
}

}  // namespace
}  // namespace luukku::telephony
