#include "identity/crypto.h"

#include <gtest/gtest.h>

#include <set>

#include "identity/role.h"

namespace luukku::identity {
namespace {

TEST(Crypto, SecretsAre256BitsOfBase64Url) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string s = randomSecret(32);
    EXPECT_EQ(s.size(), 43u);
    EXPECT_EQ(s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Crypto, Base64UrlRoundTripsAndRefusesGarbage) {
  std::string bytes("\x00\xff\x10 hello", 9);
  EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)), bytes);
  EXPECT_EQ(base64UrlDecode("aGVsbG8="), "hello");
  EXPECT_EQ(base64UrlDecode("a+b/"), std::nullopt);
  EXPECT_EQ(base64UrlDecode("a b"), std::nullopt);
}

TEST(Crypto, KeyedHashesDependOnTheKey) {
  HashKey a = randomHashKey(), b = randomHashKey();
  EXPECT_EQ(keyedHash(a, "hetu:131052-308T"), keyedHash(a, "hetu:131052-308T"));
  EXPECT_NE(keyedHash(a, "hetu:131052-308T"), keyedHash(b, "hetu:131052-308T"));
  EXPECT_EQ(keyedHash(a, "x").size(), 64u);
}

TEST(Crypto, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

TEST(Crypto, Sha256MatchesAKnownVector) {
  EXPECT_EQ(toHex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Roles, ParseAndPrintTheStoredForm) {
  auto set = RoleSet::parse("supervisor, agent");
  ASSERT_TRUE(set.isOk());
  EXPECT_EQ(set->toString(), "agent,supervisor");
  EXPECT_FALSE(RoleSet::parse("agent,root").isOk());
  EXPECT_TRUE(RoleSet::parse("")->empty());
}

}  // namespace
}  // namespace luukku::identity
