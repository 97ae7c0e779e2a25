// IdentityStore: staff accounts, sessions, API tokens, the access log and the audit log.
//
// These live in tables of their own beside the event log (schema versions 2 and 3), written by
// whichever process serves the request or runs the CLI command: unlike the event log they
// have no single writer, so `luukku user add` works while a server runs. Every change is one
// transaction; a change that comes with an AuditRecord writes it in the same transaction, so
// an admin change and its audit row exist together or not at all.
//
// Credentials are stored only as hashes: a session is known by the hash of its cookie value,
// an API token by the hash of its secret, a password by its argon2id string. The access and
// audit logs are append-only: the store has no method to change them and the database
// refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) on them. The access log is also a hash
// chain (from schema version 3), so that rows removed or changed behind the store's back —
// by someone who drops the triggers — are found: see AccessChainHasher.
//
// Times are microseconds since the epoch (core/time.h).
//
// Thread-safety: an IdentityStore is one connection and is not thread-safe; open one per
// thread, or guard one with a mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace luukku::store {

struct UserRecord {
  std::string id;        // stable, never reused
  std::string username;  // unique, as typed at sign-in (lowercase)
  std::string display_name;
  std::string password_hash;  // argon2id string; "" when the user signs in only through SSO
  std::string roles;          // comma-separated role names: "agent,supervisor"
  std::string external_id;    // "<issuer>|<subject>" for an SSO user; "" otherwise
  bool disabled = false;
  Timestamp created_at;
  Timestamp updated_at;
  std::int64_t version = 1;  // +1 on every update
  // The routing agent this account acts as ("" when none): at most one account per agent.
  std::string agent_id;
  friend bool operator==(const UserRecord&, const UserRecord&) = default;
};

struct SessionRecord {
  std::string id_hash;  // hash of the cookie's secret
  std::string user_id;
  std::string method;  // "password" or "oidc"
  Timestamp created_at;
  Timestamp last_seen_at;
  Timestamp expires_at;  // absolute end
  std::optional<Timestamp> ended_at;
  std::string end_reason;  // "logout", "disabled", ... ("" while open)
  friend bool operator==(const SessionRecord&, const SessionRecord&) = default;
};

struct TokenRecord {
  std::string id;          // public handle, e.g. "tok-3f2a..."
  std::string name;        // what it is for: "prometheus", "crm-integration"
  std::string token_hash;  // hash of the secret
  std::string roles;       // comma-separated role names
  std::string created_by;  // user id, or "cli"
  Timestamp created_at;
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
  friend bool operator==(const TokenRecord&, const TokenRecord&) = default;
};

// One staff read of a citizen's personal data.
struct AccessRecord {
  std::int64_t seq = 0;  // assigned by the store
  Timestamp at;
  std::string actor_id;     // user id or token id
  std::string actor_name;   // username or token name, as it was then
  std::string actor_roles;  // comma-separated, as they were then
  std::string citizen_ref;  // keyed hash of the citizen's identifier (never the identifier)
  std::string record_kind;  // "task", "contact", "transcript", "recording", "customer"
  std::string record_id;
  std::string purpose;  // why: "callback task", "registrar request", ...
  std::string route;    // the API operation that read it, e.g. "GET /api/v1/tasks/{id}"
  // The chain, assigned by the store with the seq: the hash of the row before (the genesis
  // for the first chained row) and this row's own hash. Both "" on rows written before
  // schema version 3.
  std::string prev_hash;
  std::string hash;
  friend bool operator==(const AccessRecord&, const AccessRecord&) = default;
};

// Where the access log's chain begins. Rows written before schema version 3 are not chained;
// that migration recorded the last one's seq and how many there were, so that removing them
// is still noticed. Chained rows follow with seq genesis_seq + 1, + 2, ... without gaps.
struct AccessChainStart {
  std::int64_t genesis_seq = 0;  // rows with seq <= this predate the chain (0: none did)
  std::int64_t legacy_rows = 0;  // how many rows there were at the migration
  friend bool operator==(const AccessChainStart&, const AccessChainStart&) = default;
};

