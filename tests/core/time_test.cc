#include "core/time.h"

#include <gtest/gtest.h>

namespace luukku {
namespace {
using namespace std::chrono;

TEST(Timestamp, FormatsAsUtcWithMicroseconds) {
  Timestamp t = sys_days(2026y / November / 22) + hours(8) + minutes(5) + microseconds(1);
  EXPECT_EQ(formatTimestamp(t), "2026-11-22T08:05:00.000001Z");
}

TEST(Timestamp, ParsesOffsetsAndFractions) {
  auto t = parseTimestamp("2026-11-22T10:05:00.5+02:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatTimestamp(*t), "2026-11-22T08:05:00.500000Z");
  EXPECT_EQ(*parseTimestamp(formatTimestamp(*t)), *t);
}

TEST(Timestamp, RejectsMalformedText) {
  for (const char* bad : {"", "2026-11-22", "2026-11-22T25:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-11-22T08:00:00", "2026-11-22T08:00:00Zjunk"}) {
    EXPECT_FALSE(parseTimestamp(bad)) << bad;
  }
}

TEST(Date, RoundTripsAndRejectsImpossibleDates) {
  auto d = parseDate("2027-12-06");
  ASSERT_TRUE(d);
  EXPECT_EQ(formatDate(*d), "2027-12-06");
  EXPECT_FALSE(parseDate("2027-02-29"));
  EXPECT_FALSE(parseDate("27-12-06"));
}

TEST(MinuteOfDay, AcceptsMidnightAtEndOfDayOnly) {
  EXPECT_EQ(*parseMinuteOfDay("24:00"), 1440);
  EXPECT_EQ(*parseMinuteOfDay("08:30"), 510);
  EXPECT_FALSE(parseMinuteOfDay("24:01"));
  EXPECT_FALSE(parseMinuteOfDay("8:30"));
  EXPECT_EQ(formatMinuteOfDay(1440), "24:00");
}

}  // namespace
}  // namespace luukku
