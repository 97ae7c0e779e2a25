// The personal identity code (core/identity_code.h): valid codes of each century, and every way
// a code can be wrong.
#include "core/identity_code.h"

#include <gtest/gtest.h>

namespace luukku::core {
namespace {

using std::chrono::year_month_day;
using namespace std::chrono_literals;

TEST(IdentityCode, AcceptsAValidCodeOfEachCentury) {
  EXPECT_TRUE(parseIdentityCode("131052-308T"));
  EXPECT_TRUE(parseIdentityCode("131052Y308T"));  // the 1900s' newer signs
  EXPECT_TRUE(parseIdentityCode("010115A902D"));
  EXPECT_TRUE(parseIdentityCode("131052+308T"));
}

TEST(IdentityCode, GivesTheCanonicalUpperCaseForm) {
  auto code = parseIdentityCode("010115a902d");
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, "010115A902D");
}

TEST(IdentityCode, RefusesAWrongCheckCharacter) {
  EXPECT_FALSE(parseIdentityCode("131052-308U"));
}

TEST(IdentityCode, RefusesADateThatDoesNotExist) {
  // Right check characters, but 31 April and 29 February 2001 do not exist.
  EXPECT_FALSE(parseIdentityCode("310452-308K"));
  EXPECT_FALSE(parseIdentityCode("290201A002M"));
}

TEST(IdentityCode, RefusesAnUnknownCenturySignAndAWrongLength) {
  EXPECT_FALSE(parseIdentityCode("131052G308T"));
  EXPECT_FALSE(parseIdentityCode("131052-308"));
  EXPECT_FALSE(parseIdentityCode("131052-308TT"));
  EXPECT_FALSE(parseIdentityCode("1310x2-308T"));
}

TEST(IdentityCode, TheErrorDoesNotRepeatTheCode) {
  auto code = parseIdentityCode("131052-308U");
  ASSERT_FALSE(code);
  EXPECT_EQ(code.status().message().find("131052"), std::string::npos);
}

TEST(IdentityCode, NamesTheDateOfBirth) {
  EXPECT_EQ(birthDateOf("131052-308T"), year_month_day(1952y / 10 / 13));
  EXPECT_EQ(birthDateOf("010115A902D"), year_month_day(2015y / 1 / 1));
}

TEST(IdentityCode, AChildIsUnderTwelveUntilTheirTwelfthBirthday) {
  year_month_day born = 2015y / 1 / 1;
  EXPECT_TRUE(isUnder(born, 12, 2026y / 12 / 31));
  EXPECT_FALSE(isUnder(born, 12, 2027y / 1 / 1));
}

TEST(IdentityCode, ALeapDayChildTurnsOnTheFirstOfMarch) {
  year_month_day born = 2016y / 2 / 29;
  EXPECT_TRUE(isUnder(born, 12, 2028y / 2 / 28));  // 2028 is a leap year: its own 29th
  EXPECT_FALSE(isUnder(born, 12, 2028y / 2 / 29));
  EXPECT_TRUE(isUnder(born, 13, 2029y / 2 / 28));
  EXPECT_FALSE(isUnder(born, 13, 2029y / 3 / 1));
}

}  // namespace
}  // namespace luukku::core
