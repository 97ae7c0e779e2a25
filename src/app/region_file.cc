#include "app/region_file.h"

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "codec/json_reader.h"

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
    toml::table parsed;
    try {
      parsed = toml::parse_file(path);
    } catch (const toml::parse_error& err) {
      return invalidArgument(path + " line " + std::to_string(err.source().begin.line) + ": " +
                             std::string(err.description()));
    }
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
