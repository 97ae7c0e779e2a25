// A fixture for engine tests on the demo region: an engine over a SQLite store in a temporary
// directory, on a clock the test moves (Monday 23 November 2026, 09:00 in Helsinki), and a
// command run to its reply.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/use_future.hpp>

#include "app/region_file.h"
#include "engine/engine.h"
#include "port_fixture.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {

class DemoEngineTest : public ::testing::Test {
 protected:
  std::unique_ptr<engine::Engine> start() { return startEngine(url_, clock_, metrics_); }
  template <typename Command>
  auto run(engine::Engine& e, Command c) {
    return e.execute(std::move(c), boost::asio::use_future).get();
  }
  void loadDemo(engine::Engine& e) {
    auto config = app::loadRegionFile(sourceDir() + "/config/demo-region.toml");
    ASSERT_TRUE(config);
    ASSERT_TRUE(run(e, engine::ImportRegion{config->settings, config->lines, config->agents, {}}));
  }
  core::routing::Arrival callTo(const std::string& line, const std::string& number) {
    core::routing::Arrival a;
    a.line_id = line;
    a.from_number = number;
    return a;
  }

  TempDir dir_;
  std::string url_ = "sqlite:" + dir_.file("luukku.db");
  TestClock clock_{helsinki(23, 9, 0)};
  metrics::Registry metrics_;
};

}  // namespace luukku::testing
