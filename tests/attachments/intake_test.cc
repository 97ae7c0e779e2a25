#include "attachments/intake.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "attachments/clamd_test_address.h"
#include "support/temp_dir.h"

namespace luukku::attachments {
namespace {

using namespace std::string_literals;
using namespace std::chrono_literals;

// A PNG with a text chunk naming its author; the CRCs are not checked by the intake.
const std::string kHeader = "\0\0\0\x0DIHDR"s + std::string(13, '\1') + "\0\0\0\0"s;
const std::string kEnd = "\0\0\0\0IEND\0\0\0\0"s;
const std::string kSignature = "\x89PNG\r\n\x1A\n"s;
const std::string kPngWithAuthor =
    kSignature + kHeader + "\0\0\0\x0BtEXtAuthor\0Aino\0\0\0\0"s + kEnd;

int filesIn(const std::filesystem::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

class IntakeTest : public ::testing::Test {
 protected:
  luukku::testing::TempDir dir_;
  FileStore store_ = *FileStore::open(dir_.path() / "files");
};

TEST_F(IntakeTest, APictureIsStoredWithoutItsMetadata) {
  AttachmentIntake intake(store_, std::nullopt);
  auto attachment = intake.accept(kPngWithAuthor);
  ASSERT_TRUE(attachment.isOk()) << attachment.status().toString();
  EXPECT_EQ(attachment->type.media_type, "image/png");
  EXPECT_FALSE(attachment->scanned);
  EXPECT_EQ(*store_.read(attachment->id), kSignature + kHeader + kEnd);
  EXPECT_EQ(attachment->size, (kSignature + kHeader + kEnd).size());
}

TEST_F(IntakeTest, AFileOverTheLimitOrOfAnotherKindIsRefusedAndLeavesNothing) {
  AttachmentIntake intake(store_, std::nullopt, 1000);
  auto large = intake.accept("%PDF-" + std::string(1000, 'x'));
  ASSERT_FALSE(large.isOk());
  EXPECT_EQ(large.status().code(), ErrorCode::kPayloadTooLarge);
  auto program = intake.accept("MZ\x90\0"s);
  ASSERT_FALSE(program.isOk());
  EXPECT_EQ(program.status().code(), ErrorCode::kInvalidArgument);
  auto damaged = intake.accept(kSignature + kHeader);  // no end
  ASSERT_FALSE(damaged.isOk());
  EXPECT_EQ(filesIn(store_.directory()), 0);
}

TEST_F(IntakeTest, ARefusalSaysWhichStepRefusedTheFile) {
  AttachmentIntake intake(store_, std::nullopt, 1000);
  IntakeStep step{};
  EXPECT_FALSE(intake.accept("%PDF-" + std::string(1000, 'x'), &step).isOk());
  EXPECT_EQ(step, IntakeStep::kSize);
  EXPECT_FALSE(intake.accept("MZ\x90\0"s, &step).isOk());
  EXPECT_EQ(step, IntakeStep::kType);
  EXPECT_FALSE(intake.accept(kSignature + kHeader, &step).isOk());
  EXPECT_EQ(step, IntakeStep::kMetadata);
  AttachmentIntake scanning(store_, *ClamdScanner::create("unix:/nonexistent/clamd.sock", 2s));
  EXPECT_FALSE(scanning.accept(kPngWithAuthor, &step).isOk());
  EXPECT_EQ(step, IntakeStep::kScan);
}

TEST_F(IntakeTest, WhenTheScannerCannotBeReachedNothingIsStored) {
  AttachmentIntake intake(store_, *ClamdScanner::create("unix:/nonexistent/clamd.sock", 2s));
  auto attachment = intake.accept(kPngWithAuthor);
  ASSERT_FALSE(attachment.isOk());
  EXPECT_EQ(attachment.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(filesIn(store_.directory()), 0);
}

// With the test clamd (fixture `clamd`).
TEST_F(IntakeTest, WithClamdAScannedPictureIsStoredAndMarkedScanned) {
  AttachmentIntake intake(store_, *ClamdScanner::create(testing::clamdAddress()));
  auto attachment = intake.accept(kPngWithAuthor);
  ASSERT_TRUE(attachment.isOk()) << attachment.status().toString();
  EXPECT_TRUE(attachment->scanned);
}

TEST_F(IntakeTest, WithClamdMalwareInAPdfIsRefusedNamingWhatWasFound) {
  AttachmentIntake intake(store_, *ClamdScanner::create(testing::clamdAddress()));
  auto attachment = intake.accept("%PDF-1.4\n" + std::string(testing::kEicar) + "\n%%EOF\n");
  ASSERT_FALSE(attachment.isOk());
  EXPECT_EQ(attachment.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(attachment.status().message().find("virus scanner found Luukku-Test-Eicar-Inside"),
            std::string::npos)
      << attachment.status().message();
  EXPECT_EQ(filesIn(store_.directory()), 0);
}

// The scan sees the file as it was sent: what hides in a picture's metadata is found before
// the metadata is removed, and the file refused, not passed on cleaned.
TEST_F(IntakeTest, WithClamdMalwareHiddenInAPicturesMetadataIsFoundBeforeItIsRemoved) {
  AttachmentIntake intake(store_, *ClamdScanner::create(testing::clamdAddress()));
  const std::string text = "Comment\0"s + std::string(testing::kEicar);
  const std::string length{0, 0, 0, static_cast<char>(text.size())};
  auto attachment =
      intake.accept(kSignature + kHeader + length + "tEXt" + text + "\0\0\0\0"s + kEnd);
  ASSERT_FALSE(attachment.isOk());
  EXPECT_NE(attachment.status().message().find("virus scanner found"), std::string::npos)
      << attachment.status().message();
  EXPECT_EQ(filesIn(store_.directory()), 0);
}

}  // namespace
}  // namespace luukku::attachments
