#include "codec/region_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/test_region.h"

namespace luukku::codec {
namespace {
namespace json = boost::json;

TEST(RegionJson, AServiceLineRoundTrips) {
  json::value encoded = encode(core::testLine("neuvola"));
  auto decoded = decodeServiceLine(encoded, "line");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encode(*decoded), encoded);
}

TEST(RegionJson, ALinesChatIdentificationRoundTripsAndIsAnonymousUnlessSaid) {
  core::ServiceLine line = core::testLine("neuvola");
  line.chat_identification = core::ChatIdentification::kRequired;
  json::value encoded = encode(line);
  EXPECT_EQ(encoded.at("chat_identification"), "required");
  auto decoded = decodeServiceLine(encoded, "line");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(decoded->chat_identification, core::ChatIdentification::kRequired);
  encoded.as_object().erase("chat_identification");
  EXPECT_EQ(decodeServiceLine(encoded, "line")->chat_identification,
            core::ChatIdentification::kAnonymous);
}

TEST(RegionJson, AnUnknownChatIdentificationIsAnErrorNamingItsPath) {
  json::value encoded = encode(core::testLine("neuvola"));
  encoded.as_object()["chat_identification"] = "sometimes";
  auto decoded = decodeServiceLine(encoded, "lines[0]");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("lines[0].chat_identification"), std::string::npos)
      << decoded.status().message();
}

TEST(RegionJson, AnAgentRoundTrips) {
  json::value encoded = encode(core::testAgent("anna"));
  auto decoded = decodeAgent(encoded, "agent");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encode(*decoded), encoded);
}

TEST(RegionJson, RegionSettingsRoundTrip) {
  json::value encoded = encode(core::testSettings());
  auto decoded = decodeRegionSettings(encoded, "settings");
  ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
  EXPECT_EQ(encode(*decoded), encoded);
}

TEST(RegionJson, AnUnknownFieldOfALineIsAnErrorNamingItsPath) {
  json::value encoded = encode(core::testLine("neuvola"));
  encoded.as_object()["colour"] = "blue";
  auto decoded = decodeServiceLine(encoded, "lines[0]");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("lines[0].colour: unknown field"), std::string::npos)
      << decoded.status().message();
}

TEST(RegionJson, AWrongTypeIsAnErrorNamingItsPath) {
  json::value encoded = encode(core::testAgent("anna"));
  encoded.as_object()["languages"] = "fi";
  auto decoded = decodeAgent(encoded, "agents[0]");
  ASSERT_FALSE(decoded.isOk());
  EXPECT_NE(decoded.status().message().find("agents[0].languages"), std::string::npos)
      << decoded.status().message();
}

}  // namespace
}  // namespace luukku::codec
