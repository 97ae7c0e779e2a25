#include "core/routing/config.h"

namespace luukku::core::routing {

RoutingConfig::RoutingConfig(RegionSettings region, std::vector<LineSetup> lines,
                             std::vector<AgentSetup> agents)
    : region_(std::move(region)) {
  for (auto& l : lines) {
    std::string id = l.line.id;
    lines_.insert_or_assign(std::move(id), std::move(l));
  }
  for (auto& a : agents) {
    std::string id = a.agent.id;
    agents_.insert_or_assign(std::move(id), std::move(a));
  }
}

RoutingConfig RoutingConfig::fromRegion(const RegionState& region) {
  std::vector<LineSetup> lines;
  for (const auto& [id, line] : region.lines()) {
    if (line.active) lines.push_back({line, line.routing});
  }
  std::vector<AgentSetup> agents;
  for (const auto& [id, agent] : region.agents()) {
    if (agent.active) agents.push_back({agent, agent.routing});
  }
  return RoutingConfig(region.settings(), std::move(lines), std::move(agents));
}

const LineSetup* RoutingConfig::findLine(std::string_view id) const {
  auto it = lines_.find(id);
  return it == lines_.end() ? nullptr : &it->second;
}

const AgentSetup* RoutingConfig::findAgent(std::string_view id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

const LinePolicy& RoutingConfig::linePolicy(std::string_view line_id) const {
  const LineSetup* l = findLine(line_id);
  return l ? l->policy : default_policy_;
}

Status RoutingConfig::validate() const {
  RETURN_IF_ERROR(validateRegionSettings(region_));
  for (const auto& [id, l] : lines_) {
    RETURN_IF_ERROR(validateServiceLine(l.line));
    Status s = validateLinePolicy(l.policy);
    if (!s.isOk()) return invalidArgument("service line '" + id + "': " + s.message());
  }
  for (const auto& [id, a] : agents_) {
    RETURN_IF_ERROR(validateAgent(a.agent));
    Status s = validateAgentPolicy(a.policy);
    if (!s.isOk()) return invalidArgument("agent '" + id + "': " + s.message());
    for (const auto& m : a.policy.memberships) {
      if (!findLine(m.line_id)) {
        return invalidArgument("agent '" + id + "' is a member of unknown line '" + m.line_id +
                               "'");
      }
    }
  }
  return Status::ok();
}

}  // namespace luukku::core::routing
