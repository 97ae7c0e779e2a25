// An in-process Luukku for API tests: a real SQLite store in a temp dir (or the given store
// URL), a real engine and a real HTTP server on 127.0.0.1 with a free port, optionally
// loaded with the demo region.
//
// Authorization is enforced as in production. client() is signed in as a user holding every
// staff role (its requests carry the session cookie and the CSRF token), so tests of other
// features need not care; anonymousClient() and clientWithRoles() are for tests of access.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/http_server.h"
#include "api/services.h"
#include "attachments/intake.h"
#include "chat/chat_service.h"
#include "concurrency/blocking_pool.h"
#include "engine/engine.h"
#include "engine/store_reader.h"
#include "engine/system_clock.h"
#include "identity/access_log.h"
#include "identity/identity.h"
#include "metrics/metrics.h"
#include "reports/report_service.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace luukku::testing {

struct TestServerOptions {
  api::HttpServerOptions http;
  engine::EngineOptions engine;
  std::string store_url;  // empty: SQLite in the temp dir
  bool load_demo_region = true;
  // Identity: the cheapest password hashing by default (tests are not about its cost).
  identity::IdentityOptions identity = fastIdentityOptions();
  const Clock* identity_clock = nullptr;  // empty: the system clock; must outlive the server
  bool tls = false;                       // tell handlers the server speaks HTTPS
  // The access log's hash key, for a test that writes rows as an older version did.
  identity::HashKey access_log_key = identity::randomHashKey();
  // Adds routes that only a test needs (e.g. one that reads personal data).
  std::function<void(api::Router&, api::Services&)> extra_routes;

  static identity::IdentityOptions fastIdentityOptions() {
    identity::IdentityOptions o;
    o.password_cost = identity::PasswordCost::fastest();
    return o;
  }
  const Clock* clock = nullptr;  // empty: the system clock; must outlive the server
  chat::ChatSettings chat;
  // Files sent in chats, kept in the temp dir: the largest taken, and clamd's address (empty:
  // not scanned).
  std::size_t chat_max_file_bytes = attachments::AttachmentIntake::kDefaultMaxBytes;
  std::string chat_clamd;
  // How far behind the log a report read catches up itself (reports/report_service.h).
  reports::ReportLimits reports;
};

// The repository's directory (for config/ and docs/).
std::string sourceDir();

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();

  std::uint16_t port() const { return server_->port(); }
  // Signed in with every staff role (a session cookie and its CSRF token).
  HttpClient client() const;
  // No credentials at all.
  HttpClient anonymousClient() const { return HttpClient(port()); }
  // Signed in as a new user holding exactly `roles` (a session, like a browser).
  HttpClient clientWithRoles(identity::RoleSet roles);
  // Signed in as a new user holding only the agent role, linked to `agent_id`.
  HttpClient agentClient(const std::string& agent_id);
  // With an API token holding exactly `roles`.
  HttpClient tokenClient(identity::RoleSet roles);
  // A session for a new user with `roles` (linked to `agent_id` unless empty):
  // {cookie value, CSRF token, user id}.
  struct SignedIn {
    std::string cookie;
    std::string csrf;
    std::string user_id;
  };
  SignedIn signIn(identity::RoleSet roles, std::string agent_id = "");
  // A client carrying `session`'s cookie and CSRF token.
  HttpClient clientFor(const SignedIn& session) const;
  // A password that satisfies the policy, used for the users this server creates.
  static constexpr const char* kPassword = "Testi-salasana-4711";

  identity::Identity& identity() { return *identity_; }
  identity::AccessLog& accessLog() { return *access_log_; }
  engine::Engine& engine() { return *engine_; }
  metrics::Registry& metrics() { return registry_; }
  api::Services& services() { return *services_; }
  chat::ChatService& chat() { return *chat_; }
  const attachments::FileStore& chatFiles() const { return *chat_files_; }
  const TempDir& dir() const { return dir_; }
  const std::string& storeUrl() const { return store_url_; }

 private:
  TempDir dir_;
  std::string store_url_;
  metrics::Registry registry_;
  engine::SystemClock system_clock_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::StoreReader> reader_;
  std::unique_ptr<concurrency::BlockingPool> blocking_;
  std::unique_ptr<identity::Identity> identity_;
  std::unique_ptr<identity::AccessLog> access_log_;
  SignedIn staff_;
  int users_made_ = 0;
  std::unique_ptr<reports::ReportService> reports_;
  std::unique_ptr<chat::ChatService> chat_;
  std::optional<attachments::FileStore> chat_files_;
  std::optional<attachments::AttachmentIntake> chat_intake_;
  std::unique_ptr<api::Services> services_;
  std::unique_ptr<api::HttpServer> server_;
};

}  // namespace luukku::testing
