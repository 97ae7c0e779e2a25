// The SIP stack on its own, against real SIPp peers: hold and resume by re-INVITE, transfers
// asked by REFER, and calls out through a trunk (an SIPp UAS standing in for the operator's
// SIP server). A listener records what the stack reports; each test ends with no leg left.
#include "telephony/sip/sip_stack.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include "support/temp_dir.h"
#include "support/test_clock.h"
#include "telephony/peers.h"
#include "telephony/sdp.h"

namespace luukku::telephony::sip {
namespace {
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::eventually;
using testing::freePort;
using testing::sippArgs;
using testing::SipUdpClient;

struct Ended {
  LegEnd how;
  int status;
};

// What the stack reported, by leg; read from the test thread.
class RecordingListener final : public SipListener {
 public:
  void onIncomingCall(IncomingCall call) override {
    std::lock_guard lock(mu_);
    incoming_.push_back(std::move(call));
  }
  void onRinging(LegId leg) override {
    std::lock_guard lock(mu_);
    ringing_.push_back(leg);
  }
  void onAnswered(LegId leg, std::string sdp) override {
    std::lock_guard lock(mu_);
    answered_[leg] = std::move(sdp);
  }
  void onRemoteSdp(LegId, std::string) override {}
  void onDtmfInfo(LegId, char) override {}
  void onLegEnded(LegId leg, LegEnd how, int status) override {
    std::lock_guard lock(mu_);
    ended_[leg] = {how, status};
  }
  void onRegistration(Registration) override {}
  void onSdpAnswered(LegId leg, std::string sdp) override {
    std::lock_guard lock(mu_);
    sdp_answers_[leg].push_back(std::move(sdp));
  }
  void onSdpRefused(LegId leg, int status) override {
    std::lock_guard lock(mu_);
    sdp_refusals_[leg].push_back(status);
  }
  void onRefer(TransferRequest refer) override {
    std::lock_guard lock(mu_);
    refers_.push_back(std::move(refer));
  }

