// What the PostgreSQL backends share (the event store, the identity store, and whatever comes
// next): owning handles for libpq's objects, one Session type that connects, runs statements,
// turns failures into Status and runs transactions, and the one table of which errors are
// worth retrying. Every message keeps the connection URL's password out.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/status.h"

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

// What a failed statement's SQLSTATE means to the caller. This is the one place that
// decides; retryable becomes kUnavailable ("try again later", the API's 503), permanent
// becomes kInternal, taken becomes kAlreadyExists.
//
// SQLSTATE       class      why
// (none)         retryable  libpq got no answer from the server: the connection broke or was
//                           never made, and a new one may work
// 08xxx          retryable  connection exception: the same, as the server saw it
// 25P03          retryable  idle_in_transaction_session_timeout: the server ended the session
//                           and rolled back, so nothing was written
// 25P04          retryable  transaction_timeout (PostgreSQL 17): as 25P03
// 40001, 40P01   retryable  serialization failure, deadlock: PostgreSQL rolled the transaction
//                           back so that it can be run again
// 53xxx          retryable  insufficient resources (disk full, out of memory, too many
//                           connections): the server cannot serve now; the statement is right
// 55P03          retryable  lock_not_available (lock_timeout, NOWAIT): another session holds
//                           the lock (the event log's writer, the access log's chain) and will
//                           let it go
// 57xxx          retryable  operator intervention (cancel, shutdown, crash, starting up): a
//                           restarted server or a promoted standby serves
// 58000, 58030   retryable  system error, I/O error: the server's disk or OS failed, not the
//                           statement; a failover serves
// 58P01, 58P02   permanent  undefined_file, duplicate_file: a file of the installation is
//                           missing or in the way; retrying finds it the same
// 23505          taken      unique_violation: a key is in use; the store says which
// anything else  permanent  syntax, schema, constraint and data errors: the statement or the
//                           schema is wrong, and running it again fails again
//
// Whatever the SQLSTATE, a statement on a connection that libpq reports as broken is
// retryable (Session::failure).
enum class FailureClass { kRetryable, kPermanent, kTaken };
FailureClass classifySqlstate(std::string_view sqlstate);

// Where a query's result cells come back: as text, or in PostgreSQL's binary wire format.
enum class Cells { kText = 0, kBinary = 1 };

// The parameters of one statement, in libpq's form; the storage belongs to the caller and
// must outlive the call. `lengths` and `formats` may be null for text parameters.
struct ParamList {
  int count = 0;
  const char* const* values = nullptr;
  const int* lengths = nullptr;
  const int* formats = nullptr;
};

// A statement prepared once per connection, under `name`; statements are constants (their
// name is remembered by address, not copied).
struct PreparedStatement {
  const char* name;
  const char* sql;
  int param_count;
};

// The isolation a transaction asks for.
enum class Isolation { kServerDefault, kReadCommitted };

// Session: one libpq connection of a Luukku store, checked (PostgreSQL 11 or newer, UTF8)
// and with durable commits (synchronous_commit off is turned on; stricter settings are kept).
//
// Statements never reconnect by themselves: a statement on a dropped connection fails with
// kUnavailable. The owner calls reconnect() where that is safe: never inside a transaction,
// and never for a connection whose session-level locks mean something (the event log's
// writer).
//
// Thread-safety: none; one thread at a time, as libpq's PGconn.
class Session {
 public:
  // Connects with a libpq connection URI; `application` names the connection in
  // pg_stat_activity unless the URI does. Connection defaults notice a vanished server within
  // about 30 s (keepalives, a limit on unacknowledged data) instead of the kernel's TCP
  // timeout, so a standby can take over. Fails with kUnavailable or kFailedPrecondition, with
  // libpq's reason and without the password.
  static Result<Session> open(const std::string& url, const char* application);

  Session(Session&&) = default;
  Session& operator=(Session&&) = default;

  bool connected() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  // The connection for what Session does not wrap (reading results, PQserverVersion).
  PGconn* conn() const { return conn_.get(); }

  // Connects again if the connection dropped; prepared statements are forgotten.
  Status reconnect();

  // A statement whose result carries no rows (BEGIN, SET, DDL; several separated by ';').
  Status command(const std::string& sql, std::string_view doing);
  // A one-off statement; `doing` says what it was for in the error.
  Result<PgResultPtr> query(const std::string& sql, const ParamList& params, Cells cells,
                            std::string_view doing);
  // One of the owner's prepared statements, preparing it first on this connection.
  Result<PgResultPtr> run(const PreparedStatement& statement, const ParamList& params, Cells cells,
                          std::string_view doing);

  // Runs `body` (returning Status) between BEGIN and COMMIT, rolling back if it fails.
  // A COMMIT whose connection dropped is kUnavailable saying that whether it was recorded
  // is unknown; a COMMIT that PostgreSQL turned into a rollback is kInternal.
  template <typename Body>
  Status transaction(std::string_view doing, Body&& body,
                     Isolation isolation = Isolation::kServerDefault) {
    RETURN_IF_ERROR(begin(doing, isolation));
    Status status = body();
    if (!status.isOk()) {
      rollback();
      return status;
    }
    return commit(doing);
  }

  // Ends a transaction left open, if any, discarding it.
  void rollback();

  // A failed statement's result as a Status, classified by classifySqlstate(); a unique
  // violation's message names the taken key (its detail), no other detail is repeated.
  Status failure(const PGresult* result, std::string_view doing) const;
  // `message` without the connection's password.
  std::string scrub(std::string message) const;

 private:
  Session(ConnPtr conn, std::vector<std::string> secrets);
  Status configure();
  Status begin(std::string_view doing, Isolation isolation);
  Status commit(std::string_view doing);
  Result<PgResultPtr> checked(PgResultPtr result, std::string_view doing) const;

  ConnPtr conn_;
  std::vector<std::string> secrets_;
  std::unordered_set<std::string_view> prepared_;  // names prepared on this connection
};

}  // namespace luukku::store::pg
