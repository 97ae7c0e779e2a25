// Engine commands for clickbot trees (docs/chat.md, "Clickbot trees"): an administrator saves
// a draft, which becomes a new version, and publishes a version, which becomes the one
// citizens see. The live tree changes only on publish.
//
// Stream "clickbot/<tree id>": `clickbot.draft_saved` (`tree_id`, `version`, `tree`: the whole
// tree) and `clickbot.published` (`tree_id`, `version`), each with its actor. Beside the log a
// "clickbot" document per tree holds the draft, the live tree and the list of versions, so a
// restart loads them without replaying history; an old version's tree is read from its event.
//
// The engine keeps trees as JSON it does not interpret: the chat layer's ClickbotTree
// (chat/clickbot_tree.h) validates a tree before it is saved, against the region's lines.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/time.h"

namespace luukku::engine {

inline std::string clickbotStream(std::string_view tree_id) {
  return "clickbot/" + std::string(tree_id);
}

// One saved draft: its version (1, 2, ... without gaps), the stream event that holds its tree,
// and who saved it when.
struct ClickbotVersion {
  std::int64_t version = 0;
  std::int64_t stream_seq = 0;
  Timestamp saved_at;
  std::string saved_by;  // the actor's name
  friend bool operator==(const ClickbotVersion&, const ClickbotVersion&) = default;
};
struct ClickbotPublication {
  std::int64_t version = 0;
  Timestamp at;
  std::string by;
  friend bool operator==(const ClickbotPublication&, const ClickbotPublication&) = default;
};

// A tree as it stands. Immutable once shared: a change makes a new record.
struct ClickbotTreeRecord {
  std::string id;
  std::int64_t stream_version = 0;  // the stream's last event
  std::int64_t draft_version = 0;   // 0: nothing saved yet
  std::int64_t live_version = 0;    // 0: nothing published yet
  std::string draft_json;           // the tree of draft_version
  std::string live_json;            // the tree of live_version
  std::vector<ClickbotVersion> versions;
  std::vector<ClickbotPublication> publications;
  friend bool operator==(const ClickbotTreeRecord&, const ClickbotTreeRecord&) = default;
};
using ClickbotTreePtr = std::shared_ptr<const ClickbotTreeRecord>;

// Saves `tree_json` (a JSON object of at most kMaxClickbotTreeBytes) as the next draft
// version. kConflict when `expected_version` is given and is not the current draft version;
// a tree equal to the current draft records nothing.
struct SaveClickbotDraft {
  std::string tree_id;
  std::string tree_json;
  std::optional<std::int64_t> expected_version;
  core::Actor actor;
  using Reply = ClickbotTreePtr;
};

// Makes draft `version` live. kConflict unless it is the current draft version (a newer draft
// was saved since the caller looked); kNotFound when the tree has no draft. Publishing the
// version already live records nothing.
struct PublishClickbot {
  std::string tree_id;
  std::int64_t version = 0;
  core::Actor actor;
  using Reply = ClickbotTreePtr;
};

inline constexpr std::size_t kMaxClickbotTreeBytes = 512 * 1024;

}  // namespace luukku::engine
