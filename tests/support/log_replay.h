// Replays a store's whole event log onto empty states, for tests that check the engine's live
// state against what its log says.
#pragma once

#include <string>
#include <utility>

#include "core/region_state.h"
#include "core/routing/contact_center.h"
#include "core/status.h"

namespace luukku::testing {

struct ReplayedState {
  core::RegionState region;
  core::routing::ContactCenter center;
};

// Every event in the store at `store_url`, decoded and applied in order; an error names the
// first event that does not decode or does not follow its stream's previous one.
Result<ReplayedState> replayLog(const std::string& store_url);

}  // namespace luukku::testing
