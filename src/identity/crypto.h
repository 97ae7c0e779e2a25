// Small cryptographic helpers on libsodium: random secrets, hashes of secrets for storage,
// keyed hashes, constant-time comparison and base64url. sodium.h stays in crypto.cc.
//
// Thread-safety: all functions are thread-safe (libsodium is initialised once, on first use).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace luukku::identity {

// `bytes` random bytes from the operating system's CSPRNG, base64url without padding.
std::string randomSecret(std::size_t bytes = 32);
// `bytes` random bytes as lowercase hex.
std::string randomHex(std::size_t bytes);

// The stored form of a high-entropy secret (a session cookie, an API token): BLAKE2b-256 in
// hex. Not for passwords (see password.h).
std::string secretHash(std::string_view secret);

// BLAKE2b-256 keyed with `key` (32 bytes), in hex.
using HashKey = std::array<unsigned char, 32>;
std::string keyedHash(const HashKey& key, std::string_view text);
HashKey randomHashKey();

// Compares without leaking where the first difference is (lengths may leak).
bool constantTimeEquals(std::string_view a, std::string_view b);

std::string base64UrlEncode(std::string_view bytes);
// nullopt when `text` is not base64url (padding is accepted and ignored).
std::optional<std::string> base64UrlDecode(std::string_view text);

std::string toHex(std::string_view bytes);
std::optional<std::string> fromHex(std::string_view hex);

// SHA-256 of `bytes` (raw 32 bytes), for PKCE's S256.
std::string sha256(std::string_view bytes);

}  // namespace luukku::identity
