#include <spdlog/spdlog.h>

#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "app/identity_setup.h"
#include "app/region_file.h"
#include "codec/region_json.h"
#include "engine/engine.h"
#include "engine/system_clock.h"
#include "identity/crypto.h"
#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::app {
namespace {

std::string sha256Hex(std::string_view bytes) {
  return identity::toHex(identity::sha256(bytes));
}

// The region as the audit row's before and after: where the event log stood, how many lines
// and agents, and a digest of the whole configuration (the events hold every detail).
boost::json::object regionSummary(const engine::RegionSnapshot& region) {
  std::string settings = boost::json::serialize(codec::encode(region.state.settings()));
  return {{"as_of_seq", region.as_of_seq},
          {"service_lines", region.state.lines().size()},
          {"agents", region.state.agents().size()},
          {"sha256",
           sha256Hex(settings + "\n" + region.service_lines_json + "\n" + region.agents_json)}};
}

}  // namespace

int importConfig(const Settings& settings, const std::string& file) {
  auto config = loadRegionFile(file);
  if (!config) {
    spdlog::error("{}", config.status().message());
    return 1;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream file_bytes;
  file_bytes << in.rdbuf();
  if (int rc = migrate(settings); rc != 0) return rc;
  auto store = store::openStore(settings.effectiveStoreUrl());
  if (!store) {
    spdlog::error("cannot open the store: {}", store.status().message());
    return 1;
  }
  metrics::Registry registry;
  engine::SystemClock clock;
  // Opened first: an import that could not be audited is not started.
  auto identity =
      identity::Identity::open(settings.effectiveStoreUrl(), clock, identityOptions(settings));
  if (!identity) {
    spdlog::error("cannot open the audit log: {}", identity.status().message());
    return 1;
  }
  engine::Engine engine(std::move(store).value(), clock, registry);
  if (Status st = engine.start(); !st) {
    spdlog::error("cannot import: {}", st.message());
    if (st.code() == ErrorCode::kConflict) {
      spdlog::error("while the server runs, import through it: POST /api/v1/region/import");
    }
    return 1;
  }
  boost::json::object before = regionSummary(*engine.region());
  auto future = engine.execute(
      engine::ImportRegion{
          std::move(config->settings), std::move(config->lines), std::move(config->agents),
          core::Actor{core::Actor::Kind::kCommandLine, "cli", "luukku command line", ""}},
      boost::asio::use_future);
  Result<engine::ImportRegion::Summary> summary = future.get();
  boost::json::object after = regionSummary(*engine.region());
  engine.stop();
  if (!summary) {
    spdlog::error("{}: {}", file, summary.status().message());
    return 1;
  }
  spdlog::info("imported {}: {} created, {} changed, {} unchanged", file, summary->created,
               summary->changed, summary->unchanged);
  if (summary->created + summary->changed == 0) return 0;  // nothing changed, nothing to audit
  after["file"] = file;
  after["file_sha256"] = sha256Hex(file_bytes.str());
  after["created"] = summary->created;
  after["changed"] = summary->changed;
  after["unchanged"] = summary->unchanged;
  Status audited =
      (*identity)->audit(identity::Actor::commandLine(), "region.imported", "region", "region",
                         boost::json::serialize(before), boost::json::serialize(after));
  if (!audited) {
    spdlog::error("{} was imported, but the audit log could not record it: {}", file,
                  audited.message());
    return 1;
  }
  return 0;
}

}  // namespace luukku::app
