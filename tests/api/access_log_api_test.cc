// The access log from a handler's call to a registrar's answer, and the audit log of admin
// changes.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "api/access_logging.h"
#include "api/api_test_util.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;
using identity::RoleSet;

constexpr const char* kHetu = "131052-308T";

// A stand-in for a personal-data endpoint (tasks and contacts arrive with the routing
// work): it logs the read of the citizen named in the path, then answers.
void addPersonalDataRoute(api::Router& router, api::Services& s) {
  router.add({"GET", "/api/v1/test-citizens/{hetu}", "testReadCitizen",
              api::Access::anyOf({Role::kAgent}),
              [&s](api::RequestContext& ctx) -> asio::awaitable<api::HttpResponse> {
                identity::AccessEntry entry{"hetu:" + std::string(ctx.param("hetu")), "customer",
                                            "c-1", "callback task"};
                Status logged = co_await api::recordAccess(s, ctx, std::move(entry));
                if (!logged) co_return api::errorResponse(logged);
                co_return api::jsonResponse(200, R"({"name":"Maija Meikäläinen"})");
              }});
}

std::string query(std::string_view citizen, std::string_view format = "json") {
  return json::serialize(json::object{{"citizen", citizen},
                                      {"from", "2020-01-01T00:00:00Z"},
                                      {"to", "2100-01-01T00:00:00Z"},
                                      {"format", format}});
}

class AccessLogApi : public ::testing::Test {
 protected:
  static TestServerOptions options() {
    TestServerOptions o;
    o.load_demo_region = false;
    o.extra_routes = addPersonalDataRoute;
    return o;
  }
  TestServer server_{options()};
  HttpClient agent_ = server_.clientWithRoles(RoleSet{Role::kAgent});
  HttpClient registrar_ = server_.clientWithRoles(RoleSet{Role::kRegistrar});
};

TEST_F(AccessLogApi, ARegistrarSeesEveryReadOfOneCitizensData) {
  ASSERT_EQ(agent_.get(std::string("/api/v1/test-citizens/") + kHetu).status, 200);
  ASSERT_EQ(agent_.get("/api/v1/test-citizens/010101-123N").status, 200);
  auto r =
      registrar_.request("POST", "/api/v1/access-log/query", query(std::string("hetu:") + kHetu));
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = parsed(r).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("record").at("kind").as_string(), "customer");
  EXPECT_EQ(items[0].at("purpose").as_string(), "callback task");
  EXPECT_EQ(items[0].at("route").as_string(), "GET /api/v1/test-citizens/{hetu}");
  EXPECT_EQ(items[0].at("actor").at("roles"), (json::array{"agent"}));
  EXPECT_TRUE(items[0].at("at").is_string());
}

TEST_F(AccessLogApi, TheIdentityCodeIsFoundWhateverItsCase) {
  ASSERT_EQ(agent_.get("/api/v1/test-citizens/131052-308t").status, 200);
  auto r =
      registrar_.request("POST", "/api/v1/access-log/query", query(std::string("hetu:") + kHetu));
  EXPECT_EQ(parsed(r).at("items").as_array().size(), 1u);
}

