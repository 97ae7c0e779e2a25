// Administration of staff accounts and API tokens, and the audit log: /api/v1/users,
// /api/v1/tokens, /api/v1/audit-log. All admin-only; every change writes an audit row.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/request_body.h"
#include "api/routes.h"
#include "codec/json_reader.h"
#include "concurrency/blocking_pool.h"
#include "core/text.h"
#include "engine/engine.h"
#include "identity/identity.h"
#include "identity/identity_json.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

const Access kAdmin = Access::anyOf({Role::kAdmin});

Result<identity::RoleSet> rolesField(codec::ObjectReader& r, bool required) {
  std::vector<std::string> names;
  if (required) {
    r.required("roles", names);
  } else {
    r.optional("roles", names);
  }
  identity::RoleSet roles;
  for (const auto& n : names) {
    auto role = identity::parseRole(n);
    if (!role) return invalidArgument("roles: unknown role '" + printable(n) + "'");
    roles.add(*role);
  }
  return roles;
}

// The "agent" field: the routing agent to link the account to, or null to unlink it. The
// agent must exist in the region's configuration. Absent: nullopt.
Result<std::optional<std::string>> agentField(codec::ObjectReader& r, const json::value& body,
                                              const engine::Engine& engine) {
  const json::object* o = body.if_object();
  const json::value* v = o ? o->if_contains("agent") : nullptr;
  if (!v) return std::optional<std::string>();
  if (v->is_null()) {
    r.field("agent", false);  // known, so finish() does not call it unknown
    return std::optional<std::string>(std::string());
  }
  std::string agent;
  r.optional("agent", agent);
  RETURN_IF_ERROR(r.finish());
  if (!engine.region()->state.findAgent(agent)) {
    return invalidArgument("agent: '" + printable(agent) + "' is not an agent of the region");
  }
  return std::optional<std::string>(std::move(agent));
}

HttpResponse userResponse(int status, const identity::User& u) {
  return jsonResponse(status, identity::userJson(u));
}

Result<identity::NewUser> newUserFrom(const HttpRequest& request, const engine::Engine& engine) {
  ASSIGN_OR_RETURN(json::value body, jsonBody(request));
  identity::NewUser u;
  std::string password;
  codec::ObjectReader r(body, "");
  r.required("username", u.username);
  r.required("display_name", u.display_name);
  bool has_password = body.is_object() && body.as_object().contains("password");
  r.optional("password", password);
  ASSIGN_OR_RETURN(u.roles, rolesField(r, true));
  ASSIGN_OR_RETURN(auto agent, agentField(r, body, engine));
  RETURN_IF_ERROR(r.finish());
  if (has_password) u.password = std::move(password);
  if (agent) u.agent_id = std::move(*agent);
  return u;
}

Result<identity::UserChange> userChangeFrom(const HttpRequest& request,
                                            const engine::Engine& engine) {
  ASSIGN_OR_RETURN(json::value body, jsonBody(request));
  identity::UserChange c;
  codec::ObjectReader r(body, "");
  const json::object* o = body.if_object();
  auto has = [&](const char* key) { return o && o->contains(key); };
  std::string display_name;
  bool disabled = false;
  std::int64_t version = 0;
  r.optional("display_name", display_name);
  r.optional("disabled", disabled);
  r.optional("version", version);
  ASSIGN_OR_RETURN(identity::RoleSet roles, rolesField(r, false));
  ASSIGN_OR_RETURN(c.agent_id, agentField(r, body, engine));
  RETURN_IF_ERROR(r.finish());
  if (has("display_name")) c.display_name = display_name;
  if (has("disabled")) c.disabled = disabled;
  if (has("version")) c.expected_version = version;
  if (has("roles")) c.roles = roles;
  return c;
}

// A change to an account may have ended its sessions (disabled, a new password, no role left):
// their browser phones register no more, at once rather than at the next sweep.
asio::awaitable<void> endPhonesOfEndedSessions(Services& s) {
  if (!s.telephony) co_return;
  auto sweep = [&s] { return s.phone_sessions->sweep(s.identity, *s.telephony); };
  co_await s.blocking.run(std::move(sweep), asio::use_awaitable);
}

}  // namespace

void addUserRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/users", "listUsers", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
                auto list = [&s] { return s.identity.listUsers(); };
                auto users = co_await s.blocking.run(std::move(list), asio::use_awaitable);
                if (!users) co_return errorResponse(users.status());
                std::string body = R"({"items":[)";
                for (std::size_t i = 0; i < users->size(); ++i) {
                  if (i) body += ',';
                  body += identity::userJson((*users)[i]);
                }
                co_return jsonResponse(200, body + "]}");
              }});

  router.add({"POST", "/api/v1/users", "createUser", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto user = newUserFrom(ctx.request, s.engine);
                if (!user) co_return errorResponse(user.status());
                auto actor = identity::Actor::of(*ctx.principal);
                auto create = [&s, u = std::move(*user), actor] {
                  return s.identity.createUser(u, actor);
                };
                auto created = co_await s.blocking.run(std::move(create), asio::use_awaitable);
                if (!created) co_return errorResponse(created.status());
                HttpResponse r = userResponse(201, *created);
                r.headers.emplace_back("Location", "/api/v1/users/" + created->id);
                co_return r;
              }});

  router.add({"GET", "/api/v1/users/{id}", "getUser", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                std::string id(ctx.param("id"));
                auto get = [&s, id] { return s.identity.getUser(id); };
                auto user = co_await s.blocking.run(std::move(get), asio::use_awaitable);
                if (!user) co_return errorResponse(user.status());
                co_return userResponse(200, *user);
              }});

  router.add({"PATCH", "/api/v1/users/{id}", "changeUser", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto change = userChangeFrom(ctx.request, s.engine);
                if (!change) co_return errorResponse(change.status());
                std::string id(ctx.param("id"));
                auto actor = identity::Actor::of(*ctx.principal);
                auto apply = [&s, id, c = std::move(*change), actor] {
                  return s.identity.changeUser(id, c, actor);
                };
                auto changed = co_await s.blocking.run(std::move(apply), asio::use_awaitable);
                if (!changed) co_return errorResponse(changed.status());
                co_await endPhonesOfEndedSessions(s);
                co_return userResponse(200, *changed);
              }});

  router.add({"PUT", "/api/v1/users/{id}/password", "setUserPassword", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto body = jsonBody(ctx.request);
                if (!body) co_return errorResponse(body.status());
                std::string password;
                codec::ObjectReader r(*body, "");
                r.required("password", password);
                if (Status st = r.finish(); !st) co_return errorResponse(st);
                std::string id(ctx.param("id"));
                auto actor = identity::Actor::of(*ctx.principal);
                auto set = [&s, id, password, actor] {
                  return s.identity.setPassword(id, password, actor);
                };
                auto user = co_await s.blocking.run(std::move(set), asio::use_awaitable);
                if (!user) co_return errorResponse(user.status());
                co_await endPhonesOfEndedSessions(s);  // a new password ends the user's sessions
                co_return userResponse(200, *user);
              }});

  router.add({"GET", "/api/v1/tokens", "listTokens", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
                auto list = [&s] { return s.identity.listTokens(); };
                auto tokens = co_await s.blocking.run(std::move(list), asio::use_awaitable);
                if (!tokens) co_return errorResponse(tokens.status());
                std::string body = R"({"items":[)";
                for (std::size_t i = 0; i < tokens->size(); ++i) {
                  if (i) body += ',';
                  body += identity::tokenJson((*tokens)[i]);
                }
                co_return jsonResponse(200, body + "]}");
              }});

  router.add({"POST", "/api/v1/tokens", "createToken", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto body = jsonBody(ctx.request);
                if (!body) co_return errorResponse(body.status());
                std::string name, expires;
                codec::ObjectReader r(*body, "");
                r.required("name", name);
                r.optional("expires_at", expires);
                auto roles = rolesField(r, true);
                if (!roles) co_return errorResponse(roles.status());
                if (Status st = r.finish(); !st) co_return errorResponse(st);
                std::optional<Timestamp> expires_at;
                if (!expires.empty()) {
                  auto t = parseTimestamp(expires);
                  if (!t)
                    co_return errorResponse(invalidArgument("expires_at: " + t.status().message()));
                  expires_at = *t;
                }
                auto actor = identity::Actor::of(*ctx.principal);
                auto create = [&s, name, roles = *roles, expires_at, actor] {
                  return s.identity.createToken(name, roles, expires_at, actor);
                };
                auto token = co_await s.blocking.run(std::move(create), asio::use_awaitable);
                if (!token) co_return errorResponse(token.status());
                json::value v = json::parse(identity::tokenJson(token->record));
                v.as_object()["token"] = token->secret;
                HttpResponse created = jsonResponse(201, json::serialize(v));
                created.headers.emplace_back("Location", "/api/v1/tokens/" + token->record.id);
                co_return created;
              }});

  router.add({"DELETE", "/api/v1/tokens/{id}", "revokeToken", kAdmin,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                std::string id(ctx.param("id"));
                auto actor = identity::Actor::of(*ctx.principal);
                auto revoke = [&s, id, actor] { return s.identity.revokeToken(id, actor); };
                Status st = co_await s.blocking.run(std::move(revoke), asio::use_awaitable);
                if (!st) co_return errorResponse(st);
                HttpResponse r;
                r.status = 204;
                co_return r;
              }});

  router.add(
      {"GET", "/api/v1/audit-log", "listAuditLog", kAdmin,
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (Status st = onlyQueryParams(ctx.request, {"after", "limit"}); !st) {
           co_return errorResponse(st);
         }
         auto after = intQueryParam(ctx.request, "after", 0, 0, INT64_MAX);
         if (!after) co_return errorResponse(after.status());
         auto limit = intQueryParam(ctx.request, "limit", 100, 1, 1000);
         if (!limit) co_return errorResponse(limit.status());
         auto list = [&s, a = *after, l = *limit] {
           return s.identity.listAudit(a, static_cast<std::size_t>(l));
         };
         auto rows = co_await s.blocking.run(std::move(list), asio::use_awaitable);
         if (!rows) co_return errorResponse(rows.status());
         json::array items;
         std::int64_t next = *after;
         for (const auto& a : *rows) {
           auto jsonOrNull = [](const std::string& text) -> json::value {
             if (text.empty()) return nullptr;
             boost::system::error_code ec;
             json::value v = json::parse(text, ec);
             return ec ? json::value(text) : v;
           };
           items.push_back(
               json::object{{"seq", a.seq},
                            {"at", formatTimestamp(a.at)},
                            {"actor", json::object{{"id", a.actor_id}, {"name", a.actor_name}}},
                            {"action", a.action},
                            {"target", json::object{{"kind", a.target_kind}, {"id", a.target_id}}},
                            {"before", jsonOrNull(a.before)},
                            {"after", jsonOrNull(a.after)}});
           next = a.seq;
         }
         co_return jsonResponse(
             200, json::serialize(json::object{{"items", std::move(items)}, {"next_after", next}}));
       }});
}

}  // namespace luukku::api
