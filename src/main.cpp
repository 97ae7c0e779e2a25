// luukku: the contact center server and its administrative commands.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "app/logging.h"
#include "app/settings.h"
#include "store/event_store.h"

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

namespace {

// The commands, from the command line; main() below only guards it.
int run(int argc, char** argv) {
  using namespace luukku;
  CLI::App cli{"Luukku: a contact center for public social and health services"};
  cli.require_subcommand(1);

  std::string config_file;
  app::Settings flags;
  std::string http_listen, web_root, store_url, data_dir, log_level, log_format;
  std::string tls_cert, tls_key;
  cli.add_option("-c,--config", config_file, "Settings file (TOML); also LUUKKU_CONFIG");
  cli.add_option("--http-listen", http_listen, "HTTP listen address, host:port");
  cli.add_option("--web-root", web_root, "Directory of the built web app");
  cli.add_option("--store-url", store_url, "sqlite:<path> or postgresql://user@host/db");
  cli.add_option("--data-dir", data_dir, "Directory for the embedded store and files");
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error");
  cli.add_option("--log-format", log_format, "text or json");
  std::string telephony_config, sip_listen;
  cli.add_option("--telephony-config", telephony_config,
                 "Telephony file (trunks, phones); enables SIP");
  cli.add_option("--sip-listen", sip_listen, "SIP listen address, host:port");
  cli.add_option("--tls-cert", tls_cert, "PEM certificate chain: serve HTTPS (with --tls-key)");
  cli.add_option("--tls-key", tls_key, "PEM private key for --tls-cert");

  app::ServeOptions serve_options;
  auto* serve = cli.add_subcommand("serve", "Run the server");
  serve->add_option("--ready-file", serve_options.ready_file,
                    "Write the bound HTTP port here once serving");
  serve->add_flag("--banner", serve_options.banner, "Print where to point a browser");
  auto* migrate = cli.add_subcommand("migrate", "Bring the store's schema up to date");
  std::string import_file;
  auto* import = cli.add_subcommand("import-config", "Import a region configuration file");
  import->add_option("FILE", import_file, "A .toml or .json region file")->required();
  std::string clickbot_file;
  auto* seed_clickbot = cli.add_subcommand(
      "seed-clickbot", "Publish a clickbot tree file when the region has no tree yet");
  seed_clickbot->add_option("FILE", clickbot_file, "A clickbot tree, JSON")->required();
  auto* version = cli.add_subcommand("version", "Print the version");
  auto* access_log = cli.add_subcommand("access-log", "The access log (käyttöloki)");
  access_log->require_subcommand(1);
  access_log->add_subcommand("verify",
                             "Check the access log's hash chain: exit 0 intact, 1 broken, "
                             "2 could not check");

  auto* report_cmd = cli.add_subcommand("report", "The reports' roll-ups (docs/reports.md)");
  report_cmd->require_subcommand(1);
  report_cmd->add_subcommand("rebuild", "Rebuild the reports' roll-ups from the event log");

  // Staff accounts and API tokens (see docs/security.md).
  app::UserCommand user_command;
  auto* user = cli.add_subcommand("user", "Manage staff accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Create a user (prints a generated password)");
  user_add->add_option("USERNAME", user_command.username)->required();
  user_add->add_option("--name", user_command.display_name, "Display name");
  user_add->add_option("--role", user_command.roles, "agent, supervisor, admin, registrar")
      ->required();
  user_add->add_flag("--password-stdin", user_command.password_stdin,
                     "Read the password from stdin");
  user_add->add_flag("--sso-only", user_command.sso_only, "No password: sign in through SSO");
  user_add->add_option("--agent", user_command.agent, "The agent of the region it acts as");
  auto* user_link = user->add_subcommand("link", "Link a user to the agent they act as");
  user_link->add_option("USERNAME", user_command.username)->required();
  user_link->add_option("AGENT", user_command.agent, "An agent of the region")->required();
  auto* user_unlink = user->add_subcommand("unlink", "Unlink a user from their agent");
  user_unlink->add_option("USERNAME", user_command.username)->required();
  for (const char* action : {"disable", "enable"}) {
    auto* sub = user->add_subcommand(action, std::string(action) == "disable"
                                                 ? "Disable a user and end their sessions"
                                                 : "Enable a disabled user");
    sub->add_option("USERNAME", user_command.username)->required();
  }
  auto* user_roles = user->add_subcommand("roles", "Replace a user's roles");
  user_roles->add_option("USERNAME", user_command.username)->required();
  user_roles->add_option("--role", user_command.roles, "The new roles")->required();
  auto* user_passwd = user->add_subcommand("passwd", "Set a user's password");
  user_passwd->add_option("USERNAME", user_command.username)->required();
  user_passwd->add_flag("--password-stdin", user_command.password_stdin,
                        "Read the password from stdin");
  user->add_subcommand("list", "List users");
  auto* user_bootstrap =
      user->add_subcommand("bootstrap", "Create the first admin when there are no users");
  user_bootstrap->add_option("--agent", user_command.agent,
                             "The agent of the region it acts as (make run: a demo professional)");

  app::TokenCommand token_command;
  auto* token = cli.add_subcommand("token", "Manage API tokens for integrations");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create a token (prints it once)");
  token_create->add_option("--name", token_command.name, "What it is for")->required();
  token_create->add_option("--role", token_command.roles, "Its roles")->required();
  token_create->add_option("--days", token_command.days, "Expire after this many days");
  auto* token_revoke = token->add_subcommand("revoke", "Revoke a token");
  token_revoke->add_option("ID", token_command.id)->required();
  token->add_subcommand("list", "List tokens");

  app::SimulateOptions simulate_options;
  auto* simulate = cli.add_subcommand(
      "simulate", "Simulate a day of the contact center with the real routing code");
  simulate->add_option("SCENARIO", simulate_options.scenario,
                       "Scenario file (default config/demo-simulation.toml)");
  simulate->add_option("--csv", simulate_options.csv, "Write hourly figures as CSV here");
  simulate->add_flag("--plan", simulate_options.plan,
                     "Also print the agents needed per hour for 80 % within the target");

  CLI11_PARSE(cli, argc, argv);

  if (*version) {
    std::cout << "luukku " << kVersion << " (store schema " << store::latestSchemaVersion()
              << ")\n";
    return 0;
  }
  if (*simulate) return app::simulate(simulate_options);

  app::Settings settings;
  if (config_file.empty()) {
    if (const char* env = std::getenv("LUUKKU_CONFIG"); env && *env) config_file = env;
  }
  auto report = [](const Status& st) {
    std::cerr << "luukku: " << st.message() << "\n";
    return 2;
  };
  if (!config_file.empty()) {
    if (Status st = app::applySettingsFile(config_file, settings); !st) return report(st);
  }
  (void)app::applyEnvironment(settings, [](const char* name) { return std::getenv(name); });
  auto override = [](std::string& field, const std::string& value) {
    if (!value.empty()) field = value;
  };
  override(settings.http_listen, http_listen);
  override(settings.web_root, web_root);
  override(settings.store_url, store_url);
  override(settings.data_dir, data_dir);
  override(settings.log_level, log_level);
  override(settings.log_format, log_format);
  override(settings.telephony_config, telephony_config);
  override(settings.sip_listen, sip_listen);
  override(settings.tls_cert_file, tls_cert);
  override(settings.tls_key_file, tls_key);
  if (Status st = app::validateSettings(settings); !st) return report(st);
  app::setupLogging(settings.log_level, settings.log_format);

  if (*serve) return app::serve(settings, serve_options);
  if (*migrate) return app::migrate(settings);
  if (*import) return app::importConfig(settings, import_file);
  if (*seed_clickbot) return app::seedClickbot(settings, clickbot_file);
  if (*access_log) return app::accessLogVerify(settings);
  if (*report_cmd) return app::reportRebuild(settings);
  if (*user) {
    for (auto* sub : user->get_subcommands()) user_command.action = sub->get_name();
    return app::userCommand(settings, user_command);
  }
  if (*token) {
    for (auto* sub : token->get_subcommands()) token_command.action = sub->get_name();
    return app::tokenCommand(settings, token_command);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Commands report failures as statuses; anything thrown is a bug, said once, plainly.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "luukku: unexpected error: " << e.what() << "\n";
    return 70;  // EX_SOFTWARE
  }
}
