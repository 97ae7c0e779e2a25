// Authorization, table-driven: every operation in docs/openapi.json is called without
// credentials, with each staff role alone and with an API token, and must answer exactly as
// its route's Access rule says — before its handler could have run.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/api_test_util.h"
#include "api/openapi.h"
#include "api/routes.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;
using identity::RoleSet;

struct Operation {
  std::string method;
  std::string path;  // template
  std::string operation_id;
  bool documented_public = false;
  std::vector<std::string> documented_roles;  // x-roles, when the document gives them
};

std::vector<Operation> documentedOperations() {
  std::vector<Operation> ops;
  json::value doc = json::parse(api::openApiDocument());
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      Operation o;
      for (char c : std::string(method)) o.method += static_cast<char>(std::toupper(c));
      o.path = path;
      o.operation_id = op.at("operationId").as_string();
      const auto* security = op.as_object().if_contains("security");
      o.documented_public = security && security->as_array().empty();
      if (const auto* roles = op.as_object().if_contains("x-roles")) {
        for (const auto& r : roles->as_array()) o.documented_roles.emplace_back(r.as_string());
      }
      ops.push_back(std::move(o));
    }
  }
  return ops;
}

// A concrete target for a path template: every parameter becomes "x".
std::string concrete(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      out += "x";
      i = path.find('}', i);
    } else {
      out += path[i];
    }
  }
  return out;
}

class Authorization : public ::testing::Test {
 protected:
  static TestServerOptions options() {
    TestServerOptions o;
    o.load_demo_region = false;
    return o;
  }
  const api::Route& routeOf(const Operation& op) {
    for (const auto& r : router_.routes()) {
      if (r.method == op.method && r.path == op.path) return r;
    }
    throw std::runtime_error(op.method + " " + op.path + " is documented but not routed");
  }
  RawResponse call(const HttpClient& client, const Operation& op) {
    return client.request(op.method, concrete(op.path), "{}");
  }

  TestServer server_{options()};
  api::Router router_ = api::buildRouter(server_.services());
  std::vector<Operation> ops_ = documentedOperations();
};

TEST_F(Authorization, EveryDocumentedOperationHasARule) {
  for (const auto& op : ops_) {
    const api::Route& route = routeOf(op);
    EXPECT_TRUE(route.access.is_public || !route.access.roles.empty())
        << op.method << " " << op.path << " has no access rule";
    EXPECT_EQ(route.access.is_public, op.documented_public)
        << op.method << " " << op.path
        << ": the document and the route disagree on whether it is public (security: [])";
    if (route.access.is_public) continue;
    // Every operation that is not public names its roles, so this test checks them all.
    EXPECT_FALSE(op.documented_roles.empty()) << op.method << " " << op.path << " has no x-roles";
    std::set<std::string> routed,
        documented(op.documented_roles.begin(), op.documented_roles.end());
    for (Role r : route.access.roles) routed.emplace(identity::roleName(r));
    EXPECT_EQ(routed, documented) << op.method << " " << op.path << " x-roles";
  }
}

TEST_F(Authorization, WithoutCredentialsEveryNonPublicOperationIs401) {
  auto anonymous = server_.anonymousClient();
  for (const auto& op : ops_) {
    auto r = call(anonymous, op);
    if (routeOf(op).access.is_public) {
      EXPECT_NE(r.status, 401) << op.method << " " << op.path;
      EXPECT_NE(r.status, 403) << op.method << " " << op.path;
      continue;
    }
    EXPECT_EQ(r.status, 401) << op.method << " " << op.path;
    EXPECT_EQ(errorCode(r), "unauthenticated") << op.method << " " << op.path;
    EXPECT_EQ(r.headers["www-authenticate"], "Bearer realm=\"luukku\"");
  }
}

