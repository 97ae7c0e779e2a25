#include "telephony/dial_policy.h"

#include <algorithm>
#include <cassert>
#include <set>

#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::telephony {
namespace {

constexpr std::size_t kMaxDigits = 15;        // E.164
constexpr std::size_t kMinInternational = 7;  // as core/phone_number.cc
constexpr std::size_t kMinShort = 3;
constexpr std::size_t kMaxShort = 6;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

Status notAPattern(std::string_view pattern, std::string_view why) {
  return invalidArgument("'" + printable(pattern) + "' is not a dial pattern: " + std::string(why));
}

std::string quotedLine(std::string_view line_id) {
  return "line '" + printable(line_id) + "'";
}

// The normal form of `number`, in `scratch` unless it is one already; an error when it is not
// a phone number or is empty.
Result<std::string_view> normalForm(std::string_view number, std::string& scratch) {
  if (core::isNormalPhoneNumber(number)) return number;
  auto normal = core::normalizePhoneNumber(number);
  if (!normal) return normal.status();
  if (normal->empty()) return invalidArgument("no number to dial");
  scratch = std::move(normal).value();
  return std::string_view(scratch);
}

}  // namespace

std::string_view dialPurposeName(DialPurpose purpose) {
  switch (purpose) {
    case DialPurpose::kCallback:
      return "callback";
    case DialPurpose::kClickToCall:
      return "click_to_call";
    case DialPurpose::kConsult:
      return "consult";
    case DialPurpose::kExternalTransfer:
      return "external_transfer";
  }
  return "unknown";
}

Status checkDialPattern(std::string_view pattern) {
  std::string_view body = pattern;
  bool plus = body.starts_with('+');
  if (plus) body.remove_prefix(1);
  bool rest = body.ends_with('*');
  if (rest) body.remove_suffix(1);
  if (body.empty()) return notAPattern(pattern, "it names no digits");
  for (char c : body) {
    if (c == '+') return notAPattern(pattern, "'+' may only come first");
    if (c == '*') return notAPattern(pattern, "'*' may only come last");
    if (!isDigit(c) && c != 'X') {
      return notAPattern(pattern, "only a leading '+', digits, 'X' and a trailing '*' may be used");
    }
  }
  if (body[0] == '0' || body[0] == 'X') {
    return notAPattern(pattern,
                       "it must start with a digit 1-9 (numbers are matched in their "
                       "normal form: +358401234567, not 0401234567)");
  }
  if (plus) {
    std::string_view code = core::kFinlandCallingCode;
    if (body.size() > code.size() && body.starts_with(code) && body[code.size()] == '0') {
      return notAPattern(pattern, "no number has the trunk 0 after +358");
    }
    if (body.size() > kMaxDigits) return notAPattern(pattern, "more than 15 digits");
    if (!rest && body.size() < kMinInternational) {
      return notAPattern(pattern, "an international number has at least 7 digits");
    }
  } else {
    if (body.size() > kMaxShort) {
      return notAPattern(pattern, "a number this long is matched with its country code: +358...");
    }
    if (!rest && body.size() < kMinShort) {
      return notAPattern(pattern, "a short number has at least 3 digits");
    }
  }
  return Status::ok();
}

Status validateDialPolicyConfig(const DialPolicyConfig& config) {
  if (config.emergency_numbers.empty()) {
    return invalidArgument("dialing.emergency must list at least one number (112)");
  }
  for (std::size_t i = 0; i < config.emergency_numbers.size(); ++i) {
    auto normal = core::normalizePhoneNumber(config.emergency_numbers[i]);
    std::string key = "dialing.emergency[" + std::to_string(i) + "]: ";
    if (!normal) return invalidArgument(key + normal.status().message());
    if (normal->empty()) return invalidArgument(key + "is empty");
  }
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < config.lines.size(); ++i) {
    const LineDialRules& line = config.lines[i];
    std::string key = "outbound[" + std::to_string(i) + "].";
    if (line.line_id.empty()) return invalidArgument(key + "line: every entry names its line");
    if (!ids.insert(line.line_id).second) {
      return invalidArgument(key + "line: " + quotedLine(line.line_id) + " is listed twice");
    }
    for (std::size_t j = 0; j < line.allowed.size(); ++j) {
      if (Status s = checkDialPattern(line.allowed[j]); !s.isOk()) {
        return invalidArgument(key + "allowed[" + std::to_string(j) + "]: " + s.message());
      }
    }
  }
  return Status::ok();
}

