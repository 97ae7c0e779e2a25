// The reports through the API: a supervisor exports a month to CSV, the drill-down writes the
// access log, bad ranges are 400s that say why, and a professional sees only their own
// figures. The calls are made through the routing API on a clock the test controls (Monday
// 23 November 2026).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "api/api_test_util.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

class ReportsApi : public ::testing::Test {
 protected:
  static TestServerOptions on(TestClock& clock, const identity::HashKey& key) {
    TestServerOptions o;
    o.clock = &clock;
    o.access_log_key = key;
    return o;
  }
  RawResponse post(const std::string& path, const json::value& body) {
    return postJson(http_, path, body);
  }
  // A call to the mental-health line that pekka-jarvinen answers after 20 s and talks 5 min.
  void answeredCall(const std::string& number) {
    auto ready = http_.request("PUT", "/api/v1/agents/pekka-jarvinen/presence",
                               json::serialize(json::object{{"status", "available"}}));
    ASSERT_EQ(ready.status, 200) << ready.body;
    auto r = post("/api/v1/contacts", json::object{{"line", "mielenterveys-paihde"},
                                                   {"channel", "phone"},
                                                   {"from_number", number}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string id(parsed(r).at("contact").at("id").as_string());
    clock_.advance(20s);
    ASSERT_EQ(post("/api/v1/agents/pekka-jarvinen/offers/accept",
                   json::object{{"kind", "contact"}, {"id", id}})
                  .status,
              200);
    clock_.advance(5min);
    ASSERT_EQ(
        post("/api/v1/contacts/" + id + "/complete", json::object{{"agent", "pekka-jarvinen"}})
            .status,
        200);
    clock_.advance(10min);
  }
  // A call nobody answers: its caller hangs up after 10 s, while the phone rings.
  void abandonedCall(const std::string& number) {
    auto r = post("/api/v1/contacts", json::object{{"line", "mielenterveys-paihde"},
                                                   {"channel", "phone"},
                                                   {"from_number", number}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string id(parsed(r).at("contact").at("id").as_string());
    clock_.advance(10s);
    ASSERT_EQ(post("/api/v1/contacts/" + id + "/abandon", json::object{}).status, 200);
    clock_.advance(10min);
  }

  TestClock clock_{helsinki(23, 10, 0)};
  identity::HashKey access_log_key_ = identity::randomHashKey();
  TestServer server_{on(clock_, access_log_key_)};
  HttpClient http_ = server_.client();
};

TEST(ReportsCatchingUp, FarBehindTheLogAReportIs503WithHowFarTheCountHasGotUntilItIsCounted) {
  TestClock clock{helsinki(23, 10, 0)};
  TestServerOptions o;
  o.clock = &clock;
  o.reports.batch_events = 4;  // the demo region alone writes dozens of events
  o.reports.read_catch_up = 8;
  TestServer server(o);
  HttpClient http = server.client();
  const std::string url = "/api/v1/reports/calls?from=2026-11-01&to=2026-11-30";
  auto first = http.get(url);
  ASSERT_EQ(first.status, 503) << first.body;
  EXPECT_EQ(first.headers["retry-after"], "5");
  const json::value body = parsed(first);
  const json::object& error = body.at("error").as_object();
  EXPECT_EQ(error.at("code"), "catching_up");
  const std::int64_t events = error.at("events").as_int64();
  EXPECT_EQ(error.at("counted").as_int64(), 4) << "each refused read counts one batch on";
  std::int64_t counted = 4;
  for (;;) {
    auto r = http.get(url);
    if (r.status == 200) break;
    ASSERT_EQ(r.status, 503) << r.body;
    const std::int64_t now_counted = parsed(r).at("error").at("counted").as_int64();
    EXPECT_EQ(now_counted, counted + 4);
    counted = now_counted;
    ASSERT_LT(counted, events) << "a read that near the end catches up and answers";
  }
  EXPECT_GE(counted + 8, events);
}

TEST_F(ReportsApi, ASupervisorExportsAMonthToCsvForExcel) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get(
      "/api/v1/reports/calls?from=2026-11-01&to=2026-11-30&format=csv&lang=fi&separator=semicolon");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF") << "a byte order mark, so Excel reads UTF-8";
  EXPECT_NE(r.body.find("\"Jakso\";\"Palvelulinja\";\"Yhteensä\";\"Vastatut\";\"Vastatut %\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"2026-11\";\"Kaikki linjat\";\"2\";\"1\";\"50,00\";\"1\";\"50,00\";"
                        "\"0\";\"0,00\";\"0\";\"0,00\"\r\n"),
            std::string::npos)
      << r.body;
  auto en = http_.get("/api/v1/reports/calls?from=2026-11-01&to=2026-11-30&format=csv&lang=en");
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("\"Period\",\"Service line\",\"Total\",\"Answered\",\"Answered %\""),
            std::string::npos)
      << en.body;
  EXPECT_NE(en.body.find("\"2026-11\",\"All lines\",\"2\",\"1\",\"50.00\""), std::string::npos);
}

TEST_F(ReportsApi, ResponseTimesExportToCsvAsFiguresAndValues) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get(
      "/api/v1/reports/"
      "response-times?from=2026-11-23&to=2026-11-23&format=csv&separator=semicolon");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers["content-disposition"], "attachment; filename=\"response-times.csv\"");
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  for (const char* row :
       {"\"Luku\";\"Arvo\"\r\n", "\"Saapuneet puhelut\";\"2\"\r\n",
        "\"Vastausaika, keskiarvo (s)\";\"20,00\"\r\n", "\"Vastausaika, mediaani (s)\";\"20\"\r\n",
        "\"Vastatut, odotus 20-30 s\";\"1\"\r\n", "\"Vastatut, odotus 300+ s\";\"0\"\r\n",
        "\"Palvelutaso %\";\"100,00\"\r\n", "\"Jonosta luopuneet\";\"1\"\r\n",
        "\"Luopuneet %\";\"50,00\"\r\n"}) {
    EXPECT_NE(r.body.find(row), std::string::npos) << row << " in\n" << r.body;
  }
  auto en = http_.get(
      "/api/v1/reports/"
      "response-times?from=2026-11-23&to=2026-11-23&format=csv&lang=en&target_s=10");
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_NE(en.body.find("\"Target (s)\",\"10\"\r\n\"Answered within target\",\"0\"\r\n"
                         "\"Service level %\",\"0.00\"\r\n"),
            std::string::npos)
      << en.body;
}

