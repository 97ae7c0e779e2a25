#include "telephony/sip/authenticator.h"

#include <spdlog/spdlog.h>

#include "core/throttle.h"

namespace luukku::telephony::sip {
namespace {

core::ThrottleOptions throttleOptions(const AuthOptions& o) {
  core::ThrottleOptions t;
  t.per_account = {o.max_failures_per_account, o.failure_window, o.lock};
  t.per_address = {o.max_failures_per_address, o.failure_window, o.lock};
  return t;
}

// Only configured names reach the log; what a stranger typed does not.
std::string who(const AuthSubject& subject) {
  return subject.password ? subject.account : "an unknown account";
}

}  // namespace

Authenticator::Authenticator(const Clock& clock, AuthOptions options, metrics::Registry& metrics,
                             std::string secret)
    : clock_(clock),
      digest_(options.realm, secret, options.nonce_lifetime, options.max_nonces),
      throttle_(std::make_unique<core::LoginThrottle>(clock, throttleOptions(options))),
      // Derived from the random secret: a password no phone can know.
      unknown_password_(md5Hex(secret + ":no such password")),
      failures_(
          metrics.counter("luukku_sip_auth_failures_total",
                          "SIP digest answers refused (wrong, unknown, malformed or locked)")),
      locked_refusals_(metrics.counter("luukku_sip_auth_locked_refusals_total",
                                       "SIP digest answers refused because of a lockout")),
      lockouts_(metrics.counter("luukku_sip_auth_lockouts_total",
                                "SIP accounts or addresses locked after repeated failures")),
      replays_(metrics.counter("luukku_sip_auth_replays_total",
                               "SIP digest answers with a nonce count already used")) {}

Authenticator::~Authenticator() = default;

AuthVerdict Authenticator::check(std::string_view method, const std::vector<std::string>& params,
                                 const AuthSubject& subject, const std::string& address) {
  Timestamp now = clock_.now();
  if (params.empty()) {
    return {AuthVerdict::Kind::kChallenge, digest_.challenge(false, address, now)};
  }
  bool locked = throttle_->retryAfter(subject.account, address).count() > 0;
  auto r = parseDigestParams(params);
  if (!r) return refuse(method, subject, address, locked);
  // Locked, unknown or claiming another name: the same hashing against a password nobody has.
  bool usable = subject.password && !locked && r->username == subject.username;
  switch (
      digest_.verify(*r, method, usable ? *subject.password : unknown_password_, address, now)) {
    case DigestAuth::Check::kOk:
      throttle_->recordSuccess(subject.account);
      return {AuthVerdict::Kind::kOk, {}};
    case DigestAuth::Check::kStale:
      return {AuthVerdict::Kind::kChallenge, digest_.challenge(true, address, now)};
    case DigestAuth::Check::kReplay:
      replays_.add();
      spdlog::warn("SIP {} from {}: a replayed authorization for {} (nonce count reused)", method,
                   address, who(subject));
      return {AuthVerdict::Kind::kChallenge, digest_.challenge(true, address, now)};
    case DigestAuth::Check::kWrong:
      break;
  }
  return refuse(method, subject, address, locked);
}

AuthVerdict Authenticator::refuse(std::string_view method, const AuthSubject& subject,
                                  const std::string& address, bool locked) {
  failures_.add();
  if (locked) {
    // Not counted again: the lock lifts when its time is up, whatever is sent meanwhile.
    locked_refusals_.add();
    spdlog::debug("SIP {} from {} for {} refused: locked out", method, address, who(subject));
    return {};
  }
  throttle_->recordFailure(subject.account, address);
  spdlog::warn("SIP {} from {}: authentication failed for {}", method, address, who(subject));
  auto lock = throttle_->retryAfter(subject.account, address);
  if (lock.count() > 0) {
    lockouts_.add();
    spdlog::warn("SIP authentication for {} or from {} locked for {} s after repeated failures",
                 who(subject), address, lock.count());
  }
  return {};
}

}  // namespace luukku::telephony::sip
