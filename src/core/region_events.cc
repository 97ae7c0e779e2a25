#include "core/region_events.h"

namespace luukku::core {

std::string_view eventType(const RegionEvent& e) {
  return std::visit([](const auto& ev) { return std::decay_t<decltype(ev)>::kType; }, e);
}

std::string streamOf(const RegionEvent& e) {
  struct Visitor {
    std::string operator()(const RegionSettingsChanged&) const {
      return std::string(kRegionStream);
    }
    std::string operator()(const ServiceLineCreated& ev) const {
      return serviceLineStream(ev.line.id);
    }
    std::string operator()(const ServiceLineChanged& ev) const {
      return serviceLineStream(ev.line.id);
    }
    std::string operator()(const AgentCreated& ev) const { return agentStream(ev.agent.id); }
    std::string operator()(const AgentChanged& ev) const { return agentStream(ev.agent.id); }
  };
  return std::visit(Visitor{}, e);
}

}  // namespace luukku::core