TEST_F(ReportsApi, CallbacksExportToCsvWithTheirDelays) {
  auto created = post("/api/v1/tasks",
                      json::object{{"line", "mielenterveys-paihde"}, {"number", "+358401000003"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(parsed(created).at("id").as_string());
  ASSERT_EQ(http_
                .request("PUT", "/api/v1/agents/pekka-jarvinen/presence",
                         json::serialize(json::object{{"status", "break"}}))
                .status,
            200);
  clock_.advance(30min);
  ASSERT_EQ(
      post("/api/v1/tasks/" + id + "/claim", json::object{{"agent", "pekka-jarvinen"}}).status,
      200);
  auto attempt = post("/api/v1/tasks/" + id + "/attempts",
                      json::object{{"agent", "pekka-jarvinen"}, {"outcome", "reached"}});
  ASSERT_EQ(attempt.status, 200) << attempt.body;
  clock_.advance(5min);
  auto done = post("/api/v1/tasks/" + id + "/complete",
                   json::object{{"agent", "pekka-jarvinen"}, {"outcome", "advised"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto r = http_.get(
      "/api/v1/reports/callbacks?from=2026-11-23&to=2026-11-23&format=csv&lang=sv&"
      "separator=semicolon");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  for (const char* row :
       {"\"Mått\";\"Värde\"\r\n", "\"Skapade uppgifter\";\"1\"\r\n", "\"Slutförda\";\"1\"\r\n",
        "\"Öppna\";\"0\"\r\n", "\"Tid till första försöket, median (s)\";\"1800\"\r\n",
        "\"Tid till slutförande, median (s)\";\"2100\"\r\n", "\"Slutförda i tid %\";\"100,00\"\r\n",
        "\"Försök per uppgift\";\"1,00\"\r\n"}) {
    EXPECT_NE(r.body.find(row), std::string::npos) << row << " in\n" << r.body;
  }
}

TEST_F(ReportsApi, PeakHoursExportToCsvOneRowPerWeekdayAndHour) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get("/api/v1/reports/peak-hours?from=2026-11-23&to=2026-11-29&format=csv&lang=en");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-disposition"], "attachment; filename=\"peak-hours.csv\"");
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 1 + 7 * 24) << "a header and 168 rows";
  EXPECT_NE(r.body.find("\"Weekday\",\"Hour\",\"Days\",\"Inbound calls\",\"Lost\","
                        "\"Callback attempts\",\"Agents signed in, average\",\"Agents needed "
                        "(planner)\"\r\n"),
            std::string::npos)
      << r.body;
  // Two calls on Monday 10-11, one of them lost; pekka signed in from 10:00 to 10:15:30.
  EXPECT_NE(r.body.find("\"Monday\",\"10:00\",\"1\",\"2\",\"1\",\"0\",\"0.26\","),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"Sunday\",\"23:00\",\"1\",\"0\",\"0\",\"0\",\"0.00\",\"0\"\r\n"),
            std::string::npos)
      << r.body;
}

TEST_F(ReportsApi, TheDrillDownExportsToCsvAndWritesTheAccessLog) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get(
      "/api/v1/reports/calls/list?from=2026-11-23&to=2026-11-23&format=csv&separator=semicolon");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(r.body.find("\"Päivä\";\"Kellonaika\";\"Numero\";\"Palvelulinja\";\"Suunta\";"
                        "\"Tulos\";\"Ammattilainen\";\"Odotus (s)\";\"Puheaika (s)\";"
                        "\"Jälkityö (s)\"\r\n"),
            std::string::npos)
      << r.body;
  // A number is written as a text formula, so that Excel shows it as it is (not 3,58E+11) and
  // without a guarding apostrophe.
  EXPECT_NE(
      r.body.find("\"2026-11-23\";\"10:00:00\";\"=\"\"+358401000001\"\"\";\"mielenterveys-paihde\";"
                  "\"saapuva\";\"vastattu\";\"pekka-jarvinen\";\"20\";\"300\";\"120\"\r\n"),
      std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find("\"2026-11-23\";\"10:15:20\";\"=\"\"+358401000002\"\"\";\"mielenterveys-paihde\";"
                  "\"saapuva\";\"menetetty\";\"\";\"10\";\"0\";\"0\"\r\n"),
      std::string::npos)
      << r.body;
  auto found = post("/api/v1/access-log/query", json::object{{"citizen", "phone:+358401000001"},
                                                             {"from", "2020-01-01T00:00:00Z"},
                                                             {"to", "2100-01-01T00:00:00Z"},
                                                             {"format", "json"}});
  ASSERT_EQ(found.status, 200) << found.body;
  int exported = 0;
  const json::value rows = parsed(found);
  for (const auto& row : rows.at("items").as_array()) {
    if (row.at("route") == "GET /api/v1/reports/calls/list") ++exported;
  }
  EXPECT_EQ(exported, 1) << found.body;
}

TEST_F(ReportsApi, PerProfessionalFiguresExportToCsv) {
  answeredCall("+358401000001");
  auto r = http_.get("/api/v1/reports/agents?from=2026-11-23&to=2026-11-23&format=csv&lang=en");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-disposition"], "attachment; filename=\"agents.csv\"");
  EXPECT_NE(r.body.find("\"Professional\",\"Handled\",\"Talk (s)\",\"Wrap-up (s)\","
                        "\"Outgoing calls\",\"Callback attempts\",\"Callbacks completed\"\r\n"
                        "\"pekka-jarvinen\",\"1\",\"300\","),
            std::string::npos)
      << r.body;
}

