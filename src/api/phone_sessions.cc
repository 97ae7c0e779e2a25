#include "api/phone_sessions.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "identity/identity.h"
#include "ports/telephony_port.h"

namespace luukku::api {

void PhoneSessions::issued(const std::string& session_hash) {
  std::lock_guard lock(mu_);
  sessions_.insert(session_hash);
}

void PhoneSessions::ended(const std::string& session_hash, ports::TelephonyPort& telephony) {
  telephony.revokePhoneCredentials(session_hash);
  std::lock_guard lock(mu_);
  sessions_.erase(session_hash);
}

std::size_t PhoneSessions::sweep(identity::Identity& identity, ports::TelephonyPort& telephony) {
  std::vector<std::string> held;
  {
    std::lock_guard lock(mu_);
    held.assign(sessions_.begin(), sessions_.end());
  }
  std::size_t ended_now = 0;
  for (const std::string& hash : held) {
    auto open = identity.sessionOpen(hash);
    if (!open) {
      spdlog::warn("cannot tell whether a browser phone's session is open: {}",
                   open.status().message());
      continue;
    }
    if (*open) continue;
    ended(hash, telephony);
    ++ended_now;
  }
  return ended_now;
}

std::size_t PhoneSessions::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

}  // namespace luukku::api
