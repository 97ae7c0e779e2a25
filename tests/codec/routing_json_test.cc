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

TEST(RoutingJson, AContactRequestsNameAndDescriptionRoundTrip) {
  core::routing::Task task;
  task.id = "t-0000002a";
  task.routing.channel = core::Channel::kContactRequest;
  task.reason = core::routing::TaskReason::kContactRequest;
  task.requester_name = "Aino Mäki";
  task.description = "Reseptin uusiminen.\nKiitos!";
  auto decoded = decodeTask(encode(task), "task");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().toString();
  EXPECT_EQ(decoded->requester_name, task.requester_name);
  EXPECT_EQ(decoded->description, task.description);

  core::routing::TaskContactAdded again{"t-0000002a", "", Timestamp{}, "", "Aino", "Toinen asia."};
  const core::routing::RoutingEvent event(again);
  auto back = decodeRoutingEvent(again.kType, encodePayload(event));
  ASSERT_TRUE(back.isOk()) << back.status().toString();
  const auto& added = std::get<core::routing::TaskContactAdded>(*back);
  EXPECT_EQ(added.requester_name, "Aino");
  EXPECT_EQ(added.description, "Toinen asia.");
}

TEST(RoutingJson, AContactsArrivalLineAndFirstAnswerRoundTripAndAreLeftOutWhenUnset) {
  core::routing::Contact contact;
  contact.id = "c-1";
  contact.routing.line_id = "paivystys";
  json::value plain = encode(contact);
  EXPECT_FALSE(plain.as_object().contains("arrival_line"));
  EXPECT_FALSE(plain.as_object().contains("answered_at"));
  contact.arrival_line_id = "neuvola";
  contact.answered_at = Timestamp(std::chrono::seconds{1700000000});
  auto decoded = decodeContact(encode(contact), "contact");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().toString();
  EXPECT_EQ(decoded->arrival_line_id, "neuvola");
  EXPECT_EQ(decoded->answered_at, contact.answered_at);
  // Written before either existed: the contact arrived on its line and has no first answer.
  auto old = decodeContact(plain, "contact");
  ASSERT_TRUE(old.isOk()) << old.status().toString();
  EXPECT_EQ(core::routing::arrivalLine(*old), "paivystys");
  EXPECT_FALSE(old->answered_at);
}

TEST(RoutingJson, AChatHandedOverNamesBothProfessionals) {
  core::routing::ContactHandedOver handed{{core::routing::ItemKind::kContact, "c-1"},
                                          "a1",
                                          "a2",
                                          Timestamp(std::chrono::seconds{1700000000})};
  json::value encoded = encodePayload(core::routing::RoutingEvent(handed));
  EXPECT_EQ(encoded.at("agent"), "a1");
  EXPECT_EQ(encoded.at("to_agent"), "a2");
  auto decoded = decodeRoutingEvent("contact.handed_over", encoded);
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encodePayload(*decoded), encoded);
  encoded.as_object().erase("to_agent");
  EXPECT_FALSE(decodeRoutingEvent("contact.handed_over", encoded).isOk());
}

TEST(RoutingJson, AColleagueJoiningAndLeavingAChatRoundTrip) {
  Timestamp at(std::chrono::seconds{1700000000});
  for (auto event : {core::routing::RoutingEvent(core::routing::ContactGuestJoined{
                         {core::routing::ItemKind::kContact, "c-1"}, "a2", at}),
                     core::routing::RoutingEvent(core::routing::ContactGuestLeft{
                         {core::routing::ItemKind::kContact, "c-1"}, "a2", at})}) {
    json::value encoded = encodePayload(event);
    EXPECT_EQ(encoded.at("agent"), "a2");
    auto decoded = decodeRoutingEvent(core::routing::eventType(event), encoded);
    ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
    EXPECT_EQ(encodePayload(*decoded), encoded);
    EXPECT_EQ(decoded->index(), event.index());
  }
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
