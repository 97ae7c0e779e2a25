// Routes for clickbot trees (docs/chat.md, "Clickbot trees"). Administrators read a tree with
// its versions, save a draft (checked against the region's lines; a stale version is 409),
// preview any version and publish one; each change is audited. Citizens read the live tree in
// their language, without signing in.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/acting.h"
#include "api/audit.h"
#include "api/clickbot_live.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/json_reader.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/store_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

const Access kAdmin = Access::anyOf({Role::kAdmin});

// 404 for any tree but the main one: the region has one tree for now.
std::optional<HttpResponse> unknownTree(std::string_view id) {
  if (id == kMainClickbot) return std::nullopt;
  return errorResponse(notFound("clickbot tree '" + printable(id) + "' does not exist"));
}

json::value problemsJson(const std::vector<chat::ClickbotProblem>& problems) {
  json::array out;
  for (const auto& p : problems) {
    out.push_back(json::object{{"node", p.node}, {"field", p.field}, {"message", p.message}});
  }
  return out;
}

HttpResponse invalidTree(const std::vector<chat::ClickbotProblem>& problems) {
  json::object error{{"code", "invalid_tree"},
                     {"message", chat::describe(problems.front())},
                     {"problems", problemsJson(problems)}};
  return jsonResponse(422, json::serialize(json::object{{"error", std::move(error)}}));
}

// The problems of a stored tree against the region as it is now (a line may have changed
// since it was saved).
std::vector<chat::ClickbotProblem> problemsOf(const std::string& tree_json,
                                              const core::RegionState& region) {
  auto parsed = codec::parseJson(tree_json, 32);
  if (!parsed) return {{"", "tree", "the stored tree is unreadable"}};
  auto tree = chat::decodeClickbotTree(*parsed);
  if (!tree) return {{"", "tree", tree.status().message()}};
  return chat::validate(*tree, clickbotLines(region));
}

json::value treeOrNull(const std::string& tree_json) {
  if (tree_json.empty()) return nullptr;
  auto parsed = codec::parseJson(tree_json, 32);
  return parsed ? std::move(*parsed) : json::value(nullptr);
}

json::object treeJson(const engine::ClickbotTreeRecord& r, const core::RegionState& region) {
  json::array versions;
  for (const auto& v : r.versions) {
    versions.push_back(json::object{{"version", v.version},
                                    {"saved_at", formatTimestamp(v.saved_at)},
                                    {"saved_by", v.saved_by}});
  }
  json::array publications;
  for (const auto& p : r.publications) {
    publications.push_back(json::object{
        {"version", p.version}, {"published_at", formatTimestamp(p.at)}, {"published_by", p.by}});
  }
  json::value problems = json::array{};
  if (!r.draft_json.empty()) problems = problemsJson(problemsOf(r.draft_json, region));
  return json::object{{"id", r.id},
                      {"draft_version", r.draft_version},
                      {"live_version", r.live_version},
                      {"draft", treeOrNull(r.draft_json)},
                      {"problems", std::move(problems)},
                      {"versions", std::move(versions)},
                      {"publications", std::move(publications)}};
}

engine::ClickbotTreeRecord recordOf(const engine::RegionSnapshot& snapshot, std::string_view id) {
  auto it = snapshot.clickbot_trees.find(id);
  if (it != snapshot.clickbot_trees.end()) return *it->second;
  engine::ClickbotTreeRecord empty;
  empty.id = std::string(id);
  return empty;
}

Handler getTree(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    if (auto r = unknownTree(ctx.param("id"))) co_return *r;
    auto snapshot = s.engine.region();
    co_return jsonResponse(
        200, json::serialize(treeJson(recordOf(*snapshot, ctx.param("id")), snapshot->state)));
  };
}

Handler saveDraft(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (auto r = unknownTree(ctx.param("id"))) co_return *r;
    auto body = jsonBody(ctx.request);
    if (!body) co_return errorResponse(body.status());
    chat::ClickbotTree tree;
    std::optional<std::int64_t> version;
    {
      codec::ObjectReader r(*body, "");
      std::int64_t v = 0;
      r.required("version", v);
      version = v;
      codec::readNested(r, "tree", true, tree, [](const json::value& t, const std::string&) {
        return chat::decodeClickbotTree(t);
      });
      if (Status st = r.finish(); !st) co_return errorResponse(st);
    }
    auto snapshot = s.engine.region();
    auto problems = chat::validate(tree, clickbotLines(snapshot->state));
    if (!problems.empty()) co_return invalidTree(problems);
    std::string id(ctx.param("id"));
    std::string before = recordOf(*snapshot, id).draft_json;
    engine::SaveClickbotDraft command{id, json::serialize(chat::encode(tree)), version,
                                      actorOf(*ctx.principal)};
    auto saved = co_await s.engine.execute(std::move(command), asio::use_awaitable);
    if (!saved) co_return errorResponse(saved.status());
    if ((*saved)->draft_json != before) {
      co_await auditChange(s, ctx, "clickbot.draft_saved", "clickbot", id, std::move(before),
                           (*saved)->draft_json);
    }
    co_return jsonResponse(200, json::serialize(treeJson(**saved, s.engine.region()->state)));
  };
}

