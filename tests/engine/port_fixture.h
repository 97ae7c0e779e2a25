// An engine on SQLite in a temporary directory with one always-open phone line and two agents,
// for the tests of what telephony and chat use in-process: started calls, their events, and
// routing listeners. Needs only the engine (no server).
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"

namespace luukku::testing {

// The duty line (always open, 116117) and agents a1 and a2, who speak fi, sv and en and serve it.
inline engine::ImportRegion dutyRegion() {
  engine::ImportRegion region;
  core::ServiceLine duty;
  duty.id = "duty";
  duty.name = {"Päivystys", "Jour", "Duty line"};
  duty.phone_numbers = {"116117"};
  duty.channels = {core::Channel::kPhone, core::Channel::kCallback};
  duty.closed_on_public_holidays = false;
  for (auto& d : duty.weekly_hours.days) d = {{0, 1440}};
  duty.routing.max_estimated_wait.reset();
  region.lines = {duty};
  for (const char* id : {"a1", "a2"}) {
    core::Agent a;
    a.id = id;
    a.name = id;
    a.languages = {"fi", "sv", "en"};
    a.routing.memberships = {{"duty", 1}};
    region.agents.push_back(a);
  }
  return region;
}

// An engine on the store at `url`, migrated and started.
inline std::unique_ptr<engine::Engine> startEngine(const std::string& url, const Clock& clock,
                                                   metrics::Registry& metrics) {
  auto store = store::openStore(url);
  EXPECT_TRUE(store && (*store)->migrate());
  auto engine = std::make_unique<engine::Engine>(std::move(store).value(), clock, metrics);
  EXPECT_TRUE(engine->start());
  return engine;
}

class EnginePort : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = start();
    ASSERT_TRUE(engine_->execute(dutyRegion(), boost::asio::use_future).get());
  }
  void TearDown() override {
    if (engine_) engine_->stop();
  }

  std::unique_ptr<engine::Engine> start() { return startEngine(url_, clock_, metrics_); }
  template <typename Command>
  auto run(Command c) {
    return engine_->execute(std::move(c), boost::asio::use_future).get();
  }
  core::routing::Arrival callFrom(const std::string& number) {
    core::routing::Arrival a;
    a.line_id = "duty";
    a.from_number = number;
    return a;
  }
  // A stream's events, read as another process would.
  std::vector<store::StoredEvent> stream(const std::string& id) {
    auto store = store::openStore(url_);
    EXPECT_TRUE(store);
    auto events = (*store)->readStream(id, 0, 1000);
    EXPECT_TRUE(events);
    return events ? *events : std::vector<store::StoredEvent>{};
  }
  // Runs io_ until `done` (the engine posts to it from its own thread).
  template <typename Pred>
  bool runUntil(Pred done) {
    using namespace std::chrono_literals;
    auto until = std::chrono::steady_clock::now() + 5s;
    while (!done() && std::chrono::steady_clock::now() < until) {
      io_.restart();
      io_.run_for(5ms);
    }
    return done();
  }

  TempDir dir_;
  std::string url_ = "sqlite:" + dir_.file("luukku.db");
  TestClock clock_{helsinki(23, 9, 0)};
  metrics::Registry metrics_;
  std::unique_ptr<engine::Engine> engine_;
  boost::asio::io_context io_;
};

}  // namespace luukku::testing