TEST_F(ReportsApi, CallsByOutcomePerDayAndLineAsJson) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get("/api/v1/reports/calls?from=2026-11-23&to=2026-11-23&period=day&by_line=true");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, json::value> by_line;
  const json::value body = parsed(r);
  for (const auto& row : body.at("items").as_array()) {
    by_line[std::string(row.at("line").as_string())] = row;
  }
  ASSERT_EQ(by_line.size(), 2u) << r.body;
  EXPECT_EQ(by_line["*"].at("total"), 2);
  EXPECT_EQ(by_line["*"].at("shares_percent").at("answered"), "50.00");
  EXPECT_EQ(by_line["mielenterveys-paihde"].at("answered"), 1);
  EXPECT_EQ(by_line["mielenterveys-paihde"].at("lost"), 1);
  auto today = http_.get("/api/v1/reports/today");
  ASSERT_EQ(today.status, 200) << today.body;
  auto live = parsed(today);
  EXPECT_EQ(live.at("date"), "2026-11-23");
  EXPECT_EQ(live.at("response_times").at("answer").at("median_s"), 20);
  EXPECT_EQ(live.at("response_times").at("abandon").at("count"), 1);
  // pekka signed in at 10:00 and still is: the hour so far, to the last event (10:15:30).
  const double signed_in = live.at("hours").at("signed_in").at(0).at(10).as_double();
  EXPECT_NEAR(signed_in, 15.5 / 60, 1e-9);
}

