// Passwords: argon2id hashing (libsodium's crypto_pwhash_str) and the password policy.
//
// The chosen cost, PasswordCost::standard(), is 3 passes over 64 MiB: about 100 ms per hash
// on the 2-core reference machine, so a sign-in stays within 250 ms (docs/performance.md,
// "Identity"). Tests use PasswordCost::fastest() to stay quick.
//
// Thread-safety: all functions are thread-safe. Hashing is CPU- and memory-heavy: call it
// off the I/O threads (Identity does so on its blocking pool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace luukku::identity {

struct PasswordCost {
  std::uint64_t passes = 3;                 // argon2id opslimit
  std::size_t memory_bytes = 64u << 20;     // argon2id memlimit
  static PasswordCost standard() { return {}; }
  static PasswordCost fastest() { return {1, 8u << 10}; }
};

// Limits on what a sign-in form may send; longer input is refused before any work.
inline constexpr std::size_t kMaxUsernameBytes = 64;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// The argon2id string to store ("$argon2id$v=19$m=65536,t=3,p=1$...").
Result<std::string> hashPassword(std::string_view password, PasswordCost cost);
// True when `password` matches `stored`; false for a mismatch or a malformed hash.
bool verifyPassword(std::string_view password, const std::string& stored);
// True when `stored` was made with another cost and should be replaced after a sign-in.
bool needsRehash(const std::string& stored, PasswordCost cost);

// The policy: 12 to 256 characters of valid UTF-8 without control characters, not the
// username or containing it, not one character repeated, not a well-known password.
Status checkPasswordPolicy(std::string_view password, std::string_view username);

}  // namespace luukku::identity
