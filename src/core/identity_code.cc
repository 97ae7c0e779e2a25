#include "core/identity_code.h"

#include <cctype>

namespace luukku::core {
namespace {

constexpr std::string_view kCheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

int centuryOf(char sign) {
  if (sign == '+') return 1800;
  if (sign == '-' || (sign >= 'U' && sign <= 'Y')) return 1900;
  if (sign >= 'A' && sign <= 'F') return 2000;
  return -1;
}

int digits(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

Result<std::string> parseIdentityCode(std::string_view text) {
  Status invalid = invalidArgument("not a valid personal identity code");
  if (text.size() != 11) return invalid;
  std::string code(text);
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i : {0, 1, 2, 3, 4, 5, 7, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(code[i]))) return invalid;
  }
  int century = centuryOf(code[6]);
  if (century < 0) return invalid;
  Date born{std::chrono::year(century + digits(std::string_view(code).substr(4, 2))),
            std::chrono::month(static_cast<unsigned>(digits(std::string_view(code).substr(2, 2)))),
            std::chrono::day(static_cast<unsigned>(digits(std::string_view(code).substr(0, 2))))};
  if (!born.ok()) return invalid;
  if (digits(std::string_view(code).substr(7, 3)) < 2) return invalid;
  long number = static_cast<long>(digits(std::string_view(code).substr(0, 6))) * 1000 +
                digits(std::string_view(code).substr(7, 3));
  if (code[10] != kCheckCharacters[static_cast<std::size_t>(number % 31)]) return invalid;
  return code;
}

Date birthDateOf(std::string_view code) {
  int century = centuryOf(code[6]);
  return Date{std::chrono::year(century + digits(code.substr(4, 2))),
              std::chrono::month(static_cast<unsigned>(digits(code.substr(2, 2)))),
              std::chrono::day(static_cast<unsigned>(digits(code.substr(0, 2))))};
}

bool isUnder(Date birth, int years, Date today) {
  // The birthday a leap day's child has in other years is 1 March (as the population
  // register counts ages).
  std::chrono::year_month_day turns{birth.year() + std::chrono::years(years), birth.month(),
                                    birth.day()};
  if (!turns.ok()) {
    turns = std::chrono::year_month_day{turns.year(), std::chrono::March, std::chrono::day(1)};
  }
  return std::chrono::sys_days(today) < std::chrono::sys_days(turns);
}

}  // namespace luukku::core
