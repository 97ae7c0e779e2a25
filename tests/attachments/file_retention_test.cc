// Files kept longer than the retention are removed, by their age as stored and never while a
// conversation that could have them is readable; nothing but stored files is ever touched.
#include "attachments/file_retention.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"

namespace luukku::attachments {
namespace {
using namespace std::chrono_literals;
using days = std::chrono::days;

class FileRetentionTest : public ::testing::Test {
 protected:
  // A file stored `age` before the clock's now.
  std::string storedAgo(std::chrono::microseconds age) {
    const std::string id = *store_.put("x");
    setStored(store_.directory() / id, clock_.now() - age);
    return id;
  }
  static void setStored(const std::filesystem::path& path, Timestamp at) {
    const std::int64_t us = toMicros(at);
    timespec times[2];
    times[0].tv_sec = times[1].tv_sec = us / 1'000'000;
    times[0].tv_nsec = times[1].tv_nsec = (us % 1'000'000) * 1000;
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
  }
  bool present(const std::string& name) {
    return std::filesystem::exists(std::filesystem::symlink_status(store_.directory() / name));
  }
  Swept sweep(std::optional<Timestamp> readable_since = std::nullopt) {
    auto swept = retention_.sweep(readable_since);
    EXPECT_TRUE(swept.isOk()) << swept.status().toString();
    return swept.isOk() ? *swept : Swept{};
  }

  luukku::testing::TempDir dir_;
  FileStore store_ = *FileStore::open(dir_.path() / "files");
  ManualClock clock_{fromMicros(1'795'335'330'000'000)};  // 2026-11-22T08:15:30Z
  FileRetention retention_{store_, clock_, days(30)};
};

TEST_F(FileRetentionTest, FilesStoredLongerAgoThanTheRetentionGoAndNewerOnesStay) {
  const std::string old = storedAgo(days(31));
  const std::string older = storedAgo(days(400));
  const std::string recent = storedAgo(days(29));
  const std::string edge = storedAgo(days(30));  // exactly the retention ago: not older
  Swept swept = sweep();
  EXPECT_EQ(swept.removed, 2u);
  EXPECT_EQ(swept.failed, 0u);
  EXPECT_FALSE(present(old));
  EXPECT_FALSE(present(older));
  EXPECT_TRUE(present(recent));
  EXPECT_TRUE(present(edge));
  EXPECT_TRUE(store_.read(recent).isOk());
  // As the clock moves on, the newer ones go in their turn.
  clock_.advance(days(2));
  EXPECT_EQ(sweep().removed, 2u);
  EXPECT_FALSE(present(recent));
  EXPECT_FALSE(present(edge));
  EXPECT_EQ(sweep().removed, 0u);
}

TEST_F(FileRetentionTest, NothingStoredSinceTheEarliestReadableConversationStartedIsRemoved) {
  const std::string before_it = storedAgo(days(50));
  const std::string during_it = storedAgo(days(40));  // older than the retention, but readable
  const Timestamp readable_since = clock_.now() - days(45);
  EXPECT_EQ(sweep(readable_since).removed, 1u);
  EXPECT_FALSE(present(before_it));
  EXPECT_TRUE(present(during_it));
  // Once nothing that old is readable, it goes.
  EXPECT_EQ(sweep(clock_.now() - 1h).removed, 1u);
  EXPECT_FALSE(present(during_it));
}

TEST_F(FileRetentionTest, OnlyStoredFilesAreTouchedNeverTemporaryOrForeignOnes) {
  const std::filesystem::path d = store_.directory();
  const std::string id = "0123456789abcdef0123456789abcdef";
  const Timestamp long_ago = clock_.now() - days(100);
  // A file being written, under put()'s temporary name.
  const std::string partial = "." + id + ".partial";
  std::ofstream(d / partial) << "half";
  // Names that are not file ids, and an id in upper case.
  for (const char* foreign : {"notes.txt", "README", "0123456789ABCDEF0123456789ABCDEF",
                              "0123456789abcdef0123456789abcdef.jpg"}) {
    std::ofstream(d / foreign) << "kept";
    setStored(d / foreign, long_ago);
  }
  setStored(d / partial, long_ago);
  // Something named like an id that is not a regular file: a directory and a link.
  std::filesystem::create_directory(d / id);
  setStored(d / id, long_ago);
  const std::string target = storedAgo(days(1));
  const std::string link = "fedcba9876543210fedcba9876543210";
  std::filesystem::create_symlink(d / target, d / link);
  setStored(d / link, long_ago);
  Swept swept = sweep();
  EXPECT_EQ(swept.removed, 0u);
  EXPECT_EQ(swept.failed, 0u);
  for (const std::string& name :
       {partial, std::string("notes.txt"), std::string("README"),
        std::string("0123456789ABCDEF0123456789ABCDEF"),
        std::string("0123456789abcdef0123456789abcdef.jpg"), id, link, target}) {
    EXPECT_TRUE(present(name)) << name;
  }
}

TEST_F(FileRetentionTest, AMissingDirectoryHasNothingToRemove) {
  std::filesystem::remove_all(store_.directory());
  auto swept = retention_.sweep(std::nullopt);
  ASSERT_TRUE(swept.isOk()) << swept.status().toString();
  EXPECT_EQ(swept->removed, 0u);
  EXPECT_FALSE(std::filesystem::exists(store_.directory()));
}

}  // namespace
}  // namespace luukku::attachments
