#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "api/http_server.h"
#include "api/routes.h"
#include "app/access_log_check.h"
#include "app/commands.h"
#include "app/identity_setup.h"
#include "attachments/file_retention.h"
#include "attachments/intake.h"
#include "chat/chat_service.h"
#include "concurrency/blocking_pool.h"
#include "engine/engine.h"
#include "engine/store_reader.h"
#include "engine/system_clock.h"
#include "identity/identity.h"
#include "metrics/metrics.h"
#include "reports/projector.h"
#include "reports/report_service.h"
#include "store/event_store.h"
#include "store/report_store.h"
#include "telephony/telephony.h"

namespace luukku::app {
namespace asio = boost::asio;

namespace {

// A desk phone's call outside that the dial policy refused goes to the audit log as the API's
// refused calls do ("call.refused" of the service line), its actor the phone; written on the
// blocking pool, never on the call thread that reports it.
telephony::PhoneDialAudit phoneDialAudit(identity::Identity& identity,
                                         concurrency::BlockingPool& blocking) {
  return [&identity, &blocking](telephony::PhoneDialRefusal r) {
    identity::Actor actor{"phone:" + r.extension, "phone " + r.extension};
    boost::json::object attempted{{"agent", r.agent_id},
                                  {"number", r.number},
                                  {"extension", r.extension},
                                  {"reason", r.reason}};
    auto write = [&identity, actor, line = r.line_id, after = boost::json::serialize(attempted)] {
      return identity.audit(actor, "call.refused", "service_line", line, "", after);
    };
    blocking.run(std::move(write), [](Status st) {
      if (!st) spdlog::error("the audit log could not record a refused call: {}", st.message());
    });
  };
}

// Removes chat files kept longer than chat.files_kept_days (attachments/file_retention.h): once
// at start and then every hour, on the blocking pool, never a file of a chat the chat service
// still holds. Counts and logs how many went, never which.
class ChatFileSweep {
 public:
  ChatFileSweep(asio::io_context& control, const attachments::FileRetention& retention,
                chat::ChatService& chats, concurrency::BlockingPool& blocking,
                metrics::Registry& registry)
      : control_(control),
        retention_(retention),
        chats_(chats),
        blocking_(blocking),
        removed_(registry.counter("luukku_chat_files_removed_total",
                                  "Chat files removed after chat.files_kept_days")),
        timer_(control) {}

  void start() { sweep(); }
  // On the control thread: no sweep starts after this one.
  void stop() {
    stopped_ = true;
    timer_.cancel();
  }

 private:
  static constexpr std::chrono::hours kEvery{1};

  void sweep() {
    chats_.readableSince([this](std::optional<Timestamp> readable_since) {
      blocking_.run([this, readable_since] { return retention_.sweep(readable_since); },
                    asio::bind_executor(control_, [this](Result<attachments::Swept> swept) {
                      report(swept);
                      next();
                    }));
    });
  }
  void report(const Result<attachments::Swept>& swept) {
    const auto days = std::chrono::duration_cast<std::chrono::days>(retention_.keep()).count();
    if (!swept) {
      spdlog::warn("chat files: the directory could not be swept: {}", swept.status().message());
      return;
    }
    removed_.add(swept->removed);
    if (swept->removed > 0) {
      spdlog::info("chat files: removed {} kept longer than {} days", swept->removed, days);
    }
    if (swept->failed > 0) {
      spdlog::warn("chat files: {} kept longer than {} days could not be removed", swept->failed,
                   days);
    }
  }
  void next() {
    if (stopped_) return;
    timer_.expires_after(kEvery);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stopped_) sweep();
    });
  }

  asio::io_context& control_;
  const attachments::FileRetention& retention_;
  chat::ChatService& chats_;
  concurrency::BlockingPool& blocking_;
  metrics::Counter& removed_;
  asio::steady_timer timer_;
  bool stopped_ = false;
};

