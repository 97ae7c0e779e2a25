// Identity: staff accounts, sign-in, sessions, API tokens and the audit of admin changes.
//
// Who is calling is a Principal: a user signed in with a session cookie, or an API token.
// Both credentials are random 256-bit secrets handed out once and stored only as hashes.
//
//   Sessions: created by login() (password) or startSsoSession() (OpenID Connect). They end
//   at an absolute expiry, after an idle timeout, at logout, and at once when the user is
//   disabled. They live in the store, so they survive a restart. A session's CSRF token is
//   derived from its cookie, so it needs no storage and changes with the session.
//   API tokens: for integrations; scoped to roles, optionally expiring, revocable.
//
// The hot path, authenticating a request, is answered from an in-memory cache whose entries
// are re-read from the store every `revalidate_after` (so a change made by another process,
// such as `luukku user disable` while the server runs, takes effect within that time; a
// change made through this object takes effect at once). authenticateCached() never blocks;
// when it cannot answer, authenticate() reads the store.
//
// Password hashing takes ~100 ms and reading the store blocks, so the API layer calls the
// blocking methods on the BlockingPool (concurrency/blocking_pool.h), never on an I/O thread.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/throttle.h"
#include "core/time.h"
#include "identity/password.h"
#include "identity/role.h"
#include "store/identity_store.h"

namespace luukku::identity {

struct IdentityOptions {
  PasswordCost password_cost = PasswordCost::standard();
  std::chrono::seconds session_lifetime{12 * 3600};  // absolute, from sign-in
  std::chrono::seconds session_idle{30 * 60};        // without a request
  std::chrono::seconds revalidate_after{2};          // cache entries older are re-read
  std::chrono::seconds touch_every{60};              // store last_seen at most this often
  core::ThrottleOptions throttle;
};

// Who is calling.
struct Principal {
  enum class Kind { kSession, kToken };
  Kind kind = Kind::kSession;
  std::string id;    // user id, or token id
  std::string name;  // username, or token name
  RoleSet roles;
  std::string session_hash;  // kSession: the session's stored id
  std::string csrf_token;    // kSession: what X-CSRF-Token must carry on state changes
  Timestamp expires_at{};    // kSession: the absolute expiry
  // kSession: the routing agent the account is linked to, which it acts as ("" when none).
  // API tokens are never linked: they act for no agent of their own.
  std::string agent_id;
};

// Who made an admin change, for the audit log ("cli" for the command line).
struct Actor {
  std::string id;
  std::string name;
  static Actor of(const Principal& p) { return {p.id, p.name}; }
  static Actor commandLine() { return {"cli", "luukku command line"}; }
};

// A user as the API and the CLI show it: never the password hash.
struct User {
  std::string id;
  std::string username;
  std::string display_name;
  RoleSet roles;
  bool disabled = false;
  bool has_password = false;
  std::string external_id;  // SSO users
  std::string agent_id;     // the routing agent the account acts as; "" when none
  Timestamp created_at{};
  Timestamp updated_at{};
  std::int64_t version = 0;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::optional<std::string> password;  // none: the user signs in only through SSO
  RoleSet roles;
  std::string agent_id;  // link to this routing agent ("" for none); the caller checks it exists
};

// What an admin may change; absent fields stay as they are.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<RoleSet> roles;
  std::optional<bool> disabled;
  // Links the account to this routing agent ("" unlinks it); the caller checks the agent
  // exists. An agent is linked to at most one account (kAlreadyExists otherwise).
  std::optional<std::string> agent_id;
  std::optional<std::int64_t> expected_version;  // none: whatever is current
};

struct NewSession {
  std::string cookie_value;  // the secret; goes only into Set-Cookie
  Principal principal;
};

// The outcome of a sign-in. On failure `status` says why in words safe to show (the same
// words whether the username exists or not); `retry_after` > 0 means refused by the throttle.
struct LoginResult {
  Status status;
  std::optional<NewSession> session;
  std::chrono::seconds retry_after{0};
};

struct NewToken {
  std::string secret;  // shown once
  store::TokenRecord record;
};

// What an OpenID provider vouched for, after its ID token was validated.
struct SsoIdentity {
  std::string external_id;  // "<issuer>|<subject>"
  std::string username;     // preferred_username, email or the subject
  std::string display_name;
  RoleSet roles;  // from the provider's claims through the configured mapping
};

// What a request presents; either may be empty.
struct Credentials {
  std::string_view session_cookie;
  std::string_view bearer_token;
};

class Identity {
 public:
  Identity(store::IdentityStorePtr store, const Clock& clock, IdentityOptions options);
  ~Identity();
  Identity(const Identity&) = delete;
  Identity& operator=(const Identity&) = delete;

  // Opens a store connection at `store_url` (migrated) for a new Identity.
  static Result<std::unique_ptr<Identity>> open(const std::string& store_url, const Clock& clock,
                                                IdentityOptions options);

