// Who may call a route: declared beside each route in routes_*.cc and checked in one place,
// before any handler runs (api/authorize.h, called by the HTTP server), so no endpoint can
// forget its authorization.
//
// Thread-safety: plain values.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "identity/role.h"

namespace luukku::api {

// Staff roles (identity/role.h). A user may hold several.
using identity::Role;
using identity::roleName;

struct Access {
  bool is_public = false;   // anyone, signed in or not
  std::vector<Role> roles;  // otherwise: a signed-in user or token holding any of these
  // A public route normally refuses a request whose credentials are invalid or revoked (401),
  // so a client learns that its credential is bad. Sign-in routes ignore them instead: a
  // browser's expired session cookie must not stop its owner from signing in again.
  bool ignores_credentials = false;

  static Access publicRoute() { return {true, {}, false}; }
  static Access signIn() { return {true, {}, true}; }
  static Access anyOf(std::initializer_list<Role> roles) { return {false, roles, false}; }
  // Any signed-in staff member, whatever their role (their own session, for example).
  static Access signedIn() {
    return {false, {Role::kAgent, Role::kSupervisor, Role::kAdmin, Role::kRegistrar}, false};
  }
};

}  // namespace luukku::api
