// Presence, contacts, offers, queues, opening hours and callback tasks through the API, on a
// clock the test controls (Monday 23 November 2026 unless a test moves it).
#include <gtest/gtest.h>

#include <boost/asio/use_future.hpp>
#include <map>
#include <set>
#include <thread>

#include "api/api_test_util.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

class RoutingApi : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    o.access_log_key = access_log_key_;
    return o;
  }
  RawResponse post(const std::string& path, const json::value& body) {
    return http_.request("POST", path, json::serialize(body));
  }
  void setPresence(const std::string& agent, const std::string& status) {
    auto r = http_.request("PUT", "/api/v1/agents/" + agent + "/presence",
                           json::serialize(json::object{{"status", status}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json::value call(const std::string& line, const std::string& number) {
    auto r = post("/api/v1/contacts",
                  json::object{{"line", line}, {"channel", "phone"}, {"from_number", number}});
    EXPECT_EQ(r.status, 201) << r.body;
    return parsed(r);
  }
  json::value createTask(const std::string& line, const std::string& number) {
    auto r = post("/api/v1/tasks", json::object{{"line", line}, {"number", number}});
    EXPECT_EQ(r.status, 201) << r.body;
    return parsed(r);
  }
  int runDueWork() {
    return *server_.engine().execute(engine::RunDueWork{}, boost::asio::use_future).get();
  }

  TestClock clock_{helsinki(23, 9, 0)};  // Monday, all demo lines open but neuvola at 09:00
  identity::HashKey access_log_key_ = identity::randomHashKey();
  TestServer server_{options()};
  HttpClient http_ = server_.client();
};

TEST_F(RoutingApi, ACallIsOfferedToAReadyAgentWhoAnswersAndCompletesIt) {
  setPresence("pekka-jarvinen", "available");
  auto arrival = call("mielenterveys-paihde", "+358401000001");
  const auto& contact = arrival.at("contact");
  EXPECT_EQ(contact.at("routing").at("state"), "offered");
  EXPECT_EQ(contact.at("routing").at("agent"), "pekka-jarvinen");
  std::string id(contact.at("id").as_string());

  auto accepted = post("/api/v1/agents/pekka-jarvinen/offers/accept",
                       json::object{{"kind", "contact"}, {"id", id}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(parsed(accepted).at("contact").at("routing").at("state"), "active");

  auto done =
      post("/api/v1/contacts/" + id + "/complete", json::object{{"agent", "pekka-jarvinen"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(parsed(done).at("contact").at("end"), "completed");
  auto presence = parsed(http_.get("/api/v1/presence"));
  for (const auto& p : presence.at("items").as_array()) {
    if (p.at("agent") == "pekka-jarvinen") {
      EXPECT_EQ(p.at("state").at("status"), "wrap_up");
    }
  }
}

TEST_F(RoutingApi, ReadingAContactRequestWithoutANumberIsInTheAccessLogByItsTask) {
  auto created = post("/api/v1/tasks", json::object{{"line", "terveysasemat"},
                                                    {"channel", "contact_request"},
                                                    {"name", "Aino"},
                                                    {"description", "Soittakaa iltapäivällä"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(parsed(created).at("id").as_string());
  ASSERT_EQ(http_.get("/api/v1/tasks/" + id).status, 200);
  auto found = post("/api/v1/access-log/query", json::object{{"citizen", "customer:" + id},
                                                             {"from", "2020-01-01T00:00:00Z"},
                                                             {"to", "2100-01-01T00:00:00Z"},
                                                             {"format", "json"}});
  ASSERT_EQ(found.status, 200) << found.body;
  std::set<std::string> routes;
  const json::value rows = parsed(found);
  for (const auto& item : rows.at("items").as_array()) {
    routes.insert(std::string(item.at("route").as_string()));
  }
  EXPECT_TRUE(routes.contains("POST /api/v1/tasks")) << found.body;
  EXPECT_TRUE(routes.contains("GET /api/v1/tasks/{id}")) << found.body;
}

TEST_F(RoutingApi, ReadingATaskOrACallersNumberIsInTheAccessLog) {
  auto task = createTask("terveysasemat", "+358401000009");
  std::string id(task.at("id").as_string());
  ASSERT_EQ(http_.get("/api/v1/tasks/" + id).status, 200);
  ASSERT_EQ(http_.get("/api/v1/tasks").status, 200);
  // Nobody is signed in to the line: the call becomes a callback task, so the answer
  // carries the caller's number twice (the contact and its task).
  call("mielenterveys-paihde", "+358401000009");
  auto found = post("/api/v1/access-log/query", json::object{{"citizen", "phone:+358401000009"},
                                                             {"from", "2020-01-01T00:00:00Z"},
                                                             {"to", "2100-01-01T00:00:00Z"},
                                                             {"format", "json"}});
  ASSERT_EQ(found.status, 200) << found.body;
  std::map<std::string, int> by_route;
  json::value rows = parsed(found);
  for (const auto& item : rows.at("items").as_array()) {
    std::string route(item.at("route").as_string());
    std::string kind(item.at("record").at("kind").as_string());
    by_route[route + " " + kind]++;
  }
  EXPECT_EQ(by_route["POST /api/v1/tasks task"], 1);
  EXPECT_EQ(by_route["GET /api/v1/tasks/{id} task"], 1);
  EXPECT_EQ(by_route["GET /api/v1/tasks task"], 1);
  EXPECT_EQ(by_route["POST /api/v1/contacts contact"], 1);
  EXPECT_EQ(by_route["POST /api/v1/contacts task"], 1);
  // Another number's rows are not among them.
  EXPECT_EQ(rows.at("items").as_array().size(), 5u);
}

TEST_F(RoutingApi, CallsWaitingForABusyAgentGetPositionsAndEstimates) {
  setPresence("pekka-jarvinen", "available");
  call("mielenterveys-paihde", "+358401000001");  // offered to Pekka
  auto second = call("mielenterveys-paihde", "+358401000002");
  auto third = call("mielenterveys-paihde", "+358401000003");
  EXPECT_EQ(second.at("waiting").at("position").as_int64(), 1);
  EXPECT_EQ(third.at("waiting").at("position").as_int64(), 2);
  EXPECT_GT(third.at("waiting").at("estimated_wait_s").as_int64(),
            second.at("waiting").at("estimated_wait_s").as_int64());
  auto queue = parsed(http_.get("/api/v1/queues/mielenterveys-paihde?limit=10"));
  EXPECT_EQ(queue.at("waiting_total").as_int64(), 2);
  EXPECT_EQ(queue.at("offered").as_int64(), 1);
  EXPECT_EQ(queue.at("waiting").as_array().size(), 2u);
}

TEST_F(RoutingApi, ACallToAClosedLineBecomesACallbackTaskDueByTheNextWorkingDaysEnd) {
  clock_.set(helsinki(22, 18, 0));  // Sunday evening: neuvola is closed
  auto arrival = call("neuvola", "+358401000009");
  EXPECT_EQ(arrival.at("contact").at("end"), "diverted");
  EXPECT_EQ(arrival.at("contact").at("overflow"), "closed");
  const auto& task = arrival.at("task");
  EXPECT_EQ(task.at("reason"), "closed");
  EXPECT_EQ(task.at("number"), "+358401000009");
  EXPECT_EQ(task.at("due_at"), "2026-11-23T12:00:00.000000Z");  // Monday 14:00 in Helsinki
}

TEST_F(RoutingApi, ARepeatContactFromTheSameNumberAddsToTheOpenTask) {
  auto first = createTask("terveysasemat", "+358401000010");
  auto second = createTask("terveysasemat", "+358401000010");
  EXPECT_EQ(first.at("id"), second.at("id"));
  EXPECT_EQ(second.at("contact_count").as_int64(), 2);
  auto list = parsed(http_.get("/api/v1/tasks?line=terveysasemat"));
  EXPECT_EQ(list.at("items").as_array().size(), 1u);
}

TEST_F(RoutingApi, ATaskForANationalNumberAndOneForItsE164FormAreOneTask) {
  auto first = createTask("terveysasemat", "0401234567");
  EXPECT_EQ(first.at("number"), "+358401234567");
  auto second = createTask("terveysasemat", "+358401234567");
  EXPECT_EQ(first.at("id"), second.at("id"));
  EXPECT_EQ(second.at("contact_count").as_int64(), 2);
  auto third = createTask("terveysasemat", "+358 (0)40 123 45 67");
  EXPECT_EQ(first.at("id"), third.at("id"));
  EXPECT_EQ(parsed(http_.get("/api/v1/tasks?line=terveysasemat")).at("items").as_array().size(),
            1u);
}

TEST_F(RoutingApi, ACallersNumberIsKeptInE164AndJoinsTheirOpenTask) {
  auto task = createTask("mielenterveys-paihde", "+358401000030");
  // Nobody is signed in to the line: the call is diverted to a callback, which joins the task.
  auto arrival = call("mielenterveys-paihde", "040-100 0030");
  EXPECT_EQ(arrival.at("contact").at("from_number"), "+358401000030");
  EXPECT_EQ(arrival.at("task").at("id"), task.at("id"));
}

TEST_F(RoutingApi, ANumberThatIsNotAPhoneNumberIsA400NamingTheField) {
  auto contact =
      post("/api/v1/contacts", json::object{{"line", "neuvola"}, {"from_number", "anonymous"}});
  EXPECT_EQ(contact.status, 400);
  EXPECT_EQ(errorCode(contact), "invalid_argument");
  EXPECT_TRUE(errorMessage(contact).starts_with("from_number: ")) << errorMessage(contact);
  auto task = post("/api/v1/tasks", json::object{{"line", "neuvola"}, {"number", "4012345678"}});
  EXPECT_EQ(task.status, 400);
  EXPECT_TRUE(errorMessage(task).starts_with("number: ")) << errorMessage(task);
  EXPECT_EQ(parsed(http_.get("/api/v1/tasks")).at("items").as_array().size(), 0u);
}

TEST_F(RoutingApi, TheRegistrarFindsReadsOfANumberHoweverItWasWritten) {
  createTask("terveysasemat", "0401234567");  // its read is logged under +358401234567
  // A read logged by an older version, which hashed the number as it was written.
  store::AccessRecord legacy;
  legacy.at = Timestamp(std::chrono::sys_days(std::chrono::year(2021) / 1 / 1));
  legacy.actor_id = "u-old";
  legacy.actor_name = "Older Version";
  legacy.actor_roles = "agent";
  legacy.citizen_ref = identity::keyedHash(access_log_key_, "phone:0401234567");
  legacy.record_kind = "task";
  legacy.record_id = "t-legacy";
  legacy.purpose = "callback task";
  legacy.route = "GET /api/v1/tasks/{id}";
  auto store = store::openIdentityStore(server_.storeUrl());
  ASSERT_TRUE(store);
  std::vector<store::AccessRecord> written{legacy};
  ASSERT_TRUE((*store)->appendAccess(written, identity::AccessChain(access_log_key_)));

  for (const char* citizen : {"phone:+358 40 123 4567", "phone:358401234567", "phone:0401234567"}) {
    auto found = post("/api/v1/access-log/query", json::object{{"citizen", citizen},
                                                               {"from", "2020-01-01T00:00:00Z"},
                                                               {"to", "2100-01-01T00:00:00Z"}});
    ASSERT_EQ(found.status, 200) << found.body;
    std::vector<std::string> tasks;
    json::value rows = parsed(found);
    for (const auto& item : rows.at("items").as_array()) {
      if (item.at("record").at("kind") == "task") tasks.emplace_back(item.at("route").as_string());
    }
    EXPECT_EQ(tasks, (std::vector<std::string>{"GET /api/v1/tasks/{id}", "POST /api/v1/tasks"}))
        << citizen;
  }
}

TEST_F(RoutingApi, TheRegistrarsQueryForSomethingThatIsNotANumberIsA400) {
  auto r = post("/api/v1/access-log/query", json::object{{"citizen", "phone:call me"},
                                                         {"from", "2020-01-01T00:00:00Z"},
                                                         {"to", "2100-01-01T00:00:00Z"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(errorMessage(r).starts_with("citizen: ")) << errorMessage(r);
}

TEST_F(RoutingApi, OfTwoAgentsClaimingOneTaskExactlyOneWins) {
  std::string id(createTask("terveysasemat", "+358401000011").at("id").as_string());
  setPresence("sanna-rinta-aho", "break");
  setPresence("emma-lindqvist", "break");
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> agents;
  for (const char* agent : {"sanna-rinta-aho", "emma-lindqvist"}) {
    agents.emplace_back([&, agent] {
      auto r = post("/api/v1/tasks/" + id + "/claim", json::object{{"agent", agent}});
      (r.status == 200 ? ok : conflict)++;
    });
  }
  for (auto& t : agents) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, 1);
}

TEST_F(RoutingApi, FailedAttemptsParkTheTaskUntilItsNextAttemptAndTheLastOneEndsIt) {
  std::string id(createTask("sosiaalineuvonta", "+358401000012").at("id").as_string());
  setPresence("helena-back", "break");
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto claimed = post("/api/v1/tasks/" + id + "/claim", json::object{{"agent", "helena-back"}});
    ASSERT_EQ(claimed.status, 200) << "attempt " << attempt << ": " << claimed.body;
    auto r = post("/api/v1/tasks/" + id + "/attempts",
                  json::object{{"agent", "helena-back"}, {"outcome", "no_answer"}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto task = parsed(r);
    if (attempt < 3) {
      EXPECT_EQ(task.at("routing").at("state"), "parked");
      clock_.advance(3h);
      runDueWork();
    } else {
      EXPECT_EQ(task.at("end"), "unreachable");
    }
  }
  auto stored = parsed(http_.get("/api/v1/tasks/" + id));
  EXPECT_EQ(stored.at("end"), "unreachable");
  EXPECT_EQ(stored.at("attempts").as_array().size(), 3u);
}

TEST_F(RoutingApi, ACompletedTaskStaysReadableAndCannotBeDeleted) {
  std::string id(createTask("suun-terveys", "+358401000013").at("id").as_string());
  setPresence("ville-ojala", "break");
  ASSERT_EQ(post("/api/v1/tasks/" + id + "/claim", json::object{{"agent", "ville-ojala"}}).status,
            200);
  auto done = post("/api/v1/tasks/" + id + "/complete",
                   json::object{{"agent", "ville-ojala"}, {"outcome", "appointment booked"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(http_.request("DELETE", "/api/v1/tasks/" + id).status, 405);
  auto stored = parsed(http_.get("/api/v1/tasks/" + id));
  EXPECT_EQ(stored.at("end"), "completed");
  EXPECT_EQ(stored.at("outcome"), "appointment booked");
  EXPECT_EQ(stored.at("ended_by"), "ville-ojala");
}

TEST_F(RoutingApi, AnOfferNotAnsweredInTimeReturnsTheCallToItsPlaceAndSetsTheAgentNotReady) {
  setPresence("pekka-jarvinen", "available");
  std::string id(call("mielenterveys-paihde", "+358401000014").at("contact").at("id").as_string());
  clock_.advance(25s);  // the line's offer timeout is 20 s
  EXPECT_GT(runDueWork(), 0);
  auto queue = parsed(http_.get("/api/v1/queues/mielenterveys-paihde"));
  ASSERT_EQ(queue.at("waiting").as_array().size(), 1u);
  EXPECT_EQ(queue.at("waiting").at(0).at("item").at("id").as_string(), id);
  EXPECT_EQ(queue.at("waiting").at(0).at("position").as_int64(), 1);
  auto presence = parsed(http_.get("/api/v1/presence"));
  for (const auto& p : presence.at("items").as_array()) {
    if (p.at("agent") == "pekka-jarvinen") {
      EXPECT_EQ(p.at("state").at("status"), "break");
      EXPECT_EQ(p.at("state").at("reason"), "no_answer");
    }
  }
}

TEST_F(RoutingApi, PresenceCanBeAskedForOneLinesAgentsAndUnknownFiltersAre400) {
  setPresence("pekka-jarvinen", "available");
  auto all = parsed(http_.get("/api/v1/presence"));
  auto on_line = parsed(http_.get("/api/v1/presence?line=mielenterveys-paihde"));
  bool listed = false;
  for (const auto& p : on_line.at("items").as_array()) {
    listed = listed || p.at("agent") == "pekka-jarvinen";
  }
  EXPECT_TRUE(listed);
  EXPECT_TRUE(
      parsed(http_.get("/api/v1/presence?line=no-such-line")).at("items").as_array().empty());
  EXPECT_FALSE(all.at("items").as_array().empty());
  EXPECT_EQ(http_.get("/api/v1/presence?colour=blue").status, 400);
}

TEST_F(RoutingApi, HoursSayWhetherALineIsOpenAndWhenItOpensNext) {
  auto hours = parsed(http_.get("/api/v1/service-lines/neuvola/hours?at=2026-11-23T08:30:00Z"));
  EXPECT_FALSE(hours.at("open").as_bool());  // 10:30 local: between the split hours
  EXPECT_EQ(hours.at("next_opening"), "2026-11-23T10:00:00.000000Z");  // 12:00 local
  auto christmas = parsed(http_.get("/api/v1/service-lines/neuvola/hours?at=2026-12-24T08:00:00Z"));
  EXPECT_FALSE(christmas.at("open").as_bool());
  EXPECT_EQ(christmas.at("next_opening"), "2026-12-28T06:00:00.000000Z");
  auto duty = parsed(http_.get("/api/v1/service-lines/paivystysapu/hours?at=2026-12-24T22:00:00Z"));
  EXPECT_TRUE(duty.at("open").as_bool());
}

TEST_F(RoutingApi, UnknownItemsAndBadValuesAreClearErrors) {
  EXPECT_EQ(post("/api/v1/tasks/t-nothing/claim", json::object{{"agent", "ville-ojala"}}).status,
            404);
  EXPECT_EQ(post("/api/v1/agents/ville-ojala/offers/accept",
                 json::object{{"kind", "contact"}, {"id", "c-nothing"}})
                .status,
            404);
  auto bad = http_.request("PUT", "/api/v1/agents/ville-ojala/presence", R"({"status":"asleep"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(errorMessage(bad).find("available, break, offline"), std::string::npos);
  EXPECT_EQ(post("/api/v1/contacts", json::object{{"line", "no-such-line"}}).status, 404);
  EXPECT_EQ(post("/api/v1/tasks", json::object{{"line", "neuvola"}, {"channel", "fax"}}).status,
            400);
  EXPECT_EQ(http_.get("/api/v1/queues/no-such-line").status, 404);
  EXPECT_EQ(http_.get("/api/v1/tasks/t-nothing").status, 404);
  auto attempt =
      post("/api/v1/tasks/t-x/attempts", json::object{{"agent", "a"}, {"outcome", "maybe"}});
  EXPECT_EQ(attempt.status, 400);
}

TEST_F(RoutingApi, TheContactsRouteMakesCallsOnlyNotChatsWithNobodyToWriteWith) {
  for (const char* channel : {"chat", "video", "callback"}) {
    auto refused = post(
        "/api/v1/contacts",
        json::object{{"line", "neuvola"}, {"channel", channel}, {"from_number", "+358401234567"}});
    EXPECT_EQ(refused.status, 400) << channel;
    EXPECT_NE(errorMessage(refused).find("POST /api/v1/chat/start"), std::string::npos);
  }
  auto events = http_.get("/api/v1/events?after=0&limit=1000");
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.body.find("\"contact."), std::string::npos) << events.body;
}

TEST_F(RoutingApi, ACallerWhoHangsUpAfterWaitingGetsACallbackByPolicy) {
  setPresence("pekka-jarvinen", "available");
  call("mielenterveys-paihde", "+358401000020");  // takes Pekka's offer
  std::string id(call("mielenterveys-paihde", "+358401000021").at("contact").at("id").as_string());
  clock_.advance(45s);  // longer than the 30 s the default policy asks for
  auto r = post("/api/v1/contacts/" + id + "/abandon", json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  auto outcome = parsed(r);
  EXPECT_EQ(outcome.at("contact").at("end"), "abandoned");
  ASSERT_TRUE(outcome.at("task").is_object());
  EXPECT_EQ(outcome.at("task").at("reason"), "abandoned");
}

}  // namespace
}  // namespace luukku::testing
