#include "engine/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>

#include "core/test_region.h"
#include "support/temp_dir.h"

namespace luukku::engine {
namespace {
namespace asio = boost::asio;
using core::testAgent;

// Delegates to a real store and fails appends once told to, as a full disk would.
class FailingStore final : public store::EventStore {
 public:
  FailingStore(store::EventStorePtr inner, std::atomic<bool>& fail)
      : inner_(std::move(inner)), fail_(fail) {}
  std::string_view backendName() const override { return inner_->backendName(); }
  Result<int> schemaVersion() override { return inner_->schemaVersion(); }
  Status migrate() override { return inner_->migrate(); }
  Status claimWriter() override { return inner_->claimWriter(); }
  Status append(const store::AppendBatch& b) override {
    if (fail_) return unavailable("disk full");
    return inner_->append(b);
  }
  Result<std::int64_t> lastGlobalSeq() override { return inner_->lastGlobalSeq(); }
  Result<std::int64_t> lastStreamSeq(std::string_view s) override {
    return inner_->lastStreamSeq(s);
  }
  Result<std::vector<store::StoredEvent>> readAll(std::int64_t a, std::size_t l) override {
    return inner_->readAll(a, l);
  }
  Result<std::vector<store::StoredEvent>> readStream(std::string_view s, std::int64_t a,
                                                     std::size_t l) override {
    return inner_->readStream(s, a, l);
  }
  Result<std::vector<store::Document>> loadDocuments(std::string_view k, bool live) override {
    return inner_->loadDocuments(k, live);
  }
  Result<std::optional<store::Document>> loadDocument(std::string_view k,
                                                      std::string_view id) override {
    return inner_->loadDocument(k, id);
  }

 private:
  store::EventStorePtr inner_;
  std::atomic<bool>& fail_;
};

class EngineTest : public ::testing::Test {
 protected:
  store::EventStorePtr openStore() {
    auto s = store::openStore(url_);
    EXPECT_TRUE(s) << s.status().toString();
    EXPECT_TRUE((*s)->migrate());
    return std::move(s).value();
  }
  std::unique_ptr<Engine> startEngine(EngineOptions options = {}) {
    auto e = std::make_unique<Engine>(openStore(), clock_, metrics_, options);
    EXPECT_TRUE(e->start());
    return e;
  }
  Result<core::Agent> defineAgent(Engine& e, core::Agent agent) {
    return e
        .execute(DefineAgent{std::move(agent), core::WriteMode::kUpsert, std::nullopt, {}},
                 asio::use_future)
        .get();
  }

