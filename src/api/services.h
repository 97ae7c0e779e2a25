// What route handlers may use. Handlers hold no state of their own: everything they change
// goes through the engine as a command, and everything they read comes from the engine's
// snapshots or the store reader.
#pragma once

#include <memory>
#include <string>

#include "api/phone_sessions.h"

namespace luukku::engine {
class Engine;
class StoreReader;
}  // namespace luukku::engine
namespace luukku::metrics {
class Registry;
}
namespace luukku::identity {
class Identity;
class AccessLog;
class OidcClient;
class CitizenIdentification;
class Sealer;
class OnBehalf;
}  // namespace luukku::identity
namespace luukku::concurrency {
class BlockingPool;
}

namespace luukku::reports {
class ReportService;
}  // namespace luukku::reports

namespace luukku::ports {
class TelephonyPort;
}  // namespace luukku::ports

namespace luukku::chat {
class ChatService;
}  // namespace luukku::chat

namespace luukku::attachments {
class AttachmentIntake;
}  // namespace luukku::attachments

namespace luukku::api {

struct Services {
  engine::Engine& engine;
  engine::StoreReader& reader;
  metrics::Registry& metrics;
  identity::Identity& identity;         // users, sessions, tokens, audit (blocking: use `blocking`)
  identity::AccessLog& access_log;      // the käyttöloki; see api/access_logging.h
  concurrency::BlockingPool& blocking;  // where handlers run blocking identity calls
  bool tls = false;                     // served over HTTPS: cookies are Secure
  identity::OidcClient* oidc = nullptr;       // single sign-on; null when not configured
  ports::TelephonyPort* telephony = nullptr;  // phones, prompts, voice messages; null without SIP
  reports::ReportService* reports = nullptr;  // the reports' roll-ups; null: reports answer 503
  chat::ChatService* chat = nullptr;          // live chats; null: the chat routes answer 503
  // A chat visitor's strong identification, and the sealing of their identity code; null:
  // identification is not configured (its routes answer 404).
  identity::CitizenIdentification* citizen_identification = nullptr;
  const identity::Sealer* sealer = nullptr;
  // Whom an identified visitor may act for (the population and mandate registers); null: nobody
  // acts on another's behalf (its routes answer 404).
  const identity::OnBehalf* on_behalf = nullptr;
  // Files sent in chats: checked, scanned and stored (blocking: use `blocking`); null: the
  // chat's file routes answer 503.
  const attachments::AttachmentIntake* chat_files = nullptr;
  // The WebRTC-SIP gateway browser phones connect to (ws://host:port); empty: no browser phone.
  std::string janus_url{};
  bool test_caller = false;  // the development test caller page may call the lines
  // The sessions holding a browser phone's credential (shared by the copies of Services).
  std::shared_ptr<PhoneSessions> phone_sessions = std::make_shared<PhoneSessions>();
};

}  // namespace luukku::api
