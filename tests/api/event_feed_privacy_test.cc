// Personal data in the event feed: left out unless the reader asks for it, and then each
// citizen an event names is written to the access log before the event is sent — over HTTP
// pages and over the live WebSocket feed.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "api/api_test_util.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kNumber = "+358401999001";

// A blocking WebSocket reader with a deadline, sending `http`'s credentials.
class Feed {
 public:
  Feed(const HttpClient& http, const std::string& target) : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), http.port()));
    auto headers = http.headers();
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [name, value] : headers) req.set(name, value);
    }));
    ws_.handshake("127.0.0.1", target);
  }

  // The next message as text, or "" when none arrived in time.
  std::string next(std::chrono::milliseconds timeout = 10s) {
    beast::flat_buffer buffer;
    bool done = false;
    boost::system::error_code ec;
    ws_.async_read(buffer, [&](boost::system::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run();
      return "";
    }
    return ec ? "" : beast::buffers_to_string(buffer.data());
  }

  // Messages until one of `type` (inclusive); fails the test if it never comes.
  std::vector<std::string> until(std::string_view type) {
    std::vector<std::string> seen;
    for (int i = 0; i < 50; ++i) {
      std::string m = next();
      if (m.empty()) break;
      seen.push_back(m);
      if (json::parse(m).at("type").as_string() == type) return seen;
    }
    ADD_FAILURE() << "no " << type << " event on the feed";
    return seen;
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

class FeedPrivacy : public ::testing::Test {
 protected:
  void createTask() {
    auto r =
        staff_.request("POST", "/api/v1/tasks",
                       json::serialize(json::object{{"line", "neuvola"}, {"number", kNumber}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // Reads of the number's data in the access log that came from the event feed.
  std::size_t feedReads() {
    auto rows = server_.accessLog().find(std::string("phone:") + kNumber, Timestamp{},
                                         Timestamp::max(), 1000);
    EXPECT_TRUE(rows) << rows.status().toString();
    std::size_t n = 0;
    for (const auto& row : *rows) n += row.record_kind == "event" ? 1 : 0;
    return n;
  }

  TestServer server_;
  HttpClient staff_ = server_.client();
  HttpClient reader_ = server_.clientWithRoles(identity::RoleSet{identity::Role::kSupervisor});
};

TEST_F(FeedPrivacy, APageLeavesOutPhoneNumbersUnlessAskedFor) {
  std::int64_t before = durableSeq(staff_);
  createTask();
  auto r = reader_.get("/api/v1/events?after=" + std::to_string(before));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(kNumber), std::string::npos);
  EXPECT_NE(r.body.find("task.created"), std::string::npos);
  EXPECT_EQ(feedReads(), 0u);
}

TEST_F(FeedPrivacy, APageWithPersonalDataLogsTheReadOfEachCitizen) {
  std::int64_t before = durableSeq(staff_);
  createTask();
  auto r = reader_.get("/api/v1/events?personal=true&after=" + std::to_string(before));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(kNumber), std::string::npos);
  EXPECT_GE(feedReads(), 1u);
}

TEST_F(FeedPrivacy, PersonalMustBeTrueOrFalse) {
  EXPECT_EQ(reader_.get("/api/v1/events?personal=yes").status, 400);
}

TEST_F(FeedPrivacy, TheLiveFeedLeavesOutPhoneNumbersUnlessAskedFor) {
  Feed feed(reader_, "/api/v1/events");
  createTask();
  for (const auto& m : feed.until("task.created"))
    EXPECT_EQ(m.find(kNumber), std::string::npos) << m;
  EXPECT_EQ(feedReads(), 0u);
}

TEST_F(FeedPrivacy, TheLiveFeedWithPersonalDataLogsTheReadBeforeSendingIt) {
  Feed feed(reader_, "/api/v1/events?personal=true");
  createTask();
  auto seen = feed.until("task.created");
  ASSERT_FALSE(seen.empty());
  EXPECT_NE(seen.back().find(kNumber), std::string::npos);
  EXPECT_GE(feedReads(), 1u);
}

TEST_F(FeedPrivacy, HistoryReplayedOnResumeLeavesOutPhoneNumbersToo) {
  std::int64_t before = durableSeq(staff_);
  createTask();
  Feed feed(reader_, "/api/v1/events?after=" + std::to_string(before));
  for (const auto& m : feed.until("task.created"))
    EXPECT_EQ(m.find(kNumber), std::string::npos) << m;
}

}  // namespace
}  // namespace luukku::testing
