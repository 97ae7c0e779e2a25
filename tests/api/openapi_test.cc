// The OpenAPI document and the route table describe the same API, both ways.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/openapi.h"
#include "api/routes.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;

struct Operation {
  std::string method;
  std::string path;
  std::string operation_id;
  auto operator<=>(const Operation&) const = default;
};

std::set<Operation> documented() {
  std::set<Operation> ops;
  json::value doc = json::parse(api::openApiDocument());
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ops.insert({upper, std::string(path), std::string(op.at("operationId").as_string())});
    }
  }
  return ops;
}

class OpenApi : public ::testing::Test {
 protected:
  static TestServerOptions options() {
    TestServerOptions o;
    o.load_demo_region = false;
    return o;
  }
  TestServer server_{options()};
};

TEST_F(OpenApi, EveryRouteIsDescribed) {
  auto ops = documented();
  auto router = api::buildRouter(server_.services());
  for (const auto& route : router.routes()) {
    EXPECT_TRUE(ops.count({route.method, route.path, route.operation_id}))
        << route.method << " " << route.path << " (" << route.operation_id << ") is not in docs/openapi.json";
  }
}

TEST_F(OpenApi, EveryDescribedOperationIsRouted) {
  auto router = api::buildRouter(server_.services());
  for (const auto& op : documented()) {
    bool found = false;
    for (const auto& route : router.routes()) {
      found = found || (route.method == op.method && route.path == op.path &&
                        route.operation_id == op.operation_id);
    }
    EXPECT_TRUE(found) << op.method << " " << op.path << " is documented but not routed";
  }
}

TEST_F(OpenApi, IsServedAtItsAddress) {
  auto r = server_.client().get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("openapi").as_string(), "3.0.3");
}

}  // namespace
}  // namespace luukku::testing
