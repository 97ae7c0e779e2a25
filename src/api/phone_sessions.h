// The staff sessions that hold a browser phone's credential, so that the credential ends with
// its session however the session ends. The phone session route records each session it
// issues a credential to (issued); sign-out revokes at once (ended); everything else — the
// idle timeout, the absolute expiry, the account disabled or left without a role, here or by
// another process such as `luukku user disable` — is found by sweep(), which the server runs
// every few seconds and the user routes run at once after a change. Revoking a credential ends
// the registration made with it (the registrar removes that binding within a second).
//
// Thread-safety: all methods are thread-safe. sweep() blocks (it reads the identity store).
#pragma once

#include <cstddef>
#include <mutex>
#include <set>
#include <string>

namespace luukku::identity {
class Identity;
}
namespace luukku::ports {
class TelephonyPort;
}

namespace luukku::api {

class PhoneSessions {
 public:
  // `session_hash` (Principal::session_hash) holds a credential.
  void issued(const std::string& session_hash);
  // The session has ended: its credentials are revoked.
  void ended(const std::string& session_hash, ports::TelephonyPort& telephony);
  // Revokes the credentials of every recorded session that is no longer open; returns how
  // many sessions that was. A session the store cannot answer for now is kept for the next
  // sweep.
  std::size_t sweep(identity::Identity& identity, ports::TelephonyPort& telephony);
  // How many sessions hold a credential now.
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::set<std::string> sessions_;  // session hashes
};

}  // namespace luukku::api
