// The customer card through the API: a number's earlier calls on any line with their latest log
// entries, newest first and paged, each read in the access log; logging a contact and what is
// refused (400, 403, 404).
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

class ContactCardApi : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    o.access_log_key = access_log_key_;
    return o;
  }
  // A call from `number` to `line` that `agent` answers and completes; its contact id.
  std::string handledCall(const std::string& line, const std::string& agent,
                          const std::string& number) {
    auto ready = admin_.request("PUT", "/api/v1/agents/" + agent + "/presence",
                                json::serialize(json::object{{"status", "available"}}));
    EXPECT_EQ(ready.status, 200) << ready.body;
    auto r =
        postJson(admin_, "/api/v1/contacts", json::object{{"line", line}, {"from_number", number}});
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id(parsed(r).at("contact").at("id").as_string());
    auto accepted = postJson(admin_, "/api/v1/agents/" + agent + "/offers/accept",
                             json::object{{"kind", "contact"}, {"id", id}});
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    clock_.advance(2min);
    auto done =
        postJson(admin_, "/api/v1/contacts/" + id + "/complete", json::object{{"agent", agent}});
    EXPECT_EQ(done.status, 200) << done.body;
    clock_.advance(10min);  // past the wrap-up
    return id;
  }
  static json::object log(const char* reason, const char* note) {
    return {{"reason", reason}, {"note", note}, {"service_need_assessment", true}};
  }

  TestClock clock_{helsinki(23, 9, 0)};
  identity::HashKey access_log_key_ = identity::randomHashKey();
  TestServer server_{options()};
  HttpClient admin_ = server_.client();
};

TEST_F(ContactCardApi, TheCardListsANumbersCallsOnAnyLineNewestFirstWithTheirLogs) {
  std::string first = handledCall("mielenterveys-paihde", "pekka-jarvinen", "+358401000201");
  std::string second = handledCall("terveysasemat", "sanna-rinta-aho", "+358401000201");
  handledCall("terveysasemat", "sanna-rinta-aho", "+358401000299");  // another number
  auto pekka = server_.agentClient("pekka-jarvinen");
  auto logged = postJson(pekka, "/api/v1/contacts/" + first + "/log",
                         log("mental-health-substance", "Ohjattu päihdepoliklinikalle."));
  ASSERT_EQ(logged.status, 201) << logged.body;

  auto r = pekka.get("/api/v1/contacts?number=0401000201");
  ASSERT_EQ(r.status, 200) << r.body;
  auto page = parsed(r);
  EXPECT_EQ(page.at("number"), "+358401000201");
  const auto& items = page.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id").as_string(), second);
  EXPECT_EQ(items[0].at("line"), "terveysasemat");
  EXPECT_EQ(items[0].at("agent"), "sanna-rinta-aho");
  EXPECT_EQ(items[0].at("outcome"), "answered");
  EXPECT_EQ(items[0].at("direction"), "inbound");
  EXPECT_TRUE(items[0].at("log").is_null());
  EXPECT_EQ(items[1].at("id").as_string(), first);
  EXPECT_EQ(items[1].at("agent_name"), "Pekka Järvinen");
  EXPECT_EQ(items[1].at("log").at("reason"), "mental-health-substance");
  EXPECT_EQ(items[1].at("log").at("note"), "Ohjattu päihdepoliklinikalle.");
  EXPECT_EQ(items[1].at("log").at("service_need_assessment"), true);
  EXPECT_TRUE(page.at("next_before").is_null());
}

TEST_F(ContactCardApi, TheCardPagesByTheLastCallAPageShowed) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(handledCall("terveysasemat", "sanna-rinta-aho", "+358401000202"));
  }
  auto first = parsed(admin_.get("/api/v1/contacts?number=%2B358401000202&limit=2"));
  ASSERT_EQ(first.at("items").as_array().size(), 2u);
  EXPECT_EQ(first.at("items").at(0).at("id").as_string(), ids[2]);
  EXPECT_EQ(first.at("items").at(1).at("id").as_string(), ids[1]);
  const auto& next = first.at("next_before");
  std::string before(next.at("before").as_string());
  std::string before_id(next.at("before_id").as_string());
  auto r = admin_.get("/api/v1/contacts?number=%2B358401000202&limit=2&before=" + before +
                      "&before_id=" + before_id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto second = parsed(r);
  ASSERT_EQ(second.at("items").as_array().size(), 1u);
  EXPECT_EQ(second.at("items").at(0).at("id").as_string(), ids[0]);
  EXPECT_TRUE(second.at("next_before").is_null());
}

