#include "api/audit.h"

#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>

#include "concurrency/blocking_pool.h"
#include "identity/identity.h"

namespace luukku::api {
namespace asio = boost::asio;

asio::awaitable<void> auditChange(Services& s, const RequestContext& ctx, std::string action,
                                  std::string target_kind, std::string target_id,
                                  std::string before, std::string after) {
  identity::Actor actor = ctx.principal ? identity::Actor::of(*ctx.principal)
                                        : identity::Actor{"anonymous", "anonymous"};
  auto write = [&s, actor, action, target_kind, target_id, before = std::move(before),
                after = std::move(after)] {
    return s.identity.audit(actor, action, target_kind, target_id, before, after);
  };
  Status st = co_await s.blocking.run(std::move(write), asio::use_awaitable);
  if (!st) spdlog::error("the audit log could not record {} of {} {}: {}", action, target_kind,
                         target_id, st.message());
}

}  // namespace luukku::api
