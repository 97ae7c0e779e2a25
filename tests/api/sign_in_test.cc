// Signing in and out over HTTP: cookies, CSRF, sessions' ends, refused credentials, and
// brute-force protection.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>

#include "api/api_test_util.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using identity::Role;
using identity::RoleSet;

std::string loginBody(std::string_view username, std::string_view password) {
  return json::serialize(json::object{{"username", username}, {"password", password}});
}

// "luukku_session=<value>; Path=/; ..." -> <value>
std::string cookieOf(const RawResponse& r) {
  const std::string& set = r.headers.at("set-cookie");
  auto eq = set.find('=');
  return set.substr(eq + 1, set.find(';') - eq - 1);
}

class SignIn : public ::testing::Test {
 protected:
  static TestServerOptions options(TestClock* clock) {
    TestServerOptions o;
    o.load_demo_region = true;
    o.identity_clock = clock;
    o.identity.session_lifetime = 8h;
    o.identity.session_idle = 30min;
    return o;
  }
  void SetUp() override {
    identity::NewUser u{"anna", "Anna Agentti", std::string(kAnnaPassword),
                        RoleSet{Role::kAgent, Role::kAdmin}, ""};
    auto created = server_.identity().createUser(u, identity::Actor::commandLine());
    ASSERT_TRUE(created.isOk()) << created.status().toString();
    anna_id_ = created->id;
  }
  RawResponse login(std::string_view user, std::string_view password,
                    const HttpClient* from = nullptr) {
    HttpClient c = from ? *from : server_.anonymousClient();
    return c.request("POST", "/api/v1/auth/login", loginBody(user, password));
  }
  // A client with the session a successful login answered.
  HttpClient sessionClient(const RawResponse& r) {
    return server_.anonymousClient()
        .withHeader("Cookie", "luukku_session=" + cookieOf(r))
        .withHeader("X-CSRF-Token", std::string(parsed(r).at("csrf_token").as_string()));
  }

  static constexpr std::string_view kAnnaPassword = "Kahvia-ja-pullaa-42";
  TestClock clock_;
  TestServer server_{options(&clock_)};
  std::string anna_id_;
};

