// CitizenIdentification: a citizen's strong identification through an OpenID Connect provider
// (Suomi.fi's OIDC interface, or a broker in front of Suomi.fi), for a chat.
//
//   1. start() begins an authorization code flow (oidc_client.h: state, nonce, PKCE) for one
//      purpose — the chat the citizen identifies in, or the chat they start once identified —
//      and remembers the purpose by the state for as long as the flow may take.
//   2. finish() takes the provider's callback: the state must be pending, match the browser's
//      cookie and be used once; the ID token is validated; its personal identity code claim
//      (by default "urn:oid:1.2.246.21", the population register's name for it, which Suomi.fi
//      uses) must be a valid code; the name comes from "name", or "given_name" and
//      "family_name".
//
// What comes back is the code in the clear: the caller seals it (sealing.h) before it is
// recorded anywhere, and never logs it.
//
// Thread-safety: thread-safe. start() is quick; finish() and discover() block on the network:
// call them on the BlockingPool.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "identity/oidc_client.h"

namespace luukku::identity {

struct CitizenIdentificationConfig {
  OidcConfig oidc;  // its role settings are not used
  std::string identity_code_claim = "urn:oid:1.2.246.21";
};

struct IdentifiedPerson {
  std::string identity_code;  // valid and canonical (core/identity_code.h)
  std::string name;           // may be empty when the provider gave none
  std::string issuer;
};

// What an identification was started for: a chat under way (`chat_id`), or a chat to start
// once identified on a line that requires it (`line_id`, `language`, `visitor_name`).
struct IdentificationPurpose {
  std::string chat_id;
  std::string line_id;
  std::string language;
  std::string visitor_name;
};

struct Identification {
  IdentificationPurpose purpose;
  IdentifiedPerson person;
};

class CitizenIdentification {
 public:
  CitizenIdentification(CitizenIdentificationConfig config, const Clock& clock);

  Status discover();  // blocking; once is enough
  OidcStart start(IdentificationPurpose purpose);
  // kInvalidArgument when the state is unknown, used, expired or not this browser's, or the
  // provider's answer is not a valid identification (the message names what, never the code).
  Result<Identification> finish(std::string_view code, std::string_view state,
                                std::string_view cookie_state);

 private:
  struct Pending {
    IdentificationPurpose purpose;
    Timestamp started;
  };
  Result<IdentifiedPerson> personFrom(const boost::json::value& claims) const;

  const CitizenIdentificationConfig config_;
  const Clock& clock_;
  OidcClient client_;
  std::mutex mu_;
  std::map<std::string, Pending, std::less<>> pending_;  // by state; guarded by mu_
};

}  // namespace luukku::identity
