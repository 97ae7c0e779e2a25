#include "core/routing/opening_hours.h"

#include <algorithm>

namespace luukku::core::routing {
namespace {
using namespace std::chrono;

Date addDays(Date d, int n) {
  return year_month_day{sys_days{d} + days{n}};
}

std::size_t isoWeekdayIndex(Date d) {
  return (weekday{sys_days{d}}.iso_encoding() - 1);  // Monday 0 ... Sunday 6
}

const DayHours kClosed;

}  // namespace

const DayHours& hoursOn(const ServiceLine& line, const RegionSettings& region, Date date) {
  for (const auto& e : line.exceptions) {
    if (e.date == date) return e.hours;
  }
  if (line.closed_on_public_holidays) {
    for (const auto& h : region.holidays) {
      if (h.date == date) return kClosed;
    }
  }
  return line.weekly_hours.days[isoWeekdayIndex(date)];
}

std::vector<UtcInterval> openIntervalsOn(const ServiceLine& line, const RegionSettings& region,
                                         Date date) {
  std::vector<UtcInterval> all;
  for (const MinuteRange& r : hoursOn(line, region, date)) {
    auto pieces = helsinkiRangeToUtc(date, r.begin, r.end);
    all.insert(all.end(), pieces.begin(), pieces.end());
  }
  std::sort(all.begin(), all.end(),
            [](const UtcInterval& a, const UtcInterval& b) { return a.begin < b.begin; });
  std::vector<UtcInterval> merged;
  for (const auto& i : all) {
    if (!merged.empty() && merged.back().end >= i.begin) {
      merged.back().end = std::max(merged.back().end, i.end);
    } else {
      merged.push_back(i);
    }
  }
  return merged;
}

bool isOpen(const ServiceLine& line, const RegionSettings& region, Timestamp now) {
  LocalDateTime local = toHelsinki(now);
  auto minute = duration_cast<microseconds>(local.time_of_day);
  for (const MinuteRange& r : hoursOn(line, region, local.date)) {
    if (minute >= minutes(r.begin) && minute < minutes(r.end)) return true;
  }
  return false;
}

std::optional<Timestamp> nextOpening(const ServiceLine& line, const RegionSettings& region,
                                     Timestamp now) {
  if (isOpen(line, region, now)) return now;
  Date first = toHelsinki(now).date;
  for (int i = 0; i <= kOpeningSearchDays; ++i) {
    for (const UtcInterval& iv : openIntervalsOn(line, region, addDays(first, i))) {
      if (iv.end > now) return std::max(iv.begin, now);
    }
  }
  return std::nullopt;
}

std::optional<Timestamp> nextClosing(const ServiceLine& line, const RegionSettings& region,
                                     Timestamp now) {
  Timestamp cur = now;
  // Each step jumps to the end of the opening interval holding `cur`; the local date moves
  // forward at least every second step, so the bound below is a day count in effect.
  for (int steps = 0; steps <= 2 * kOpeningSearchDays + 2; ++steps) {
    if (!isOpen(line, region, cur)) return cur;
    Date date = toHelsinki(cur).date;
    bool moved = false;
    for (const UtcInterval& iv : openIntervalsOn(line, region, date)) {
      if (iv.begin <= cur && cur < iv.end) {
        cur = iv.end;
        moved = true;
        break;
      }
    }
    if (!moved) return cur;  // cannot happen: isOpen and the intervals agree
  }
  return std::nullopt;
}

bool isWorkingDay(const ServiceLine& line, const RegionSettings& region, Date date) {
  return !hoursOn(line, region, date).empty();
}

std::optional<Timestamp> endOfWorkingDay(const ServiceLine& line, const RegionSettings& region,
                                         Date date) {
  auto intervals = openIntervalsOn(line, region, date);
  if (intervals.empty()) return std::nullopt;
  return intervals.back().end;
}

std::optional<Date> nextWorkingDay(const ServiceLine& line, const RegionSettings& region,
                                   Date date) {
  for (int i = 1; i <= kOpeningSearchDays; ++i) {
    Date d = addDays(date, i);
    if (isWorkingDay(line, region, d)) return d;
  }
  return std::nullopt;
}

std::optional<Timestamp> dueTime(const ServiceLine& line, const RegionSettings& region,
                                 const DuePolicy& policy, Timestamp created) {
  if (policy.rule == DueRule::kWithin) return created + policy.within;
  Date today = toHelsinki(created).date;
  if (policy.rule == DueRule::kSameWorkingDay) {
    if (auto end = endOfWorkingDay(line, region, today);
        end && created < *end - policy.same_day_cutoff) {
      return end;
    }
  }
  auto next = nextWorkingDay(line, region, today);
  if (!next) return std::nullopt;
  return endOfWorkingDay(line, region, *next);
}

}  // namespace luukku::core::routing
