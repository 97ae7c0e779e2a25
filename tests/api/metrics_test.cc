// /metrics in the Prometheus text format, with the figures operators need.
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {

TEST(Metrics, ReportRequestsLatenciesEventsAndSubscribers) {
  TestServer server;
  auto http = server.client();
  ASSERT_EQ(http.get("/api/v1/service-lines").status, 200);
  auto r = http.get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  for (const char* expected : {
           "# TYPE luukku_http_requests_total counter",
           R"(luukku_http_requests_total{route="GET /api/v1/service-lines",code="2xx"} 1)",
           R"(luukku_http_request_seconds_bucket{route="GET /api/v1/service-lines",le="+Inf"} 1)",
           "# TYPE luukku_events_appended_total counter",
           "luukku_event_subscribers 0",
           "luukku_store_commit_seconds_count",
       }) {
    EXPECT_NE(r.body.find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(r.body.find("luukku_events_appended_total 0"), std::string::npos)
      << "the demo import appended events";
}

TEST(Health, ReportsOkAndTheDurableSequence) {
  TestServer server;
  auto r = server.client().get("/healthz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(parsed(r).at("status").as_string(), "ok");
  EXPECT_GT(parsed(r).at("durable_seq").as_int64(), 0);
}

}  // namespace
}  // namespace luukku::testing
