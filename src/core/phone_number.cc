#include "core/phone_number.h"

#include <algorithm>

#include "core/text.h"

namespace luukku::core {
namespace {

constexpr std::size_t kMaxText = 64;          // longer than any number written with separators
constexpr std::size_t kMaxDigits = 15;        // E.164
constexpr std::size_t kMinInternational = 7;  // the shortest numbers in use: 3-digit code + 4
constexpr std::size_t kMinShort = 3;          // 112
constexpr std::size_t kMaxShort = 6;          // 116117

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isSeparator(char c) {
  return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

Status notANumber(std::string_view text, std::string_view why) {
  return invalidArgument("'" + printable(text) + "' is not a phone number: " + std::string(why));
}

// "+<digits>" after the checks every international number must pass.
Result<std::string> international(std::string_view text, std::string digits,
                                  std::string_view calling_code) {
  // "+358 (0)40 ...": the default country's numbers never start with its trunk 0.
  if (digits.starts_with(calling_code) && digits.size() > calling_code.size() &&
      digits[calling_code.size()] == '0') {
    digits.erase(calling_code.size(), 1);
  }
  if (digits.empty() || digits[0] == '0') return notANumber(text, "no country code starts with 0");
  if (digits.size() < kMinInternational) return notANumber(text, "too few digits");
  if (digits.size() > kMaxDigits) {
    return notANumber(text, "more than 15 digits, the longest a phone number can have");
  }
  return "+" + digits;
}

bool allDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), isDigit);
}

}  // namespace

Result<std::string> normalizePhoneNumber(std::string_view text, std::string_view calling_code) {
  if (isBlank(text)) return std::string();
  if (text.size() > kMaxText) return notANumber(text, "too long");
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (isDigit(c)) {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (text.substr(i, 3) == "(0)" && (plus || digits.starts_with("00"))) {
      i += 2;  // "+44 (0)20 ...": the trunk 0, dialled only at home
    } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      ++i;  // a no-break space, as numbers copied from documents often have
    } else if (!isSeparator(c)) {
      return notANumber(text,
                        "only digits, a leading '+', spaces, '-', '.', '/' and "
                        "parentheses may be used");
    }
  }
  if (digits.empty()) return notANumber(text, "no digits");
  if (plus) return international(text, std::move(digits), calling_code);
  if (digits.starts_with("00")) return international(text, digits.substr(2), calling_code);
  if (digits.starts_with("0")) {
    return international(text, std::string(calling_code) + digits.substr(1), calling_code);
  }
  if (digits.size() >= kMinInternational && digits.starts_with(calling_code)) {
    return international(text, std::move(digits), calling_code);
  }
  if (digits.size() < kMinShort) return notANumber(text, "too few digits");
  if (digits.size() > kMaxShort) {
    return notANumber(text, "a number this long needs its trunk prefix 0 or a country code");
  }
  return digits;  // a national short number: 112, 116117
}

// Exactly the texts normalizePhoneNumber() returns unchanged, read off without parsing: "+"
// and an international number (7-15 digits, no leading 0, no trunk 0 after the default
// country's code), or a national short number (3-6 digits, no leading 0: a 0 is a trunk or
// international prefix). Every stored document holds one, so start-up decides it this way.
bool isNormalPhoneNumber(std::string_view number, std::string_view calling_code) {
  if (number.starts_with('+')) {
    std::string_view digits = number.substr(1);
    return digits.size() >= kMinInternational && digits.size() <= kMaxDigits && allDigits(digits) &&
           digits[0] != '0' &&
           !(digits.starts_with(calling_code) && digits.size() > calling_code.size() &&
             digits[calling_code.size()] == '0');
  }
  return number.size() >= kMinShort && number.size() <= kMaxShort && allDigits(number) &&
         number[0] != '0';
}

Status checkNormalPhoneNumber(std::string_view number, std::string_view field) {
  if (isNormalPhoneNumber(number)) return Status::ok();
  auto normal = normalizePhoneNumber(number);
  std::string why = !normal ? normal.status().message()
                    : normal->empty()
                        ? "is empty"
                        : "'" + printable(number) + "' is not in its normal form '" + *normal + "'";
  return invalidArgument(std::string(field) + ": " + why);
}

std::string normalizeStoredPhoneNumber(std::string_view stored, std::string_view calling_code) {
  if (isNormalPhoneNumber(stored, calling_code)) return std::string(stored);
  auto normal = normalizePhoneNumber(stored, calling_code);
  return normal ? std::move(normal).value() : std::string(stored);
}

bool isLegacyPhoneNumber(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  return text.size() >= kMinShort && text.size() <= kMaxDigits && allDigits(text);
}

std::vector<std::string> legacyPhoneNumberSpellings(std::string_view normal,
                                                    std::string_view calling_code) {
  std::vector<std::string> out{std::string(normal)};
  if (!normal.starts_with('+')) return out;  // a short number was always stored as it is
  std::string digits(normal.substr(1));
  std::vector<std::string> more{digits, "00" + digits};
  if (digits.starts_with(calling_code)) {
    std::string national = "0" + digits.substr(calling_code.size());
    more.push_back(national);
    more.push_back("+" + std::string(calling_code) + national);
  }
  for (auto& s : more) {
    if (isLegacyPhoneNumber(s)) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace luukku::core
