// Small text checks shared by validators: UTF-8 validity, blankness, safe echoing.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace luukku {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view s);

// True when `s` is empty or only ASCII whitespace.
bool isBlank(std::string_view s);

// A copy fit to quote back in an error message: at most 64 bytes, control characters and
// invalid UTF-8 replaced by '?', so a hostile value cannot forge log lines or break JSON.
std::string printable(std::string_view s);

// Text typed in a browser's text area arrives with CR LF line ends; it is kept with LF.
std::string withLineFeeds(std::string_view text);

}  // namespace luukku
