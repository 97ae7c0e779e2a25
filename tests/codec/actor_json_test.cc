#include "codec/actor_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::codec {
namespace {
namespace json = boost::json;

core::Actor staffActor() {
  return {core::Actor::Kind::kUser, "u-1", "anna", "agent-7"};
}

TEST(ActorJson, AUserActingForAnAgentRoundTrips) {
  auto decoded = decodeActor(encode(staffActor()), "actor");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(*decoded, staffActor());
}

TEST(ActorJson, TheSystemIsNotAnActorAPayloadCarries) {
  json::value payload = json::object{{"line", "neuvola"}};
  putActor(payload, core::Actor{});
  EXPECT_FALSE(payload.as_object().contains(kActorKey));
  json::value actor = encode(core::Actor{});
  auto decoded = decodeActor(actor, "actor");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("actor.kind"), std::string::npos)
      << decoded.status().message();
}

TEST(ActorJson, SplittingAPayloadGivesBackTheActorAndTheRest) {
  json::value payload = json::object{{"line", "neuvola"}};
  putActor(payload, staffActor());
  auto split = splitActor(payload);
  ASSERT_TRUE(split.isOk()) << split.status().message();
  EXPECT_EQ(split->payload, (json::value(json::object{{"line", "neuvola"}})));
  ASSERT_TRUE(split->actor.has_value());
  EXPECT_EQ(*split->actor, staffActor());
}

TEST(ActorJson, AnUnknownFieldIsAnErrorNamingItsPath) {
  json::value v = encode(staffActor());
  v.as_object()["role"] = "admin";
  auto decoded = decodeActor(v, "actor");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("actor.role: unknown field"), std::string::npos)
      << decoded.status().message();
}

TEST(ActorJson, AMissingFieldIsAnErrorNamingItsPath) {
  json::value v = encode(staffActor());
  v.as_object().erase("id");
  auto decoded = decodeActor(v, "actor");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("actor.id: is required"), std::string::npos)
      << decoded.status().message();
}

}  // namespace
}  // namespace luukku::codec
