#include "core/phone_number.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace luukku::core {
namespace {
using namespace std::string_view_literals;

struct Case {
  std::string_view text;
  std::string_view normal;
};

TEST(PhoneNumber, EveryCommonSpellingOfOneNumberHasOneNormalForm) {
  for (Case c : std::initializer_list<Case>{
           {"+358401234567", "+358401234567"},
           {"0401234567", "+358401234567"},
           {"358401234567", "+358401234567"},
           {"00358401234567", "+358401234567"},
           {"+358 40 123 4567", "+358401234567"},
           {"040 123 4567", "+358401234567"},
           {"040-123 45 67", "+358401234567"},
           {"(040) 123.4567", "+358401234567"},
           {"040/1234567", "+358401234567"},
           {"+358 (0)40 123 4567", "+358401234567"},
           {"+3580401234567", "+358401234567"},
           {"00358 040 1234567", "+358401234567"},
           {" \t+358401234567 ", "+358401234567"},
           {"040\xC2\xA0"
            "123\xC2\xA0"
            "4567",
            "+358401234567"},  // no-break spaces
           {"09 123 45", "+358912345"},
           {"0800 123 456", "+358800123456"},
       }) {
    auto n = normalizePhoneNumber(c.text);
    ASSERT_TRUE(n.isOk()) << c.text << ": " << n.status().toString();
    EXPECT_EQ(*n, c.normal) << c.text;
  }
}

TEST(PhoneNumber, ForeignNumbersKeepTheirCountryCode) {
  EXPECT_EQ(*normalizePhoneNumber("+46 70 123 45 67"), "+46701234567");
  EXPECT_EQ(*normalizePhoneNumber("0046701234567"), "+46701234567");
  EXPECT_EQ(*normalizePhoneNumber("+1 (202) 555-0143"), "+12025550143");
  EXPECT_EQ(*normalizePhoneNumber("+44 (0)20 7946 0018"), "+442079460018");
  EXPECT_EQ(*normalizePhoneNumber("+39 06 1234 5678"), "+390612345678");  // Italy keeps its 0
}

TEST(PhoneNumber, ShortServiceNumbersAreKeptAsTheyAre) {
  for (std::string_view n : {"112", "116117", "116 117", "10023", "118"}) {
    auto normal = normalizePhoneNumber(n);
    ASSERT_TRUE(normal.isOk()) << n;
    std::string digits;
    for (char c : n) {
      if (c != ' ') digits += c;
    }
    EXPECT_EQ(*normal, digits);
  }
}

TEST(PhoneNumber, NoNumberStaysEmpty) {
  EXPECT_EQ(*normalizePhoneNumber(""), "");
  EXPECT_EQ(*normalizePhoneNumber("   "), "");
}

TEST(PhoneNumber, AnotherDefaultCountryReadsItsOwnNationalNumbers) {
  EXPECT_EQ(*normalizePhoneNumber("070-123 45 67", "46"), "+46701234567");
  EXPECT_EQ(*normalizePhoneNumber("46701234567", "46"), "+46701234567");
  EXPECT_EQ(*normalizePhoneNumber("0401234567", "46"), "+46401234567");
}

TEST(PhoneNumber, WhatIsNotAPhoneNumberIsRefusedWithAReason) {
  for (std::string_view bad : std::initializer_list<std::string_view>{
           "anonymous",
           "040 123 456x",
           "+358 40 123 4567 ext 12",
           "tel:+358401234567",
           "040+1234567",  // '+' not first
           "++358401234567",
           "+",
           "-",
           "()",
           "12",           // too short even for a short number
           "1234567",      // a local number without its area code
           "+358 123",     // too short
           "0123",         // too short once the country code is added
           "+0401234567",  // no country code starts with 0
           "000358401234567",
           "+1234567890123456",    // 16 digits
           "0012345678901234567",  // 17 digits after 00
           "0401234567\n",
           "040\0"
           "1234567"sv,
           "\xFF\xFE",  // invalid UTF-8
           "\xC2",      // a truncated no-break space
           "\xC3\xA4"
           "0401234567",                // ä
           "\xD9\xA0\xD9\xA1\xD9\xA2",  // Arabic-Indic digits
       }) {
    auto n = normalizePhoneNumber(bad);
    ASSERT_FALSE(n.isOk()) << "accepted: " << bad;
    EXPECT_EQ(n.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(n.status().message().find("is not a phone number: "), std::string::npos)
        << n.status().message();
  }
}

TEST(PhoneNumber, OverlongTextIsRefusedAndNotEchoedInFull) {
  std::string text(10'000, '1');
  auto n = normalizePhoneNumber(text);
  ASSERT_FALSE(n.isOk());
  EXPECT_LT(n.status().message().size(), 200u);
}

TEST(PhoneNumber, TheNormalFormIsAFixedPoint) {
  for (std::string_view n : {"+358401234567", "116117", "+46701234567"}) {
    EXPECT_TRUE(isNormalPhoneNumber(n)) << n;
  }
  for (std::string_view n : {"0401234567", "358401234567", "+358 40 123 4567", "", "abc"}) {
    EXPECT_FALSE(isNormalPhoneNumber(n)) << n;
  }
}

TEST(PhoneNumber, StoredNumbersAreNormalisedWhenTheyCanBeAndKeptWhenNot) {
  EXPECT_EQ(normalizeStoredPhoneNumber("0401234567"), "+358401234567");
  EXPECT_EQ(normalizeStoredPhoneNumber("+358401234567"), "+358401234567");
  EXPECT_EQ(normalizeStoredPhoneNumber("1234567"), "1234567");  // an older version allowed it
  EXPECT_EQ(normalizeStoredPhoneNumber(""), "");
}

// isNormalPhoneNumber() reads the normal form off without parsing; normalizeStoredPhoneNumber()
// and checkNormalPhoneNumber() take that shortcut. These inputs pin it to the full normaliser:
// every string of up to 5 characters over digits, '+' and a separator, then prefixes and
// separators in front of every length of digits up to 18, then garbage.
std::vector<std::string> numberLikeTexts() {
  std::vector<std::string> out{""};
  const std::string_view alphabet = "0135+ ";
  for (std::size_t from = 0, length = 1; length <= 5; ++length) {
    std::size_t to = out.size();
    for (std::size_t i = from; i < to; ++i) {
      for (char c : alphabet) out.push_back(out[i] + c);
    }
    from = to;
  }
  for (std::string_view prefix :
       {"",         "+",        "0",      "00",   "000", "358", "3580", "+358", "+3580",
        "+35800",   "00358",    "003580", "0358", "+0",  "+46", "+1",   "1",    "9",
        "+358 (0)", "0046 (0)", "(0)",    "+ ",   "++",  "0 ",  " "}) {
    for (std::string_view fill : {"1", "0", "9", "01", "10"}) {
      std::string digits;
      for (std::size_t n = 0; n <= 18; ++n) {
        out.push_back(std::string(prefix) + digits);
        out.push_back(std::string(prefix) + digits + " ");
        digits += fill[n % fill.size()];
      }
    }
  }
  for (std::string_view garbage : {"anonymous", "+358-40-123", "+358a01234567", "358401234567+",
                                   "+35840123456\xC2\xA0", "\xC2\xA0+358401234567",
                                   "+\xC2\xA0"
                                   "358401234567",
                                   "\xFF\xFE", "116117\n", "116 117", "+358401234567#", "*31#",
                                   "1e6", "-112", "+-358401234567", "0x358401234567"}) {
    out.emplace_back(garbage);
  }
  return out;
}

TEST(PhoneNumber, TheNormalFormIsReadOffExactlyAsTheNormaliserWouldLeaveIt) {
  std::size_t normal = 0;
  for (std::string_view code : {kFinlandCallingCode, "46"sv, "1"sv}) {
    for (const std::string& text : numberLikeTexts()) {
      auto full = normalizePhoneNumber(text, code);
      bool unchanged = full && !full->empty() && *full == text;
      ASSERT_EQ(isNormalPhoneNumber(text, code), unchanged) << "'" << text << "' for +" << code;
      ASSERT_EQ(normalizeStoredPhoneNumber(text, code), full ? *full : text)
          << "'" << text << "' for +" << code;
      normal += unchanged;
    }
  }
  EXPECT_GT(normal, 1000u);  // the shortcut was taken, not only refused
}

TEST(PhoneNumber, CheckingTheNormalFormAcceptsWhatTheNormaliserLeavesUnchanged) {
  for (const std::string& text : numberLikeTexts()) {
    auto full = normalizePhoneNumber(text);
    bool unchanged = full && !full->empty() && *full == text;
    ASSERT_EQ(checkNormalPhoneNumber(text, "number").isOk(), unchanged) << "'" << text << "'";
  }
}

TEST(PhoneNumber, LegacyNumbersAreWhatTheOlderCheckAccepted) {
  for (std::string_view n : {"112", "0401234567", "+358401234567", "1234567", "+123456789012345"}) {
    EXPECT_TRUE(isLegacyPhoneNumber(n)) << n;
  }
  for (std::string_view n : {"", "12", "+12", "040 123 4567", "1234567890123456", "+", "abc"}) {
    EXPECT_FALSE(isLegacyPhoneNumber(n)) << n;
  }
}

TEST(PhoneNumber, LegacySpellingsAreThoseAnOlderVersionCouldHaveStored) {
  EXPECT_EQ(legacyPhoneNumberSpellings("+358401234567"),
            (std::vector<std::string>{"+358401234567", "358401234567", "00358401234567",
                                      "0401234567", "+3580401234567"}));
  EXPECT_EQ(legacyPhoneNumberSpellings("+46701234567"),
            (std::vector<std::string>{"+46701234567", "46701234567", "0046701234567"}));
  EXPECT_EQ(legacyPhoneNumberSpellings("116117"), (std::vector<std::string>{"116117"}));
  // 15 digits: "00" in front would have been too long for the older check.
  EXPECT_EQ(legacyPhoneNumberSpellings("+123456789012345"),
            (std::vector<std::string>{"+123456789012345", "123456789012345"}));
  for (const auto& s : legacyPhoneNumberSpellings("+358401234567")) {
    EXPECT_EQ(*normalizePhoneNumber(s), "+358401234567") << s;
  }
}

}  // namespace
}  // namespace luukku::core
