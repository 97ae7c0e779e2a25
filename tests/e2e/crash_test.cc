// A server killed with SIGKILL in the middle of a burst of writes loses no event whose
// command was acknowledged: every 201 the clients saw is in the store after a restart.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/server_process.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;

// --store-url for the backend under test: SQLite in `dir`, or PostgreSQL from the fixture.
std::vector<std::string> storeArgs(const TempDir& dir) {
  if (const char* url_file = std::getenv("LUUKKU_TEST_PG_URL_FILE")) {
    std::ifstream in(url_file);
    std::string url;
    if (!(in >> url)) throw std::runtime_error(std::string("no PostgreSQL URL in ") + url_file);
    return {"--store-url", url};
  }
  return {"--data-dir", dir.path().string()};
}

HttpClient authorized(std::uint16_t port, const std::string& token) {
  return HttpClient(port).withHeader("Authorization", "Bearer " + token);
}

std::set<std::string> storedAgentIds(std::uint16_t port, const std::string& token) {
  std::set<std::string> ids;
  auto r = authorized(port, token).get("/api/v1/agents");
  if (r.status != 200) throw std::runtime_error("GET /api/v1/agents failed: " + r.body);
  json::value body = json::parse(r.body);
  for (const auto& a : body.at("items").as_array()) {
    ids.emplace(a.at("id").as_string());
  }
  return ids;
}

std::int64_t countCreatedEvents(std::uint16_t port, const std::string& token,
                                const std::string& prefix) {
  std::int64_t after = 0, count = 0;
  for (;;) {
    auto page = json::parse(authorized(port, token)
                                .get("/api/v1/events?limit=1000&after=" + std::to_string(after))
                                .body);
    const auto& items = page.at("items").as_array();
    if (items.empty()) return count;
    for (const auto& e : items) {
      if (e.at("type") == "agent.created" &&
          std::string(e.at("stream").as_string()).starts_with("agent/" + prefix)) {
        ++count;
      }
    }
    after = page.at("next_after").as_int64();
  }
}

TEST(Crash, SigkillDuringABurstLosesNoAcknowledgedWrite) {
  TempDir dir;
  auto args = storeArgs(dir);
  std::string token = createApiToken(args);
  std::string run = "crash-" + std::to_string(::getpid()) + "-";
  std::set<std::string> acknowledged;
  std::mutex mu;
  {
    ServerProcess server(args);
    std::atomic<bool> stop{false};
    std::atomic<int> acks{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        HttpClient http = authorized(server.port(), token);
        for (int i = 0; !stop; ++i) {
          std::string id = run + std::to_string(w) + "-" + std::to_string(i);
          auto r = http.request("POST", "/api/v1/agents",
                                R"({"id":")" + id + R"(","name":"Crash Test","languages":["fi"]})");
          if (r.status == 201) {
            std::lock_guard lock(mu);
            acknowledged.insert(id);
            ++acks;
          } else if (r.status == 0) {
            return;  // the server is gone
          }
        }
      });
    }
    while (acks < 1000) std::this_thread::yield();
    server.kill();  // mid-burst: the writers are still sending
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_GE(acknowledged.size(), 1000u);

  ServerProcess restarted(args);
  auto stored = storedAgentIds(restarted.port(), token);
  for (const auto& id : acknowledged) {
    EXPECT_TRUE(stored.count(id)) << "acknowledged agent " << id << " was lost";
  }
  // Every stored agent has exactly one creation event, acknowledged or not.
  std::int64_t stored_here = 0;
  for (const auto& id : stored) stored_here += id.starts_with(run) ? 1 : 0;
  EXPECT_EQ(countCreatedEvents(restarted.port(), token, run), stored_here);
  EXPECT_EQ(restarted.terminate(), 0);
}

TEST(Lifecycle, SigtermStopsCleanlyAndTheStoreStaysUsable) {
  TempDir dir;
  auto args = storeArgs(dir);
  std::uint16_t port;
  {
    ServerProcess server(args);
    port = server.port();
    ASSERT_EQ(HttpClient(port).get("/healthz").status, 200);
    EXPECT_EQ(server.terminate(), 0);
  }
  ServerProcess again(args);
  EXPECT_EQ(HttpClient(again.port()).get("/healthz").status, 200);
}

}  // namespace
}  // namespace luukku::testing
