// The audit log of admin changes, from route handlers: who changed what, with the thing as
// it was and as it became. Users, roles and tokens are audited by identity::Identity in the
// same transaction as the change; configuration changes (service lines, agents, region)
// are audited here, right after the engine made them durable.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "api/router.h"
#include "api/services.h"

namespace luukku::api {

// Writes one audit row for the caller of `ctx`. `before` and `after` are JSON ("" for none).
// A failure to write is logged as an error; the change itself already happened.
boost::asio::awaitable<void> auditChange(Services& services, const RequestContext& ctx,
                                         std::string action, std::string target_kind,
                                         std::string target_id, std::string before,
                                         std::string after);

}  // namespace luukku::api
