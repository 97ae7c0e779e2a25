#include "identity/sealing.h"

#include <sodium.h>

#include <stdexcept>

namespace luukku::identity {
namespace {

constexpr std::string_view kPrefix = "v1.";
constexpr std::string_view kKeyLabel = "luukku sealed personal data key v1";
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == sizeof(HashKey));

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Sealer::Sealer(const HashKey& identity_key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  auto derived = fromHex(keyedHash(identity_key, kKeyLabel));
  std::copy(derived->begin(), derived->end(), key_.begin());
}

std::string Sealer::seal(std::string_view plain, std::string_view context) const {
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                             &written, bytes(plain), plain.size(), bytes(context),
                                             context.size(), nullptr, nonce, key_.data());
  out.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + written);
  return std::string(kPrefix) + base64UrlEncode(out);
}

Result<std::string> Sealer::open(std::string_view sealed, std::string_view context) const {
  if (!sealed.starts_with(kPrefix)) return invalidArgument("not a sealed value");
  auto raw = base64UrlDecode(sealed.substr(kPrefix.size()));
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!raw || raw->size() < kOverhead) return invalidArgument("not a sealed value");
  const auto* nonce = bytes(*raw);
  std::string_view cipher =
      std::string_view(*raw).substr(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  std::string plain(cipher.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr, bytes(cipher),
          cipher.size(), bytes(context), context.size(), nonce, key_.data()) != 0) {
    return invalidArgument("the sealed value does not open here");
  }
  plain.resize(length);
  return plain;
}

}  // namespace luukku::identity
