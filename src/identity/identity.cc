// Identity: users, sign-in and SSO accounts. Authentication of requests, tokens and the
// audit log are in identity_auth.cc.
#include "identity/identity.h"

#include <spdlog/spdlog.h>

#include "core/region.h"
#include "core/text.h"
#include "identity/crypto.h"
#include "identity/identity_json.h"

namespace luukku::identity {

namespace {

constexpr std::string_view kLoginRefused =
    "sign-in failed: the username or password is wrong, or the account is not in use";

User toUser(const store::UserRecord& r) {
  User u;
  u.id = r.id;
  u.username = r.username;
  u.display_name = r.display_name;
  auto roles = RoleSet::parse(r.roles);
  u.roles = roles ? *roles : RoleSet();
  u.disabled = r.disabled;
  u.has_password = !r.password_hash.empty();
  u.external_id = r.external_id;
  u.agent_id = r.agent_id;
  u.created_at = r.created_at;
  u.updated_at = r.updated_at;
  u.version = r.version;
  return u;
}

Status checkAgentId(std::string_view agent_id) {
  if (!core::isValidId(agent_id)) return invalidArgument("agent: not a valid agent id");
  return Status::ok();
}

Status checkDisplayName(std::string_view name) {
  if (name.empty()) return invalidArgument("display_name must not be empty");
  if (name.size() > 200) return invalidArgument("display_name must have at most 200 bytes");
  if (!isValidUtf8(name)) return invalidArgument("display_name is not valid UTF-8");
  return Status::ok();
}

}  // namespace

Result<std::string> normalizeUsername(std::string_view username) {
  if (username.size() < 2 || username.size() > kMaxUsernameBytes) {
    return invalidArgument("a username has 2 to 64 characters");
  }
  std::string out;
  for (char c : username) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' ||
              l == '@' || l == '-';
    if (!ok) return invalidArgument("a username has only letters a-z, digits and . _ @ -");
    out += l;
  }
  return out;
}

Identity::Identity(store::IdentityStorePtr store, const Clock& clock, IdentityOptions options)
    : clock_(clock),
      options_(options),
      throttle_(clock, options.throttle),
      store_(std::move(store)) {}

Identity::~Identity() = default;

Result<std::unique_ptr<Identity>> Identity::open(const std::string& store_url, const Clock& clock,
                                                 IdentityOptions options) {
  ASSIGN_OR_RETURN(store::IdentityStorePtr store, store::openIdentityStore(store_url));
  return std::make_unique<Identity>(std::move(store), clock, options);
}

store::AuditRecord Identity::auditRecord(const Actor& actor, std::string action, std::string kind,
                                         std::string id, std::string before,
                                         std::string after) const {
  return {0,
          clock_.now(),
          actor.id,
          actor.name,
          std::move(action),
          std::move(kind),
          std::move(id),
          std::move(before),
          std::move(after)};
}

Result<store::UserRecord> Identity::userRecord(const std::string& id) {
  std::lock_guard lock(store_mu_);
  ASSIGN_OR_RETURN(auto found, store_->findUser(store::UserKey::kId, id));
  if (!found) return notFound("user '" + printable(id) + "' does not exist");
  return *found;
}

Result<User> Identity::createUser(const NewUser& user, const Actor& actor) {
  ASSIGN_OR_RETURN(std::string username, normalizeUsername(user.username));
  RETURN_IF_ERROR(checkDisplayName(user.display_name));
  if (user.roles.empty()) return invalidArgument("a user needs at least one role");
  store::UserRecord r;
  if (user.password) {
    RETURN_IF_ERROR(checkPasswordPolicy(*user.password, username));
    ASSIGN_OR_RETURN(r.password_hash, hashPassword(*user.password, options_.password_cost));
  }
  r.id = "u-" + randomHex(8);
  r.username = username;
  r.display_name = user.display_name;
  r.roles = user.roles.toString();
  if (!user.agent_id.empty()) {
    RETURN_IF_ERROR(checkAgentId(user.agent_id));
    r.agent_id = user.agent_id;
  }
  r.created_at = r.updated_at = clock_.now();
  r.version = 1;
  User created = toUser(r);
  auto audit = auditRecord(actor, "user.created", "user", r.id, "", userJson(created));
  {
    std::lock_guard lock(store_mu_);
    Status st = store_->createUser(r, &audit);
    if (st.code() == ErrorCode::kAlreadyExists) {
      return alreadyExists("user '" + username + "' already exists" +
                           (r.agent_id.empty()
                                ? std::string()
                                : ", or agent '" + r.agent_id + "' is linked to another account"));
    }
    RETURN_IF_ERROR(st);
  }
  spdlog::info("user {} ({}) created by {} with roles {}", r.id, username, actor.name, r.roles);
  return created;
}

