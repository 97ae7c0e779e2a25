// Router: the API's routes as data — method, path template, operation id, access rule and
// handler — so that one table drives dispatch, authorization, the metrics labels and the
// OpenAPI completeness test.
//
// Path templates are literal segments and "{name}" parameters: "/api/v1/agents/{id}".
// A parameter matches one non-empty, percent-decoded segment.
//
// Thread-safety: build the router at start-up; afterwards match() is safe from any thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/access.h"
#include "api/http.h"

namespace luukku::identity {
struct Principal;
}

namespace luukku::api {

struct Route;

struct RequestContext {
  const HttpRequest& request;
  std::vector<std::pair<std::string, std::string>> params;
  // Who is calling, as authenticated before the handler ran: never null on a route that is
  // not public; on a public route, null.
  const identity::Principal* principal = nullptr;
  const Route* route = nullptr;  // the matched route

  // A path parameter by name ("" when absent, which a matched route never lets happen).
  std::string_view param(std::string_view name) const;
};

using Handler = std::function<boost::asio::awaitable<HttpResponse>(RequestContext&)>;

struct Route {
  // A constructor rather than aggregate initialization: GCC 12 destroys some temporaries in
  // braced aggregate initializers twice (seen under ASan with Access's vector).
  Route(std::string m, std::string p, std::string op, Access a, Handler h,
        std::size_t body_limit = 0)
      : method(std::move(m)),
        path(std::move(p)),
        operation_id(std::move(op)),
        access(std::move(a)),
        handler(std::move(h)),
        max_body_bytes(body_limit) {}

  std::string method;        // "GET", "POST", "PUT", ...
  std::string path;          // template, e.g. "/api/v1/service-lines/{id}"
  std::string operation_id;  // as in the OpenAPI document, e.g. "getServiceLine"
  Access access;             // who may call it
  Handler handler;
  // The largest body the route takes; 0: the server's limit (HttpServerOptions). Only routes
  // that receive files raise it, so every other route keeps the small limit.
  std::size_t max_body_bytes = 0;
};

class Router {
 public:
  void add(Route route);

  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    std::vector<std::pair<std::string, std::string>> params;
    std::string allowed_methods;  // when the path exists but not for this method: "GET, PUT"
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{id}" marks a parameter
  };
  static bool matchSegments(const Compiled& pattern, const std::vector<std::string_view>& parts,
                            std::vector<std::pair<std::string, std::string>>* params);

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// Splits "/a/b/c" into {"a","b","c"}; a trailing slash yields a final empty segment.
std::vector<std::string_view> splitPath(std::string_view path);

}  // namespace luukku::api
