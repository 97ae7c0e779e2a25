#include "support/test_server.h"

#include <boost/asio/use_future.hpp>
#include <stdexcept>

#include "api/routes.h"
#include "app/region_file.h"

namespace luukku::testing {

std::string sourceDir() { return LUUKKU_SOURCE_DIR; }

namespace {

void check(const Status& status, const char* doing) {
  if (!status.isOk()) throw std::runtime_error(std::string(doing) + ": " + status.toString());
}

}  // namespace

TestServer::TestServer(TestServerOptions options) {
  store_url_ = options.store_url.empty() ? "sqlite:" + dir_.file("luukku.db") : options.store_url;
  auto store = store::openStore(store_url_);
  check(store.status(), "opening the store");
  check((*store)->migrate(), "migrating");
  const Clock& clock = options.clock ? *options.clock : system_clock_;
  engine_ = std::make_unique<engine::Engine>(std::move(store).value(), clock, registry_,
                                             options.engine);
  check(engine_->start(), "starting the engine");
  if (options.load_demo_region) {
    auto config = app::loadRegionFile(sourceDir() + "/config/demo-region.toml");
    check(config.status(), "reading the demo region");
    auto done = engine_->execute(
        engine::ImportRegion{config->settings, config->lines, config->agents},
        boost::asio::use_future);
    check(done.get().status(), "importing the demo region");
  }
  reader_ = std::make_unique<engine::StoreReader>(store_url_, 1);
  services_ = std::make_unique<api::Services>(api::Services{*engine_, *reader_, registry_});
  options.http.address = "127.0.0.1";
  options.http.port = 0;
  server_ = std::make_unique<api::HttpServer>(options.http, api::buildRouter(*services_),
                                              *services_);
  check(server_->start(), "starting the HTTP server");
}

TestServer::~TestServer() {
  server_->stop();
  engine_->stop();
}

}  // namespace luukku::testing
