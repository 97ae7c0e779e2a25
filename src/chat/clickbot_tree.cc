#include "chat/clickbot_tree.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <utility>

#include "chat/chat_text.h"
#include "codec/json_reader.h"
#include "codec/region_json.h"
#include "core/text.h"

namespace luukku::chat {
namespace json = boost::json;

namespace {

constexpr std::array<std::pair<ClickbotNodeKind, std::string_view>, 5> kKindNames{{
    {ClickbotNodeKind::kChoices, "choices"},
    {ClickbotNodeKind::kArticle, "article"},
    {ClickbotNodeKind::kLink, "link"},
    {ClickbotNodeKind::kContactRequest, "contact_request"},
    {ClickbotNodeKind::kChat, "chat"},
}};

bool isIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isNodeId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), isIdChar);
}

// Control characters other than the line feed would let a text forge lines or layout.
bool hasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n') || u == 0x7f;
  });
}

class Checker {
 public:
  Checker(const ClickbotTree& tree, const ClickbotLines& lines) : tree_(tree), lines_(lines) {}

  std::vector<ClickbotProblem> run() {
    if (tree_.nodes.empty()) {
      add("", "nodes", "the tree has no nodes");
      return std::move(problems_);
    }
    if (tree_.nodes.size() > kMaxClickbotNodes) {
      add("", "nodes", "at most " + std::to_string(kMaxClickbotNodes) + " nodes");
    }
    std::map<std::string_view, int> seen;
    for (const auto& node : tree_.nodes) {
      if (!isNodeId(node.id)) {
        add(node.id, "id", "an id is 1 to 64 of a-z, 0-9, '-' and '_'");
      } else if (++seen[node.id] == 2) {
        add(node.id, "id", "another node has the same id");
      }
    }
    const ClickbotNode* root = tree_.find(tree_.root);
    if (!root) {
      add("", "root", "the root '" + printable(tree_.root) + "' is not a node of the tree");
    } else if (root->kind != ClickbotNodeKind::kChoices) {
      add(root->id, "kind", "the root is the first page: it offers choices");
    }
    for (const auto& node : tree_.nodes) checkNode(node);
    if (root && problems_.empty()) checkShape(*root);
    return std::move(problems_);
  }

 private:
  void add(std::string node, std::string field, std::string message) {
    problems_.push_back({std::move(node), std::move(field), std::move(message)});
  }

  void checkText(const ClickbotNode& node, const core::LocalizedText& text, std::string_view field,
                 std::size_t max, bool required) {
    bool any = !text.fi.empty() || !text.sv.empty() || !text.en.empty();
    if (!required && !any) return;
    for (auto [lang, value] : {std::pair<std::string_view, const std::string*>{"fi", &text.fi},
                               {"sv", &text.sv},
                               {"en", &text.en}}) {
      std::string where = std::string(field) + "." + std::string(lang);
      if (isBlank(*value)) {
        add(node.id, where, "is missing: every text is given in Finnish, Swedish and English");
      } else if (!isValidUtf8(*value) || hasControl(*value)) {
        add(node.id, where, "has characters a text may not have");
      } else if (codePoints(*value) > max) {
        add(node.id, where, "is longer than " + std::to_string(max) + " characters");
      }
    }
  }

  void checkLine(const ClickbotNode& node, bool chat) {
    if (node.line_id.empty()) {
      add(node.id, "line_id", "name the service line");
      return;
    }
    auto line = lines_(node.line_id);
    if (!line) {
      add(node.id, "line_id", "service line '" + printable(node.line_id) + "' does not exist");
    } else if (chat && !line->chat) {
      add(node.id, "line_id", "service line '" + node.line_id + "' does not serve chat");
    } else if (!chat && !line->contact_request) {
      add(node.id, "line_id", "service line '" + node.line_id + "' takes no contact requests");
    }
  }

