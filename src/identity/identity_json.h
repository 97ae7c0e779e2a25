// The JSON forms of staff accounts and API tokens, for the API's bodies and the audit log's
// before/after values: one encoder each, so both always show the same fields.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/array.hpp>
#include <string>

#include "identity/identity.h"
#include "identity/role.h"
#include "store/identity_store.h"

namespace luukku::identity {

// Role names in the set's order: ["agent", "supervisor"].
boost::json::array rolesJson(RoleSet roles);
// A user without secrets: "password" and "sso" say only whether each is set.
std::string userJson(const User& user);
// A token without its secret or hash; unknown role names in the record are left out.
std::string tokenJson(const store::TokenRecord& token);

}  // namespace luukku::identity
