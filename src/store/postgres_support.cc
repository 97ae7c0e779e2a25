#include "store/postgres_support.h"

#include <cstring>
#include <string_view>
#include <utility>

#include "store/event_store.h"

namespace luukku::store::pg {

std::vector<std::string> passwordsIn(const std::string& url) {
  std::vector<std::string> found;
  char* parse_error = nullptr;
  ConninfoPtr options(PQconninfoParse(url.c_str(), &parse_error));
  PQfreemem(parse_error);
  for (PQconninfoOption* o = options.get(); o && o->keyword; ++o) {
    if (std::strcmp(o->keyword, "password") == 0 && o->val) found.emplace_back(o->val);
  }
  std::string_view text(url);
  if (auto scheme = text.find("://"); scheme != std::string_view::npos) {
    auto at = text.find('@', scheme + 3);
    auto colon = text.find(':', scheme + 3);
    if (at != std::string_view::npos && colon < at) {
      found.emplace_back(text.substr(colon + 1, at - colon - 1));
    }
  }
  for (auto pos = text.find("password="); pos != std::string_view::npos;
       pos = text.find("password=", pos + 1)) {
    found.emplace_back(text.substr(pos + 9, text.find('&', pos + 9) - (pos + 9)));
  }
  return found;
}

std::string withoutSecrets(std::string message, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = message.find(secret); pos != std::string::npos;
         pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return message;
}

std::string trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

FailureClass classifySqlstate(std::string_view sqlstate) {
  if (sqlstate.empty()) return FailureClass::kRetryable;
  if (sqlstate == "23505") return FailureClass::kTaken;
  if (sqlstate == "58P01" || sqlstate == "58P02") return FailureClass::kPermanent;
  for (std::string_view class_prefix : {"08", "53", "57", "58"}) {
    if (sqlstate.starts_with(class_prefix)) return FailureClass::kRetryable;
  }
  for (std::string_view code : {"25P03", "25P04", "40001", "40P01", "55P03"}) {
    if (sqlstate == code) return FailureClass::kRetryable;
  }
  return FailureClass::kPermanent;
}

namespace {

// Notices ("relation already exists, skipping") are expected chatter; libpq would print them
// to stderr, past the server's logging.
void ignoreNotice(void*, const char*) {}

}  // namespace

Result<Session> Session::open(const std::string& url, const char* application) {
  std::vector<std::string> secrets = passwordsIn(url);
  // Keywords later in the list override earlier ones: the URL may set its own timeouts and
  // application name. The client encoding is always UTF8 because the stores pass text
  // through byte for byte.
  const char* keywords[] = {"connect_timeout",  "keepalives_idle",  "keepalives_interval",
                            "keepalives_count", "tcp_user_timeout", "fallback_application_name",
                            "dbname",           "client_encoding",  nullptr};
  const char* values[] = {"10", "10", "5", "4", "30000", application, url.c_str(), "UTF8", nullptr};
  ConnPtr conn(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!conn) return unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return unavailable(withoutSecrets("cannot connect to PostgreSQL at " + redactStoreUrl(url) +
                                          ": " + trimmed(PQerrorMessage(conn.get())),
                                      secrets));
  }
  // The session may have found its password in PGPASSWORD or ~/.pgpass; hide that one too.
  if (const char* used = PQpass(conn.get()); used && *used) secrets.emplace_back(used);
  PQsetNoticeProcessor(conn.get(), ignoreNotice, nullptr);
  Session session(std::move(conn), std::move(secrets));
  RETURN_IF_ERROR(session.configure());
  return session;
}

Session::Session(ConnPtr conn, std::vector<std::string> secrets)
    : conn_(std::move(conn)), secrets_(std::move(secrets)) {}

Status Session::configure() {
  prepared_.clear();
  if (PQserverVersion(conn_.get()) < 110000) {
    return {ErrorCode::kFailedPrecondition, "Luukku needs PostgreSQL 11 or newer"};
  }
  const char* encoding = PQparameterStatus(conn_.get(), "server_encoding");
  if (encoding == nullptr || std::string_view(encoding) != "UTF8") {
    return {ErrorCode::kFailedPrecondition,
            std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
                "; Luukku needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)"};
  }
  // The server or role may default to synchronous_commit=off, which acknowledges commits
  // before they are on disk. Anything else (local, on, remote_write, remote_apply) is at
  // least locally durable and is left alone, so a stricter replication setting still holds.
  ASSIGN_OR_RETURN(PgResultPtr setting,
                   query("SHOW synchronous_commit", {}, Cells::kText, "reading settings"));
  if (PQntuples(setting.get()) == 1 && PQnfields(setting.get()) == 1 &&
      std::string_view(PQgetvalue(setting.get(), 0, 0)) == "off") {
    RETURN_IF_ERROR(command("SET synchronous_commit = on", "making commits durable"));
  }
  return Status::ok();
}

