#include "identity/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/text.h"

namespace luukku::identity {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t codePoints(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A few of the most used passwords that pass the length rule; the point is to refuse the
// obvious, not to be a breach corpus.
constexpr std::array<std::string_view, 12> kWellKnown = {
    "123456789012", "password1234", "salasana1234", "qwertyuiop12", "qwertyuiopå1",
    "1234567890ab", "passwordpassword", "salasanasalasana", "iloveyou1234", "letmein12345",
    "adminadmin12", "welcome12345"};

}  // namespace

Result<std::string> hashPassword(std::string_view password, PasswordCost cost) {
  if (sodium_init() < 0) return internalError("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.passes,
                            cost.memory_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return unavailable("out of memory while hashing a password");
  }
  return std::string(out);
}

bool verifyPassword(std::string_view password, const std::string& stored) {
  if (sodium_init() < 0) return false;
  if (!stored.starts_with("$argon2id$")) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(const std::string& stored, PasswordCost cost) {
  return crypto_pwhash_str_needs_rehash(stored.c_str(), cost.passes, cost.memory_bytes) != 0;
}

Status checkPasswordPolicy(std::string_view password, std::string_view username) {
  if (password.size() > kMaxPasswordBytes) {
    return invalidArgument("the password is longer than " + std::to_string(kMaxPasswordBytes) +
                           " bytes");
  }
  if (!isValidUtf8(password)) return invalidArgument("the password is not valid UTF-8");
  for (char c : password) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return invalidArgument("the password contains a control character");
    }
  }
  std::size_t length = codePoints(password);
  if (length < 12) return invalidArgument("the password must have at least 12 characters");
  if (length > 256) return invalidArgument("the password must have at most 256 characters");
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return invalidArgument("the password must not be one character repeated");
  }
  std::string lowered = lower(password);
  if (!username.empty() && lowered.find(lower(username)) != std::string::npos) {
    return invalidArgument("the password must not contain the username");
  }
  for (std::string_view known : kWellKnown) {
    if (lowered == known) return invalidArgument("the password is too well known; choose another");
  }
  return Status::ok();
}

}  // namespace luukku::identity
