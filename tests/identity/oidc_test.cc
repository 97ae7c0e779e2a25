// Single sign-on against a real OpenID provider: the npm package oidc-provider (a certified
// implementation), run with node over HTTPS on 127.0.0.1 for each test. The test plays the
// browser: Luukku's login redirect, the provider's pages (tests/identity/oidc/provider.js
// signs in the chosen account), and the callback back to Luukku.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/api_test_util.h"
#include "identity/oidc_client.h"
#include "identity/oidc_provider.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;

class SingleSignOn : public ::testing::Test {
 protected:
  SingleSignOn()
      : server_(serverOptions()),
        provider_(
            dir_,
            "http://127.0.0.1:" + std::to_string(server_.port()) + "/api/v1/auth/oidc/callback",
            json::object{
                {"anna", json::object{{"name", "Anna Agentti"},
                                      {"preferred_username", "anna.agentti"},
                                      {"groups", json::array{"sote-agents", "sote-admins"}}}},
                {"ville", json::object{{"name", "Ville Vieras"},
                                       {"preferred_username", "ville"},
                                       {"groups", json::array{"visitors"}}}}}) {
    identity::OidcConfig config;
    config.issuer = provider_.issuer();
    config.client_id = "luukku";
    config.client_secret = kClientSecret;
    config.redirect_uri = provider_.redirectUri();
    config.scopes = "openid profile groups";
    config.role_map = *identity::parseRoleMap("sote-agents=agent,sote-admins=admin");
    config.ca_file = provider_.caFile();
    config.jwks_refetch_after = std::chrono::seconds(0);
    oidc_ = std::make_unique<identity::OidcClient>(config, clock_);
    server_.services().oidc = oidc_.get();
  }
  ~SingleSignOn() override { server_.services().oidc = nullptr; }

  static TestServerOptions serverOptions() {
    TestServerOptions o;
    o.load_demo_region = false;
    return o;
  }

  struct Callback {
    std::string path;          // Luukku's callback, with code and state
    std::string state_cookie;  // what the browser holds
  };
  // From Luukku's login redirect through the provider, back to the callback.
  Callback signInAtProvider(const std::string& account) {
    auto start = server_.anonymousClient().get("/api/v1/auth/oidc/login");
    EXPECT_EQ(start.status, 302) << start.body;
    std::string cookie = setCookieValue(start, "luukku_oidc");
    auto walked = provider_.control("/__test/authorize",
                                    {{"url", start.headers["location"]}, {"account", account}});
    if (!walked.as_object().contains("location")) {
      ADD_FAILURE() << json::serialize(walked);
      return {};
    }
    return {target(std::string(walked.at("location").as_string())), cookie};
  }
  RawResponse callback(const Callback& c) {
    return server_.anonymousClient()
        .withHeader("Cookie", "luukku_oidc=" + c.state_cookie)
        .get(c.path);
  }

  TempDir dir_;
  engine::SystemClock clock_;
  TestServer server_;
  Provider provider_;
  std::unique_ptr<identity::OidcClient> oidc_;
};

TEST_F(SingleSignOn, AStaffMemberSignsInWithRolesFromTheProvidersGroups) {
  auto done = callback(signInAtProvider("anna"));
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.headers["location"], "/");
  std::string session = setCookieValue(done, "luukku_session");
  ASSERT_FALSE(session.empty());
  auto me = server_.anonymousClient()
                .withHeader("Cookie", "luukku_session=" + session)
                .get("/api/v1/auth/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(parsed(me).at("username").as_string(), "anna.agentti");
  EXPECT_EQ(parsed(me).at("roles"), (json::array{"agent", "admin"}));
  auto user = server_.identity().findUserByName("anna.agentti");
  ASSERT_TRUE(user.isOk()) << user.status().toString();
  EXPECT_FALSE(user->has_password) << "an SSO account has no password of its own";
}

TEST_F(SingleSignOn, TheSignInPageIsToldSingleSignOnIsConfigured) {
  auto methods = server_.anonymousClient().get("/api/v1/auth/methods");
  ASSERT_EQ(methods.status, 200) << methods.body;
  EXPECT_EQ(parsed(methods), (json::object{{"password", true}, {"sso", true}}));
}

TEST_F(SingleSignOn, AReplayedCallbackIsRefused) {
  auto cb = signInAtProvider("anna");
  ASSERT_EQ(callback(cb).status, 303);
  auto again = callback(cb);
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(errorMessage(again).find("already used"), std::string::npos);
}

TEST_F(SingleSignOn, ACallbackInAnotherBrowserIsRefused) {
  auto cb = signInAtProvider("anna");
  auto stolen = server_.anonymousClient().get(cb.path);  // without the luukku_oidc cookie
  EXPECT_EQ(stolen.status, 400);
  EXPECT_NE(errorMessage(stolen).find("not started in this browser"), std::string::npos);
  EXPECT_EQ(callback(cb).status, 303) << "the right browser can still finish";
}

TEST_F(SingleSignOn, ARotatedSigningKeyIsFetchedAndTrusted) {
  ASSERT_EQ(callback(signInAtProvider("anna")).status, 303);
  provider_.control("/__test/rotate", {});
  auto after = callback(signInAtProvider("anna"));
  EXPECT_EQ(after.status, 303) << after.body;
}

TEST_F(SingleSignOn, AnAccountWithoutALuukkuGroupIsRefused) {
  auto r = callback(signInAtProvider("ville"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(errorCode(r), "permission_denied");
  EXPECT_FALSE(server_.identity().findUserByName("ville").isOk()) << "nothing was created";
}

TEST_F(SingleSignOn, ADisabledAccountCannotSignInThroughTheProvider) {
  ASSERT_EQ(callback(signInAtProvider("anna")).status, 303);
  auto anna = server_.identity().findUserByName("anna.agentti");
  ASSERT_TRUE(anna.isOk());
  identity::UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(server_.identity().changeUser(anna->id, disable, identity::Actor::commandLine()));
  EXPECT_EQ(callback(signInAtProvider("anna")).status, 401);
}

TEST_F(SingleSignOn, AProvidersRefusalIsPassedOn) {
  auto r = server_.anonymousClient().get("/api/v1/auth/oidc/callback?error=access_denied&state=x");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("access_denied"), std::string::npos);
}

TEST_F(SingleSignOn, AForgedCodeIsRefusedByTheProvider) {
  auto cb = signInAtProvider("anna");
  std::string forged = cb.path;
  auto code = forged.find("code=");
  forged.replace(code + 5, 4, "XXXX");
  auto r =
      server_.anonymousClient().withHeader("Cookie", "luukku_oidc=" + cb.state_cookie).get(forged);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("refused"), std::string::npos);
}

}  // namespace
}  // namespace luukku::testing
