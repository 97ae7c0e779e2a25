#include "api/csv.h"

#include <algorithm>

namespace luukku::api {

std::string csvField(std::string_view text) {
  std::string out = "\"";
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
    out += '\'';
  }
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