  std::optional<IncomingCall> incoming() {
    std::lock_guard lock(mu_);
    if (incoming_.empty()) return std::nullopt;
    return incoming_.front();
  }
  bool rang(LegId leg) {
    std::lock_guard lock(mu_);
    return std::find(ringing_.begin(), ringing_.end(), leg) != ringing_.end();
  }
  std::optional<std::string> answered(LegId leg) {
    std::lock_guard lock(mu_);
    auto it = answered_.find(leg);
    if (it == answered_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<Ended> ended(LegId leg) {
    std::lock_guard lock(mu_);
    auto it = ended_.find(leg);
    if (it == ended_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> sdpAnswers(LegId leg) {
    std::lock_guard lock(mu_);
    return sdp_answers_[leg];
  }
  std::vector<int> sdpRefusals(LegId leg) {
    std::lock_guard lock(mu_);
    return sdp_refusals_[leg];
  }
  std::optional<TransferRequest> refer() {
    std::lock_guard lock(mu_);
    if (refers_.empty()) return std::nullopt;
    return refers_.front();
  }

 private:
  std::mutex mu_;
  std::vector<IncomingCall> incoming_;
  std::vector<LegId> ringing_;
  std::map<LegId, std::string> answered_;
  std::map<LegId, Ended> ended_;
  std::map<LegId, std::vector<std::string>> sdp_answers_;
  std::map<LegId, std::vector<int>> sdp_refusals_;
  std::vector<TransferRequest> refers_;
};

std::string sdpWith(Direction direction) {
  SdpParams p;
  p.address = "127.0.0.1";
  p.port = 30000;
  p.codecs = {media::Codec::kPcma};
  p.direction = direction;
  return buildSdp(p);
}

Direction directionOf(const std::string& sdp) {
  auto parsed = parseSdp(sdp);
  EXPECT_TRUE(parsed.isOk()) << sdp;
  return parsed ? parsed->direction : Direction::kSendRecv;
}

class SipStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sip_port = freePort();
    options.listen = "127.0.0.1:" + std::to_string(sip_port);
    options.transaction_timeout = 2000ms;
    options.phones.push_back({"1001", "a1", "secret-1001"});
    options.phones.push_back({"1002", "a2", "secret-1002"});
  }

  // SIPp's INVITEs come from 127.0.0.1: with the trunk, they are the operator's; without it,
  // only phones that authenticate get in.
  void addTrunk() { options.trunks.push_back({"operator", {"127.0.0.1"}, "", ""}); }

  void start() {
    stack = std::make_unique<SipStack>(options, listener, clock, registry);
    Status st = stack->start();
    ASSERT_TRUE(st.isOk()) << st.toString();
  }

  void TearDown() override {
    if (!stack) return;
    EXPECT_TRUE(eventually([&] { return stack->liveLegs() == 0; })) << stack->liveLegs();
    stack->stop();
  }

  std::unique_ptr<ChildProcess> sipp(const std::string& name, const std::string& scenario,
                                     std::vector<std::string> extra, std::uint16_t local_port = 0) {
    if (!local_port) local_port = freePort();
    return std::make_unique<ChildProcess>(sippArgs(scenario, sip_port, local_port, 1, extra),
                                          dir.file(name + ".log"));
  }

  // An SIPp UAS on its own port, standing in for the operator's SIP server (or a phone).
  struct Peer {
    std::unique_ptr<ChildProcess> process;
    std::uint16_t port = 0;
    std::string uri(const std::string& user) const {
      return "sip:" + user + "@127.0.0.1:" + std::to_string(port);
    }
  };
  Peer peer(const std::string& scenario, std::vector<std::string> extra = {}) {
    Peer p;
    p.port = freePort();
    p.process = sipp(scenario, scenario, std::move(extra), p.port);
    // An INVITE sent before it listens would meet ICMP port unreachable.
    EXPECT_TRUE(eventually([&] { return testing::udpPortTaken(p.port); }, 5s)) << p.process->log();
    return p;
  }

  // Calls +358401234567 out through the operator (`at`), as service line 116117.
  LegId callOut(const Peer& at, const std::string& asserted_identity = "") {
    OutgoingCall out;
    out.target = at.uri("+358401234567");
    out.from_display = "Päivystysapu";
    out.from_user = "116117";
    out.asserted_identity = asserted_identity;
    out.sdp = sdpWith(Direction::kSendRecv);
    return stack->invite(std::move(out));
  }

  // The far end (`scenario`) answers a call out and refuses the hold with `status`: that is
  // reported, and the call stays up until Luukku hangs up.
  void expectReinviteRefusedAndTheCallGoingOn(const std::string& scenario, int status) {
    ASSERT_NO_FATAL_FAILURE(start());
    auto far = peer(scenario);
    LegId leg = callOut(far);
    ASSERT_TRUE(eventually([&] { return listener.answered(leg).has_value(); }));
    stack->updateSdp(leg, sdpWith(Direction::kSendOnly));
    ASSERT_TRUE(eventually([&] { return !listener.sdpRefusals(leg).empty(); }));
    EXPECT_EQ(listener.sdpRefusals(leg), std::vector<int>{status});
    EXPECT_FALSE(listener.ended(leg).has_value());
    EXPECT_EQ(stack->liveLegs(), 1u);
    // Still a call: the hang-up is a BYE the far end answers.
    stack->hangUp(leg);
    EXPECT_EQ(far.process->wait(20s), 0) << far.process->log();
    ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
    EXPECT_EQ(listener.ended(leg)->how, LegEnd::kLocalHangUp);
  }

  // The only incoming call, answered 200 with a sendrecv SDP.
  IncomingCall answerIncoming() {
    std::optional<IncomingCall> call;
    EXPECT_TRUE(eventually([&] { return (call = listener.incoming()).has_value(); }));
    if (!call) return {};
    stack->answer(call->leg, 200, sdpWith(Direction::kSendRecv));
    return *call;
  }

  // A call out that the operator refuses with `scenario` fails with exactly its `status`.
  void expectCallOutRefused(const std::string& scenario, int status) {
    ASSERT_NO_FATAL_FAILURE(start());
    auto trunk = peer(scenario);
    LegId leg = callOut(trunk);
    ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
    EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
    EXPECT_FALSE(listener.answered(leg).has_value());
    EXPECT_EQ(listener.ended(leg)->how, LegEnd::kFailed);
    EXPECT_EQ(listener.ended(leg)->status, status);
  }

  // What a SIPp peer wrote with <log> (-trace_logs), or its messages (-trace_msg).
  std::string file(const std::string& name) {
    std::ifstream in(dir.file(name));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> traceLogs(const std::string& name) {
    return {"-trace_logs", "-log_file", dir.file(name)};
  }

  luukku::testing::TempDir dir;
  metrics::Registry registry;
  luukku::testing::TestClock clock;
  RecordingListener listener;
  SipOptions options;
  std::uint16_t sip_port = 0;
  std::unique_ptr<SipStack> stack;
};

// ---- calls out through a trunk ------------------------------------------------------------

TEST_F(SipStackTest, CallOutThroughTheTrunkRingsIsAnsweredAndHangsUp) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto trunk = peer("trunk_answer.xml", {"-trace_msg", "-message_file", dir.file("trunk.msg")});
  LegId leg = callOut(trunk, "sip:+35892222@operator.example");
  ASSERT_TRUE(eventually([&] { return listener.answered(leg).has_value(); }))
      << trunk.process->log();
  EXPECT_TRUE(listener.rang(leg));
  EXPECT_EQ(directionOf(*listener.answered(leg)), Direction::kSendRecv);
  stack->hangUp(leg);
  EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
  ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
  EXPECT_EQ(listener.ended(leg)->how, LegEnd::kLocalHangUp);
  // What the operator saw: the number called, the service line as caller, the identity.
  std::string invite = file("trunk.msg");
  EXPECT_NE(invite.find("INVITE sip:+358401234567@127.0.0.1:" + std::to_string(trunk.port)),
            std::string::npos)
      << invite;
  EXPECT_NE(invite.find("To: <sip:+358401234567@127.0.0.1:"), std::string::npos) << invite;
  EXPECT_NE(invite.find("<sip:116117@127.0.0.1>"), std::string::npos) << invite;
  EXPECT_NE(invite.find("P-Asserted-Identity: <sip:+35892222@operator.example>"), std::string::npos)
      << invite;
}

TEST_F(SipStackTest, CallOutWithoutAssertedIdentitySendsNone) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto trunk = peer("trunk_answer.xml", {"-trace_msg", "-message_file", dir.file("trunk.msg")});
  LegId leg = callOut(trunk);
  ASSERT_TRUE(eventually([&] { return listener.answered(leg).has_value(); }));
  stack->hangUp(leg);
  EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
  EXPECT_EQ(file("trunk.msg").find("P-Asserted-Identity"), std::string::npos);
}

TEST_F(SipStackTest, AssertedIdentityThatWouldForgeHeadersFailsTheCallOut) {
  ASSERT_NO_FATAL_FAILURE(start());
  OutgoingCall out;
  out.target = "sip:+358401234567@127.0.0.1:9";
  out.from_user = "116117";
  out.asserted_identity = "sip:+35892222@operator.example>\r\nX-Forged: yes";
  out.sdp = sdpWith(Direction::kSendRecv);
  LegId leg = stack->invite(std::move(out));
  ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
  EXPECT_EQ(listener.ended(leg)->how, LegEnd::kFailed);
  EXPECT_EQ(listener.ended(leg)->status, 400);
}

TEST_F(SipStackTest, BusyNumberEndsTheCallOutWith486) {
  expectCallOutRefused("trunk_busy.xml", 486);
}

TEST_F(SipStackTest, DeclinedCallOutEndsWith603) {
  expectCallOutRefused("trunk_decline.xml", 603);
}

TEST_F(SipStackTest, CallOutToAMissingNumberEndsWith404) {
  expectCallOutRefused("trunk_not_found.xml", 404);
}

TEST_F(SipStackTest, CallOutToAnUnavailableNumberEndsWith480) {
  expectCallOutRefused("trunk_unavailable.xml", 480);
}

TEST_F(SipStackTest, CallOutNobodyAnswersTimesOutWith408) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto trunk = peer("trunk_silent.xml", {"-d", "4000"});
  LegId leg = callOut(trunk);
  ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
  EXPECT_EQ(listener.ended(leg)->how, LegEnd::kTimeout);
  EXPECT_EQ(listener.ended(leg)->status, 408);
  EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
}

TEST_F(SipStackTest, RingingCallOutIsCancelled) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto trunk = peer("trunk_no_answer.xml");
  LegId leg = callOut(trunk);
  ASSERT_TRUE(eventually([&] { return listener.rang(leg); }));
  stack->hangUp(leg);
  EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
  ASSERT_TRUE(eventually([&] { return listener.ended(leg).has_value(); }));
  EXPECT_EQ(listener.ended(leg)->how, LegEnd::kLocalHangUp);
  EXPECT_FALSE(listener.answered(leg).has_value());
}

// ---- hold and resume by re-INVITE -----------------------------------------------------------

TEST_F(SipStackTest, CallOutIsHeldAndResumedByReinvite) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto far = peer("trunk_hold.xml");
  LegId leg = callOut(far);
  ASSERT_TRUE(eventually([&] { return listener.answered(leg).has_value(); }));
  stack->updateSdp(leg, sdpWith(Direction::kSendOnly));
  ASSERT_TRUE(eventually([&] { return listener.sdpAnswers(leg).size() == 1; }));
  EXPECT_EQ(directionOf(listener.sdpAnswers(leg)[0]), Direction::kRecvOnly);
  stack->updateSdp(leg, sdpWith(Direction::kSendRecv));
  ASSERT_TRUE(eventually([&] { return listener.sdpAnswers(leg).size() == 2; }));
  EXPECT_EQ(directionOf(listener.sdpAnswers(leg)[1]), Direction::kSendRecv);
  EXPECT_TRUE(listener.sdpRefusals(leg).empty());
  stack->hangUp(leg);
  EXPECT_EQ(far.process->wait(20s), 0) << far.process->log();  // it checked each direction
}

