// ID token validation with tokens signed here, so every way a token can be wrong is tried.
#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>

#include "identity/crypto.h"
#include "identity/oidc_client.h"

namespace luukku::identity {
namespace {
namespace json = boost::json;

constexpr std::int64_t kNow = 1795335330;  // 2026-11-22T08:15:30Z

// An RSA key that signs tokens the way a provider does.
class Signer {
 public:
  explicit Signer(std::string kid) : kid_(std::move(kid)), key_(EVP_RSA_gen(2048)) {}
  ~Signer() { EVP_PKEY_free(key_); }
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;

  RsaJwk jwk() const {
    return {kid_, bignum(OSSL_PKEY_PARAM_RSA_N), bignum(OSSL_PKEY_PARAM_RSA_E)};
  }
  std::string sign(const json::object& claims, const json::object& header_extra = {}) const {
    json::object header{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid_}};
    for (const auto& [k, v] : header_extra) header[k] = v;
    std::string input = base64UrlEncode(json::serialize(header)) + "." +
                        base64UrlEncode(json::serialize(claims));
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    std::size_t length = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key_);
    EVP_DigestSign(md, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string signature(length, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(md);
    signature.resize(length);
    return input + "." + base64UrlEncode(signature);
  }

 private:
  std::string bignum(const char* name) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key_, name, &bn);
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
  }
  std::string kid_;
  EVP_PKEY* key_;
};

class IdToken : public ::testing::Test {
 protected:
  IdToken() {
    client_.useKeysForTest({{"k1", signer_.jwk()}});
  }
  static OidcConfig config() {
    OidcConfig c;
    c.issuer = "https://idp.hyvinvointialue.example";
    c.client_id = "luukku";
    return c;
  }
  json::object good() const {
    return {{"iss", "https://idp.hyvinvointialue.example"}, {"aud", "luukku"}, {"sub", "anna"},
            {"exp", kNow + 300}, {"iat", kNow - 5}, {"nonce", "n-123"}};
  }
  Status check(const std::string& token) { return client_.validateIdToken(token, "n-123").status(); }

  ManualClock clock_{fromMicros(kNow * 1'000'000)};
  Signer signer_{"k1"};
  OidcClient client_{config(), clock_};
};

TEST_F(IdToken, AGoodTokenIsAccepted) {
  auto claims = client_.validateIdToken(signer_.sign(good()), "n-123");
  ASSERT_TRUE(claims.isOk()) << claims.status().toString();
  EXPECT_EQ(claims->at("sub").as_string(), "anna");
}

TEST_F(IdToken, ATokenSignedWithAnotherKeyIsRefused) {
  Signer stranger("k1");  // same kid, other key
  Status st = check(stranger.sign(good()));
  EXPECT_EQ(st.code(), ErrorCode::kUnauthenticated);
  EXPECT_NE(st.message().find("signature"), std::string::npos);
}

TEST_F(IdToken, ATamperedPayloadIsRefused) {
  std::string token = signer_.sign(good());
  auto claims = good();
  claims["sub"] = "admin";
  std::string forged = signer_.sign(claims);
  std::string spliced = token.substr(0, token.find('.')) + forged.substr(forged.find('.'), forged.rfind('.') - forged.find('.')) +
                        token.substr(token.rfind('.'));
  EXPECT_NE(check(spliced).message().find("signature"), std::string::npos);
}

TEST_F(IdToken, AnUnknownKeyIdIsRefused) {
  Signer other("k2");
  EXPECT_NE(check(other.sign(good())).message().find("unknown key"), std::string::npos);
}

TEST_F(IdToken, AnotherAudienceIsRefused) {
  auto c = good();
  c["aud"] = "another-client";
  EXPECT_NE(check(signer_.sign(c)).message().find("aud"), std::string::npos);
}

TEST_F(IdToken, SeveralAudiencesNeedUsAsAuthorizedParty) {
  auto c = good();
  c["aud"] = json::array{"luukku", "another-client"};
  EXPECT_NE(check(signer_.sign(c)).message().find("azp"), std::string::npos);
  c["azp"] = "luukku";
  EXPECT_TRUE(check(signer_.sign(c)).isOk());
}

TEST_F(IdToken, AnotherIssuerIsRefused) {
  auto c = good();
  c["iss"] = "https://evil.example";
  EXPECT_NE(check(signer_.sign(c)).message().find("issuer"), std::string::npos);
}

TEST_F(IdToken, AnExpiredTokenIsRefused) {
  auto c = good();
  c["exp"] = kNow - 61;  // past the 60 s allowed for clock skew
  EXPECT_NE(check(signer_.sign(c)).message().find("expired"), std::string::npos);
}

TEST_F(IdToken, ATokenFromTheFutureIsRefused) {
  auto c = good();
  c["iat"] = kNow + 120;
  EXPECT_NE(check(signer_.sign(c)).message().find("future"), std::string::npos);
}

TEST_F(IdToken, AnOldTokenIsRefused) {
  auto c = good();
  c["iat"] = kNow - 3600;
  EXPECT_NE(check(signer_.sign(c)).message().find("too long ago"), std::string::npos);
}

TEST_F(IdToken, AnotherSignInsNonceIsRefused) {
  auto c = good();
  c["nonce"] = "n-456";
  EXPECT_NE(check(signer_.sign(c)).message().find("nonce"), std::string::npos);
  c.erase("nonce");
  EXPECT_NE(check(signer_.sign(c)).message().find("nonce"), std::string::npos);
}

TEST_F(IdToken, OnlyRs256IsAccepted) {
  EXPECT_NE(check(signer_.sign(good(), {{"alg", "none"}})).message().find("RS256"),
            std::string::npos);
  EXPECT_NE(check(signer_.sign(good(), {{"alg", "HS256"}})).message().find("RS256"),
            std::string::npos);
}

TEST_F(IdToken, MalformedAndOversizedTokensAreRefused) {
  for (const std::string& token :
       {std::string("not-a-token"), std::string("a.b"), std::string("a.b.c.d"),
        std::string("eyJhbGciOiJSUzI1NiJ9.%%%.sig"), std::string(20000, 'a') + ".b.c"}) {
    EXPECT_EQ(check(token).code(), ErrorCode::kUnauthenticated) << token.substr(0, 20);
  }
}

TEST(RoleMap, ParsesGroupsToRoles) {
  auto map = parseRoleMap("sote-agents=agent,sote-admins=admin");
  ASSERT_TRUE(map.isOk());
  ASSERT_EQ(map->size(), 2u);
  EXPECT_EQ((*map)[1].first, "sote-admins");
  EXPECT_EQ((*map)[1].second, Role::kAdmin);
  EXPECT_FALSE(parseRoleMap("sote-agents=root").isOk());
  EXPECT_FALSE(parseRoleMap("agent").isOk());
}

}  // namespace
}  // namespace luukku::identity
