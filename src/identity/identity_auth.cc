// Identity: authenticating requests (sessions and API tokens), sign-out, tokens, audit.
#include <spdlog/spdlog.h>

#include "core/text.h"
#include "identity/crypto.h"
#include "identity/identity.h"
#include "identity/identity_json.h"

namespace luukku::identity {

namespace {

constexpr std::string_view kTokenPrefix = "lk_";
constexpr std::size_t kSecretChars = 43;  // 32 bytes in base64url

bool isSecret(std::string_view s) {
  if (s.size() != kSecretChars) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}

Timestamp maxTime() {
  return Timestamp::max();
}

}  // namespace

std::string Identity::csrfTokenFor(std::string_view cookie_value) {
  return secretHash(std::string("luukku-csrf:") + std::string(cookie_value)).substr(0, 43);
}

std::size_t Identity::cachedCredentials() const {
  std::lock_guard lock(cache_mu_);
  return cache_.size();
}

void Identity::forget(const std::string& principal_id) {
  std::lock_guard lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.id == principal_id; });
}

Result<NewSession> Identity::openSession(const store::UserRecord& user, std::string method) {
  auto roles = RoleSet::parse(user.roles);
  if (!roles || roles->empty()) {
    return Status(ErrorCode::kPermissionDenied, "the account has no role; ask an administrator");
  }
  Timestamp now = clock_.now();
  std::string cookie = randomSecret(32);
  store::SessionRecord record{
      secretHash(cookie), user.id, std::move(method), now, now, now + options_.session_lifetime,
      std::nullopt,       ""};
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->createSession(record));
  }
  Principal p{Principal::Kind::kSession, user.id,           user.username, *roles, record.id_hash,
              csrfTokenFor(cookie),      record.expires_at, user.agent_id};
  {
    std::lock_guard lock(cache_mu_);
    cache_[record.id_hash] = Cached{p, now, now, now, maxTime()};
  }
  return NewSession{std::move(cookie), std::move(p)};
}

Status Identity::logout(const Principal& principal) {
  if (principal.kind != Principal::Kind::kSession) {
    return invalidArgument("an API token cannot sign out; revoke it instead");
  }
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->endSession(principal.session_hash, clock_.now(), "logout"));
  }
  {
    std::lock_guard lock(cache_mu_);
    cache_.erase(principal.session_hash);
  }
  spdlog::info("user {} signed out", principal.id);
  return Status::ok();
}

// Checks a cache entry; sets *needs_store when only the store can answer.
Result<Principal> Identity::checkCached(Cached& e, Timestamp now, bool* needs_store) {
  *needs_store = false;
  if (now - e.checked_at >= options_.revalidate_after) {
    *needs_store = true;
    return unauthenticated("revalidate");
  }
  if (e.principal.kind == Principal::Kind::kToken) {
    if (now >= e.token_expires) return unauthenticated("the API token has expired");
    return e.principal;
  }
  if (now >= e.principal.expires_at || now - e.last_seen >= options_.session_idle ||
      now - e.stored_seen >= options_.touch_every) {
    *needs_store = true;  // to end it, or to record that it is in use
    return unauthenticated("revalidate");
  }
  e.last_seen = now;
  return e.principal;
}

