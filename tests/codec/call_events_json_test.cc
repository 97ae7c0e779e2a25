#include "codec/call_events_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::codec {
namespace {
namespace json = boost::json;
using namespace core;

// One of every call event, with every field set.
std::vector<CallEvent> everyEvent() {
  return {CallArrived{"116117", "trunk", "fi", true},
          CallAnnounced{3, std::chrono::seconds(240)},
          CallAnnounced{1, std::nullopt},
          CallAgentRinging{"a1"},
          CallAgentNotAnswering{"a1"},
          CallAgentUnreachable{"a2", 503},
          CallAgentRefused{"a2", 486},
          CallAnswered{"a1"},
          CallCallbackPressed{},
          CallNumberKeyed{},
          CallVoiceMessage{"c-00000001.wav", 12.5, true, "pound"},
          CallCallbackTask{"t-00000002", "requested"},
          CallDialled{"duty", "+358401234567", "a1", "t-00000002", "+358201234567"},
          CallRemoteRinging{},
          CallDialFailed{"busy", 486},
          CallHeld{"a1", "phone"},
          CallResumed{"a1", "api"},
          CallTransferred{"a1", "line", "paivystysapu", "phone", "", false},
          CallTransferred{"a1", "number", "", "api", "+358401112222", true},
          CallTransferFailed{"a1", "no_answer", 0},
          CallConsulting{"a1", "extension", "1002", "", "api"},
          CallConsulting{"a1", "number", "", "+358401112222", "api"},
          CallConsultAnswered{"a1"},
          CallConsultEnded{"a1", "busy", 486},
          CallSwapped{"a1", "consulted", "api"},
          CallConferenced{"a1", "api"},
          CallEnded{"caller", "hang_up"}};
}

TEST(CallEventsJson, EveryEventRoundTrips) {
  for (const CallEvent& event : everyEvent()) {
    std::string_view type = callEventType(event);
    EXPECT_TRUE(isCallEventType(type)) << type;
    json::value encoded = encodePayload(event);
    auto decoded = decodeCallEvent(type, encoded);
    ASSERT_TRUE(decoded.isOk()) << type << ": " << decoded.status().message();
    EXPECT_EQ(callEventType(*decoded), type);
    EXPECT_EQ(encodePayload(*decoded), encoded) << type;
  }
}

// The payloads recorded before the events were typed: the same fields, the same kinds.
TEST(CallEventsJson, PayloadsKeepTheirRecordedForm) {
  auto form = [](const CallEvent& e) { return json::serialize(encodePayload(e)); };
  EXPECT_EQ(form(CallArrived{"116117", "trunk", "fi", false}),
            R"({"dialled":"116117","source":"trunk","language":"fi","withheld":false})");
  EXPECT_EQ(form(CallAnnounced{2, std::chrono::seconds(90)}), R"({"position":2,"wait_s":90})");
  EXPECT_EQ(form(CallAnnounced{2, std::nullopt}), R"({"position":2,"wait_s":null})");
  EXPECT_EQ(form(CallAgentRinging{"a1"}), R"({"agent_id":"a1"})");
  EXPECT_EQ(form(CallAgentUnreachable{"a1", 0}), R"({"agent_id":"a1","status":0})");
  EXPECT_EQ(form(CallCallbackPressed{}), R"({"digit":"1"})");
  EXPECT_EQ(form(CallNumberKeyed{}), R"({"confirmed":true})");
  EXPECT_EQ(form(CallVoiceMessage{"c-1.wav", 2.5, false, "silence"}),
            R"({"ref":"c-1.wav","seconds":2.5E0,"heard_voice":false,"ended_by":"silence"})");
  EXPECT_EQ(form(CallCallbackTask{"t-1", "busy"}), R"({"task_id":"t-1","reason":"busy"})");
  EXPECT_EQ(form(CallEnded{"agent", "hang_up"}), R"({"by":"agent","reason":"hang_up"})");
  EXPECT_EQ(form(CallHeld{"a1", "phone"}), R"({"agent_id":"a1","by":"phone"})");
  EXPECT_EQ(form(CallTransferred{"a1", "line", "duty", "api", "", false}),
            R"({"agent_id":"a1","to_kind":"line","to":"duty","by":"api","attended":false})");
  // A number goes under "number", which the event feed withholds from who may not see it.
  EXPECT_EQ(form(CallTransferred{"a1", "number", "", "api", "+358401112222", true}),
            R"({"agent_id":"a1","to_kind":"number","to":"","number":"+358401112222",)"
            R"("by":"api","attended":true})");
}

TEST(CallEventsJson, TransfersRecordedBeforeAttendedOnesWereBlind) {
  auto decoded =
      decodeCallEvent("call.transferred",
                      json::parse(R"({"agent_id":"a1","to_kind":"line","to":"duty","by":"api"})"));
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_FALSE(std::get<CallTransferred>(*decoded).attended);
}

TEST(CallEventsJson, ABadFieldIsAnErrorNamingIt) {
  struct Case {
    std::string_view type;
    std::string payload;
    std::string names;
  };
  const Case cases[] = {
      {"call.announced", R"({"position":"2","wait_s":null})", "call.announced.position"},
      {"call.announced", R"({"position":2,"wait_s":"long"})", "call.announced.wait_s"},
      {"call.announced", R"({"position":2})", "call.announced.wait_s: is required"},
      {"call.arrived", R"({"dialled":"1","source":"t","language":"fi"})",
       "call.arrived.withheld: is required"},
      {"call.agent_refused", R"({"agent_id":"a1","status":-1})", "call.agent_refused.status"},
      {"call.dtmf_callback", R"({"digit":"2"})", "call.dtmf_callback.digit"},
      {"call.number_keyed", R"({"confirmed":false})", "call.number_keyed.confirmed"},
      {"call.voice_message", R"({"ref":"r","seconds":"x","heard_voice":true,"ended_by":"pound"})",
       "call.voice_message.seconds"},
      {"call.ended", R"({"by":"caller","reason":"hang_up","digit":"1"})",
       "call.ended.digit: unknown field"},
  };
  for (const Case& c : cases) {
    auto decoded = decodeCallEvent(c.type, json::parse(c.payload));
    ASSERT_FALSE(decoded.isOk()) << c.payload;
    EXPECT_NE(decoded.status().message().find(c.names), std::string::npos)
        << decoded.status().message();
  }
}

TEST(CallEventsJson, AnUnknownTypeIsAnError) {
  EXPECT_FALSE(isCallEventType("call.unknown"));
  EXPECT_FALSE(isCallEventType("offer.made"));
  auto decoded = decodeCallEvent("call.unknown", json::object{});
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("call.unknown"), std::string::npos);
}

}  // namespace
}  // namespace luukku::codec
