// Authorization: the one place that decides whether a request may reach its handler, from
// the route's Access rule and who is calling. The HTTP server calls these before every
// handler (and before the event-feed upgrade); handlers never check roles themselves.
//
//   no credentials, or invalid ones, on a non-public route -> 401 unauthenticated
//   invalid or revoked credentials on a public route
//   (except the sign-in routes, which ignore them)         -> 401 unauthenticated
//   valid credentials without one of the route's roles      -> 403 permission_denied
//   a session (cookie) on a state-changing method without
//   the session's X-CSRF-Token header                        -> 403 csrf_failed
//
// API tokens travel in "Authorization: Bearer lk_..."; they are not sent by browsers on
// their own, so they need no CSRF token. A session travels in the luukku_session cookie
// (HttpOnly, SameSite=Strict, Secure under TLS).
//
// Thread-safety: admit() is a coroutine safe on any I/O thread; the rest are pure functions.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/access.h"
#include "api/http.h"
#include "api/router.h"
#include "api/services.h"
#include "core/status.h"
#include "identity/identity.h"

namespace luukku::api {

inline constexpr std::string_view kSessionCookie = "luukku_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

// The credentials a request carries: the session cookie and the bearer token, when present.
// The views point into `request`.
identity::Credentials credentialsOf(const HttpRequest& request);

// True when the request carries any credentials at all.
bool hasCredentials(const identity::Credentials& credentials);

// The check before every handler: authenticates the request (from the cache, or on the
// blocking pool when the store must be read) unless the route is public, then applies
// authorize(). On success `principal` holds the caller (left empty on a public route);
// refusals are logged, without the credentials.
boost::asio::awaitable<Status> admit(Services& services, const Route& route,
                                     const HttpRequest& request,
                                     std::optional<identity::Principal>& principal);

// Whether `principal` may call a route with `access` by `method`; checks the role and, for
// sessions on state-changing methods, the CSRF token.
Status authorize(const Access& access, const identity::Principal& principal,
                 const HttpRequest& request);

// GET, HEAD and OPTIONS change nothing; everything else needs the CSRF token with a cookie.
bool isStateChanging(std::string_view method);

// The value of one cookie in the Cookie header(s); empty when absent.
std::string_view cookieValue(const HttpRequest& request, std::string_view name);

// Set-Cookie values for a new session and for ending one.
std::string sessionCookie(std::string_view value, long max_age_seconds, bool secure);
std::string clearedSessionCookie(bool secure);

// The API's error for a refused request, with WWW-Authenticate on a 401.
HttpResponse refusal(const Status& status);

}  // namespace luukku::api
