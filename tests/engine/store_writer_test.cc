#include "engine/store_writer.h"

#include <gtest/gtest.h>

#include <future>

#include "engine/system_clock.h"
#include "support/temp_dir.h"

namespace luukku::engine {
namespace {

store::StoredEvent event(std::int64_t seq) {
  return {seq,
          "contact/c" + std::to_string(seq),
          1,
          Timestamp(std::chrono::seconds(seq)),
          "contact.created",
          "{}"};
}

TEST(StoreWriter, CompletesBatchesInSubmissionOrder) {
  testing::TempDir dir;
  auto store = store::openStore("sqlite:" + dir.file("w.db"));
  ASSERT_TRUE(store && (*store)->migrate());
  metrics::Registry metrics;
  engine::SystemClock clock;
  std::vector<std::int64_t> done;
  std::mutex mu;
  {
    StoreWriter writer(**store, 100, clock, metrics);
    for (std::int64_t i = 1; i <= 50; ++i) {
      writer.submit({{event(i)}, {}}, [&, i](const Status& s) {
        ASSERT_TRUE(s);
        std::lock_guard lock(mu);
        done.push_back(i);
      });
    }
  }  // the destructor writes what is queued
  ASSERT_EQ(done.size(), 50u);
  for (std::size_t i = 0; i < done.size(); ++i)
    EXPECT_EQ(done[i], static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(*(*store)->lastGlobalSeq(), 50);
}

TEST(StoreWriter, AfterAFailureEveryLaterBatchFails) {
  testing::TempDir dir;
  auto store = store::openStore("sqlite:" + dir.file("w.db"));
  ASSERT_TRUE(store && (*store)->migrate());
  metrics::Registry metrics;
  engine::SystemClock clock;
  StoreWriter writer(**store, 100, clock, metrics);
  std::promise<Status> first, second;
  writer.submit({{event(5)}, {}}, [&](const Status& s) { first.set_value(s); });  // a gap
  EXPECT_EQ(first.get_future().get().code(), ErrorCode::kConflict);
  writer.submit({{event(1)}, {}}, [&](const Status& s) { second.set_value(s); });
  EXPECT_FALSE(second.get_future().get());
  EXPECT_EQ(*(*store)->lastGlobalSeq(), 0);
}

}  // namespace
}  // namespace luukku::engine
