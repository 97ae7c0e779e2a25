// JSON forms of the region's configuration, shared by the API, configuration files and the
// event payloads in the store (one shape everywhere).
//
//   service line: {"id", "name": {"fi","sv","en"}, "phone_numbers": [..], "channels": [..],
//                  "time_zone", "weekly_hours": {"monday": ["08:00-11:30", "12:00-16:00"], ..},
//                  "closed_on_public_holidays", "exceptions": [{"date","hours","reason"}],
//                  "active", "version"}
//   agent:        {"id", "name", "languages", "teams", "skills", "area", "active", "version"}
//   region:       {"name", "time_zone", "holidays": [{"date", "name"}], "version"}
//
// Decoders are strict (unknown fields and wrong types are errors) and accept "version" as the
// version the writer expects to replace. Encoders write "version" unless told not to (event
// payloads leave it out: the store's stream sequence is the version).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/region.h"
#include "core/region_events.h"
#include "core/status.h"

namespace luukku::codec {

enum class WithVersion { kNo, kYes };

boost::json::value encode(const core::LocalizedText& text);
boost::json::value encode(const core::ServiceLine& line, WithVersion v = WithVersion::kYes);
boost::json::value encode(const core::Agent& agent, WithVersion v = WithVersion::kYes);
boost::json::value encode(const core::RegionSettings& s, WithVersion v = WithVersion::kYes);

Result<core::LocalizedText> decodeLocalizedText(const boost::json::value& v,
                                                const std::string& path);
Result<core::ServiceLine> decodeServiceLine(const boost::json::value& v,
                                            const std::string& path = "");
Result<core::Agent> decodeAgent(const boost::json::value& v, const std::string& path = "");
Result<core::RegionSettings> decodeRegionSettings(const boost::json::value& v,
                                                  const std::string& path = "");

// A whole region as a configuration file holds it.
struct RegionConfig {
  std::optional<core::RegionSettings> settings;
  std::vector<core::ServiceLine> lines;
  std::vector<core::Agent> agents;
};
// {"region": {...}, "service_lines": [...], "agents": [...]}
Result<RegionConfig> decodeRegionConfig(const boost::json::value& v);

// Event payloads: the entity without its version.
boost::json::value encodePayload(const core::RegionEvent& event);
Result<core::RegionEvent> decodeRegionEvent(std::string_view type,
                                            const boost::json::value& payload);
bool isRegionEventType(std::string_view type);

}  // namespace luukku::codec
