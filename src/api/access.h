// Who may call a route: declared beside each route in routes_*.cc and checked in one place,
// before any handler runs, so no endpoint can forget its authorization.
//
// Thread-safety: plain values.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

namespace luukku::api {

// Staff roles. A user may hold several.
enum class Role {
  kAgent,       // professionals answering lines, callbacks, chats and video visits
  kSupervisor,  // live queue views and reports
  kAdmin,       // configuration, users and roles
  kRegistrar,   // answers citizens' requests for the access log
};

std::string_view roleName(Role role);  // "agent", "supervisor", "admin", "registrar"

struct Access {
  bool is_public = false;   // anyone, signed in or not
  std::vector<Role> roles;  // otherwise: a signed-in user holding any of these

  static Access publicRoute() { return {true, {}}; }
  static Access anyOf(std::initializer_list<Role> roles) { return {false, roles}; }
};

}  // namespace luukku::api
