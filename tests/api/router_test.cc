#include "api/router.h"

#include <gtest/gtest.h>

namespace luukku::api {
namespace {

Handler noop() {
  return [](RequestContext&) -> boost::asio::awaitable<HttpResponse> { co_return HttpResponse{}; };
}

TEST(Router, MatchesLiteralPathsAndCapturesParameters) {
  Router r;
  r.add({"GET", "/api/v1/agents", "listAgents", Access::publicRoute(), noop()});
  r.add({"GET", "/api/v1/agents/{id}", "getAgent", Access::publicRoute(), noop()});
  auto m = r.match("GET", "/api/v1/agents/anna");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->operation_id, "getAgent");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "anna");
}

TEST(Router, AnEmptySegmentIsNotAParameter) {
  Router r;
  r.add({"GET", "/api/v1/agents/{id}", "getAgent", Access::publicRoute(), noop()});
  EXPECT_EQ(r.match("GET", "/api/v1/agents/").route, nullptr);
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
  Router r;
  r.add({"GET", "/api/v1/region", "getRegion", Access::publicRoute(), noop()});
  r.add({"PUT", "/api/v1/region", "replaceRegion", Access::publicRoute(), noop()});
  auto m = r.match("DELETE", "/api/v1/region");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, "GET, PUT");
}

TEST(Router, HeadIsServedByGet) {
  Router r;
  r.add({"GET", "/healthz", "getHealth", Access::publicRoute(), noop()});
  EXPECT_NE(r.match("HEAD", "/healthz").route, nullptr);
}

}  // namespace
}  // namespace luukku::api
