#include "attachments/file_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/temp_dir.h"

namespace luukku::attachments {
namespace {

class FileStoreTest : public ::testing::Test {
 protected:
  luukku::testing::TempDir dir_;
  FileStore store_ = *FileStore::open(dir_.path() / "files");
};

TEST_F(FileStoreTest, AStoredFileIsReadBackByItsIdExactly) {
  const std::string bytes("photo\0with\xFFzero", 15);
  auto id = store_.put(bytes);
  ASSERT_TRUE(id.isOk()) << id.status().toString();
  EXPECT_TRUE(isFileId(*id));
  EXPECT_EQ(*store_.read(*id), bytes);
  EXPECT_NE(*store_.put(bytes), *id);  // the same bytes again are another file
}

TEST_F(FileStoreTest, FilesAreReadableByTheServerOnlyAndNeverExecutable) {
  const std::string id = *store_.put("x");
  struct stat info {};
  ASSERT_EQ(::stat((store_.directory() / id).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(store_.directory().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
}

TEST_F(FileStoreTest, IdsOfAnyOtherFormAreRefusedBeforeTheDiskIsAsked) {
  for (const char* forged :
       {"../files/x", "..", "", "ABCDEF0123456789ABCDEF0123456789",
        "0123456789abcdef0123456789abcdef/", "0123456789abcdef0123456789abcde"}) {
    auto read = store_.read(forged);
    ASSERT_FALSE(read.isOk()) << forged;
    EXPECT_EQ(read.status().code(), ErrorCode::kInvalidArgument) << forged;
    EXPECT_EQ(store_.remove(forged).code(), ErrorCode::kInvalidArgument) << forged;
  }
}

TEST_F(FileStoreTest, ARemovedFileIsGone) {
  const std::string id = *store_.put("x");
  ASSERT_TRUE(store_.remove(id).isOk());
  EXPECT_EQ(store_.read(id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_.remove(id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_.read("0123456789abcdef0123456789abcdef").status().code(), ErrorCode::kNotFound);
}

TEST_F(FileStoreTest, NothingButFinishedFilesIsLeftInTheDirectory) {
  (void)*store_.put("one");
  (void)*store_.put("two");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(store_.directory())) {
    EXPECT_TRUE(isFileId(entry.path().filename().string())) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST(FileStoreOpen, APathThatIsAFileIsRefused) {
  luukku::testing::TempDir dir;
  const auto first = FileStore::open(dir.path() / "f");
  ASSERT_TRUE(first.isOk());
  const std::string id = *first->put("x");
  EXPECT_FALSE(FileStore::open(dir.path() / "f" / id).isOk());
}

}  // namespace
}  // namespace luukku::attachments
