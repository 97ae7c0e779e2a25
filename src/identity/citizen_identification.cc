#include "identity/citizen_identification.h"

#include <boost/json.hpp>

#include "core/identity_code.h"

namespace luukku::identity {
namespace json = boost::json;

namespace {

std::string textClaim(const json::value& claims, std::string_view name) {
  const auto* v = claims.as_object().if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

CitizenIdentification::CitizenIdentification(CitizenIdentificationConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock), client_(config_.oidc, clock) {}

Status CitizenIdentification::discover() {
  return client_.discover();
}

OidcStart CitizenIdentification::start(IdentificationPurpose purpose) {
  OidcStart started = client_.start();
  Timestamp now = clock_.now();
  std::lock_guard lock(mu_);
  // The client forgets a flow after pending_lifetime; so does this, on each new start.
  std::erase_if(pending_, [&](const auto& entry) {
    return now - entry.second.started >= config_.oidc.pending_lifetime;
  });
  pending_[started.state] = {std::move(purpose), now};
  return started;
}

Result<Identification> CitizenIdentification::finish(std::string_view code, std::string_view state,
                                                     std::string_view cookie_state) {
  IdentificationPurpose purpose;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(state);
    if (it == pending_.end()) {
      return invalidArgument("this identification is unknown or was already used; start again");
    }
    purpose = std::move(it->second.purpose);
    pending_.erase(it);
  }
  ASSIGN_OR_RETURN(json::value claims, client_.finishClaims(code, state, cookie_state));
  ASSIGN_OR_RETURN(IdentifiedPerson person, personFrom(claims));
  return Identification{std::move(purpose), std::move(person)};
}

Result<IdentifiedPerson> CitizenIdentification::personFrom(const json::value& claims) const {
  std::string given = textClaim(claims, config_.identity_code_claim);
  if (given.empty()) {
    return invalidArgument("the identification carries no personal identity code (claim '" +
                           config_.identity_code_claim + "')");
  }
  auto code = core::parseIdentityCode(given);
  if (!code) {
    return invalidArgument("the identification's personal identity code is not valid");
  }
  IdentifiedPerson person;
  person.identity_code = std::move(*code);
  person.name = textClaim(claims, "name");
  if (person.name.empty()) {
    std::string given_name = textClaim(claims, "given_name");
    std::string family_name = textClaim(claims, "family_name");
    person.name = given_name.empty() || family_name.empty() ? given_name + family_name
                                                            : given_name + " " + family_name;
  }
  person.issuer = config_.oidc.issuer;
  return person;
}

}  // namespace luukku::identity