Result<User> Identity::changeUser(const std::string& id, const UserChange& change,
                                  const Actor& actor) {
  ASSIGN_OR_RETURN(store::UserRecord r, userRecord(id));
  if (change.expected_version && *change.expected_version != r.version) {
    return conflict("the user is at version " + std::to_string(r.version) + ", not " +
                    std::to_string(*change.expected_version));
  }
  User before = toUser(r);
  std::int64_t version = r.version;
  if (change.display_name) {
    RETURN_IF_ERROR(checkDisplayName(*change.display_name));
    r.display_name = *change.display_name;
  }
  if (change.roles) {
    if (change.roles->empty()) return invalidArgument("a user needs at least one role");
    r.roles = change.roles->toString();
  }
  if (change.disabled) r.disabled = *change.disabled;
  if (change.agent_id) {
    if (!change.agent_id->empty()) RETURN_IF_ERROR(checkAgentId(*change.agent_id));
    r.agent_id = *change.agent_id;
  }
  User after = toUser(r);
  if (after.display_name == before.display_name && after.roles == before.roles &&
      after.disabled == before.disabled && after.agent_id == before.agent_id) {
    return before;  // nothing to change, nothing to audit
  }
  r.version = version + 1;
  r.updated_at = clock_.now();
  after = toUser(r);
  std::string action = after.disabled != before.disabled
                           ? (after.disabled ? "user.disabled" : "user.enabled")
                       : after.agent_id != before.agent_id
                           ? (after.agent_id.empty() ? "user.agent_unlinked" : "user.agent_linked")
                           : "user.changed";
  auto audit = auditRecord(actor, action, "user", id, userJson(before), userJson(after));
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->updateUser(r, version, &audit));
  }
  forget(id);  // roles or the account's state changed: the next request reads them anew
  spdlog::info("{} {} by {}", action, id, actor.name);
  return after;
}

Result<User> Identity::setPassword(const std::string& id, std::string_view password,
                                   const Actor& actor) {
  ASSIGN_OR_RETURN(store::UserRecord r, userRecord(id));
  RETURN_IF_ERROR(checkPasswordPolicy(password, r.username));
  ASSIGN_OR_RETURN(std::string hash, hashPassword(password, options_.password_cost));
  std::int64_t version = r.version;
  r.password_hash = std::move(hash);
  r.version = version + 1;
  r.updated_at = clock_.now();
  auto audit = auditRecord(actor, "user.password_set", "user", id, "", "");
  {
    std::lock_guard lock(store_mu_);
    RETURN_IF_ERROR(store_->updateUser(r, version, &audit));
    // Whoever knew the old password is signed out everywhere.
    RETURN_IF_ERROR(store_->endUserSessions(id, r.updated_at, "password changed").status());
  }
  forget(id);
  spdlog::info("password of user {} set by {}", id, actor.name);
  return toUser(r);
}

Result<User> Identity::getUser(const std::string& id) {
  ASSIGN_OR_RETURN(store::UserRecord r, userRecord(id));
  return toUser(r);
}

Result<User> Identity::findUserByName(std::string_view username) {
  std::lock_guard lock(store_mu_);
  ASSIGN_OR_RETURN(auto found, store_->findUser(store::UserKey::kUsername, username));
  if (!found) return notFound("user '" + printable(username) + "' does not exist");
  return toUser(*found);
}

Result<std::vector<User>> Identity::listUsers() {
  std::lock_guard lock(store_mu_);
  ASSIGN_OR_RETURN(auto records, store_->listUsers());
  std::vector<User> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(toUser(r));
  return out;
}