DialPolicy::DialPolicy(DialPolicyConfig config) {
  assert(validateDialPolicyConfig(config).isOk());
  for (const std::string& number : config.emergency_numbers) {
    auto normal = core::normalizePhoneNumber(number);
    if (normal && !normal->empty()) emergency_.push_back(std::move(normal).value());
  }
  for (LineDialRules& rules : config.lines) {
    Line line;
    line.outbound = rules.outbound;
    line.external_transfer = rules.external_transfer;
    for (std::string& text : rules.allowed) {
      if (!checkDialPattern(text).isOk())
        continue;  // fail closed: an invalid pattern allows nothing
      Pattern p;
      std::string_view body = text;
      p.plus = body.starts_with('+');
      if (p.plus) body.remove_prefix(1);
      p.rest = body.ends_with('*');
      if (p.rest) body.remove_suffix(1);
      p.digits = body;
      line.allowed.push_back(std::move(p));
    }
    lines_.emplace(std::move(rules.line_id), std::move(line));
  }
}

Status DialPolicy::check(std::string_view line_id, std::string_view number,
                         DialPurpose purpose) const {
  std::string scratch;
  ASSIGN_OR_RETURN(std::string_view normal, normalForm(number, scratch));
  if (isEmergencyNormal(normal)) return Status::ok();
  return checkLine(line_id, normal, purpose);
}

Status DialPolicy::checkLine(std::string_view line_id, std::string_view normal,
                             DialPurpose purpose) const {
  auto it = lines_.find(line_id);
  const Line* line = it == lines_.end() ? nullptr : &it->second;
  if (purpose == DialPurpose::kExternalTransfer) {
    if (!line || !line->external_transfer) {
      return {ErrorCode::kPermissionDenied,
              quotedLine(line_id) + " does not allow external transfers"};
    }
  } else if (!line || !line->outbound) {
    return {ErrorCode::kPermissionDenied, quotedLine(line_id) + " does not allow outgoing calls"};
  }
  bool allowed = std::any_of(line->allowed.begin(), line->allowed.end(),
                             [&](const Pattern& p) { return matches(p, normal); });
  if (!allowed) {
    return {ErrorCode::kPermissionDenied,
            std::string(normal) + " is not among the numbers " + quotedLine(line_id) + " may dial"};
  }
  return Status::ok();
}

bool DialPolicy::isEmergency(std::string_view number) const {
  std::string scratch;
  auto normal = normalForm(number, scratch);
  return normal && isEmergencyNormal(*normal);
}

bool DialPolicy::isEmergencyNormal(std::string_view normal) const {
  return std::find(emergency_.begin(), emergency_.end(), normal) != emergency_.end();
}

bool DialPolicy::matches(const Pattern& pattern, std::string_view normal) {
  if (normal.starts_with('+') != pattern.plus) return false;
  if (pattern.plus) normal.remove_prefix(1);
  if (normal.size() < pattern.digits.size()) return false;
  if (!pattern.rest && normal.size() != pattern.digits.size()) return false;
  for (std::size_t i = 0; i < pattern.digits.size(); ++i) {
    char want = pattern.digits[i];
    if (want != 'X' && want != normal[i]) return false;
  }
  return true;  // the rest of a normal form is digits
}

}  // namespace luukku::telephony
