// OidcClient: single sign-on through an OpenID Connect provider (authorization code flow
// with PKCE), for staff and for citizens' strong identification (citizen_identification.h).
//
//   1. start() makes a state, a nonce and a PKCE verifier, remembers them for ten minutes,
//      and gives the provider's authorization URL; the browser also gets the state in a
//      short-lived cookie, so a callback is accepted only in the browser that started it.
//   2. finish() takes the code from the callback: the state must be pending and match the
//      cookie, and is used up (a replayed callback is refused); the code is exchanged at the
//      token endpoint with the verifier and the client's secret; the ID token is validated.
//   3. validateIdToken(): RS256 signature against the provider's JWKS (fetched again when
//      an unknown key id appears, so the provider can rotate keys), iss, aud (and azp), exp,
//      iat and nonce. Claims then map to roles by configuration (groups -> roles).
//
// Discovery and the JWKS are fetched over http(s) with identity/http_fetch.h.
//
// Thread-safety: thread-safe. start() is quick; finish() and discover() block on the
// network: call them on the BlockingPool.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "identity/http_fetch.h"
#include "identity/identity.h"
#include "identity/jwt.h"

namespace luukku::identity {

struct OidcConfig {
  std::string issuer;  // exactly as the provider's discovery document says
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;  // .../api/v1/auth/oidc/callback
  std::string scopes = "openid profile email";
  std::string role_claim = "groups";
  // Values of role_claim -> Luukku roles; a user gets the union.
  std::vector<std::pair<std::string, Role>> role_map;
  std::string ca_file;  // extra trusted CAs for the provider's https
  std::chrono::seconds clock_skew{60};
  std::chrono::seconds max_token_age{600};      // iat older than this is refused
  std::chrono::seconds pending_lifetime{600};   // a started sign-in must finish within this
  std::chrono::seconds jwks_refetch_after{10};  // at most one JWKS fetch per interval
  std::chrono::milliseconds http_timeout{10'000};
};

// "group=role,group=role": the form of the setting oidc.role_map.
Result<std::vector<std::pair<std::string, Role>>> parseRoleMap(std::string_view text);

struct OidcStart {
  std::string authorization_url;
  std::string state;  // also goes into the browser's luukku_oidc cookie
};

class OidcClient {
 public:
  OidcClient(OidcConfig config, const Clock& clock);

  // The provider's endpoints, fetched once (blocking) and kept.
  Status discover();

  OidcStart start();  // needs discover() to have succeeded
  // The whole callback: state check, code exchange, ID token validation; the ID token's
  // validated claims (a citizen's identification reads its own from them).
  Result<boost::json::value> finishClaims(std::string_view code, std::string_view state,
                                          std::string_view cookie_state);
  // finishClaims() and the staff member's identity by role mapping.
  Result<SsoIdentity> finish(std::string_view code, std::string_view state,
                             std::string_view cookie_state);

  // Validates an ID token for `nonce` (public for tests).
  Result<boost::json::value> validateIdToken(std::string_view id_token, std::string_view nonce);

  const OidcConfig& config() const { return config_; }

  // Trusts exactly `keys` without discovery or fetching (unit tests of token validation).
  void useKeysForTest(std::map<std::string, RsaJwk> keys);

 private:
  struct Pending {
    std::string nonce;
    std::string verifier;
    Timestamp started;
  };
  struct Endpoints {
    std::string authorization;
    std::string token;
    std::string jwks;
  };
  Result<std::string> exchangeCode(std::string_view code, const std::string& verifier);
  Result<RsaJwk> keyFor(const std::string& kid);
  Result<FetchResponse> get(const std::string& url);
  SsoIdentity identityFrom(const boost::json::value& claims) const;

  const OidcConfig config_;
  const Clock& clock_;
  std::mutex mu_;
  std::optional<Endpoints> endpoints_;                // guarded by mu_
  std::unordered_map<std::string, Pending> pending_;  // by state; guarded by mu_
  std::map<std::string, RsaJwk> keys_;                // by kid; guarded by mu_
  Timestamp keys_fetched_{};                          // guarded by mu_
};

}  // namespace luukku::identity
