#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/access_logging.h"
#include "api/openapi.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "engine/engine.h"
#include "engine/event_json.h"
#include "engine/store_reader.h"
#include "metrics/metrics.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

void addSystemRoutes(Router& router, Services& s) {
  router.add({"GET", "/healthz", "getHealth", Access::publicRoute(),
              [&s](RequestContext&) -> asio::awaitable<HttpResponse> {
                bool ok = s.engine.healthy();
                json::object body{{"status", ok ? "ok" : "failing"},
                                  {"durable_seq", s.engine.durableSeq()}};
                co_return jsonResponse(ok ? 200 : 503, json::serialize(body));
              }});

  router.add({"GET", "/metrics", "getMetrics", Access::anyOf({Role::kAdmin, Role::kSupervisor}),
              [&s](RequestContext&) -> asio::awaitable<HttpResponse> {
                HttpResponse r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = s.metrics.render();
                co_return r;
              }});

  router.add({"GET", "/api/v1/openapi.json", "getOpenApi", Access::publicRoute(),
              [](RequestContext&) -> asio::awaitable<HttpResponse> {
                co_return jsonResponse(200, std::string(openApiDocument()));
              }});

  // Over plain HTTP: one page of history. With an Upgrade header the server hands the
  // connection to the live WebSocket feed instead (see event_stream.h). Without
  // personal=true the events leave out personal data; with it, every citizen the page names
  // is written to the access log before the page is sent.
  router.add({"GET", "/api/v1/events", "listEvents",
              Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {"after", "limit", "personal"}); !st) {
                  co_return errorResponse(st);
                }
                auto personal = boolQueryParam(ctx.request, "personal", false);
                if (!personal) co_return errorResponse(personal.status());
                auto after = intQueryParam(ctx.request, "after", 0, 0, INT64_MAX);
                if (!after) co_return errorResponse(after.status());
                auto limit = intQueryParam(ctx.request, "limit", 100, 1, 1000);
                if (!limit) co_return errorResponse(limit.status());
                auto events = co_await s.reader.readAll(*after, static_cast<std::size_t>(*limit),
                                                        asio::use_awaitable);
                if (!events) co_return errorResponse(events.status());
                if (*personal) {
                  std::vector<identity::AccessEntry> accesses = eventFeedAccesses(*events);
                  if (!accesses.empty()) {
                    Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
                    if (!logged) co_return errorResponse(logged);
                  }
                }
                std::string body = R"({"items":[)";
                std::int64_t next = *after;
                for (std::size_t i = 0; i < events->size(); ++i) {
                  if (i) body += ',';
                  body += *personal ? engine::renderEventJson((*events)[i])
                                    : engine::renderEventJsonWithoutPersonalData((*events)[i]);
                  next = (*events)[i].global_seq;
                }
                body += R"(],"next_after":)" + std::to_string(next) + "}";
                co_return jsonResponse(200, std::move(body));
              }});
}

Router buildRouter(Services& services) {
  Router router;
  addSystemRoutes(router, services);
  addAuthRoutes(router, services);
  addAuthMethodRoutes(router, services);
  addUserRoutes(router, services);
  addAccessLogRoutes(router, services);
  addRegionRoutes(router, services);
  addTelephonyRoutes(router, services);
  addCallRoutes(router, services);
  addPhoneRoutes(router, services);
  addRoutingRoutes(router, services);
  addContactCardRoutes(router, services);
  addReportRoutes(router, services);
  addChatRoutes(router, services);
  addChatIdentificationRoutes(router, services);
  addChatOnBehalfRoutes(router, services);
  addClickbotRoutes(router, services);
  return router;
}

}  // namespace luukku::api
