// Staff accounts from the command line against the real binary: a user added with
// `luukku user add` signs in to a running server, and `luukku user disable` ends it.
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <fstream>
#include <thread>

#include "e2e/server_process.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {

std::vector<std::string> storeArgs(const TempDir& dir) {
  if (const char* url_file = std::getenv("LUUKKU_TEST_PG_URL_FILE")) {
    std::ifstream in(url_file);
    std::string url;
    if (!(in >> url)) throw std::runtime_error(std::string("no PostgreSQL URL in ") + url_file);
    return {"--store-url", url};
  }
  return {"--data-dir", dir.path().string()};
}

// Runs `luukku <store args> <command>` with `input` on stdin; returns the exit status.
int cli(const std::vector<std::string>& store_args, const std::string& command,
        const std::string& input = "") {
  std::string line = luukkuBinary();
  for (const auto& a : store_args) line += " '" + a + "'";
  line += " --log-level warn " + command + " >/dev/null";
  FILE* in = ::popen(line.c_str(), "w");
  if (!in) return -1;
  ::fputs(input.c_str(), in);
  int status = ::pclose(in);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs `luukku <store args> <command>` and returns what it printed (empty when it failed).
std::string cliOutput(const std::vector<std::string>& store_args, const std::string& command) {
  std::string line = luukkuBinary();
  for (const auto& a : store_args) line += " '" + a + "'";
  line += " --log-level warn " + command;
  FILE* out = ::popen(line.c_str(), "r");
  if (!out) return {};
  std::string text;
  char buf[512];
  while (std::size_t n = ::fread(buf, 1, sizeof buf, out)) text.append(buf, n);
  return ::pclose(out) == 0 ? text : std::string();
}

RawResponse login(std::uint16_t port, const std::string& user, const std::string& password) {
  return HttpClient(port).request(
      "POST", "/api/v1/auth/login",
      boost::json::serialize(boost::json::object{{"username", user}, {"password", password}}));
}

TEST(IdentityCli, AUserAddedWithTheCliSignsInUntilTheCliDisablesThem) {
  TempDir dir;
  auto args = storeArgs(dir);
  std::string user = "eeva-" + std::to_string(::getpid());
  const std::string password = "Hiihtolomalla-2027";
  ASSERT_EQ(cli(args, "user add " + user + " --role agent --password-stdin", password + "\n"), 0);
  ServerProcess server(args);
  auto signed_in = login(server.port(), user, password);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  std::string cookie = signed_in.headers["set-cookie"];
  cookie = cookie.substr(0, cookie.find(';'));

  ASSERT_EQ(cli(args, "user disable " + user), 0);
  EXPECT_EQ(login(server.port(), user, password).status, 401);
  // The running server re-reads a session from the store every 2 s.
  auto session = HttpClient(server.port()).withHeader("Cookie", cookie);
  int status = 0;
  for (int i = 0; i < 500 && status != 401; ++i) {
    status = session.get("/api/v1/auth/session").status;
    if (status != 401) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status, 401);
}

TEST(IdentityCli, AWeakPasswordIsRefusedAndCreatesNoUser) {
  TempDir dir;
  auto args = storeArgs(dir);
  std::string user = "heikki-" + std::to_string(::getpid());
  EXPECT_NE(cli(args, "user add " + user + " --role agent --password-stdin", "lyhyt\n"), 0);
  EXPECT_NE(cli(args, "user disable " + user), 0) << "no such user";
}

TEST(IdentityCli, AUserLinkedToAnAgentWithTheCliActsAsThatAgentOnly) {
  TempDir dir;
  auto args = storeArgs(dir);
  ASSERT_EQ(cli(args, "import-config '" + sourceDir() + "/config/demo-region.toml'"), 0);
  std::string user = "pekka-" + std::to_string(::getpid());
  const std::string password = "Hiihtolomalla-2027";
  ASSERT_EQ(cli(args, "user add " + user + " --role agent --password-stdin", password + "\n"), 0);
  EXPECT_NE(cli(args, "user link " + user + " no-such-agent"), 0);
  ASSERT_EQ(cli(args, "user link " + user + " pekka-jarvinen"), 0);
  ServerProcess server(args);
  auto signed_in = login(server.port(), user, password);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  auto session = boost::json::parse(signed_in.body);
  EXPECT_EQ(session.at("agent"), "pekka-jarvinen");
  std::string cookie = signed_in.headers["set-cookie"];
  auto pekka = HttpClient(server.port())
                   .withHeader("Cookie", cookie.substr(0, cookie.find(';')))
                   .withHeader("X-CSRF-Token", std::string(session.at("csrf_token").as_string()));
  std::string available = R"({"status":"available"})";
  EXPECT_EQ(pekka.request("PUT", "/api/v1/agents/pekka-jarvinen/presence", available).status, 200);
  EXPECT_EQ(pekka.request("PUT", "/api/v1/agents/ville-ojala/presence", available).status, 403);
}

TEST(IdentityCli, TheFirstAdminBootstrappedWithAnAgentActsAsThatAgent) {
  // A store of its own (never the shared PostgreSQL database, which has users already):
  // bootstrap creates the first admin only where there is none.
  TempDir dir;
  const std::vector<std::string> args = {"--data-dir", dir.path().string()};
  ASSERT_EQ(cli(args, "import-config '" + sourceDir() + "/config/demo-region.toml'"), 0);
  EXPECT_NE(cli(args, "user bootstrap --agent no-such-agent"), 0);
  std::string printed = cliOutput(args, "user bootstrap --agent aino-maki");
  const std::string marker = "(shown once): ";
  auto at = printed.find(marker);
  ASSERT_NE(at, std::string::npos) << printed;
  std::string password = printed.substr(at + marker.size());
  password = password.substr(0, password.find('\n'));
  ServerProcess server(args);
  auto signed_in = login(server.port(), "admin", password);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(boost::json::parse(signed_in.body).at("agent"), "aino-maki");
}

}  // namespace
}  // namespace luukku::testing
