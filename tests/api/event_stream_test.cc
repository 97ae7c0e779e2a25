// The event log over HTTP pages and the live WebSocket feed with resume.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "api/api_test_util.h"
#include "support/feed_client.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace std::chrono_literals;

// The next message's JSON, or nullopt when the feed closed (see closeReason()); fails the
// test when nothing comes in time.
std::optional<json::value> next(FeedClient& feed) {
  bool timed_out = false;
  auto text = feed.nextText(10s, &timed_out);
  if (timed_out) ADD_FAILURE() << "no message within the timeout";
  if (!text) return std::nullopt;
  return json::parse(*text);
}

std::string newAgent(int i) {
  return R"({"id":"feed-agent-)" + std::to_string(i) + R"(","name":"Agent )" + std::to_string(i) +
         R"(","languages":["fi"]})";
}

TEST(EventsPage, ReturnsEventsAfterASequenceInOrder) {
  TestServer server;
  auto page = parsed(server.client().get("/api/v1/events?after=3&limit=5"));
  auto items = page.at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].at("seq").as_int64(), static_cast<std::int64_t>(4 + i));
  }
  EXPECT_EQ(page.at("next_after").as_int64(), 8);
  EXPECT_TRUE(items[0].at("data").is_object());
}

TEST(EventsPage, LimitIsBounded) {
  TestServer server;
  EXPECT_EQ(server.client().get("/api/v1/events?limit=0").status, 400);
  EXPECT_EQ(server.client().get("/api/v1/events?limit=1001").status, 400);
  EXPECT_EQ(server.client().get("/api/v1/events?after=-1").status, 400);
}

TEST(EventFeed, ResumesAfterASequenceThenContinuesLive) {
  TestServer server;
  std::int64_t head = durableSeq(server.client());
  ASSERT_GT(head, 5);
  FeedClient feed(server.client(), "/api/v1/events?after=5");
  for (std::int64_t seq = 6; seq <= head; ++seq) {
    auto e = next(feed);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->at("seq").as_int64(), seq);
  }
  ASSERT_EQ(server.client().request("POST", "/api/v1/agents", newAgent(1)).status, 201);
  auto live = next(feed);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->at("seq").as_int64(), head + 1);
  EXPECT_EQ(live->at("type").as_string(), "agent.created");
  EXPECT_EQ(live->at("stream").as_string(), "agent/feed-agent-1");
}

TEST(EventFeed, WithoutAfterSendsOnlyNewEvents) {
  TestServer server;
  std::int64_t head = durableSeq(server.client());
  FeedClient feed(server.client(), "/api/v1/events");
  ASSERT_EQ(server.client().request("POST", "/api/v1/agents", newAgent(2)).status, 201);
  auto e = next(feed);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at("seq").as_int64(), head + 1);
}

TEST(EventFeed, ASubscriberThatFallsBehindIsClosedAndCanResumeWithoutLoss) {
  TestServerOptions options;
  options.engine.subscriber_buffer = 1;
  TestServer server(options);
  std::int64_t head = durableSeq(server.client());
  FeedClient feed(server.client(), "/api/v1/events");

  // Each import publishes 30 events at once: more than a one-event buffer can take, unless
  // the server's writer happens to run between every two of them (a busy machine can
  // deschedule the engine thread); five imports make falling behind certain.
  constexpr int kImports = 5, kPerImport = 30;
  for (int round = 0; round < kImports; ++round) {
    json::array agents;
    for (int i = 0; i < kPerImport; ++i)
      agents.push_back(json::parse(newAgent(100 + round * kPerImport + i)));
    ASSERT_EQ(server.client()
                  .request("POST", "/api/v1/region/import",
                           json::serialize(json::object{{"agents", agents}}))
                  .status,
              200);
  }

  std::int64_t last = head;
  while (auto e = next(feed)) last = e->at("seq").as_int64();
  auto reason = feed.closeReason();
  EXPECT_EQ(reason.code, websocket::close_code::policy_error);
  std::string expected = "reconnect with after=" + std::to_string(last);
  std::string text(reason.reason.data(), reason.reason.size());
  EXPECT_NE(text.find(expected), std::string::npos) << text;

  FeedClient resumed(server.client(), "/api/v1/events?after=" + std::to_string(last));
  for (std::int64_t seq = last + 1; seq <= head + kImports * kPerImport; ++seq) {
    auto e = next(resumed);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->at("seq").as_int64(), seq);
  }
}

TEST(EventFeed, BadAfterIsRefusedBeforeTheUpgrade) {
  TestServer server;
  EXPECT_THROW(FeedClient(server.client(), "/api/v1/events?after=yesterday"),
               boost::system::system_error);
  EXPECT_THROW(FeedClient(server.client(), "/api/v1/events?limit=5"), boost::system::system_error);
}

}  // namespace
}  // namespace luukku::testing
