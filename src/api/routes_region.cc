#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/acting.h"
#include "api/audit.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/region_json.h"
#include "core/text.h"
#include "engine/engine.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// What differs between the service-line and agent endpoints.
template <typename Entity, typename Command>
struct EntityKind {
  const char* kind;        // "service_line", in the audit log
  const char* noun;        // "service line"
  const char* collection;  // "/api/v1/service-lines"
  Result<Entity> (*decode)(const json::value&, const std::string&);
  const std::map<std::string, Entity, std::less<>>& (*all)(const core::RegionState&);
  const std::string& (*list_json)(const engine::RegionSnapshot&);
  Entity Command::*field;
};

HttpResponse entityResponse(int status, const auto& entity) {
  return jsonResponse(status, json::serialize(codec::encode(entity)));
}

// Decodes the body for a create or replace; on replace the path names the id.
template <typename Entity, typename Command>
Result<Command> commandFromBody(const EntityKind<Entity, Command>& kind, const HttpRequest& req,
                                std::string_view path_id, core::WriteMode mode) {
  ASSIGN_OR_RETURN(json::value body, jsonBody(req));
  if (auto* object = body.if_object(); object && !path_id.empty()) {
    if (const auto* id = object->if_contains("id"); !id) {
      (*object)["id"] = path_id;
    } else if (!id->is_string() || id->get_string() != path_id) {
      return invalidArgument("the id in the body differs from the id in the path");
    }
  }
  ASSIGN_OR_RETURN(Entity entity, kind.decode(body, ""));
  Command command;
  command.*kind.field = std::move(entity);
  command.mode = mode;
  command.expected_version = expectedVersion(body);
  return command;
}

template <typename Entity, typename Command>
void addEntityRoutes(Router& router, Services& s, const EntityKind<Entity, Command>& kind,
                     const std::string& op_suffix, const std::string& op_plural,
                     const Access& read) {
  std::string collection = kind.collection;
  std::string item = collection + "/{id}";

  const Access write = Access::anyOf({Role::kAdmin});
  router.add({"GET", collection, "list" + op_plural, read,
              [&s, kind](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
                co_return jsonResponse(200, kind.list_json(*s.engine.region()));
              }});

  router.add({"GET", item, "get" + op_suffix, read,
              [&s, kind](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto snapshot = s.engine.region();
                const auto& all = kind.all(snapshot->state);
                auto it = all.find(ctx.param("id"));
                if (it == all.end()) {
                  co_return errorResponse(notFound(std::string(kind.noun) + " '" +
                                                   printable(ctx.param("id")) +
                                                   "' does not exist"));
                }
                co_return entityResponse(200, it->second);
              }});

  router.add({"POST", collection, "create" + op_suffix, write,
              [&s, kind](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto command = commandFromBody(kind, ctx.request, "", core::WriteMode::kCreate);
                if (!command) co_return errorResponse(command.status());
                command->actor = actorOf(*ctx.principal);
                auto created = co_await s.engine.execute(std::move(*command), asio::use_awaitable);
                if (!created) co_return errorResponse(created.status());
                std::string after = json::serialize(codec::encode(*created));
                co_await auditChange(s, ctx, std::string(kind.kind) + ".created", kind.kind,
                                     created->id, "", std::move(after));
                co_return entityResponse(201, *created)
                    .withHeader("Location", std::string(kind.collection) + "/" + created->id);
              }});

  router.add({"PUT", item, "replace" + op_suffix, write,
              [&s, kind](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto command =
                    commandFromBody(kind, ctx.request, ctx.param("id"), core::WriteMode::kReplace);
                if (!command) co_return errorResponse(command.status());
                command->actor = actorOf(*ctx.principal);
                std::string before;
                {
                  auto snapshot = s.engine.region();
                  const auto& all = kind.all(snapshot->state);
                  if (auto it = all.find(ctx.param("id")); it != all.end()) {
                    before = json::serialize(codec::encode(it->second));
                  }
                }
                auto replaced = co_await s.engine.execute(std::move(*command), asio::use_awaitable);
                if (!replaced) co_return errorResponse(replaced.status());
                std::string after = json::serialize(codec::encode(*replaced));
                if (after != before) {
                  co_await auditChange(s, ctx, std::string(kind.kind) + ".replaced", kind.kind,
                                       replaced->id, std::move(before), std::move(after));
                }
                co_return entityResponse(200, *replaced);
              }});
}