  const IdentityOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }

  // --- Users (blocking) ---
  Result<User> createUser(const NewUser& user, const Actor& actor);
  Result<User> changeUser(const std::string& id, const UserChange& change, const Actor& actor);
  Result<User> setPassword(const std::string& id, std::string_view password, const Actor& actor);
  Result<User> getUser(const std::string& id);
  Result<User> findUserByName(std::string_view username);
  Result<std::vector<User>> listUsers();

  // --- Sign-in and sessions (blocking) ---
  LoginResult login(std::string_view username, std::string_view password,
                    const std::string& remote_address);
  // Signs in an SSO user, creating the account on first sign-in and taking its roles from
  // the provider each time. Refuses a disabled account or one with no role.
  Result<NewSession> startSsoSession(const SsoIdentity& sso, const std::string& remote_address);
  Status logout(const Principal& principal);

  // --- Authentication of a request ---
  // Answers from the cache; nullopt when the store must be read (then call authenticate()).
  // kUnauthenticated when there are no credentials or they are not valid.
  std::optional<Result<Principal>> authenticateCached(const Credentials& credentials);
  Result<Principal> authenticate(const Credentials& credentials);  // blocking
  // Whether the session stored under `session_hash` (Principal::session_hash) may still be
  // used: not ended, not past its absolute expiry or its idle timeout (counting requests this
  // object has seen), its account neither disabled nor without a role. A session that has run
  // out is ended here, as its next request would end it. For what lives as long as a session
  // without presenting its cookie (a browser phone's credential). Blocking.
  Result<bool> sessionOpen(const std::string& session_hash);

  // --- API tokens (blocking) ---
  Result<NewToken> createToken(const std::string& name, RoleSet roles,
                               std::optional<Timestamp> expires_at, const Actor& actor);
  Result<std::vector<store::TokenRecord>> listTokens();
  Status revokeToken(const std::string& id, const Actor& actor);

  // --- Audit of admin changes made elsewhere (configuration) (blocking) ---
  Status audit(const Actor& actor, std::string action, std::string target_kind,
               std::string target_id, std::string before, std::string after);
  Result<std::vector<store::AuditRecord>> listAudit(std::int64_t after, std::size_t limit);

  // The CSRF token that belongs to a session cookie.
  static std::string csrfTokenFor(std::string_view cookie_value);

  // Entries in the authentication cache (for tests and metrics).
  std::size_t cachedCredentials() const;
  // argon2id verifies run at the configured cost: exactly one per password sign-in that gets
  // that far, whether the user exists, has a password or not (for tests and metrics).
  std::uint64_t fullCostVerifications() const {
    return full_cost_verifications_.load(std::memory_order_relaxed);
  }

 private:
  struct Cached {
    Principal principal;
    Timestamp checked_at{};     // when the store last confirmed it
    Timestamp last_seen{};      // last request (memory)
    Timestamp stored_seen{};    // last_seen as written to the store
    Timestamp token_expires{};  // kToken with an expiry; max() otherwise
  };

  Result<Principal> checkCached(Cached& entry, Timestamp now, bool* needs_store);
  Result<Principal> loadSession(const std::string& cookie, const std::string& hash, Timestamp now);
  struct UsableSession {
    store::SessionRecord session;
    store::UserRecord user;
    RoleSet roles;
  };
  // The stored session `hash` when it may be used at `now` (last used at `memory_seen` as far
  // as the cache knows); kUnauthenticated otherwise, ending it when it has just run out. The
  // caller holds store_mu_.
  Result<UsableSession> usableSession(const std::string& hash, Timestamp now,
                                      Timestamp memory_seen);
  // When this object last saw the credential `hash` in use (the epoch when it has no entry);
  // `forget` drops its cache entry.
  Timestamp seenInMemory(const std::string& hash, bool forget);
  Result<Principal> loadToken(const std::string& hash, Timestamp now);
  Result<NewSession> openSession(const store::UserRecord& user, std::string method);
  Result<store::UserRecord> userRecord(const std::string& id);
  void forget(const std::string& principal_id);
  store::AuditRecord auditRecord(const Actor& actor, std::string action, std::string kind,
                                 std::string id, std::string before, std::string after) const;

  const Clock& clock_;
  const IdentityOptions options_;
  core::LoginThrottle throttle_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell
  std::atomic<std::uint64_t> full_cost_verifications_{0};

  std::mutex store_mu_;
  store::IdentityStorePtr store_;  // guarded by store_mu_

  mutable std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;  // by credential hash; guarded by cache_mu_
};

// Usernames: 2-64 of a-z 0-9 . _ @ -, lowercased on the way in.
Result<std::string> normalizeUsername(std::string_view username);

}  // namespace luukku::identity
