#include "api/access_logging.h"

#include <boost/asio/use_awaitable.hpp>

#include "engine/event_json.h"
#include "identity/identity.h"

namespace luukku::api {
namespace asio = boost::asio;

namespace {

std::string routeLabel(const RequestContext& ctx) {
  return ctx.route ? ctx.route->method + " " + ctx.route->path : ctx.request.method + " (unrouted)";
}

}  // namespace

std::vector<identity::AccessEntry> eventFeedAccesses(
    const std::vector<store::StoredEvent>& events) {
  std::vector<identity::AccessEntry> out;
  for (const auto& e : events) {
    for (auto& citizen : engine::citizensIn(e)) {
      out.push_back({std::move(citizen), "event", std::to_string(e.global_seq), "event feed"});
    }
  }
  return out;
}

std::vector<identity::AccessEntry> eventFeedAccesses(const engine::FeedEvent& event) {
  std::vector<identity::AccessEntry> out;
  for (const auto& citizen : event.citizens) {
    out.push_back({citizen, "event", std::to_string(event.seq), "event feed"});
  }
  return out;
}

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
