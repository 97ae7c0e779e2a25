// Authenticator: the digest check for every SIP request that must authenticate — a phone's
// REGISTER and INVITE, and the INVITE of a trunk that has credentials — with protection
// against guessing, replay and enumeration.
//
//   - Guessing: failures are counted per account (an extension, or "trunk:<name>") and per
//     source address with the same throttle as staff sign-in (core::LoginThrottle). At
//     the limit the account or the address is locked; the lock lifts by itself when the
//     injected clock has passed it. While locked, an answer is checked against a password
//     nobody has, so it gets exactly what a wrong password gets — the right password too —
//     and the lock shows nowhere but in the log and the metrics.
//   - Replay: DigestAuth's nonce counts (digest.h); a replayed answer is challenged again.
//   - Enumeration: an unknown account is challenged like a known one, its answer costs the
//     same hashing and is refused like a wrong password (and counted like one).
//
// Metrics: luukku_sip_auth_failures_total (answers refused: wrong password, unknown account,
// malformed, or locked), luukku_sip_auth_locked_refusals_total (of those, refused because of
// a lock), luukku_sip_auth_lockouts_total (an account or address became locked) and
// luukku_sip_auth_replays_total (an answer with a nonce count already used).
//
// Thread-safety: not thread-safe; one owner (the SIP thread). Borrows the clock and the
// metrics registry, which must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "metrics/metrics.h"
#include "telephony/sip/digest.h"

namespace luukku::core {
class LoginThrottle;
}

namespace luukku::telephony::sip {

struct AuthOptions {
  std::string realm = "luukku";
  std::chrono::seconds nonce_lifetime{60};
  std::size_t max_nonces = 10'000;
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds failure_window{15 * 60};
  std::chrono::seconds lock{15 * 60};
};

// Who a request claims to be.
struct AuthSubject {
  std::string account;                  // the throttle's key: "1001", "trunk:operator"
  std::string username;                 // the user name the answer must carry
  std::optional<std::string> password;  // none: no such account
};

struct AuthVerdict {
  enum class Kind {
    kOk,         // authenticated
    kChallenge,  // answer 401/407 with `challenge`
    kRefuse,     // answer 403
  };
  Kind kind = Kind::kRefuse;
  std::string challenge;  // the WWW-Authenticate / Proxy-Authenticate value for kChallenge
};

class Authenticator {
 public:
  // `secret` keys the nonces (a random one per process).
  Authenticator(const Clock& clock, AuthOptions options, metrics::Registry& metrics,
                std::string secret);
  ~Authenticator();
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // Checks a request with `method` from `address` carrying the Digest parameters `params` of
  // its Authorization (or Proxy-Authorization) header; empty when it carried none.
  AuthVerdict check(std::string_view method, const std::vector<std::string>& params,
                    const AuthSubject& subject, const std::string& address);

 private:
  AuthVerdict refuse(std::string_view method, const AuthSubject& subject,
                     const std::string& address, bool locked);

  const Clock& clock_;
  DigestAuth digest_;
  std::unique_ptr<core::LoginThrottle> throttle_;
  const std::string unknown_password_;  // what locked and unknown accounts are checked against
  metrics::Counter& failures_;
  metrics::Counter& locked_refusals_;
  metrics::Counter& lockouts_;
  metrics::Counter& replays_;
};

}  // namespace luukku::telephony::sip
