// Opening hours of a service line: open now?, next opening, next closing, and the
// working-day calendar that callback due times are counted in.
//
// A line's hours on a date are, in order of precedence: the line's exception for that date
// (an exception always wins, also on a holiday); closed on the region's public holidays when
// the line says `closed_on_public_holidays`; otherwise the weekly hours of that weekday.
// Hours are Helsinki wall-clock ranges. A line is open at an instant when the instant's
// wall-clock reading lies inside a range of that reading's date, so a range across the spring
// gap is an hour shorter, one across the autumn overlap an hour longer, and 00:00-24:00 every
// day is open without a break, also across midnight and DST changes.
//
// Searches look at most kOpeningSearchDays ahead and answer std::nullopt beyond that (a line
// that is never open, or one that never closes).
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/region.h"
#include "core/routing/helsinki_time.h"
#include "core/routing/policy.h"

namespace luukku::core::routing {

inline constexpr int kOpeningSearchDays = 400;

// The hours that apply on a local date (see the precedence above).
const DayHours& hoursOn(const ServiceLine& line, const RegionSettings& region, Date date);

// The UTC intervals during which the line is open on a local date: sorted, disjoint.
std::vector<UtcInterval> openIntervalsOn(const ServiceLine& line, const RegionSettings& region,
                                         Date date);

bool isOpen(const ServiceLine& line, const RegionSettings& region, Timestamp now);

// The earliest instant at or after `now` at which the line is open (`now` itself when open).
std::optional<Timestamp> nextOpening(const ServiceLine& line, const RegionSettings& region,
                                     Timestamp now);

// The earliest instant at or after `now` at which the line is closed (`now` itself when
// closed). Adjacent periods, also across midnight, count as one opening.
std::optional<Timestamp> nextClosing(const ServiceLine& line, const RegionSettings& region,
                                     Timestamp now);

// --- Working days ---------------------------------------------------------------------------
// A working day of a line is a local date on which it has opening hours. Its end is the end
// of its last opening period.

bool isWorkingDay(const ServiceLine& line, const RegionSettings& region, Date date);
std::optional<Timestamp> endOfWorkingDay(const ServiceLine& line, const RegionSettings& region,
                                         Date date);
// The first working day strictly after `date`.
std::optional<Date> nextWorkingDay(const ServiceLine& line, const RegionSettings& region,
                                   Date date);

// When a task created at `created` is due, or std::nullopt when the line has no working day
// within the search horizon.
std::optional<Timestamp> dueTime(const ServiceLine& line, const RegionSettings& region,
                                 const DuePolicy& policy, Timestamp created);

}  // namespace luukku::core::routing
