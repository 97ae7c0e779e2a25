// Personal data in the event feed: left out unless the reader asks for it, and then each
// citizen an event names is written to the access log before the event is sent — over HTTP
// pages and over the live WebSocket feed.
#include <gtest/gtest.h>

#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "api/api_test_util.h"
#include "support/feed_client.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kNumber = "+358401999001";

// Messages until one of `type` (inclusive); fails the test if it never comes.
std::vector<std::string> until(FeedClient& feed, std::string_view type) {
  std::vector<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto m = feed.nextText();
    if (!m) break;
    seen.push_back(*m);
    if (json::parse(*m).at("type").as_string() == type) return seen;
  }
  ADD_FAILURE() << "no " << type << " event on the feed";
  return seen;
}

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

TEST_F(FeedPrivacy, AnOutgoingCallsNumberIsLeftOutLikeACallersNumber) {
  auto ready = staff_.request("PUT", "/api/v1/agents/pekka-jarvinen/presence",
                              json::serialize(json::object{{"status", "available"}}));
  ASSERT_EQ(ready.status, 200) << ready.body;
  std::int64_t before = durableSeq(staff_);
  engine::DialOut dial;
  dial.call = {"", "mielenterveys-paihde", "pekka-jarvinen", kNumber, ""};
  dial.caller_id = "+358201234567";
  auto dialled = server_.engine().execute(std::move(dial), boost::asio::use_future).get();
  ASSERT_TRUE(dialled) << dialled.status().toString();
  auto r = reader_.get("/api/v1/events?after=" + std::to_string(before));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("contact.dialled"), std::string::npos);
  EXPECT_EQ(r.body.find(kNumber), std::string::npos);
  ASSERT_EQ(reader_.get("/api/v1/events?personal=true&after=" + std::to_string(before)).status,
            200);
  EXPECT_EQ(feedReads(), 2u);  // contact.dialled and call.dialled both name the number
}

TEST_F(FeedPrivacy, AContactRequestsNameAndWordsAreLeftOutUnlessAskedFor) {
  std::int64_t before = durableSeq(staff_);
  auto created = staff_.request(
      "POST", "/api/v1/tasks",
      json::serialize(json::object{{"line", "neuvola"},
                                   {"channel", "contact_request"},
                                   {"number", kNumber},
                                   {"name", "Aino Mäki"},
                                   {"description", "Rokotusaika lapselle\r\nkiitos"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  // Typed in a browser's text area, kept with a plain line feed.
  EXPECT_EQ(json::parse(created.body).at("description"), "Rokotusaika lapselle\nkiitos");
  auto page = reader_.get("/api/v1/events?after=" + std::to_string(before));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("task.created"), std::string::npos);
  EXPECT_EQ(page.body.find("Rokotusaika"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("Aino"), std::string::npos) << page.body;
  auto personal = reader_.get("/api/v1/events?personal=true&after=" + std::to_string(before));
  ASSERT_EQ(personal.status, 200);
  EXPECT_NE(personal.body.find("Rokotusaika lapselle\\nkiitos"), std::string::npos);
  EXPECT_GE(feedReads(), 1u);
}

TEST_F(FeedPrivacy, AContactRequestWithoutANumberIsReadUnderItsTask) {
  std::int64_t before = durableSeq(staff_);
  auto created =
      staff_.request("POST", "/api/v1/tasks",
                     json::serialize(json::object{{"line", "neuvola"},
                                                  {"channel", "contact_request"},
                                                  {"description", "Soittakaa iltapäivällä"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());
  auto personal = reader_.get("/api/v1/events?personal=true&after=" + std::to_string(before));
  ASSERT_EQ(personal.status, 200);
  EXPECT_NE(personal.body.find("Soittakaa"), std::string::npos);
  auto rows = server_.accessLog().find("customer:" + id, Timestamp{}, Timestamp::max(), 100);
  ASSERT_TRUE(rows) << rows.status().toString();
  std::size_t from_feed = 0;
  for (const auto& row : *rows) from_feed += row.record_kind == "event" ? 1 : 0;
  EXPECT_GE(from_feed, 1u);
}

TEST_F(FeedPrivacy, PersonalMustBeTrueOrFalse) {
  EXPECT_EQ(reader_.get("/api/v1/events?personal=yes").status, 400);
}

TEST_F(FeedPrivacy, TheLiveFeedLeavesOutPhoneNumbersUnlessAskedFor) {
  FeedClient feed(reader_, "/api/v1/events");
  createTask();
  for (const auto& m : until(feed, "task.created"))
    EXPECT_EQ(m.find(kNumber), std::string::npos) << m;
  EXPECT_EQ(feedReads(), 0u);
}

TEST_F(FeedPrivacy, TheLiveFeedWithPersonalDataLogsTheReadBeforeSendingIt) {
  FeedClient feed(reader_, "/api/v1/events?personal=true");
  createTask();
  auto seen = until(feed, "task.created");
  ASSERT_FALSE(seen.empty());
  EXPECT_NE(seen.back().find(kNumber), std::string::npos);
  EXPECT_GE(feedReads(), 1u);
}

TEST_F(FeedPrivacy, HistoryReplayedOnResumeLeavesOutPhoneNumbersToo) {
  std::int64_t before = durableSeq(staff_);
  createTask();
  FeedClient feed(reader_, "/api/v1/events?after=" + std::to_string(before));
  for (const auto& m : until(feed, "task.created"))
    EXPECT_EQ(m.find(kNumber), std::string::npos) << m;
}

}  // namespace
}  // namespace luukku::testing
