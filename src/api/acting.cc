#include "api/acting.h"

#include "core/text.h"

namespace luukku::api {

core::Actor actorOf(const identity::Principal& p) {
  core::Actor a;
  a.kind = p.kind == identity::Principal::Kind::kSession ? core::Actor::Kind::kUser
                                                         : core::Actor::Kind::kToken;
  a.id = p.id;
  a.name = p.name;
  return a;
}

bool mayActForOthers(const identity::Principal& p) {
  return p.roles.has(identity::Role::kSupervisor) || p.roles.has(identity::Role::kAdmin);
}

Result<Acting> actingAs(const identity::Principal& p, std::string_view named) {
  Acting acting{std::string(named.empty() ? std::string_view(p.agent_id) : named), actorOf(p)};
  if (acting.agent_id.empty()) {
    return invalidArgument(
        "agent: this account is not linked to an agent, so name the agent acted for (an "
        "administrator links accounts to agents)");
  }
  if (acting.agent_id == p.agent_id) return acting;
  if (!mayActForOthers(p)) {
    return Status(ErrorCode::kPermissionDenied,
                  p.agent_id.empty() ? "this account is not linked to an agent, so it acts for none"
                                     : "an agent acts only as themselves ('" + p.agent_id +
                                           "'), not as '" + printable(acting.agent_id) + "'");
  }
  acting.actor.on_behalf_of = acting.agent_id;
  return acting;
}

}  // namespace luukku::api
