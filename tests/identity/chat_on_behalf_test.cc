// An identified chat visitor acts for someone else (docs/chat.md, "On behalf"): the
// registers (the file-backed development ones) say whom, the visitor chooses, and the
// professional who holds the chat sees who acts for whom. The visitor identifies at a real
// OpenID provider (chat_visitor.h) as Aino Asiakas, whom the registers below know.
#include <gtest/gtest.h>

#include <fstream>

#include "identity/chat_visitor.h"
#include "identity/on_behalf.h"
#include "identity/register_files.h"

namespace luukku::testing {
namespace {

// The fixture's day is 23 November 2026. Aino (131052-308T) has custody of Pekka (born
// 2019, 7) and of Ville, who turned 12 on 20 November; Helmi (born 1940) has given her a
// mandate for the matter below, and Otto one for another matter.
constexpr const char* kAino = "131052-308T";
constexpr const char* kPekka = "010319A914E";
constexpr const char* kVille = "201114A935J";
constexpr const char* kHelmi = "150340-912U";
constexpr const char* kOtto = "010150-931C";
constexpr const char* kIssue = "sosiaali-ja-terveyspalvelut";

std::string populationFile() {
  return json::serialize(
      json::object{{"children", json::array{
                                    json::object{{"identity_code", kPekka},
                                                 {"name", "Pekka Asiakas"},
                                                 {"guardians", json::array{kAino}}},
                                    json::object{{"identity_code", kVille},
                                                 {"name", "Ville Asiakas"},
                                                 {"guardians", json::array{kAino}}},
                                }}});
}

std::string mandateFile() {
  auto mandate = [](const char* code, const char* name, const char* issue) {
    return json::object{{"mandator", json::object{{"identity_code", code}, {"name", name}}},
                        {"agent", kAino},
                        {"issues", json::array{issue}},
                        {"valid_until", "2027-12-31"}};
  };
  return json::serialize(
      json::object{{"mandates", json::array{mandate(kHelmi, "Helmi Vanhanen", kIssue),
                                            mandate(kOtto, "Otto Muu", "verotus")}}});
}

class ChatOnBehalf : public ChatIdentification {
 protected:
  ChatOnBehalf() {
    auto population = identity::FilePopulationRegister::parse(populationFile(), "population");
    auto mandates = identity::FileMandateRegister::parse(mandateFile(), "mandates");
    EXPECT_TRUE(population) << population.status().message();
    EXPECT_TRUE(mandates) << mandates.status().message();
    on_behalf_ = std::make_unique<identity::OnBehalf>(*population, *mandates,
                                                      identity::OnBehalfConfig{12, kIssue});
    server_.services().on_behalf = on_behalf_.get();
  }
  ~ChatOnBehalf() override { server_.services().on_behalf = nullptr; }

  // A chat Sanna holds whose visitor has identified as Aino.
  Chat identifiedChat() {
    Chat chat = activeChat();
    EXPECT_EQ(callback(atProvider(chat, "aino")).status, 200);
    nextOf("identified");
    return chat;
  }
  RawResponse options(const Chat& chat) {
    return postJson(visitor_, "/api/v1/chat/on-behalf/options",
                    json::object{{"chat_id", chat.id}, {"token", chat.token}});
  }
  // The option offered for `name`.
  std::string optionFor(const Chat& chat, std::string_view name) {
    auto r = options(chat);
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value body = parsed(r);
    for (const auto& o : body.at("options").as_array()) {
      if (o.at("name").as_string() == name) return std::string(o.at("option").as_string());
    }
    ADD_FAILURE() << name << " is not offered: " << r.body;
    return {};
  }
  RawResponse choose(const Chat& chat, const std::string& option) {
    return postJson(visitor_, "/api/v1/chat/on-behalf",
                    json::object{{"chat_id", chat.id}, {"token", chat.token}, {"option", option}});
  }