// An offer made before the caller's ACK goes out once the ACK is in.
TEST_F(SipStackTest, IncomingCallIsHeldByReinvite) {
  addTrunk();
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller = sipp("caller", "caller_held.xml", {"-s", "116117", "-key", "caller", "0401234567"});
  IncomingCall call = answerIncoming();
  stack->updateSdp(call.leg, sdpWith(Direction::kSendOnly));
  ASSERT_TRUE(eventually([&] { return listener.sdpAnswers(call.leg).size() == 1; }));
  EXPECT_EQ(directionOf(listener.sdpAnswers(call.leg)[0]), Direction::kRecvOnly);
  stack->hangUp(call.leg);
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();
}

TEST_F(SipStackTest, RefusedReinviteIsReportedAndTheCallGoesOn) {
  expectReinviteRefusedAndTheCallGoingOn("trunk_reinvite_refused.xml", 488);
}

// Glare is reported, not retried: whoever asked knows whether the hold still matters.
TEST_F(SipStackTest, GlareOnReinviteIsReportedAndTheCallGoesOn) {
  expectReinviteRefusedAndTheCallGoingOn("trunk_reinvite_glare.xml", 491);
}

TEST_F(SipStackTest, SecondReinviteWhileOneIsOutIsRefusedAtOnce) {
  ASSERT_NO_FATAL_FAILURE(start());
  // The far end answers the first re-INVITE two seconds late, so the second surely meets it
  // still out however slowly this thread runs between the two.
  auto far = peer("trunk_hold.xml", {"-d", "2000"});
  LegId leg = callOut(far);
  ASSERT_TRUE(eventually([&] { return listener.answered(leg).has_value(); }));
  stack->updateSdp(leg, sdpWith(Direction::kSendOnly));
  stack->updateSdp(leg, sdpWith(Direction::kInactive));
  ASSERT_TRUE(eventually([&] { return listener.sdpAnswers(leg).size() == 1; }));
  EXPECT_EQ(listener.sdpRefusals(leg), std::vector<int>{491});
  stack->updateSdp(leg, sdpWith(Direction::kSendRecv));  // the scenario's second re-INVITE
  ASSERT_TRUE(eventually([&] { return listener.sdpAnswers(leg).size() == 2; }));
  stack->hangUp(leg);
  EXPECT_EQ(far.process->wait(20s), 0) << far.process->log();
}