TEST_F(SignIn, LoginSetsAnHttpOnlyStrictCookieAndAnswersTheCsrfToken) {
  auto r = login("anna", kAnnaPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: not Secure";
  EXPECT_EQ(parsed(r).at("username").as_string(), "anna");
  EXPECT_EQ(parsed(r).at("roles"), (json::array{"agent", "admin"}));
  auto me = sessionClient(r).get("/api/v1/auth/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(parsed(me).at("user_id").as_string(), anna_id_);
}

TEST_F(SignIn, WithoutAProviderTheSignInPageIsToldOnlyPasswordsWork) {
  auto methods = server_.anonymousClient().get("/api/v1/auth/methods");
  ASSERT_EQ(methods.status, 200) << methods.body;
  EXPECT_EQ(parsed(methods), (json::object{{"password", true}, {"sso", false}}));
}

TEST_F(SignIn, UsernamesAreCaseInsensitive) {
  EXPECT_EQ(login("ANNA", kAnnaPassword).status, 200);
}

TEST_F(SignIn, WrongPasswordUnknownUserAndDisabledUserGetTheSameAnswer) {
  auto wrong = login("anna", "Vaara-salasana-123");
  auto unknown = login("nobody-here", "Vaara-salasana-123");
  identity::UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(server_.identity().changeUser(anna_id_, disable, identity::Actor::commandLine()));
  auto disabled = login("anna", kAnnaPassword);
  for (const auto* r : {&wrong, &unknown, &disabled}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->body, wrong.body);
    EXPECT_EQ(r->headers.count("set-cookie"), 0u);
  }
}

TEST_F(SignIn, OversizedOrMissingCredentialsAre400) {
  EXPECT_EQ(login(std::string(65, 'a'), kAnnaPassword).status, 400);
  EXPECT_EQ(login("anna", std::string(1025, 'p')).status, 400);
  EXPECT_EQ(login("anna", "").status, 400);
  auto no_json = server_.anonymousClient().request("POST", "/api/v1/auth/login", "user=anna",
                                                   "application/x-www-form-urlencoded");
  EXPECT_EQ(no_json.status, 400);
}

TEST_F(SignIn, LogoutEndsTheSessionAndClearsTheCookie) {
  auto c = sessionClient(login("anna", kAnnaPassword));
  auto out = c.request("POST", "/api/v1/auth/logout");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/auth/session").status, 401);
}

TEST_F(SignIn, AStateChangeWithACookieButWithoutTheCsrfTokenIs403) {
  auto r = login("anna", kAnnaPassword);
  auto cookie_only =
      server_.anonymousClient().withHeader("Cookie", "luukku_session=" + cookieOf(r));
  auto refused = cookie_only.request("POST", "/api/v1/auth/logout");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(errorCode(refused), "csrf_failed");
  auto wrong = cookie_only.withHeader("X-CSRF-Token", "not-the-token")
                   .request("PUT", "/api/v1/region", "{}");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(errorCode(wrong), "csrf_failed");
  EXPECT_EQ(cookie_only.get("/api/v1/auth/session").status, 200) << "reads need no token";
}

TEST_F(SignIn, AForgedOrMalformedCookieIs401) {
  for (const std::string& value :
       {std::string(43, 'A'), std::string("short"), std::string(5000, 'x'), std::string("%00")}) {
    auto r = server_.anonymousClient()
                 .withHeader("Cookie", "luukku_session=" + value)
                 .get("/api/v1/auth/session");
    EXPECT_EQ(r.status, 401) << value.substr(0, 10);
    EXPECT_EQ(errorCode(r), "unauthenticated");
  }
}

TEST_F(SignIn, TheSessionEndsAtItsAbsoluteExpiryEvenWhenInUse) {
  auto c = sessionClient(login("anna", kAnnaPassword));
  for (int i = 0; i < 16; ++i) {  // 16 x 29 min: in use all along, 7 h 44 min in all
    clock_.advance(29min);
    ASSERT_EQ(c.get("/api/v1/auth/session").status, 200) << "after " << (i + 1) * 29 << " min";
  }
  clock_.advance(20min);
  auto r = c.get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("expired"), std::string::npos);
}

TEST_F(SignIn, AnIdleSessionEnds) {
  auto c = sessionClient(login("anna", kAnnaPassword));
  clock_.advance(31min);
  auto r = c.get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("without use"), std::string::npos);
}

TEST_F(SignIn, DisablingAUserEndsTheirSessionsAtOnce) {
  auto anna = sessionClient(login("anna", kAnnaPassword));
  ASSERT_EQ(anna.get("/api/v1/auth/session").status, 200);
  auto admin = server_.clientWithRoles(RoleSet{Role::kAdmin});
  ASSERT_EQ(admin.request("PATCH", "/api/v1/users/" + anna_id_, R"({"disabled":true})").status,
            200);
  auto r = anna.get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("disabled"), std::string::npos);
}

TEST_F(SignIn, FiveFailuresLockTheAccountWith429AndRetryAfter) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(login("anna", "Vaara-salasana-123").status, 401);
  auto locked = login("anna", kAnnaPassword);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(errorCode(locked), "too_many_requests");
  EXPECT_EQ(locked.headers["retry-after"], "900");
}

TEST_F(SignIn, TheLockLiftsByItself) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(login("anna", "Vaara-salasana-123").status, 401);
  ASSERT_EQ(login("anna", kAnnaPassword).status, 429);
  clock_.advance(15min);
  EXPECT_EQ(login("anna", kAnnaPassword).status, 200);
}

TEST_F(SignIn, AnUnknownUsernameIsLockedTheSameWay) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(login("nobody-here", "Vaara-salasana-123").status, 401);
  EXPECT_EQ(login("nobody-here", "Vaara-salasana-123").status, 429);
}