  std::unique_ptr<identity::OnBehalf> on_behalf_;
};

TEST_F(ChatOnBehalf, TheVisitorIsOfferedTheirYoungChildrenAndTheirMandators) {
  Chat chat = identifiedChat();
  auto r = options(chat);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = parsed(r);
  const auto& offered = body.at("options").as_array();
  ASSERT_EQ(offered.size(), 2u) << r.body;
  EXPECT_EQ(offered[0].at("name"), "Pekka Asiakas");
  EXPECT_EQ(offered[0].at("basis"), "guardian");
  EXPECT_EQ(offered[1].at("name"), "Helmi Vanhanen");
  EXPECT_EQ(offered[1].at("basis"), "mandate");
  EXPECT_EQ(r.body.find("Ville"), std::string::npos) << "12 years old: acts for himself";
  EXPECT_EQ(r.body.find("Otto"), std::string::npos) << "a mandate for another matter";
  EXPECT_EQ(r.body.find("010319"), std::string::npos) << "no identity code leaves the server";
}

TEST_F(ChatOnBehalf, BothSidesSeeWhomTheVisitorActsFor) {
  Chat chat = identifiedChat();
  auto chosen = choose(chat, optionFor(chat, "Pekka Asiakas"));
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  auto told = nextOf("on_behalf");
  EXPECT_EQ(told.at("name"), "Pekka Asiakas");
  EXPECT_EQ(told.at("basis"), "guardian");
  auto view = sanna_.get("/api/v1/chats/" + chat.id);
  ASSERT_EQ(view.status, 200) << view.body;
  const json::value visitor = parsed(view).at("visitor");
  EXPECT_EQ(visitor.at("identified").at("name"), "Aino Asiakas");
  EXPECT_EQ(visitor.at("on_behalf").at("name"), "Pekka Asiakas");
  EXPECT_EQ(visitor.at("on_behalf").at("basis"), "guardian");
}

TEST_F(ChatOnBehalf, TheHolderSeesBothIdentityCodesAfterARowForEach) {
  Chat chat = identifiedChat();
  ASSERT_EQ(choose(chat, optionFor(chat, "Helmi Vanhanen")).status, 200);
  auto shown = sanna_.get("/api/v1/chats/" + chat.id + "/identity");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(parsed(shown).at("identity_code"), kAino);
  EXPECT_EQ(parsed(shown).at("on_behalf").at("identity_code"), kHelmi);
  EXPECT_EQ(parsed(shown).at("on_behalf").at("basis"), "mandate");
  for (std::string citizen : {std::string("hetu:") + kAino, std::string("hetu:") + kHelmi}) {
    auto rows = server_.accessLog().find(citizen, fromMicros(0), fromMicros(INT64_MAX / 2), 10);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u) << citizen;
    EXPECT_EQ(rows->front().record_id, chat.id);
  }
}

TEST_F(ChatOnBehalf, TheLogKeepsThePrincipalsCodeOnlySealed) {
  Chat chat = identifiedChat();
  ASSERT_EQ(choose(chat, optionFor(chat, "Pekka Asiakas")).status, 200);
  std::string stream = streamText(chat.id);
  EXPECT_NE(stream.find("chat.on_behalf"), std::string::npos) << stream;
  EXPECT_NE(stream.find("principal_code_sealed"), std::string::npos) << stream;
  EXPECT_EQ(stream.find("010319"), std::string::npos) << stream;
}

TEST_F(ChatOnBehalf, TheEventFeedWithholdsThePrincipal) {
  Chat chat = identifiedChat();
  ASSERT_EQ(choose(chat, optionFor(chat, "Pekka Asiakas")).status, 200);
  auto plain = staff_.get("/api/v1/events?after=0&limit=1000");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_NE(plain.body.find("chat.on_behalf"), std::string::npos);
  EXPECT_EQ(plain.body.find("Pekka Asiakas"), std::string::npos);
  EXPECT_EQ(plain.body.find("principal_code_sealed"), std::string::npos);
  auto personal = staff_.get("/api/v1/events?after=0&limit=1000&personal=true");
  EXPECT_EQ(personal.body.find("principal_code_sealed"), std::string::npos);
}

TEST_F(ChatOnBehalf, AVisitorWhoHasNotIdentifiedIsOfferedNobody) {
  Chat chat = activeChat();
  auto r = options(chat);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(errorCode(r), "not_identified");
}

TEST_F(ChatOnBehalf, AWrongTokenIsOfferedNobody) {
  Chat chat = identifiedChat();
  auto r = options(Chat{chat.id, "not-the-token"});
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(ChatOnBehalf, AnOptionFromAnotherChatIsRefused) {
  Chat first = identifiedChat();
  std::string option = optionFor(first, "Pekka Asiakas");
  ASSERT_EQ(postJson(sanna_, "/api/v1/chats/" + first.id + "/end", json::object{}).status, 200);
  Chat second = identifiedChat();
  auto r = choose(second, option);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(choose(second, "v1.forged").status, 400);
}

TEST_F(ChatOnBehalf, ACodeTheRegistersDoNotLinkIsRefused) {
  Chat chat = identifiedChat();
  // A well-sealed option for someone the registers do not link to Aino: what a server that
  // offered it yesterday (before custody changed) would have given.
  std::string stale = sealer_.seal(kVille, chat.id + "/on-behalf-option");
  auto r = choose(chat, stale);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(errorCode(r), "not_entitled");
}

TEST_F(ChatOnBehalf, TheVisitorActsForOnePersonPerChat) {
  Chat chat = identifiedChat();
  ASSERT_EQ(choose(chat, optionFor(chat, "Pekka Asiakas")).status, 200);
  auto again = options(chat);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(errorCode(again), "on_behalf");
}

TEST_F(ChatOnBehalf, AnEndedChatTakesNoPrincipal) {
  Chat chat = identifiedChat();
  std::string option = optionFor(chat, "Pekka Asiakas");
  ASSERT_EQ(postJson(sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 200);
  auto r = choose(chat, option);
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST_F(ChatOnBehalf, WithoutRegistersNobodyActsOnAnothersBehalf) {
  Chat chat = identifiedChat();
  server_.services().on_behalf = nullptr;
  EXPECT_EQ(options(chat).status, 404);
}

}  // namespace
}  // namespace luukku::testing
