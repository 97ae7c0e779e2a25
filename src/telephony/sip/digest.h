// Server-side HTTP Digest authentication for SIP (RFC 2617 / RFC 3261 §22, MD5, qop=auth or
// none): the challenges Luukku sends and the check of the answers phones and trunks give.
// Nonces are stateless — a time and a keyed hash of it — so a restart only makes old nonces
// stale, and no table grows with callers.
//
// Thread-safety: const members are thread-safe; the object is immutable after construction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace luukku::telephony::sip {

struct DigestResponse {
  std::string username, realm, nonce, uri, response, cnonce, nc, qop, algorithm;
};

// Reads the parameters of an Authorization header ("name=value" or name="value" items).
std::optional<DigestResponse> parseDigestParams(const std::vector<std::string>& params);

std::string md5Hex(std::string_view data);

class DigestAuth {
 public:
  enum class Check { kOk, kStale, kWrong };

  // `secret` keys the nonces; a random one per process is fine.
  DigestAuth(std::string realm, std::string secret,
             std::chrono::seconds nonce_lifetime = std::chrono::minutes(5));

  const std::string& realm() const { return realm_; }
  // The value of a WWW-Authenticate or Proxy-Authenticate header.
  std::string challenge(bool stale, std::chrono::system_clock::time_point now) const;
  // Checks `r` for a request with `method` and the user's `password`.
  Check verify(const DigestResponse& r, std::string_view method, std::string_view password,
               std::chrono::system_clock::time_point now) const;

 private:
  std::string nonceFor(std::int64_t seconds) const;

  std::string realm_;
  std::string secret_;
  std::chrono::seconds lifetime_;
};

}  // namespace luukku::telephony::sip