  void checkNode(const ClickbotNode& node) {
    checkText(node, node.title, "title", kMaxClickbotTitleChars, true);
    checkText(node, node.text, "text", kMaxClickbotTextChars,
              node.kind == ClickbotNodeKind::kArticle);
    bool takes_choices = node.kind == ClickbotNodeKind::kChoices;
    if (takes_choices && node.choices.empty()) add(node.id, "choices", "offer at least one choice");
    if (!takes_choices && !node.choices.empty()) {
      add(node.id, "choices", "only a node of kind choices has choices");
    }
    if (node.choices.size() > kMaxClickbotChoices) {
      add(node.id, "choices", "at most " + std::to_string(kMaxClickbotChoices) + " choices");
    }
    std::set<std::string_view> targets;
    for (std::size_t i = 0; i < node.choices.size(); ++i) {
      const std::string& target = node.choices[i];
      std::string field = "choices[" + std::to_string(i) + "]";
      if (!tree_.find(target)) {
        add(node.id, field, "node '" + printable(target) + "' does not exist");
      } else if (target == tree_.root) {
        add(node.id, field, "a choice may not lead back to the root");
      } else if (!targets.insert(target).second) {
        add(node.id, field, "node '" + target + "' is offered twice");
      }
    }
    bool is_link = node.kind == ClickbotNodeKind::kLink;
    if (is_link) {
      if (!node.url.starts_with("https://") || node.url.size() <= 8) {
        add(node.id, "url", "a link is an https:// address");
      } else if (node.url.size() > kMaxClickbotUrlBytes || !isValidUtf8(node.url) ||
                 std::any_of(node.url.begin(), node.url.end(),
                             [](char c) { return static_cast<unsigned char>(c) <= 0x20; })) {
        add(node.id, "url", "the address has spaces or characters it may not have");
      }
      checkText(node, node.link_label, "link_label", kMaxClickbotTitleChars, true);
    } else {
      if (!node.url.empty()) add(node.id, "url", "only a node of kind link has an address");
    }
    if (node.kind == ClickbotNodeKind::kChat) {
      checkLine(node, true);
    } else if (node.kind == ClickbotNodeKind::kContactRequest) {
      checkLine(node, false);
    } else if (!node.line_id.empty()) {
      add(node.id, "line_id", "only chat and contact_request nodes name a line");
    }
  }

  // Cycles and nodes nobody reaches, by a depth-first walk from the root (run only on a tree
  // whose ids and choices are otherwise sound).
  void checkShape(const ClickbotNode& root) {
    enum class Mark { kNone, kOnPath, kDone };
    std::map<std::string_view, Mark> marks;
    // An explicit stack: (node, next choice to follow).
    std::vector<std::pair<const ClickbotNode*, std::size_t>> stack{{&root, 0}};
    marks[root.id] = Mark::kOnPath;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == node->choices.size()) {
        marks[node->id] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      std::size_t i = next++;
      const ClickbotNode* target = tree_.find(node->choices[i]);
      Mark& mark = marks[target->id];
      if (mark == Mark::kOnPath) {
        add(node->id, "choices[" + std::to_string(i) + "]",
            "leads back to '" + target->id + "', which leads here: a loop");
        return;
      }
      if (mark == Mark::kNone) {
        mark = Mark::kOnPath;
        stack.emplace_back(target, 0);
      }
    }
    for (const auto& node : tree_.nodes) {
      if (!marks.contains(node.id)) add(node.id, "id", "no choice leads to this node");
    }
  }

  const ClickbotTree& tree_;
  const ClickbotLines& lines_;
  std::vector<ClickbotProblem> problems_;
};

Result<ClickbotNode> decodeNode(const json::value& v, const std::string& path) {
  ClickbotNode node;
  codec::ObjectReader r(v, path);
  r.required("id", node.id);
  std::string kind;
  r.required("kind", kind);
  if (r.ok()) {
    auto k = clickbotNodeKindFromName(kind);
    if (!k) {
      r.fail(invalidArgument(r.pathOf("kind") +
                             ": one of choices, article, link, contact_request, chat"));
    } else {
      node.kind = *k;
    }
  }
  codec::readNested(r, "title", true, node.title, codec::decodeLocalizedText);
  codec::readNested(r, "text", false, node.text, codec::decodeLocalizedText);
  r.optional("choices", node.choices);
  r.optional("url", node.url);
  codec::readNested(r, "link_label", false, node.link_label, codec::decodeLocalizedText);
  r.optional("line_id", node.line_id);
  RETURN_IF_ERROR(r.finish());
  return node;
}

}  // namespace

std::string_view clickbotNodeKindName(ClickbotNodeKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "choices";
}

std::optional<ClickbotNodeKind> clickbotNodeKindFromName(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

const ClickbotNode* ClickbotTree::find(std::string_view id) const {
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.id == id; });
  return it == nodes.end() ? nullptr : &*it;
}

std::vector<ClickbotProblem> validate(const ClickbotTree& tree, const ClickbotLines& lines) {
  return Checker(tree, lines).run();
}

