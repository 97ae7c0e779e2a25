#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace luukku {
namespace {

bool parseDigits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

}  // namespace

std::string formatTimestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  auto micros = (t - day).count();
  long long secs = micros / 1'000'000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), secs / 3600, (secs / 60) % 60, secs % 60,
                static_cast<long long>(micros % 1'000'000));
  return buf;
}

Result<Timestamp> parseTimestamp(std::string_view text) {
  using namespace std::chrono;
  auto bad = [&] {
    return invalidArgument("expected an RFC 3339 timestamp such as 2026-11-22T08:15:30Z");
  };
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return bad();
  auto date = parseDate(text.substr(0, 10));
  if (!date) return bad();
  int hh, mm, ss;
  if (!parseDigits(text, 11, 2, &hh) || !parseDigits(text, 14, 2, &mm) ||
      !parseDigits(text, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return bad();
  }
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return bad();
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  if (pos >= text.size()) return bad();
  long long offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh, om;
    if (text.size() != pos + 6 || text[pos + 3] != ':' || !parseDigits(text, pos + 1, 2, &oh) ||
        !parseDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return bad();
    }
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  }
  if (pos != text.size()) return bad();
  Timestamp t = sys_days(*date) + hours(hh) + minutes(mm) + seconds(ss) + microseconds(micros);
  return t - minutes(offset_minutes);
}

std::string formatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

Result<Date> parseDate(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parseDigits(text, 0, 4, &y) ||
      !parseDigits(text, 5, 2, &m) || !parseDigits(text, 8, 2, &d)) {
    return invalidArgument("expected a date as YYYY-MM-DD");
  }
  Date date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
            std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok()) return invalidArgument("'" + std::string(text) + "' is not a calendar date");
  return date;
}

std::string formatMinuteOfDay(int minutes) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<int> parseMinuteOfDay(std::string_view text) {
  int hh, mm;
  if (text.size() != 5 || text[2] != ':' || !parseDigits(text, 0, 2, &hh) ||
      !parseDigits(text, 3, 2, &mm) || mm > 59 || hh > 24 || (hh == 24 && mm != 0)) {
    return invalidArgument("expected a time of day as HH:MM (00:00 to 24:00)");
  }
  return hh * 60 + mm;
}

}  // namespace luukku
