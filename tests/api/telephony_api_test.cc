// Replacing a prompt through the API: the change is audited (who, which prompt, the prompt as
// it was and the recording's size and SHA-256, never the audio), and a name that is not a
// prompt is refused. The browser phone's credential: issued to the signed-in professional's own
// session, and let go when that session ends, however it ends. The server's real Telephony
// serves the routes (created, not started: no SIP or RTP is needed for prompts or credentials),
// over the generated prompts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "api/api_test_util.h"
#include "identity/crypto.h"
#include "support/test_clock.h"
#include "support/test_server.h"
#include "telephony/media/audio.h"
#include "telephony/telephony.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using identity::Role;
using identity::RoleSet;

class TelephonyApi : public ::testing::Test {
 protected:
  // Identity runs on a clock of the test's (sessions' idle timeout and expiry).
  static TestServerOptions options(TestClock* clock) {
    TestServerOptions o;
    o.identity_clock = clock;
    return o;
  }
  void SetUp() override {
    telephony::TelephonyOptions options;
    options.action_clock = [] { return ports::RequestedAt{}; };  // times nothing here
    options.config_file = sourceDir() + "/config/telephony.toml";
    options.prompts_dir = LUUKKU_PROMPTS_DIR;
    options.data_dir = server_.dir().path().string();
    auto created = telephony::Telephony::create(options, server_.engine(), server_.metrics());
    ASSERT_TRUE(created.isOk()) << created.status().toString();
    telephony_ = std::move(created).value();
    server_.services().telephony = telephony_.get();
    admin_ = server_.signIn(RoleSet{Role::kAdmin});
    // A second of 440 Hz, as an administrator's recording.
    std::vector<std::int16_t> tone(8000);
    for (std::size_t i = 0; i < tone.size(); ++i) {
      tone[i] = static_cast<std::int16_t>(8000 * std::sin(2 * 3.14159265 * 440 * i / 8000.0));
    }
    std::string path = server_.dir().file("recording.wav");
    ASSERT_EQ(telephony::media::writeWav(path, tone), Status::ok());
    std::ifstream in(path, std::ios::binary);
    wav_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  RawResponse put(const std::string& language, const std::string& name) {
    return server_.clientFor(admin_).request(
        "PUT", "/api/v1/telephony/prompts/" + language + "/" + name, wav_, "audio/wav");
  }

  std::vector<store::AuditRecord> promptAudits() {
    auto all = server_.identity().listAudit(0, 1000);
    EXPECT_TRUE(all.isOk()) << all.status().toString();
    std::vector<store::AuditRecord> out;
    for (auto& a : all.isOk() ? *all : std::vector<store::AuditRecord>{}) {
      if (a.action == "prompt.replaced") out.push_back(a);
    }
    return out;
  }

  TestClock clock_;
  TestServer server_{options(&clock_)};
  std::unique_ptr<telephony::Telephony> telephony_;
  TestServer::SignedIn admin_;
  std::string wav_;
};

TEST_F(TelephonyApi, ReplacingAPromptIsAuditedWithTheRecordingsSizeAndHashNotItsAudio) {
  auto r = put("fi", "welcome");
  ASSERT_EQ(r.status, 200) << r.body;
  auto audits = promptAudits();
  ASSERT_EQ(audits.size(), 1u);
  const store::AuditRecord& a = audits[0];
  EXPECT_EQ(a.actor_id, admin_.user_id);
  EXPECT_EQ(a.target_kind, "prompt");
  EXPECT_EQ(a.target_id, "fi/welcome");
  auto before = json::parse(a.before).as_object();
  EXPECT_FALSE(before.at("recorded").as_bool());
  EXPECT_GT(before.at("seconds").to_number<double>(), 1.0);  // the generated prompt
  auto after = json::parse(a.after).as_object();
  EXPECT_TRUE(after.at("recorded").as_bool());
  EXPECT_NEAR(after.at("seconds").to_number<double>(), 1.0, 0.01);
  EXPECT_EQ(after.at("bytes").as_int64(), static_cast<std::int64_t>(wav_.size()));
  EXPECT_EQ(after.at("sha256").as_string(), identity::toHex(identity::sha256(wav_)));
  EXPECT_LT(a.after.size(), 400u);  // no audio
}

TEST_F(TelephonyApi, ReplacingAPromptThatDoesNotExistIsRefusedWith404AndChangesNothing) {
  auto r = put("fi", "welcom");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_NE(r.body.find("there is no prompt 'welcom' to replace"), std::string::npos) << r.body;
  EXPECT_FALSE(std::filesystem::exists(server_.dir().file("prompts/fi/welcom.wav")));
  EXPECT_TRUE(promptAudits().empty());
  for (const auto& p : telephony_->prompts()) EXPECT_NE(p.name, "welcom");
}

TEST_F(TelephonyApi, AServiceLinesOwnVersionOfAPromptMayBeRecordedForALineThatExists) {
  EXPECT_EQ(put("sv", "busy-terveysasemat").status, 200);
  EXPECT_EQ(put("sv", "busy-no-such-line").status, 404);
  auto audits = promptAudits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].target_id, "sv/busy-terveysasemat");
  EXPECT_EQ(audits[0].before, "");  // the line had no version of its own
}

