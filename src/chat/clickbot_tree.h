// ClickbotTree: the questions a citizen clicks through before choosing a chat, as an
// administrator authors them (docs/chat.md, "Clickbot trees").
//
// A tree is a set of nodes with ids; one of them, the root, is the first page. Every node has
// a title and a text in Finnish, Swedish and English, and one kind:
//   choices          buttons, each leading to another node (the button shows that node's title)
//   article          self-care text, plain text (paragraphs separated by blank lines)
//   link             an https address and its label, such as Omaolo
//   contact_request  a service line that takes contact requests
//   chat             a service line whose chat queue the citizen joins
// The choices form a directed graph without cycles in which every node is reached from the
// root; a node may be reached by more than one choice (a shared "contact us later").
//
// validate() lists every problem, each naming its node and field, so the authoring view can
// show them beside the fields; nothing here reads the region itself: the caller says which
// lines exist and what they serve. checkPath() checks the node ids a citizen says they walked.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/region.h"
#include "core/status.h"

namespace luukku::chat {

enum class ClickbotNodeKind { kChoices, kArticle, kLink, kContactRequest, kChat };
std::string_view clickbotNodeKindName(ClickbotNodeKind kind);
std::optional<ClickbotNodeKind> clickbotNodeKindFromName(std::string_view name);

struct ClickbotNode {
  std::string id;  // 1-64 of a-z, 0-9, '-' and '_'
  ClickbotNodeKind kind = ClickbotNodeKind::kChoices;
  core::LocalizedText title;         // the heading, and the button that leads here
  core::LocalizedText text;          // the article, or a line or two above the node's action
  std::vector<std::string> choices;  // kChoices: the nodes its buttons lead to, in order
  std::string url;                   // kLink: https only
  core::LocalizedText link_label;    // kLink
  std::string line_id;               // kContactRequest, kChat
  friend bool operator==(const ClickbotNode&, const ClickbotNode&) = default;
};

struct ClickbotTree {
  std::string root;
  std::vector<ClickbotNode> nodes;

  // The node with `id`, or null. The pointer lives as long as the tree is not changed.
  const ClickbotNode* find(std::string_view id) const;
  friend bool operator==(const ClickbotTree&, const ClickbotTree&) = default;
};

inline constexpr std::size_t kMaxClickbotNodes = 300;
inline constexpr std::size_t kMaxClickbotChoices = 12;
inline constexpr std::size_t kMaxClickbotTitleChars = 120;
inline constexpr std::size_t kMaxClickbotTextChars = 4000;
inline constexpr std::size_t kMaxClickbotUrlBytes = 2000;
inline constexpr std::size_t kMaxClickbotPath = 50;

// A problem with a tree: the node (empty for the tree as a whole) and the field
// ("title.sv", "choices[2]", "line_id", ...) it concerns.
struct ClickbotProblem {
  std::string node;
  std::string field;
  std::string message;
  friend bool operator==(const ClickbotProblem&, const ClickbotProblem&) = default;
};

// What the tree needs to know of a service line: whether it exists (active) and what it serves.
struct ClickbotLine {
  bool chat = false;
  bool contact_request = false;
};
using ClickbotLines = std::function<std::optional<ClickbotLine>(std::string_view line_id)>;

// Every problem, in node order; empty when the tree may be saved and published.
std::vector<ClickbotProblem> validate(const ClickbotTree& tree, const ClickbotLines& lines);
// "node 'oireet', title.sv: is missing" — the first problem, for an error message.
std::string describe(const ClickbotProblem& problem);

// The node ids a citizen walked: from the root, each the target of a choice of the one before.
// When `chat_line` is given the walk must end at a chat node of that line. Errors are
// kInvalidArgument naming the first step that does not follow.
Status checkPath(const ClickbotTree& tree, const std::vector<std::string>& path,
                 std::optional<std::string_view> chat_line = std::nullopt);
// The titles of the nodes of a checked path in `language` ("fi", "sv" or "en").
std::vector<std::string> pathTitles(const ClickbotTree& tree, const std::vector<std::string>& path,
                                    std::string_view language);

// The text in `language`; Finnish when that one is empty.
const std::string& textIn(const core::LocalizedText& text, std::string_view language);

// JSON: {"root", "nodes": [{"id", "kind", "title", "text", "choices"?, "url"?, "link_label"?,
// "line_id"?}]}. Decoding checks the shape and field types only; validate() checks the rest.
boost::json::value encode(const ClickbotTree& tree);
Result<ClickbotTree> decodeClickbotTree(const boost::json::value& value);

// The tree as a citizen in `language` sees it: each node's title and text in that language,
// and for chat and contact_request nodes the fields `line(line_id)` adds (such as whether the
// line is open now).
boost::json::value citizenView(const ClickbotTree& tree, std::string_view language,
                               const std::function<boost::json::object(std::string_view)>& line);

}  // namespace luukku::chat
