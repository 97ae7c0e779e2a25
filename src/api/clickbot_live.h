// What the chat routes need of clickbot trees (docs/chat.md, "Clickbot trees"): the live tree
// of a snapshot, the walk a visitor says they took checked against it, and whether a line is
// open now, in the form the citizen's page reads for lines and for chat nodes alike.
//
// Thread-safety: pure functions of an immutable snapshot.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/clickbot_tree.h"
#include "core/chat_events.h"
#include "core/status.h"
#include "engine/engine.h"

namespace luukku::api {

// The one tree a region has for now; the API names trees so that more can follow.
inline constexpr std::string_view kMainClickbot = "main";

// The lines of `region` as a tree sees them: active ones, with what they serve.
chat::ClickbotLines clickbotLines(const core::RegionState& region);

struct LiveClickbot {
  std::int64_t version = 0;
  chat::ClickbotTree tree;
};
// The published tree `tree_id` of `snapshot`; none when nothing is published.
std::optional<LiveClickbot> liveClickbot(const engine::RegionSnapshot& snapshot,
                                         std::string_view tree_id);

// The walk to a chat on `line_id` in `language`, checked against the live main tree:
// kInvalidArgument when the path does not follow it or no tree is live. A walk that still
// follows the live tree is taken even when a newer version went live while the visitor
// walked; it is recorded with the live version.
Result<core::ClickbotWalk> checkedWalk(const engine::RegionSnapshot& snapshot,
                                       const std::vector<std::string>& path,
                                       std::string_view line_id, std::string_view language);

// {"open", "next_open"} of `line` at `now`.
boost::json::object lineAvailability(const core::ServiceLine& line,
                                     const core::RegionSettings& settings, Timestamp now);

}  // namespace luukku::api
