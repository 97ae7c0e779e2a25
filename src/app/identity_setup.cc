#include "app/identity_setup.h"

#include <sys/stat.h>

#include <filesystem>

#include "identity/citizen_identification.h"
#include "identity/oidc_client.h"
#include "identity/on_behalf.h"
#include "identity/register_files.h"
#include "identity/sealing.h"

namespace luukku::app {

identity::IdentityOptions identityOptions(const Settings& settings) {
  identity::IdentityOptions o;
  o.session_lifetime = std::chrono::minutes(settings.session_lifetime_minutes);
  o.session_idle = std::chrono::minutes(settings.session_idle_minutes);
  return o;
}

Result<IdentityParts> openIdentity(const Settings& settings, const Clock& clock) {
  IdentityParts parts;
  std::string url = settings.effectiveStoreUrl();
  std::filesystem::path key_file = settings.effectiveIdentityKeyFile();
  if (key_file.has_parent_path() && !std::filesystem::exists(key_file.parent_path())) {
    std::error_code ec;
    std::filesystem::create_directories(key_file.parent_path(), ec);
    if (ec)
      return unavailable("cannot create " + key_file.parent_path().string() + ": " + ec.message());
    ::chmod(key_file.parent_path().c_str(), 0700);
  }
  ASSIGN_OR_RETURN(parts.key, identity::loadOrCreateKey(settings.effectiveIdentityKeyFile()));
  ASSIGN_OR_RETURN(parts.identity, identity::Identity::open(url, clock, identityOptions(settings)));
  ASSIGN_OR_RETURN(parts.access_log, identity::AccessLog::open(url, clock, parts.key));
  parts.blocking = std::make_unique<concurrency::BlockingPool>(2);
  if (!settings.oidc_issuer.empty()) {
    identity::OidcConfig oidc;
    oidc.issuer = settings.oidc_issuer;
    oidc.client_id = settings.oidc_client_id;
    oidc.client_secret = settings.oidc_client_secret;
    oidc.redirect_uri = settings.oidc_redirect_uri;
    oidc.scopes = settings.oidc_scopes;
    oidc.role_claim = settings.oidc_role_claim;
    oidc.ca_file = settings.oidc_ca_file;
    ASSIGN_OR_RETURN(oidc.role_map, identity::parseRoleMap(settings.oidc_role_map));
    parts.oidc = std::make_shared<identity::OidcClient>(std::move(oidc), clock);
  }
  parts.sealer = std::make_shared<const identity::Sealer>(parts.key);
  if (!settings.citizen_oidc_issuer.empty()) {
    identity::CitizenIdentificationConfig citizen;
    citizen.oidc.issuer = settings.citizen_oidc_issuer;
    citizen.oidc.client_id = settings.citizen_oidc_client_id;
    citizen.oidc.client_secret = settings.citizen_oidc_client_secret;
    citizen.oidc.redirect_uri = settings.citizen_oidc_redirect_uri;
    citizen.oidc.scopes = settings.citizen_oidc_scopes;
    citizen.oidc.ca_file = settings.citizen_oidc_ca_file;
    citizen.identity_code_claim = settings.citizen_oidc_identity_code_claim;
    parts.citizen_identification =
        std::make_shared<identity::CitizenIdentification>(std::move(citizen), clock);
  }
  if (!settings.population_register_file.empty() || !settings.mandate_register_file.empty()) {
    std::shared_ptr<const identity::PopulationRegister> population;
    std::shared_ptr<const identity::MandateRegister> mandates;
    if (!settings.population_register_file.empty()) {
      ASSIGN_OR_RETURN(population,
                       identity::FilePopulationRegister::open(settings.population_register_file));
    }
    if (!settings.mandate_register_file.empty()) {
      ASSIGN_OR_RETURN(mandates,
                       identity::FileMandateRegister::open(settings.mandate_register_file));
    }
    identity::OnBehalfConfig config{static_cast<int>(settings.child_age_limit),
                                    settings.mandate_issue};
    parts.on_behalf = std::make_shared<const identity::OnBehalf>(std::move(population),
                                                                 std::move(mandates), config);
  }
  return parts;
}

}  // namespace luukku::app
