// Europe/Helsinki wall-clock time and UTC.
//
// Finland keeps EET (UTC+2) in winter and EEST (UTC+3) in summer, by the EU rule: summer time
// runs from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. So on
// the spring day the local hour 03:00-04:00 never happens (the "gap"), and on the autumn day
// 03:00-04:00 happens twice (the "overlap"). The rule is written out here rather than read
// from a tz database because the domain must not do I/O and the rule has been stable since
// 1996; if the EU ever abolishes the change, this file is the one place to edit.
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <vector>

#include "core/time.h"

namespace luukku::core::routing {

// A wall-clock reading in Helsinki.
struct LocalDateTime {
  Date date;
  std::chrono::microseconds time_of_day{0};  // since local midnight, < 24 h
  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// The two instants of one year where the offset changes.
struct DstTransitions {
  Timestamp summer_starts;  // last Sunday of March, 01:00 UTC (03:00 EET becomes 04:00 EEST)
  Timestamp summer_ends;    // last Sunday of October, 01:00 UTC (04:00 EEST becomes 03:00 EET)
};
DstTransitions helsinkiDstTransitions(std::chrono::year year);

// +2 h or +3 h.
std::chrono::minutes helsinkiUtcOffset(Timestamp t);

LocalDateTime toHelsinki(Timestamp t);

// How a wall-clock reading maps to instants.
enum class LocalTimeKind {
  kUnique,    // exactly one instant shows this reading
  kSkipped,   // inside the spring gap: no instant shows it
  kRepeated,  // inside the autumn overlap: two instants show it
};

struct LocalResolution {
  LocalTimeKind kind = LocalTimeKind::kUnique;
  // kUnique: both the same. kRepeated: the summer-time and the winter-time instant.
  // kSkipped: both the instant the reading would denote on the clock before the jump, which
  // lies after the gap by as much as the reading was inside it (03:30 -> 04:30 EEST), the
  // usual "shift forward" rule.
  Timestamp earliest;
  Timestamp latest;
};
LocalResolution resolveHelsinki(const LocalDateTime& local);

// The common case: the earliest instant, and shift forward across the gap.
Timestamp fromHelsinki(Date date, std::chrono::minutes time_of_day);

// A half-open UTC interval [begin, end).
struct UtcInterval {
  Timestamp begin;
  Timestamp end;
  friend bool operator==(const UtcInterval&, const UtcInterval&) = default;
};

// The instants whose Helsinki wall-clock reading falls on `date` within [from, to) minutes
// after midnight (to may be 1440). Usually one interval; none when the range lies inside the
// spring gap; on the autumn day a range that covers the repeated hour can give two. Sorted,
// disjoint, adjacent pieces merged.
std::vector<UtcInterval> helsinkiRangeToUtc(Date date, int from_minute, int to_minute);

}  // namespace luukku::core::routing
