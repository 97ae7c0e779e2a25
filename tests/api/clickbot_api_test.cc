// Clickbot trees over HTTP: an administrator saves drafts and publishes them, citizens read
// the live tree, and a chat started from it carries the path to the professional. On an
// in-process server with the demo region and the demo tree (config/demo-clickbot.json), at a
// time when "terveysasemat" is open (Monday 23 November 2026, 10:00).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "api/api_test_util.h"
#include "engine/event_json.h"
#include "store/event_store.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;
using identity::RoleSet;

constexpr const char* kTree = "/api/v1/clickbot/trees/main";
constexpr const char* kSanna = "sanna-rinta-aho";

json::value demoTree() {
  std::ifstream in(sourceDir() + "/config/demo-clickbot.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

json::object& nodeOf(json::value& tree, std::string_view id) {
  for (auto& n : tree.at("nodes").as_array()) {
    if (n.at("id").as_string() == id) return n.as_object();
  }
  ADD_FAILURE() << "no node " << id;
  static json::object none;
  return none;
}

class ClickbotApi : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  RawResponse saveDraft(const json::value& tree, std::int64_t version,
                        const HttpClient* who = nullptr) {
    return (who ? *who : admin_)
        .request("PUT", std::string(kTree) + "/draft",
                 json::serialize(json::object{{"version", version}, {"tree", tree}}));
  }
  RawResponse publish(std::int64_t version) {
    return postJson(admin_, std::string(kTree) + "/publish", json::object{{"version", version}});
  }
  void publishDemo() {
    ASSERT_EQ(saveDraft(demoTree(), 0).status, 200);
    ASSERT_EQ(publish(1).status, 200);
  }
  RawResponse startChat(const json::value& path, const std::string& line = "terveysasemat") {
    json::object body{{"line", line}, {"language", "fi"}};
    if (!path.is_null()) body["path"] = path;
    return postJson(visitor_, "/api/v1/chat/start", body);
  }

  TestClock clock_{helsinki(23, 10, 0)};
  TestServer server_{options()};
  HttpClient admin_ = server_.clientWithRoles(RoleSet{Role::kAdmin});
  HttpClient visitor_ = server_.anonymousClient();
};

TEST_F(ClickbotApi, TheDemoTreeIsValidForTheDemoRegion) {
  auto r = saveDraft(demoTree(), 0);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("draft_version"), 1);
  EXPECT_TRUE(parsed(r).at("problems").as_array().empty());
}

TEST_F(ClickbotApi, CitizensSeeADraftOnlyOnceItIsPublished) {
  ASSERT_EQ(saveDraft(demoTree(), 0).status, 200);
  auto before = visitor_.get("/api/v1/chat/clickbot?lang=sv");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(parsed(before).at("version"), 0);
  EXPECT_TRUE(parsed(before).at("nodes").as_array().empty());

  auto published = publish(1);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(parsed(published).at("live_version"), 1);
  auto after = visitor_.get("/api/v1/chat/clickbot?lang=sv");
  ASSERT_EQ(after.status, 200);
  json::value live = parsed(after);
  EXPECT_EQ(live.at("version"), 1);
  EXPECT_EQ(live.at("root"), "alku");
  EXPECT_EQ(nodeOf(live, "oireet").at("title"), "Symtom");
  EXPECT_EQ(nodeOf(live, "terveysasema-chat").at("open"), true);
}

TEST_F(ClickbotApi, AContactRequestNodeNamesItsLineInTheCitizensLanguage) {
  publishDemo();
  json::value sv = parsed(visitor_.get("/api/v1/chat/clickbot?lang=sv"));
  EXPECT_EQ(nodeOf(sv, "ota-yhteytta").at("line_id"), "terveysasemat");
  EXPECT_EQ(nodeOf(sv, "ota-yhteytta").at("line_name"),
            "Hälsostationernas tidsbokning och rådgivning");
  json::value en = parsed(visitor_.get("/api/v1/chat/clickbot?lang=en"));
  EXPECT_EQ(nodeOf(en, "ota-yhteytta").at("line_name"), "Health stations: appointments and advice");
}

