// A chat visitor's strong identification against a real OpenID provider (oidc_provider.h):
// the professional asks, the visitor identifies at the provider, and the chat goes on
// identified. The test plays the visitor's browser: the start, the provider's pages
// (provider.js signs in the chosen account) and the callback back to Luukku.
//
// The server's clock is a test clock on a Monday morning, when the demo region's
// "terveysasemat" serves chat; the identification checks the provider's tokens on the real
// clock, as they are stamped with it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "api/api_test_util.h"
#include "engine/system_clock.h"
#include "identity/citizen_identification.h"
#include "identity/oidc_provider.h"
#include "identity/sealing.h"
#include "store/event_store.h"
#include "support/feed_client.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kLine = "terveysasemat";
constexpr const char* kSanna = "sanna-rinta-aho";
constexpr const char* kEmma = "emma-lindqvist";
constexpr const char* kCookie = "luukku_citizen_oidc";

json::object accounts() {
  return json::object{
      {"aino", json::object{{"given_name", "Aino"},
                            {"family_name", "Asiakas"},
                            {"urn:oid:1.2.246.21", "131052-308T"}}},
      {"wrong-code", json::object{{"name", "Väärä Tunnus"}, {"urn:oid:1.2.246.21", "131052-308U"}}},
      {"no-code", json::object{{"name", "Ei Tunnusta"}}}};
}

struct Chat {
  std::string id;
  std::string token;
};

