// Redaction applied to every log line before it is written: Finnish personal identity codes
// (henkilötunnus, e.g. 131052-308T) are replaced, wherever they appear, by "[hetu]". Code
// should never log them in the first place; this is the net under that rule.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace luukku::app {

std::string redactPersonalData(std::string_view text);

}  // namespace luukku::app
