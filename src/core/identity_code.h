// The Finnish personal identity code (henkilötunnus): DDMMYYCNNNK, where C is the century
// sign ('+' 1800s; '-', 'U'-'Y' 1900s; 'A'-'F' 2000s), NNN the individual number (002-899;
// 900-999 are temporary codes and accepted) and K the check character: DDMMYYNNN as one
// number modulo 31, indexed into "0123456789ABCDEFHJKLMNPRSTUVWXY".
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace luukku::core {

// The code in its canonical form (upper case) when it is a valid one: a real calendar date,
// a century sign, an individual number and the right check character. kInvalidArgument
// otherwise, with a message that never repeats the input.
Result<std::string> parseIdentityCode(std::string_view text);

// The date of birth a valid code (from parseIdentityCode) names.
Date birthDateOf(std::string_view code);

// Whether the person born on `birth` is under `years` old on `today`.
bool isUnder(Date birth, int years, Date today);

}  // namespace luukku::core
