#include "identity/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace luukku::identity {
namespace {

void ensureInit() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    return true;
  }();
  (void)ready;
}

}  // namespace

std::string randomSecret(std::size_t bytes) {
  ensureInit();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64UrlEncode(raw);
}

std::string randomHex(std::size_t bytes) {
  ensureInit();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return toHex(raw);
}

std::string secretHash(std::string_view secret) {
  ensureInit();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return toHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string keyedHash(const HashKey& key, std::string_view text) {
  ensureInit();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), key.data(), key.size());
  return toHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

HashKey randomHashKey() {
  ensureInit();
  HashKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  ensureInit();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64UrlEncode(std::string_view bytes) {
  ensureInit();
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  ensureInit();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string sha256(std::string_view bytes) {
  ensureInit();
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace luukku::identity
