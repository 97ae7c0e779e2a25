// IdentityStore on PostgreSQL: the tables of schema versions 2 to 4, over a connection of its own.
// Parameters and results travel in text format; these are small rows, not the event log's
// bulk appends.
#include <libpq-fe.h>

#include <cstring>
#include <deque>
#include <utility>

#include "store/event_store.h"
#include "store/identity_backends.h"
#include "store/postgres_support.h"

namespace luukku::store {
namespace {

using namespace identity_columns;

using pg::PgResultPtr;

// Text parameters; nullopt is SQL NULL.
class Args {
 public:
  Args& text(std::string_view v) {
    values_.emplace_back(std::string(v));
    return *this;
  }
  Args& int64(std::int64_t v) { return text(std::to_string(v)); }
  Args& time(Timestamp t) { return int64(toMicros(t)); }
  Args& optionalTime(const std::optional<Timestamp>& t) {
    if (t) return time(*t);
    values_.emplace_back(std::nullopt);
    return *this;
  }
  Args& optionalText(std::string_view v) {
    if (!v.empty()) return text(v);
    values_.emplace_back(std::nullopt);
    return *this;
  }
  Args& boolean(bool v) { return text(v ? "true" : "false"); }

  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
  }

 private:
  std::deque<std::optional<std::string>> values_;
};

// Reads text-format cells of one row.
class Row {
 public:
  Row(const PGresult* r, int row) : r_(r), row_(row) {}
  std::string text(int col) const {
    return std::string(PQgetvalue(r_, row_, col),
                       static_cast<std::size_t>(PQgetlength(r_, row_, col)));
  }
  std::int64_t int64(int col) const { return std::strtoll(PQgetvalue(r_, row_, col), nullptr, 10); }
  bool boolean(int col) const { return PQgetvalue(r_, row_, col)[0] == 't'; }
  Timestamp time(int col) const { return fromMicros(int64(col)); }
  std::optional<Timestamp> optionalTime(int col) const {
    if (PQgetisnull(r_, row_, col)) return std::nullopt;
    return time(col);
  }

 private:
  const PGresult* r_;
  int row_;
};

// The class of the advisory lock that serialises access-log appends (with the schema's oid,
// as the event store's locks; "Luul").
constexpr std::int64_t kAccessChainLockClass = 0x4C75756C;
constexpr const char* kAuditColumns =
    "seq, at, actor_id, actor_name, action, target_kind, target_id, before, after";

UserRecord readUser(const Row& r) {
  return {r.text(0),    r.text(1), r.text(2), r.text(3),  r.text(4), r.text(5),
          r.boolean(6), r.time(7), r.time(8), r.int64(9), r.text(10)};
}
SessionRecord readSession(const Row& r) {
  return {r.text(0), r.text(1), r.text(2),         r.time(3),
          r.time(4), r.time(5), r.optionalTime(6), r.text(7)};
}
TokenRecord readToken(const Row& r) {
  return {r.text(0), r.text(1), r.text(2),         r.text(3),
          r.text(4), r.time(5), r.optionalTime(6), r.optionalTime(7)};
}
AccessRecord readAccessRow(const Row& r) {
  return {r.int64(0), r.time(1), r.text(2), r.text(3), r.text(4),  r.text(5),
          r.text(6),  r.text(7), r.text(8), r.text(9), r.text(10), r.text(11)};
}
AuditRecord readAudit(const Row& r) {
  return {r.int64(0), r.time(1), r.text(2), r.text(3), r.text(4),
          r.text(5),  r.text(6), r.text(7), r.text(8)};
}

class PostgresIdentityStore final : public IdentityStore {
 public:
  // The session makes commits durable before a reply (the access log's promise), whatever
  // the server's default.
  explicit PostgresIdentityStore(pg::Session session) : session_(std::move(session)) {}

