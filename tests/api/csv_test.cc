#include "api/csv.h"

#include <gtest/gtest.h>

namespace luukku::api {
namespace {

TEST(CsvField, QuotesTextAndDoublesItsQuotes) {
  EXPECT_EQ(csvField("Päivystysapu \"yö\""), "\"Päivystysapu \"\"yö\"\"\"");
}

TEST(CsvField, DefusesEveryCharacterThatCanStartAFormula) {
  EXPECT_EQ(csvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csvField("+1+cmd|'/c calc'!A0"), "\"'+1+cmd|'/c calc'!A0\"");
  EXPECT_EQ(csvField("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csvField("@SUM(A1)"), "\"'@SUM(A1)\"");
}

// Some spreadsheets strip leading blanks before they look for a formula.
TEST(CsvField, DefusesALeadingTabCarriageReturnOrLineFeed) {
  EXPECT_EQ(csvField("\t=1+2"), "\"'\t=1+2\"");
  EXPECT_EQ(csvField("\r=1+2"), "\"'\r=1+2\"");
  EXPECT_EQ(csvField("\n=1+2"), "\"'\n=1+2\"");
}

// Excel shows the text formula's value, +358401234567, as text: no apostrophe, no 3,58E+11.
TEST(CsvField, WritesATelephoneNumberAsATextFormula) {
  EXPECT_EQ(csvField("+358401234567"), "\"=\"\"+358401234567\"\"\"");
  EXPECT_EQ(csvField("+1"), "\"=\"\"+1\"\"\"");
}

TEST(CsvField, DefusesWhatOnlyLooksLikeATelephoneNumber) {
  EXPECT_EQ(csvField("+358 40 1234567"), "\"'+358 40 1234567\"");
  EXPECT_EQ(csvField("+3584012345678901"), "\"'+3584012345678901\"");  // 16 digits
  EXPECT_EQ(csvField("+358401234567)"), "\"'+358401234567)\"");
  EXPECT_EQ(csvField("+"), "\"'+\"");
}

TEST(CsvField, LeavesPlainTextAndNumbersAlone) {
  EXPECT_EQ(csvField("0401234567"), "\"0401234567\"");
  EXPECT_EQ(csvField("64,03"), "\"64,03\"");
  EXPECT_EQ(csvField(""), "\"\"");
}

}  // namespace
}  // namespace luukku::api
