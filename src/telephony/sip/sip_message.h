// Private to src/telephony/sip: what the stack reads out of sofia's parsed SIP messages.
// Pure functions of the message; nothing here talks to NUA.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "telephony/sip/sip_stack.h"
#include "telephony/sip/sofia.h"

namespace luukku::telephony::sip {

// A C string that may be null, as a std::string.
std::string str(const char* s);

// The message's source IP address (numeric), or empty.
std::string sourceAddress(msg_t* msg);

// `url` as text; empty when it is null or longer than 511 characters.
std::string urlString(const url_t* url);

// A Digest Authorization header's parameters ("name=value"), at most 32; none for another scheme.
std::vector<std::string> authParams(const msg_auth_t* au);

// The caller's number from the From header, normalised (core/phone_number.h) so that a
// trunk's "0401234567" and "+358401234567" are one caller; empty when withheld, and for
// "anonymous", "unavailable" or anything else that is not a phone number.
std::string callerNumber(const sip_t* sip);

// The message body, or empty.
std::string body(const sip_t* sip);

// What a REFER asks for (RFC 3515, RFC 3891): the Refer-To's target and the Replaces in its
// header part, the legs left 0 for the stack to fill; `*replaces` is that Replaces parsed, in
// `home`, for nua_handle_by_replaces (null without one). Null without a usable Refer-To
// (absent, no user part, or a Replaces that does not parse).
std::optional<TransferRequest> transferRequest(su_home_t* home, const sip_t* sip,
                                               const sip_replaces_t** replaces);

}  // namespace luukku::telephony::sip
