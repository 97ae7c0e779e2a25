// What a phone answers to a digest challenge (RFC 2617, qop=auth), for tests of the checks.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "telephony/sip/digest.h"

namespace luukku::telephony::testing {

// The nonce of a WWW-Authenticate / Proxy-Authenticate value.
inline std::string nonceOf(const std::string& challenge) {
  auto at = challenge.find("nonce=\"") + 7;
  return challenge.substr(at, challenge.find('"', at) - at);
}

inline sip::DigestResponse digestAnswer(const std::string& nonce, const std::string& user,
                                        const std::string& realm, const std::string& password,
                                        const std::string& method, const std::string& uri,
                                        int nc = 1) {
  char count[9];
  std::snprintf(count, sizeof count, "%08x", nc);
  sip::DigestResponse r;
  r.username = user;
  r.realm = realm;
  r.nonce = nonce;
  r.uri = uri;
  r.qop = "auth";
  r.nc = count;
  r.cnonce = "abc";
  std::string ha1 = sip::md5Hex(user + ":" + realm + ":" + password);
  std::string ha2 = sip::md5Hex(method + ":" + uri);
  r.response = sip::md5Hex(ha1 + ":" + nonce + ":" + r.nc + ":" + r.cnonce + ":auth:" + ha2);
  return r;
}

// The answer as the parameters of an Authorization header.
inline std::vector<std::string> headerParams(const sip::DigestResponse& r) {
  return {"username=\"" + r.username + "\"",
          "realm=\"" + r.realm + "\"",
          "nonce=\"" + r.nonce + "\"",
          "uri=\"" + r.uri + "\"",
          "response=\"" + r.response + "\"",
          "algorithm=MD5",
          "qop=" + r.qop,
          "nc=" + r.nc,
          "cnonce=\"" + r.cnonce + "\""};
}

}  // namespace luukku::telephony::testing