TEST_F(SipStackTest, ReinviteBeforeTheAnswerIsRefusedAtOnce) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto trunk = peer("trunk_no_answer.xml");
  LegId leg = callOut(trunk);
  ASSERT_TRUE(eventually([&] { return listener.rang(leg); }));
  stack->updateSdp(leg, sdpWith(Direction::kSendOnly));
  ASSERT_TRUE(eventually([&] { return !listener.sdpRefusals(leg).empty(); }));
  EXPECT_EQ(listener.sdpRefusals(leg), std::vector<int>{491});
  stack->hangUp(leg);
  EXPECT_EQ(trunk.process->wait(20s), 0) << trunk.process->log();
}

// ---- transfers asked by REFER ---------------------------------------------------------------

class SipStackReferTest : public SipStackTest {
 protected:
  // A REFER from phone 1001 sent by hand with `call_id`, `to_tag` (";tag=..." or empty: out
  // of any dialog); Luukku's final response.
  std::string bareRefer(const std::string& call_id, const std::string& to_tag) {
    SipUdpClient client;
    std::string from = "127.0.0.1:" + std::to_string(client.port());
    return client.request(sip_port,
                          "REFER sip:116117@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + from +
                              ";branch=z9hG4bK" + call_id +
                              "\r\nFrom: <sip:1001@127.0.0.1>;tag=x1\r\n"
                              "To: <sip:116117@127.0.0.1>" +
                              to_tag + "\r\nCall-ID: " + call_id +
                              "\r\nCSeq: 1 REFER\r\nContact: <sip:1001@" + from +
                              ">\r\nMax-Forwards: 70\r\nRefer-To: <sip:1002@127.0.0.1>\r\n"
                              "Content-Length: 0\r\n\r\n",
                          5s);
  }

