#include "app/log_redaction.h"

namespace luukku::app {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Century signs: '+' (1800s), '-' and U-Y (1900s), 'A'-'F' (2000s).
bool isCenturySign(char c) {
  return c == '+' || c == '-' || (c >= 'A' && c <= 'F') || (c >= 'U' && c <= 'Y');
}

bool looksLikeIdentityCode(std::string_view s, std::size_t i) {
  if (i + 11 > s.size()) return false;
  for (std::size_t k = 0; k < 6; ++k) {
    if (!isDigit(s[i + k])) return false;
  }
  int day = (s[i] - '0') * 10 + (s[i + 1] - '0');
  int month = (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
  if (day < 1 || day > 31 || month < 1 || month > 12) return false;
  if (!isCenturySign(s[i + 6])) return false;
  for (std::size_t k = 7; k < 10; ++k) {
    if (!isDigit(s[i + k])) return false;
  }
  char check = s[i + 10];
  bool check_ok = isDigit(check) || (check >= 'A' && check <= 'Y');
  if (!check_ok) return false;
  bool bounded_left = i == 0 || !isAlnum(s[i - 1]);
  bool bounded_right = i + 11 == s.size() || !isAlnum(s[i + 11]);
  return bounded_left && bounded_right;
}

}  // namespace

std::string redactPersonalData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (isDigit(text[i]) && looksLikeIdentityCode(text, i)) {
      out += "[hetu]";
      i += 11;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace luukku::app
