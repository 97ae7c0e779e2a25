// GET /api/v1/auth/methods: how staff can sign in here, for the sign-in page to offer only
// what works (a single sign-on button only when a provider is configured). Public and
// ignoring credentials like the sign-in steps: it says nothing about any account.
#include <boost/json.hpp>

#include "api/routes.h"

namespace luukku::api {
namespace json = boost::json;

void addAuthMethodRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/auth/methods", "getSignInMethods", Access::signIn(),
              [&s](RequestContext&) -> boost::asio::awaitable<HttpResponse> {
                json::object o{{"password", true}, {"sso", s.oidc != nullptr}};
                co_return jsonResponse(200, json::serialize(o));
              }});
}

}  // namespace luukku::api
