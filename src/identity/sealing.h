// Sealer: encryption of the personal data Luukku must keep but must not show in the clear —
// a citizen's personal identity code (henkilötunnus) once they have identified themselves.
//
// XChaCha20-Poly1305 (libsodium's IETF AEAD) under a key derived from the server's identity
// key (BLAKE2b keyed with it over a fixed label), with a fresh random 24-byte nonce for every
// seal. The sealed text is "v1." + base64url(nonce || ciphertext || tag). `context` is
// authenticated but not stored: a value sealed for one record (its chat id) does not open for
// another, so a sealed code copied into someone else's chat fails.
//
// The key never leaves the process; the database alone cannot open what it holds. Losing the
// identity key file loses the codes (back it up with the database, as the access log needs).
//
// Thread-safety: immutable after construction; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "identity/crypto.h"

namespace luukku::identity {

class Sealer {
 public:
  explicit Sealer(const HashKey& identity_key);

  std::string seal(std::string_view plain, std::string_view context) const;
  // kInvalidArgument when `sealed` is not one of ours, was changed, or was sealed for another
  // context or under another key.
  Result<std::string> open(std::string_view sealed, std::string_view context) const;

 private:
  HashKey key_;
};

}  // namespace luukku::identity
