// CSV for people's spreadsheets (RFC 4180): fields quoted, formulas defused, and the choices
// Excel needs — a UTF-8 byte order mark so that ä and ö survive, and a semicolon separator
// with decimal commas for Finnish and Swedish Excel, which reads a comma-separated file as
// one column.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace luukku::api {

// One field, quoted. A field a spreadsheet could take for a formula (a leading = + - @, tab,
// carriage return or line feed) gets a leading ' so it is never run; a telephone number in
// E.164 form ("+358401234567") is written as the text formula ="+358401234567" instead, which
// Excel shows as the number was written, without the apostrophe and not as 3,58E+11.
std::string csvField(std::string_view text);

struct CsvStyle {
  char separator = ',';
  bool byte_order_mark = false;
  bool decimal_comma = false;  // with ';': "64,03" instead of "64.03"
};

// Builds a document row by row; lines end with CRLF.
class CsvWriter {
 public:
  explicit CsvWriter(CsvStyle style);
  CsvWriter& row(const std::vector<std::string>& fields);
  // A decimal number as the style writes it ("64.03" or "64,03").
  std::string decimal(std::string text) const;
  std::string str() && { return std::move(out_); }

 private:
  CsvStyle style_;
  std::string out_;
};

}  // namespace luukku::api
