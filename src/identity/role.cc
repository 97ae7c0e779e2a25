#include "identity/role.h"

namespace luukku::identity {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::kAgent: return "agent";
    case Role::kSupervisor: return "supervisor";
    case Role::kAdmin: return "admin";
    case Role::kRegistrar: return "registrar";
  }
  return "agent";
}

std::optional<Role> parseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (roleName(r) == name) return r;
  }
  return std::nullopt;
}

std::vector<Role> RoleSet::list() const {
  std::vector<Role> out;
  for (Role r : kAllRoles) {
    if (has(r)) out.push_back(r);
  }
  return out;
}

std::string RoleSet::toString() const {
  std::string out;
  for (Role r : list()) {
    if (!out.empty()) out += ',';
    out += roleName(r);
  }
  return out;
}

Result<RoleSet> RoleSet::parse(std::string_view text) {
  RoleSet set;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      auto role = parseRole(name);
      if (!role) {
        return invalidArgument("unknown role '" + std::string(name.substr(0, 32)) +
                               "'; roles are agent, supervisor, admin and registrar");
      }
      set.add(*role);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return set;
}

}  // namespace luukku::identity