TEST_F(SignIn, ManyFailuresFromOneAddressLockThatAddress) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(login("someone-" + std::to_string(i), "Vaara-salasana-123").status, 401);
  }
  EXPECT_EQ(login("anna", kAnnaPassword).status, 429) << "the address is locked for everyone";
}

TEST_F(SignIn, AnApiTokenStopsWorkingWhenItExpires) {
  auto token = server_.identity().createToken("nightly-export", RoleSet{Role::kSupervisor},
                                              clock_.now() + 1h, identity::Actor::commandLine());
  ASSERT_TRUE(token.isOk());
  auto client = server_.anonymousClient().withHeader("Authorization", "Bearer " + token->secret);
  EXPECT_EQ(client.get("/metrics").status, 200);
  clock_.advance(61min);
  auto r = client.get("/metrics");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("expired"), std::string::npos);
}

TEST_F(SignIn, RefusedCredentialsAreLoggedWithoutTheSecrets) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  spdlog::default_logger()->sinks().push_back(sink);
  auto level = spdlog::default_logger()->level();
  spdlog::set_level(spdlog::level::debug);
  const std::string typed_password = "Ylimielinen-Salasana-77";
  login("anna", typed_password);
  login("Kirjoitin-salasanan-tahan", typed_password);  // a password typed as the username
  std::string token = "lk_" + std::string(43, 'Q');
  server_.anonymousClient().withHeader("Authorization", "Bearer " + token).get("/api/v1/region");
  auto session = server_.signIn(RoleSet{Role::kAgent});
  server_.anonymousClient()
      .withHeader("Cookie", "luukku_session=" + session.cookie)
      .request("PUT", "/api/v1/region", "{}");  // no CSRF token
  spdlog::default_logger()->sinks().pop_back();
  spdlog::set_level(level);
  std::string log = captured.str();
  EXPECT_NE(log.find("sign-in refused"), std::string::npos) << log;
  EXPECT_NE(log.find("wrong password for user " + anna_id_), std::string::npos) << log;
  EXPECT_EQ(log.find(typed_password), std::string::npos) << log;
  EXPECT_EQ(log.find("Kirjoitin-salasanan"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << log;
  EXPECT_EQ(log.find(session.cookie), std::string::npos) << log;
  EXPECT_EQ(log.find(session.csrf), std::string::npos) << log;
}

TEST(Sessions, ASessionSurvivesARestartOfTheServer) {
  TempDir dir;
  TestServerOptions o;
  o.store_url = "sqlite:" + dir.file("luukku.db");
  o.load_demo_region = false;
  std::string cookie;
  {
    TestServer first(o);
    auto session = first.signIn(RoleSet{Role::kSupervisor});
    cookie = session.cookie;
    ASSERT_EQ(first.clientFor(session).get("/api/v1/auth/session").status, 200);
  }
  TestServer restarted(o);
  auto me = restarted.anonymousClient()
                .withHeader("Cookie", "luukku_session=" + cookie)
                .get("/api/v1/auth/session");
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(parsed(me).at("roles"), (json::array{"supervisor"}));
}

TEST_F(SignIn, UnknownUsersCostOneFullArgon2VerifyLikeWrongPasswords) {
  // Timing must not tell whether a username exists: every refusal below costs exactly one
  // argon2id verify at the configured cost (the wall-clock comparison is a benchmark's job).
  auto verifies = [&] { return server_.identity().fullCostVerifications(); };
  std::uint64_t before = verifies();
  EXPECT_EQ(login("anna", "Vaara-salasana-123").status, 401);
  EXPECT_EQ(verifies(), before + 1);
  EXPECT_EQ(login("nobody-at-all", "Vaara-salasana-123").status, 401);
  EXPECT_EQ(verifies(), before + 2);
  EXPECT_EQ(login("nobody-else", "Vaara-salasana-123").status, 401);
  EXPECT_EQ(verifies(), before + 3);
  EXPECT_EQ(login("anna", kAnnaPassword).status, 200);
  EXPECT_EQ(verifies(), before + 4);
}

}  // namespace
}  // namespace luukku::testing
