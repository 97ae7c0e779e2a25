// Chat over HTTP and WebSocket, both sides, on an in-process server with the demo region and
// a clock the test controls (Monday 23 November 2026, 10:00, when "terveysasemat" is open).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <memory>

#include "api/api_test_util.h"
#include "store/event_store.h"
#include "support/feed_client.h"
#include "support/metrics_text.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using identity::Role;
using identity::RoleSet;

constexpr const char* kLine = "terveysasemat";
constexpr const char* kSanna = "sanna-rinta-aho";

struct Chat {
  std::string id;
  std::string token;
};

class ChatApi : public ::testing::Test {
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
  RawResponse startRaw(const std::string& name = "") {
    json::object body{{"line", kLine}, {"language", "fi"}};
    if (!name.empty()) body["name"] = name;
    return postJson(visitor_, "/api/v1/chat/start", body);
  }
  Chat start(const std::string& name = "") {
    auto r = startRaw(name);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    auto v = parsed(r);
    return {std::string(v.at("chat_id").as_string()), std::string(v.at("token").as_string())};
  }
  // A visitor's socket after its hello.
  std::unique_ptr<FeedClient> connect(const Chat& chat, std::int64_t after = 0) {
    auto socket = std::make_unique<FeedClient>(visitor_, "/api/v1/chat/connect");
    socket->send(json::serialize(json::object{
        {"type", "hello"}, {"chat_id", chat.id}, {"token", chat.token}, {"after", after}}));
    return socket;
  }
  static json::value next(FeedClient& socket) {
    auto text = socket.nextText(5s);
    EXPECT_TRUE(text) << "nothing arrived";
    return text ? json::parse(*text) : json::value(nullptr);
  }
  // The next message of `type`, skipping others.
  static json::value nextOf(FeedClient& socket, std::string_view type) {
    for (int i = 0; i < 20; ++i) {
      json::value v = next(socket);
      if (!v.is_object()) return v;
      if (v.at("type").as_string() == type) return v;
    }
    return nullptr;
  }
  static void send(FeedClient& socket, const std::string& client_id, const std::string& text) {
    socket.send(
        json::serialize(json::object{{"type", "send"}, {"client_id", client_id}, {"text", text}}));
  }
  void accept(const std::string& chat_id) {
    auto r = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                      json::object{{"kind", "contact"}, {"id", chat_id}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A chat Sanna has accepted, with the visitor's socket past "joined".
  std::pair<Chat, std::unique_ptr<FeedClient>> activeChat() {
    Chat chat = start("Maija");
    auto socket = connect(chat);
    EXPECT_EQ(next(*socket).at("type"), "welcome");
    accept(chat.id);
    EXPECT_EQ(nextOf(*socket, "joined").at("professional").at("name"), "Sanna");
    return {chat, std::move(socket)};
  }
  RawResponse professionalSays(const HttpClient& who, const std::string& chat_id,
                               const std::string& client_id, const std::string& text) {
    return postJson(who, "/api/v1/chats/" + chat_id + "/messages",
                    json::object{{"client_id", client_id}, {"text", text}});
  }
  std::vector<std::string> streamTypes(const std::string& stream) {
    auto store = store::openStore(server_.storeUrl());
    EXPECT_TRUE(store);
    auto events = (*store)->readStream(stream, 0, 1000);
    std::vector<std::string> out;
    if (events) {
      for (const auto& e : *events) out.push_back(e.type);
    }
    return out;
  }
  std::size_t accessRows(const std::string& chat_id) {
    auto rows = server_.accessLog().find("customer:" + chat_id, fromMicros(0),
                                         fromMicros(INT64_MAX / 2), 100);
    EXPECT_TRUE(rows);
    return rows ? rows->size() : 0;
  }

  TestClock clock_{helsinki(23, 10, 0)};
  TestServer server_{options()};
  HttpClient staff_ = server_.client();
  HttpClient visitor_ = server_.anonymousClient();
  HttpClient sanna_ = server_.agentClient(kSanna);
};

TEST_F(ChatApi, ListsTheLinesThatServeChatInTheAskedLanguage) {
  auto r = visitor_.get("/api/v1/chat/lines?lang=en");
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  json::value body = parsed(r);
  for (const auto& line : body.at("lines").as_array()) {
    EXPECT_NE(line.at("id"), "suun-terveys");  // phone only
    if (line.at("id") == kLine) {
      found = true;
      EXPECT_EQ(line.at("name"), "Health stations: appointments and advice");
      EXPECT_EQ(line.at("open"), true);
      EXPECT_TRUE(line.at("next_open").is_null());
      EXPECT_EQ(line.at("contact_requests"), true);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ChatApi, AClosedLineRefusesAChat) {
  clock_.set(helsinki(22, 18, 0));  // Sunday evening
  auto r = startRaw();
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(errorCode(r), "closed");
}

TEST_F(ChatApi, AVisitorWaitsAndSeesTheirPlaceInLine) {
  start();  // offered to Sanna, who can be offered one thing at a time
  Chat second = start();
  auto socket = connect(second);
  json::value welcome = next(*socket);
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("chat_id"), json::value(second.id));
  EXPECT_EQ(welcome.at("state"), "waiting");
  EXPECT_TRUE(welcome.at("professional").is_null());
  json::value queue = next(*socket);
  EXPECT_EQ(queue.at("type"), "queue");
  EXPECT_EQ(queue.at("position"), 1);
  EXPECT_TRUE(queue.at("estimated_wait_s").is_number());
}

TEST_F(ChatApi, AnAcceptedChatCarriesMessagesBothWaysInOrder) {
  auto [chat, socket] = activeChat();
  send(*socket, "v-1", "Hei, tarvitsen ajan");
  json::value mine = nextOf(*socket, "message");
  EXPECT_EQ(mine.at("seq"), 1);
  EXPECT_EQ(mine.at("from"), "visitor");
  EXPECT_EQ(mine.at("client_id"), "v-1");
  auto reply = professionalSays(sanna_, chat.id, "p-1", "Hei Maija, katsotaan");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(parsed(reply).at("seq"), 2);
  json::value theirs = nextOf(*socket, "message");
  EXPECT_EQ(theirs.at("seq"), 2);
  EXPECT_EQ(theirs.at("from"), "professional");
  EXPECT_EQ(theirs.at("name"), "Sanna");
  EXPECT_EQ(theirs.at("text"), "Hei Maija, katsotaan");
}

TEST_F(ChatApi, ReconnectingWithAfterReplaysExactlyTheMissingMessages) {
  auto [chat, socket] = activeChat();
  for (int i = 1; i <= 3; ++i) {
    send(*socket, "v-" + std::to_string(i), "viesti " + std::to_string(i));
    EXPECT_EQ(nextOf(*socket, "message").at("seq"), i);
  }
  socket.reset();
  auto again = connect(chat, 1);
  EXPECT_EQ(next(*again).at("type"), "welcome");
  EXPECT_EQ(next(*again).at("seq"), 2);
  EXPECT_EQ(next(*again).at("seq"), 3);
  // Nothing more: no duplicates and no queue (the chat is active).
  bool timed_out = false;
  EXPECT_FALSE(again->nextText(300ms, &timed_out));
  EXPECT_TRUE(timed_out);
}

TEST_F(ChatApi, AResendWithTheSameClientIdIsNotStoredTwice) {
  auto [chat, socket] = activeChat();
  send(*socket, "v-1", "Hei");
  EXPECT_EQ(nextOf(*socket, "message").at("seq"), 1);
  send(*socket, "v-1", "Hei");
  json::value again = nextOf(*socket, "message");
  EXPECT_EQ(again.at("seq"), 1);
  EXPECT_EQ(again.at("client_id"), "v-1");
  auto types = streamTypes("chat/" + chat.id);
  EXPECT_EQ(std::count(types.begin(), types.end(), "chat.message"), 1);
}

TEST_F(ChatApi, AVisitorLeavingWhileWaitingAbandonsTheContact) {
  Chat chat = start();
  auto socket = connect(chat);
  EXPECT_EQ(next(*socket).at("type"), "welcome");
  socket->send(R"({"type":"leave"})");
  json::value ended = nextOf(*socket, "ended");
  EXPECT_EQ(ended.at("by"), "visitor");
  EXPECT_FALSE(socket->nextText(2s));
  EXPECT_EQ(socket->closeReason().code, boost::beast::websocket::close_code::normal);
  EXPECT_EQ(streamTypes("contact/" + chat.id).back(), "contact.abandoned");
}

TEST_F(ChatApi, TheProfessionalEndingTellsTheVisitorAndCompletingGivesWrapUp) {
  auto [chat, socket] = activeChat();
  auto ended = postJson(sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(parsed(ended).at("state"), "ended");
  json::value told = nextOf(*socket, "ended");
  EXPECT_EQ(told.at("by"), "professional");
  auto done = postJson(sanna_, "/api/v1/contacts/" + chat.id + "/complete", json::object{});
  ASSERT_EQ(done.status, 200) << done.body;
  auto presence = parsed(staff_.get("/api/v1/presence"));
  for (const auto& p : presence.at("items").as_array()) {
    if (p.at("agent") == kSanna) {
      EXPECT_EQ(p.at("state").at("status"), "wrap_up");
    }
  }
}

TEST_F(ChatApi, AVisitorBackAfterTheServerForgotTheChatIsToldItEnded) {
  Chat chat = start();
  {
    auto socket = connect(chat);
    EXPECT_EQ(next(*socket).at("type"), "welcome");
    socket->send(R"({"type":"leave"})");
    EXPECT_EQ(nextOf(*socket, "ended").at("by"), "visitor");
  }
  // An hour later the chat service has forgotten the chat; only the log has it.
  clock_.advance(std::chrono::hours(2));
  std::promise<void> forgotten;
  server_.chat().runDueWork([&forgotten] { forgotten.set_value(); });
  forgotten.get_future().get();
  auto socket = connect(chat);
  json::value welcome = next(*socket);
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("state"), "ended");
  json::value ended = next(*socket);
  EXPECT_EQ(ended.at("type"), "ended");
  EXPECT_EQ(ended.at("by"), "visitor");
  EXPECT_FALSE(socket->nextText(2s));
  EXPECT_EQ(socket->closeReason().code, boost::beast::websocket::close_code::normal);
  auto stranger = connect(Chat{chat.id, "x" + chat.token.substr(1)});
  EXPECT_FALSE(stranger->nextText(2s));
  EXPECT_EQ(std::string(stranger->closeReason().reason.c_str()), "unknown chat");
}

TEST_F(ChatApi, AWriteToAnEndedChatIsRefused) {
  auto [chat, socket] = activeChat();
  ASSERT_EQ(postJson(sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 200);
  auto late = professionalSays(sanna_, chat.id, "p-late", "Vielä");
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(errorCode(late), "ended");
}

TEST_F(ChatApi, AnAgentWhoDoesNotHoldTheChatIsRefused) {
  auto [chat, socket] = activeChat();
  HttpClient emma = server_.agentClient("emma-lindqvist");
  EXPECT_EQ(emma.get("/api/v1/chats/" + chat.id).status, 403);
  EXPECT_EQ(professionalSays(emma, chat.id, "e-1", "Hei").status, 403);
  EXPECT_EQ(postJson(emma, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 403);
}

TEST_F(ChatApi, OfTwoProfessionalsTakingTheSameChatExactlyOneHoldsIt) {
  setPresence("emma-lindqvist", "available");
  HttpClient emma = server_.agentClient("emma-lindqvist");
  Chat chat = start();
  json::object item{{"kind", "contact"}, {"id", chat.id}};
  auto by_sanna = postJson(sanna_, "/api/v1/agents/sanna-rinta-aho/offers/accept", item);
  auto by_emma = postJson(emma, "/api/v1/agents/emma-lindqvist/offers/accept", item);
  ASSERT_EQ((by_sanna.status == 200) + (by_emma.status == 200), 1)
      << by_sanna.body << " " << by_emma.body;
  const HttpClient& winner = by_sanna.status == 200 ? sanna_ : emma;
  const HttpClient& loser = by_sanna.status == 200 ? emma : sanna_;
  EXPECT_EQ(professionalSays(winner, chat.id, "w-1", "Hei").status, 201);
  EXPECT_EQ(professionalSays(loser, chat.id, "l-1", "Hei").status, 403);
}

TEST_F(ChatApi, ReadingAChatIsWrittenToTheAccessLog) {
  auto [chat, socket] = activeChat();
  send(*socket, "v-1", "Minulla on kuumetta");
  nextOf(*socket, "message");
  std::size_t before = accessRows(chat.id);
  auto r = sanna_.get("/api/v1/chats/" + chat.id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = parsed(r);
  EXPECT_EQ(v.at("agent"), kSanna);
  EXPECT_EQ(v.at("visitor").at("name"), "Maija");
  EXPECT_EQ(v.at("visitor").at("connected"), true);
  EXPECT_EQ(v.at("messages").as_array().at(0).at("text"), "Minulla on kuumetta");
  EXPECT_EQ(accessRows(chat.id), before + 1);
}

TEST_F(ChatApi, TheDesktopFeedSendsHeldChatsAndTheirMessages) {
  auto [chat, socket] = activeChat();
  FeedClient desk(sanna_, std::string("/api/v1/agents/") + kSanna + "/chats/feed");
  json::value held = next(desk);
  EXPECT_EQ(held.at("type"), "chat");
  EXPECT_EQ(held.at("chat").at("chat_id"), json::value(chat.id));
  send(*socket, "v-1", "Hei");
  json::value message = nextOf(desk, "message");
  EXPECT_EQ(message.at("chat_id"), json::value(chat.id));
  EXPECT_EQ(message.at("text"), "Hei");
  EXPECT_EQ(accessRows(chat.id), 1u);
}

TEST_F(ChatApi, AnotherAgentsDesktopFeedIsRefused) {
  HttpClient emma = server_.agentClient("emma-lindqvist");
  auto r = emma.exchange(
      "GET /api/v1/agents/sanna-rinta-aho/chats/feed HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: " +
      emma.headers()[0].second + "\r\n\r\n");
  EXPECT_EQ(r.status, 403);
}

TEST_F(ChatApi, StartingTooManyChatsFromOneAddressIsRateLimited) {
  // With two professionals five chats wait within the line's longest wait.
  setPresence("emma-lindqvist", "available");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(startRaw().status, 201);
  auto r = startRaw();
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(errorCode(r), "rate_limited");
}

TEST_F(ChatApi, AContactRequestFormBecomesATaskWithTheCitizensWords) {
  auto r = postJson(visitor_, "/api/v1/chat/contact-requests",
                    json::object{{"line", "terveysasemat"},
                                 {"language", "fi"},
                                 {"number", "040 123 4567"},
                                 {"name", "Aino Mäki"},
                                 {"description", "Reseptin uusiminen\r\nkiitos"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value answer = json::parse(r.body);
  EXPECT_EQ(answer.at("received"), true);
  EXPECT_TRUE(answer.as_object().contains("due_at"));
  EXPECT_FALSE(answer.as_object().contains("id"));
  auto tasks = staff_.get("/api/v1/tasks");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  const json::value listed = json::parse(tasks.body);
  const json::array& items = listed.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("number"), "+358401234567");
  EXPECT_EQ(items[0].at("routing").at("channel"), "contact_request");
  EXPECT_EQ(items[0].at("reason"), "contact_request");
  EXPECT_EQ(items[0].at("requester_name"), "Aino Mäki");
  EXPECT_EQ(items[0].at("description"), "Reseptin uusiminen\nkiitos");
}

TEST_F(ChatApi, AContactRequestNeedsANumberAndWordsAndALineThatTakesThem) {
  auto send = [&](json::object body) {
    return postJson(visitor_, "/api/v1/chat/contact-requests", body);
  };
  const json::object form{{"line", "terveysasemat"},
                          {"language", "fi"},
                          {"number", "+358401234567"},
                          {"description", "Soittakaa"}};
  json::object no_number = form;
  no_number.erase("number");
  EXPECT_EQ(send(no_number).status, 400);
  json::object blank = form;
  blank["description"] = " \r\n ";
  EXPECT_EQ(send(blank).status, 400);
  json::object long_words = form;
  long_words["description"] = std::string(2001, 'a');
  EXPECT_EQ(send(long_words).status, 400);
  json::object no_requests = form;
  no_requests["line"] = "paivystysapu";  // phone and callback only
  auto refused = send(no_requests);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(errorCode(refused), "closed");
  json::object unknown = form;
  unknown["line"] = "no-such-line";
  EXPECT_EQ(send(unknown).status, 404);
  EXPECT_EQ(json::parse(staff_.get("/api/v1/tasks").body).at("items").as_array().size(), 0u);
}

TEST_F(ChatApi, SendingTooManyContactRequestsFromOneAddressIsRateLimited) {
  const json::object form{{"line", "terveysasemat"},
                          {"language", "fi"},
                          {"number", "+358401234567"},
                          {"description", "Soittakaa"}};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(postJson(visitor_, "/api/v1/chat/contact-requests", form).status, 201);
  }
  auto r = postJson(visitor_, "/api/v1/chat/contact-requests", form);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(errorCode(r), "rate_limited");
}

TEST_F(ChatApi, FloodingMessagesIsRateLimited) {
  auto [chat, socket] = activeChat();
  for (int i = 0; i < 11; ++i) send(*socket, "v-" + std::to_string(i), "x");
  int stored = 0;
  json::value refused = nullptr;
  for (int i = 0; i < 11; ++i) {
    json::value v = next(*socket);
    if (v.at("type") == "message") ++stored;
    if (v.at("type") == "error") refused = v;
  }
  EXPECT_EQ(stored, 10);
  ASSERT_TRUE(refused.is_object());
  EXPECT_EQ(refused.at("code"), "rate_limited");
  EXPECT_EQ(refused.at("client_id"), "v-10");
}

TEST_F(ChatApi, ReconnectingInALoopMeetsTheFloodLimits) {
  Chat chat = start();
  // The visitor's burst is 10; the test clock stands still, so nothing refills it.
  for (int i = 0; i < 10; ++i) {
    auto socket = connect(chat);
    EXPECT_EQ(next(*socket).at("type"), "welcome") << "hello " << i;
  }
  auto socket = connect(chat);
  EXPECT_FALSE(socket->nextText(2s));
  EXPECT_EQ(socket->closeReason().code, boost::beast::websocket::close_code::try_again_later);
}

TEST_F(ChatApi, AForgedTokenAndAForgedIdCloseTheSameWay) {
  Chat chat = start();
  for (const Chat& forged :
       {Chat{chat.id, "x" + chat.token.substr(1)}, Chat{"c-zzzzzzzz", chat.token}}) {
    auto socket = connect(forged);
    EXPECT_FALSE(socket->nextText(2s));
    EXPECT_EQ(socket->closeReason().code, boost::beast::websocket::close_code::policy_error);
    EXPECT_EQ(std::string(socket->closeReason().reason.c_str()), "unknown chat");
  }
  FeedClient not_hello(visitor_, "/api/v1/chat/connect");
  not_hello.send(R"({"type":"send","client_id":"a","text":"hei"})");
  EXPECT_FALSE(not_hello.nextText(2s));
  EXPECT_EQ(std::string(not_hello.closeReason().reason.c_str()), "unknown chat");
}

TEST_F(ChatApi, BadMessagesAreAnsweredWithClearErrors) {
  auto [chat, socket] = activeChat();
  socket->send("{not json");
  EXPECT_EQ(nextOf(*socket, "error").at("code"), "invalid_json");
  send(*socket, "v-1", "   ");
  EXPECT_EQ(nextOf(*socket, "error").at("code"), "empty");
  send(*socket, "v-2", std::string(2001, 'a'));
  json::value too_long = nextOf(*socket, "error");
  EXPECT_EQ(too_long.at("code"), "too_long");
  EXPECT_EQ(too_long.at("client_id"), "v-2");
  auto r = professionalSays(sanna_, chat.id, "p-1", std::string(2001, 'a'));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorCode(r), "too_long");
}

TEST_F(ChatApi, TheEventFeedWithholdsWhatTheVisitorWrote) {
  auto [chat, socket] = activeChat();
  send(*socket, "v-1", "Minulla on kuumetta");
  nextOf(*socket, "message");
  auto plain = staff_.get("/api/v1/events?after=0&limit=1000");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.body.find("kuumetta"), std::string::npos);
  EXPECT_EQ(plain.body.find("Maija"), std::string::npos);
  EXPECT_EQ(plain.body.find("token_hash"), std::string::npos);
  EXPECT_NE(plain.body.find("chat.message"), std::string::npos);
  std::size_t before = accessRows(chat.id);
  auto personal = staff_.get("/api/v1/events?after=0&limit=1000&personal=true");
  ASSERT_EQ(personal.status, 200) << personal.body;
  EXPECT_NE(personal.body.find("kuumetta"), std::string::npos);
  EXPECT_EQ(personal.body.find("token_hash"), std::string::npos);
  EXPECT_GT(accessRows(chat.id), before);
}

TEST_F(ChatApi, LiveChatCountsGoBackToZero) {
  auto [chat, socket] = activeChat();
  auto counted = [&](const std::string& state) {
    auto metrics = staff_.get("/metrics");
    return metricValue(metrics.body, "luukku_chats_live{state=\"" + state + "\"}");
  };
  EXPECT_EQ(counted("active"), 1);
  ASSERT_EQ(postJson(sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 200);
  EXPECT_EQ(counted("active"), 0);
  EXPECT_EQ(counted("waiting"), 0);
}

}  // namespace
}  // namespace luukku::testing
