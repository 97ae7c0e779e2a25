// The identity parts of a running Luukku, built from Settings: the Identity service, the
// access log, the pool for their blocking work, the sealing of identity codes, and single
// sign-on and citizens' identification when configured.
//
// Thread-safety: build once at start-up; the parts are thread-safe (see their headers).
#pragma once

#include <memory>

#include "app/settings.h"
#include "concurrency/blocking_pool.h"
#include "core/status.h"
#include "core/time.h"
#include "identity/access_log.h"
#include "identity/identity.h"

namespace luukku::identity {
class OidcClient;
class CitizenIdentification;
class Sealer;
class OnBehalf;
}  // namespace luukku::identity

namespace luukku::app {

struct IdentityParts {
  std::unique_ptr<concurrency::BlockingPool> blocking;
  std::unique_ptr<identity::Identity> identity;
  std::unique_ptr<identity::AccessLog> access_log;
  std::shared_ptr<identity::OidcClient> oidc;  // null without [oidc]
  // Chat visitors' identification; null without [citizen_identification].
  std::shared_ptr<identity::CitizenIdentification> citizen_identification;
  std::shared_ptr<const identity::Sealer> sealer;  // under the identity key
  // Whom an identified chat visitor may act for; null without [on_behalf] registers.
  std::shared_ptr<const identity::OnBehalf> on_behalf;
  identity::HashKey key{};  // the identity key (citizen hashes, the chain)
};

identity::IdentityOptions identityOptions(const Settings& settings);

// Opens everything against the (migrated) store. Creates the key file when absent.
Result<IdentityParts> openIdentity(const Settings& settings, const Clock& clock);

}  // namespace luukku::app