// Computes the links of the access log's chain. The store keeps the order (one appender at a
// time, across processes, each batch continuing from the last stored row); the hash function
// and its key belong to the caller (identity::AccessChain), so the store holds no key.
//
// Thread-safety: implementations must be callable from any thread (they are immutable).
class AccessChainHasher {
 public:
  virtual ~AccessChainHasher() = default;
  // The prev_hash of the first chained row.
  virtual std::string genesis(const AccessChainStart& start) const = 0;
  // The hash of `record`, whose seq and prev_hash are set; covers both and every field.
  virtual std::string link(const AccessRecord& record) const = 0;
};

// One admin change, with the thing as it was and as it became (JSON; "" for none).
struct AuditRecord {
  std::int64_t seq = 0;  // assigned by the store
  Timestamp at;
  std::string actor_id;
  std::string actor_name;
  std::string action;       // "user.created", "token.revoked", "service_line.replaced", ...
  std::string target_kind;  // "user", "token", "service_line", ...
  std::string target_id;
  std::string before;
  std::string after;
  friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

enum class UserKey { kId, kUsername, kExternalId };

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  // Users. createUser fails with kAlreadyExists when the id, username or external id is
  // taken. updateUser writes `user` (whose version must be expected_version + 1) only if the
  // stored version is expected_version, else kConflict (kNotFound when absent); when `user`
  // is disabled, every open session of the user ends in the same transaction.
  virtual Status createUser(const UserRecord& user, const AuditRecord* audit) = 0;
  virtual Status updateUser(const UserRecord& user, std::int64_t expected_version,
                            const AuditRecord* audit) = 0;
  virtual Result<std::optional<UserRecord>> findUser(UserKey key, std::string_view value) = 0;
  virtual Result<std::vector<UserRecord>> listUsers() = 0;  // by username

  // Sessions. endSession on an ended or unknown session changes nothing.
  virtual Status createSession(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> findSession(std::string_view id_hash) = 0;
  virtual Status touchSession(std::string_view id_hash, Timestamp at) = 0;
  virtual Status endSession(std::string_view id_hash, Timestamp at, std::string_view reason) = 0;
  // Ends every open session of a user; returns how many ended.
  virtual Result<std::int64_t> endUserSessions(std::string_view user_id, Timestamp at,
                                               std::string_view reason) = 0;

  // API tokens. revokeToken fails with kNotFound for an unknown id; revoking a revoked token
  // changes nothing.
  virtual Status createToken(const TokenRecord& token, const AuditRecord* audit) = 0;
  virtual Result<std::optional<TokenRecord>> findToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<TokenRecord>> listTokens() = 0;  // by creation
  virtual Status revokeToken(std::string_view id, Timestamp at, const AuditRecord* audit) = 0;

  // The access log: appendAccess writes the records in one durable transaction, in order,
  // assigning each its seq (one more than the last stored row's) and its link in the chain
  // (prev_hash, hash), while holding the log's append lock so that no other connection —
  // in this process or another — appends in between. findAccess returns one citizen's records
  // with from <= at < to, oldest first.
  virtual Status appendAccess(std::vector<AccessRecord>& records,
                              const AccessChainHasher& chain) = 0;
  virtual Result<std::vector<AccessRecord>> findAccess(std::string_view citizen_ref, Timestamp from,
                                                       Timestamp to, std::size_t limit) = 0;
  // For verifying the chain: where it begins (nullopt when that record is gone), the rows with
  // seq > after by seq, and how many rows have seq <= through.
  virtual Result<std::optional<AccessChainStart>> accessChainStart() = 0;
  virtual Result<std::vector<AccessRecord>> readAccess(std::int64_t after, std::size_t limit) = 0;
  virtual Result<std::int64_t> countAccessThrough(std::int64_t through) = 0;

  // The audit log, oldest first, seq > after.
  virtual Status appendAudit(const AuditRecord& record) = 0;
  virtual Result<std::vector<AuditRecord>> listAudit(std::int64_t after, std::size_t limit) = 0;

 protected:
  IdentityStore() = default;
};

using IdentityStorePtr = std::unique_ptr<IdentityStore>;

// Opens a connection to the store at `url` (as openStore() takes it). The store must be
// migrated (EventStore::migrate) to schema version 3 or later.
Result<IdentityStorePtr> openIdentityStore(std::string_view url);

}  // namespace luukku::store
