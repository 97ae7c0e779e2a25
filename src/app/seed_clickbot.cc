// `luukku seed-clickbot FILE`: the demo's clickbot tree, for a region that has none yet.
#include <spdlog/spdlog.h>

#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "api/clickbot_live.h"
#include "app/commands.h"
#include "app/identity_setup.h"
#include "chat/clickbot_tree.h"
#include "codec/json_reader.h"
#include "engine/engine.h"
#include "engine/system_clock.h"
#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::app {
namespace {

Result<chat::ClickbotTree> readTree(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return notFound("cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  ASSIGN_OR_RETURN(boost::json::value v, codec::parseJson(text.str()));
  return chat::decodeClickbotTree(v);
}

}  // namespace

int seedClickbot(const Settings& settings, const std::string& file) {
  auto tree = readTree(file);
  if (!tree) {
    spdlog::error("{}: {}", file, tree.status().message());
    return 1;
  }
  if (int rc = migrate(settings); rc != 0) return rc;
  auto store = store::openStore(settings.effectiveStoreUrl());
  if (!store) {
    spdlog::error("cannot open the store: {}", store.status().message());
    return 1;
  }
  metrics::Registry registry;
  engine::SystemClock clock;
  auto identity =
      identity::Identity::open(settings.effectiveStoreUrl(), clock, identityOptions(settings));
  if (!identity) {
    spdlog::error("cannot open the audit log: {}", identity.status().message());
    return 1;
  }
  engine::Engine engine(std::move(store).value(), clock, registry);
  if (Status st = engine.start(); !st) {
    spdlog::error("cannot seed the clickbot: {}", st.message());
    return 1;
  }
  std::string id(api::kMainClickbot);
  auto region = engine.region();
  if (auto it = region->clickbot_trees.find(id); it != region->clickbot_trees.end()) {
    spdlog::info("the clickbot tree '{}' exists (version {}); {} is not used", id,
                 it->second->draft_version, file);
    engine.stop();
    return 0;
  }
  auto problems = chat::validate(*tree, api::clickbotLines(region->state));
  if (!problems.empty()) {
    spdlog::error("{}: {}", file, chat::describe(problems.front()));
    engine.stop();
    return 1;
  }
  core::Actor cli{core::Actor::Kind::kCommandLine, "cli", "luukku command line", ""};
  std::string tree_json = boost::json::serialize(chat::encode(*tree));
  auto saved =
      engine.execute(engine::SaveClickbotDraft{id, tree_json, 0, cli}, boost::asio::use_future)
          .get();
  Status published = saved.status();
  if (saved) {
    published = engine
                    .execute(engine::PublishClickbot{id, (*saved)->draft_version, cli},
                             boost::asio::use_future)
                    .get()
                    .status();
  }
  engine.stop();
  if (!published) {
    spdlog::error("cannot seed the clickbot: {}", published.message());
    return 1;
  }
  spdlog::info("seeded the clickbot tree '{}' from {} and published it", id, file);
  Status audited = (*identity)->audit(identity::Actor::commandLine(), "clickbot.published",
                                      "clickbot", id, "", tree_json);
  if (!audited) {
    spdlog::error("the clickbot was seeded, but the audit log could not record it: {}",
                  audited.message());
    return 1;
  }
  return 0;
}

}  // namespace luukku::app
