// Handing a chat on over HTTP and the chat sockets (docs/chat.md, "Transfer and invite"), on an
// in-process server with the demo region and a clock the test controls (Monday 23 November
// 2026, 9:00, when both lines are open): to a line's queue, to a colleague, inviting one, and
// the refusals with their documented codes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "api/api_test_util.h"
#include "support/feed_client.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSanna = "sanna-rinta-aho";  // terveysasemat
constexpr const char* kEmma = "emma-lindqvist";    // terveysasemat and neuvola
constexpr const char* kLiisa = "liisa-koskela";    // neuvola

class ChatTransferApi : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  void SetUp() override { setPresence(kSanna, "available"); }

  void setPresence(const std::string& agent, const std::string& status) {
    auto r = staff_.request("PUT", "/api/v1/agents/" + agent + "/presence",
                            json::serialize(json::object{{"status", status}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static json::value next(FeedClient& socket, std::string_view type) {
    for (int i = 0; i < 20; ++i) {
      auto text = socket.nextText(5s);
      EXPECT_TRUE(text) << "no " << type << " arrived";
      if (!text) return nullptr;
      json::value v = json::parse(*text);
      if (v.at("type").as_string() == type) return v;
    }
    return nullptr;
  }
  // A chat on terveysasemat Sanna has accepted, with one message from the visitor, and the
  // visitor's socket past "joined".
  std::pair<std::string, std::unique_ptr<FeedClient>> activeChat() {
    auto r =
        postJson(visitor_, "/api/v1/chat/start",
                 json::object{{"line", "terveysasemat"}, {"language", "fi"}, {"name", "Maija"}});
    EXPECT_EQ(r.status, 201) << r.body;
    json::value started = parsed(r);
    std::string id(started.at("chat_id").as_string());
    auto socket = std::make_unique<FeedClient>(visitor_, "/api/v1/chat/connect");
    socket->send(json::serialize(json::object{
        {"type", "hello"}, {"chat_id", id}, {"token", started.at("token")}, {"after", 0}}));
    // Connected while waiting, so the visitor is told who joins rather than welcomed to an
    // active chat.
    EXPECT_FALSE(next(*socket, "welcome").is_null());
    auto accepted = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                             json::object{{"kind", "contact"}, {"id", id}});
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_FALSE(next(*socket, "joined").is_null());
    socket->send(json::serialize(
        json::object{{"type", "send"}, {"client_id", "v-1"}, {"text", "Tarvitsen neuvolaa"}}));
    EXPECT_FALSE(next(*socket, "message").is_null());
    return {id, std::move(socket)};
  }
  RawResponse transfer(const HttpClient& who, const std::string& id, json::object body) {
    return postJson(who, "/api/v1/chats/" + id + "/transfer", body);
  }
  RawResponse says(const HttpClient& who, const std::string& id, const std::string& client_id) {
    return postJson(who, "/api/v1/chats/" + id + "/messages",
                    json::object{{"client_id", client_id}, {"text", "Hei"}});
  }
  static std::string code(const RawResponse& r) {
    return std::string(parsed(r).at("error").at("code").as_string());
  }

  TestClock clock_{helsinki(23, 9, 0)};
  TestServer server_{options()};
  HttpClient staff_ = server_.client();
  HttpClient visitor_ = server_.anonymousClient();
  HttpClient sanna_ = server_.agentClient(kSanna);
  HttpClient emma_ = server_.agentClient(kEmma);
  HttpClient liisa_ = server_.agentClient(kLiisa);
};

TEST_F(ChatTransferApi, AChatTransferredToALineGoesToItsProfessionalWithItsWholeHistory) {
  setPresence(kLiisa, "available");
  auto [id, socket] = activeChat();
  auto r = transfer(sanna_, id, json::object{{"line", "neuvola"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("to"), "line");
  json::value told = next(*socket, "transferred");
  EXPECT_EQ(told.at("to"), "line");
  EXPECT_EQ(told.at("line").at("name"), "Äitiys- ja lastenneuvola");
  auto accepted = postJson(liisa_, std::string("/api/v1/agents/") + kLiisa + "/offers/accept",
                           json::object{{"kind", "contact"}, {"id", id}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(next(*socket, "joined").at("professional").at("name"), "Liisa");
  auto chat = liisa_.get("/api/v1/chats/" + id);
  ASSERT_EQ(chat.status, 200) << chat.body;
  json::value view = parsed(chat);
  EXPECT_EQ(view.at("line"), "neuvola");
  ASSERT_EQ(view.at("messages").as_array().size(), 1u);
  EXPECT_EQ(view.at("messages").at(0).at("text"), "Tarvitsen neuvolaa");
  EXPECT_EQ(says(liisa_, id, "p-1").status, 201);
  EXPECT_EQ(says(sanna_, id, "p-2").status, 403);
}

TEST_F(ChatTransferApi, EachRefusalHasItsCodeAndLeavesTheChatWithItsHolder) {
  auto [id, socket] = activeChat();
  auto expect = [&](const HttpClient& who, json::object body, int status, const char* want) {
    auto r = transfer(who, id, body);
    EXPECT_EQ(r.status, status) << json::serialize(body) << ": " << r.body;
    if (r.status == status && status != 400) {
      EXPECT_EQ(code(r), want) << json::serialize(body);
    }
  };
  expect(sanna_, {{"line", "ei-ole"}}, 404, "unknown_line");
  expect(sanna_, {{"line", "suun-terveys"}}, 422, "line_without_chat");
  expect(sanna_, {{"line", "neuvola"}}, 409, "nobody_on_line");
  expect(sanna_, {{"agent", kSanna}}, 422, "self");
  expect(sanna_, {{"agent", "ei-kukaan"}}, 404, "unknown_colleague");
  expect(sanna_, {{"agent", kEmma}}, 409, "colleague_unavailable");
  expect(sanna_, {{"line", "neuvola"}, {"agent", kEmma}}, 400, "");
  expect(sanna_, json::object{}, 400, "");
  expect(emma_, {{"line", "neuvola"}}, 403, "permission_denied");
  auto chat = sanna_.get("/api/v1/chats/" + id);
  ASSERT_EQ(chat.status, 200);
  EXPECT_EQ(parsed(chat).at("agent"), kSanna);
  EXPECT_EQ(says(sanna_, id, "p-1").status, 201);
}

TEST_F(ChatTransferApi, AColleagueAcceptsTheChatOfferedToThem) {
  auto [id, socket] = activeChat();
  setPresence(kEmma, "available");  // after Sanna has the chat: Emma answers terveysasemat too
  auto r = transfer(sanna_, id, json::object{{"agent", kEmma}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(parsed(r).at("agent"), kEmma);
  // A second question meanwhile waits for the first.
  auto again = postJson(sanna_, "/api/v1/chats/" + id + "/invite", json::object{{"agent", kEmma}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code(again), "transfer_pending");
  // Nobody else answers for Emma.
  auto stranger = postJson(liisa_, "/api/v1/chats/" + id + "/colleague/accept", json::object{});
  EXPECT_EQ(stranger.status, 409);
  EXPECT_EQ(code(stranger), "nothing_asked");
  auto accepted = postJson(emma_, "/api/v1/chats/" + id + "/colleague/accept", json::object{});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(next(*socket, "transferred").at("to"), "professional");
  EXPECT_EQ(next(*socket, "joined").at("professional").at("name"), "Emma");
  EXPECT_EQ(says(emma_, id, "p-1").status, 201);
  EXPECT_EQ(says(sanna_, id, "p-2").status, 403);
}

TEST_F(ChatTransferApi, AnInvitedColleagueWritesAndLeaves) {
  auto [id, socket] = activeChat();
  setPresence(kEmma, "available");  // after Sanna has the chat: Emma answers terveysasemat too
  auto r = postJson(sanna_, "/api/v1/chats/" + id + "/invite", json::object{{"agent", kEmma}});
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(postJson(emma_, "/api/v1/chats/" + id + "/colleague/accept", json::object{}).status,
            200);
  json::value joined = next(*socket, "colleague");
  EXPECT_EQ(joined.at("name"), "Emma");
  EXPECT_EQ(joined.at("joined"), true);
  EXPECT_EQ(says(emma_, id, "p-e").status, 201);
  EXPECT_EQ(says(sanna_, id, "p-s").status, 201);
  auto busy = transfer(sanna_, id, json::object{{"line", "neuvola"}});
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(code(busy), "colleague_in_chat");
  EXPECT_EQ(postJson(emma_, "/api/v1/chats/" + id + "/leave", json::object{}).status, 204);
  EXPECT_EQ(next(*socket, "colleague").at("joined"), false);
  EXPECT_EQ(says(emma_, id, "p-e2").status, 403);
  auto twice = postJson(emma_, "/api/v1/chats/" + id + "/leave", json::object{});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code(twice), "not_in_chat");
}

}  // namespace
}  // namespace luukku::testing
