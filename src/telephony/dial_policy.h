// Who may be dialled: the toll-fraud guard in front of every call Luukku places through the
// operator's trunk (a callback, click-to-call, a consultation, an external transfer).
//
// A stolen agent account or a bug in a flow must not be able to call premium-rate or foreign
// numbers on the region's bill, so every outgoing number is checked against its service line's
// rules before an INVITE leaves. The rules, in order:
//
//   1. The number is normalised (core/phone_number.h): "040 123 4567" and "+358401234567" are
//      one number. Something that is not a phone number, or no number, is kInvalidArgument.
//   2. An emergency number ([dialing] emergency, "112" by default) is always allowed: for any
//      line, known or not, and any purpose.
//   3. A line without rules, or whose rules say outbound = false, refuses callbacks,
//      click-to-call and consultations; one with external_transfer = false refuses external
//      transfers. The two are independent.
//   4. The number must match one of the line's patterns.
//   Refusals in 3 and 4 are kPermissionDenied with a message naming the line and the reason.
//
// Patterns are written over normal forms: an optional leading '+', then digits and 'X' (exactly
// one digit), then optionally '*' (any rest, also none): "+3589*", "+35840XXXXXXX", "116117".
// There are no exclusions: to keep premium-rate ranges (+358600, +358700) out, list the ranges
// that are allowed, never a whole country. checkDialPattern() says what makes a pattern
// invalid; every pattern is checked when the configuration is loaded.
//
// Numbers that stay inside Luukku (an agent's extension) never reach this check: it guards the
// trunk only.
//
// Thread-safety: a DialPolicy is immutable after construction; its const methods may be called
// from any thread at once. check() and isEmergency() allocate only for a number written in
// another form than its normal one, and for the message of a refusal.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::telephony {

// Why a call is placed; the line's rules differ for external transfers.
enum class DialPurpose { kCallback, kClickToCall, kConsult, kExternalTransfer };

// "callback", "click_to_call", "consult", "external_transfer": for logs and metrics labels.
std::string_view dialPurposeName(DialPurpose purpose);

// One service line's rules ([[outbound]] in the telephony file).
struct LineDialRules {
  std::string line_id;
  bool outbound = false;             // callbacks, click-to-call and consultations
  bool external_transfer = false;    // handing a caller over to a number outside Luukku
  std::vector<std::string> allowed;  // patterns (see above); a number must match one
};

struct DialPolicyConfig {
  std::vector<std::string> emergency_numbers{"112"};  // any spelling; at least one
  std::vector<LineDialRules> lines;                   // at most one entry per line
};

// OK when `pattern` is a valid pattern: '+' only first; '*' only last; only digits and 'X'
// between; the first of those a digit 1-9 (a pattern names at least the start of a country
// code or of a short number); with '+', no trunk 0 after Finland's code ("+3580..." never
// matches) and at most 15 digits; without '+', a short number of at most 6 digits. Without
// '*' the length must be one a number can have (7-15 after '+', 3-6 without). The error
// quotes the pattern and says why.
Status checkDialPattern(std::string_view pattern);

// OK when every emergency number is a phone number (and there is one), every line has an id
// listed once, and every pattern passes checkDialPattern(). Errors name the key as the
// telephony file spells it: "dialing.emergency[0]", "outbound[1].line",
// "outbound[0].allowed[2]".
Status validateDialPolicyConfig(const DialPolicyConfig& config);

class DialPolicy {
 public:
  // `config` must have passed validateDialPolicyConfig() (asserted); should it not have, an
  // invalid pattern matches nothing and an invalid emergency number is ignored.
  explicit DialPolicy(DialPolicyConfig config);

  // OK when `line_id` may dial `number` for `purpose` (rules above).
  Status check(std::string_view line_id, std::string_view number, DialPurpose purpose) const;

  // True when `number`, normalised, is one of the emergency numbers.
  bool isEmergency(std::string_view number) const;

 private:
  struct Pattern {
    bool plus = false;   // the number must be international
    bool rest = false;   // a trailing '*': any further digits
    std::string digits;  // digits and 'X', without '+' and '*'
  };
  struct Line {
    bool outbound = false;
    bool external_transfer = false;
    std::vector<Pattern> allowed;
  };
  // The rules for `normal` (a normal form, not an emergency number) on `line_id`.
  Status checkLine(std::string_view line_id, std::string_view normal, DialPurpose purpose) const;
  bool isEmergencyNormal(std::string_view normal) const;
  static bool matches(const Pattern& pattern, std::string_view normal);

  std::vector<std::string> emergency_;              // normal forms
  std::map<std::string, Line, std::less<>> lines_;  // by line id
};

}  // namespace luukku::telephony
