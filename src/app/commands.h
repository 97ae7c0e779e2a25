// The luukku subcommands, each returning the process exit code. main() parses the command
// line into Settings and calls one of these.
#pragma once

#include <string>
#include <vector>

#include "app/settings.h"

namespace luukku::app {

struct ServeOptions {
  std::string ready_file;  // when set, the bound HTTP port is written here once serving
  bool banner = false;     // print where to point a browser (for `make run`)
};

struct SimulateOptions {
  std::string scenario = "config/demo-simulation.toml";
  std::string csv;    // when set, hourly figures are written here
  bool plan = false;  // also print the agents needed per hour (Erlang C)
};

int serve(const Settings& settings, const ServeOptions& options);
// Needs no store or server: a pure run of the routing code over a simulated day.
int simulate(const SimulateOptions& options);
int migrate(const Settings& settings);
// `luukku report rebuild`: empties the reports' roll-ups and projects the whole log again
// (after a change to what a figure counts). Safe beside a running server: its follower finds
// the roll-ups moved and resumes from them.
int reportRebuild(const Settings& settings);
int importConfig(const Settings& settings, const std::string& file);
// `luukku seed-clickbot FILE`: saves and publishes FILE (a clickbot tree, JSON) as the region's
// main tree when the region has none yet; a tree already there is left as it is.
int seedClickbot(const Settings& settings, const std::string& file);
// `luukku access-log verify`: 0 when the access log's hash chain is intact, 1 when it is
// broken (the message names the first broken seq), 2 when it could not be verified.
int accessLogVerify(const Settings& settings);

// `luukku user add|disable|enable|roles|passwd|list|bootstrap`.
struct UserCommand {
  std::string action;
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
  bool password_stdin = false;  // read the password from stdin instead of generating one
  bool sso_only = false;        // no password: signs in only through SSO
  std::string agent;            // add, link: the routing agent the account acts as
};
int userCommand(const Settings& settings, const UserCommand& command);

// `luukku token create|revoke|list`.
struct TokenCommand {
  std::string action;
  std::string name;
  std::vector<std::string> roles;
  std::string id;
  int days = 0;  // 0: no expiry
};
int tokenCommand(const Settings& settings, const TokenCommand& command);

}  // namespace luukku::app
