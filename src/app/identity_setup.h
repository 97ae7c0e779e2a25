// The identity parts of a running Luukku, built from Settings: the Identity service, the
// access log, the pool for their blocking work, and single sign-on when configured.
//
// Thread-safety: build once at start-up; the parts are thread-safe (see their headers).
#pragma once

#include <memory>

#include "app/settings.h"
#include "core/status.h"
#include "core/time.h"
#include "identity/access_log.h"
#include "concurrency/blocking_pool.h"
#include "identity/identity.h"

namespace luukku::identity {
class OidcClient;
}

namespace luukku::app {

struct IdentityParts {
  std::unique_ptr<concurrency::BlockingPool> blocking;
  std::unique_ptr<identity::Identity> identity;
  std::unique_ptr<identity::AccessLog> access_log;
  std::shared_ptr<identity::OidcClient> oidc;  // null without [oidc]
  identity::HashKey key{};                     // the identity key (citizen hashes, the chain)
};

identity::IdentityOptions identityOptions(const Settings& settings);

// Opens everything against the (migrated) store. Creates the key file when absent.
Result<IdentityParts> openIdentity(const Settings& settings, const Clock& clock);

}  // namespace luukku::app
