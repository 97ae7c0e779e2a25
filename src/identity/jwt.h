// JSON Web Tokens as OpenID Connect uses them: compact JWS, RS256, keys from a JWKS.
//
// Only RS256 is accepted (what OpenID providers, Suomi.fi's included, sign ID tokens with);
// "none", HMAC and anything else are refused, so a token cannot choose a weaker check.
//
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace luukku::identity {

inline constexpr std::size_t kMaxJwtBytes = 16 * 1024;

struct Jwt {
  boost::json::value header;   // {"alg":"RS256","kid":"..."}
  boost::json::value claims;   // the payload
  std::string signing_input;   // "<header b64>.<payload b64>"
  std::string signature;       // raw bytes
};

// Splits and decodes a compact JWS; refuses anything malformed or over kMaxJwtBytes.
Result<Jwt> parseJwt(std::string_view token);

// An RSA public key from a JWK (n, e in base64url).
struct RsaJwk {
  std::string kid;
  std::string n;  // raw big-endian bytes
  std::string e;
};

// Reads the RSA signing keys of a JWKS document ({"keys":[...]}), by kid. Keys of other
// types or uses are skipped.
Result<std::map<std::string, RsaJwk>> parseJwks(std::string_view json);

// True when `signature` is a valid RS256 signature of `signing_input` under `key`.
bool verifyRs256(const RsaJwk& key, std::string_view signing_input, std::string_view signature);

}  // namespace luukku::identity
