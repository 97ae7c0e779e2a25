// Reads a region configuration file (.toml or .json) into codec::RegionConfig.
//
// TOML is converted to JSON and decoded by the same strict decoder the API uses, so a file
// and an API request are checked by the same rules with the same messages.
#pragma once

#include <string>

#include "codec/region_json.h"
#include "core/status.h"

namespace luukku::app {

Result<codec::RegionConfig> loadRegionFile(const std::string& path);

}  // namespace luukku::app
