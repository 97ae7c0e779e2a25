// A chat visitor's strong identification against a real OpenID provider (chat_visitor.h):
// the professional asks, the visitor identifies at the provider, and the chat goes on
// identified.
#include <gtest/gtest.h>

#include "identity/chat_visitor.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

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