// The service level of today per line, each against the line's own target: the call answered
// after 20 s is within the default 60 s, and not within 15 s once the line's target is that.
TEST_F(ReportsApi, TodaysServiceLevelOfEachLineIsAgainstTheLinesOwnTarget) {
  answeredCall("+358401000001");
  auto levelOf = [&](const std::string& line) -> json::value {
    auto today = http_.get("/api/v1/reports/today");
    EXPECT_EQ(today.status, 200) << today.body;
    const json::value body = parsed(today);
    for (const auto& l : body.at("service_levels").as_array()) {
      if (l.at("line").as_string() == line) return l;
    }
    ADD_FAILURE() << "no service level for " << line << ": " << today.body;
    return nullptr;
  };
  json::value before = levelOf("mielenterveys-paihde");
  EXPECT_EQ(before.at("target_s"), 60);
  EXPECT_EQ(before.at("answered"), 1);
  EXPECT_EQ(before.at("answered_within_target"), 1);
  EXPECT_EQ(before.at("service_level_percent"), "100.00");
  EXPECT_TRUE(levelOf("neuvola").at("service_level_percent").is_null());  // nothing answered

  auto line = parsed(http_.get("/api/v1/service-lines/mielenterveys-paihde"));
  line.as_object()["routing"].as_object()["service_level_target_s"] = 15;
  auto changed =
      http_.request("PUT", "/api/v1/service-lines/mielenterveys-paihde", json::serialize(line));
  ASSERT_EQ(changed.status, 200) << changed.body;
  json::value after = levelOf("mielenterveys-paihde");
  EXPECT_EQ(after.at("target_s"), 15);
  EXPECT_EQ(after.at("answered_within_target"), 0);
  EXPECT_EQ(after.at("service_level_percent"), "0.00");
}

