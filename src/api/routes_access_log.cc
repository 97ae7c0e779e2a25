// The registrar's view of the access log: every staff read of one citizen's data over a
// period, as JSON or CSV (client data act 703/2023 § 11). The citizen's identifier travels in
// the body, never in the URL, so it stays out of proxies' and servers' request logs.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/access_logging.h"
#include "api/csv.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/json_reader.h"
#include "concurrency/blocking_pool.h"
#include "identity/access_log.h"
#include "identity/identity.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxRows = 100'000;

struct Query {
  std::string citizen;
  Timestamp from{};
  Timestamp to{};
  bool csv = false;
};

Result<Query> queryFrom(const HttpRequest& request) {
  ASSIGN_OR_RETURN(json::value body, jsonBody(request));
  Query q;
  std::string from, to, format = "json";
  codec::ObjectReader r(body, "");
  r.required("citizen", q.citizen);
  r.required("from", from);
  r.required("to", to);
  r.optional("format", format);
  RETURN_IF_ERROR(r.finish());
  auto f = parseTimestamp(from);
  if (!f) return invalidArgument("from: " + f.status().message());
  auto t = parseTimestamp(to);
  if (!t) return invalidArgument("to: " + t.status().message());
  if (*t <= *f) return invalidArgument("the period is empty: 'to' must be after 'from'");
  if (format != "json" && format != "csv") return invalidArgument("format must be json or csv");
  q.from = *f;
  q.to = *t;
  q.csv = format == "csv";
  return q;
}

std::string renderCsv(const std::vector<store::AccessRecord>& rows) {
  std::string out = "time,actor_id,actor_name,actor_roles,record_kind,record_id,purpose,route\r\n";
  for (const auto& a : rows) {
    const std::string at = formatTimestamp(a.at);  // outlives the list below
    for (std::string_view field :
         {std::string_view(at), std::string_view(a.actor_id), std::string_view(a.actor_name),
          std::string_view(a.actor_roles), std::string_view(a.record_kind),
          std::string_view(a.record_id), std::string_view(a.purpose)}) {
      out += csvField(field);
      out += ',';
    }
    out += csvField(a.route);
    out += "\r\n";
  }
  return out;
}

std::string renderJson(const Query& q, const std::vector<store::AccessRecord>& rows) {
  json::array items;
  for (const auto& a : rows) {
    json::array roles;
    if (auto set = identity::RoleSet::parse(a.actor_roles)) {
      for (Role r : set->list()) roles.emplace_back(roleName(r));
    }
    items.push_back(json::object{
        {"at", formatTimestamp(a.at)},
        {"actor",
         json::object{{"id", a.actor_id}, {"name", a.actor_name}, {"roles", std::move(roles)}}},
        {"record", json::object{{"kind", a.record_kind}, {"id", a.record_id}}},
        {"purpose", a.purpose},
        {"route", a.route}});
  }
  return json::serialize(json::object{{"from", formatTimestamp(q.from)},
                                      {"to", formatTimestamp(q.to)},
                                      {"truncated", rows.size() >= kMaxRows},
                                      {"items", std::move(items)}});
}

}  // namespace

void addAccessLogRoutes(Router& router, Services& s) {
  router.add(
      {"POST", "/api/v1/access-log/query", "queryAccessLog", Access::anyOf({Role::kRegistrar}),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto query = queryFrom(ctx.request);
         if (!query) co_return errorResponse(query.status());
         auto find = [&s, q = *query] {
           return s.access_log.find(q.citizen, q.from, q.to, kMaxRows);
         };
         auto rows = co_await s.blocking.run(std::move(find), asio::use_awaitable);
         if (!rows) co_return errorResponse(rows.status());
         // Looking up who saw a citizen's data is itself a look at their data.
         identity::AccessEntry self{query->citizen, "access_log", "query",
                                    "registrar: the citizen's request for the access log"};
         Status logged = co_await recordAccess(s, ctx, std::move(self));
         if (!logged) co_return errorResponse(logged);
         if (query->csv) {
           HttpResponse r;
           r.content_type = "text/csv; charset=utf-8";
           r.body = renderCsv(*rows);
           r.headers.emplace_back("Content-Disposition", "attachment; filename=\"access-log.csv\"");
           co_return r;
         }
         co_return jsonResponse(200, renderJson(*query, *rows));
       }});
}

}  // namespace luukku::api