  // Phone 1001 calls 116117, authenticates, is answered and asks for a transfer with
  // `scenario`; what it asks is returned, and Luukku answers it with `result`. The sipfrag
  // status the phone got is in "phone.txt".
  std::optional<TransferRequest> phoneRefers(const std::string& scenario,
                                             std::vector<std::string> keys, int result) {
    std::vector<std::string> args = {"-s",          "116117",   "-key",        "ext",
                                     "1001",        "-au",      "1001",        "-ap",
                                     "secret-1001", "-cid_str", "%u-%p-luukku"};
    args.insert(args.end(), keys.begin(), keys.end());
    auto log = traceLogs("phone.txt");
    args.insert(args.end(), log.begin(), log.end());
    auto phone = sipp("phone", scenario, args);
    IncomingCall call = answerIncoming();
    EXPECT_EQ(call.source, "phone:1001");
    std::optional<TransferRequest> refer;
    EXPECT_TRUE(eventually([&] { return (refer = listener.refer()).has_value(); })) << phone->log();
    if (!refer) return refer;
    EXPECT_EQ(refer->leg, call.leg);
    stack->referResult(refer->leg, result);
    EXPECT_EQ(phone->wait(20s), 0) << phone->log();  // it checked the NOTIFY
    return refer;
  }
};

TEST_F(SipStackReferTest, PhoneTransferIsAcceptedAndTheOutcomeNotified) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto refer = phoneRefers("phone_refer.xml", {"-key", "refer_to", "sip:1002@127.0.0.1"}, 200);
  ASSERT_TRUE(refer);
  EXPECT_EQ(refer->target, "1002");
  EXPECT_EQ(refer->target_uri, "sip:1002@127.0.0.1");
  EXPECT_FALSE(refer->replaces.has_value());
  EXPECT_NE(file("phone.txt").find("sipfrag 200"), std::string::npos) << file("phone.txt");
}

TEST_F(SipStackReferTest, FailedTransferIsNotifiedWithItsStatus) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto refer = phoneRefers("phone_refer.xml",
                           {"-key", "refer_to", "sip:%2B358401234567@127.0.0.1;user=phone"}, 403);
  ASSERT_TRUE(refer);
  EXPECT_EQ(refer->target, "+358401234567");  // unescaped
  EXPECT_NE(file("phone.txt").find("sipfrag 403"), std::string::npos) << file("phone.txt");
}

