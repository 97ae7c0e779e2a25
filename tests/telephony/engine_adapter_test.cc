// EngineCallRouting against a real engine (SQLite in a temp dir): numbers to lines, arrivals,
// offers read from the live feed, presence from phone registrations, callbacks with a keyed-in
// number and a voice message, and call events in their own stream.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>

#include "engine/engine.h"
#include "engine/system_clock.h"
#include "support/temp_dir.h"
#include "telephony/engine_adapter.h"

namespace luukku::telephony {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

using TempDir = luukku::testing::TempDir;

// The lines and agents of tests/telephony/test-region.toml, built here so this test needs
// nothing but the engine.
engine::ImportRegion testRegion() {
  engine::ImportRegion r;
  core::ServiceLine duty;
  duty.id = "duty";
  duty.name = {"Päivystys", "Jour", "Duty line"};
  duty.phone_numbers = {"116117"};
  duty.channels = {core::Channel::kPhone, core::Channel::kCallback};
  duty.closed_on_public_holidays = false;
  for (auto& d : duty.weekly_hours.days) d = {{0, 1440}};
  duty.routing.wrap_up = std::chrono::seconds(1);
  duty.routing.max_estimated_wait.reset();
  core::ServiceLine night = duty;
  night.id = "night";
  night.name = {"Yölinja", "Nattlinjen", "Night line"};
  night.phone_numbers = {"+358201234567"};  // the file's "0201234567", as imported
  for (auto& d : night.weekly_hours.days) d.clear();
  r.lines = {duty, night};
  for (const char* id : {"a1", "a2"}) {
    core::Agent a;
    a.id = id;
    a.name = id;
    a.languages = {"fi", "sv", "en"};
    a.routing.memberships = {{"duty", 1}, {"night", 1}};
    r.agents.push_back(a);
  }
  return r;
}

class EngineRoutingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::openStore("sqlite:" + dir_.file("luukku.db"));
    ASSERT_TRUE(store && (*store)->migrate());
    engine_ = std::make_unique<engine::Engine>(std::move(store).value(), clock_, metrics_);
    ASSERT_TRUE(engine_->start());
    auto done = engine_->execute(testRegion(), asio::use_future);
    ASSERT_TRUE(done.get().isOk());
    config_.numbers.push_back({"116118", "duty", "sv"});
    routing_ = std::make_unique<EngineCallRouting>(*engine_, config_);
    routing_->setExecutor(io_.get_executor());
    routing_->onOffers([this](OfferEvent e) { offers_.push_back(e); });
    routing_->start();
  }
  void TearDown() override {
    routing_->stop();
    engine_->stop();
  }
  // Runs the executor until `done`.
  template <typename Pred>
  bool runUntil(Pred done, std::chrono::milliseconds limit = 5s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < until) {
      io_.restart();
      io_.run_for(5ms);
    }
    return done();
  }
  template <typename T>
  Result<T> wait(std::function<void(std::function<void(Result<T>)>)> start) {
    std::optional<Result<T>> r;
    start([&](Result<T> v) { r.emplace(std::move(v)); });
    EXPECT_TRUE(runUntil([&] { return r.has_value(); }));
    return r ? *r : Result<T>(internalError("no answer"));
  }
  Status waitStatus(std::function<void(std::function<void(Status)>)> start) {
    std::optional<Status> r;
    start([&](Status v) { r = v; });
    EXPECT_TRUE(runUntil([&] { return r.has_value(); }));
    return r.value_or(internalError("no answer"));
  }

  TempDir dir_;
  metrics::Registry metrics_;
  engine::SystemClock clock_;
  std::unique_ptr<engine::Engine> engine_;
  TelephonyConfig config_;
  asio::io_context io_;
  std::unique_ptr<EngineCallRouting> routing_;
  std::vector<OfferEvent> offers_;
};

