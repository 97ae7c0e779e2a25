// The SIP authenticator with a manual clock: lockouts that lift by themselves, replays,
// and unknown extensions that look like known ones.
#include "telephony/sip/authenticator.h"

#include <gtest/gtest.h>

#include "telephony/digest_answer.h"

namespace luukku::telephony::sip {
namespace {

using namespace std::chrono_literals;
using testing::digestAnswer;
using testing::headerParams;
using testing::nonceOf;
using Kind = AuthVerdict::Kind;

const std::string kPhoneAddress = "192.0.2.7";

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() : auth(clock, options(), registry, "secret") {}

  static AuthOptions options() {
    AuthOptions o;
    o.max_failures_per_account = 3;
    o.max_failures_per_address = 5;
    o.failure_window = 60s;
    o.lock = 300s;
    return o;
  }

  // The Authorization a phone sends for `method` after a fresh challenge to `address`.
  std::vector<std::string> answer(const std::string& method, const std::string& ext,
                                  const std::string& password, const std::string& address) {
    auto challenge = auth.check(method, {}, known(ext), address);
    EXPECT_EQ(challenge.kind, Kind::kChallenge);
    return headerParams(digestAnswer(nonceOf(challenge.challenge), ext, "luukku", password, method,
                                     "sip:127.0.0.1"));
  }
  // A REGISTER answering a fresh challenge for `ext` with `password`, from `address`.
  AuthVerdict registerAs(const std::string& ext, const std::string& password,
                         const std::string& address = kPhoneAddress) {
    return auth.check("REGISTER", answer("REGISTER", ext, password, address), known(ext), address);
  }
  static AuthSubject known(const std::string& ext) {
    if (ext == "9999") return {ext, ext, std::nullopt};  // nobody's extension
    return {ext, ext, "pw-" + ext};
  }
  std::uint64_t counter(const char* name) { return registry.counter(name, "").value(); }

  ManualClock clock{fromMicros(1'800'000'000'000'000)};
  metrics::Registry registry;
  Authenticator auth;
};

TEST_F(AuthenticatorTest, RequestWithoutAnswerIsChallengedWithQopAuth) {
  auto v = auth.check("REGISTER", {}, known("1001"), kPhoneAddress);
  EXPECT_EQ(v.kind, Kind::kChallenge);
  EXPECT_NE(v.challenge.find("qop=\"auth\""), std::string::npos) << v.challenge;
  EXPECT_EQ(v.challenge.find("stale"), std::string::npos) << v.challenge;
}

TEST_F(AuthenticatorTest, RightPasswordPassesAndWrongOneIsRefusedAndCounted) {
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kOk);
  EXPECT_EQ(registerAs("1001", "guess").kind, Kind::kRefuse);
  EXPECT_EQ(counter("luukku_sip_auth_failures_total"), 1u);
}

TEST_F(AuthenticatorTest, UnknownExtensionIsChallengedAndRefusedLikeAWrongPassword) {
  auto unknown = auth.check("REGISTER", {}, known("9999"), kPhoneAddress);
  auto real = auth.check("REGISTER", {}, known("1001"), kPhoneAddress);
  EXPECT_EQ(unknown.kind, Kind::kChallenge);
  // The same header but for the nonce.
  auto withoutNonce = [](std::string challenge) {
    return challenge.replace(challenge.find(nonceOf(challenge)), nonceOf(challenge).size(), "N");
  };
  EXPECT_EQ(withoutNonce(unknown.challenge), withoutNonce(real.challenge));
  EXPECT_EQ(registerAs("9999", "anything").kind, Kind::kRefuse);
  EXPECT_EQ(counter("luukku_sip_auth_failures_total"), 1u);
}

TEST_F(AuthenticatorTest, RepeatedFailuresLockTheExtensionEvenForTheRightPassword) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(registerAs("1001", "guess").kind, Kind::kRefuse);
  EXPECT_EQ(counter("luukku_sip_auth_lockouts_total"), 1u);
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kRefuse);
  EXPECT_EQ(counter("luukku_sip_auth_locked_refusals_total"), 1u);
  EXPECT_EQ(counter("luukku_sip_auth_failures_total"), 4u);
  // Another extension from another address is not affected.
  EXPECT_EQ(registerAs("1002", "pw-1002", "192.0.2.8").kind, Kind::kOk);
}

TEST_F(AuthenticatorTest, LockLiftsByItselfWhenItsTimeHasPassed) {
  for (int i = 0; i < 3; ++i) registerAs("1001", "guess");
  clock.advance(299s);
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kRefuse);
  clock.advance(1s);
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kOk);
}

TEST_F(AuthenticatorTest, AddressIsLockedAcrossExtensions) {
  for (const char* ext : {"1001", "1002", "1003", "9999", "1004"}) {
    EXPECT_EQ(registerAs(ext, "guess").kind, Kind::kRefuse) << ext;
  }
  EXPECT_EQ(registerAs("1005", "pw-1005").kind, Kind::kRefuse);
  EXPECT_EQ(registerAs("1005", "pw-1005", "192.0.2.8").kind, Kind::kOk);
}

TEST_F(AuthenticatorTest, SuccessForgivesTheExtensionsEarlierFailures) {
  for (int i = 0; i < 2; ++i) registerAs("1001", "typo");
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kOk);
  for (int i = 0; i < 2; ++i) registerAs("1001", "typo");
  EXPECT_EQ(registerAs("1001", "pw-1001").kind, Kind::kOk);
  EXPECT_EQ(counter("luukku_sip_auth_lockouts_total"), 0u);
}

TEST_F(AuthenticatorTest, ReplayedAnswerIsChallengedAgainAndCounted) {
  auto sent = answer("REGISTER", "1001", "pw-1001", kPhoneAddress);
  ASSERT_EQ(auth.check("REGISTER", sent, known("1001"), kPhoneAddress).kind, Kind::kOk);
  auto replay = auth.check("REGISTER", sent, known("1001"), kPhoneAddress);
  EXPECT_EQ(replay.kind, Kind::kChallenge);
  EXPECT_NE(replay.challenge.find("stale=true"), std::string::npos);
  EXPECT_EQ(counter("luukku_sip_auth_replays_total"), 1u);
  // A replay is not a guess: it does not count towards a lockout.
  EXPECT_EQ(counter("luukku_sip_auth_failures_total"), 0u);
}

TEST_F(AuthenticatorTest, InviteAnswerIsNotGoodForRegister) {
  auto sent = answer("INVITE", "1001", "pw-1001", kPhoneAddress);
  EXPECT_EQ(auth.check("REGISTER", sent, known("1001"), kPhoneAddress).kind, Kind::kRefuse);
  EXPECT_EQ(auth.check("INVITE", sent, known("1001"), kPhoneAddress).kind, Kind::kOk);
}

}  // namespace
}  // namespace luukku::telephony::sip
