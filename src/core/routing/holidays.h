// Finnish public holidays, computed, so a region's configured calendar can be checked.
//
// The list is the one Finnish employers and public services close on: the statutory
// holidays of the church calendar and the civil ones, plus Midsummer Eve and Christmas Eve,
// which are not holidays by law but on which public services are closed by collective
// agreement. Names are given in Finnish, Swedish and English.
//
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "core/region.h"

namespace luukku::core::routing {

// Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm).
Date easterSunday(int year);

// The fifteen days, sorted by date: New Year's Day, Epiphany, Good Friday, Easter Sunday,
// Easter Monday, May Day, Ascension Day, Whit Sunday, Midsummer Eve (the Friday between
// 19 and 25 June), Midsummer Day, All Saints' Day (the Saturday between 31 October and
// 6 November), Independence Day, Christmas Eve, Christmas Day and Boxing Day.
std::vector<Holiday> finnishPublicHolidays(int year);

// How a configured calendar differs from the computed one for `year`.
struct HolidayCheck {
  std::vector<Holiday> missing;  // computed holidays whose date is not configured
  std::vector<Holiday> extra;    // configured dates in `year` that are not computed holidays
  bool matches() const { return missing.empty() && extra.empty(); }
};
HolidayCheck checkHolidays(const RegionSettings& settings, int year);

}  // namespace luukku::core::routing