  Status createUser(const UserRecord& u, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      Args a;
      a.text(u.id).text(u.username).text(u.display_name).text(u.password_hash).text(u.roles);
      a.optionalText(u.external_id).boolean(u.disabled).time(u.created_at).time(u.updated_at);
      a.int64(u.version).optionalText(u.agent_id);
      auto r = exec(std::string("INSERT INTO users (") + kUserInsertColumns +
                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    a, "creating a user");
      if (!r) {
        return taken(r.status(),
                     "a user with this id, username or external identity exists, or the agent "
                     "is linked to another account");
      }
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Status updateUser(const UserRecord& u, std::int64_t expected_version,
                    const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      Args lock;
      lock.text(u.id);
      ASSIGN_OR_RETURN(
          PgResultPtr current,
          exec("SELECT version FROM users WHERE id = $1 FOR UPDATE", lock, "reading a user"));
      if (PQntuples(current.get()) == 0) return notFound("user '" + u.id + "' does not exist");
      std::int64_t version = Row(current.get(), 0).int64(0);
      if (version != expected_version) {
        return conflict("the user was changed by someone else (version " + std::to_string(version) +
                        ", expected " + std::to_string(expected_version) + ")");
      }
      Args a;
      a.text(u.username).text(u.display_name).text(u.password_hash).text(u.roles);
      a.optionalText(u.external_id).boolean(u.disabled).time(u.updated_at).int64(u.version);
      a.optionalText(u.agent_id).text(u.id);
      auto r = exec(
          "UPDATE users SET username = $1, display_name = $2, password_hash = $3, "
          "roles = $4, external_id = $5, disabled = $6, updated_at = $7, version = $8, "
          "agent_id = $9 WHERE id = $10",
          a, "updating a user");
      if (!r) {
        return taken(r.status(),
                     "another user has this username or external identity, or is linked to "
                     "this agent");
      }
      if (u.disabled) RETURN_IF_ERROR(endUserSessions(u.id, u.updated_at, "disabled").status());
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Result<std::optional<UserRecord>> findUser(UserKey key, std::string_view value) override {
    const char* column = key == UserKey::kId         ? "id"
                         : key == UserKey::kUsername ? "username"
                                                     : "external_id";
    Args a;
    a.text(value);
    return one(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + column + " = $1", a,
               readUser, "reading a user");
  }

  Result<std::vector<UserRecord>> listUsers() override {
    return all(
        std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username COLLATE \"C\"", {},
        readUser, "listing users");
  }

  Status createSession(const SessionRecord& s) override {
    Args a;
    a.text(s.id_hash).text(s.user_id).text(s.method).time(s.created_at).time(s.last_seen_at);
    a.time(s.expires_at).optionalTime(s.ended_at).text(s.end_reason);
    auto r = exec(std::string("INSERT INTO sessions (") + kSessionColumns +
                      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  a, "creating a session");
    return r ? Status::ok() : taken(r.status(), "the session exists");
  }

  Result<std::optional<SessionRecord>> findSession(std::string_view id_hash) override {
    Args a;
    a.text(id_hash);
    return one(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE id_hash = $1", a,
               readSession, "reading a session");
  }

  Status touchSession(std::string_view id_hash, Timestamp at) override {
    Args a;
    a.time(at).text(id_hash);
    return exec(
               "UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $1::int8) "
               "WHERE id_hash = $2 AND ended_at IS NULL",
               a, "touching a session")
        .status();
  }

  Status endSession(std::string_view id_hash, Timestamp at, std::string_view reason) override {
    Args a;
    a.time(at).text(reason).text(id_hash);
    return exec(
               "UPDATE sessions SET ended_at = $1, end_reason = $2 "
               "WHERE id_hash = $3 AND ended_at IS NULL",
               a, "ending a session")
        .status();
  }

  Result<std::int64_t> endUserSessions(std::string_view user_id, Timestamp at,
                                       std::string_view reason) override {
    Args a;
    a.time(at).text(reason).text(user_id);
    ASSIGN_OR_RETURN(PgResultPtr r, exec("UPDATE sessions SET ended_at = $1, end_reason = $2 "
                                         "WHERE user_id = $3 AND ended_at IS NULL",
                                         a, "ending a user's sessions"));
    return static_cast<std::int64_t>(std::strtoll(PQcmdTuples(r.get()), nullptr, 10));
  }

  Status createToken(const TokenRecord& t, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      Args a;
      a.text(t.id).text(t.name).text(t.token_hash).text(t.roles).text(t.created_by);
      a.time(t.created_at).optionalTime(t.expires_at).optionalTime(t.revoked_at);
      auto r = exec(std::string("INSERT INTO api_tokens (") + kTokenColumns +
                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    a, "creating a token");
      if (!r) return taken(r.status(), "the token exists");
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  Result<std::optional<TokenRecord>> findToken(std::string_view token_hash) override {
    Args a;
    a.text(token_hash);
    return one(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = $1", a,
               readToken, "reading a token");
  }

  Result<std::vector<TokenRecord>> listTokens() override {
    return all(std::string("SELECT ") + kTokenColumns +
                   " FROM api_tokens ORDER BY created_at, id COLLATE \"C\"",
               {}, readToken, "listing tokens");
  }

  Status revokeToken(std::string_view id, Timestamp at, const AuditRecord* audit) override {
    return transaction([&]() -> Status {
      Args a;
      a.time(at).text(id);
      ASSIGN_OR_RETURN(PgResultPtr r,
                       exec("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1::int8) "
                            "WHERE id = $2",
                            a, "revoking a token"));
      if (std::string_view(PQcmdTuples(r.get())) == "0") {
        return notFound("token '" + std::string(id) + "' does not exist");
      }
      return audit ? insertAudit(*audit) : Status::ok();
    });
  }

  // Two connections (two server processes, or a server and a tool) may append at once: the
  // advisory lock, held until COMMIT, lets one at a time read the last row and chain after
  // it. READ COMMITTED is asked for explicitly: under REPEATABLE READ the snapshot would be
  // taken before the lock was granted, and the last row read could be stale.
  Status appendAccess(std::vector<AccessRecord>& records, const AccessChainHasher& chain) override {
    if (records.empty()) return Status::ok();
    return transaction(
        [&]() -> Status {
          RETURN_IF_ERROR(exec("SELECT pg_advisory_xact_lock((" +
                                   std::to_string(kAccessChainLockClass) +
                                   "::int8 << 32) | n.oid::int8) FROM pg_namespace n "
                                   "WHERE n.nspname = current_schema()",
                               {}, "locking the access log for appending")
                              .status());
          ASSIGN_OR_RETURN(AccessChainStart start, chainStartForAppend());
          std::int64_t seq = start.genesis_seq;
          std::string prev = chain.genesis(start);
          ASSIGN_OR_RETURN(PgResultPtr last,
                           exec("SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1", {},
                                "reading the end of the access log"));
          if (PQntuples(last.get()) == 1 && Row(last.get(), 0).int64(0) > start.genesis_seq) {
            seq = Row(last.get(), 0).int64(0);
            prev = Row(last.get(), 0).text(1);
          }
          for (AccessRecord& rec : records) {
            rec.seq = ++seq;
            rec.prev_hash = std::exchange(prev, std::string());
            rec.hash = chain.link(rec);
            prev = rec.hash;
            Args a;
            a.int64(rec.seq).time(rec.at).text(rec.actor_id).text(rec.actor_name);
            a.text(rec.actor_roles).text(rec.citizen_ref).text(rec.record_kind);
            a.text(rec.record_id).text(rec.purpose).text(rec.route).text(rec.prev_hash);
            a.text(rec.hash);
            RETURN_IF_ERROR(exec("INSERT INTO access_log (seq, at, actor_id, actor_name, "
                                 "actor_roles, citizen_ref, record_kind, record_id, purpose, "
                                 "route, prev_hash, hash) VALUES "
                                 "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                                 a, "writing the access log")
                                .status());
          }
          return Status::ok();
        },
        pg::Isolation::kReadCommitted);
  }

  Result<std::vector<AccessRecord>> findAccess(std::string_view citizen_ref, Timestamp from,
                                               Timestamp to, std::size_t limit) override {
    Args a;
    a.text(citizen_ref).time(from).time(to).int64(static_cast<std::int64_t>(limit));
    return all(std::string("SELECT ") + kAccessColumns +
                   " FROM access_log WHERE citizen_ref = $1 AND at >= $2::int8 AND "
                   "at < $3::int8 ORDER BY at, seq LIMIT $4::int8",
               a, readAccessRow, "reading the access log");
  }

  Result<std::optional<AccessChainStart>> accessChainStart() override {
    return one(
        "SELECT genesis_seq, legacy_rows FROM access_log_chain WHERE id = 1", {},
        +[](const Row& r) {
          return AccessChainStart{r.int64(0), r.int64(1)};
        },
        "reading where the access log's chain begins");
  }

  Result<std::vector<AccessRecord>> readAccess(std::int64_t after, std::size_t limit) override {
    Args a;
    a.int64(after).int64(static_cast<std::int64_t>(limit));
    return all(std::string("SELECT ") + kAccessColumns +
                   " FROM access_log WHERE seq > $1::int8 ORDER BY seq LIMIT $2::int8",
               a, readAccessRow, "reading the access log");
  }

  Result<std::int64_t> countAccessThrough(std::int64_t through) override {
    Args a;
    a.int64(through);
    ASSIGN_OR_RETURN(PgResultPtr r, exec("SELECT COUNT(*) FROM access_log WHERE seq <= $1::int8", a,
                                         "counting the access log"));
    return Row(r.get(), 0).int64(0);
  }

  Status appendAudit(const AuditRecord& record) override { return insertAudit(record); }

  Result<std::vector<AuditRecord>> listAudit(std::int64_t after, std::size_t limit) override {
    Args a;
    a.int64(after).int64(static_cast<std::int64_t>(limit));
    return all(std::string("SELECT ") + kAuditColumns +
                   " FROM audit_log WHERE seq > $1::int8 ORDER BY seq LIMIT $2::int8",
               a, readAudit, "reading the audit log");
  }

 private:
  // Where the chain begins never changes, so it is read once. Should its record be gone (only
  // by tampering, which verification reports), rows are still written, chained from seq 0.
  Result<AccessChainStart> chainStartForAppend() {
    if (chain_start_) return *chain_start_;
    ASSIGN_OR_RETURN(std::optional<AccessChainStart> start, accessChainStart());
    if (start) chain_start_ = start;
    return start.value_or(AccessChainStart{});
  }

  Status insertAudit(const AuditRecord& rec) {
    Args a;
    a.time(rec.at).text(rec.actor_id).text(rec.actor_name).text(rec.action);
    a.text(rec.target_kind).text(rec.target_id).text(rec.before).text(rec.after);
    return exec(
               "INSERT INTO audit_log (at, actor_id, actor_name, action, target_kind, "
               "target_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
               a, "writing the audit log")
        .status();
  }

  // A unique violation becomes kAlreadyExists with `message`; anything else passes.
  static Status taken(const Status& failure, std::string message) {
    if (failure.code() == ErrorCode::kAlreadyExists) return alreadyExists(std::move(message));
    return failure;
  }

  template <typename T>
  Result<std::optional<T>> one(const std::string& sql, const Args& args, T (*read)(const Row&),
                               const char* doing) {
    ASSIGN_OR_RETURN(PgResultPtr r, exec(sql, args, doing));
    if (PQntuples(r.get()) == 0) return std::optional<T>();
    return std::optional<T>(read(Row(r.get(), 0)));
  }

  template <typename T>
  Result<std::vector<T>> all(const std::string& sql, const Args& args, T (*read)(const Row&),
                             const char* doing) {
    ASSIGN_OR_RETURN(PgResultPtr r, exec(sql, args, doing));
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(read(Row(r.get(), i)));
    return out;
  }

  // A transaction on a connection made again first if it had dropped (nothing of this
  // store lives in the session).
  template <typename Body>
  Status transaction(Body&& body, pg::Isolation isolation = pg::Isolation::kServerDefault) {
    RETURN_IF_ERROR(session_.reconnect());
    in_transaction_ = true;
    Status status = session_.transaction("writing identity data", body, isolation);
    in_transaction_ = false;
    return status;
  }

  // One statement with text parameters and text results. Outside a transaction a dropped
  // connection is made again first; inside one the statement fails, and the transaction
  // with it, rather than running the rest of the transaction on its own.
  Result<PgResultPtr> exec(const std::string& sql, const Args& args, std::string_view doing) {
    if (!in_transaction_) RETURN_IF_ERROR(session_.reconnect());
    auto values = args.pointers();
    return session_.query(sql, {static_cast<int>(values.size()), values.data()}, pg::Cells::kText,
                          doing);
  }

  pg::Session session_;
  bool in_transaction_ = false;
  std::optional<AccessChainStart> chain_start_;
};

}  // namespace

Result<IdentityStorePtr> openPostgresIdentityStore(const std::string& url) {
  ASSIGN_OR_RETURN(pg::Session session, pg::Session::open(url, "luukku-identity"));
  return IdentityStorePtr(std::make_unique<PostgresIdentityStore>(std::move(session)));
}

}  // namespace luukku::store
