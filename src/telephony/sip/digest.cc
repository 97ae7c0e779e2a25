#include "telephony/sip/digest.h"

#include <sofia-sip/su_md5.h>

#include <algorithm>
#include <charconv>

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

namespace {

std::int64_t secondsOf(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// "00000001" → 1; nullopt unless 8 hex digits (RFC 2617 §3.2.2).
std::optional<std::uint32_t> nonceCount(std::string_view nc) {
  if (nc.size() != 8) return std::nullopt;
  std::uint32_t n = 0;
  auto [p, ec] = std::from_chars(nc.data(), nc.data() + nc.size(), n, 16);
  if (ec != std::errc() || p != nc.data() + nc.size()) return std::nullopt;
  return n;
}

struct NonceParts {
  std::int64_t issued = 0;
  std::uint64_t serial = 0;
};

// "<issued>.<serial>.<hash>" with decimal numbers; the hash is checked by the caller.
std::optional<NonceParts> splitNonce(std::string_view nonce) {
  auto first = nonce.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  auto second = nonce.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  NonceParts n;
  auto [p1, ec1] = std::from_chars(nonce.data(), nonce.data() + first, n.issued);
  auto [p2, ec2] = std::from_chars(nonce.data() + first + 1, nonce.data() + second, n.serial);
  if (ec1 != std::errc() || p1 != nonce.data() + first || ec2 != std::errc() ||
      p2 != nonce.data() + second) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

DigestAuth::DigestAuth(std::string realm, std::string secret, std::chrono::seconds lifetime,
                       std::size_t max_nonces)
    : realm_(std::move(realm)),
      secret_(std::move(secret)),
      lifetime_(lifetime),
      max_nonces_(std::max<std::size_t>(max_nonces, 1)) {}

std::string DigestAuth::nonceFor(std::int64_t seconds, std::uint64_t serial,
                                 std::string_view address) const {
  std::string t = std::to_string(seconds) + "." + std::to_string(serial);
  std::string keyed = secret_ + ":" + t + ":";
  keyed.append(address);
  return t + "." + md5Hex(keyed).substr(0, 20);
}

std::string DigestAuth::challenge(bool stale, std::string_view address, Timestamp now) {
  std::string h = "Digest realm=\"" + realm_ + "\", nonce=\"" +
                  nonceFor(secondsOf(now), next_serial_++, address) +
                  "\", algorithm=MD5, qop=\"auth\"";
  if (stale) h += ", stale=true";
  return h;
}

void DigestAuth::forgetExpired(std::int64_t now_seconds) {
  while (!seen_.empty() && now_seconds - seen_.begin()->second.issued > lifetime_.count()) {
    seen_.erase(seen_.begin());
  }
}

DigestAuth::Check DigestAuth::verify(const DigestResponse& r, std::string_view method,
                                     std::string_view password, std::string_view address,
                                     Timestamp now) {
  if (r.realm != realm_) return Check::kWrong;
  if (!r.algorithm.empty() && r.algorithm != "MD5" && r.algorithm != "md5") return Check::kWrong;
  auto nonce = splitNonce(r.nonce);
  if (!nonce || nonceFor(nonce->issued, nonce->serial, address) != r.nonce) return Check::kStale;
  std::string ha1 = md5Hex(r.username + ":" + realm_ + ":" + std::string(password));
  std::string ha2 = md5Hex(std::string(method) + ":" + r.uri);
  std::string expected;
  std::uint32_t count = 1;  // without qop there is no count: the nonce is good once
  if (r.qop.empty()) {
    expected = md5Hex(ha1 + ":" + r.nonce + ":" + ha2);
  } else if (r.qop == "auth") {
    auto nc = nonceCount(r.nc);
    if (!nc || *nc == 0 || r.cnonce.empty()) return Check::kWrong;
    count = *nc;
    expected = md5Hex(ha1 + ":" + r.nonce + ":" + r.nc + ":" + r.cnonce + ":auth:" + ha2);
  } else {
    return Check::kWrong;
  }
  std::string given = r.response;
  for (char& c : given) c = static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c);
  if (given != expected) return Check::kWrong;
  // The answer is right: is the nonce still good, and is this count new?
  std::int64_t secs = secondsOf(now);
  if (secs - nonce->issued > lifetime_.count() || nonce->issued - secs > 60) return Check::kStale;
  forgetExpired(secs);
  auto it = seen_.find(nonce->serial);
  if (it != seen_.end()) {
    if (count <= it->second.nc) return Check::kReplay;
    it->second.nc = count;
    return Check::kOk;
  }
  if (nonce->serial <= forgotten_up_to_) return Check::kStale;
  if (seen_.size() >= max_nonces_) {
    forgotten_up_to_ = std::max(forgotten_up_to_, seen_.begin()->first);
    seen_.erase(seen_.begin());
    if (nonce->serial <= forgotten_up_to_) return Check::kStale;
  }
  seen_.emplace(nonce->serial, Seen{nonce->issued, count});
  return Check::kOk;
}

}  // namespace luukku::telephony::sip
