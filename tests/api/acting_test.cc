// Who acts as whom: an account acts as the agent it is linked to and as no other; supervisors
// and administrators act on an agent's behalf, and the events record both; "done by" comes
// from the signed-in person, never from the request body.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/api_test_util.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;
using identity::RoleSet;

class Acting : public ::testing::Test {
 protected:
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  static RawResponse post(const HttpClient& c, const std::string& path, const json::value& body) {
    return c.request("POST", path, json::serialize(body));
  }
  static RawResponse presence(const HttpClient& c, const std::string& agent, const char* status) {
    return c.request("PUT", "/api/v1/agents/" + agent + "/presence",
                     json::serialize(json::object{{"status", status}}));
  }
  std::string createTask(const std::string& line, const std::string& number) {
    auto r = post(admin_, "/api/v1/tasks", json::object{{"line", line}, {"number", number}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(parsed(r).at("id").as_string());
  }
  // The events after `after`, with personal data (the test reads as a supervisor would).
  json::array eventsAfter(std::int64_t after) {
    auto r = admin_.get("/api/v1/events?personal=true&limit=1000&after=" + std::to_string(after));
    EXPECT_EQ(r.status, 200) << r.body;
    return parsed(r).at("items").as_array();
  }
  const json::object* lastOfType(const json::array& events, std::string_view type) {
    const json::object* found = nullptr;
    for (const auto& e : events) {
      if (e.at("type").as_string() == type) found = &e.as_object();
    }
    return found;
  }

  TestClock clock_{helsinki(23, 9, 0)};
  TestServer server_{options()};
  HttpClient admin_ = server_.client();
};

TEST_F(Acting, AnAgentSetsTheirOwnPresence) {
  auto pekka = server_.agentClient("pekka-jarvinen");
  EXPECT_EQ(presence(pekka, "pekka-jarvinen", "available").status, 200);
}

TEST_F(Acting, AnAgentCannotSetAnotherAgentsPresence) {
  auto pekka = server_.agentClient("pekka-jarvinen");
  auto r = presence(pekka, "ville-ojala", "offline");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(errorCode(r), "permission_denied");
}

TEST_F(Acting, AnAccountLinkedToNoAgentActsForNone) {
  auto unlinked = server_.clientWithRoles(RoleSet{Role::kAgent});
  EXPECT_EQ(presence(unlinked, "pekka-jarvinen", "available").status, 403);
  auto token = server_.tokenClient(RoleSet{Role::kAgent});
  EXPECT_EQ(presence(token, "pekka-jarvinen", "available").status, 403);
}

TEST_F(Acting, AnAgentCannotAcceptOrDeclineAnotherAgentsOffers) {
  auto pekka = server_.agentClient("pekka-jarvinen");
  json::object item{{"kind", "contact"}, {"id", "c-00000001"}};
  EXPECT_EQ(post(pekka, "/api/v1/agents/ville-ojala/offers/accept", item).status, 403);
  EXPECT_EQ(post(pekka, "/api/v1/agents/ville-ojala/offers/decline", item).status, 403);
}

TEST_F(Acting, AnAgentCannotReadAnotherAgentsWork) {
  auto pekka = server_.agentClient("pekka-jarvinen");
  EXPECT_EQ(pekka.get("/api/v1/agents/pekka-jarvinen/work").status, 200);
  EXPECT_EQ(pekka.get("/api/v1/agents/ville-ojala/work").status, 403);
}

TEST_F(Acting, AnAgentCannotClaimATaskForAnotherAgent) {
  std::string id = createTask("sosiaalineuvonta", "+358401000101");
  auto helena = server_.agentClient("helena-back");
  auto r = post(helena, "/api/v1/tasks/" + id + "/claim", json::object{{"agent", "ville-ojala"}});
  EXPECT_EQ(r.status, 403);
}

TEST_F(Acting, AnAgentClaimsAndCompletesATaskAsThemselvesWithoutNamingAnAgent) {
  std::string id = createTask("sosiaalineuvonta", "+358401000102");
  auto helena = server_.agentClient("helena-back");
  ASSERT_EQ(presence(helena, "helena-back", "break").status, 200);
  std::int64_t before = durableSeq(admin_);
  auto claimed = post(helena, "/api/v1/tasks/" + id + "/claim", json::object{});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(parsed(claimed).at("routing").at("agent"), "helena-back");
  auto done =
      post(helena, "/api/v1/tasks/" + id + "/complete", json::object{{"outcome", "advice given"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto events = eventsAfter(before);
  const auto* claim = lastOfType(events, "task.claimed");
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->at("data").at("actor").at("kind"), "user");
  EXPECT_FALSE(claim->at("data").at("actor").as_object().contains("on_behalf_of"));
}

TEST_F(Acting, ASupervisorSetsAnAgentAwayAndTheEventNamesBoth) {
  auto session = server_.signIn(RoleSet{Role::kSupervisor});
  auto supervisor = server_.clientFor(session);
  ASSERT_EQ(presence(admin_, "ville-ojala", "available").status, 200);
  std::int64_t before = durableSeq(admin_);
  auto r = presence(supervisor, "ville-ojala", "break");
  ASSERT_EQ(r.status, 200) << r.body;
  json::array events = eventsAfter(before);
  const auto* changed = lastOfType(events, "presence.changed");
  ASSERT_TRUE(changed);
  const auto& data = changed->at("data");
  EXPECT_EQ(data.at("agent"), "ville-ojala");
  EXPECT_EQ(data.at("actor").at("id").as_string(), session.user_id);
  EXPECT_EQ(data.at("actor").at("on_behalf_of"), "ville-ojala");
}

TEST_F(Acting, ASupervisorTakesBackAnAgentsTask) {
  std::string id = createTask("terveysasemat", "+358401000103");
  auto sanna = server_.agentClient("sanna-rinta-aho");
  ASSERT_EQ(presence(sanna, "sanna-rinta-aho", "break").status, 200);
  ASSERT_EQ(post(sanna, "/api/v1/tasks/" + id + "/claim", json::object{}).status, 200);
  auto supervisor = server_.clientWithRoles(RoleSet{Role::kSupervisor});
  auto r = post(supervisor, "/api/v1/tasks/" + id + "/release",
                json::object{{"agent", "sanna-rinta-aho"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("routing").at("agent"), "");
}

TEST_F(Acting, EveryEventOfAPersonsCommandRecordsWhoDidIt) {
  std::int64_t before = durableSeq(admin_);
  createTask("neuvola", "+358401000104");
  json::array events = eventsAfter(before);
  const auto* created = lastOfType(events, "task.created");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->at("data").at("actor").at("kind"), "user");
  EXPECT_FALSE(created->at("data").at("actor").at("id").as_string().empty());
}

TEST_F(Acting, WhoRescheduledComesFromTheSignInNotTheBody) {
  std::string id = createTask("neuvola", "+358401000105");
  auto r = post(admin_, "/api/v1/tasks/" + id + "/reschedule",
                json::object{{"due_at", "2026-11-24T12:00:00Z"}, {"by", "someone-else"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(errorCode(r), "invalid_argument");
}

TEST_F(Acting, AnAdministratorLinksAnAccountToAnAgent) {
  auto session = server_.signIn(RoleSet{Role::kAgent});
  auto r = admin_.request("PATCH", "/api/v1/users/" + session.user_id,
                          json::serialize(json::object{{"agent", "laura-niemi"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("agent"), "laura-niemi");
  auto laura = server_.clientFor(session);
  EXPECT_EQ(parsed(laura.get("/api/v1/auth/session")).at("agent"), "laura-niemi");
  EXPECT_EQ(presence(laura, "laura-niemi", "available").status, 200);
}

TEST_F(Acting, AnAgentIsLinkedToAtMostOneAccount) {
  server_.agentClient("tuomas-heikkila");
  auto other = server_.signIn(RoleSet{Role::kAgent});
  auto r = admin_.request("PATCH", "/api/v1/users/" + other.user_id,
                          json::serialize(json::object{{"agent", "tuomas-heikkila"}}));
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST_F(Acting, LinkingToAnUnknownAgentIsRefused) {
  auto session = server_.signIn(RoleSet{Role::kAgent});
  auto r = admin_.request("PATCH", "/api/v1/users/" + session.user_id,
                          json::serialize(json::object{{"agent", "nobody-here"}}));
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(Acting, UnlinkingEndsActingAsTheAgent) {
  auto session = server_.signIn(RoleSet{Role::kAgent}, "anna-peltola");
  auto anna = server_.clientFor(session);
  ASSERT_EQ(presence(anna, "anna-peltola", "available").status, 200);
  auto r = admin_.request("PATCH", "/api/v1/users/" + session.user_id,
                          json::serialize(json::object{{"agent", nullptr}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parsed(r).at("agent").is_null());
  EXPECT_EQ(presence(anna, "anna-peltola", "break").status, 403);
}

TEST_F(Acting, ASingleSignOnAccountActsAsTheAgentItIsLinkedTo) {
  identity::SsoIdentity sso{"http://127.0.0.1:1|emma", "emma", "Emma Lindqvist",
                            RoleSet{Role::kAgent}};
  auto first = server_.identity().startSsoSession(sso, "test");
  ASSERT_TRUE(first);
  auto linked = admin_.request("PATCH", "/api/v1/users/" + first->principal.id,
                               json::serialize(json::object{{"agent", "emma-lindqvist"}}));
  ASSERT_EQ(linked.status, 200) << linked.body;
  // The link holds across sign-ins: the provider's roles are refreshed, the link is kept.
  auto again = server_.identity().startSsoSession(sso, "test");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->principal.agent_id, "emma-lindqvist");
  auto emma =
      server_.clientFor({again->cookie_value, again->principal.csrf_token, again->principal.id});
  EXPECT_EQ(presence(emma, "emma-lindqvist", "available").status, 200);
  EXPECT_EQ(presence(emma, "pekka-jarvinen", "available").status, 403);
}

TEST_F(Acting, ContactIdsAreAssignedByTheServer) {
  json::object call{{"id", "c-chosen"}, {"line", "neuvola"}, {"from_number", "+358401000106"}};
  for (int i = 0; i < 2; ++i) {
    auto r = post(admin_, "/api/v1/contacts", call);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(errorCode(r), "invalid_argument");
  }
  EXPECT_EQ(admin_.get("/healthz").status, 200);
  EXPECT_TRUE(server_.engine().healthy());
}

}  // namespace
}  // namespace luukku::testing