TEST_F(ClickbotApi, ANewDraftLeavesTheLiveVersionAsItWas) {
  publishDemo();
  json::value changed = demoTree();
  nodeOf(changed, "oireet")["title"] = json::object{{"fi", "Oireita"}, {"sv", "S"}, {"en", "E"}};
  auto r = saveDraft(changed, 1);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("draft_version"), 2);
  EXPECT_EQ(parsed(r).at("live_version"), 1);
  json::value live = parsed(visitor_.get("/api/v1/chat/clickbot?lang=fi"));
  EXPECT_EQ(nodeOf(live, "oireet").at("title"), "Oireet");
}

TEST_F(ClickbotApi, AStaleDraftVersionIsAConflict) {
  ASSERT_EQ(saveDraft(demoTree(), 0).status, 200);
  json::value changed = demoTree();
  nodeOf(changed, "oireet")["text"] = json::object{{"fi", "a"}, {"sv", "b"}, {"en", "c"}};
  ASSERT_EQ(saveDraft(changed, 1).status, 200);
  auto stale = saveDraft(demoTree(), 1);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(publish(1).status, 409);
}

TEST_F(ClickbotApi, OnlyAdministratorsEditTrees) {
  HttpClient supervisor = server_.clientWithRoles(RoleSet{Role::kSupervisor});
  EXPECT_EQ(saveDraft(demoTree(), 0, &supervisor).status, 403);
  EXPECT_EQ(supervisor.get(kTree).status, 403);
  EXPECT_EQ(visitor_.get(kTree).status, 401);
}

TEST_F(ClickbotApi, AnInvalidTreeIsRefusedNamingNodeAndField) {
  json::value tree = demoTree();
  nodeOf(tree, "omaolo")["url"] = "http://www.omaolo.fi/";
  nodeOf(tree, "neuvola-chat")["line_id"] = "suun-terveys";  // phone only
  auto r = saveDraft(tree, 0);
  ASSERT_EQ(r.status, 422) << r.body;
  json::value error = parsed(r).at("error");
  EXPECT_EQ(error.at("code"), "invalid_tree");
  EXPECT_EQ(error.at("message"), "node 'omaolo', url: a link is an https:// address");
  const auto& problems = error.at("problems").as_array();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[1].at("node"), "neuvola-chat");
  EXPECT_EQ(problems[1].at("field"), "line_id");
  EXPECT_EQ(parsed(admin_.get(kTree)).at("draft_version"), 0);
}

TEST_F(ClickbotApi, AnOldVersionCanBePreviewed) {
  ASSERT_EQ(saveDraft(demoTree(), 0).status, 200);
  json::value changed = demoTree();
  changed.at("nodes").as_array().pop_back();  // "ota-yhteytta"
  nodeOf(changed, "alku")["choices"] = json::array{"oireet", "mielenterveys", "lapsiperheet"};
  ASSERT_EQ(saveDraft(changed, 1).status, 200);
  auto r = admin_.get(std::string(kTree) + "/versions/1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("tree"), demoTree());
  EXPECT_EQ(parsed(r).at("live"), false);
  EXPECT_EQ(admin_.get(std::string(kTree) + "/versions/3").status, 404);
  auto tree = parsed(admin_.get(kTree));
  EXPECT_EQ(tree.at("versions").as_array().size(), 2u);
  EXPECT_EQ(tree.at("draft"), changed);
}

TEST_F(ClickbotApi, SavingAndPublishingAreAudited) {
  publishDemo();
  auto log = parsed(admin_.get("/api/v1/audit-log?limit=100")).at("items").as_array();
  std::vector<std::string> actions;
  for (const auto& row : log) {
    if (row.at("target").at("kind") == "clickbot")
      actions.emplace_back(row.at("action").as_string());
  }
  std::sort(actions.begin(), actions.end());
  EXPECT_EQ(actions, (std::vector<std::string>{"clickbot.draft_saved", "clickbot.published"}));
}

TEST_F(ClickbotApi, AChatStartedFromTheTreeShowsThePathToTheProfessional) {
  publishDemo();
  ASSERT_EQ(server_.client()
                .request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                         R"({"status":"available"})")
                .status,
            200);
  auto r = startChat(json::array{"alku", "oireet", "hengitystieoireet", "terveysasema-chat"});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string chat_id(parsed(r).at("chat_id").as_string());
  HttpClient sanna = server_.agentClient(kSanna);
  ASSERT_EQ(postJson(sanna, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                     json::object{{"kind", "contact"}, {"id", chat_id}})
                .status,
            200);
  auto chat = sanna.get("/api/v1/chats/" + chat_id);
  ASSERT_EQ(chat.status, 200) << chat.body;
  EXPECT_EQ(parsed(chat).at("path"),
            (json::array{"Miten voimme auttaa?", "Oireet", "Hengitystieoireet",
                         "Chattaa terveysaseman kanssa"}));

  // The walk is personal data: the feed's form without it leaves the path out.
  auto store = store::openStore(server_.storeUrl());
  ASSERT_TRUE(store);
  auto events = (*store)->readStream("chat/" + chat_id, 0, 1);
  ASSERT_TRUE(events && events->size() == 1u);
  EXPECT_NE(events->front().payload.find("hengitystieoireet"), std::string::npos);
  EXPECT_EQ(engine::renderEventJsonWithoutPersonalData(events->front()).find("hengitystieoireet"),
            std::string::npos);
}