TEST_F(TelephonyApi, MusicOnHoldIsReplacedForEveryLanguage) {
  auto r = put("en", "moh");
  ASSERT_EQ(r.status, 200) << r.body;
  auto audits = promptAudits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].target_id, "moh");
}

TEST_F(TelephonyApi, AnAdministratorListensToAPromptAndHearsTheRecordingOnceReplaced) {
  auto get = [&](const std::string& path) {
    return server_.clientFor(admin_).get("/api/v1/telephony/prompts/" + path);
  };
  auto generated = get("fi/welcome");
  ASSERT_EQ(generated.status, 200) << generated.body;
  EXPECT_EQ(generated.headers["content-type"], "audio/wav");
  EXPECT_EQ(generated.headers["cache-control"], "no-store");
  EXPECT_EQ(generated.body.substr(0, 4), "RIFF");
  EXPECT_NE(generated.body, wav_);
  ASSERT_EQ(put("fi", "welcome").status, 200);
  auto recorded = get("fi/welcome");
  ASSERT_EQ(recorded.status, 200);
  EXPECT_EQ(recorded.body.size(), wav_.size());  // the recording, as 8 kHz mono WAV
  EXPECT_EQ(get("sv/moh").status, 200);          // music on hold under any language
  EXPECT_EQ(get("fi/welcom").status, 404);
  EXPECT_EQ(get("de/welcome").status, 404);
}

TEST_F(TelephonyApi, OnlyAnAdministratorListensToPrompts) {
  auto supervisor = server_.signIn(RoleSet{Role::kSupervisor});
  EXPECT_EQ(server_.clientFor(supervisor).get("/api/v1/telephony/prompts/fi/welcome").status, 403);
}

TEST_F(TelephonyApi, AMalformedPromptNameIsABadRequest) {
  EXPECT_EQ(put("fi", "Bad%20Name").status, 400);
  EXPECT_TRUE(promptAudits().empty());
}

// ---- the browser phone's credential --------------------------------------------------------

class PhoneSessionApi : public TelephonyApi {
 protected:
  void SetUp() override {
    TelephonyApi::SetUp();
    server_.services().janus_url = "ws://127.0.0.1:8188";
  }
};

TEST_F(PhoneSessionApi, AProfessionalGetsACredentialForTheirOwnExtension) {
  auto r = server_.agentClient("aino-maki").request("POST", "/api/v1/phone/session", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("extension").as_string(), "1001");  // config/telephony.toml
  EXPECT_TRUE(body.at("username").as_string().starts_with("web-"));
  EXPECT_GE(body.at("secret").as_string().size(), 24u);
  EXPECT_EQ(body.at("janus_url").as_string(), "ws://127.0.0.1:8188");
  EXPECT_EQ(body.at("domain").as_string(), "127.0.0.1");
  EXPECT_EQ(body.at("proxy").as_string(), "sip:127.0.0.1:5060");
  EXPECT_TRUE(body.contains("expires_at"));
}

TEST_F(PhoneSessionApi, EachCredentialIsNew) {
  auto client = server_.agentClient("aino-maki");
  auto a = json::parse(client.request("POST", "/api/v1/phone/session", "{}").body).as_object();
  auto b = json::parse(client.request("POST", "/api/v1/phone/session", "{}").body).as_object();
  EXPECT_NE(a.at("username"), b.at("username"));
  EXPECT_NE(a.at("secret"), b.at("secret"));
}