TEST_F(SipStackReferTest, AttendedTransferNamesTheLegItReplaces) {
  ASSERT_NO_FATAL_FAILURE(start());
  // The phone names its own call as the one to replace: that is a leg Luukku knows.
  auto refer = phoneRefers("phone_refer_replaces.xml", {"-key", "target", "1002"}, 200);
  ASSERT_TRUE(refer);
  EXPECT_EQ(refer->target, "1002");
  ASSERT_TRUE(refer->replaces.has_value());
  auto call = listener.incoming();
  ASSERT_TRUE(call);
  EXPECT_EQ(refer->replaces->call_id, call->call_id);
  EXPECT_FALSE(refer->replaces->to_tag.empty());
  EXPECT_NE(refer->replaces->from_tag.find("SIPpTag00"), std::string::npos);
  EXPECT_EQ(refer->replaces->leg, call->leg);
  EXPECT_NE(file("phone.txt").find("sipfrag 200"), std::string::npos) << file("phone.txt");
}

TEST_F(SipStackReferTest, ReplacesOfAnUnknownDialogNamesNoLeg) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto refer = phoneRefers(
      "phone_refer.xml",
      {"-key", "refer_to", "sip:1002@127.0.0.1?Replaces=gone%3Bto-tag%3Da%3Bfrom-tag%3Db"}, 200);
  ASSERT_TRUE(refer);
  ASSERT_TRUE(refer->replaces.has_value());
  EXPECT_EQ(refer->replaces->call_id, "gone");
  EXPECT_EQ(refer->replaces->to_tag, "a");
  EXPECT_EQ(refer->replaces->from_tag, "b");
  EXPECT_EQ(refer->replaces->leg, 0u);
  EXPECT_EQ(refer->target_uri, "sip:1002@127.0.0.1");
}

TEST_F(SipStackReferTest, TrunkCallerCannotTransfer) {
  addTrunk();
  ASSERT_NO_FATAL_FAILURE(start());
  auto caller =
      sipp("caller", "caller_refer.xml", {"-s", "116117", "-key", "caller", "0401234567"});
  IncomingCall call = answerIncoming();
  EXPECT_EQ(call.source, "trunk:operator");
  EXPECT_EQ(caller->wait(20s), 0) << caller->log();  // it got 403
  EXPECT_FALSE(listener.refer().has_value());
  ASSERT_TRUE(eventually([&] { return listener.ended(call.leg).has_value(); }));
  EXPECT_EQ(listener.ended(call.leg)->how, LegEnd::kRemoteHangUp);
}

// A desk phone on the trunk's own network (127.0.0.1 here) dials as its extension: it is
// challenged and authenticates, and its call is the phone's, not the trunk's.
TEST_F(SipStackReferTest, ACallFromAnExtensionOnTheTrunksAddressIsThePhones) {
  addTrunk();
  ASSERT_NO_FATAL_FAILURE(start());
  auto refer = phoneRefers("phone_refer.xml", {"-key", "refer_to", "sip:1002@127.0.0.1"}, 200);
  ASSERT_TRUE(refer);  // (phoneRefers checks the call came from phone:1001)
  EXPECT_EQ(refer->target, "1002");
}

TEST_F(SipStackReferTest, ReferOutsideAnyCallIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string response = bareRefer("refer-outside", "");
  EXPECT_TRUE(response.starts_with("SIP/2.0 403 ")) << response;
  EXPECT_FALSE(listener.refer().has_value());
}

TEST_F(SipStackReferTest, ReferInAnUnknownDialogGets481) {
  ASSERT_NO_FATAL_FAILURE(start());
  std::string response = bareRefer("refer-unknown", ";tag=never-ours");
  EXPECT_TRUE(response.starts_with("SIP/2.0 481 ")) << response;
  EXPECT_FALSE(listener.refer().has_value());
}

// ---- browser phones' session credentials ----------------------------------------------------

class SipStackCredentialTest : public SipStackTest {
 protected:
  // Registers `extension` with the digest user `user` and `password` by `scenario`
  // (register.xml expects 200, register_wrong_password.xml 403); SIPp's exit code.
  int registerAs(const std::string& scenario, const std::string& extension, const std::string& user,
                 const std::string& password) {
    auto reg = sipp("register-" + user, scenario,
                    {"-key", "ext", extension, "-au", user, "-ap", password, "-key", "contact_port",
                     std::to_string(freePort()), "-key", "expires", "600"});
    return reg->wait(20s);
  }