TEST_F(ClickbotApi, AChatWithoutTheTreeHasNoPath) {
  publishDemo();
  HttpClient staff = server_.client();
  ASSERT_EQ(staff
                .request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                         R"({"status":"available"})")
                .status,
            200);
  auto r = startChat(nullptr);
  ASSERT_EQ(r.status, 201) << r.body;
  auto chat = staff.get("/api/v1/chats/" + std::string(parsed(r).at("chat_id").as_string()));
  ASSERT_EQ(chat.status, 200) << chat.body;
  EXPECT_TRUE(parsed(chat).at("path").is_null());
}

TEST_F(ClickbotApi, AForgedPathIsRefused) {
  publishDemo();
  // Skips a step; ends at another line's chat; ends at this line but through no choices.
  for (const json::value& path :
       {json::value(json::array{"alku", "terveysasema-chat"}),
        json::value(json::array{"alku", "mielenterveys", "mielenterveys-chat"}),
        json::value(json::array{"terveysasema-chat"})}) {
    auto r = startChat(path);
    EXPECT_EQ(r.status, 422) << json::serialize(path);
    EXPECT_EQ(errorCode(r), "invalid_path");
  }
}

// The live tree and its versions come back after a restart (the "clickbot" document).
TEST(ClickbotRestart, TheLiveTreeSurvivesARestart) {
  TempDir dir;
  TestClock clock{helsinki(23, 10, 0)};
  TestServerOptions o;
  o.clock = &clock;
  o.store_url = "sqlite:" + (dir.path() / "luukku.db").string();
  {
    TestServer server(o);
    HttpClient admin = server.clientWithRoles(RoleSet{Role::kAdmin});
    ASSERT_EQ(admin
                  .request("PUT", std::string(kTree) + "/draft",
                           json::serialize(json::object{{"version", 0}, {"tree", demoTree()}}))
                  .status,
              200);
    ASSERT_EQ(postJson(admin, std::string(kTree) + "/publish", json::object{{"version", 1}}).status,
              200);
  }
  TestServer server(o);
  auto live = parsed(server.anonymousClient().get("/api/v1/chat/clickbot?lang=en"));
  EXPECT_EQ(live.at("version"), 1);
  EXPECT_EQ(nodeOf(live, "alku").at("title"), "How can we help?");
  auto tree = parsed(server.clientWithRoles(RoleSet{Role::kAdmin}).get(kTree));
  EXPECT_EQ(tree.at("draft"), demoTree());
  EXPECT_EQ(tree.at("versions").as_array().size(), 1u);
}

}  // namespace
}  // namespace luukku::testing
