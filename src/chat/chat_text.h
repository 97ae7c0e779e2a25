// What a chat message's text must be: valid UTF-8 (the HTTP edge and the socket check that),
// trimmed of surrounding whitespace, 1 to 2,000 characters (code points). Also the visitor's
// display name: at most 80 characters, trimmed, may be empty; and the visitor's feedback
// text: at most 1,000.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace luukku::chat {

inline constexpr std::size_t kMaxTextChars = 2000;
inline constexpr std::size_t kMaxNameChars = 80;
inline constexpr std::size_t kMaxFeedbackChars = 1000;  // the visitor's words after a chat

enum class TextProblem { kNone, kEmpty, kTooLong, kNotUtf8 };

struct CheckedText {
  std::string text;  // trimmed
  TextProblem problem = TextProblem::kNone;
};

// `text` trimmed and checked against 1..max_chars code points.
CheckedText checkText(std::string_view text, std::size_t max_chars = kMaxTextChars);

// Code points in valid UTF-8.
std::size_t codePoints(std::string_view utf8);

}  // namespace luukku::chat