std::string describe(const ClickbotProblem& problem) {
  std::string where =
      problem.node.empty() ? std::string("the tree") : "node '" + printable(problem.node) + "'";
  return where + ", " + problem.field + ": " + problem.message;
}

Status checkPath(const ClickbotTree& tree, const std::vector<std::string>& path,
                 std::optional<std::string_view> chat_line) {
  if (path.empty()) return invalidArgument("path: empty");
  if (path.size() > kMaxClickbotPath) {
    return invalidArgument("path: at most " + std::to_string(kMaxClickbotPath) + " steps");
  }
  if (path.front() != tree.root) return invalidArgument("path[0]: the walk starts at the root");
  const ClickbotNode* at = tree.find(tree.root);
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (!at || std::find(at->choices.begin(), at->choices.end(), path[i]) == at->choices.end()) {
      return invalidArgument("path[" + std::to_string(i) + "]: '" + printable(path[i]) +
                             "' is not a choice of the node before it");
    }
    at = tree.find(path[i]);
  }
  if (chat_line && (!at || at->kind != ClickbotNodeKind::kChat || at->line_id != *chat_line)) {
    return invalidArgument("path: the walk does not end at this line's chat");
  }
  return Status::ok();
}

std::vector<std::string> pathTitles(const ClickbotTree& tree, const std::vector<std::string>& path,
                                    std::string_view language) {
  std::vector<std::string> titles;
  titles.reserve(path.size());
  for (const auto& id : path) {
    const ClickbotNode* node = tree.find(id);
    titles.push_back(node ? textIn(node->title, language) : id);
  }
  return titles;
}

const std::string& textIn(const core::LocalizedText& text, std::string_view language) {
  const std::string& named = language == "sv" ? text.sv : language == "en" ? text.en : text.fi;
  return named.empty() ? text.fi : named;
}

json::value encode(const ClickbotTree& tree) {
  json::array nodes;
  nodes.reserve(tree.nodes.size());
  for (const auto& n : tree.nodes) {
    json::object o{{"id", n.id},
                   {"kind", clickbotNodeKindName(n.kind)},
                   {"title", codec::encode(n.title)},
                   {"text", codec::encode(n.text)}};
    if (n.kind == ClickbotNodeKind::kChoices || !n.choices.empty()) {
      o["choices"] = json::value_from(n.choices);
    }
    if (n.kind == ClickbotNodeKind::kLink || !n.url.empty()) {
      o["url"] = n.url;
      o["link_label"] = codec::encode(n.link_label);
    }
    if (!n.line_id.empty() || n.kind == ClickbotNodeKind::kChat ||
        n.kind == ClickbotNodeKind::kContactRequest) {
      o["line_id"] = n.line_id;
    }
    nodes.push_back(std::move(o));
  }
  return json::object{{"root", tree.root}, {"nodes", std::move(nodes)}};
}

Result<ClickbotTree> decodeClickbotTree(const json::value& value) {
  ClickbotTree tree;
  codec::ObjectReader r(value, "tree");
  r.required("root", tree.root);
  codec::readArray(r, "nodes", true, tree.nodes, decodeNode);
  RETURN_IF_ERROR(r.finish());
  return tree;
}

json::value citizenView(const ClickbotTree& tree, std::string_view language,
                        const std::function<json::object(std::string_view)>& line) {
  json::array nodes;
  nodes.reserve(tree.nodes.size());
  for (const auto& n : tree.nodes) {
    json::object o{{"id", n.id},
                   {"kind", clickbotNodeKindName(n.kind)},
                   {"title", textIn(n.title, language)},
                   {"text", textIn(n.text, language)}};
    switch (n.kind) {
      case ClickbotNodeKind::kChoices:
        o["choices"] = json::value_from(n.choices);
        break;
      case ClickbotNodeKind::kLink:
        o["url"] = n.url;
        o["link_label"] = textIn(n.link_label, language);
        break;
      case ClickbotNodeKind::kChat:
      case ClickbotNodeKind::kContactRequest:
        o["line_id"] = n.line_id;
        for (auto& [key, value] : line(n.line_id)) o[key] = value;
        break;
      case ClickbotNodeKind::kArticle:
        break;
    }
    nodes.push_back(std::move(o));
  }
  return json::object{{"root", tree.root}, {"nodes", std::move(nodes)}};
}

}  // namespace luukku::chat
