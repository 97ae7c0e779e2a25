// What the PostgreSQL event store and identity store share: owning handles for libpq's
// objects, and keeping the connection URL's password out of every message.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace luukku::store::pg {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
struct ConninfoFreer {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using PgResultPtr = std::unique_ptr<PGresult, ResultClearer>;
using ConninfoPtr = std::unique_ptr<PQconninfoOption, ConninfoFreer>;

// Every spelling of the URL's password that a message could repeat: libpq's (decoded) and
// the raw text, because libpq's complaint about a malformed URL may quote a piece of it.
std::vector<std::string> passwordsIn(const std::string& url);

// `message` with each of `secrets` replaced by "***".
std::string withoutSecrets(std::string message, const std::vector<std::string>& secrets);

// libpq's messages end in a newline; this is the text without it.
std::string trimmed(const char* text);

}  // namespace luukku::store::pg
