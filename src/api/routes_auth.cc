// Sign-in, sign-out and the caller's own session: /api/v1/auth/...
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/authorize.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/json_reader.h"
#include "concurrency/blocking_pool.h"
#include "core/text.h"
#include "identity/identity.h"
#include "identity/identity_json.h"
#include "identity/oidc_client.h"
#include "ports/telephony_port.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kOidcCookie = "luukku_oidc";

}  // namespace

// The body of a session: who, with which roles, until when, and the CSRF token to send with
// every state-changing request.
std::string sessionJson(const identity::Principal& p) {
  json::object o{{"user_id", p.id},
                 {"username", p.name},
                 {"roles", identity::rolesJson(p.roles)},
                 {"agent", p.agent_id.empty() ? json::value(nullptr) : json::value(p.agent_id)}};
  if (p.kind == identity::Principal::Kind::kSession) {
    o["kind"] = "session";
    o["csrf_token"] = p.csrf_token;
    o["expires_at"] = formatTimestamp(p.expires_at);
  } else {
    o["kind"] = "token";
  }
  return json::serialize(o);
}

// A response that starts a session: the cookie, and the session's body.
HttpResponse startedSession(const identity::NewSession& session, const Services& s) {
  auto lifetime = s.identity.options().session_lifetime;
  HttpResponse r = jsonResponse(200, sessionJson(session.principal));
  r.headers.emplace_back("Set-Cookie",
                         sessionCookie(session.cookie_value, lifetime.count(), s.tls));
  return r;
}

void addAuthRoutes(Router& router, Services& s) {
  router.add(
      {"POST", "/api/v1/auth/login", "login", Access::signIn(),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto body = jsonBody(ctx.request);
         if (!body) co_return errorResponse(body.status());
         std::string username, password;
         codec::ObjectReader r(*body, "");
         r.required("username", username);
         r.required("password", password);
         if (Status st = r.finish(); !st) co_return errorResponse(st);
         std::string remote = ctx.request.remote_address;
         auto attempt = [&s, username, password, remote] {
           return s.identity.login(username, password, remote);
         };
         identity::LoginResult result =
             co_await s.blocking.run(std::move(attempt), asio::use_awaitable);
         if (result.retry_after.count() > 0) {
           HttpResponse busy = errorResponse(429, "too_many_requests", result.status.message());
           busy.headers.emplace_back("Retry-After", std::to_string(result.retry_after.count()));
           co_return busy;
         }
         if (!result.session) co_return refusal(result.status);
         co_return startedSession(*result.session, s);
       }});

  router.add({"POST", "/api/v1/auth/logout", "logout", Access::signedIn(),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                identity::Principal who = *ctx.principal;
                auto end = [&s, who] { return s.identity.logout(who); };
                Status st = co_await s.blocking.run(std::move(end), asio::use_awaitable);
                if (!st) co_return errorResponse(st);
                // The session's browser phone registers no more (and stops ringing).
                if (s.telephony && who.kind == identity::Principal::Kind::kSession) {
                  s.phone_sessions->ended(who.session_hash, *s.telephony);
                }
                HttpResponse r;
                r.status = 204;
                r.content_type = "application/json";
                r.headers.emplace_back("Set-Cookie", clearedSessionCookie(s.tls));
                co_return r;
              }});

  // Single sign-on: to the provider and back (identity/oidc_client.h).
  router.add(
      {"GET", "/api/v1/auth/oidc/login", "startSingleSignOn", Access::signIn(),
       [&s](RequestContext&) -> asio::awaitable<HttpResponse> {
         if (!s.oidc) co_return errorResponse(404, "not_found", "single sign-on is not configured");
         auto discover = [&s] { return s.oidc->discover(); };
         Status found = co_await s.blocking.run(std::move(discover), asio::use_awaitable);
         if (!found) {
           spdlog::error("single sign-on is unavailable: {}", found.message());
           co_return errorResponse(503, "unavailable",
                                   "the identity provider cannot be reached; try again later");
         }
         identity::OidcStart start = s.oidc->start();
         HttpResponse r;
         r.status = 302;
         r.content_type = "text/plain; charset=utf-8";
         r.headers.emplace_back("Location", start.authorization_url);
         // Lax, not Strict: it must come back with the provider's redirect.
         std::string cookie = std::string(kOidcCookie) + "=" + start.state +
                              "; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600";
         if (s.tls) cookie += "; Secure";
         r.headers.emplace_back("Set-Cookie", std::move(cookie));
         co_return r;
       }});

  router.add(
      {"GET", "/api/v1/auth/oidc/callback", "finishSingleSignOn", Access::signIn(),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (!s.oidc) co_return errorResponse(404, "not_found", "single sign-on is not configured");
         if (auto error = ctx.request.queryParam("error")) {
           spdlog::warn("single sign-on refused by the provider: {}",
                        printable(error->substr(0, 64)));
           co_return errorResponse(401, "unauthenticated",
                                   "the identity provider did not sign you in (" +
                                       printable(error->substr(0, 64)) + ")");
         }
         std::string code(ctx.request.queryParam("code").value_or(""));
         std::string state(ctx.request.queryParam("state").value_or(""));
         std::string cookie(cookieValue(ctx.request, kOidcCookie));
         std::string remote = ctx.request.remote_address;
         auto complete = [&s, code, state, cookie, remote]() -> Result<identity::NewSession> {
           ASSIGN_OR_RETURN(identity::SsoIdentity who, s.oidc->finish(code, state, cookie));
           return s.identity.startSsoSession(who, remote);
         };
         auto session = co_await s.blocking.run(std::move(complete), asio::use_awaitable);
         if (!session) {
           spdlog::warn("single sign-on from {} refused: {}", remote, session.status().message());
           co_return refusal(session.status());
         }
         HttpResponse r;
         std::string cleared = std::string(kOidcCookie) +
                               "=; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0";
         r.headers.emplace_back("Set-Cookie", std::move(cleared));
         HttpResponse started = startedSession(*session, s);
         r.body = std::move(started.body);
         for (auto& h : started.headers) r.headers.push_back(std::move(h));
         r.status = 303;
         r.headers.emplace_back("Location", "/");
         co_return r;
       }});

  router.add({"GET", "/api/v1/auth/session", "getSession", Access::signedIn(),
              [](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                co_return jsonResponse(200, sessionJson(*ctx.principal));
              }});
}

}  // namespace luukku::api
