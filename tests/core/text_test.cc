#include "core/text.h"

#include <gtest/gtest.h>

namespace luukku {
namespace {

TEST(Utf8, AcceptsFinnishSwedishAndFourByteCharacters) {
  EXPECT_TRUE(isValidUtf8("Päivystysapu – Jourhjälpen 🚑"));
  EXPECT_TRUE(isValidUtf8(""));
}

TEST(Utf8, RejectsTruncatedOverlongSurrogateAndOutOfRange) {
  EXPECT_FALSE(isValidUtf8("\xC3"));              // truncated ä
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xFF"));
}

TEST(Printable, ReplacesControlsQuotesAndInvalidBytes) {
  EXPECT_EQ(printable("a\"b\nc"), "a?b?c");
  EXPECT_EQ(printable("\xFF" "x"), "?x");
}

TEST(Printable, TruncatesWithoutSplittingACharacter) {
  std::string long_text(63, 'a');
  long_text += "ääää";
  std::string out = printable(long_text);
  EXPECT_TRUE(isValidUtf8(out));
  EXPECT_TRUE(out.ends_with("..."));
}

}  // namespace
}  // namespace luukku
