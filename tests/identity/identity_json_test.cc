#include "identity/identity_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::identity {
namespace {
namespace json = boost::json;

User anna() {
  User u;
  u.id = "u-1";
  u.username = "anna";
  u.display_name = "Anna Virtanen";
  u.roles = *RoleSet::parse("agent,supervisor");
  u.has_password = true;
  u.created_at = fromMicros(1'000'000);
  u.updated_at = fromMicros(2'000'000);
  u.version = 3;
  return u;
}

TEST(IdentityJson, AUserShowsWhetherSecretsAreSetButNotThem) {
  json::value v = json::parse(userJson(anna()));
  EXPECT_EQ(v, json::parse(R"({"id":"u-1","username":"anna","display_name":"Anna Virtanen",
      "roles":["agent","supervisor"],"disabled":false,"password":true,"sso":false,"agent":null,
      "created_at":"1970-01-01T00:00:01.000000Z","updated_at":"1970-01-01T00:00:02.000000Z",
      "version":3})"));
}

TEST(IdentityJson, AUserActingAsAnAgentNamesIt) {
  User u = anna();
  u.agent_id = "agent-7";
  u.external_id = "oidc|123";
  json::value v = json::parse(userJson(u));
  EXPECT_EQ(v.at("agent"), "agent-7");
  EXPECT_EQ(v.at("sso"), true);
}

TEST(IdentityJson, ATokenHasNoSecretAndNullTimesWhenUnset) {
  store::TokenRecord t;
  t.id = "tok-1";
  t.name = "prometheus";
  t.token_hash = "secret-hash";
  t.roles = "supervisor";
  t.created_by = "cli";
  t.created_at = fromMicros(0);
  json::value v = json::parse(tokenJson(t));
  EXPECT_EQ(v, json::parse(R"({"id":"tok-1","name":"prometheus","roles":["supervisor"],
      "created_by":"cli","created_at":"1970-01-01T00:00:00.000000Z","expires_at":null,
      "revoked_at":null})"));
}

}  // namespace
}  // namespace luukku::identity
