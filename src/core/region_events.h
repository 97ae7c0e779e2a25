// Events that change the region's configuration. Each is a whole new definition, so replaying
// a stream's last event is enough to know its current state, and an audit can show
// before/after by comparing consecutive events of one stream.
//
// Streams: "region" for RegionSettings, "service_line/<id>", "agent/<id>".
#pragma once

#include <string>
#include <variant>

#include "core/region.h"

namespace luukku::core {

struct RegionSettingsChanged {
  RegionSettings settings;
  static constexpr std::string_view kType = "region.settings_changed";
};
struct ServiceLineCreated {
  ServiceLine line;
  static constexpr std::string_view kType = "service_line.created";
};
struct ServiceLineChanged {
  ServiceLine line;
  static constexpr std::string_view kType = "service_line.changed";
};
struct AgentCreated {
  Agent agent;
  static constexpr std::string_view kType = "agent.created";
};
struct AgentChanged {
  Agent agent;
  static constexpr std::string_view kType = "agent.changed";
};

using RegionEvent = std::variant<RegionSettingsChanged, ServiceLineCreated, ServiceLineChanged,
                                 AgentCreated, AgentChanged>;

std::string_view eventType(const RegionEvent& e);
// The stream an event belongs to: "region", "service_line/<id>" or "agent/<id>".
std::string streamOf(const RegionEvent& e);

inline constexpr std::string_view kRegionStream = "region";
inline std::string serviceLineStream(std::string_view id) {
  return "service_line/" + std::string(id);
}
inline std::string agentStream(std::string_view id) { return "agent/" + std::string(id); }

}  // namespace luukku::core