TEST_F(ReportsApi, TheDrillDownShowsTheCallsAndWritesTheAccessLog) {
  answeredCall("+358401000001");
  abandonedCall("+358401000002");
  auto r = http_.get("/api/v1/reports/calls/list?from=2026-11-23&to=2026-11-23&outcome=lost");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto items = parsed(r).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("number"), "+358401000002");
  EXPECT_EQ(items[0].at("line"), "mielenterveys-paihde");
  EXPECT_EQ(items[0].at("date"), "2026-11-23");
  EXPECT_EQ(items[0].at("time"), "10:15:20");  // after the first call and its 10 min
  EXPECT_EQ(items[0].at("wait_s"), 10.0);
  auto found = post("/api/v1/access-log/query", json::object{{"citizen", "phone:+358401000002"},
                                                             {"from", "2020-01-01T00:00:00Z"},
                                                             {"to", "2100-01-01T00:00:00Z"},
                                                             {"format", "json"}});
  ASSERT_EQ(found.status, 200) << found.body;
  int drill_downs = 0;
  const json::value rows = parsed(found);
  for (const auto& row : rows.at("items").as_array()) {
    if (row.at("route") == "GET /api/v1/reports/calls/list") ++drill_downs;
  }
  EXPECT_EQ(drill_downs, 1);
}

TEST_F(ReportsApi, BadRangesAndParametersAre400sThatSayWhy) {
  auto reversed = http_.get("/api/v1/reports/calls?from=2026-11-30&to=2026-11-01");
  EXPECT_EQ(reversed.status, 400);
  EXPECT_NE(errorMessage(reversed).find("before it starts"), std::string::npos);
  auto not_a_date = http_.get("/api/v1/reports/calls?from=2026-02-30&to=2026-03-01");
  EXPECT_EQ(not_a_date.status, 400);
  EXPECT_NE(errorMessage(not_a_date).find("'from'"), std::string::npos);
  EXPECT_EQ(http_.get("/api/v1/reports/calls?to=2026-03-01").status, 400);
  EXPECT_EQ(http_.get("/api/v1/reports/calls?from=2020-01-01&to=2026-03-01").status, 400);
  auto unknown = http_.get("/api/v1/reports/calls?from=2026-11-01&to=2026-11-30&colour=red");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(errorMessage(unknown).find("colour"), std::string::npos);
  EXPECT_EQ(http_.get("/api/v1/reports/calls?from=2026-11-01&to=2026-11-30&period=year").status,
            400);
  EXPECT_EQ(http_.get("/api/v1/reports/calls?from=2026-11-01&to=2026-11-30&lang=de").status, 400);
  EXPECT_EQ(http_.get("/api/v1/reports/calls/list?from=2026-11-01&to=2026-11-30&outcome=x").status,
            400);
  EXPECT_EQ(
      http_.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-11-30&target_s=0").status,
      400);
}

TEST_F(ReportsApi, AProfessionalSeesOnlyTheirOwnFigures) {
  answeredCall("+358401000001");
  auto pekka = server_.clientFor(server_.signIn({identity::Role::kAgent}, "pekka-jarvinen"));
  auto own = pekka.get("/api/v1/reports/agents?from=2026-11-23&to=2026-11-23");
  ASSERT_EQ(own.status, 200) << own.body;
  const auto items = parsed(own).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("agent"), "pekka-jarvinen");
  EXPECT_EQ(items[0].at("handled"), 1);
  EXPECT_EQ(items[0].at("talk_s"), 300.0);
  EXPECT_EQ(
      pekka.get("/api/v1/reports/agents?from=2026-11-23&to=2026-11-23&agent=ville-ojala").status,
      403);
  EXPECT_EQ(pekka.get("/api/v1/reports/calls?from=2026-11-23&to=2026-11-23").status, 403);
}

TEST_F(ReportsApi, AnAdministratorReadsTheReportsAsASupervisorDoes) {
  answeredCall("+358401000001");
  auto admin = server_.clientFor(server_.signIn({identity::Role::kAdmin}, ""));
  auto calls = admin.get("/api/v1/reports/calls?from=2026-11-23&to=2026-11-23");
  ASSERT_EQ(calls.status, 200) << calls.body;
  EXPECT_EQ(parsed(calls).at("items").as_array().at(0).at("total"), 1);
  auto everyone = admin.get("/api/v1/reports/agents?from=2026-11-23&to=2026-11-23");
  ASSERT_EQ(everyone.status, 200) << everyone.body;
  EXPECT_FALSE(parsed(everyone).at("items").as_array().empty());
}

}  // namespace
}  // namespace luukku::testing
