#include "identity/jwt.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>
#include <memory>

#include "identity/crypto.h"

namespace luukku::identity {
namespace json = boost::json;

namespace {

Result<json::value> parsePart(std::string_view b64, const char* what) {
  auto bytes = base64UrlDecode(b64);
  if (!bytes) return invalidArgument(std::string("the token's ") + what + " is not base64url");
  boost::system::error_code ec;
  json::value v = json::parse(*bytes, ec);
  if (ec || !v.is_object()) {
    return invalidArgument(std::string("the token's ") + what + " is not a JSON object");
  }
  return v;
}

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::unique_ptr<EVP_PKEY, PkeyFree> rsaKey(const RsaJwk& jwk) {
  std::unique_ptr<BIGNUM, BnFree> n(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(jwk.n.data()), static_cast<int>(jwk.n.size()), nullptr));
  std::unique_ptr<BIGNUM, BnFree> e(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(jwk.e.data()), static_cast<int>(jwk.e.size()), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    return nullptr;
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return nullptr;
  }
  return std::unique_ptr<EVP_PKEY, PkeyFree>(key);
}

}  // namespace

Result<Jwt> parseJwt(std::string_view token) {
  if (token.size() > kMaxJwtBytes) return invalidArgument("the token is too large");
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return invalidArgument("the token is not a compact JWS (three parts)");
  }
  Jwt jwt;
  ASSIGN_OR_RETURN(jwt.header, parsePart(token.substr(0, first), "header"));
  ASSIGN_OR_RETURN(jwt.claims, parsePart(token.substr(first + 1, second - first - 1), "payload"));
  auto signature = base64UrlDecode(token.substr(second + 1));
  if (!signature || signature->empty()) return invalidArgument("the token's signature is missing");
  jwt.signature = std::move(*signature);
  jwt.signing_input = std::string(token.substr(0, second));
  return jwt;
}

Result<std::map<std::string, RsaJwk>> parseJwks(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("keys") ||
      !doc.at("keys").is_array()) {
    return invalidArgument("the JWKS is not {\"keys\":[...]}");
  }
  std::map<std::string, RsaJwk> keys;
  for (const auto& k : doc.at("keys").as_array()) {
    if (!k.is_object()) continue;
    const auto& o = k.as_object();
    auto text_of = [&](const char* name) -> std::string {
      const auto* v = o.if_contains(name);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    if (text_of("kty") != "RSA") continue;
    if (!text_of("use").empty() && text_of("use") != "sig") continue;
    if (!text_of("alg").empty() && text_of("alg") != "RS256") continue;
    auto n = base64UrlDecode(text_of("n"));
    auto e = base64UrlDecode(text_of("e"));
    if (!n || !e || n->size() < 256) continue;  // 2048 bits at least
    RsaJwk jwk{text_of("kid"), std::move(*n), std::move(*e)};
    keys[jwk.kid] = std::move(jwk);
  }
  return keys;
}

bool verifyRs256(const RsaJwk& jwk, std::string_view signing_input, std::string_view signature) {
  auto key = rsaKey(jwk);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

}  // namespace luukku::identity