  testing::TempDir dir_;
  std::string url_ = "sqlite:" + dir_.file("luukku.db");
  ManualClock clock_{Timestamp(std::chrono::seconds(1'800'000'000))};
  metrics::Registry metrics_;
};

TEST_F(EngineTest, AnAcknowledgedCommandIsAlreadyInTheStore) {
  auto engine = startEngine();
  auto agent = defineAgent(*engine, testAgent("anna"));
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->version, 1);
  auto events = openStore()->readAll(0, 10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].stream_id, "agent/anna");
  EXPECT_EQ((*events)[0].type, "agent.created");
  EXPECT_EQ((*events)[0].recorded_at, clock_.now());
  EXPECT_EQ(engine->durableSeq(), 1);
}

TEST_F(EngineTest, ConcurrentCommandsShareCommitsAndKeepTheirOrder) {
  auto engine = startEngine();
  std::vector<std::future<Result<core::Agent>>> replies;
  for (int i = 0; i < 300; ++i) {
    replies.push_back(engine->execute(
        DefineAgent{
            testAgent("agent-" + std::to_string(i)), core::WriteMode::kCreate, std::nullopt, {}},
        asio::use_future));
  }
  for (auto& r : replies) ASSERT_TRUE(r.get());
  auto events = openStore()->readAll(0, 1000);
  ASSERT_EQ(events->size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ((*events)[static_cast<std::size_t>(i)].global_seq, i + 1);
    EXPECT_EQ((*events)[static_cast<std::size_t>(i)].stream_id, "agent/agent-" + std::to_string(i));
  }
  auto commits = metrics_.counter("luukku_store_commits_total", "").value();
  EXPECT_LT(commits, 300u) << "a burst should be written in fewer transactions than commands";
}

TEST_F(EngineTest, RestartRebuildsTheSameConfiguration) {
  core::RegionState before;
  {
    auto engine = startEngine();
    ASSERT_TRUE(engine
                    ->execute(ChangeRegionSettings{core::testSettings(), std::nullopt, {}},
                              asio::use_future)
                    .get());
    ASSERT_TRUE(engine
                    ->execute(
                        DefineServiceLine{
                            core::testLine("neuvola"), core::WriteMode::kCreate, std::nullopt, {}},
                        asio::use_future)
                    .get());
    ASSERT_TRUE(defineAgent(*engine, testAgent("anna")));
    auto moved = testAgent("anna");
    moved.area = "lapua";
    ASSERT_TRUE(defineAgent(*engine, moved));
    before = engine->region()->state;
  }
  auto engine = startEngine();
  EXPECT_EQ(engine->region()->state, before);
  EXPECT_EQ(engine->region()->state.findAgent("anna")->version, 2);
  EXPECT_EQ(engine->durableSeq(), 4);
  // The log continues where it stopped.
  ASSERT_TRUE(defineAgent(*engine, testAgent("bertta")));
  EXPECT_EQ(engine->durableSeq(), 5);
}

TEST_F(EngineTest, AFailedDecisionRecordsNothingAndSaysWhy) {
  auto engine = startEngine();
  auto bad = testAgent("anna");
  bad.languages.clear();
  auto r = defineAgent(*engine, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(engine->durableSeq(), 0);
}

TEST_F(EngineTest, ASecondWriterOnTheSameStoreIsRefused) {
  auto engine = startEngine();
  Engine second(openStore(), clock_, metrics_);
  Status st = second.start();
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
}

TEST_F(EngineTest, SubscribersReceiveDurableEventsInOrder) {
  asio::io_context io;  // outlives the engine, which owns subscriptions on it
  auto engine = startEngine();
  auto start = engine->subscribe(io.get_executor(), asio::use_future).get();
  EXPECT_EQ(start.head, 0);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(defineAgent(*engine, testAgent("a" + std::to_string(i))));
  std::vector<std::int64_t> seqs;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        while (seqs.size() < 5) {
          auto e = co_await start.subscription->channel().async_receive(asio::use_awaitable);
          seqs.push_back(e->seq);
        }
      },
      asio::detached);
  io.run();
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

TEST_F(EngineTest, ASubscriberThatDoesNotReadIsCutOffAndTheEngineGoesOn) {
  EngineOptions options;
  options.subscriber_buffer = 3;
  asio::io_context io;  // outlives the engine, which owns subscriptions on it
  auto engine = startEngine(options);
  auto start = engine->subscribe(io.get_executor(), asio::use_future).get();
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(defineAgent(*engine, testAgent("a" + std::to_string(i))));
  EXPECT_EQ(start.subscription->why(), CutOff::kTooSlow);
  EXPECT_EQ(engine->subscriberCount(), 0u);
  EXPECT_EQ(metrics_.counter("luukku_event_subscribers_cut_off_total", "").value(), 1u);
}

TEST_F(EngineTest, AStoreFailureFailsCommandsAndCallsTheFatalHandler) {
  std::atomic<bool> fail{false};
  Engine engine(std::make_unique<FailingStore>(openStore(), fail), clock_, metrics_);
  std::promise<Status> fatal;
  engine.setFatalHandler([&](const Status& s) { fatal.set_value(s); });
  ASSERT_TRUE(engine.start());
  ASSERT_TRUE(defineAgent(engine, testAgent("before")));
  fail = true;
  auto r = defineAgent(engine, testAgent("during"));
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(fatal.get_future().get().message(), "disk full");
  EXPECT_FALSE(engine.healthy());
  fail = false;
  EXPECT_EQ(defineAgent(engine, testAgent("after")).status().code(), ErrorCode::kUnavailable);
  auto events = openStore()->readAll(0, 10);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].stream_id, "agent/before");
}

TEST_F(EngineTest, TheSnapshotIsReplacedOnlyOnceDurable) {
  auto engine = startEngine();
  auto first = engine->region();
  ASSERT_TRUE(defineAgent(*engine, testAgent("anna")));
  auto second = engine->region();
  EXPECT_EQ(first->state.findAgent("anna"), nullptr);
  ASSERT_NE(second->state.findAgent("anna"), nullptr);
  EXPECT_NE(second->agents_json.find("\"anna\""), std::string::npos);
  EXPECT_EQ(second->as_of_seq, 1);
}

}  // namespace
}  // namespace luukku::engine