TEST_F(Authorization, EachRoleReachesExactlyTheOperationsThatNameIt) {
  for (Role role : identity::kAllRoles) {
    for (const auto& op : ops_) {
      const api::Route& route = routeOf(op);
      if (route.access.is_public) continue;
      bool allowed = false;
      for (Role r : route.access.roles) allowed = allowed || r == role;
      // A fresh session each time: some operations (logout) end the one they are called with.
      auto r = call(server_.clientWithRoles(RoleSet{role}), op);
      std::string what = std::string(identity::roleName(role)) + " -> " + op.method + " " + op.path;
      if (allowed) {
        EXPECT_NE(r.status, 401) << what;
        // The role admits the call; a 403 may still come from the rule on whom a person acts
        // for (the agent "x" is not this account's own, see acting_test.cc), never from roles.
        if (r.status == 403) {
          EXPECT_EQ(errorMessage(r).find("this needs one of the roles"), std::string::npos)
              << what << ": " << r.body;
        }
      } else {
        EXPECT_EQ(r.status, 403) << what;
        EXPECT_EQ(errorCode(r), "permission_denied") << what;
      }
    }
  }
}

TEST_F(Authorization, ATokenIsHeldToItsRolesLikeASession) {
  auto supervisor_token = server_.tokenClient(RoleSet{Role::kSupervisor});
  EXPECT_EQ(supervisor_token.get("/metrics").status, 200);
  EXPECT_EQ(supervisor_token.get("/api/v1/users").status, 403);
  EXPECT_EQ(server_.tokenClient(RoleSet{Role::kAdmin}).get("/api/v1/users").status, 200);
}

TEST_F(Authorization, TheEventFeedUpgradeNeedsARoleToo) {
  std::string upgrade =
      "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n";
  auto anonymous = server_.anonymousClient().exchange(upgrade + "\r\n");
  EXPECT_EQ(anonymous.status, 401);
  auto session = server_.signIn(RoleSet{Role::kRegistrar});
  auto registrar = server_.anonymousClient().exchange(
      upgrade + "Cookie: luukku_session=" + session.cookie + "\r\n\r\n");
  EXPECT_EQ(registrar.status, 403);
}

TEST_F(Authorization, ACookieUpgradeFromAnotherSitesPageIsRefused) {
  auto session = server_.signIn(RoleSet{Role::kAgent});
  std::string upgrade =
      "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\nCookie: luukku_session=" +
      session.cookie + "\r\n\r\n";
  EXPECT_EQ(server_.anonymousClient().exchange(upgrade).status, 403);
}

TEST_F(Authorization, AnInvalidCredentialOnAPublicRouteIs401) {
  auto forged = server_.anonymousClient().withHeader("Authorization", "Bearer lk_not-a-token");
  auto r = forged.get("/api/v1/openapi.json");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(errorCode(r), "unauthenticated");
  auto stale_cookie =
      server_.anonymousClient().withHeader("Cookie", "luukku_session=expired-long-ago");
  EXPECT_EQ(stale_cookie.get("/healthz").status, 401);
  // Without credentials, the same routes serve anyone.
  EXPECT_EQ(server_.anonymousClient().get("/api/v1/openapi.json").status, 200);
}

TEST_F(Authorization, ARevokedTokenOnAPublicRouteIs401) {
  auto token = server_.identity().createToken("short-lived", RoleSet{Role::kAgent}, std::nullopt,
                                              identity::Actor::commandLine());
  ASSERT_TRUE(token);
  auto client = server_.anonymousClient().withHeader("Authorization", "Bearer " + token->secret);
  EXPECT_EQ(client.get("/healthz").status, 200);
  ASSERT_TRUE(server_.identity().revokeToken(token->record.id, identity::Actor::commandLine()));
  EXPECT_EQ(client.get("/healthz").status, 401);
}

TEST_F(Authorization, AStaleSessionCookieDoesNotStopSigningIn) {
  auto user = server_.signIn(RoleSet{Role::kAgent});
  auto me = server_.identity().getUser(user.user_id);
  ASSERT_TRUE(me);
  auto stale = server_.anonymousClient().withHeader("Cookie", "luukku_session=expired-long-ago");
  auto r = stale.request("POST", "/api/v1/auth/login",
                         json::serialize(json::object{{"username", me->username},
                                                      {"password", TestServer::kPassword}}));
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace luukku::testing
