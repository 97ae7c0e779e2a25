// Staff roles and sets of them. A user or an API token holds one or more roles; a route
// names the roles that may call it (api/access.h).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::identity {

enum class Role : std::uint8_t {
  kAgent,       // professionals answering lines, callbacks, chats and video visits
  kSupervisor,  // live queue views and reports
  kAdmin,       // configuration, users and roles
  kRegistrar,   // answers citizens' requests for the access log
};

inline constexpr Role kAllRoles[] = {Role::kAgent, Role::kSupervisor, Role::kAdmin,
                                     Role::kRegistrar};

std::string_view roleName(Role role);  // "agent", "supervisor", "admin", "registrar"
std::optional<Role> parseRole(std::string_view name);

// A small set of roles, stored as bits.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) add(r);
  }
  static RoleSet all() { return {Role::kAgent, Role::kSupervisor, Role::kAdmin, Role::kRegistrar}; }

  void add(Role r) { bits_ |= bit(r); }
  bool has(Role r) const { return (bits_ & bit(r)) != 0; }
  bool empty() const { return bits_ == 0; }
  bool intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  std::vector<Role> list() const;
  friend bool operator==(RoleSet, RoleSet) = default;

  // "agent,supervisor" (the stored form), in the order of kAllRoles.
  std::string toString() const;
  // Parses the stored form or a list of names separated by commas; fails naming an
  // unknown role.
  static Result<RoleSet> parse(std::string_view text);

 private:
  static constexpr std::uint8_t bit(Role r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }
  std::uint8_t bits_ = 0;
};

}  // namespace luukku::identity