TEST_F(ContactCardApi, ReadingTheCardIsInTheAccessLogEvenWhenItListsNothing) {
  handledCall("terveysasemat", "sanna-rinta-aho", "+358401000203");
  ASSERT_EQ(admin_.get("/api/v1/contacts?number=0401000203").status, 200);
  ASSERT_EQ(admin_.get("/api/v1/contacts?number=0401000204").status, 200);
  for (const char* citizen : {"phone:+358401000203", "phone:+358401000204"}) {
    auto found = postJson(admin_, "/api/v1/access-log/query",
                          json::object{{"citizen", citizen},
                                       {"from", "2020-01-01T00:00:00Z"},
                                       {"to", "2100-01-01T00:00:00Z"},
                                       {"format", "json"}});
    ASSERT_EQ(found.status, 200) << found.body;
    int card_reads = 0;
    const json::value rows = parsed(found);
    for (const auto& row : rows.at("items").as_array()) {
      if (row.at("route") == "GET /api/v1/contacts") ++card_reads;
    }
    EXPECT_EQ(card_reads, 1) << citizen;
  }
}

TEST_F(ContactCardApi, ANumberThatIsNotANumberOrNoneIsA400) {
  EXPECT_EQ(admin_.get("/api/v1/contacts?number=call%20me").status, 400);
  EXPECT_EQ(admin_.get("/api/v1/contacts").status, 400);
  EXPECT_EQ(admin_.get("/api/v1/contacts?number=0401000205&before_id=c-1").status, 400);
  EXPECT_EQ(admin_.get("/api/v1/contacts?number=0401000205&limit=0").status, 400);
}

TEST_F(ContactCardApi, ABadReasonOrNoteIsA400AndChangesNothing) {
  std::string id = handledCall("terveysasemat", "sanna-rinta-aho", "+358401000206");
  auto sanna = server_.agentClient("sanna-rinta-aho");
  auto before = durableSeq(admin_);
  auto unknown = postJson(sanna, "/api/v1/contacts/" + id + "/log", log("no-such", ""));
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_NE(errorMessage(unknown).find("reason"), std::string::npos);
  std::string long_note(2001, 'x');
  auto too_long = postJson(sanna, "/api/v1/contacts/" + id + "/log",
                           json::object{{"reason", "advice"}, {"note", long_note}});
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  auto extra = postJson(sanna, "/api/v1/contacts/" + id + "/log",
                        json::object{{"reason", "advice"}, {"agent", "pekka-jarvinen"}});
  EXPECT_EQ(extra.status, 400) << extra.body;
  EXPECT_EQ(durableSeq(admin_), before);
}

TEST_F(ContactCardApi, AProfessionalWhoDidNotHandleTheContactGets403AndASupervisorMayLogIt) {
  std::string id = handledCall("terveysasemat", "sanna-rinta-aho", "+358401000207");
  auto pekka = server_.agentClient("pekka-jarvinen");
  auto refused = postJson(pekka, "/api/v1/contacts/" + id + "/log", log("advice", ""));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(errorCode(refused), "permission_denied");
  auto supervisor = server_.clientWithRoles(identity::RoleSet{identity::Role::kSupervisor});
  auto r = postJson(supervisor, "/api/v1/contacts/" + id + "/log", log("advice", "Tarkistettu."));
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(ContactCardApi, AnUnknownContactIs404) {
  auto r = postJson(admin_, "/api/v1/contacts/c-nosuch/log", log("advice", ""));
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(ContactCardApi, TheFeedWithoutPersonalDataLeavesTheNoteOut) {
  std::string id = handledCall("terveysasemat", "sanna-rinta-aho", "+358401000208");
  auto after = durableSeq(admin_);
  auto sanna = server_.agentClient("sanna-rinta-aho");
  ASSERT_EQ(
      postJson(sanna, "/api/v1/contacts/" + id + "/log", log("advice", "Kertoi oireista.")).status,
      201);
  auto plain = parsed(admin_.get("/api/v1/events?after=" + std::to_string(after)));
  const auto& event = plain.at("items").at(0).as_object();
  EXPECT_EQ(event.at("type"), "contact.logged");
  EXPECT_EQ(event.at("stream").as_string(), "contact/" + id);
  EXPECT_FALSE(event.at("data").as_object().contains("note"));
  EXPECT_FALSE(event.at("data").as_object().contains("number"));
  auto personal = parsed(admin_.get("/api/v1/events?personal=true&after=" + std::to_string(after)));
  EXPECT_EQ(personal.at("items").at(0).at("data").at("note"), "Kertoi oireista.");
}

}  // namespace
}  // namespace luukku::testing
