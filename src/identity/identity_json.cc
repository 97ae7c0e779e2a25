#include "identity/identity_json.h"

#include <boost/json.hpp>

namespace luukku::identity {
namespace json = boost::json;

json::array rolesJson(RoleSet roles) {
  json::array a;
  for (Role r : roles.list()) a.emplace_back(roleName(r));
  return a;
}

std::string userJson(const User& u) {
  json::object o{{"id", u.id},
                 {"username", u.username},
                 {"display_name", u.display_name},
                 {"roles", rolesJson(u.roles)},
                 {"disabled", u.disabled},
                 {"password", u.has_password},
                 {"sso", !u.external_id.empty()},
                 {"agent", u.agent_id.empty() ? json::value(nullptr) : json::value(u.agent_id)},
                 {"created_at", formatTimestamp(u.created_at)},
                 {"updated_at", formatTimestamp(u.updated_at)},
                 {"version", u.version}};
  return json::serialize(o);
}

std::string tokenJson(const store::TokenRecord& t) {
  json::array roles;
  if (auto set = RoleSet::parse(t.roles)) roles = rolesJson(*set);
  json::object o{{"id", t.id},
                 {"name", t.name},
                 {"roles", std::move(roles)},
                 {"created_by", t.created_by},
                 {"created_at", formatTimestamp(t.created_at)}};
  o["expires_at"] = t.expires_at ? json::value(formatTimestamp(*t.expires_at)) : json::value();
  o["revoked_at"] = t.revoked_at ? json::value(formatTimestamp(*t.revoked_at)) : json::value();
  return json::serialize(o);
}

}  // namespace luukku::identity