class ChatIdentification : public ::testing::Test {
 protected:
  ChatIdentification()
      : server_(options()),
        provider_(dir_,
                  "http://127.0.0.1:" + std::to_string(server_.port()) +
                      "/api/v1/chat/identification/callback",
                  accounts()) {
    identity::CitizenIdentificationConfig config;
    config.oidc.issuer = provider_.issuer();
    config.oidc.client_id = "luukku";
    config.oidc.client_secret = kClientSecret;
    config.oidc.redirect_uri = provider_.redirectUri();
    config.oidc.scopes = "openid profile personal_identity_code";
    config.oidc.ca_file = provider_.caFile();
    identification_ = std::make_unique<identity::CitizenIdentification>(config, real_clock_);
    server_.services().citizen_identification = identification_.get();
    server_.services().sealer = &sealer_;
  }
  ~ChatIdentification() override {
    server_.services().citizen_identification = nullptr;
    server_.services().sealer = nullptr;
  }
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  // Only Sanna is available: the chats are offered to her. Emma serves the same line, whose
  // visitors may identify.
  void SetUp() override {
    auto r = staff_.request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                            json::serialize(json::object{{"status", "available"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_NO_FATAL_FAILURE(lineIdentifies("optional"));
  }
  void lineIdentifies(const std::string& how) {
    auto line = parsed(staff_.get(std::string("/api/v1/service-lines/") + kLine));
    line.as_object()["chat_identification"] = how;
    auto r =
        staff_.request("PUT", std::string("/api/v1/service-lines/") + kLine, json::serialize(line));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // A chat Sanna has accepted, with the visitor's socket past "joined".
  Chat activeChat() {
    auto r =
        postJson(visitor_, "/api/v1/chat/start", json::object{{"line", kLine}, {"language", "fi"}});
    EXPECT_EQ(r.status, 201) << r.body;
    Chat chat{std::string(parsed(r).at("chat_id").as_string()),
              std::string(parsed(r).at("token").as_string())};
    socket_ = std::make_unique<FeedClient>(visitor_, "/api/v1/chat/connect");
    socket_->send(json::serialize(json::object{
        {"type", "hello"}, {"chat_id", chat.id}, {"token", chat.token}, {"after", 0}}));
    EXPECT_EQ(nextOf("welcome").at("identified"), nullptr);
    auto accepted = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                             json::object{{"kind", "contact"}, {"id", chat.id}});
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    nextOf("joined");
    return chat;
  }
  // The next message of `type` on the visitor's socket, skipping others.
  json::value nextOf(std::string_view type) {
    for (int i = 0; i < 20; ++i) {
      auto text = socket_->nextText(5s);
      if (!text) break;
      json::value v = json::parse(*text);
      if (v.at("type").as_string() == type) return v;
    }
    ADD_FAILURE() << "no " << type << " arrived";
    return nullptr;
  }

  struct Callback {
    std::string path;
    std::string state_cookie;
  };
  RawResponse startIdentification(const Chat& chat) {
    return postJson(visitor_, "/api/v1/chat/identification/start",
                    json::object{{"chat_id", chat.id}, {"token", chat.token}});
  }
  // The visitor's way from the start through the provider, signed in as `account`, back to
  // Luukku's callback (not yet followed).
  Callback atProvider(const Chat& chat, const std::string& account) {
    auto start = startIdentification(chat);
    EXPECT_EQ(start.status, 200) << start.body;
    if (start.status != 200) return {};
    std::string url(parsed(start).at("url").as_string());
    auto walked = provider_.control("/__test/authorize", {{"url", url}, {"account", account}});
    if (!walked.as_object().contains("location")) {
      ADD_FAILURE() << json::serialize(walked);
      return {};
    }
    return {target(std::string(walked.at("location").as_string())), setCookieValue(start, kCookie)};
  }
  RawResponse callback(const Callback& c) {
    return visitor_.withHeader("Cookie", std::string(kCookie) + "=" + c.state_cookie).get(c.path);
  }
  RawResponse ask(const HttpClient& who, const Chat& chat) {
    return postJson(who, "/api/v1/chats/" + chat.id + "/identification-request", json::object{});
  }
  std::string streamText(const std::string& chat_id) {
    auto store = store::openStore(server_.storeUrl());
    EXPECT_TRUE(store);
    auto events = (*store)->readStream("chat/" + chat_id, 0, 1000);
    std::string all;
    if (events) {
      for (const auto& e : *events) all += e.type + " " + e.payload + "\n";
    }
    return all;
  }

  TempDir dir_;
  TestClock clock_{helsinki(23, 10, 0)};
  engine::SystemClock real_clock_;
  TestServer server_;
  Provider provider_;
  identity::Sealer sealer_{identity::randomHashKey()};
  std::unique_ptr<identity::CitizenIdentification> identification_;
  HttpClient staff_ = server_.client();
  HttpClient visitor_ = server_.anonymousClient();
  HttpClient sanna_ = server_.agentClient(kSanna);
  HttpClient emma_ = server_.agentClient(kEmma);
  std::unique_ptr<FeedClient> socket_;
};

TEST_F(ChatIdentification, TheProfessionalsRequestReachesTheVisitor) {
  Chat chat = activeChat();
  auto asked = ask(sanna_, chat);
  ASSERT_EQ(asked.status, 204) << asked.body;
  nextOf("identification_asked");
  auto view = sanna_.get("/api/v1/chats/" + chat.id);
  EXPECT_EQ(parsed(view).at("identification_asked"), true);
}

TEST_F(ChatIdentification, AVisitorIdentifiesMidChatAndBothSidesSeeTheName) {
  Chat chat = activeChat();
  ASSERT_EQ(ask(sanna_, chat).status, 204);
  auto done = callback(atProvider(chat, "aino"));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("Aino Asiakas"), std::string::npos) << done.body;
  EXPECT_NE(done.body.find("lang=\"fi\""), std::string::npos) << "in the chat's language";
  EXPECT_EQ(nextOf("identified").at("name"), "Aino Asiakas");
  auto view = sanna_.get("/api/v1/chats/" + chat.id);
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(parsed(view).at("visitor").at("identified").at("name"), "Aino Asiakas");
  EXPECT_EQ(view.body.find("131052"), std::string::npos) << "the chat does not show the code";
}

TEST_F(ChatIdentification, TheChatGoesOnAfterIdentification) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  nextOf("identified");
  auto said = postJson(sanna_, "/api/v1/chats/" + chat.id + "/messages",
                       json::object{{"client_id", "p1"}, {"text", "Kiitos, nyt näen tietosi."}});
  ASSERT_EQ(said.status, 201) << said.body;
  EXPECT_EQ(nextOf("message").at("text"), "Kiitos, nyt näen tietosi.");
}

TEST_F(ChatIdentification, TheLogKeepsTheIdentityCodeOnlySealed) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  nextOf("identified");
  std::string stream = streamText(chat.id);
  EXPECT_NE(stream.find("chat.identified"), std::string::npos) << stream;
  EXPECT_NE(stream.find("identity_code_sealed"), std::string::npos) << stream;
  EXPECT_EQ(stream.find("131052"), std::string::npos) << stream;
}

