// Internal to src/core/routing: checks of values that arrive in commands.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/phone_number.h"
#include "core/region.h"
#include "core/status.h"
#include "core/text.h"

namespace luukku::core::routing::detail {

inline Status failedPrecondition(std::string message) {
  return {ErrorCode::kFailedPrecondition, std::move(message)};
}

inline Status notOpen(std::string_view task_id) {
  return notFound("task '" + printable(task_id) +
                  "' is not open: it does not exist or has already ended");
}

inline Status notHeld(std::string_view task_id, std::string_view agent_id) {
  return conflict("task '" + std::string(task_id) + "' is not held by agent '" +
                  printable(agent_id) + "'");
}

inline bool isLanguageCode(std::string_view code) {
  return (code.size() == 2 || code.size() == 3) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Numbers arrive normalised (see core/phone_number.h): every edge normalises before it
// builds a command, so two spellings of one number can never make two tasks.
inline Status checkNumber(std::string_view number, std::string_view field) {
  return number.empty() ? Status::ok() : checkNormalPhoneNumber(number, field);
}

inline Status checkOptionalId(std::string_view id, std::string_view field) {
  if (!id.empty() && !isValidId(id)) {
    return invalidArgument(std::string(field) + " '" + printable(id) +
                           "' must be a lowercase slug");
  }
  return Status::ok();
}

inline Status checkLanguage(std::string_view code) {
  if (!code.empty() && !isLanguageCode(code)) {
    return invalidArgument("language '" + printable(code) + "' must be an ISO 639 code such as fi");
  }
  return Status::ok();
}

// Free text shown to people: bounded, UTF-8, no control characters.
inline Status checkText(std::string_view text, std::string_view field, std::size_t max) {
  if (text.size() > max) {
    return invalidArgument(std::string(field) + " is longer than " + std::to_string(max) +
                           " bytes");
  }
  if (!isValidUtf8(text) || std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20;
      })) {
    return invalidArgument(std::string(field) + " must be UTF-8 text without control characters");
  }
  return Status::ok();
}

// Free text of several lines (a contact request's description): as checkText, but line
// breaks are allowed (the API edge has made every CR LF a LF).
inline Status checkMultilineText(std::string_view text, std::string_view field, std::size_t max) {
  std::string flat(text);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  return checkText(flat, field, max);
}

// Sorted, without duplicates: the canonical form of a skill list.
inline std::vector<std::string> skillSet(std::vector<std::string> a,
                                         const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace luukku::core::routing::detail
