#include "core/routing/holidays.h"

#include <algorithm>

namespace luukku::core::routing {
namespace {
using namespace std::chrono;

// The date in [first, first + 6 days] that falls on `wd`.
Date weekdayOnOrAfter(Date first, weekday wd) {
  sys_days d{first};
  return year_month_day{d + (wd - weekday{d})};
}

Date plusDays(Date d, int n) {
  return year_month_day{sys_days{d} + days{n}};
}

}  // namespace

Date easterSunday(int y) {
  int a = y % 19;
  int b = y / 100;
  int c = y % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month_number = (h + l - 7 * m + 114) / 31;
  int day_number = ((h + l - 7 * m + 114) % 31) + 1;
  return year{y} / month{static_cast<unsigned>(month_number)} /
         day{static_cast<unsigned>(day_number)};
}

std::vector<Holiday> finnishPublicHolidays(int y) {
  year yr{y};
  Date easter = easterSunday(y);
  Date midsummer_eve = weekdayOnOrAfter(yr / June / 19, Friday);
  Date all_saints = weekdayOnOrAfter(yr / October / 31, Saturday);
  std::vector<Holiday> days = {
      {yr / January / 1, {"Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"}},
      {yr / January / 6, {"Loppiainen", "Trettondedag jul", "Epiphany"}},
      {plusDays(easter, -2), {"Pitkäperjantai", "Långfredagen", "Good Friday"}},
      {easter, {"Pääsiäispäivä", "Påskdagen", "Easter Sunday"}},
      {plusDays(easter, 1), {"Toinen pääsiäispäivä", "Annandag påsk", "Easter Monday"}},
      {yr / May / 1, {"Vappu", "Första maj", "May Day"}},
      {plusDays(easter, 39), {"Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day"}},
      {plusDays(easter, 49), {"Helluntaipäivä", "Pingstdagen", "Whit Sunday"}},
      {midsummer_eve, {"Juhannusaatto", "Midsommarafton", "Midsummer Eve"}},
      {plusDays(midsummer_eve, 1), {"Juhannuspäivä", "Midsommardagen", "Midsummer Day"}},
      {all_saints, {"Pyhäinpäivä", "Alla helgons dag", "All Saints' Day"}},
      {yr / December / 6, {"Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"}},
      {yr / December / 24, {"Jouluaatto", "Julafton", "Christmas Eve"}},
      {yr / December / 25, {"Joulupäivä", "Juldagen", "Christmas Day"}},
      {yr / December / 26, {"Tapaninpäivä", "Annandag jul", "Boxing Day"}},
  };
  std::sort(days.begin(), days.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return days;
}

HolidayCheck checkHolidays(const RegionSettings& settings, int y) {
  HolidayCheck check;
  std::vector<Holiday> computed = finnishPublicHolidays(y);
  auto configured = [&](Date d) {
    return std::any_of(settings.holidays.begin(), settings.holidays.end(),
                       [&](const Holiday& h) { return h.date == d; });
  };
  for (const auto& h : computed) {
    if (!configured(h.date)) check.missing.push_back(h);
  }
  for (const auto& h : settings.holidays) {
    if (h.date.year() != year{y}) continue;
    bool known = std::any_of(computed.begin(), computed.end(),
                             [&](const Holiday& c) { return c.date == h.date; });
    if (!known) check.extra.push_back(h);
  }
  return check;
}

}  // namespace luukku::core::routing