TEST_F(ChatIdentification, TheEventFeedNeverSendsTheSealedCodeAndWithholdsTheName) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  nextOf("identified");
  auto plain = staff_.get("/api/v1/events?after=0&limit=1000");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_NE(plain.body.find("chat.identified"), std::string::npos);
  EXPECT_EQ(plain.body.find("Asiakas"), std::string::npos);
  EXPECT_EQ(plain.body.find("identity_code_sealed"), std::string::npos);
  auto personal = staff_.get("/api/v1/events?after=0&limit=1000&personal=true");
  ASSERT_EQ(personal.status, 200) << personal.body;
  EXPECT_NE(personal.body.find("Aino Asiakas"), std::string::npos);
  EXPECT_EQ(personal.body.find("identity_code_sealed"), std::string::npos);
}

TEST_F(ChatIdentification, TheHolderSeesTheIdentityCodeAfterItsAccessLogRow) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  nextOf("identified");
  auto shown = sanna_.get("/api/v1/chats/" + chat.id + "/identity");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(parsed(shown).at("identity_code"), "131052-308T");
  EXPECT_EQ(parsed(shown).at("name"), "Aino Asiakas");
  auto rows =
      server_.accessLog().find("hetu:131052-308T", fromMicros(0), fromMicros(INT64_MAX / 2), 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().record_id, chat.id);
}

TEST_F(ChatIdentification, NobodyButTheHolderSeesTheIdentityCode) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  nextOf("identified");
  EXPECT_EQ(emma_.get("/api/v1/chats/" + chat.id + "/identity").status, 403);
  EXPECT_EQ(staff_.get("/api/v1/chats/" + chat.id + "/identity").status, 403)
      << "a supervisor does not see it on the holder's behalf";
}

TEST_F(ChatIdentification, ANotIdentifiedVisitorsCodeIsNotThere) {
  Chat chat = activeChat();
  auto shown = sanna_.get("/api/v1/chats/" + chat.id + "/identity");
  EXPECT_EQ(shown.status, 409);
  EXPECT_EQ(errorCode(shown), "not_identified");
}

TEST_F(ChatIdentification, OnlyTheHolderAsks) {
  Chat chat = activeChat();
  EXPECT_EQ(ask(emma_, chat).status, 403);
}

TEST_F(ChatIdentification, AWrongTokenStartsNoIdentification) {
  Chat chat = activeChat();
  auto r = postJson(visitor_, "/api/v1/chat/identification/start",
                    json::object{{"chat_id", chat.id}, {"token", "not-the-token"}});
  EXPECT_EQ(r.status, 404);
}

