// The write gate: the writers of one process queue for a SQLite file's write lock instead of
// sleeping in SQLite's busy handler (store/sqlite_write_gate.h).
#include "store/sqlite_write_gate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>

#include "store/event_store.h"
#include "support/temp_dir.h"

namespace luukku::store {
namespace {

using namespace std::chrono_literals;

TEST(SqliteWriteGate, OneFileHasOneGateHoweverItsPathIsSpelled) {
  testing::TempDir dir;
  const std::string plain = (dir.path() / "store.db").string();
  const std::string roundabout = (dir.path() / "." / "sub" / ".." / "store.db").string();
  std::filesystem::create_directory(dir.path() / "sub");

  auto gate = sqlite::writeGateFor(plain);
  EXPECT_EQ(gate, sqlite::writeGateFor(roundabout));
  EXPECT_NE(gate, sqlite::writeGateFor((dir.path() / "other.db").string()));
}

TEST(SqliteWriteGate, AnAppendWaitsForTheGateOfItsFile) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "store.db").string();
  auto store = openStore("sqlite://" + path);
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  ASSERT_TRUE((*store)->migrate().isOk());

  AppendBatch batch;
  batch.events.push_back({1, "region", 1, Timestamp{}, "region.renamed", "{}"});
  auto gate = sqlite::writeGateFor(path);
  std::unique_lock held(*gate);  // another writer of this process in its transaction
  auto append = std::async(std::launch::async, [&] { return (*store)->append(batch); });
  EXPECT_EQ(append.wait_for(100ms), std::future_status::timeout);
  held.unlock();
  EXPECT_TRUE(append.get().isOk());
}

}  // namespace
}  // namespace luukku::store
