#include "codec/chat_events_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::codec {
namespace {
namespace json = boost::json;
using namespace core;

TEST(ChatEventsJson, EveryEventRoundTrips) {
  std::vector<ChatEvent> events = {
      ChatStarted{"duty", "fi", "Maija", "ab12", {}},
      ChatStarted{"duty", "sv", "", "ab12",
                  ClickbotWalk{"main", 3, {"alku", "oireet"}, {"Hur kan vi hjälpa?", "Symtom"}}},
      ChatMessage{1, "visitor", "", "Hei", "v-1"},
      ChatMessage{2, "professional", "a1", "Hei!", "p-1"},
      ChatRead{"visitor", 2},
      ChatEnded{"professional", "ended"},
      ChatIdentificationAsked{"a1"},
      ChatIdentified{"Aino Asiakas", "v1.xyz", "oidc", "https://id"},
      ChatOnBehalf{"Pekka Asiakas", "v1.abc", "guardian"},
      ChatFeedback{4, "Kiitos", "duty", Timestamp(std::chrono::seconds{1700000000})},
      ChatFeedback{1, "", "duty", Timestamp(std::chrono::seconds{1700000000})},
      ChatTransferred{"a1", "line", "neuvola", ""},
      ChatTransferred{"a1", "agent", "duty", "a2"},
      ChatTransferOffered{"a1", "a2"},
      ChatTransferRefused{"a1", "a2", "no_answer"},
      ChatInvited{"a2", "a1"},
      ChatJoined{"a2"},
      ChatLeft{"a2", "left"}};
  for (const ChatEvent& event : events) {
    std::string_view type = chatEventType(event);
    EXPECT_TRUE(isChatEventType(type)) << type;
    json::value encoded = encodePayload(event);
    auto decoded = decodeChatEvent(type, encoded);
    ASSERT_TRUE(decoded.isOk()) << type << ": " << decoded.status().message();
    EXPECT_EQ(encodePayload(*decoded), encoded) << type;
  }
}

TEST(ChatEventsJson, AMessageCarryingAFileRoundTripsWithIt) {
  ChatMessage sent{3, "visitor", "", "", "v-3"};
  sent.attachment = ChatAttachment{"0123456789abcdef0123456789abcdef", "kuva.png", "image/png", 42};
  json::value encoded = encodePayload(sent);
  EXPECT_EQ(json::serialize(encoded.at("attachment")),
            R"({"id":"0123456789abcdef0123456789abcdef","file_name":"kuva.png",)"
            R"("media_type":"image/png","size":42})");
  auto decoded = decodeChatEvent("chat.message", encoded);
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(std::get<ChatMessage>(*decoded).attachment, sent.attachment);
  encoded.as_object()["attachment"].as_object()["size"] = 0;
  EXPECT_FALSE(decodeChatEvent("chat.message", encoded).isOk());
}

TEST(ChatEventsJson, OptionalFieldsAreLeftOutWhenEmpty) {
  EXPECT_EQ(json::serialize(encodePayload(ChatMessage{1, "visitor", "", "Hei", "v-1"})),
            R"({"seq":1,"from":"visitor","text":"Hei","client_id":"v-1"})");
  EXPECT_EQ(json::serialize(encodePayload(ChatStarted{"duty", "fi", "", "ab", {}})),
            R"({"line_id":"duty","language":"fi","token_hash":"ab"})");
}

TEST(ChatEventsJson, ATransferNamesWhereTheChatWent) {
  EXPECT_EQ(json::serialize(encodePayload(ChatTransferred{"a1", "line", "neuvola", ""})),
            R"({"from_agent_id":"a1","to":"line","line_id":"neuvola"})");
  EXPECT_EQ(json::serialize(encodePayload(ChatTransferred{"a1", "agent", "duty", "a2"})),
            R"({"from_agent_id":"a1","to":"agent","line_id":"duty","agent_id":"a2"})");
}

TEST(ChatEventsJson, ATransferToNowhereOrToNobodyIsRefused) {
  EXPECT_FALSE(decodeChatEvent("chat.transferred",
                               json::parse(R"({"from_agent_id":"a1","to":"moon","line_id":"d"})"))
                   .isOk());
  EXPECT_FALSE(decodeChatEvent("chat.transferred",
                               json::parse(R"({"from_agent_id":"a1","to":"agent","line_id":"d"})"))
                   .isOk());
}

TEST(ChatEventsJson, TheClickbotWalkIsKeptWithIdsAndTitles) {
  ChatStarted started{"duty", "fi", "", "ab",
                      ClickbotWalk{"main", 2, {"alku", "chat"}, {"A", "B"}}};
  auto decoded = decodeChatEvent("chat.started", encodePayload(started));
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(std::get<ChatStarted>(*decoded).clickbot, started.clickbot);
  auto stray = decodeChatEvent(
      "chat.started",
      json::parse(
          R"({"line_id":"d","language":"fi","token_hash":"a","clickbot":{"tree_id":"main"}})"));
  EXPECT_FALSE(stray.isOk());
}

TEST(ChatEventsJson, DecodingIsStrict) {
  auto unknown = decodeChatEvent("chat.read", json::parse(R"({"by":"visitor","up_to":1,"x":1})"));
  EXPECT_FALSE(unknown.isOk());
  auto seq = decodeChatEvent(
      "chat.message", json::parse(R"({"seq":0,"from":"visitor","text":"a","client_id":"c"})"));
  ASSERT_FALSE(seq.isOk());
  EXPECT_NE(seq.status().message().find("chat.message.seq"), std::string::npos);
  EXPECT_FALSE(isChatEventType("call.ended"));
}

TEST(ChatEventsJson, FeedbackRatingIsOneToFive) {
  auto zero = decodeChatEvent("chat.feedback",
                              json::parse(R"({"rating":0,"line_id":"duty",)"
                                          R"("started_at":"2026-11-22T08:00:00.000000Z"})"));
  ASSERT_FALSE(zero.isOk());
  EXPECT_NE(zero.status().message().find("chat.feedback.rating"), std::string::npos);
  auto five = decodeChatEvent("chat.feedback",
                              json::parse(R"({"rating":5,"line_id":"duty",)"
                                          R"("started_at":"2026-11-22T08:00:00.000000Z"})"));
  EXPECT_TRUE(five.isOk());
}

}  // namespace
}  // namespace luukku::codec
