#include "core/routing/helsinki_time.h"

#include <algorithm>

namespace luukku::core::routing {
namespace {
using namespace std::chrono;

constexpr minutes kWinterOffset{120};
constexpr minutes kSummerOffset{180};

Timestamp lastSundayAt0100Utc(year y, month m) {
  sys_days last{y / m / std::chrono::last};
  // weekday of `last`; step back to Sunday.
  weekday wd{last};
  sys_days sunday = last - (wd - Sunday);
  return Timestamp(sunday) + hours(1);
}

}  // namespace

DstTransitions helsinkiDstTransitions(year y) {
  return {lastSundayAt0100Utc(y, March), lastSundayAt0100Utc(y, October)};
}

minutes helsinkiUtcOffset(Timestamp t) {
  year y = year_month_day{floor<days>(t)}.year();
  DstTransitions dst = helsinkiDstTransitions(y);
  return (t >= dst.summer_starts && t < dst.summer_ends) ? kSummerOffset : kWinterOffset;
}

LocalDateTime toHelsinki(Timestamp t) {
  Timestamp local = t + helsinkiUtcOffset(t);
  sys_days day = floor<days>(local);
  return {year_month_day{day}, local - Timestamp(day)};
}

LocalResolution resolveHelsinki(const LocalDateTime& local) {
  Timestamp naive = Timestamp(sys_days(local.date)) + local.time_of_day;
  Timestamp as_summer = naive - kSummerOffset;
  Timestamp as_winter = naive - kWinterOffset;
  bool summer_ok = helsinkiUtcOffset(as_summer) == kSummerOffset;
  bool winter_ok = helsinkiUtcOffset(as_winter) == kWinterOffset;
  if (summer_ok && winter_ok) return {LocalTimeKind::kRepeated, as_summer, as_winter};
  if (summer_ok) return {LocalTimeKind::kUnique, as_summer, as_summer};
  if (winter_ok) return {LocalTimeKind::kUnique, as_winter, as_winter};
  // Only the spring gap reads as neither: read it with the winter offset in force before it.
  return {LocalTimeKind::kSkipped, as_winter, as_winter};
}

Timestamp fromHelsinki(Date date, minutes time_of_day) {
  return resolveHelsinki({date, time_of_day}).earliest;
}

std::vector<UtcInterval> helsinkiRangeToUtc(Date date, int from_minute, int to_minute) {
  std::vector<UtcInterval> out;
  if (from_minute >= to_minute) return out;
  Timestamp day(sys_days{date});
  DstTransitions dst = helsinkiDstTransitions(date.year());
  auto add = [&](Timestamp b, Timestamp e, Timestamp lo, Timestamp hi) {
    b = std::max(b, lo);
    e = std::min(e, hi);
    if (b < e) out.push_back({b, e});
  };
  Timestamp far_past = Timestamp::min();
  Timestamp far_future = Timestamp::max();
  // Instants read with the summer offset show local times in range only inside summer time,
  // those read with the winter offset only outside it.
  Timestamp sb = day + minutes(from_minute) - kSummerOffset;
  Timestamp se = day + minutes(to_minute) - kSummerOffset;
  add(sb, se, dst.summer_starts, dst.summer_ends);
  Timestamp wb = day + minutes(from_minute) - kWinterOffset;
  Timestamp we = day + minutes(to_minute) - kWinterOffset;
  add(wb, we, far_past, dst.summer_starts);
  add(wb, we, dst.summer_ends, far_future);
  std::sort(out.begin(), out.end(),
            [](const UtcInterval& a, const UtcInterval& b) { return a.begin < b.begin; });
  std::vector<UtcInterval> merged;
  for (const auto& i : out) {
    if (!merged.empty() && merged.back().end >= i.begin) {
      merged.back().end = std::max(merged.back().end, i.end);
    } else {
      merged.push_back(i);
    }
  }
  return merged;
}

}  // namespace luukku::core::routing
