// ClamdScanner against a real clamd (scripts/clamd-test.sh, started by ctest as the fixture
// `clamd`) that knows one signature, the EICAR test file's.
#include "attachments/clamd_scanner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "attachments/clamd_test_address.h"

namespace luukku::attachments {
namespace {

using namespace std::chrono_literals;

TEST(ClamdScanner, TheEicarTestFileIsFoundByItsSignature) {
  auto scanner = ClamdScanner::create(testing::clamdAddress());
  ASSERT_TRUE(scanner.isOk()) << scanner.status().toString();
  auto verdict = scanner->scan(testing::kEicar);
  ASSERT_TRUE(verdict.isOk()) << verdict.status().toString();
  EXPECT_FALSE(verdict->clean);
  EXPECT_TRUE(verdict->signature.starts_with("Luukku-Test-Eicar")) << verdict->signature;
  EXPECT_TRUE(verdict->signature.ends_with(".UNOFFICIAL")) << verdict->signature;
}

TEST(ClamdScanner, AnOrdinaryFileIsClean) {
  auto scanner = ClamdScanner::create(testing::clamdAddress());
  ASSERT_TRUE(scanner.isOk());
  EXPECT_EQ(*scanner->scan("%PDF-1.7\nan ordinary letter\n"), (ScanVerdict{true, {}}));
  // Larger than one INSTREAM chunk (64 kB), so it goes in several.
  EXPECT_TRUE(scanner->scan(std::string(300 * 1024, 'a'))->clean);
  EXPECT_TRUE(scanner->ping().isOk());
}

TEST(ClamdScanner, AFileOverClamdsStreamLimitIsAnErrorNotAPass) {
  auto scanner = ClamdScanner::create(testing::clamdAddress());
  ASSERT_TRUE(scanner.isOk());
  auto verdict = scanner->scan(std::string(3 * 1024 * 1024, 'a'));  // the test clamd takes 1 MB
  ASSERT_FALSE(verdict.isOk());
  EXPECT_EQ(verdict.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(verdict.status().message().find("virus scanner"), std::string::npos);
}

TEST(ClamdScanner, AScannerThatIsNotThereIsAnErrorNotAPass) {
  auto scanner = ClamdScanner::create("unix:/nonexistent/clamd.sock", 2s);
  ASSERT_TRUE(scanner.isOk());
  auto verdict = scanner->scan("anything");
  ASSERT_FALSE(verdict.isOk());
  EXPECT_EQ(verdict.status().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(scanner->ping().isOk());
}

}  // namespace
}  // namespace luukku::attachments
