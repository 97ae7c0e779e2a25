// The visitor's feedback after a chat, over real HTTP and WebSocket, on an in-process server
// with the demo region and a clock the test controls (Monday 23 November 2026, 10:00, when
// "terveysasemat" is open): stored once per chat, only after it ended, only with the visitor's
// token, for 24 hours, its words withheld from the event feed without personal data.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <memory>

#include "api/api_test_util.h"
#include "chat/chat_service.h"
#include "store/event_store.h"
#include "support/feed_client.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSanna = "sanna-rinta-aho";

class ChatFeedbackApi : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }

  void SetUp() override {
    auto r = staff_.request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                            R"({"status":"available"})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto started = postJson(visitor_, "/api/v1/chat/start",
                            json::object{{"line", "terveysasemat"}, {"language", "fi"}});
    ASSERT_EQ(started.status, 201) << started.body;
    chat_id_ = std::string(parsed(started).at("chat_id").as_string());
    token_ = std::string(parsed(started).at("token").as_string());
  }

  // The chat accepted by Sanna and ended by her, the visitor's socket told so.
  void acceptAndEnd() {
    FeedClient socket(visitor_, "/api/v1/chat/connect");
    socket.send(json::serialize(
        json::object{{"type", "hello"}, {"chat_id", chat_id_}, {"token", token_}, {"after", 0}}));
    auto accepted = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                             json::object{{"kind", "contact"}, {"id", chat_id_}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    auto ended = postJson(sanna_, "/api/v1/chats/" + chat_id_ + "/end", json::object{});
    ASSERT_EQ(ended.status, 200) << ended.body;
    for (int i = 0; i < 20; ++i) {
      auto text = socket.nextText(5s);
      ASSERT_TRUE(text) << "the visitor was not told the chat ended";
      if (json::parse(*text).at("type") == "ended") return;
    }
    FAIL() << "no ended message";
  }

  RawResponse feedback(std::int64_t rating, const std::string& text = "",
                       const std::string& token = "") {
    json::object body{
        {"chat_id", chat_id_}, {"token", token.empty() ? token_ : token}, {"rating", rating}};
    if (!text.empty()) body["text"] = text;
    return postJson(visitor_, "/api/v1/chat/feedback", body);
  }

  std::vector<store::StoredEvent> chatStream() {
    auto store = store::openStore(server_.storeUrl());
    EXPECT_TRUE(store);
    if (!store) return {};
    auto events = (*store)->readStream("chat/" + chat_id_, 0, 1000);
    return events ? *events : std::vector<store::StoredEvent>{};
  }

  // The chat service forgets chats that ended more than an hour before the clock's time.
  void forgetEndedChats() {
    std::promise<void> done;
    server_.chat().runDueWork([&done] { done.set_value(); });
    done.get_future().wait();
  }

  TestClock clock_{helsinki(23, 10, 0)};
  TestServer server_{options()};
  HttpClient staff_ = server_.client();
  HttpClient visitor_ = server_.anonymousClient();
  HttpClient sanna_ = server_.agentClient(kSanna);
  std::string chat_id_;
  std::string token_;
};

TEST_F(ChatFeedbackApi, FeedbackAfterTheChatEndedIsStoredOnItsStream) {
  acceptAndEnd();
  auto r = feedback(4, "  Nopea ja ystävällinen  ");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(parsed(r).at("received"), true);
  auto events = chatStream();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[events.size() - 2].type, "chat.ended");
  EXPECT_EQ(events.back().type, "chat.feedback");
  json::value data = json::parse(events.back().payload);
  EXPECT_EQ(data.at("rating"), 4);
  EXPECT_EQ(data.at("text"), "Nopea ja ystävällinen");
  EXPECT_EQ(data.at("line_id"), "terveysasemat");
  EXPECT_EQ(data.at("started_at"), "2026-11-23T08:00:00.000000Z");
}

TEST_F(ChatFeedbackApi, AVisitorWhoLeftWhileWaitingMayGiveFeedbackWithoutWords) {
  FeedClient socket(visitor_, "/api/v1/chat/connect");
  socket.send(json::serialize(
      json::object{{"type", "hello"}, {"chat_id", chat_id_}, {"token", token_}, {"after", 0}}));
  socket.send(R"({"type":"leave"})");
  std::string type;
  while (type != "ended") {
    auto text = socket.nextText(5s);
    ASSERT_TRUE(text);
    type = std::string(json::parse(*text).at("type").as_string());
  }
  auto r = feedback(2);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(json::parse(chatStream().back().payload).as_object().contains("text"));
}

TEST_F(ChatFeedbackApi, FeedbackBeforeTheChatEndedIsRefused) {
  auto r = feedback(5);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(errorCode(r), "not_ended");
  EXPECT_EQ(chatStream().back().type, "chat.started");
}