Handler publish(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (auto r = unknownTree(ctx.param("id"))) co_return *r;
    std::int64_t version = 0;
    auto body = commandFromBody(ctx.request, version, [](codec::ObjectReader& r, std::int64_t& v) {
      r.required("version", v);
    });
    if (!body) co_return errorResponse(body.status());
    std::string id(ctx.param("id"));
    auto snapshot = s.engine.region();
    engine::ClickbotTreeRecord current = recordOf(*snapshot, id);
    // Lines may have changed since the draft was saved: what goes live must hold now.
    if (current.draft_version == *body && !current.draft_json.empty()) {
      auto problems = problemsOf(current.draft_json, snapshot->state);
      if (!problems.empty()) co_return invalidTree(problems);
    }
    engine::PublishClickbot command{id, *body, actorOf(*ctx.principal)};
    auto published = co_await s.engine.execute(std::move(command), asio::use_awaitable);
    if (!published) co_return errorResponse(published.status());
    if ((*published)->live_version != current.live_version) {
      co_await auditChange(s, ctx, "clickbot.published", "clickbot", id,
                           std::move(current.live_json), (*published)->live_json);
    }
    co_return jsonResponse(200, json::serialize(treeJson(**published, s.engine.region()->state)));
  };
}

// A saved version's tree, read from its event, for the preview.
Handler getVersion(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    if (auto r = unknownTree(ctx.param("id"))) co_return *r;
    std::string id(ctx.param("id"));
    engine::ClickbotTreeRecord record = recordOf(*s.engine.region(), id);
    std::string n(ctx.param("n"));
    auto it = std::find_if(record.versions.begin(), record.versions.end(),
                           [&](const auto& v) { return std::to_string(v.version) == n; });
    if (it == record.versions.end()) {
      co_return errorResponse(
          notFound("clickbot tree '" + id + "' has no version '" + printable(n) + "'"));
    }
    engine::ClickbotVersion version = *it;
    std::string stream = engine::clickbotStream(id);
    auto events =
        co_await s.reader.readStream(stream, version.stream_seq - 1, 1, asio::use_awaitable);
    if (!events) co_return errorResponse(events.status());
    if (events->empty()) co_return errorResponse(internalError("the version's event is missing"));
    auto payload = codec::parseJson(events->front().payload, 64);
    const json::value* tree =
        payload && payload->is_object() ? payload->as_object().if_contains("tree") : nullptr;
    if (!tree) co_return errorResponse(internalError("the version's event holds no tree"));
    co_return jsonResponse(
        200, json::serialize(json::object{{"version", version.version},
                                          {"saved_at", formatTimestamp(version.saved_at)},
                                          {"saved_by", version.saved_by},
                                          {"live", version.version == record.live_version},
                                          {"tree", *tree}}));
  };
}

bool isLanguage(std::string_view l) {
  return l == "fi" || l == "sv" || l == "en";
}

// The live tree as a citizen in one language sees it; with no tree published, no nodes.
Handler citizenTree(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (Status st = onlyQueryParams(ctx.request, {"lang"}); !st) co_return errorResponse(st);
    std::string lang(ctx.request.queryParam("lang").value_or("fi"));
    if (!isLanguage(lang)) co_return errorResponse(invalidArgument("lang is fi, sv or en"));
    auto snapshot = s.engine.region();
    auto live = liveClickbot(*snapshot, kMainClickbot);
    if (!live) {
      co_return jsonResponse(
          200, json::serialize(
                   json::object{{"version", 0}, {"root", nullptr}, {"nodes", json::array{}}}));
    }
    Timestamp now = s.engine.clock().now();
    const core::RegionState& region = snapshot->state;
    json::value view = chat::citizenView(live->tree, lang, [&](std::string_view line_id) {
      const core::ServiceLine* line = region.findLine(line_id);
      if (!line || !line->active) return json::object{{"open", false}, {"next_open", nullptr}};
      // The line's name: a contact-request node's form says whom the citizen asks to call.
      json::object fields = lineAvailability(*line, region.settings(), now);
      fields["line_name"] = chat::textIn(line->name, lang);
      return fields;
    });
    view.as_object()["version"] = live->version;
    co_return jsonResponse(200, json::serialize(view));
  };
}

}  // namespace

void addClickbotRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/clickbot/trees/{id}", "getClickbotTree", kAdmin, getTree(s)});
  router.add(
      {"PUT", "/api/v1/clickbot/trees/{id}/draft", "saveClickbotDraft", kAdmin, saveDraft(s)});
  router.add(
      {"POST", "/api/v1/clickbot/trees/{id}/publish", "publishClickbotTree", kAdmin, publish(s)});
  router.add({"GET", "/api/v1/clickbot/trees/{id}/versions/{n}", "getClickbotTreeVersion", kAdmin,
              getVersion(s)});
  router.add({"GET", "/api/v1/chat/clickbot", "getChatClickbot", Access::signIn(), citizenTree(s)});
}

}  // namespace luukku::api