  std::optional<Registration> registrationOf(const std::string& extension) {
    for (auto& r : stack->registrations()) {
      if (r.extension == extension) return r;
    }
    return std::nullopt;
  }

  SessionCredential credential() {
    return {"1001", "web-5f1c", "a-random-secret", "session-1", clock.now() + 60s};
  }
};

TEST_F(SipStackCredentialTest, SessionCredentialRegistersItsExtension) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  EXPECT_EQ(registerAs("register.xml", "1001", "web-5f1c", "a-random-secret"), 0);
  ASSERT_TRUE(eventually([&] { return registrationOf("1001")->registered; }));
  EXPECT_EQ(registrationOf("1001")->credential, "web-5f1c");
  EXPECT_EQ(registrationOf("1001")->agent_id, "a1");
}

TEST_F(SipStackCredentialTest, WrongSessionSecretIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  EXPECT_EQ(registerAs("register_wrong_password.xml", "1001", "web-5f1c", "guessed"), 0);
  EXPECT_FALSE(registrationOf("1001")->registered);
}

TEST_F(SipStackCredentialTest, SessionCredentialIsGoodOnlyForItsOwnExtension) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  EXPECT_EQ(registerAs("register_wrong_password.xml", "1002", "web-5f1c", "a-random-secret"), 0);
  EXPECT_FALSE(registrationOf("1002")->registered);
}

TEST_F(SipStackCredentialTest, ExpiredSessionCredentialIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  clock.advance(61s);
  EXPECT_EQ(registerAs("register_wrong_password.xml", "1001", "web-5f1c", "a-random-secret"), 0);
  EXPECT_FALSE(registrationOf("1001")->registered);
}

TEST_F(SipStackCredentialTest, RevokedSessionCredentialIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  stack->revokeCredentials("session-1");
  EXPECT_EQ(registerAs("register_wrong_password.xml", "1001", "web-5f1c", "a-random-secret"), 0);
  EXPECT_FALSE(registrationOf("1001")->registered);
}

TEST_F(SipStackCredentialTest, RevokingTheCredentialEndsTheBindingMadeWithIt) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  ASSERT_EQ(registerAs("register.xml", "1001", "web-5f1c", "a-random-secret"), 0);
  ASSERT_TRUE(eventually([&] { return registrationOf("1001")->registered; }));
  stack->revokeCredentials("session-1");
  EXPECT_TRUE(eventually([&] { return !registrationOf("1001")->registered; }, 5s));
}

TEST_F(SipStackCredentialTest, ExpiryOfTheCredentialEndsTheBindingMadeWithIt) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  ASSERT_EQ(registerAs("register.xml", "1001", "web-5f1c", "a-random-secret"), 0);
  ASSERT_TRUE(eventually([&] { return registrationOf("1001")->registered; }));
  clock.advance(61s);  // the binding itself is good for 600 s
  EXPECT_TRUE(eventually([&] { return !registrationOf("1001")->registered; }, 5s));
}

TEST_F(SipStackCredentialTest, RevokingACredentialLeavesTheDeskPhoneRegistered) {
  ASSERT_NO_FATAL_FAILURE(start());
  stack->addCredential(credential());
  // 1001's desk phone registers with its own password; 1002's browser phone with a credential
  // of the same session, whose end shows when the revocation has been applied.
  stack->addCredential({"1002", "web-77aa", "another-secret", "session-1", clock.now() + 60s});
  ASSERT_EQ(registerAs("register.xml", "1001", "1001", "secret-1001"), 0);
  ASSERT_EQ(registerAs("register.xml", "1002", "web-77aa", "another-secret"), 0);
  ASSERT_TRUE(eventually([&] { return registrationOf("1002")->registered; }));
  stack->revokeCredentials("session-1");
  ASSERT_TRUE(eventually([&] { return !registrationOf("1002")->registered; }, 5s));
  EXPECT_TRUE(registrationOf("1001")->registered);
  EXPECT_EQ(registrationOf("1001")->credential, "");
}

}  // namespace
}  // namespace luukku::telephony::sip
