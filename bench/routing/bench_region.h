// A large synthetic region for the routing benchmarks.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/routing/contact_center.h"
#include "core/routing/holidays.h"

namespace luukku::core::routing::bench {

using namespace std::chrono_literals;

inline std::string numbered(const char* prefix, int i, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%0*d", prefix, width, i);
  return buf;
}

inline LineSetup benchLine(std::string id) {
  LineSetup s;
  s.line.id = std::move(id);
  s.line.name = {"Linja", "Linje", "Line"};
  s.line.phone_numbers = {"+358600" + s.line.id.substr(s.line.id.size() - 3)};
  s.line.channels = {Channel::kPhone, Channel::kCallback, Channel::kChat};
  for (auto& day : s.line.weekly_hours.days) day = {{0, 24 * 60}};
  s.line.closed_on_public_holidays = false;
  s.policy.queue_limit.reset();
  s.policy.max_estimated_wait.reset();
  return s;
}

// `lines` service lines; `agents` agents, each a member of 10 lines on tiers 1-3; every
// fifth agent also speaks Swedish.
inline RoutingConfig benchConfig(int lines, int agents) {
  std::vector<LineSetup> ls;
  for (int i = 0; i < lines; ++i) ls.push_back(benchLine(numbered("line", i, 3)));
  std::vector<AgentSetup> as;
  for (int i = 0; i < agents; ++i) {
    AgentSetup a;
    a.agent.id = numbered("agent", i, 4);
    a.agent.name = "Agent";
    a.agent.languages = i % 5 == 0 ? std::vector<std::string>{"fi", "sv"}
                                   : std::vector<std::string>{"fi"};
    for (int k = 0; k < 10 && k < lines; ++k) {
      a.policy.memberships.push_back({numbered("line", (i * 7 + k * 13) % lines, 3), 1 + k % 3});
    }
    as.push_back(std::move(a));
  }
  RegionSettings region;
  region.name = {"Alue", "Område", "Region"};
  return RoutingConfig(region, std::move(ls), std::move(as));
}

// Applies events the way the engine does.
inline void commit(ContactCenter& state, const Events& events) {
  for (const auto& e : events) state.apply(e, state.streamVersion(e) + 1);
}
inline void commit(ContactCenter& state, const Result<Events>& decided) {
  if (decided) commit(state, *decided);
}

inline Timestamp benchStart() {
  return Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 23)) + 7h;
}

}  // namespace luukku::core::routing::bench
