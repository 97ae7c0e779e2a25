#include "telephony/sip/digest.h"

#include <gtest/gtest.h>

namespace luukku::telephony::sip {
namespace {

using Clock = std::chrono::system_clock;

// Builds the answer a phone would give to `challenge`.
DigestResponse answer(const std::string& challenge, const std::string& user,
                      const std::string& realm, const std::string& password,
                      const std::string& method, const std::string& uri) {
  auto at = challenge.find("nonce=\"") + 7;
  std::string nonce = challenge.substr(at, challenge.find('"', at) - at);
  DigestResponse r;
  r.username = user;
  r.realm = realm;
  r.nonce = nonce;
  r.uri = uri;
  r.qop = "auth";
  r.nc = "00000001";
  r.cnonce = "abc";
  std::string ha1 = md5Hex(user + ":" + realm + ":" + password);
  std::string ha2 = md5Hex(method + ":" + uri);
  r.response = md5Hex(ha1 + ":" + nonce + ":" + r.nc + ":" + r.cnonce + ":auth:" + ha2);
  return r;
}

TEST(Digest, Md5MatchesRfc1321) {
  EXPECT_EQ(md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Digest, AcceptsTheRightPasswordOnly) {
  DigestAuth auth("luukku", "secret");
  auto now = Clock::now();
  std::string ch = auth.challenge(false, now);
  auto good = answer(ch, "1001", "luukku", "pw", "REGISTER", "sip:127.0.0.1");
  EXPECT_EQ(auth.verify(good, "REGISTER", "pw", now), DigestAuth::Check::kOk);
  EXPECT_EQ(auth.verify(good, "REGISTER", "other", now), DigestAuth::Check::kWrong);
  EXPECT_EQ(auth.verify(good, "INVITE", "pw", now), DigestAuth::Check::kWrong);
  auto wrong_realm = answer(ch, "1001", "evil", "pw", "REGISTER", "sip:127.0.0.1");
  EXPECT_EQ(auth.verify(wrong_realm, "REGISTER", "pw", now), DigestAuth::Check::kWrong);
}

TEST(Digest, OldOrForgedNoncesAreStale) {
  DigestAuth auth("luukku", "secret", std::chrono::seconds(60));
  auto then = Clock::now() - std::chrono::minutes(5);
  auto old = answer(auth.challenge(false, then), "1001", "luukku", "pw", "REGISTER", "sip:x");
  EXPECT_EQ(auth.verify(old, "REGISTER", "pw", Clock::now()), DigestAuth::Check::kStale);
  DigestAuth other("luukku", "another secret");
  auto forged = answer(other.challenge(false, Clock::now()), "1001", "luukku", "pw", "REGISTER", "sip:x");
  EXPECT_EQ(auth.verify(forged, "REGISTER", "pw", Clock::now()), DigestAuth::Check::kStale);
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
