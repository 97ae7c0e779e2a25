#include "core/routing/helsinki_time.h"

#include <gtest/gtest.h>

namespace luukku::core::routing {
namespace {
using namespace std::chrono;

Timestamp utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  return Timestamp(sys_days(year{y} / month{m} / day{d})) + hours(hh) + minutes(mm);
}

TEST(HelsinkiTime, SummerTimeRunsFromLastSundayOfMarchToLastSundayOfOctober) {
  DstTransitions t2026 = helsinkiDstTransitions(year{2026});
  EXPECT_EQ(t2026.summer_starts, utc(2026, 3, 29, 1));
  EXPECT_EQ(t2026.summer_ends, utc(2026, 10, 25, 1));
  DstTransitions t2027 = helsinkiDstTransitions(year{2027});
  EXPECT_EQ(t2027.summer_starts, utc(2027, 3, 28, 1));
  EXPECT_EQ(t2027.summer_ends, utc(2027, 10, 31, 1));
}

TEST(HelsinkiTime, OffsetIsTwoHoursInWinterAndThreeInSummer) {
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 1, 15, 12)), minutes(120));
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 7, 15, 12)), minutes(180));
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 3, 29, 0, 59)), minutes(120));
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 3, 29, 1)), minutes(180));
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 10, 25, 0, 59)), minutes(180));
  EXPECT_EQ(helsinkiUtcOffset(utc(2026, 10, 25, 1)), minutes(120));
}

TEST(HelsinkiTime, LocalReadingCrossesMidnightInUtc) {
  LocalDateTime l = toHelsinki(utc(2026, 12, 31, 22, 30));
  EXPECT_EQ(l.date, year{2027} / January / 1);
  EXPECT_EQ(l.time_of_day, minutes(30));
}

TEST(HelsinkiTime, SpringGapReadingsAreSkippedAndShiftedForward) {
  LocalResolution r = resolveHelsinki({year{2026} / March / 29, hours(3) + minutes(30)});
  EXPECT_EQ(r.kind, LocalTimeKind::kSkipped);
  EXPECT_EQ(r.earliest, utc(2026, 3, 29, 1, 30));  // 04:30 EEST
  EXPECT_EQ(toHelsinki(r.earliest).time_of_day, hours(4) + minutes(30));
}

TEST(HelsinkiTime, AutumnOverlapReadingsHaveTwoInstants) {
  LocalResolution r = resolveHelsinki({year{2026} / October / 25, hours(3) + minutes(30)});
  EXPECT_EQ(r.kind, LocalTimeKind::kRepeated);
  EXPECT_EQ(r.earliest, utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(r.latest, utc(2026, 10, 25, 1, 30));
  EXPECT_EQ(fromHelsinki(year{2026} / October / 25, hours(3) + minutes(30)), r.earliest);
}

TEST(HelsinkiTime, OrdinaryReadingsRoundTrip) {
  for (Timestamp t : {utc(2026, 1, 5, 6), utc(2026, 6, 20, 21, 15), utc(2026, 10, 25, 2)}) {
    LocalDateTime l = toHelsinki(t);
    EXPECT_EQ(resolveHelsinki(l).kind == LocalTimeKind::kRepeated
                  ? resolveHelsinki(l).latest
                  : resolveHelsinki(l).earliest,
              t);
  }
}

TEST(HelsinkiTime, AWholeDayIsTwentyThreeHoursInSpringAndTwentyFiveInAutumn) {
  auto length = [](Date d) {
    auto iv = helsinkiRangeToUtc(d, 0, 24 * 60);
    EXPECT_EQ(iv.size(), 1u);
    return duration_cast<hours>(iv.front().end - iv.front().begin).count();
  };
  EXPECT_EQ(length(year{2026} / March / 29), 23);
  EXPECT_EQ(length(year{2026} / October / 25), 25);
  EXPECT_EQ(length(year{2026} / October / 26), 24);
}

TEST(HelsinkiTime, RangeInsideTheGapHasNoInstants) {
  EXPECT_TRUE(helsinkiRangeToUtc(year{2026} / March / 29, 3 * 60 + 10, 3 * 60 + 50).empty());
}

TEST(HelsinkiTime, RangeInsideTheOverlapHappensTwice) {
  auto iv = helsinkiRangeToUtc(year{2026} / October / 25, 3 * 60 + 10, 3 * 60 + 50);
  ASSERT_EQ(iv.size(), 2u);
  EXPECT_EQ(iv[0].begin, utc(2026, 10, 25, 0, 10));
  EXPECT_EQ(iv[1].begin, utc(2026, 10, 25, 1, 10));
}

}  // namespace
}  // namespace luukku::core::routing