TEST_F(EngineRoutingTest, NumbersNameLinesAndLanguages) {
  auto duty = routing_->lineForNumber("116117");
  ASSERT_TRUE(duty.has_value());
  EXPECT_EQ(duty->line_id, "duty");
  EXPECT_EQ(duty->language, "fi");
  EXPECT_FALSE(duty->language_chosen);
  EXPECT_TRUE(duty->open);
  auto sv = routing_->lineForNumber("116118");
  ASSERT_TRUE(sv.has_value());
  EXPECT_EQ(sv->language, "sv");
  EXPECT_TRUE(sv->language_chosen);
  auto night = routing_->lineForNumber("0201234567");  // dialled in the national form
  ASSERT_TRUE(night.has_value());
  EXPECT_EQ(night->line_id, "night");
  EXPECT_FALSE(night->open);
  EXPECT_FALSE(routing_->lineForNumber("999").has_value());
  EXPECT_FALSE(routing_->lineForNumber("").has_value());
}

TEST_F(EngineRoutingTest, ACallIsQueuedOfferedToTheRegisteredPhoneAndCompleted) {
  auto arrived = wait<ArrivalResult>([&](auto done) {
    routing_->arrive({"pcall1", "duty", "+358401234567", "", false}, done);
  });
  ASSERT_TRUE(arrived.isOk()) << arrived.status().toString();
  EXPECT_EQ(arrived->kind, ArrivalResult::Kind::kQueued);
  EXPECT_EQ(arrived->position, 1);
  routing_->phoneRegistration("a1", true, true);
  ASSERT_TRUE(runUntil([&] { return !offers_.empty(); }));
  EXPECT_EQ(offers_[0].kind, OfferEvent::Kind::kMade);
  EXPECT_EQ(offers_[0].contact_id, "pcall1");
  EXPECT_EQ(offers_[0].agent_id, "a1");
  EXPECT_TRUE(waitStatus([&](auto done) { routing_->accept("a1", "pcall1", done); }).isOk());
  routing_->recordCallEvent("pcall1", 1, "call.answered", "\"agent_id\":\"a1\"");
  routing_->recordCallEvent("pcall1", 2, "call.ended", "\"by\":\"caller\"");
  EXPECT_TRUE(waitStatus([&](auto done) { routing_->complete("a1", "pcall1", done); }).isOk());
  EXPECT_TRUE(engine_->healthy());
  // The phone goes away: the agent is offline, saying why.
  routing_->phoneRegistration("a1", false, true);
  auto presence = engine_->execute(engine::PresenceQuery{}, asio::use_future).get();
  ASSERT_TRUE(runUntil([&] {
    auto p = engine_->execute(engine::PresenceQuery{}, asio::use_future).get();
    for (const auto& a : *p) {
      if (a.agent_id == "a1") return a.state.reason == "phone_unregistered";
    }
    return false;
  }));
}

TEST_F(EngineRoutingTest, WithheldCallerKeysANumberAndLeavesAMessage) {
  auto arrived = wait<ArrivalResult>([&](auto done) { routing_->arrive({"pcall2", "duty", "", "", false}, done); });
  ASSERT_TRUE(arrived.isOk());
  auto task = wait<std::string>([&](auto done) {
    routing_->requestCallback("pcall2", "+358509876543", "pcall2.wav", done);
  });
  ASSERT_TRUE(task.isOk()) << task.status().toString();
  auto t = engine_->execute(engine::TaskQuery{*task}, asio::use_future).get();
  ASSERT_TRUE(t.isOk());
  EXPECT_EQ(t->number, "+358509876543");
  EXPECT_EQ(t->voice_message_ref, "pcall2.wav");
  EXPECT_EQ(t->reason, core::routing::TaskReason::kRequested);
}

TEST_F(EngineRoutingTest, ClosedLineDivertsToACallbackAndBadEventsAreRefused) {
  auto arrived = wait<ArrivalResult>([&](auto done) {
    routing_->arrive({"pcall3", "night", "+358401112233", "", false}, done);
  });
  ASSERT_TRUE(arrived.isOk());
  EXPECT_EQ(arrived->kind, ArrivalResult::Kind::kDiverted);
  EXPECT_EQ(arrived->reason, "closed");
  EXPECT_FALSE(arrived->task_id.empty());
  auto bad = engine_->execute(engine::RecordCallEvent{"pcall3", 1, "routing.offer", "{}"}, asio::use_future).get();
  EXPECT_FALSE(bad.isOk());
  auto bad_json = engine_->execute(engine::RecordCallEvent{"pcall3", 1, "call.x", "{nope"}, asio::use_future).get();
  EXPECT_FALSE(bad_json.isOk());
  EXPECT_TRUE(engine_->healthy());
}

}  // namespace
}  // namespace luukku::telephony