const EntityKind<core::ServiceLine, engine::DefineServiceLine> kServiceLines{
    "service_line", "service line", "/api/v1/service-lines", codec::decodeServiceLine,
    [](const core::RegionState& r) -> const auto& {return r.lines();
}  // namespace
, [](const engine::RegionSnapshot& s) -> const std::string& { return s.service_lines_json; },
    &engine::DefineServiceLine::line
};  // namespace luukku::api

const EntityKind<core::Agent, engine::DefineAgent> kAgents{
    "agent", "agent", "/api/v1/agents", codec::decodeAgent,
    [](const core::RegionState& r) -> const auto& {return r.agents();
}
, [](const engine::RegionSnapshot& s) -> const std::string& { return s.agents_json; },
    &engine::DefineAgent::agent
}
;

json::value summaryJson(const engine::ImportRegion::Summary& s) {
  return json::object{{"created", s.created}, {"changed", s.changed}, {"unchanged", s.unchanged}};
}

}  // namespace

void addRegionRoutes(Router& router, Services& s) {
  // Service lines are what the public is told anyway (names, numbers, opening hours); who
  // works where is for staff.
  addEntityRoutes(router, s, kServiceLines, "ServiceLine", "ServiceLines", Access::publicRoute());
  addEntityRoutes(router, s, kAgents, "Agent", "Agents",
                  Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin}));

  router.add({"GET", "/api/v1/region", "getRegion",
              Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin}),
              [&s](RequestContext&) -> asio::awaitable<HttpResponse> {
                co_return jsonResponse(
                    200, json::serialize(codec::encode(s.engine.region()->state.settings())));
              }});

  router.add({"PUT", "/api/v1/region", "replaceRegion", Access::anyOf({Role::kAdmin}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto body = jsonBody(ctx.request);
                if (!body) co_return errorResponse(body.status());
                auto settings = codec::decodeRegionSettings(*body);
                if (!settings) co_return errorResponse(settings.status());
                // Named, not a temporary: GCC 12 mishandles temporaries with destructors in
                // co_await expressions (they are destroyed twice).
                std::string before =
                    json::serialize(codec::encode(s.engine.region()->state.settings()));
                engine::ChangeRegionSettings command{std::move(*settings), expectedVersion(*body),
                                                     actorOf(*ctx.principal)};
                auto changed = co_await s.engine.execute(std::move(command), asio::use_awaitable);
                if (!changed) co_return errorResponse(changed.status());
                std::string after = json::serialize(codec::encode(*changed));
                if (after != before) {
                  co_await auditChange(s, ctx, "region.changed", "region", "region",
                                       std::move(before), std::move(after));
                }
                co_return jsonResponse(200, json::serialize(codec::encode(*changed)));
              }});

  router.add({"POST", "/api/v1/region/import", "importRegion", Access::anyOf({Role::kAdmin}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto body = jsonBody(ctx.request);
                if (!body) co_return errorResponse(body.status());
                auto config = codec::decodeRegionConfig(*body);
                if (!config) co_return errorResponse(config.status());
                engine::ImportRegion command{std::move(config->settings), std::move(config->lines),
                                             std::move(config->agents), actorOf(*ctx.principal)};
                auto summary = co_await s.engine.execute(std::move(command), asio::use_awaitable);
                if (!summary) co_return errorResponse(summary.status());
                if (summary->created + summary->changed > 0) {
                  // The file is the "after"; the events in the log hold every detail.
                  std::string after = ctx.request.body.size() <= 256 * 1024 ? ctx.request.body : "";
                  co_await auditChange(s, ctx, "region.imported", "region", "region", "",
                                       std::move(after));
                }
                co_return jsonResponse(200, json::serialize(summaryJson(*summary)));
              }});
}

}  // namespace luukku::api