TEST_F(ChatIdentification, AnIdentificationWithAnInvalidCodeIsRefused) {
  Chat chat = activeChat();
  auto r = callback(atProvider(chat, "wrong-code"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("131052"), std::string::npos) << "the page does not repeat the code";
  EXPECT_EQ(streamText(chat.id).find("chat.identified"), std::string::npos);
}

TEST_F(ChatIdentification, AnIdentificationWithoutACodeIsRefused) {
  Chat chat = activeChat();
  EXPECT_EQ(callback(atProvider(chat, "no-code")).status, 400);
  EXPECT_EQ(streamText(chat.id).find("chat.identified"), std::string::npos);
}

TEST_F(ChatIdentification, AReplayedCallbackIsRefused) {
  Chat chat = activeChat();
  auto cb = atProvider(chat, "aino");
  ASSERT_EQ(callback(cb).status, 200);
  EXPECT_EQ(callback(cb).status, 400);
}

TEST_F(ChatIdentification, ACallbackInAnotherBrowserIsRefused) {
  Chat chat = activeChat();
  auto cb = atProvider(chat, "aino");
  EXPECT_EQ(server_.anonymousClient().get(cb.path).status, 400);
}

TEST_F(ChatIdentification, AChatIsIdentifiedOnce) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  auto again = callback(atProvider(chat, "aino"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ask(sanna_, chat).status, 409);
}

TEST_F(ChatIdentification, AnEndedChatCannotBeIdentified) {
  Chat chat = activeChat();
  auto cb = atProvider(chat, "aino");
  ASSERT_EQ(postJson(sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 200);
  EXPECT_EQ(callback(cb).status, 409);
  EXPECT_EQ(startIdentification(chat).status, 409);
}

TEST_F(ChatIdentification, TheVisitorOfAnOptionalLineMayIdentifyUnasked) {
  Chat chat = activeChat();
  ASSERT_EQ(callback(atProvider(chat, "aino")).status, 200);
  EXPECT_EQ(nextOf("identified").at("name"), "Aino Asiakas");
}

TEST_F(ChatIdentification, AnAnonymousLinesVisitorsAreNeitherAskedNorIdentified) {
  ASSERT_NO_FATAL_FAILURE(lineIdentifies("anonymous"));
  Chat chat = activeChat();
  auto asked = ask(sanna_, chat);
  EXPECT_EQ(asked.status, 409);
  EXPECT_EQ(errorCode(asked), "anonymous");
  auto started = startIdentification(chat);
  EXPECT_EQ(started.status, 409);
  EXPECT_EQ(errorCode(started), "anonymous");
}

TEST_F(ChatIdentification, ALineThatRequiresIdentificationStartsNoChatUnidentified) {
  ASSERT_NO_FATAL_FAILURE(lineIdentifies("required"));
  auto lines = parsed(visitor_.get("/api/v1/chat/lines"));
  bool listed = false;
  for (const auto& line : lines.at("lines").as_array()) {
    if (line.at("id") == kLine) listed = line.at("identification") == "required";
  }
  EXPECT_TRUE(listed);
  auto r =
      postJson(visitor_, "/api/v1/chat/start", json::object{{"line", kLine}, {"language", "fi"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(errorCode(r), "identification_required");
}

// Identifying first: from the chat page to the provider and back to the chat page with a
// one-time code for the chat started meanwhile.
TEST_F(ChatIdentification, AVisitorWhoIdentifiesFirstGetsAChatStartedIdentified) {
  ASSERT_NO_FATAL_FAILURE(lineIdentifies("required"));
  auto start = postJson(visitor_, "/api/v1/chat/identification/start",
                        json::object{{"line", kLine}, {"language", "fi"}, {"name", "Aino"}});
  ASSERT_EQ(start.status, 200) << start.body;
  auto walked = provider_.control(
      "/__test/authorize",
      {{"url", std::string(parsed(start).at("url").as_string())}, {"account", "aino"}});
  ASSERT_TRUE(walked.as_object().contains("location")) << json::serialize(walked);
  auto back = callback(
      {target(std::string(walked.at("location").as_string())), setCookieValue(start, kCookie)});
  ASSERT_EQ(back.status, 303) << back.body;
  std::string location = back.headers["location"];
  ASSERT_TRUE(location.starts_with("/chat/?lang=fi&pick_up=")) << location;
  std::string code = location.substr(location.find("pick_up=") + 8);
  auto picked =
      postJson(visitor_, "/api/v1/chat/identification/pick-up", json::object{{"code", code}});
  ASSERT_EQ(picked.status, 200) << picked.body;
  Chat chat{std::string(parsed(picked).at("chat_id").as_string()),
            std::string(parsed(picked).at("token").as_string())};
  auto again =
      postJson(visitor_, "/api/v1/chat/identification/pick-up", json::object{{"code", code}});
  EXPECT_EQ(again.status, 404) << "the code is used once";

  socket_ = std::make_unique<FeedClient>(visitor_, "/api/v1/chat/connect");
  socket_->send(json::serialize(
      json::object{{"type", "hello"}, {"chat_id", chat.id}, {"token", chat.token}, {"after", 0}}));
  json::value welcome = nextOf("welcome");
  EXPECT_EQ(welcome.at("identified").at("name"), "Aino Asiakas");
  EXPECT_EQ(welcome.at("identification"), "required");
  std::string stream = streamText(chat.id);
  EXPECT_EQ(stream.find("chat.identified"), stream.find('\n') + 1)
      << "identified in the same step as it started:\n"
      << stream;
  auto accepted = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                           json::object{{"kind", "contact"}, {"id", chat.id}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  nextOf("joined");
  auto shown = sanna_.get("/api/v1/chats/" + chat.id + "/identity");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(parsed(shown).at("identity_code"), "131052-308T");
}

TEST_F(ChatIdentification, IdentifyingFirstIsOnlyForLinesThatRequireIt) {
  auto r = postJson(visitor_, "/api/v1/chat/identification/start",
                    json::object{{"line", kLine}, {"language", "fi"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(errorCode(r), "not_required");
}

TEST_F(ChatIdentification, WithoutConfigurationThereIsNoIdentification) {
  Chat chat = activeChat();
  server_.services().citizen_identification = nullptr;
  EXPECT_EQ(startIdentification(chat).status, 404);
  EXPECT_EQ(ask(sanna_, chat).status, 404);
}

}  // namespace
}  // namespace luukku::testing
