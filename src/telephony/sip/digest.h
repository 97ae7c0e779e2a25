// Server-side HTTP Digest authentication for SIP (RFC 2617 / RFC 3261 §22, MD5, qop=auth or
// none): the challenges Luukku sends and the check of the answers phones and trunks give.
//
// A nonce carries its issue time, a serial number and a keyed hash that binds both to the
// address the challenge went to. A restart makes old nonces stale (a new key), and a nonce
// captured at one address is stale at any other. Issuing a challenge stores nothing, so
// unanswered challenges cost no memory.
//
// Replay is stopped by nonce counts. A nonce answered correctly is remembered with the
// highest nc seen; a later answer must carry a higher nc (qop=auth), and a nonce used without
// qop (which has no nc) is good once. Remembered nonces are forgotten when their lifetime
// ends, which is also when they stop being accepted. The table is capped: when full, the
// oldest entry is forgotten and every nonce with a serial up to it counts as stale from then
// on, so forgetting never reopens a replay.
//
// Thread-safety: not thread-safe; one owner (the SIP thread) calls it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace luukku::telephony::sip {

struct DigestResponse {
  std::string username, realm, nonce, uri, response, cnonce, nc, qop, algorithm;
};

// Reads the parameters of an Authorization header ("name=value" or name="value" items).
std::optional<DigestResponse> parseDigestParams(const std::vector<std::string>& params);

std::string md5Hex(std::string_view data);

class DigestAuth {
 public:
  // kStale: the nonce is not ours, not for this address, too old or forgotten; a new
  // challenge (stale=true) fixes it. kReplay: right credentials, but a nonce count already
  // used. kWrong: anything else.
  enum class Check { kOk, kStale, kReplay, kWrong };

  // `secret` keys the nonces; a random one per process is fine. At most `max_nonces` answered
  // nonces are remembered.
  DigestAuth(std::string realm, std::string secret,
             std::chrono::seconds nonce_lifetime = std::chrono::seconds(60),
             std::size_t max_nonces = 10'000);

  const std::string& realm() const { return realm_; }
  // The value of a WWW-Authenticate or Proxy-Authenticate header for a request from `address`.
  std::string challenge(bool stale, std::string_view address, Timestamp now);
  // Checks `r`, sent from `address`, for a request with `method` and the user's `password`.
  // Only a kOk answer changes state (the nonce's count).
  Check verify(const DigestResponse& r, std::string_view method, std::string_view password,
               std::string_view address, Timestamp now);

  // Answered nonces remembered now (for tests of the bound).
  std::size_t rememberedNoncesForTest() const { return seen_.size(); }

 private:
  struct Seen {
    std::int64_t issued = 0;  // seconds
    std::uint32_t nc = 0;     // the highest count accepted
  };
  std::string nonceFor(std::int64_t seconds, std::uint64_t serial, std::string_view address) const;
  void forgetExpired(std::int64_t now_seconds);

  const std::string realm_;
  const std::string secret_;
  const std::chrono::seconds lifetime_;
  const std::size_t max_nonces_;
  std::uint64_t next_serial_ = 1;
  std::map<std::uint64_t, Seen> seen_;  // by serial: the oldest first
  std::uint64_t forgotten_up_to_ = 0;   // serials up to this one are stale unless in seen_
};

}  // namespace luukku::telephony::sip
