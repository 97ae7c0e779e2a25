#include "chat/chat_text.h"

#include "core/text.h"

namespace luukku::chat {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::size_t codePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

CheckedText checkText(std::string_view text, std::size_t max_chars) {
  if (!isValidUtf8(text)) return {{}, TextProblem::kNotUtf8};
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return {{}, TextProblem::kEmpty};
  if (codePoints(text) > max_chars) return {{}, TextProblem::kTooLong};
  return {std::string(text), TextProblem::kNone};
}

}  // namespace luukku::chat
