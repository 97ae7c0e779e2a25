#include "api/access_logging.h"

#include <boost/asio/use_awaitable.hpp>

#include "identity/identity.h"

namespace luukku::api {
namespace asio = boost::asio;

namespace {

std::string routeLabel(const RequestContext& ctx) {
  return ctx.route ? ctx.route->method + " " + ctx.route->path : ctx.request.method + " (unrouted)";
}

}  // namespace

asio::awaitable<Status> recordAccess(Services& s, const RequestContext& ctx,
                                     identity::AccessEntry entry) {
  if (!ctx.principal) {
    co_return internalError("personal data on a public route: refusing to send it");
  }
  std::string route = routeLabel(ctx);
  co_return co_await s.access_log.record(*ctx.principal, std::move(route), std::move(entry),
                                         asio::use_awaitable);
}

asio::awaitable<Status> recordAccesses(Services& s, const RequestContext& ctx,
                                       std::vector<identity::AccessEntry> entries) {
  if (!ctx.principal) {
    co_return internalError("personal data on a public route: refusing to send it");
  }
  std::string route = routeLabel(ctx);
  co_return co_await s.access_log.recordMany(*ctx.principal, std::move(route), std::move(entries),
                                             asio::use_awaitable);
}

}  // namespace luukku::api