TEST_F(AccessLogApi, TheAnswerComesAsCsvToo) {
  ASSERT_EQ(agent_.get(std::string("/api/v1/test-citizens/") + kHetu).status, 200);
  auto r = registrar_.request("POST", "/api/v1/access-log/query",
                              query(std::string("hetu:") + kHetu, "csv"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  std::istringstream lines(r.body);
  std::string header, row, extra;
  std::getline(lines, header);
  std::getline(lines, row);
  EXPECT_EQ(header, "time,actor_id,actor_name,actor_roles,record_kind,record_id,purpose,route\r");
  EXPECT_NE(row.find("\"callback task\""), std::string::npos) << row;
  EXPECT_FALSE(std::getline(lines, extra) && !extra.empty());
}

TEST_F(AccessLogApi, TheRegistrarsQueryIsItselfRecorded) {
  std::string citizen = std::string("hetu:") + kHetu;
  ASSERT_EQ(registrar_.request("POST", "/api/v1/access-log/query", query(citizen)).status, 200);
  auto again = registrar_.request("POST", "/api/v1/access-log/query", query(citizen));
  auto items = parsed(again).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("record").at("kind").as_string(), "access_log");
}

TEST_F(AccessLogApi, APeriodLeavesOutReadsOutsideIt) {
  ASSERT_EQ(agent_.get(std::string("/api/v1/test-citizens/") + kHetu).status, 200);
  auto r =
      registrar_.request("POST", "/api/v1/access-log/query",
                         json::serialize(json::object{{"citizen", std::string("hetu:") + kHetu},
                                                      {"from", "2020-01-01T00:00:00Z"},
                                                      {"to", "2020-12-31T00:00:00Z"}}));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(parsed(r).at("items").as_array().empty());
}

TEST_F(AccessLogApi, BadQueriesAre400) {
  for (
      const char* body :
      {R"({"citizen":"131052-308T","from":"2020-01-01T00:00:00Z","to":"2021-01-01T00:00:00Z"})",
       R"({"citizen":"hetu:131052-308T","from":"yesterday","to":"2021-01-01T00:00:00Z"})",
       R"({"citizen":"hetu:131052-308T","from":"2021-01-01T00:00:00Z","to":"2020-01-01T00:00:00Z"})",
       R"({"citizen":"hetu:131052-308T","from":"2020-01-01T00:00:00Z","to":"2021-01-01T00:00:00Z","format":"xml"})",
       R"({"citizen":"hetu:131052-308T","from":"2020-01-01T00:00:00Z","to":"2021-01-01T00:00:00Z","sql":"1"})"}) {
    auto r = registrar_.request("POST", "/api/v1/access-log/query", body);
    EXPECT_EQ(r.status, 400) << body;
  }
}

TEST_F(AccessLogApi, TheStoreNeverHoldsTheIdentityCode) {
  ASSERT_EQ(agent_.get(std::string("/api/v1/test-citizens/") + kHetu).status, 200);
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(server_.dir().file(std::string("luukku.db") + suffix), std::ios::binary);
    bytes += std::string(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(kHetu), std::string::npos);
}

TEST_F(AccessLogApi, PersonalDataCannotBeLoggedFromAPublicRoute) {
  identity::AccessEntry entry{"hetu:131052-308T", "customer", "c-1", "test"};
  api::HttpRequest request;
  api::RequestContext ctx{request, {}};
  auto future = asio::co_spawn(asio::system_executor(),
                               api::recordAccess(server_.services(), ctx, entry), asio::use_future);
  EXPECT_EQ(future.get().code(), ErrorCode::kInternal);
}

class AuditLogApi : public ::testing::Test {
 protected:
  TestServer server_;
  HttpClient admin_ = server_.clientWithRoles(RoleSet{Role::kAdmin});

  json::array audit() {
    auto r = admin_.get("/api/v1/audit-log?limit=1000");
    EXPECT_EQ(r.status, 200);
    return parsed(r).at("items").as_array();
  }
};

TEST_F(AuditLogApi, CreatingAndDisablingAUserIsAuditedWithBeforeAndAfter) {
  auto created = admin_.request(
      "POST", "/api/v1/users",
      R"({"username":"cecilia","display_name":"Cecilia","roles":["agent"],"password":"Kuusi-kuusta-66"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(parsed(created).at("id").as_string());
  ASSERT_EQ(admin_.request("PATCH", "/api/v1/users/" + id, R"({"disabled":true})").status, 200);
  auto rows = audit();
  ASSERT_GE(rows.size(), 2u);
  const auto& disabled = rows.back();
  EXPECT_EQ(disabled.at("action").as_string(), "user.disabled");
  EXPECT_EQ(disabled.at("before").at("disabled").as_bool(), false);
  EXPECT_EQ(disabled.at("after").at("disabled").as_bool(), true);
  EXPECT_EQ(rows[rows.size() - 2].at("action").as_string(), "user.created");
  EXPECT_EQ(created.body.find("argon2"), std::string::npos);
}

TEST_F(AuditLogApi, ChangingAServiceLineIsAuditedWithBeforeAndAfter) {
  auto line = parsed(admin_.get("/api/v1/service-lines/neuvola"));
  line.as_object()["channels"] = json::array{"phone"};
  ASSERT_EQ(admin_.request("PUT", "/api/v1/service-lines/neuvola", json::serialize(line)).status,
            200);
  auto last = audit().back();
  EXPECT_EQ(last.at("action").as_string(), "service_line.replaced");
  EXPECT_EQ(last.at("target").at("id").as_string(), "neuvola");
  EXPECT_EQ(last.at("after").at("channels"), (json::array{"phone"}));
  EXPECT_NE(last.at("before").at("channels"), last.at("after").at("channels"));
}

TEST_F(AuditLogApi, AWeakPasswordCreatesNothingAndAuditsNothing) {
  std::size_t before = audit().size();
  auto r = admin_.request(
      "POST", "/api/v1/users",
      R"({"username":"dora","display_name":"Dora","roles":["agent"],"password":"short"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(admin_.get("/api/v1/users").body.find("dora"), std::string::npos);
  EXPECT_EQ(audit().size(), before);
}

TEST_F(AuditLogApi, ATokenMadeThroughTheApiWorksUntilRevoked) {
  auto made = admin_.request("POST", "/api/v1/tokens", R"({"name":"crm","roles":["agent"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string secret(parsed(made).at("token").as_string());
  std::string id(parsed(made).at("id").as_string());
  auto crm = server_.anonymousClient().withHeader("Authorization", "Bearer " + secret);
  EXPECT_EQ(crm.get("/api/v1/agents").status, 200);
  EXPECT_EQ(admin_.get("/api/v1/tokens").body.find(secret), std::string::npos);
  ASSERT_EQ(admin_.request("DELETE", "/api/v1/tokens/" + id).status, 204);
  auto r = crm.get("/api/v1/agents");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(errorMessage(r).find("revoked"), std::string::npos);
}

TEST_F(AuditLogApi, AMalformedOrUnknownTokenIs401) {
  for (const char* auth :
       {"Bearer lk_nothing", "Bearer lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic YWRtaW46YWRtaW4=", "Bearer "}) {
    auto r = server_.anonymousClient().withHeader("Authorization", auth).get("/api/v1/region");
    EXPECT_EQ(r.status, 401) << auth;
  }
}

}  // namespace
}  // namespace luukku::testing
