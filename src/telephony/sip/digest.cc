#include "telephony/sip/digest.h"

#include <sofia-sip/su_md5.h>

#include <charconv>
#include <cstdio>

namespace luukku::telephony::sip {

std::string md5Hex(std::string_view data) {
  su_md5_t ctx;
  su_md5_init(&ctx);
  su_md5_update(&ctx, data.data(), data.size());
  char hex[SU_MD5_DIGEST_SIZE * 2 + 1];
  su_md5_hexdigest(&ctx, hex);
  su_md5_deinit(&ctx);
  return std::string(hex, SU_MD5_DIGEST_SIZE * 2);
}

std::optional<DigestResponse> parseDigestParams(const std::vector<std::string>& params) {
  DigestResponse r;
  for (const std::string& p : params) {
    auto eq = p.find('=');
    if (eq == std::string::npos) continue;
    std::string name = p.substr(0, eq);
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    std::string value = p.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value.size() > 512) return std::nullopt;
    if (name == "username") r.username = value;
    else if (name == "realm") r.realm = value;
    else if (name == "nonce") r.nonce = value;
    else if (name == "uri") r.uri = value;
    else if (name == "response") r.response = value;
    else if (name == "cnonce") r.cnonce = value;
    else if (name == "nc") r.nc = value;
    else if (name == "qop") r.qop = value;
    else if (name == "algorithm") r.algorithm = value;
  }
  if (r.username.empty() || r.nonce.empty() || r.uri.empty() || r.response.empty()) {
    return std::nullopt;
  }
  return r;
}

DigestAuth::DigestAuth(std::string realm, std::string secret, std::chrono::seconds lifetime)
    : realm_(std::move(realm)), secret_(std::move(secret)), lifetime_(lifetime) {}

std::string DigestAuth::nonceFor(std::int64_t seconds) const {
  std::string t = std::to_string(seconds);
  return t + "." + md5Hex(secret_ + ":" + t).substr(0, 20);
}

std::string DigestAuth::challenge(bool stale, std::chrono::system_clock::time_point now) const {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::string h = "Digest realm=\"" + realm_ + "\", nonce=\"" + nonceFor(secs) +
                  "\", algorithm=MD5, qop=\"auth\"";
  if (stale) h += ", stale=true";
  return h;
}

DigestAuth::Check DigestAuth::verify(const DigestResponse& r, std::string_view method,
                                     std::string_view password,
                                     std::chrono::system_clock::time_point now) const {
  if (r.realm != realm_) return Check::kWrong;
  if (!r.algorithm.empty() && r.algorithm != "MD5" && r.algorithm != "md5") return Check::kWrong;
  auto dot = r.nonce.find('.');
  if (dot == std::string::npos) return Check::kStale;
  std::int64_t issued = 0;
  auto [p, ec] = std::from_chars(r.nonce.data(), r.nonce.data() + dot, issued);
  if (ec != std::errc() || p != r.nonce.data() + dot || nonceFor(issued) != r.nonce) {
    return Check::kStale;
  }
  std::string ha1 = md5Hex(r.username + ":" + realm_ + ":" + std::string(password));
  std::string ha2 = md5Hex(std::string(method) + ":" + r.uri);
  std::string expected;
  if (r.qop.empty()) {
    expected = md5Hex(ha1 + ":" + r.nonce + ":" + ha2);
  } else if (r.qop == "auth") {
    expected = md5Hex(ha1 + ":" + r.nonce + ":" + r.nc + ":" + r.cnonce + ":auth:" + ha2);
  } else {
    return Check::kWrong;
  }
  std::string given = r.response;
  for (char& c : given) c = static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c);
  if (given != expected) return Check::kWrong;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (secs - issued > lifetime_.count() || issued - secs > 60) return Check::kStale;
  return Check::kOk;
}

}  // namespace luukku::telephony::sip
