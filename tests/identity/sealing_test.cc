// Sealer (identity/sealing.h): what it seals opens only with the same key and context, and the
// sealed text shows nothing of what it holds.
#include "identity/sealing.h"

#include <gtest/gtest.h>

namespace luukku::identity {
namespace {

TEST(Sealer, OpensWhatItSealedForTheSameContext) {
  Sealer sealer(randomHashKey());
  std::string sealed = sealer.seal("131052-308T", "c-0000002a");
  auto opened = sealer.open(sealed, "c-0000002a");
  ASSERT_TRUE(opened) << opened.status().toString();
  EXPECT_EQ(*opened, "131052-308T");
}

TEST(Sealer, TheSealedTextHoldsNothingOfThePlainText) {
  Sealer sealer(randomHashKey());
  std::string sealed = sealer.seal("131052-308T", "c-1");
  EXPECT_TRUE(sealed.starts_with("v1."));
  EXPECT_EQ(sealed.find("131052"), std::string::npos);
  EXPECT_EQ(sealed.find("308T"), std::string::npos);
}

TEST(Sealer, SealsTheSameTextDifferentlyEachTime) {
  Sealer sealer(randomHashKey());
  EXPECT_NE(sealer.seal("131052-308T", "c-1"), sealer.seal("131052-308T", "c-1"));
}

TEST(Sealer, ASealForOneContextDoesNotOpenForAnother) {
  Sealer sealer(randomHashKey());
  std::string sealed = sealer.seal("131052-308T", "c-1");
  EXPECT_EQ(sealer.open(sealed, "c-2").status().code(), ErrorCode::kInvalidArgument);
}

TEST(Sealer, ASealDoesNotOpenUnderAnotherKey) {
  std::string sealed = Sealer(randomHashKey()).seal("131052-308T", "c-1");
  EXPECT_FALSE(Sealer(randomHashKey()).open(sealed, "c-1"));
}

TEST(Sealer, AChangedSealIsRefused) {
  Sealer sealer(randomHashKey());
  std::string sealed = sealer.seal("131052-308T", "c-1");
  sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(sealer.open(sealed, "c-1"));
  EXPECT_FALSE(sealer.open("v1.", "c-1"));
  EXPECT_FALSE(sealer.open("131052-308T", "c-1"));
}

TEST(Sealer, TheSameIdentityKeyOpensAfterARestart) {
  HashKey key = randomHashKey();
  std::string sealed = Sealer(key).seal("131052-308T", "c-1");
  auto opened = Sealer(key).open(sealed, "c-1");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "131052-308T");
}

}  // namespace
}  // namespace luukku::identity