TEST_F(PhoneSessionApi, AnAgentWithoutAPhoneGets404) {
  auto r = server_.agentClient("a-nobody").request("POST", "/api/v1/phone/session", "{}");
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(PhoneSessionApi, AnApiTokenGetsNoBrowserPhone) {
  auto r =
      server_.tokenClient(RoleSet{Role::kAgent}).request("POST", "/api/v1/phone/session", "{}");
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_F(PhoneSessionApi, WithoutTheGatewayThereIsNoBrowserPhone) {
  server_.services().janus_url.clear();
  auto r = server_.agentClient("aino-maki").request("POST", "/api/v1/phone/session", "{}");
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(PhoneSessionApi, TheTestCallerIsOffUnlessEnabled) {
  EXPECT_EQ(server_.client().get("/api/v1/phone/test-caller").status, 404);
}

TEST_F(PhoneSessionApi, TheTestCallerListsTheLinesNumbersWhenEnabled) {
  server_.services().test_caller = true;
  auto r = server_.client().get("/api/v1/phone/test-caller");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("janus_url").as_string(), "ws://127.0.0.1:8188");
  EXPECT_EQ(body.at("proxy").as_string(), "sip:127.0.0.1:5060");
  bool duty_line = false;  // the demo region's 116117
  for (const auto& n : body.at("numbers").as_array()) {
    duty_line = duty_line || (n.at("number").as_string() == "116117" &&
                              n.at("line").as_string() == "paivystysapu");
  }
  EXPECT_TRUE(duty_line) << r.body;
}

// ---- the credential ends with its session -----------------------------------------------------
// However the session ends: the identity layer says whether a session is still open without its
// cookie (idle, expired, disabled, signed out), and the sessions holding a credential are let
// go — at once on sign-out and on an account change through the API, at the next sweep for the
// rest. (The registrar's side — a revoked credential ends its binding and is refused — is tested
// with SIPp in telephony/sip_stack_test.cc and end to end in telephony/server_sip_test.cc.)

class PhoneSessionEnd : public PhoneSessionApi {
 protected:
  void SetUp() override {
    PhoneSessionApi::SetUp();
    aino_ = server_.signIn(RoleSet{Role::kAgent}, "aino-maki");  // extension 1001
  }

  // Aino's session asks for its browser phone's credential.
  void startPhone() {
    auto r = server_.clientFor(aino_).request("POST", "/api/v1/phone/session", "{}");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string ainoSession() const { return identity::secretHash(aino_.cookie); }
  // What the identity layer says of the session stored under `hash`; "error" when it fails.
  std::string openness(const std::string& hash) {
    auto open = server_.identity().sessionOpen(hash);
    if (!open) return "error: " + open.status().toString();
    return *open ? "open" : "not open";
  }
  api::PhoneSessions& phones() { return *server_.services().phone_sessions; }
  std::size_t sweep() { return phones().sweep(server_.identity(), *telephony_); }

  TestServer::SignedIn aino_;
};

TEST_F(PhoneSessionEnd, ASessionInUseIsOpen) {
  clock_.advance(29min);
  ASSERT_EQ(server_.clientFor(aino_).get("/api/v1/auth/session").status, 200);
  clock_.advance(29min);  // 58 min since sign-in, 29 since the last request
  EXPECT_EQ(openness(ainoSession()), "open");
}

TEST_F(PhoneSessionEnd, AnIdleSessionIsNotOpenAndIsEndedThen) {
  clock_.advance(31min);
  EXPECT_EQ(openness(ainoSession()), "not open");
  auto r = server_.clientFor(aino_).get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("has ended"), std::string::npos) << r.body;
}

TEST_F(PhoneSessionEnd, ASessionPastItsAbsoluteExpiryIsNotOpen) {
  for (int i = 0; i < 25; ++i) {  // in use every 29 min: 12 h 5 min in all
    clock_.advance(29min);
    server_.clientFor(aino_).get("/api/v1/auth/session");
  }
  EXPECT_EQ(openness(ainoSession()), "not open");
}

TEST_F(PhoneSessionEnd, TheSessionOfADisabledAccountIsNotOpen) {
  identity::UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(
      server_.identity().changeUser(aino_.user_id, disable, identity::Actor::commandLine()));
  EXPECT_EQ(openness(ainoSession()), "not open");
}

TEST_F(PhoneSessionEnd, AnUnknownSessionIsNotOpen) {
  EXPECT_EQ(openness(identity::secretHash("no-such-cookie")), "not open");
}

TEST_F(PhoneSessionEnd, ACredentialIsHeldWhileItsSessionIsOpen) {
  startPhone();
  EXPECT_EQ(phones().size(), 1u);
  clock_.advance(20min);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(phones().size(), 1u);
}

TEST_F(PhoneSessionEnd, TheSweepEndsTheCredentialOfAnIdleSession) {
  startPhone();
  clock_.advance(31min);
  EXPECT_EQ(sweep(), 1u);
  EXPECT_EQ(phones().size(), 0u);
}

TEST_F(PhoneSessionEnd, TheSweepEndsTheCredentialOfAnAccountDisabledElsewhere) {
  startPhone();
  identity::UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(
      server_.identity().changeUser(aino_.user_id, disable, identity::Actor::commandLine()));
  EXPECT_EQ(sweep(), 1u);
  EXPECT_EQ(phones().size(), 0u);
}

TEST_F(PhoneSessionEnd, DisablingTheAccountThroughTheApiEndsTheCredentialAtOnce) {
  startPhone();
  auto admin = server_.clientWithRoles(RoleSet{Role::kAdmin});
  auto r = admin.request("PATCH", "/api/v1/users/" + aino_.user_id, R"({"disabled":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(phones().size(), 0u);
}

TEST_F(PhoneSessionEnd, ANewPasswordEndsTheCredentialAtOnce) {
  startPhone();
  auto admin = server_.clientWithRoles(RoleSet{Role::kAdmin});
  auto r = admin.request("PUT", "/api/v1/users/" + aino_.user_id + "/password",
                         R"({"password":"Uusi-salasana-2027"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(phones().size(), 0u);
}

TEST_F(PhoneSessionEnd, SigningOutEndsTheCredential) {
  startPhone();
  ASSERT_EQ(server_.clientFor(aino_).request("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(phones().size(), 0u);
}

}  // namespace
}  // namespace luukku::testing