TEST_F(ChatFeedbackApi, FeedbackIsTakenOncePerChat) {
  acceptAndEnd();
  ASSERT_EQ(feedback(5).status, 201);
  auto again = feedback(1, "Muutin mieleni");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(errorCode(again), "already_given");
  int stored = 0;
  for (const auto& e : chatStream()) stored += e.type == "chat.feedback" ? 1 : 0;
  EXPECT_EQ(stored, 1);
}

TEST_F(ChatFeedbackApi, AWrongTokenAndAnUnknownChatAnswerTheSame) {
  acceptAndEnd();
  auto wrong = feedback(5, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(wrong.status, 404) << wrong.body;
  auto unknown =
      postJson(visitor_, "/api/v1/chat/feedback",
               json::object{{"chat_id", "c-zzzzzzzz"}, {"token", token_}, {"rating", 5}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(parsed(wrong).at("error"), parsed(unknown).at("error"));
}

TEST_F(ChatFeedbackApi, ARatingOutsideOneToFiveAndTooManyWordsAreRefused) {
  acceptAndEnd();
  auto zero = feedback(0);
  EXPECT_EQ(zero.status, 422);
  EXPECT_EQ(errorCode(zero), "invalid_rating");
  EXPECT_EQ(errorCode(feedback(6)), "invalid_rating");
  auto long_text = feedback(3, std::string(1001, 'a'));
  EXPECT_EQ(long_text.status, 422);
  EXPECT_EQ(errorCode(long_text), "too_long");
  EXPECT_EQ(feedback(3, std::string(1000, 'a')).status, 201);
}

TEST_F(ChatFeedbackApi, FeedbackIsTakenAfterTheChatServiceHasForgottenTheChat) {
  acceptAndEnd();
  clock_.advance(3h);
  forgetEndedChats();
  ASSERT_EQ(staff_.get("/api/v1/chats/" + chat_id_).status, 404);
  auto r = feedback(5, "Kiitos");
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(ChatFeedbackApi, FeedbackMoreThanADayAfterTheEndIsRefused) {
  acceptAndEnd();
  clock_.advance(24h + 1s);
  auto r = feedback(5);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(errorCode(r), "expired");
  EXPECT_EQ(chatStream().back().type, "chat.ended");
}

TEST_F(ChatFeedbackApi, TheEventFeedWithholdsTheWordsAndLogsWhoReadThem) {
  acceptAndEnd();
  ASSERT_EQ(feedback(3, "Jonotin liian kauan").status, 201);
  auto plain = staff_.get("/api/v1/events?after=0&limit=1000");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_NE(plain.body.find("chat.feedback"), std::string::npos);
  EXPECT_EQ(plain.body.find("Jonotin"), std::string::npos);
  auto rows = [&] {
    auto found = server_.accessLog().find("customer:" + chat_id_, fromMicros(0),
                                          fromMicros(INT64_MAX / 2), 100);
    EXPECT_TRUE(found);
    return found ? found->size() : 0;
  };
  std::size_t before = rows();
  auto personal = staff_.get("/api/v1/events?after=0&limit=1000&personal=true");
  ASSERT_EQ(personal.status, 200) << personal.body;
  EXPECT_NE(personal.body.find("Jonotin liian kauan"), std::string::npos);
  EXPECT_GT(rows(), before);
}

TEST_F(ChatFeedbackApi, TheChatReportCountsTheChatItsTimesAndItsFeedback) {
  clock_.advance(10s);  // waits 10 s before Sanna accepts
  acceptAndEnd();
  ASSERT_EQ(postJson(sanna_, "/api/v1/contacts/" + chat_id_ + "/complete", json::object{}).status,
            200);
  ASSERT_EQ(feedback(4).status, 201);
  auto r = staff_.get("/api/v1/reports/chats?from=2026-11-23&to=2026-11-23&period=day");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value row = parsed(r).at("items").at(0);
  EXPECT_EQ(row.at("period"), "2026-11-23");
  EXPECT_EQ(row.at("line"), "*");
  EXPECT_EQ(row.at("offered"), 1);
  EXPECT_EQ(row.at("answered"), 1);
  EXPECT_EQ(row.at("abandoned"), 0);
  EXPECT_EQ(row.at("wait").at("median_s"), 10);
  EXPECT_EQ(row.at("feedback").at("count"), 1);
  EXPECT_EQ(row.at("feedback").at("mean_rating"), 4.0);
  EXPECT_EQ(row.at("feedback").at("ratings"), json::parse("[0,0,0,1,0]"));
  auto csv = staff_.get("/api/v1/reports/chats?from=2026-11-23&to=2026-11-23&format=csv&lang=en");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("\"Chats offered\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"All lines\",\"1\",\"1\",\"0\""), std::string::npos) << csv.body;
}

}  // namespace
}  // namespace luukku::testing