std::optional<Result<Principal>> Identity::authenticateCached(const Credentials& c) {
  std::string hash;
  if (!c.bearer_token.empty()) {
    if (!c.bearer_token.starts_with(kTokenPrefix) ||
        !isSecret(c.bearer_token.substr(kTokenPrefix.size()))) {
      return Result<Principal>(unauthenticated("the API token is not valid"));
    }
    hash = secretHash(c.bearer_token);
  } else if (!c.session_cookie.empty()) {
    if (!isSecret(c.session_cookie)) {
      return Result<Principal>(unauthenticated("the session is not valid; sign in again"));
    }
    hash = secretHash(c.session_cookie);
  } else {
    return Result<Principal>(
        unauthenticated("sign in first: this endpoint needs a session or an API token"));
  }
  std::lock_guard lock(cache_mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return std::nullopt;
  bool needs_store = false;
  Result<Principal> p = checkCached(it->second, clock_.now(), &needs_store);
  if (needs_store) return std::nullopt;
  if (!p) cache_.erase(it);
  return p;
}

Result<Principal> Identity::authenticate(const Credentials& c) {
  if (auto cached = authenticateCached(c)) return std::move(*cached);
  Timestamp now = clock_.now();
  if (!c.bearer_token.empty()) return loadToken(secretHash(c.bearer_token), now);
  return loadSession(std::string(c.session_cookie), secretHash(c.session_cookie), now);
}

Timestamp Identity::seenInMemory(const std::string& hash, bool forget) {
  std::lock_guard lock(cache_mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return Timestamp{};
  Timestamp seen = it->second.last_seen;
  if (forget) cache_.erase(it);
  return seen;
}

Result<Identity::UsableSession> Identity::usableSession(const std::string& hash, Timestamp now,
                                                        Timestamp memory_seen) {
  ASSIGN_OR_RETURN(auto session, store_->findSession(hash));
  if (!session) return unauthenticated("the session is not valid; sign in again");
  if (session->ended_at) {
    return unauthenticated(session->end_reason == "disabled"
                               ? "the account has been disabled"
                               : "the session has ended; sign in again");
  }
  auto end = [&](std::string_view reason, std::string message) -> Status {
    RETURN_IF_ERROR(store_->endSession(hash, now, reason));
    return unauthenticated(std::move(message));
  };
  if (now >= session->expires_at) return end("expired", "the session has expired; sign in again");
  Timestamp last_seen = std::max(session->last_seen_at, memory_seen);
  if (now - last_seen >= options_.session_idle) {
    return end("idle", "the session ended after a time without use; sign in again");
  }
  ASSIGN_OR_RETURN(auto user, store_->findUser(store::UserKey::kId, session->user_id));
  if (!user || user->disabled) return end("disabled", "the account has been disabled");
  auto roles = RoleSet::parse(user->roles);
  if (!roles || roles->empty()) return end("no role", "the account has no role");
  return UsableSession{std::move(*session), std::move(*user), *roles};
}

Result<Principal> Identity::loadSession(const std::string& cookie, const std::string& hash,
                                        Timestamp now) {
  Timestamp memory_seen = seenInMemory(hash, /*forget=*/true);
  std::lock_guard lock(store_mu_);
  ASSIGN_OR_RETURN(UsableSession usable, usableSession(hash, now, memory_seen));
  const store::UserRecord& user = usable.user;
  Timestamp stored_seen = usable.session.last_seen_at;
  if (now - stored_seen >= options_.touch_every) {
    RETURN_IF_ERROR(store_->touchSession(hash, now));
    stored_seen = now;
  }
  Principal p{Principal::Kind::kSession,
              user.id,
              user.username,
              usable.roles,
              hash,
              csrfTokenFor(cookie),
              usable.session.expires_at,
              user.agent_id};
  std::lock_guard cache_lock(cache_mu_);
  cache_[hash] = Cached{p, now, now, stored_seen, maxTime()};
  return p;
}

Result<bool> Identity::sessionOpen(const std::string& session_hash) {
  Timestamp now = clock_.now();
  Timestamp memory_seen = seenInMemory(session_hash, /*forget=*/false);
  std::lock_guard lock(store_mu_);
  auto usable = usableSession(session_hash, now, memory_seen);
  if (usable) return true;
  if (usable.status().code() == ErrorCode::kUnauthenticated) return false;
  return usable.status();
}

Result<Principal> Identity::loadToken(const std::string& hash, Timestamp now) {
  std::optional<store::TokenRecord> token;
  {
    std::lock_guard lock(store_mu_);
    ASSIGN_OR_RETURN(token, store_->findToken(hash));
  }
  if (!token) return unauthenticated("the API token is not valid");
  if (token->revoked_at) return unauthenticated("the API token has been revoked");
  if (token->expires_at && now >= *token->expires_at) {
    return unauthenticated("the API token has expired");
  }
  auto roles = RoleSet::parse(token->roles);
  if (!roles || roles->empty()) return unauthenticated("the API token has no role");
  Principal p{Principal::Kind::kToken, token->id, token->name, *roles, "", "", {}, ""};
  std::lock_guard lock(cache_mu_);
  cache_[hash] = Cached{p, now, now, now, token->expires_at.value_or(maxTime())};
  return p;
}

Result<NewToken> Identity::createToken(const std::string& name, RoleSet roles,
                                       std::optional<Timestamp> expires_at, const Actor& actor) {
  if (name.empty() || name.size() > 64)
    return invalidArgument("a token's name has 1 to 64 characters");
  for (char c : name) {
    bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ' ';
    if (!ok) return invalidArgument("a token's name has only letters, digits, space and . _ -");
  }
  if (roles.empty()) return invalidArgument("a token needs at least one role");
  Timestamp now = clock_.now();
  if (expires_at && *expires_at <= now) return invalidArgument("the expiry is in the past");
  NewToken t;
  t.secret = std::string(kTokenPrefix) + randomSecret(32);
  t.record = {"tok-" + randomHex(6),
              name,
              secretHash(t.secret),
              roles.toString(),
              actor.id,
              now,
              expires_at,
              std::nullopt};
  auto audit = auditRecord(actor, "token.created", "token", t.record.id, "", tokenJson(t.record));
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->createToken(t.record, &audit));
  }
  spdlog::info("API token {} ({}) created by {} with roles {}", t.record.id, name, actor.name,
               t.record.roles);
  return t;
}

Result<std::vector<store::TokenRecord>> Identity::listTokens() {
  std::lock_guard lock(store_mu_);
  return store_->listTokens();
}

Status Identity::revokeToken(const std::string& id, const Actor& actor) {
  auto audit = auditRecord(actor, "token.revoked", "token", id, "", "");
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->revokeToken(id, clock_.now(), &audit));
  }
  forget(id);
  spdlog::info("API token {} revoked by {}", printable(id), actor.name);
  return Status::ok();
}

Status Identity::audit(const Actor& actor, std::string action, std::string target_kind,
                       std::string target_id, std::string before, std::string after) {
  auto record = auditRecord(actor, std::move(action), std::move(target_kind), std::move(target_id),
                            std::move(before), std::move(after));
  std::lock_guard lock(store_mu_);
  return store_->appendAudit(record);
}

Result<std::vector<store::AuditRecord>> Identity::listAudit(std::int64_t after, std::size_t limit) {
  std::lock_guard lock(store_mu_);
  return store_->listAudit(after, limit);
}

}  // namespace luukku::identity
