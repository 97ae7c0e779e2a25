// Recording staff reads of citizens' personal data (the käyttöloki) from a route handler.
//
// Call recordAccess() for every record with personal data that the response will carry,
// and send the response only when it succeeded:
//
//   router.add({"GET", "/api/v1/tasks/{id}", "getTask", Access::anyOf({Role::kAgent}),
//               [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
//                 ... find the task ...
//                 identity::AccessEntry entry{"phone:" + task.number, "task", task.id,
//                                             "callback task"};
//                 Status logged = co_await recordAccess(s, ctx, std::move(entry));
//                 if (!logged) co_return errorResponse(logged);
//                 co_return jsonResponse(200, render(task));
//               }});
//
// Build the entry in a named local (GCC 12 and temporaries in co_await, see event_stream.cc).
// The row names the caller (from ctx.principal), the time, the route, the record and the
// citizen (stored as a keyed hash); it is durable when the call returns OK. See
// identity/access_log.h for the identifier forms and docs/security.md for the rules.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <vector>

#include "api/router.h"
#include "api/services.h"
#include "core/status.h"
#include "engine/subscription.h"
#include "identity/access_log.h"
#include "store/event_store.h"

namespace luukku::api {

// One record read by the caller of `ctx`. Fails (kInternal) when the route has no principal
// (a public route must not return personal data), or with the store's error.
boost::asio::awaitable<Status> recordAccess(Services& services, const RequestContext& ctx,
                                            identity::AccessEntry entry);

// The rows for events read with their personal data (the event feed with personal=true):
// one per citizen an event names, with the event's sequence as the record.
std::vector<identity::AccessEntry> eventFeedAccesses(const std::vector<store::StoredEvent>& events);
std::vector<identity::AccessEntry> eventFeedAccesses(const engine::FeedEvent& event);

// Several records read in one response (a list): one durable write for all of them.
boost::asio::awaitable<Status> recordAccesses(Services& services, const RequestContext& ctx,
                                              std::vector<identity::AccessEntry> entries);

}  // namespace luukku::api
