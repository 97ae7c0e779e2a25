// The commands the engine executes. Each is a plain value naming what the caller wants and
// the Reply it gets back once the command's events are durable. A command a person can give
// carries its `actor`, which the engine records with every event the command writes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/actor.h"
#include "core/region.h"
#include "core/region_state.h"

namespace luukku::engine {

struct DefineServiceLine {
  core::ServiceLine line;
  core::WriteMode mode = core::WriteMode::kUpsert;
  std::optional<std::int64_t> expected_version;
  core::Actor actor;
  using Reply = core::ServiceLine;
};

struct DefineAgent {
  core::Agent agent;
  core::WriteMode mode = core::WriteMode::kUpsert;
  std::optional<std::int64_t> expected_version;
  core::Actor actor;
  using Reply = core::Agent;
};

struct ChangeRegionSettings {
  core::RegionSettings settings;
  std::optional<std::int64_t> expected_version;
  core::Actor actor;
  using Reply = core::RegionSettings;
};

// Brings the region to what a configuration file describes, all or nothing: settings when
// given, and every listed line and agent created or replaced. Lines and agents the file does
// not list are left as they are.
struct ImportRegion {
  std::optional<core::RegionSettings> settings;
  std::vector<core::ServiceLine> lines;
  std::vector<core::Agent> agents;
  struct Summary {
    int created = 0;
    int changed = 0;
    int unchanged = 0;
  };
  core::Actor actor;
  using Reply = Summary;
};

}  // namespace luukku::engine
