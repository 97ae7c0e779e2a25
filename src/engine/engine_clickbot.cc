// The engine's clickbot side: drafts saved as numbered versions, a version published, and the
// "clickbot" documents that let a restart load the trees (clickbot_commands.h).
#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace luukku::engine {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kDocumentKind = "clickbot";

json::value treeOrNull(const std::string& tree_json) {
  if (tree_json.empty()) return nullptr;
  return json::parse(tree_json);
}

std::string documentBody(const ClickbotTreeRecord& r) {
  json::array versions;
  for (const auto& v : r.versions) {
    versions.push_back(json::object{{"version", v.version},
                                    {"stream_seq", v.stream_seq},
                                    {"at", formatTimestamp(v.saved_at)},
                                    {"by", v.saved_by}});
  }
  json::array publications;
  for (const auto& p : r.publications) {
    publications.push_back(
        json::object{{"version", p.version}, {"at", formatTimestamp(p.at)}, {"by", p.by}});
  }
  return json::serialize(json::object{{"draft_version", r.draft_version},
                                      {"live_version", r.live_version},
                                      {"draft", treeOrNull(r.draft_json)},
                                      {"live", treeOrNull(r.live_json)},
                                      {"versions", std::move(versions)},
                                      {"publications", std::move(publications)}});
}

Result<Timestamp> readTime(codec::ObjectReader& r, std::string_view key) {
  std::string text;
  r.required(key, text);
  if (!r.ok()) return r.finish();
  return parseTimestamp(text);
}

Result<ClickbotTreeRecord> decodeDocument(const store::Document& doc) {
  ASSIGN_OR_RETURN(json::value v, codec::parseJson(doc.body, 64));
  ClickbotTreeRecord rec;
  rec.id = doc.id;
  rec.stream_version = doc.version;
  codec::ObjectReader r(v, "clickbot");
  r.required("draft_version", rec.draft_version);
  r.required("live_version", rec.live_version);
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"draft", &rec.draft_json},
                          {"live", &rec.live_json}}) {
    const json::value* tree = r.field(key, true);
    if (tree && !tree->is_null()) *out = json::serialize(*tree);
  }
  codec::readArray(r, "versions", true, rec.versions,
                   [](const json::value& item, const std::string& path) -> Result<ClickbotVersion> {
                     ClickbotVersion out;
                     codec::ObjectReader vr(item, path);
                     vr.required("version", out.version);
                     vr.required("stream_seq", out.stream_seq);
                     ASSIGN_OR_RETURN(out.saved_at, readTime(vr, "at"));
                     vr.required("by", out.saved_by);
                     RETURN_IF_ERROR(vr.finish());
                     return out;
                   });
  codec::readArray(
      r, "publications", true, rec.publications,
      [](const json::value& item, const std::string& path) -> Result<ClickbotPublication> {
        ClickbotPublication out;
        codec::ObjectReader pr(item, path);
        pr.required("version", out.version);
        ASSIGN_OR_RETURN(out.at, readTime(pr, "at"));
        pr.required("by", out.by);
        RETURN_IF_ERROR(pr.finish());
        return out;
      });
  RETURN_IF_ERROR(r.finish());
  return rec;
}

std::string actorName(const core::Actor& actor) {
  return actor.isSystem() ? "" : actor.name;
}

bool isTreeId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

void Engine::Transaction::record(ClickbotTreePtr tree, std::string_view type, json::value payload,
                                 std::string document_body) {
  store::StoredEvent stored = next(clickbotStream(tree->id), tree->stream_version, type);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);
  store::Document document{std::string(kDocumentKind), tree->id, tree->stream_version, true,
                           std::move(document_body)};
  engine_.clickbot_[tree->id] = std::move(tree);
  region_changed_ = true;
  add(std::move(stored), {std::move(document)});
}

Status Engine::loadClickbotTrees() {
  ASSIGN_OR_RETURN(auto docs, store_->loadDocuments(kDocumentKind, false));
  for (const auto& doc : docs) {
    auto rec = decodeDocument(doc);
    if (!rec) {
      return internalError("stored clickbot tree '" + doc.id +
                           "' is unreadable: " + rec.status().message());
    }
    clickbot_[doc.id] = std::make_shared<const ClickbotTreeRecord>(std::move(*rec));
  }
  return Status::ok();
}

template <>
void Engine::run(SaveClickbotDraft c,
                 asio::any_completion_handler<void(Result<ClickbotTreePtr>)> h) {
  runCommand<ClickbotTreePtr>(std::move(h), [&](Transaction& tx) -> Result<ClickbotTreePtr> {
    if (!isTreeId(c.tree_id)) return invalidArgument("a tree id is 1 to 64 of a-z, 0-9, - and _");
    if (c.tree_json.size() > kMaxClickbotTreeBytes) {
      return invalidArgument("a tree is at most " + std::to_string(kMaxClickbotTreeBytes / 1024) +
                             " KiB of JSON");
    }
    auto parsed = codec::parseJson(c.tree_json, 32);
    if (!parsed || !parsed->is_object()) return invalidArgument("a tree is a JSON object");
    auto it = clickbot_.find(c.tree_id);
    ClickbotTreeRecord next;
    if (it != clickbot_.end()) next = *it->second;
    next.id = c.tree_id;
    if (c.expected_version && *c.expected_version != next.draft_version) {
      return conflict("clickbot tree '" + c.tree_id + "' has draft version " +
                      std::to_string(next.draft_version) + ", not " +
                      std::to_string(*c.expected_version) + "; reload and try again");
    }
    std::string compact = json::serialize(*parsed);
    if (it != clickbot_.end() && compact == next.draft_json) return it->second;
    next.stream_version += 1;
    next.draft_version += 1;
    next.draft_json = compact;
    next.versions.push_back({next.draft_version, next.stream_version, now(), actorName(c.actor)});
    json::object payload{
        {"tree_id", next.id}, {"version", next.draft_version}, {"tree", std::move(*parsed)}};
    std::string body = documentBody(next);
    auto shared = std::make_shared<const ClickbotTreeRecord>(std::move(next));
    tx.record(shared, "clickbot.draft_saved", std::move(payload), std::move(body));
    return shared;
  });
}

template <>
void Engine::run(PublishClickbot c, asio::any_completion_handler<void(Result<ClickbotTreePtr>)> h) {
  runCommand<ClickbotTreePtr>(std::move(h), [&](Transaction& tx) -> Result<ClickbotTreePtr> {
    auto it = clickbot_.find(c.tree_id);
    if (it == clickbot_.end() || it->second->draft_version == 0) {
      return notFound("clickbot tree '" + printable(c.tree_id) + "' has no draft to publish");
    }
    const ClickbotTreeRecord& current = *it->second;
    if (c.version != current.draft_version) {
      return conflict("clickbot tree '" + c.tree_id + "' has draft version " +
                      std::to_string(current.draft_version) + ", not " + std::to_string(c.version) +
                      "; reload and try again");
    }
    if (current.live_version == c.version) return it->second;
    ClickbotTreeRecord next = current;
    next.stream_version += 1;
    next.live_version = c.version;
    next.live_json = next.draft_json;
    next.publications.push_back({c.version, now(), actorName(c.actor)});
    json::object payload{{"tree_id", next.id}, {"version", c.version}};
    std::string body = documentBody(next);
    auto shared = std::make_shared<const ClickbotTreeRecord>(std::move(next));
    tx.record(shared, "clickbot.published", std::move(payload), std::move(body));
    return shared;
  });
}

}  // namespace luukku::engine
