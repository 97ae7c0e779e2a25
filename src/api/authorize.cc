#include "api/authorize.h"

#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>

#include "concurrency/blocking_pool.h"
#include "identity/crypto.h"

namespace luukku::api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view cookieValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semicolon));
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
        return trim(pair.substr(eq + 1));
      }
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
    }
  }
  return {};
}

identity::Credentials credentialsOf(const HttpRequest& request) {
  identity::Credentials c;
  if (auto auth = request.header("authorization")) {
    std::string_view value = trim(*auth);
    // The scheme is case-insensitive (RFC 7235); anything else is presented as an invalid
    // token, so a wrong scheme is refused rather than ignored.
    if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer ")) {
      c.bearer_token = trim(value.substr(7));
    } else {
      c.bearer_token = value.empty() ? std::string_view("-") : value;
    }
  }
  c.session_cookie = cookieValue(request, kSessionCookie);
  return c;
}

bool hasCredentials(const identity::Credentials& c) {
  return !c.session_cookie.empty() || !c.bearer_token.empty();
}

bool isStateChanging(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Status authorize(const Access& access, const identity::Principal& principal,
                 const HttpRequest& request) {
  if (!access.is_public) {
    bool allowed = false;
    for (Role r : access.roles) allowed = allowed || principal.roles.has(r);
    if (!allowed) {
      std::string needed;
      for (Role r : access.roles) {
        if (!needed.empty()) needed += ", ";
        needed += roleName(r);
      }
      return {ErrorCode::kPermissionDenied,
              "this needs one of the roles: " + (needed.empty() ? std::string("none") : needed)};
    }
  }
  if (principal.kind == identity::Principal::Kind::kSession && isStateChanging(request.method)) {
    auto sent = request.header(kCsrfHeader);
    if (!sent || !identity::constantTimeEquals(*sent, principal.csrf_token)) {
      return {ErrorCode::kPermissionDenied,
              "csrf: send the session's CSRF token in the X-CSRF-Token header"};
    }
  }
  return Status::ok();
}

std::string sessionCookie(std::string_view value, long max_age_seconds, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(value) +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (secure) c += "; Secure";
  return c;
}

std::string clearedSessionCookie(bool secure) {
  return sessionCookie("", 0, secure);
}

namespace {

boost::asio::awaitable<Result<identity::Principal>> authenticate(Services& s,
                                                                 const HttpRequest& request) {
  identity::Credentials credentials = credentialsOf(request);
  if (auto cached = s.identity.authenticateCached(credentials)) co_return std::move(*cached);
  auto lookup = [&s, credentials] { return s.identity.authenticate(credentials); };
  co_return co_await s.blocking.run(std::move(lookup), boost::asio::use_awaitable);
}

}  // namespace

boost::asio::awaitable<Status> admit(Services& s, const Route& route, const HttpRequest& request,
                                     std::optional<identity::Principal>& principal) {
  if (route.access.is_public) {
    // Served to anyone; but credentials that are presented must be valid (see Access).
    if (route.access.ignores_credentials || !hasCredentials(credentialsOf(request))) {
      co_return Status::ok();
    }
    auto who = co_await authenticate(s, request);
    if (!who) {
      spdlog::warn("{} {} refused from {}: {}", route.method, route.path, request.remote_address,
                   who.status().message());
    }
    co_return who.status();
  }
  auto who = co_await authenticate(s, request);
  Status st = who ? authorize(route.access, *who, request) : who.status();
  if (!st) {
    if (!hasCredentials(credentialsOf(request))) {
      spdlog::debug("{} {} refused from {}: no credentials", route.method, route.path,
                    request.remote_address);
    } else {
      spdlog::warn("{} {} refused from {}{}: {}", route.method, route.path, request.remote_address,
                   who ? " for " + who->id : std::string(), st.message());
    }
    co_return st;
  }
  principal = std::move(*who);
  co_return Status::ok();
}

HttpResponse refusal(const Status& status) {
  if (status.code() == ErrorCode::kUnauthenticated) {
    HttpResponse r = errorResponse(status);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"luukku\"");
    return r;
  }
  if (status.code() == ErrorCode::kPermissionDenied && status.message().starts_with("csrf: ")) {
    return errorResponse(403, "csrf_failed", status.message().substr(6));
  }
  return errorResponse(status);
}

}  // namespace luukku::api
