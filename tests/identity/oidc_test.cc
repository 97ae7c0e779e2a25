// Single sign-on against a real OpenID provider: the npm package oidc-provider (a certified
// implementation), run with node over HTTPS on 127.0.0.1 for each test. The test plays the
// browser: Luukku's login redirect, the provider's pages (tests/identity/oidc/provider.js
// signs in the chosen account), and the callback back to Luukku.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <thread>

#include "api/api_test_util.h"
#include "identity/http_fetch.h"
#include "identity/oidc_client.h"
#include "support/test_server.h"

extern char** environ;

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;

constexpr const char* kClientSecret = "luukku-test-secret-3f9a";

// Where the oidc_provider_install fixture ran `npm ci`.
std::string providerDir() {
  const char* dir = std::getenv("LUUKKU_TEST_OIDC_DIR");
  if (!dir || !*dir) throw std::runtime_error("LUUKKU_TEST_OIDC_DIR is not set; run through ctest");
  return dir;
}

// `node provider.js` with a self-signed certificate; stopped with SIGTERM when destroyed.
class Provider {
 public:
  Provider(const TempDir& dir, std::uint16_t luukku_port) {
    std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
    std::string make =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert + " 2>/dev/null";
    if (std::system(make.c_str()) != 0) throw std::runtime_error("openssl failed");
    ca_file_ = cert;
    std::string port_file = dir.file("provider.port");
    redirect_uri_ =
        "http://127.0.0.1:" + std::to_string(luukku_port) + "/api/v1/auth/oidc/callback";
    json::object config{
        {"cert", cert},
        {"key", key},
        {"port_file", port_file},
        {"client_id", "luukku"},
        {"client_secret", kClientSecret},
        {"redirect_uri", redirect_uri_},
        {"accounts",
         json::object{{"anna", json::object{{"name", "Anna Agentti"},
                                            {"preferred_username", "anna.agentti"},
                                            {"groups", json::array{"sote-agents", "sote-admins"}}}},
                      {"ville", json::object{{"name", "Ville Vieras"},
                                             {"preferred_username", "ville"},
                                             {"groups", json::array{"visitors"}}}}}}};
    std::string script = providerDir() + "/provider.js";
    std::string config_text = json::serialize(config);
    std::vector<std::string> args = {"/usr/bin/env", "node", script, config_text};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = {"NODE_EXTRA_CA_CERTS=" + cert,
                                            "NODE_PATH=" + providerDir() + "/node_modules"};
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) {
      throw std::runtime_error("cannot start node");
    }
    // The provider writes its port once it listens.
    for (int i = 0; i < 3000 && port_ == 0; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("the OpenID provider exited during start-up");
      }
      std::ifstream in(port_file);
      unsigned port = 0;
      if (in >> port)
        port_ = static_cast<std::uint16_t>(port);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (port_ == 0) throw std::runtime_error("the OpenID provider did not start in 30 s");
  }
  ~Provider() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  std::string issuer() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::string& caFile() const { return ca_file_; }
  const std::string& redirectUri() const { return redirect_uri_; }

  // A test-only control of provider.js.
  json::value control(const std::string& path, const json::object& body) {
    identity::FetchRequest request;
    request.method = "POST";
    request.url = issuer() + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = json::serialize(body);
    identity::FetchOptions options;
    options.ca_file = ca_file_;
    options.timeout = std::chrono::seconds(20);
    auto r = identity::fetch(request, options);
    if (!r) throw std::runtime_error(r.status().toString());
    return json::parse(r->body);
  }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string ca_file_;
  std::string redirect_uri_;
};

std::string setCookieValue(const RawResponse& r, const std::string& name) {
  auto it = r.headers.find("set-cookie");  // RawResponse keeps the last Set-Cookie
  if (it == r.headers.end()) return "";
  return it->second.starts_with(name + "=")
             ? it->second.substr(name.size() + 1, it->second.find(';') - name.size() - 1)
             : "";
}

// The path and query of an absolute URL.
std::string target(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  std::string t = std::string(u->encoded_path());
  if (u->has_query()) t += "?" + std::string(u->encoded_query());
  return t;
}

class SingleSignOn : public ::testing::Test {
 protected:
  SingleSignOn() : server_(serverOptions()), provider_(dir_, server_.port()) {
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
