#include "codec/routing_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::codec {
namespace {
namespace json = boost::json;
using core::routing::AgentPolicy;
using core::routing::LinePolicy;

TEST(RoutingJson, ALinePolicyRoundTrips) {
  json::value encoded = encode(LinePolicy{});
  auto decoded = decodeLinePolicy(encoded, "routing");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encode(*decoded), encoded);
}

TEST(RoutingJson, ALinesServiceLevelTargetRoundTripsAndDefaultsToSixtySeconds) {
  LinePolicy policy;
  policy.service_level_target = std::chrono::seconds(20);
  auto decoded = decodeLinePolicy(encode(policy), "routing");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(decoded->service_level_target, std::chrono::seconds(20));
  // A line stored before the target existed has none in its JSON: the reports' default.
  auto older = decodeLinePolicy(json::object{}, "routing");
  ASSERT_TRUE(older.isOk()) << older.status().message();
  EXPECT_EQ(older->service_level_target, std::chrono::seconds(60));
}

TEST(RoutingJson, AnAgentPolicyRoundTrips) {
  AgentPolicy policy;
  policy.memberships.push_back({"neuvola", 2});
  json::value encoded = encode(policy);
  auto decoded = decodeAgentPolicy(encoded, "routing");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encode(*decoded), encoded);
}

TEST(RoutingJson, AnUnknownFieldOfALinePolicyIsAnErrorNamingItsPath) {
  json::value encoded = encode(LinePolicy{});
  encoded.as_object()["priority_boost"] = 3;
  auto decoded = decodeLinePolicy(encoded, "lines[0].routing");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("lines[0].routing.priority_boost: unknown field"),
            std::string::npos)
      << decoded.status().message();
}

TEST(RoutingJson, ATimeRoundTripsToTheMicrosecond) {
  Timestamp t = fromMicros(1'790'000'000'123'456);
  json::object o;
  putTime(o, "at", t);
  auto decoded = decodeTime(o.at("at"), "at");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(*decoded, t);
}

TEST(RoutingJson, AMalformedTimeIsAnErrorNamingItsPath) {
  auto decoded = decodeTime(json::value("yesterday"), "tasks[0].due_at");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("tasks[0].due_at"), std::string::npos)
      << decoded.status().message();
}

}  // namespace
}  // namespace luukku::codec
