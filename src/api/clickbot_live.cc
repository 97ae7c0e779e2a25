#include "api/clickbot_live.h"

#include <algorithm>
#include <boost/json.hpp>

#include "codec/json_reader.h"
#include "core/routing/opening_hours.h"

namespace luukku::api {
namespace json = boost::json;

namespace {

bool serves(const core::ServiceLine& line, core::Channel channel) {
  return std::find(line.channels.begin(), line.channels.end(), channel) != line.channels.end();
}

}  // namespace

chat::ClickbotLines clickbotLines(const core::RegionState& region) {
  return [&region](std::string_view id) -> std::optional<chat::ClickbotLine> {
    const core::ServiceLine* line = region.findLine(id);
    if (!line || !line->active) return std::nullopt;
    return chat::ClickbotLine{serves(*line, core::Channel::kChat),
                              serves(*line, core::Channel::kContactRequest)};
  };
}

std::optional<LiveClickbot> liveClickbot(const engine::RegionSnapshot& snapshot,
                                         std::string_view tree_id) {
  auto it = snapshot.clickbot_trees.find(tree_id);
  if (it == snapshot.clickbot_trees.end() || it->second->live_version == 0) return std::nullopt;
  // The engine stores only trees the API decoded and validated; one that no longer decodes
  // (a later release narrowed the format) is as good as none.
  auto parsed = codec::parseJson(it->second->live_json, 32);
  if (!parsed) return std::nullopt;
  auto tree = chat::decodeClickbotTree(*parsed);
  if (!tree) return std::nullopt;
  return LiveClickbot{it->second->live_version, std::move(*tree)};
}

Result<core::ClickbotWalk> checkedWalk(const engine::RegionSnapshot& snapshot,
                                       const std::vector<std::string>& path,
                                       std::string_view line_id, std::string_view language) {
  auto live = liveClickbot(snapshot, kMainClickbot);
  if (!live) return invalidArgument("path: no clickbot is published");
  RETURN_IF_ERROR(chat::checkPath(live->tree, path, line_id));
  return core::ClickbotWalk{std::string(kMainClickbot), live->version, path,
                            chat::pathTitles(live->tree, path, language)};
}

json::object lineAvailability(const core::ServiceLine& line, const core::RegionSettings& settings,
                              Timestamp now) {
  bool open = core::routing::isOpen(line, settings, now);
  json::value next = nullptr;
  if (!open) {
    auto at = core::routing::nextOpening(line, settings, now);
    if (at) next = formatTimestamp(*at);
  }
  return json::object{{"open", open}, {"next_open", next}};
}

}  // namespace luukku::api
