#include "core/routing/opening_hours.h"

#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

// A health station: weekdays 8-16 with a lunch break 11:30-12:30, closed on holidays.
ServiceLine station() {
  ServiceLine line = lineSetup("asema", false).line;
  for (int d = 0; d < 5; ++d) line.weekly_hours.days[d] = {{8 * 60, 11 * 60 + 30}, {12 * 60 + 30, 16 * 60}};
  return line;
}

TEST(OpeningHours, OpenWithinWeekdayHoursOnly) {
  RegionSettings region = regionSettings();
  ServiceLine line = station();
  EXPECT_TRUE(isOpen(line, region, hel(2026, 11, 23, 9)));    // Monday
  EXPECT_FALSE(isOpen(line, region, hel(2026, 11, 23, 7, 59)));
  EXPECT_FALSE(isOpen(line, region, hel(2026, 11, 23, 16)));  // the end is exclusive
  EXPECT_FALSE(isOpen(line, region, hel(2026, 11, 22, 10)));  // Sunday
}

TEST(OpeningHours, SplitHoursCloseForLunch) {
  RegionSettings region = regionSettings();
  ServiceLine line = station();
  EXPECT_FALSE(isOpen(line, region, hel(2026, 11, 23, 12)));
  EXPECT_EQ(nextOpening(line, region, hel(2026, 11, 23, 12)), hel(2026, 11, 23, 12, 30));
  EXPECT_EQ(nextClosing(line, region, hel(2026, 11, 23, 10)), hel(2026, 11, 23, 11, 30));
}

TEST(OpeningHours, ClosedOnPublicHolidaysWhenTheLineSaysSo) {
  RegionSettings region = regionSettings();
  ServiceLine line = station();
  Timestamp independence_day = hel(2027, 12, 6, 10);  // a Monday
  EXPECT_FALSE(isOpen(line, region, independence_day));
  line.closed_on_public_holidays = false;
  EXPECT_TRUE(isOpen(line, region, independence_day));
}

TEST(OpeningHours, DateExceptionWinsOverWeekdayAndHoliday) {
  RegionSettings region = regionSettings();
  ServiceLine line = station();
  line.exceptions.push_back({year{2026} / November / 24, {}, {"Koulutus", "Utbildning", "Training"}});
  line.exceptions.push_back({year{2026} / December / 24, {{9 * 60, 12 * 60}}, {}});  // Christmas Eve
  EXPECT_FALSE(isOpen(line, region, hel(2026, 11, 24, 10)));
  EXPECT_TRUE(isOpen(line, region, hel(2026, 12, 24, 10)));
  EXPECT_FALSE(isOpen(line, region, hel(2026, 12, 24, 13)));
}

TEST(OpeningHours, NextOpeningSkipsTheWeekendAndHolidays) {
  RegionSettings region = regionSettings();
  ServiceLine line = station();
  // Friday 24 Dec 2027 is Christmas Eve, then the weekend, then Monday is not a holiday.
  EXPECT_EQ(nextOpening(line, region, hel(2027, 12, 23, 17)), hel(2027, 12, 27, 8));
  EXPECT_EQ(nextOpening(line, region, hel(2026, 11, 20, 16)), hel(2026, 11, 23, 8));
}

TEST(OpeningHours, OpenNowIsItsOwnNextOpening) {
  RegionSettings region = regionSettings();
  Timestamp t = hel(2026, 11, 23, 9, 15);
  EXPECT_EQ(nextOpening(station(), region, t), t);
}

TEST(OpeningHours, NightShiftAcrossMidnightClosesInTheMorning) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("yo", false).line;
  for (auto& day : line.weekly_hours.days) day = {{0, 6 * 60}, {22 * 60, 24 * 60}};
  EXPECT_TRUE(isOpen(line, region, hel(2026, 11, 23, 23, 59)));
  EXPECT_EQ(nextClosing(line, region, hel(2026, 11, 23, 23)), hel(2026, 11, 24, 6));
}

TEST(OpeningHours, AlwaysOpenLineNeverCloses) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("116117", true).line;
  EXPECT_TRUE(isOpen(line, region, hel(2026, 12, 25, 3)));
  EXPECT_EQ(nextClosing(line, region, hel(2026, 3, 28, 23)), std::nullopt);
}

