#include "support/test_server.h"

#include <boost/asio/use_future.hpp>
#include <stdexcept>

#include "api/routes.h"
#include "app/region_file.h"
#include "identity/crypto.h"
#include "reports/report_service.h"

namespace luukku::testing {

std::string sourceDir() {
  return LUUKKU_SOURCE_DIR;
}

namespace {

void check(const Status& status, const char* doing) {
  if (!status.isOk()) throw std::runtime_error(std::string(doing) + ": " + status.toString());
}

}  // namespace

TestServer::TestServer(TestServerOptions options) {
  store_url_ = options.store_url.empty() ? "sqlite:" + dir_.file("luukku.db") : options.store_url;
  auto store = store::openStore(store_url_);
  check(store.status(), "opening the store");
  check((*store)->migrate(), "migrating");
  const Clock& clock = options.clock ? *options.clock : system_clock_;
  engine_ =
      std::make_unique<engine::Engine>(std::move(store).value(), clock, registry_, options.engine);
  check(engine_->start(), "starting the engine");
  if (options.load_demo_region) {
    auto config = app::loadRegionFile(sourceDir() + "/config/demo-region.toml");
    check(config.status(), "reading the demo region");
    auto done =
        engine_->execute(engine::ImportRegion{config->settings, config->lines, config->agents, {}},
                         boost::asio::use_future);
    check(done.get().status(), "importing the demo region");
  }
  reader_ = std::make_unique<engine::StoreReader>(store_url_, 1);
  static const engine::SystemClock wall_clock;
  const Clock& identity_clock = options.identity_clock ? *options.identity_clock : wall_clock;
  auto identity = identity::Identity::open(store_url_, identity_clock, options.identity);
  check(identity.status(), "opening the identity service");
  identity_ = std::move(identity).value();
  auto access_log = identity::AccessLog::open(store_url_, identity_clock, options.access_log_key);
  check(access_log.status(), "opening the access log");
  access_log_ = std::move(access_log).value();
  blocking_ = std::make_unique<concurrency::BlockingPool>(2);
  services_ = std::make_unique<api::Services>(api::Services{
      *engine_, *reader_, registry_, *identity_, *access_log_, *blocking_, options.tls});
  auto reports = reports::ReportService::open(store_url_, clock, options.reports);
  check(reports.status(), "opening the reports");
  reports_ = std::move(reports).value();
  services_->reports = reports_.get();
  chat_ = std::make_unique<chat::ChatService>(*engine_, clock, registry_, options.chat);
  chat_->start();
  services_->chat = chat_.get();
  auto files = attachments::FileStore::open(dir_.path() / "chat-files");
  check(files.status(), "opening the chat files' directory");
  chat_files_.emplace(std::move(files).value());
  std::optional<attachments::ClamdScanner> scanner;
  if (!options.chat_clamd.empty()) {
    auto created = attachments::ClamdScanner::create(options.chat_clamd, std::chrono::seconds(5));
    check(created.status(), "naming clamd");
    scanner = std::move(created).value();
  }
  chat_intake_.emplace(*chat_files_, std::move(scanner), options.chat_max_file_bytes);
  services_->chat_files = &*chat_intake_;
  staff_ = signIn(identity::RoleSet::all());
  options.http.address = "127.0.0.1";
  options.http.port = 0;
  api::Router router = api::buildRouter(*services_);
  if (options.extra_routes) options.extra_routes(router, *services_);
  server_ = std::make_unique<api::HttpServer>(options.http, std::move(router), *services_);
  check(server_->start(), "starting the HTTP server");
}

TestServer::~TestServer() {
  server_->stop();
  chat_->stop();
  // Finish blocking work and access-log writes while the server's executor still exists.
  blocking_.reset();
  access_log_.reset();
  engine_->stop();
}

TestServer::SignedIn TestServer::signIn(identity::RoleSet roles, std::string agent_id) {
  identity::NewUser user;
  user.agent_id = std::move(agent_id);
  user.username = "test-user-" + std::to_string(++users_made_) + "-" + identity::randomHex(3);
  user.display_name = "Test User " + std::to_string(users_made_);
  user.password = kPassword;
  user.roles = roles;
  auto created = identity_->createUser(user, identity::Actor::commandLine());
  check(created.status(), "creating a test user");
  auto login = identity_->login(user.username, kPassword, "test");
  check(login.status, "signing in a test user");
  return {login.session->cookie_value, login.session->principal.csrf_token, created->id};
}

HttpClient TestServer::clientFor(const SignedIn& session) const {
  return HttpClient(port())
      .withHeader("Cookie", "luukku_session=" + session.cookie)
      .withHeader("X-CSRF-Token", session.csrf);
}

HttpClient TestServer::client() const {
  return clientFor(staff_);
}

HttpClient TestServer::clientWithRoles(identity::RoleSet roles) {
  return clientFor(signIn(roles));
}

HttpClient TestServer::agentClient(const std::string& agent_id) {
  return clientFor(signIn(identity::RoleSet{identity::Role::kAgent}, agent_id));
}

HttpClient TestServer::tokenClient(identity::RoleSet roles) {
  auto token = identity_->createToken("test-token-" + std::to_string(++users_made_), roles,
                                      std::nullopt, identity::Actor::commandLine());
  check(token.status(), "creating a test token");
  return HttpClient(port()).withHeader("Authorization", "Bearer " + token->secret);
}

}  // namespace luukku::testing