Status Session::reconnect() {
  if (connected()) return Status::ok();
  PQreset(conn_.get());
  if (!connected()) {
    return unavailable(
        scrub("cannot reconnect to PostgreSQL: " + trimmed(PQerrorMessage(conn_.get()))));
  }
  return configure();
}

Status Session::command(const std::string& sql, std::string_view doing) {
  PgResultPtr result(PQexec(conn_.get(), sql.c_str()));
  return checked(std::move(result), doing).status();
}

Result<PgResultPtr> Session::query(const std::string& sql, const ParamList& params, Cells cells,
                                   std::string_view doing) {
  PgResultPtr result(PQexecParams(conn_.get(), sql.c_str(), params.count, nullptr, params.values,
                                  params.lengths, params.formats, static_cast<int>(cells)));
  return checked(std::move(result), doing);
}

Result<PgResultPtr> Session::run(const PreparedStatement& statement, const ParamList& params,
                                 Cells cells, std::string_view doing) {
  if (!prepared_.contains(statement.name)) {
    PgResultPtr prepared(
        PQprepare(conn_.get(), statement.name, statement.sql, statement.param_count, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return failure(prepared.get(), "preparing a statement");
    }
    prepared_.insert(statement.name);
  }
  PgResultPtr result(PQexecPrepared(conn_.get(), statement.name, params.count, params.values,
                                    params.lengths, params.formats, static_cast<int>(cells)));
  return checked(std::move(result), doing);
}

Status Session::begin(std::string_view doing, Isolation isolation) {
  rollback();  // a transaction left open would swallow this one
  return command(
      isolation == Isolation::kReadCommitted ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN",
      doing);
}

Status Session::commit(std::string_view doing) {
  PgResultPtr committed(PQexec(conn_.get(), "COMMIT"));
  if (PQresultStatus(committed.get()) != PGRES_COMMAND_OK) {
    Status failed = failure(committed.get(), "committing");
    if (PQstatus(conn_.get()) == CONNECTION_BAD) {
      // The server may or may not have made the transaction durable before the connection
      // went; only reading again can tell.
      return unavailable(failed.message() +
                         "; the connection was lost during COMMIT, so whether the transaction "
                         "was recorded is unknown");
    }
    return failed;
  }
  // COMMIT of a transaction that had failed rolls it back and says so.
  if (std::string_view(PQcmdStatus(committed.get())) != "COMMIT") {
    return internalError("PostgreSQL rolled the transaction back while " + std::string(doing));
  }
  return Status::ok();
}

void Session::rollback() {
  if (!connected() || PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) return;
  PgResultPtr ignored(PQexec(conn_.get(), "ROLLBACK"));
}

Result<PgResultPtr> Session::checked(PgResultPtr result, std::string_view doing) const {
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return failure(result.get(), doing);
  }
  return result;
}

Status Session::failure(const PGresult* result, std::string_view doing) const {
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string reason = primary ? std::string(primary) : trimmed(PQerrorMessage(conn_.get()));
  FailureClass kind = classifySqlstate(sqlstate ? sqlstate : "");
  if (!connected()) kind = FailureClass::kRetryable;
  if (kind == FailureClass::kTaken) {
    // The detail names the taken key, e.g. "Key (stream_id, stream_seq)=(contact/7, 3)
    // already exists." Other errors' details may quote whole rows (payloads, personal
    // data), so only this one is repeated.
    const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    return alreadyExists(scrub(reason + (detail ? " (" + trimmed(detail) + ")" : "")));
  }
  std::string message = "PostgreSQL error while " + std::string(doing) + ": " + reason;
  if (sqlstate) message += " [SQLSTATE " + std::string(sqlstate) + "]";
  return {kind == FailureClass::kRetryable ? ErrorCode::kUnavailable : ErrorCode::kInternal,
          scrub(std::move(message))};
}

std::string Session::scrub(std::string message) const {
  return withoutSecrets(std::move(message), secrets_);
}

}  // namespace luukku::store::pg
