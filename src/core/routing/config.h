// RoutingConfig: the region's configuration as the routing decisions read it.
//
// Until the policies are embedded in core::ServiceLine and core::Agent, a line or agent is
// paired here with its policy. The engine builds one RoutingConfig after every configuration
// change (it copies what it is given) and passes it to ContactCenter's decisions.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/region.h"
#include "core/region_state.h"
#include "core/routing/policy.h"

namespace luukku::core::routing {

struct LineSetup {
  ServiceLine line;
  LinePolicy policy;
};

struct AgentSetup {
  Agent agent;
  AgentPolicy policy;
};

class RoutingConfig {
 public:
  RoutingConfig() = default;
  RoutingConfig(RegionSettings region, std::vector<LineSetup> lines,
                std::vector<AgentSetup> agents);
  // The active lines and agents of a region, each with the policy it carries.
  static RoutingConfig fromRegion(const RegionState& region);

  const RegionSettings& region() const { return region_; }
  const std::map<std::string, LineSetup, std::less<>>& lines() const { return lines_; }
  const std::map<std::string, AgentSetup, std::less<>>& agents() const { return agents_; }

  // Null when unknown. Borrowed pointers, valid as long as this config.
  const LineSetup* findLine(std::string_view id) const;
  const AgentSetup* findAgent(std::string_view id) const;
  // The line's policy, or the defaults for a line that is no longer configured (its waiting
  // work must still be routed and ended).
  const LinePolicy& linePolicy(std::string_view line_id) const;

  // Every line, agent and policy valid on its own, and memberships naming known lines.
  Status validate() const;

 private:
  RegionSettings region_;
  std::map<std::string, LineSetup, std::less<>> lines_;
  std::map<std::string, AgentSetup, std::less<>> agents_;
  LinePolicy default_policy_;
};

}  // namespace luukku::core::routing
