// EngineCallRouting against a real engine (SQLite in a temp dir): numbers to lines, started
// calls and arrivals, offers from a routing listener (after the reply of the command that made
// them), presence from phone registrations, callbacks with a keyed-in
// number and a voice message, and call events in their own stream.
#include "telephony/engine_adapter.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>

#include "engine/engine.h"
#include "engine/port_fixture.h"
#include "support/temp_dir.h"

namespace luukku::telephony {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

using TempDir = luukku::testing::TempDir;

// The lines and agents of tests/telephony/test-region.toml, built here so this test needs
// nothing but the engine: the duty line and a night line that is never open.
engine::ImportRegion testRegion() {
  engine::ImportRegion r = luukku::testing::dutyRegion();
  r.lines[0].routing.wrap_up = std::chrono::seconds(1);
  core::ServiceLine night = r.lines[0];
  night.id = "night";
  night.name = {"Yölinja", "Nattlinjen", "Night line"};
  night.phone_numbers = {"+358201234567"};  // the file's "0201234567", as imported
  for (auto& d : night.weekly_hours.days) d.clear();
  r.lines.push_back(night);
  for (auto& a : r.agents) a.routing.memberships.push_back({"night", 1});
  return r;
}

class EngineRoutingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = luukku::testing::startEngine("sqlite:" + dir_.file("luukku.db"), clock_, metrics_);
    auto done = engine_->execute(testRegion(), asio::use_future);
    ASSERT_TRUE(done.get().isOk());
    config_.numbers.push_back({"116118", "duty", "sv"});
    routing_ = std::make_unique<EngineCallRouting>(*engine_, config_, io_.get_executor());
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
  CallStart callTo(const std::string& line) {
    CallStart call;
    call.line_id = line;
    call.from_number = "+358401234567";
    call.arrived = {line == "duty" ? "116117" : "0201234567", "trunk", "fi", false};
    return call;
  }
  std::vector<store::StoredEvent> stream(const std::string& id) {
    auto store = store::openStore("sqlite:" + dir_.file("luukku.db"));
    EXPECT_TRUE(store);
    auto events = (*store)->readStream(id, 0, 1000);
    EXPECT_TRUE(events);
    return events ? *events : std::vector<store::StoredEvent>{};
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
  luukku::testing::TestClock clock_{luukku::testing::helsinki(23, 9, 0)};
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

TEST_F(EngineRoutingTest, LinesAreOpenByTheEnginesClock) {
  core::ServiceLine night = *engine_->region()->state.findLine("night");
  night.weekly_hours.days[0] = {{8 * 60, 16 * 60}};  // Mondays 8-16
  engine::DefineServiceLine define;
  define.line = night;
  auto defined = engine_->execute(std::move(define), asio::use_future).get();
  ASSERT_TRUE(defined) << defined.status().toString();
  clock_.set(luukku::testing::helsinki(23, 9, 0));  // a Monday
  EXPECT_TRUE(routing_->lineForNumber("0201234567")->open);
  clock_.set(luukku::testing::helsinki(23, 20, 0));
  EXPECT_FALSE(routing_->lineForNumber("0201234567")->open);
}

TEST_F(EngineRoutingTest, StartingACallMintsItsIdAndRecordsItsArrivalFirst) {
  auto started = wait<StartResult>([&](auto done) { routing_->startCall(callTo("duty"), done); });
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  EXPECT_TRUE(started->contact_id.starts_with("c-")) << started->contact_id;
  ASSERT_TRUE(started->arrival.has_value());
  EXPECT_EQ(started->arrival->kind, ArrivalResult::Kind::kQueued);
  EXPECT_EQ(started->arrival->position, 1);
  auto call = stream(core::callStream(started->contact_id));
  ASSERT_FALSE(call.empty());
  EXPECT_EQ(call[0].type, "call.arrived");
  EXPECT_EQ(call[0].stream_seq, 1);
}

TEST_F(EngineRoutingTest, AnOfferMadeAsTheCallArrivesComesAfterStartCallsReply) {
  routing_->phoneRegistration("a1", true, true);
  ASSERT_TRUE(runUntil([&] {
    auto p = engine_->execute(engine::PresenceQuery{}, asio::use_future).get();
    return p && !p->empty();
  }));
  std::vector<std::string> seen;
  routing_->onOffers([&](OfferEvent e) { seen.push_back("offer " + e.contact_id); });
  routing_->startCall(callTo("duty"), [&](Result<StartResult> r) {
    seen.push_back("reply " + (r ? r->contact_id : r.status().message()));
  });
  ASSERT_TRUE(runUntil([&] { return seen.size() == 2; }));
  ASSERT_TRUE(seen[0].starts_with("reply c-")) << seen[0];
  EXPECT_EQ(seen[1], "offer " + seen[0].substr(6));
}

TEST_F(EngineRoutingTest, ACallIsQueuedOfferedToTheRegisteredPhoneAndCompleted) {
  auto started = wait<StartResult>([&](auto done) { routing_->startCall(callTo("duty"), done); });
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  const std::string id = started->contact_id;
  routing_->phoneRegistration("a1", true, true);
  ASSERT_TRUE(runUntil([&] { return !offers_.empty(); }));
  EXPECT_EQ(offers_[0].kind, OfferEvent::Kind::kMade);
  EXPECT_EQ(offers_[0].contact_id, id);
  EXPECT_EQ(offers_[0].agent_id, "a1");
  EXPECT_TRUE(waitStatus([&](auto done) { routing_->accept("a1", id, done); }).isOk());
  routing_->recordCallEvent(id, core::CallAnswered{"a1"});
  routing_->recordCallEvent(id, core::CallEnded{"caller", "hang_up"});
  EXPECT_TRUE(waitStatus([&](auto done) { routing_->complete("a1", id, done); }).isOk());
  auto call = stream(core::callStream(id));
  ASSERT_EQ(call.size(), 3u);
  EXPECT_EQ(call[1].type, "call.answered");
  EXPECT_EQ(call[2].type, "call.ended");
  EXPECT_EQ(call[2].stream_seq, 3);
  // The phone goes away: the agent is offline, saying why.
  routing_->phoneRegistration("a1", false, true);
  ASSERT_TRUE(runUntil([&] {
    auto p = engine_->execute(engine::PresenceQuery{}, asio::use_future).get();
    for (const auto& a : *p) {
      if (a.agent_id == "a1") return a.state.reason == "phone_unregistered";
    }
    return false;
  }));
}

TEST_F(EngineRoutingTest, WithheldCallerKeysANumberAndLeavesAMessage) {
  CallStart withheld = callTo("duty");
  withheld.from_number.clear();
  withheld.arrived.withheld = true;
  auto started = wait<StartResult>([&](auto done) { routing_->startCall(withheld, done); });
  ASSERT_TRUE(started.isOk());
  const std::string id = started->contact_id;
  auto task = wait<std::string>(
      [&](auto done) { routing_->requestCallback(id, "+358509876543", id + ".wav", done); });
  ASSERT_TRUE(task.isOk()) << task.status().toString();
  auto t = engine_->execute(engine::TaskQuery{*task}, asio::use_future).get();
  ASSERT_TRUE(t.isOk());
  EXPECT_EQ(t->number, "+358509876543");
  EXPECT_EQ(t->voice_message_ref, id + ".wav");
  EXPECT_EQ(t->reason, core::routing::TaskReason::kRequested);
}

TEST_F(EngineRoutingTest, AClosedLinesCallerArrivesLaterUnderTheCallsId) {
  CallStart closed = callTo("night");
  closed.arrive = false;
  auto started = wait<StartResult>([&](auto done) { routing_->startCall(closed, done); });
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  EXPECT_FALSE(started->arrival.has_value());
  // The caller pressed 1.
  auto arrived = wait<ArrivalResult>([&](auto done) {
    routing_->arrive({started->contact_id, "night", "+358401112233", "", true}, done);
  });
  ASSERT_TRUE(arrived.isOk()) << arrived.status().toString();
  EXPECT_EQ(arrived->kind, ArrivalResult::Kind::kDiverted);
  EXPECT_FALSE(arrived->task_id.empty());
  EXPECT_TRUE(engine_->healthy());
}

}  // namespace
}  // namespace luukku::telephony
