// Phone numbers in one form: E.164 ("+358401234567"), or a national short number ("116117").
//
// A citizen is matched by phone number (a repeat call joins their open callback task; the
// access log names them "phone:<number>"), so every number is normalised where it enters —
// the HTTP API, SIP, the region's configuration, stored documents — before it is matched,
// stored or hashed. The rules, with the default country Finland (+358, trunk prefix 0):
//
//   "+358 40 123 4567", "+358 (0)40-123 4567"  -> "+358401234567"  separators dropped; so is a
//                                                                 trunk 0 after a country code
//                                                                 ("(0)", or any 0 after the
//                                                                 default country's code)
//   "0401234567", "040 123 4567"              -> "+358401234567"  trunk 0: the default country
//   "00358401234567", "0046701234567"         -> "+358...", "+46..."  00: international prefix
//   "358401234567"                            -> "+358401234567"  the default country's code
//   "116117", "112", "10023"                  -> kept as written  3-6 digits, no prefix: a
//                                                                 national short number
//   "", "   "                                 -> ""               no number (withheld)
//
// Separators are spaces, tabs, no-break spaces, '-', '.', '/' and parentheses. Anything else
// (letters, "anonymous", other punctuation, invalid UTF-8), a '+' that does not come first,
// an international number of fewer than 7 or more than 15 digits (the E.164 limit), one whose
// country code starts with 0, and 7 or more digits with neither a prefix nor the default
// country's code (a local number without its area code: which area?) are errors.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::core {

// The calling code of the country whose national numbers are written with the trunk prefix 0
// and no country code. Finland's; a region elsewhere would pass its own.
inline constexpr std::string_view kFinlandCallingCode = "358";

// The normal form of `text` (see above); an error says why it is not a phone number, quoting
// it safely. Callers put the field's name in front of the message.
Result<std::string> normalizePhoneNumber(std::string_view text,
                                         std::string_view calling_code = kFinlandCallingCode);

// True when `number` is a phone number already in its normal form (empty is not): exactly
// when normalizePhoneNumber() would return it unchanged, decided without parsing or allocating.
bool isNormalPhoneNumber(std::string_view number,
                         std::string_view calling_code = kFinlandCallingCode);

// OK when `number` is a phone number in its normal form. Commands and definitions are checked
// with it: the edges normalise, so anything else reaching the domain is a bug at an edge.
// The error starts with `field`.
Status checkNormalPhoneNumber(std::string_view number, std::string_view field);

// For numbers read back from the store: the normal form when there is one, else the text as
// it was stored (older versions stored numbers as written, and stored data must still load).
std::string normalizeStoredPhoneNumber(std::string_view stored,
                                       std::string_view calling_code = kFinlandCallingCode);

// True when older versions accepted `text` as a number: an optional '+' and 3-15 digits. Some
// of those (a 7-digit local number) have no normal form and stay as they were stored.
bool isLegacyPhoneNumber(std::string_view text);

// The spellings under which an older version may have stored `normal` (a normal form), the
// normal form first: it kept numbers as written, '+' and 3-15 digits. For "+358401234567":
// "+358401234567", "358401234567", "00358401234567", "0401234567", "+3580401234567". Append-
// only records (the access log) are looked up under all of them.
std::vector<std::string> legacyPhoneNumberSpellings(
    std::string_view normal, std::string_view calling_code = kFinlandCallingCode);

}  // namespace luukku::core