// Creates the data directory (owner-only) when the store lives in it.
Status prepareDataDir(const Settings& settings) {
  if (!settings.store_url.empty()) return Status::ok();
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  if (ec)
    return unavailable("cannot create data directory " + settings.data_dir + ": " + ec.message());
  ::chmod(settings.data_dir.c_str(), 0700);
  return Status::ok();
}

Result<store::EventStorePtr> openMigratedStore(const Settings& settings) {
  RETURN_IF_ERROR(prepareDataDir(settings));
  ASSIGN_OR_RETURN(store::EventStorePtr store, store::openStore(settings.effectiveStoreUrl()));
  RETURN_IF_ERROR(store->migrate());
  return store;
}

// Where to point a SIP phone (for `make run`).
void printSipBanner(const telephony::TelephonyConfig& config, const engine::Engine& engine) {
  const std::string& sip = config.sip.listen;
  std::cout << "Telephony:\n  SIP:      " << sip << " (UDP and TCP), realm " << config.sip.realm
            << "\n";
  auto region = engine.region();
  for (const auto& p : config.phones) {
    std::cout << "  phone:    register " << p.phone.extension << "@" << sip << " with password "
              << p.phone.password << " (agent " << p.phone.agent_id << ")\n";
  }
  for (const auto& trunk : config.sip.trunks) {
    for (const auto& [id, line] : region->state.lines()) {
      if (line.phone_numbers.empty() || !line.active) continue;
      std::cout << "  trunk:    calls from " << trunk.allowed_sources.front()
                << " to sip:" << line.phone_numbers.front() << "@" << sip << " reach "
                << line.name.fi << "\n";
    }
  }
  std::cout << "  Phones and trunks are in the telephony file; see docs/telephony.md.\n"
            << std::endl;
}

int fail(std::string_view doing, const Status& status) {
  spdlog::error("{}: {}", doing, status.message());
  return 1;
}

}  // namespace

int migrate(const Settings& settings) {
  auto store = openMigratedStore(settings);
  if (!store) return fail("migration failed", store.status());
  auto version = (*store)->schemaVersion();
  if (!version) return fail("migration failed", version.status());
  spdlog::info("store {} is at schema version {}",
               store::redactStoreUrl(settings.effectiveStoreUrl()), *version);
  return 0;
}

int reportRebuild(const Settings& settings) {
  auto events = openMigratedStore(settings);
  if (!events) return fail("cannot open the store", events.status());
  auto reports = store::openReportStore(settings.effectiveStoreUrl());
  if (!reports) return fail("cannot open the reports", reports.status());
  const auto started = std::chrono::steady_clock::now();
  reports::ReportProjector projector(**events, **reports);
  if (Status st = projector.rebuild(); !st) return fail("rebuilding the reports failed", st);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "report roll-ups rebuilt up to seq " << projector.projectedSeq() << " in " << took
            << " s" << std::endl;
  return 0;
}

