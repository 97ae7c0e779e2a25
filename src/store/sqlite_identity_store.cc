// IdentityStore on SQLite: the same database file as the event log, its own connection.
#include <sqlite3.h>

#include <map>
#include <utility>

#include "store/identity_backends.h"
#include "store/identity_store.h"
#include "store/sqlite_handles.h"
#include "store/sqlite_write_gate.h"

namespace luukku::store {
namespace {

using namespace identity_columns;

using sqlite::DbPtr;
using sqlite::StmtPtr;

// A prepared statement in use: binds by position, steps, reads columns, and resets itself
// when it goes out of scope so it never holds a read transaction open.
class Query {
 public:
  explicit Query(sqlite3_stmt* s) : s_(s) {}
  ~Query() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& text(std::string_view v) {
    sqlite3_bind_text(s_, ++bound_, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Query& int64(std::int64_t v) {
    sqlite3_bind_int64(s_, ++bound_, v);
    return *this;
  }
  Query& time(Timestamp t) { return int64(toMicros(t)); }
  Query& optionalTime(const std::optional<Timestamp>& t) {
    if (t) return time(*t);
    sqlite3_bind_null(s_, ++bound_);
    return *this;
  }
  Query& optionalText(std::string_view v) {
    if (!v.empty()) return text(v);
    sqlite3_bind_null(s_, ++bound_);
    return *this;
  }
  int step() { return sqlite3_step(s_); }

  std::string columnText(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::int64_t columnInt(int col) const { return sqlite3_column_int64(s_, col); }
  Timestamp columnTime(int col) const { return fromMicros(columnInt(col)); }
  std::optional<Timestamp> columnOptionalTime(int col) const {
    if (sqlite3_column_type(s_, col) == SQLITE_NULL) return std::nullopt;
    return columnTime(col);
  }

 private:
  sqlite3_stmt* s_;
  int bound_ = 0;
};

constexpr const char* kAuditColumns =
    "seq, at, actor_id, actor_name, action, target_kind, target_id, before, after";

UserRecord readUser(const Query& q) {
  return {q.columnText(0), q.columnText(1), q.columnText(2),     q.columnText(3),
          q.columnText(4), q.columnText(5), q.columnInt(6) != 0, q.columnTime(7),
          q.columnTime(8), q.columnInt(9),  q.columnText(10)};
}
SessionRecord readSession(const Query& q) {
  return {q.columnText(0), q.columnText(1), q.columnText(2),         q.columnTime(3),
          q.columnTime(4), q.columnTime(5), q.columnOptionalTime(6), q.columnText(7)};
}
TokenRecord readToken(const Query& q) {
  return {q.columnText(0), q.columnText(1), q.columnText(2),         q.columnText(3),
          q.columnText(4), q.columnTime(5), q.columnOptionalTime(6), q.columnOptionalTime(7)};
}
AccessRecord readAccessRow(const Query& q) {
  return {q.columnInt(0),  q.columnTime(1), q.columnText(2),  q.columnText(3),
          q.columnText(4), q.columnText(5), q.columnText(6),  q.columnText(7),
          q.columnText(8), q.columnText(9), q.columnText(10), q.columnText(11)};
}
AuditRecord readAudit(const Query& q) {
  return {q.columnInt(0),  q.columnTime(1), q.columnText(2), q.columnText(3), q.columnText(4),
          q.columnText(5), q.columnText(6), q.columnText(7), q.columnText(8)};
}

class SqliteIdentityStore final : public IdentityStore {
 public:
  SqliteIdentityStore(DbPtr db, const std::string& path)
      : db_(std::move(db)), write_gate_(sqlite::writeGateFor(path)) {}

  Status init() {
    RETURN_IF_ERROR(exec("PRAGMA journal_mode=WAL"));
    RETURN_IF_ERROR(exec("PRAGMA synchronous=FULL"));
    RETURN_IF_ERROR(exec("PRAGMA foreign_keys=ON"));
    sqlite3_busy_timeout(db_.get(), 5000);
    return Status::ok();
  }

  Status createUser(const UserRecord& u, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                       prepare(std::string("INSERT INTO users (") + kUserInsertColumns +
                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      Query q(stmt);
      bind(q, u);
      int rc = q.step();
      if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
        return alreadyExists(
            "a user with this id, username or external identity exists, or the agent is linked "
            "to another account");
      }
      if (rc != SQLITE_DONE) return error("creating a user");
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Status updateUser(const UserRecord& u, std::int64_t expected_version,
                    const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      ASSIGN_OR_RETURN(auto current, findUser(UserKey::kId, u.id));
      if (!current) return notFound("user '" + u.id + "' does not exist");
      if (current->version != expected_version) {
        return conflict("the user was changed by someone else (version " +
                        std::to_string(current->version) + ", expected " +
                        std::to_string(expected_version) + ")");
      }
      {
        ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                         prepare("UPDATE users SET username = ?, display_name = ?, "
                                 "password_hash = ?, roles = ?, external_id = ?, "
                                 "disabled = ?, updated_at = ?, version = ?, agent_id = ? "
                                 "WHERE id = ?"));
        Query q(stmt);
        q.text(u.username).text(u.display_name).text(u.password_hash).text(u.roles);
        q.optionalText(u.external_id).int64(u.disabled ? 1 : 0).time(u.updated_at);
        q.int64(u.version).optionalText(u.agent_id).text(u.id);
        int rc = q.step();
        if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
          return alreadyExists(
              "another user has this username or external identity, or is linked to this agent");
        }
        if (rc != SQLITE_DONE) return error("updating a user");
      }
      if (u.disabled) RETURN_IF_ERROR(endSessionsOf(u.id, u.updated_at, "disabled").status());
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Result<std::optional<UserRecord>> findUser(UserKey key, std::string_view value) override {
    const char* column = key == UserKey::kId         ? "id"
                         : key == UserKey::kUsername ? "username"
                                                     : "external_id";
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(std::string("SELECT ") + kUserColumns +
                                                  " FROM users WHERE " + column + " = ?"));
    Query q(stmt);
    q.text(value);
    return one<UserRecord>(q, readUser, "reading a user");
  }

  Result<std::vector<UserRecord>> listUsers() override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(std::string("SELECT ") + kUserColumns +
                                                  " FROM users ORDER BY username"));
    Query q(stmt);
    return all<UserRecord>(q, readUser, "listing users");
  }

