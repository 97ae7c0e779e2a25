// `luukku user ...` and `luukku token ...`: staff accounts and API tokens from the command
// line, working on the store directly (a running server notices within seconds). Secrets a
// command creates (a generated password, a token) go to stdout once, never to the log.
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "engine/system_clock.h"
#include "identity/crypto.h"
#include "identity/identity.h"
#include "store/event_store.h"

namespace luukku::app {
namespace {

int fail(const Status& st) {
  std::cerr << "luukku: " << st.message() << "\n";
  return 1;
}

Result<identity::RoleSet> parseRoles(const std::vector<std::string>& names) {
  identity::RoleSet roles;
  for (const auto& n : names) {
    ASSIGN_OR_RETURN(identity::RoleSet one, identity::RoleSet::parse(n));
    for (auto r : one.list()) roles.add(r);
  }
  return roles;
}

// A password from stdin (one line), or a generated one that is printed once.
std::string passwordFrom(bool from_stdin, bool* generated) {
  *generated = !from_stdin;
  if (!from_stdin) return identity::randomSecret(15);  // 20 characters
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::unique_ptr<identity::Identity>> openIdentityService(const Settings& settings,
                                                                const Clock& clock) {
  if (int rc = migrate(settings); rc != 0) return unavailable("the store could not be migrated");
  identity::IdentityOptions options;
  options.session_lifetime = std::chrono::minutes(settings.session_lifetime_minutes);
  options.session_idle = std::chrono::minutes(settings.session_idle_minutes);
  return identity::Identity::open(settings.effectiveStoreUrl(), clock, options);
}

void printUser(const identity::User& u) {
  std::cout << u.id << "  " << u.username << "  [" << u.roles.toString() << "]"
            << (u.disabled ? "  disabled" : "") << (u.external_id.empty() ? "" : "  sso")
            << (u.agent_id.empty() ? "" : "  agent " + u.agent_id) << "  " << u.display_name
            << "\n";
}

// An account is linked only to an agent the region's configuration has.
Status checkAgentExists(const Settings& settings, const std::string& agent_id) {
  ASSIGN_OR_RETURN(auto store, store::openStore(settings.effectiveStoreUrl()));
  ASSIGN_OR_RETURN(auto agent, store->loadDocument("agent", agent_id));
  if (!agent) {
    return notFound("agent '" + agent_id +
                    "' is not an agent of the region (import-config adds agents)");
  }
  return Status::ok();
}

}  // namespace

int userCommand(const Settings& settings, const UserCommand& c) {
  engine::SystemClock clock;
  auto identity = openIdentityService(settings, clock);
  if (!identity) return fail(identity.status());
  identity::Identity& id = **identity;
  auto actor = identity::Actor::commandLine();

  if (c.action == "list") {
    auto users = id.listUsers();
    if (!users) return fail(users.status());
    for (const auto& u : *users) printUser(u);
    return 0;
  }
  if (c.action == "bootstrap") {
    auto users = id.listUsers();
    if (!users) return fail(users.status());
    if (!users->empty()) {
      std::cout << "Sign in with an existing account (" << users->size() << " users; "
                << "`luukku user list` shows them).\n";
      return 0;
    }
  }
  if (c.action == "add" || c.action == "bootstrap") {
    bool bootstrap = c.action == "bootstrap";
    auto roles =
        bootstrap ? Result<identity::RoleSet>(identity::RoleSet::all()) : parseRoles(c.roles);
    if (!roles) return fail(roles.status());
    bool generated = false;
    identity::NewUser u;
    u.username = bootstrap ? "admin" : c.username;
    u.display_name = c.display_name.empty() ? u.username : c.display_name;
    u.roles = *roles;
    if (!c.sso_only) u.password = passwordFrom(c.password_stdin, &generated);
    if (!c.agent.empty()) {
      if (Status st = checkAgentExists(settings, c.agent); !st) return fail(st);
      u.agent_id = c.agent;
    }
    auto created = id.createUser(u, actor);
    if (!created) return fail(created.status());
    printUser(*created);
    if (generated) {
      std::cout << "Password for " << created->username << " (shown once): " << *u.password << "\n";
    }
    return 0;
  }
  auto user = id.findUserByName(c.username);
  if (!user) return fail(user.status());
  if (c.action == "disable" || c.action == "enable") {
    identity::UserChange change;
    change.disabled = c.action == "disable";
    auto changed = id.changeUser(user->id, change, actor);
    if (!changed) return fail(changed.status());
    printUser(*changed);
    return 0;
  }
  if (c.action == "link" || c.action == "unlink") {
    if (c.action == "link") {
      if (Status st = checkAgentExists(settings, c.agent); !st) return fail(st);
    }
    identity::UserChange change;
    change.agent_id = c.action == "link" ? c.agent : "";
    auto changed = id.changeUser(user->id, change, actor);
    if (!changed) return fail(changed.status());
    printUser(*changed);
    return 0;
  }
  if (c.action == "roles") {
    auto roles = parseRoles(c.roles);
    if (!roles) return fail(roles.status());
    identity::UserChange change;
    change.roles = *roles;
    auto changed = id.changeUser(user->id, change, actor);
    if (!changed) return fail(changed.status());
    printUser(*changed);
    return 0;
  }
  if (c.action == "passwd") {
    bool generated = false;
    std::string password = passwordFrom(c.password_stdin, &generated);
    auto changed = id.setPassword(user->id, password, actor);
    if (!changed) return fail(changed.status());
    if (generated)
      std::cout << "New password for " << changed->username << " (shown once): " << password
                << "\n";
    return 0;
  }
  return fail(invalidArgument("unknown user action " + c.action));
}

int tokenCommand(const Settings& settings, const TokenCommand& c) {
  engine::SystemClock clock;
  auto identity = openIdentityService(settings, clock);
  if (!identity) return fail(identity.status());
  identity::Identity& id = **identity;
  auto actor = identity::Actor::commandLine();
  if (c.action == "create") {
    auto roles = parseRoles(c.roles);
    if (!roles) return fail(roles.status());
    std::optional<Timestamp> expires;
    if (c.days > 0) expires = clock.now() + std::chrono::days(c.days);
    auto token = id.createToken(c.name, *roles, expires, actor);
    if (!token) return fail(token.status());
    std::cerr << "token " << token->record.id << " (" << token->record.name << ", roles "
              << token->record.roles << ") created; the secret below is shown once\n";
    std::cout << token->secret << "\n";
    return 0;
  }
  if (c.action == "revoke") {
    Status st = id.revokeToken(c.id, actor);
    return st ? 0 : fail(st);
  }
  if (c.action == "list") {
    auto tokens = id.listTokens();
    if (!tokens) return fail(tokens.status());
    for (const auto& t : *tokens) {
      std::cout << t.id << "  " << t.name << "  [" << t.roles << "]"
                << (t.revoked_at ? "  revoked" : "")
                << (t.expires_at ? "  expires " + formatTimestamp(*t.expires_at) : "") << "\n";
    }
    return 0;
  }
  return fail(invalidArgument("unknown token action " + c.action));
}

}  // namespace luukku::app