int serve(const Settings& settings, const ServeOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto listen = parseListenAddress(settings.http_listen);
  if (!listen) return fail("cannot start", listen.status());
  auto store = openMigratedStore(settings);
  if (!store) return fail("cannot open the store", store.status());

  metrics::Registry registry;
  engine::SystemClock clock;
  engine::Engine engine(std::move(store).value(), clock, registry);
  asio::io_context control;
  asio::signal_set signals(control, SIGINT, SIGTERM);
  int exit_code = 0;
  engine.setFatalHandler([&](const Status& status) {
    spdlog::critical("the event store failed, stopping so the server restarts from it: {}",
                     status.message());
    asio::post(control, [&] {
      exit_code = 1;
      signals.cancel();
    });
  });
  if (Status st = engine.start(); !st) return fail("cannot start the engine", st);

  // Before telephony, whose refused calls it audits.
  auto identity = openIdentity(settings, clock);
  if (!identity) return fail("cannot start the identity service", identity.status());

  // Telephony (SIP and RTP), when configured: calls enter the engine's queues from here on.
  std::unique_ptr<telephony::Telephony> telephony;
  if (!settings.telephony_config.empty()) {
    telephony::TelephonyOptions t;
    // Call actions are timed on the steady clock the HTTP server stamps requests with.
    t.action_clock = [] { return std::chrono::steady_clock::now(); };
    t.config_file = settings.telephony_config;
    t.sip_listen = settings.sip_listen;
    t.prompts_dir = settings.prompts_dir;
    t.data_dir = settings.data_dir;
    t.audit = phoneDialAudit(*identity->identity, *identity->blocking);
    auto created = telephony::Telephony::create(t, engine, registry);
    if (!created) return fail("cannot start telephony", created.status());
    telephony = std::move(created).value();
    if (Status st = telephony->start(); !st) return fail("cannot start telephony", st);
    spdlog::info("SIP listening on {}", telephony->config().sip.listen);
  }

  // Rows removed or changed behind the store's back: reported, the server still serves.
  AccessChainCheck chain_check(settings.effectiveStoreUrl(), identity->key, registry);
  engine::StoreReader reader(settings.effectiveStoreUrl(), 2);
  api::Services services{engine,
                         reader,
                         registry,
                         *identity->identity,
                         *identity->access_log,
                         *identity->blocking,
                         !settings.tls_cert_file.empty(),
                         identity->oidc.get()};
  if (telephony) services.telephony = telephony.get();
  // The browser phone needs SIP as well as the gateway.
  if (telephony) services.janus_url = settings.janus_url;
  services.test_caller = settings.test_caller;
  // The reports' roll-ups follow the log on a thread of their own, a second behind at most,
  // so a long history is caught up after start rather than in the first report asked for.
  auto reports = reports::ReportService::open(settings.effectiveStoreUrl(), clock);
  if (!reports) return fail("cannot open the reports", reports.status());
  (*reports)->follow(std::chrono::seconds{1});
  services.reports = reports->get();
  // Chats: the visitors' sockets and the professionals' chat feeds meet on the chat thread.
  chat::ChatSettings chat_settings;
  chat_settings.flow.visitor_gone_after = std::chrono::seconds(settings.chat_visitor_gone_after_s);
  chat_settings.starts_per_address = {
      static_cast<double>(settings.chat_starts_per_address_per_minute) / 60,
      static_cast<double>(settings.chat_starts_per_address_burst)};
  chat_settings.messages_per_visitor = {
      static_cast<double>(settings.chat_messages_per_visitor_per_s),
      static_cast<double>(settings.chat_messages_per_visitor_burst)};
  chat_settings.messages_per_address = {
      static_cast<double>(settings.chat_messages_per_address_per_s),
      static_cast<double>(settings.chat_messages_per_address_burst)};
  chat::ChatService chats(engine, clock, registry, chat_settings);
  chats.start();
  services.chat = &chats;
  services.citizen_identification = identity->citizen_identification.get();
  services.sealer = identity->sealer.get();
  services.on_behalf = identity->on_behalf.get();
  // Files sent in chats, kept outside the database; scanned when clamd is configured, and
  // then refused while it cannot answer.
  auto chat_files = attachments::FileStore::open(settings.effectiveChatFilesDir());
  if (!chat_files) return fail("cannot open the chat files' directory", chat_files.status());
  std::optional<attachments::ClamdScanner> scanner;
  if (!settings.chat_clamd.empty()) {
    auto created = attachments::ClamdScanner::create(settings.chat_clamd);
    if (!created) return fail("chat.clamd", created.status());
    if (Status up = created->ping(); !up) {
      spdlog::warn("clamd at {} does not answer: chat files are refused until it does: {}",
                   settings.chat_clamd, up.message());
    }
    scanner = std::move(created).value();
  } else {
    spdlog::warn("chat files are not scanned for viruses: set chat.clamd");
  }
  const attachments::AttachmentIntake chat_intake(
      *chat_files, std::move(scanner), static_cast<std::size_t>(settings.chat_max_file_bytes));
  services.chat_files = &chat_intake;
  const attachments::FileRetention chat_retention(*chat_files, clock,
                                                  std::chrono::days(settings.chat_files_kept_days));
  ChatFileSweep chat_file_sweep(control, chat_retention, chats, *identity->blocking, registry);
  api::HttpServerOptions http;
  http.address = listen->first;
  http.port = listen->second;
  http.threads = static_cast<std::size_t>(settings.http_threads);
  http.max_body_bytes = static_cast<std::size_t>(settings.max_body_bytes);
  http.max_header_bytes = static_cast<std::size_t>(settings.max_header_bytes);
  http.idle_timeout = std::chrono::milliseconds(settings.idle_timeout_ms);
  http.request_timeout = std::chrono::milliseconds(settings.request_timeout_ms);
  http.max_connections = static_cast<std::size_t>(settings.max_connections);
  http.tls_cert_file = settings.tls_cert_file;
  http.tls_key_file = settings.tls_key_file;
  if (!services.janus_url.empty()) http.connect_sources.push_back(urlOrigin(services.janus_url));
  http.chat_embed_origins = settings.chatEmbedOrigins();
  if (std::filesystem::is_directory(settings.web_root)) {
    http.web_root = settings.web_root;
  } else {
    spdlog::warn("web root {} does not exist; serving the API only", settings.web_root);
  }
  api::HttpServer server(http, api::buildRouter(services), services);
  if (Status st = server.start(); !st) return fail("cannot start the HTTP server", st);

  std::string base = (settings.tls_cert_file.empty() ? "http://" : "https://") + listen->first +
                     ":" + std::to_string(server.port());
  auto ready_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  spdlog::info("ready in {} ms: listening on {} with store {}", ready_ms.count(), base,
               store::redactStoreUrl(settings.effectiveStoreUrl()));
  if (!options.ready_file.empty()) {
    std::ofstream(options.ready_file) << server.port() << "\n";
  }
  if (options.banner) {
    auto users = identity->identity->listUsers();
    std::cout
        << "\nLuukku is running.\n"
        << "  Browser:  " << base << "/  (the desktop and the supervisor's view; sign in there)\n"
        << "  API:      " << base << "/api/v1/service-lines\n"
        << "  Metrics:  " << base << "/metrics\n"
        << (services.janus_url.empty()
                ? ""
                : "  Phone:    the desktop's browser phone goes through Janus at " +
                      services.janus_url + "\n")
        << (services.test_caller && !services.janus_url.empty()
                ? "  Test:     " + base + "/test-caller calls a service line from the browser\n"
                : "")
        << "  Sign in:  in the browser, or POST " << base << "/api/v1/auth/login;\n"
        << "            API calls need the session cookie or a token from `luukku token create`.\n";
    if (users && users->empty()) {
      std::cout
          << "            There are no users yet: `luukku user bootstrap` creates an admin.\n";
    }
    std::cout << "Press Ctrl-C to stop.\n" << std::endl;
  }

  if (options.banner && telephony) printSipBanner(telephony->config(), engine);

  // A browser phone's credential ends with its session: sessions that ran out (idle, expired)
  // or whose account changed in another process are found every two seconds. (Sign-out and
  // changes through the API revoke at once.)
  asio::steady_timer phone_sweep(control);
  std::function<void()> sweep_phones = [&] {
    phone_sweep.expires_after(std::chrono::seconds{2});
    phone_sweep.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      services.phone_sessions->sweep(*identity->identity, *telephony);
      sweep_phones();
    });
  };
  if (telephony && !services.janus_url.empty()) sweep_phones();
  chat_file_sweep.start();

  signals.async_wait(
      [&phone_sweep, &chat_file_sweep](const boost::system::error_code& ec, int signal) {
        if (!ec) spdlog::info("stopping on signal {}", signal);
        phone_sweep.cancel();
        chat_file_sweep.stop();
      });
  control.run();
  server.stop();
  // Telephony first: what it audits goes through the blocking pool.
  if (telephony) telephony->stop();
  chats.stop();
  // Finish blocking work and access-log writes while the server's executor still exists.
  identity->blocking.reset();
  identity->access_log.reset();
  engine.stop();
  spdlog::info("stopped");
  return exit_code;
}

}  // namespace luukku::app