LoginResult Identity::login(std::string_view username_in, std::string_view password,
                            const std::string& remote_address) {
  LoginResult result;
  if (username_in.empty() || password.empty()) {
    result.status = invalidArgument("send a username and a password");
    return result;
  }
  if (username_in.size() > kMaxUsernameBytes || password.size() > kMaxPasswordBytes) {
    spdlog::warn("sign-in refused from {}: oversized credentials", remote_address);
    result.status = invalidArgument("the username or the password is too long");
    return result;
  }
  std::string username(username_in);
  for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  result.retry_after = throttle_.retryAfter(username, remote_address);
  if (result.retry_after.count() > 0) {
    spdlog::warn("sign-in refused from {}: too many failed attempts (locked for {} s)",
                 remote_address, result.retry_after.count());
    result.status = {ErrorCode::kUnauthenticated,
                     "too many failed sign-in attempts; try again later"};
    return result;
  }

  std::optional<store::UserRecord> user;
  {
    std::lock_guard lock(store_mu_);
    auto found = store_->findUser(store::UserKey::kUsername, username);
    if (!found) {
      result.status = found.status();
      return result;
    }
    user = std::move(*found);
  }
  // The same work whether or not the user exists or has a password: an argon2id verify.
  {
    std::call_once(dummy_once_, [&] {
      auto dummy = hashPassword(randomSecret(16), options_.password_cost);
      dummy_hash_ = dummy ? *dummy : "";
    });
  }
  bool known = user && !user->password_hash.empty();
  const std::string& against = known ? user->password_hash : dummy_hash_;
  if (!needsRehash(against, options_.password_cost)) {
    full_cost_verifications_.fetch_add(1, std::memory_order_relaxed);
  }
  bool matches = verifyPassword(password, against) && known;
  if (!matches || user->disabled) {
    throttle_.recordFailure(username, remote_address);
    if (!user) {
      spdlog::warn("sign-in refused from {}: unknown username", remote_address);
    } else if (!matches) {
      spdlog::warn("sign-in refused from {}: wrong password for user {}", remote_address, user->id);
    } else {
      spdlog::warn("sign-in refused from {}: user {} is disabled", remote_address, user->id);
    }
    result.status = {ErrorCode::kUnauthenticated, std::string(kLoginRefused)};
    return result;
  }
  throttle_.recordSuccess(username);
  if (needsRehash(user->password_hash, options_.password_cost)) {
    if (auto rehashed = hashPassword(password, options_.password_cost)) {
      store::UserRecord updated = *user;
      updated.password_hash = *rehashed;
      updated.version = user->version + 1;
      updated.updated_at = clock_.now();
      std::lock_guard lock(store_mu_);
      if (store_->updateUser(updated, user->version, nullptr).isOk()) user = updated;
    }
  }
  auto session = openSession(*user, "password");
  if (!session) {
    result.status = session.status();
    return result;
  }
  spdlog::info("user {} signed in from {}", user->id, remote_address);
  result.session = std::move(*session);
  return result;
}

Result<NewSession> Identity::startSsoSession(const SsoIdentity& sso,
                                             const std::string& remote_address) {
  if (sso.roles.empty()) {
    spdlog::warn("SSO sign-in refused from {}: the provider's claims map to no role",
                 remote_address);
    return Status(ErrorCode::kPermissionDenied,
                  "your account at the identity provider has no role in Luukku; ask an "
                  "administrator to add you to a Luukku group");
  }
  std::optional<store::UserRecord> user;
  {
    std::lock_guard lock(store_mu_);
    ASSIGN_OR_RETURN(user, store_->findUser(store::UserKey::kExternalId, sso.external_id));
  }
  Actor sso_actor{"sso", "identity provider"};
  std::string display = sso.display_name.empty() ? sso.username : sso.display_name;
  if (!user) {
    auto base = normalizeUsername(sso.username);
    std::string username = base ? *base : "sso-user";
    store::UserRecord r;
    r.id = "u-" + randomHex(8);
    r.display_name = display.substr(0, 200);
    r.roles = sso.roles.toString();
    r.external_id = sso.external_id;
    r.created_at = r.updated_at = clock_.now();
    for (int attempt = 0;; ++attempt) {
      r.username = attempt == 0 ? username : username + "-" + randomHex(2);
      auto audit = auditRecord(sso_actor, "user.created", "user", r.id, "", userJson(toUser(r)));
      std::lock_guard lock(store_mu_);
      Status st = store_->createUser(r, &audit);
      if (st.isOk()) break;
      if (st.code() != ErrorCode::kAlreadyExists || attempt >= 3) return st;
    }
    spdlog::info("user {} created at first SSO sign-in", r.id);
    user = r;
  } else if (user->disabled) {
    spdlog::warn("SSO sign-in refused from {}: user {} is disabled", remote_address, user->id);
    return Status(ErrorCode::kUnauthenticated, std::string(kLoginRefused));
  } else if (user->roles != sso.roles.toString() || user->display_name != display) {
    store::UserRecord updated = *user;
    updated.roles = sso.roles.toString();
    updated.display_name = display.substr(0, 200);
    updated.version = user->version + 1;
    updated.updated_at = clock_.now();
    auto audit = auditRecord(sso_actor, "user.changed", "user", user->id, userJson(toUser(*user)),
                             userJson(toUser(updated)));
    {
      std::lock_guard lock(store_mu_);
      RETURN_IF_ERROR(store_->updateUser(updated, user->version, &audit));
    }
    forget(user->id);
    user = updated;
  }
  ASSIGN_OR_RETURN(NewSession session, openSession(*user, "oidc"));
  spdlog::info("user {} signed in through SSO from {}", user->id, remote_address);
  return session;
}

}  // namespace luukku::identity