  Status createSession(const SessionRecord& s) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare(std::string("INSERT INTO sessions (") + kSessionColumns +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    Query q(stmt);
    q.text(s.id_hash).text(s.user_id).text(s.method).time(s.created_at).time(s.last_seen_at);
    q.time(s.expires_at).optionalTime(s.ended_at).text(s.end_reason);
    int rc = q.step();
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) return alreadyExists("the session exists");
    return rc == SQLITE_DONE ? Status::ok() : error("creating a session");
  }

  Result<std::optional<SessionRecord>> findSession(std::string_view id_hash) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(std::string("SELECT ") + kSessionColumns +
                                                  " FROM sessions WHERE id_hash = ?"));
    Query q(stmt);
    q.text(id_hash);
    return one<SessionRecord>(q, readSession, "reading a session");
  }

  Status touchSession(std::string_view id_hash, Timestamp at) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) "
                             "WHERE id_hash = ? AND ended_at IS NULL"));
    Query q(stmt);
    q.time(at).text(id_hash);
    return q.step() == SQLITE_DONE ? Status::ok() : error("touching a session");
  }

  Status endSession(std::string_view id_hash, Timestamp at, std::string_view reason) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("UPDATE sessions SET ended_at = ?, end_reason = ? "
                             "WHERE id_hash = ? AND ended_at IS NULL"));
    Query q(stmt);
    q.time(at).text(reason).text(id_hash);
    return q.step() == SQLITE_DONE ? Status::ok() : error("ending a session");
  }

  Result<std::int64_t> endUserSessions(std::string_view user_id, Timestamp at,
                                       std::string_view reason) override {
    return endSessionsOf(user_id, at, reason);
  }

  Status createToken(const TokenRecord& t, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                       prepare(std::string("INSERT INTO api_tokens (") + kTokenColumns +
                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
      Query q(stmt);
      q.text(t.id).text(t.name).text(t.token_hash).text(t.roles).text(t.created_by);
      q.time(t.created_at).optionalTime(t.expires_at).optionalTime(t.revoked_at);
      int rc = q.step();
      if ((rc & 0xFF) == SQLITE_CONSTRAINT) return alreadyExists("the token exists");
      if (rc != SQLITE_DONE) return error("creating a token");
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Result<std::optional<TokenRecord>> findToken(std::string_view token_hash) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(std::string("SELECT ") + kTokenColumns +
                                                  " FROM api_tokens WHERE token_hash = ?"));
    Query q(stmt);
    q.text(token_hash);
    return one<TokenRecord>(q, readToken, "reading a token");
  }

  Result<std::vector<TokenRecord>> listTokens() override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(std::string("SELECT ") + kTokenColumns +
                                                  " FROM api_tokens ORDER BY created_at, id"));
    Query q(stmt);
    return all<TokenRecord>(q, readToken, "listing tokens");
  }

  Status revokeToken(std::string_view id, Timestamp at, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                       prepare("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                               "WHERE id = ?"));
      Query q(stmt);
      q.time(at).text(id);
      if (q.step() != SQLITE_DONE) return error("revoking a token");
      if (sqlite3_changes(db_.get()) == 0) {
        return notFound("token '" + std::string(id) + "' does not exist");
      }
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  // BEGIN IMMEDIATE takes the database's write lock, so the last row read here stays the last
  // until this batch commits, whichever process appends.
  Status appendAccess(std::vector<AccessRecord>& records, const AccessChainHasher& chain) override {
    if (records.empty()) return Status::ok();
    return transaction([&]() -> Status {
      ASSIGN_OR_RETURN(AccessChainStart start, chainStartForAppend());
      std::int64_t seq = start.genesis_seq;
      std::string prev = chain.genesis(start);
      {
        ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                         prepare("SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1"));
        Query last(stmt);
        int rc = last.step();
        if (rc == SQLITE_ROW && last.columnInt(0) > start.genesis_seq) {
          seq = last.columnInt(0);
          prev = last.columnText(1);
        } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
          return error("reading the end of the access log");
        }
      }
      ASSIGN_OR_RETURN(sqlite3_stmt * insert,
                       prepare("INSERT INTO access_log (seq, at, actor_id, actor_name, "
                               "actor_roles, citizen_ref, record_kind, record_id, purpose, route, "
                               "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      for (AccessRecord& r : records) {
        r.seq = ++seq;
        r.prev_hash = std::exchange(prev, std::string());
        r.hash = chain.link(r);
        prev = r.hash;
        Query row(insert);
        row.int64(r.seq).time(r.at).text(r.actor_id).text(r.actor_name).text(r.actor_roles);
        row.text(r.citizen_ref).text(r.record_kind).text(r.record_id).text(r.purpose);
        row.text(r.route).text(r.prev_hash).text(r.hash);
        if (row.step() != SQLITE_DONE) return error("writing the access log");
      }
      return Status::ok();
    });
  }

  Result<std::vector<AccessRecord>> findAccess(std::string_view citizen_ref, Timestamp from,
                                               Timestamp to, std::size_t limit) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare(std::string("SELECT ") + kAccessColumns +
                             " FROM access_log WHERE citizen_ref = ? AND at >= ? AND "
                             "at < ? ORDER BY at, seq LIMIT ?"));
    Query q(stmt);
    q.text(citizen_ref).time(from).time(to).int64(static_cast<std::int64_t>(limit));
    return all<AccessRecord>(q, readAccessRow, "reading the access log");
  }

  Result<std::optional<AccessChainStart>> accessChainStart() override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("SELECT genesis_seq, legacy_rows FROM access_log_chain WHERE id = 1"));
    Query q(stmt);
    return one<AccessChainStart>(
        q,
        [](const Query& r) {
          return AccessChainStart{r.columnInt(0), r.columnInt(1)};
        },
        "reading where the access log's chain begins");
  }

  Result<std::vector<AccessRecord>> readAccess(std::int64_t after, std::size_t limit) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare(std::string("SELECT ") + kAccessColumns +
                             " FROM access_log WHERE seq > ? ORDER BY seq LIMIT ?"));
    Query q(stmt);
    q.int64(after).int64(static_cast<std::int64_t>(limit));
    return all<AccessRecord>(q, readAccessRow, "reading the access log");
  }

  Result<std::int64_t> countAccessThrough(std::int64_t through) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("SELECT COUNT(*) FROM access_log WHERE seq <= ?"));
    Query q(stmt);
    q.int64(through);
    if (q.step() != SQLITE_ROW) return error("counting the access log");
    return q.columnInt(0);
  }

  Status appendAudit(const AuditRecord& record) override {
    return transaction([&] { return insertAudit(record); });
  }

  Result<std::vector<AuditRecord>> listAudit(std::int64_t after, std::size_t limit) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare(std::string("SELECT ") + kAuditColumns +
                             " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"));
    Query q(stmt);
    q.int64(after).int64(static_cast<std::int64_t>(limit));
    return all<AuditRecord>(q, readAudit, "reading the audit log");
  }

 private:
  static void bind(Query& q, const UserRecord& u) {
    q.text(u.id).text(u.username).text(u.display_name).text(u.password_hash).text(u.roles);
    q.optionalText(u.external_id).int64(u.disabled ? 1 : 0).time(u.created_at);
    q.time(u.updated_at).int64(u.version).optionalText(u.agent_id);
  }

  // Where the chain begins never changes, so it is read once. Should its record be gone (only
  // by tampering, which verification reports), rows are still written, chained from seq 0.
  Result<AccessChainStart> chainStartForAppend() {
    if (chain_start_) return *chain_start_;
    ASSIGN_OR_RETURN(std::optional<AccessChainStart> start, accessChainStart());
    if (start) chain_start_ = start;
    return start.value_or(AccessChainStart{});
  }

  Status insertAudit(const AuditRecord& a) {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("INSERT INTO audit_log (at, actor_id, actor_name, action, "
                             "target_kind, target_id, before, after) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    Query q(stmt);
    q.time(a.at).text(a.actor_id).text(a.actor_name).text(a.action).text(a.target_kind);
    q.text(a.target_id).text(a.before).text(a.after);
    return q.step() == SQLITE_DONE ? Status::ok() : error("writing the audit log");
  }

  Result<std::int64_t> endSessionsOf(std::string_view user_id, Timestamp at,
                                     std::string_view reason) {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                     prepare("UPDATE sessions SET ended_at = ?, end_reason = ? "
                             "WHERE user_id = ? AND ended_at IS NULL"));
    Query q(stmt);
    q.time(at).text(reason).text(user_id);
    if (q.step() != SQLITE_DONE) return error("ending a user's sessions");
    return static_cast<std::int64_t>(sqlite3_changes(db_.get()));
  }

  template <typename T>
  Result<std::optional<T>> one(Query& q, T (*read)(const Query&), const char* doing) {
    int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<T>(read(q));
    if (rc != SQLITE_DONE) return error(doing);
    return std::optional<T>();
  }

  template <typename T>
  Result<std::vector<T>> all(Query& q, T (*read)(const Query&), const char* doing) {
    std::vector<T> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(read(q));
    if (rc != SQLITE_DONE) return error(doing);
    return out;
  }

  template <typename Body>
  Status transaction(Body&& body) {
    std::lock_guard gate(*write_gate_);
    RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
    Status st = body();
    if (st.isOk()) st = exec("COMMIT");
    if (!st.isOk()) (void)exec("ROLLBACK");
    return st;
  }

  // Statements are prepared once per connection and kept by their text.
  sqlite3_stmt* rawStatement(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second.get();
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
        SQLITE_OK) {
      return nullptr;
    }
    statements_.emplace(sql, StmtPtr(s));
    return s;
  }

  Result<sqlite3_stmt*> prepare(const std::string& sql) {
    sqlite3_stmt* s = rawStatement(sql);
    if (!s) return error("preparing a statement (is the store migrated to version 4?)");
    return s;
  }

  Status exec(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return Status::ok();
    std::string text = "SQLite: " + std::string(message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    int primary = rc & 0xFF;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
                   primary == SQLITE_FULL
               ? unavailable(std::move(text))
               : internalError(std::move(text));
  }

  Status error(const std::string& doing) {
    int code = sqlite3_errcode(db_.get()) & 0xFF;
    std::string text = "SQLite error while " + doing + ": " + sqlite3_errmsg(db_.get());
    return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR ||
                   code == SQLITE_FULL
               ? unavailable(std::move(text))
               : internalError(std::move(text));
  }

  DbPtr db_;
  std::shared_ptr<sqlite::WriteGate> write_gate_;
  std::map<std::string, StmtPtr, std::less<>> statements_;
  std::optional<AccessChainStart> chain_start_;
};

}  // namespace

Result<IdentityStorePtr> openSqliteIdentityStore(const std::string& path) {
  ASSIGN_OR_RETURN(DbPtr db, sqlite::openDatabase(path));
  auto store = std::make_unique<SqliteIdentityStore>(std::move(db), path);
  RETURN_IF_ERROR(store->init());
  return IdentityStorePtr(std::move(store));
}

}  // namespace luukku::store
