#include "api/csv.h"

#include <algorithm>

namespace luukku::api {

namespace {

// '+' and 1 to 15 digits, nothing else: a telephone number in E.164 form.
bool isE164(std::string_view text) {
  if (text.size() < 2 || text.size() > 16 || text[0] != '+') return false;
  return std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What a spreadsheet may read as the start of a formula (OWASP, CSV injection), including the
// blanks some strip first.
bool startsLikeFormula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r\n").find(text[0]) != std::string_view::npos;
}

}  // namespace

std::string csvField(std::string_view text) {
  // Excel reads "+358401234567" as the number 358401234567 (shown 3,58E+11, the '+' lost),
  // and a guarding apostrophe shows as part of the number. A constant text formula keeps it
  // as written; made only of '+' and digits, it runs nothing.
  if (isE164(text)) return "\"=\"\"" + std::string(text) + "\"\"\"";
  std::string out = "\"";
  if (startsLikeFormula(text)) out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvWriter::CsvWriter(CsvStyle style) : style_(style) {
  if (style_.byte_order_mark) out_ = "\xEF\xBB\xBF";
}

CsvWriter& CsvWriter::row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ += style_.separator;
    out_ += csvField(fields[i]);
  }
  out_ += "\r\n";
  return *this;
}

std::string CsvWriter::decimal(std::string text) const {
  if (style_.decimal_comma) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

}  // namespace luukku::api
