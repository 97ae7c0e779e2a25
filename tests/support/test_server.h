// An in-process Luukku for API tests: a real SQLite store in a temp dir (or the given store
// URL), a real engine and a real HTTP server on 127.0.0.1 with a free port, optionally
// loaded with the demo region.
#pragma once

#include <memory>
#include <string>

#include "api/http_server.h"
#include "api/services.h"
#include "engine/engine.h"
#include "engine/store_reader.h"
#include "engine/system_clock.h"
#include "metrics/metrics.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace luukku::testing {

struct TestServerOptions {
  api::HttpServerOptions http;
  engine::EngineOptions engine;
  std::string store_url;  // empty: SQLite in the temp dir
  bool load_demo_region = true;
  const Clock* clock = nullptr;  // empty: the system clock; must outlive the server
};

// The repository's directory (for config/ and docs/).
std::string sourceDir();

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();

  std::uint16_t port() const { return server_->port(); }
  HttpClient client() const { return HttpClient(port()); }
  engine::Engine& engine() { return *engine_; }
  metrics::Registry& metrics() { return registry_; }
  api::Services& services() { return *services_; }
  const TempDir& dir() const { return dir_; }
  const std::string& storeUrl() const { return store_url_; }

 private:
  TempDir dir_;
  std::string store_url_;
  metrics::Registry registry_;
  engine::SystemClock system_clock_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::StoreReader> reader_;
  std::unique_ptr<api::Services> services_;
  std::unique_ptr<api::HttpServer> server_;
};

}  // namespace luukku::testing
