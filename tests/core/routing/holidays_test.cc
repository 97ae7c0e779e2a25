#include "core/routing/holidays.h"

#include <gtest/gtest.h>

namespace luukku::core::routing {
namespace {
using namespace std::chrono;

TEST(Holidays, EasterMatchesPublishedDates) {
  EXPECT_EQ(easterSunday(2024), year{2024} / March / 31);
  EXPECT_EQ(easterSunday(2025), year{2025} / April / 20);
  EXPECT_EQ(easterSunday(2026), year{2026} / April / 5);
  EXPECT_EQ(easterSunday(2027), year{2027} / March / 28);
  EXPECT_EQ(easterSunday(2038), year{2038} / April / 25);
}

TEST(Holidays, FinlandHasFifteenDaysSortedByDate) {
  auto days = finnishPublicHolidays(2026);
  ASSERT_EQ(days.size(), 15u);
  for (std::size_t i = 1; i < days.size(); ++i) EXPECT_LT(days[i - 1].date, days[i].date);
  for (const auto& h : days) {
    EXPECT_FALSE(h.name.fi.empty());
    EXPECT_FALSE(h.name.sv.empty());
    EXPECT_FALSE(h.name.en.empty());
  }
}

TEST(Holidays, MovableDaysOf2026) {
  auto days = finnishPublicHolidays(2026);
  auto dateOf = [&](std::string_view en) {
    for (const auto& h : days) {
      if (h.name.en == en) return h.date;
    }
    ADD_FAILURE() << "no " << en;
    return Date{};
  };
  EXPECT_EQ(dateOf("Good Friday"), year{2026} / April / 3);
  EXPECT_EQ(dateOf("Easter Monday"), year{2026} / April / 6);
  EXPECT_EQ(dateOf("Ascension Day"), year{2026} / May / 14);
  EXPECT_EQ(dateOf("Whit Sunday"), year{2026} / May / 24);
  EXPECT_EQ(dateOf("Midsummer Eve"), year{2026} / June / 19);
  EXPECT_EQ(dateOf("Midsummer Day"), year{2026} / June / 20);
  EXPECT_EQ(dateOf("All Saints' Day"), year{2026} / October / 31);
}

TEST(Holidays, MidsummerAndAllSaintsFallInTheirWindowsOnTheRightWeekday) {
  for (int y = 2020; y <= 2040; ++y) {
    for (const auto& h : finnishPublicHolidays(y)) {
      weekday wd{sys_days{h.date}};
      if (h.name.en == "Midsummer Eve") {
        EXPECT_EQ(wd, Friday);
        EXPECT_GE(h.date, year{y} / June / 19);
        EXPECT_LE(h.date, year{y} / June / 25);
      }
      if (h.name.en == "All Saints' Day") {
        EXPECT_EQ(wd, Saturday);
        EXPECT_GE(h.date, year{y} / October / 31);
        EXPECT_LE(h.date, year{y} / November / 6);
      }
    }
  }
}

TEST(Holidays, CheckReportsMissingAndExtraDates) {
  RegionSettings settings;
  settings.holidays = finnishPublicHolidays(2026);
  EXPECT_TRUE(checkHolidays(settings, 2026).matches());
  settings.holidays.erase(settings.holidays.begin() + 2);  // Good Friday
  settings.holidays.push_back({year{2026} / August / 3, {"x", "x", "x"}});
  HolidayCheck check = checkHolidays(settings, 2026);
  ASSERT_EQ(check.missing.size(), 1u);
  EXPECT_EQ(check.missing[0].name.en, "Good Friday");
  ASSERT_EQ(check.extra.size(), 1u);
  EXPECT_EQ(check.extra[0].date, year{2026} / August / 3);
}

}  // namespace
}  // namespace luukku::core::routing
