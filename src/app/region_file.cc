#include "app/region_file.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "codec/json_reader.h"
#include "config/strict_toml.h"

namespace luukku::app {

Result<codec::RegionConfig> loadRegionFile(const std::string& path) {
  std::string json_text;
  if (path.ends_with(".json")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return notFound("cannot read " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    json_text = buf.str();
  } else if (path.ends_with(".toml")) {
    // Only the syntax is read here: the keys are checked by the region decoder.
    ASSIGN_OR_RETURN(toml::table parsed, config::parseTomlFile("", path));
    std::ostringstream out;
    out << toml::json_formatter(parsed);
    json_text = out.str();
  } else {
    return invalidArgument(path + ": a region file must end in .toml or .json");
  }
  auto value = codec::parseJson(json_text, 64);
  if (!value) return invalidArgument(path + ": " + value.status().message());
  auto config = codec::decodeRegionConfig(*value);
  if (!config) return invalidArgument(path + ": " + config.status().message());
  return config;
}

}  // namespace luukku::app
