#include <spdlog/spdlog.h>

#include <boost/asio/use_future.hpp>

#include "app/commands.h"
#include "app/region_file.h"
#include "engine/engine.h"
#include "engine/system_clock.h"
#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::app {

int importConfig(const Settings& settings, const std::string& file) {
  auto config = loadRegionFile(file);
  if (!config) {
    spdlog::error("{}", config.status().message());
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
  engine::Engine engine(std::move(store).value(), clock, registry);
  if (Status st = engine.start(); !st) {
    spdlog::error("cannot import: {}", st.message());
    if (st.code() == ErrorCode::kConflict) {
      spdlog::error("while the server runs, import through it: POST /api/v1/region/import");
    }
    return 1;
  }
  auto future = engine.execute(
      engine::ImportRegion{
          std::move(config->settings), std::move(config->lines), std::move(config->agents),
          core::Actor{core::Actor::Kind::kCommandLine, "cli", "luukku command line", ""}},
      boost::asio::use_future);
  Result<engine::ImportRegion::Summary> summary = future.get();
  engine.stop();
  if (!summary) {
    spdlog::error("{}: {}", file, summary.status().message());
    return 1;
  }
  spdlog::info("imported {}: {} created, {} changed, {} unchanged", file, summary->created,
               summary->changed, summary->unchanged);
  return 0;
}

}  // namespace luukku::app
