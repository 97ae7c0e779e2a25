#include "telephony/sip/digest.h"

#include <gtest/gtest.h>

#include "telephony/digest_answer.h"

namespace luukku::telephony::sip {
namespace {

using testing::digestAnswer;
using testing::nonceOf;
using Check = DigestAuth::Check;

const Timestamp kNow = fromMicros(1'800'000'000'000'000);
constexpr std::string_view kPhone = "192.0.2.7";

// 1001's answer to `challenge` for REGISTER sip:x, with count `nc`.
DigestResponse answer(const std::string& challenge, int nc = 1, const std::string& pw = "pw") {
  return digestAnswer(nonceOf(challenge), "1001", "luukku", pw, "REGISTER", "sip:x", nc);
}
// The check of a REGISTER answer whose right password is "pw".
Check verify(DigestAuth& auth, const DigestResponse& r, Timestamp now = kNow,
             std::string_view address = kPhone) {
  return auth.verify(r, "REGISTER", "pw", address, now);
}

TEST(Digest, Md5MatchesRfc1321) {
  EXPECT_EQ(md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Digest, AcceptsTheRightPasswordOnly) {
  DigestAuth auth("luukku", "secret");
  std::string ch = auth.challenge(false, kPhone, kNow);
  auto good = answer(ch);
  EXPECT_EQ(auth.verify(good, "REGISTER", "other", kPhone, kNow), Check::kWrong);
  EXPECT_EQ(auth.verify(good, "INVITE", "pw", kPhone, kNow), Check::kWrong);
  auto wrong_realm = digestAnswer(nonceOf(ch), "1001", "evil", "pw", "REGISTER", "sip:x");
  EXPECT_EQ(verify(auth, wrong_realm), Check::kWrong);
  EXPECT_EQ(verify(auth, good), Check::kOk);
}

TEST(Digest, OldOrForgedNoncesAreStale) {
  DigestAuth auth("luukku", "secret", std::chrono::seconds(60));
  EXPECT_EQ(verify(auth, answer(auth.challenge(false, kPhone, kNow - std::chrono::minutes(5)))),
            Check::kStale);
  DigestAuth other("luukku", "another secret");
  EXPECT_EQ(verify(auth, answer(other.challenge(false, kPhone, kNow))), Check::kStale);
}

TEST(Digest, EveryChallengeHasItsOwnNonce) {
  DigestAuth auth("luukku", "secret");
  EXPECT_NE(nonceOf(auth.challenge(false, kPhone, kNow)),
            nonceOf(auth.challenge(false, kPhone, kNow)));
}

TEST(Digest, NonceIsStaleAtAnotherAddress) {
  DigestAuth auth("luukku", "secret");
  auto r = answer(auth.challenge(false, kPhone, kNow));
  EXPECT_EQ(verify(auth, r, kNow, "198.51.100.9"), Check::kStale);
  EXPECT_EQ(verify(auth, r), Check::kOk);
}

TEST(Digest, ReusedNonceCountIsAReplay) {
  DigestAuth auth("luukku", "secret");
  std::string ch = auth.challenge(false, kPhone, kNow);
  EXPECT_EQ(verify(auth, answer(ch, 1)), Check::kOk);
  EXPECT_EQ(verify(auth, answer(ch, 1)), Check::kReplay);
  // The phone itself reuses the nonce with a higher count (RFC 2617 §3.2.2): that is fine,
  // and only counts above the highest one seen are.
  EXPECT_EQ(verify(auth, answer(ch, 3)), Check::kOk);
  EXPECT_EQ(verify(auth, answer(ch, 2)), Check::kReplay);
}

TEST(Digest, WrongAnswerDoesNotUseUpACount) {
  DigestAuth auth("luukku", "secret");
  std::string ch = auth.challenge(false, kPhone, kNow);
  EXPECT_EQ(verify(auth, answer(ch, 99, "guess")), Check::kWrong);
  EXPECT_EQ(verify(auth, answer(ch, 1)), Check::kOk);
}

TEST(Digest, AnswerWithoutQopIsGoodOnce) {
  DigestAuth auth("luukku", "secret");
  std::string nonce = nonceOf(auth.challenge(false, kPhone, kNow));
  DigestResponse r{"1001", "luukku", nonce, "sip:x", "", "", "", "", ""};
  r.response = md5Hex(md5Hex("1001:luukku:pw") + ":" + nonce + ":" + md5Hex("REGISTER:sip:x"));
  EXPECT_EQ(verify(auth, r), Check::kOk);
  EXPECT_EQ(verify(auth, r), Check::kReplay);
}

TEST(Digest, MalformedNonceCountIsWrong) {
  DigestAuth auth("luukku", "secret");
  auto r = answer(auth.challenge(false, kPhone, kNow));
  for (const char* nc : {"1", "0000000g", "00000000", "+0000001"}) {
    DigestResponse bad = r;
    bad.nc = nc;
    EXPECT_EQ(verify(auth, bad), Check::kWrong) << nc;
  }
}

TEST(Digest, RememberedNoncesExpireWithTheirLifetime) {
  DigestAuth auth("luukku", "secret", std::chrono::seconds(60));
  std::string first = auth.challenge(false, kPhone, kNow);
  ASSERT_EQ(verify(auth, answer(first)), Check::kOk);
  EXPECT_EQ(auth.rememberedNoncesForTest(), 1u);
  Timestamp later = kNow + std::chrono::seconds(61);
  ASSERT_EQ(verify(auth, answer(auth.challenge(false, kPhone, later)), later), Check::kOk);
  EXPECT_EQ(auth.rememberedNoncesForTest(), 1u);
  // The forgotten nonce is past its lifetime: its next count is stale, not accepted.
  EXPECT_EQ(verify(auth, answer(first, 2), later), Check::kStale);
}

TEST(Digest, FullTableForgetsTheOldestAndKeepsItStale) {
  DigestAuth auth("luukku", "secret", std::chrono::seconds(60), 2);
  std::vector<std::string> challenges;
  for (int i = 0; i < 4; ++i) challenges.push_back(auth.challenge(false, kPhone, kNow));
  for (int i = 1; i < 4; ++i) ASSERT_EQ(verify(auth, answer(challenges[i])), Check::kOk);
  EXPECT_EQ(auth.rememberedNoncesForTest(), 2u);
  // The first answered nonce was forgotten: its next count is stale, not accepted.
  EXPECT_EQ(verify(auth, answer(challenges[1], 2)), Check::kStale);
  // So is a nonce issued before it but answered only now.
  EXPECT_EQ(verify(auth, answer(challenges[0])), Check::kStale);
  EXPECT_EQ(verify(auth, answer(challenges[3], 2)), Check::kOk);
}

TEST(Digest, ParsesHeaderParameters) {
  auto r = parseDigestParams({"username=\"1001\"", "realm=\"luukku\"", "nonce=\"1.2\"",
                              "uri=\"sip:a\"", "response=\"ff\"", "qop=auth", "nc=00000001",
                              "cnonce=\"x\"", "Algorithm=MD5"});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->username, "1001");
  EXPECT_EQ(r->qop, "auth");
  EXPECT_EQ(r->algorithm, "MD5");
  EXPECT_FALSE(parseDigestParams({"username=\"1001\""}).has_value());
  EXPECT_FALSE(parseDigestParams({}).has_value());
}

}  // namespace
}  // namespace luukku::telephony::sip