TEST(OpeningHours, NeverOpenLineHasNoNextOpening) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("suljettu", false).line;
  for (auto& day : line.weekly_hours.days) day.clear();
  EXPECT_EQ(nextOpening(line, region, hel(2026, 11, 23, 9)), std::nullopt);
}

TEST(OpeningHours, NightHoursAcrossTheSpringChangeAreAnHourShorter) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("yo", false).line;
  line.closed_on_public_holidays = false;
  line.weekly_hours.days[6] = {{2 * 60, 5 * 60}};  // Sunday 02-05
  Timestamp opens = *nextOpening(line, region, hel(2026, 3, 29, 0));
  Timestamp closes = *nextClosing(line, region, opens);
  EXPECT_EQ(closes - opens, hours(2));
  EXPECT_TRUE(isOpen(line, region, hel(2026, 3, 29, 4, 30)));
}

TEST(OpeningHours, NightHoursAcrossTheAutumnChangeAreAnHourLonger) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("yo", false).line;
  line.closed_on_public_holidays = false;
  line.weekly_hours.days[6] = {{2 * 60, 5 * 60}};
  Timestamp opens = *nextOpening(line, region, hel(2026, 10, 25, 0));
  EXPECT_EQ(*nextClosing(line, region, opens) - opens, hours(4));
}

TEST(OpeningHours, OpeningInsideTheSpringGapStartsWhenTheGapEnds) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("yo", false).line;
  line.closed_on_public_holidays = false;
  line.weekly_hours.days[6] = {{3 * 60 + 30, 8 * 60}};
  // 04:00 EEST is 01:00 UTC.
  EXPECT_EQ(nextOpening(line, region, hel(2026, 3, 29, 0)),
            Timestamp(sys_days(year{2026} / March / 29)) + hours(1));
}

// ---- Working days and due times -------------------------------------------------------------

TEST(DueTime, SameWorkingDayEndsAtClosing) {
  RegionSettings region = regionSettings();
  DuePolicy policy;
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 23, 9)), hel(2026, 11, 23, 16));
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 23, 6)), hel(2026, 11, 23, 16));
}

TEST(DueTime, CreatedAfterHoursIsDueTheNextWorkingDay) {
  RegionSettings region = regionSettings();
  DuePolicy policy;
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 23, 17)), hel(2026, 11, 24, 16));
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 20, 18)), hel(2026, 11, 23, 16));
  // Friday 3 Dec 2027 evening: Monday the 6th is Independence Day.
  EXPECT_EQ(dueTime(station(), region, policy, hel(2027, 12, 3, 18)), hel(2027, 12, 7, 16));
}

TEST(DueTime, CutoffMovesLateTasksToTheNextWorkingDay) {
  RegionSettings region = regionSettings();
  DuePolicy policy;
  policy.same_day_cutoff = hours(1);
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 23, 15, 30)), hel(2026, 11, 24, 16));
  EXPECT_EQ(dueTime(station(), region, policy, hel(2026, 11, 23, 14, 30)), hel(2026, 11, 23, 16));
}

TEST(DueTime, NextWorkingDayRuleAndFixedDelay) {
  RegionSettings region = regionSettings();
  DuePolicy next{DueRule::kNextWorkingDay};
  EXPECT_EQ(dueTime(station(), region, next, hel(2026, 11, 23, 9)), hel(2026, 11, 24, 16));
  DuePolicy within{DueRule::kWithin, hours(4)};
  EXPECT_EQ(dueTime(station(), region, within, hel(2026, 11, 23, 9)), hel(2026, 11, 23, 13));
}

TEST(DueTime, AlwaysOpenLineIsDueAtMidnight) {
  RegionSettings region = regionSettings();
  ServiceLine line = lineSetup("116117", true).line;
  EXPECT_EQ(dueTime(line, region, DuePolicy{}, hel(2026, 11, 23, 9)), hel(2026, 11, 24, 0));
}

}  // namespace
}  // namespace luukku::core::routing
