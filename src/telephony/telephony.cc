#include "telephony/telephony.h"

#include <algorithm>
#include <filesystem>

#include "engine/engine.h"
#include "telephony/engine_adapter.h"
#include "telephony/media/media_engine.h"
#include "telephony/prompts.h"
#include "telephony/switchboard.h"

namespace luukku::telephony {

// In the order they depend on each other: the call thread's loop first, so routing can
// deliver to it and the switchboard (which owns SIP) can run on it.
struct Telephony::Parts {
  TelephonyConfig config;
  std::string voice_dir;
  boost::asio::io_context calls{1};
  std::unique_ptr<media::MediaEngine> media;
  std::unique_ptr<PromptLibrary> prompts;
  std::unique_ptr<EngineCallRouting> routing;
  std::unique_ptr<Switchboard> board;
  bool started = false;
};

Telephony::Telephony(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Telephony::~Telephony() {
  stop();
}

Result<std::unique_ptr<Telephony>> Telephony::create(const TelephonyOptions& options,
                                                     engine::Engine& engine,
                                                     metrics::Registry& metrics) {
  ASSIGN_OR_RETURN(TelephonyConfig config, loadTelephonyConfig(options.config_file));
  if (!options.sip_listen.empty()) config.sip.listen = options.sip_listen;
  RETURN_IF_ERROR(validateTelephonyConfig(config));
  auto p = std::make_unique<Parts>();
  p->config = std::move(config);
  if (!options.action_clock)
    return invalidArgument("telephony needs the clock call actions are timed on");
  p->voice_dir = (std::filesystem::path(options.data_dir) / "voice-messages").string();
  p->media = std::make_unique<media::MediaEngine>(p->config.media, metrics);
  std::string generated =
      options.prompts_dir.empty() ? LUUKKU_DEFAULT_PROMPTS_DIR : options.prompts_dir;
  p->prompts = std::make_unique<PromptLibrary>(
      generated, (std::filesystem::path(options.data_dir) / "prompts").string());
  RETURN_IF_ERROR(p->prompts->load());
  p->routing = std::make_unique<EngineCallRouting>(engine, p->config, p->calls.get_executor());
  p->board = std::make_unique<Switchboard>(p->config, p->voice_dir, p->calls, *p->media,
                                           *p->prompts, *p->routing, engine.clock(), metrics,
                                           options.action_clock, options.audit);
  return std::unique_ptr<Telephony>(new Telephony(std::move(p)));
}

Status Telephony::start() {
  Parts& p = *parts_;
  RETURN_IF_ERROR(p.media->start());
  p.routing->start();
  if (Status st = p.board->start(); !st) {
    p.routing->stop();
    p.media->stop();
    return st;
  }
  p.started = true;
  return Status::ok();
}

void Telephony::stop() {
  if (!parts_ || !parts_->started) return;
  Parts& p = *parts_;
  p.started = false;
  p.routing->stop();  // no more offers
  p.board->stop();    // hangs up every call, records their ends, then stops SIP
  p.media->stop();
}

const TelephonyConfig& Telephony::config() const {
  return parts_->config;
}

std::vector<ports::PhoneStatus> Telephony::phones() const {
  std::vector<ports::PhoneStatus> out;
  for (const auto& r : parts_->board->sip().registrations()) {
    out.push_back({r.extension, r.agent_id, r.registered, r.contact, r.user_agent, r.expires_at});
  }
  return out;
}

std::string Telephony::sipAddress() const {
  return parts_->config.sip.listen;
}

std::vector<ports::PromptStatus> Telephony::prompts() const {
  std::vector<ports::PromptStatus> out;
  for (const auto& p : parts_->prompts->list())
    out.push_back({p.language, p.name, p.seconds, p.recorded});
  return out;
}

std::string Telephony::promptPath(const std::string& language, const std::string& name) const {
  return parts_->prompts->path(language, name);
}

Status Telephony::replacePrompt(const std::string& language, const std::string& name,
                                std::span<const std::uint8_t> recording) {
  return parts_->prompts->replace(language, name, recording);
}

void Telephony::dial(ports::DialRequest request,
                     std::function<void(Result<ports::DialStarted>)> done) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->dialler().dial(std::move(request), std::move(done));
}

void Telephony::hangUp(std::string agent_id, std::string contact_id,
                       std::function<void(Status)> done, ports::RequestedAt requested_at) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->hangUp(std::move(agent_id), std::move(contact_id), std::move(done), requested_at);
}

void Telephony::holdCall(std::string agent_id, std::string contact_id, bool hold,
                         std::function<void(Status)> done, ports::RequestedAt requested_at) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->hold(std::move(agent_id), std::move(contact_id), hold, std::move(done),
                      requested_at);
}

void Telephony::transferCall(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                             std::function<void(Status)> done, ports::RequestedAt requested_at) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->transfer(std::move(agent_id), std::move(contact_id), std::move(to),
                          std::move(done), requested_at);
}

void Telephony::consultCall(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                            std::function<void(Status)> done, ports::RequestedAt requested_at) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->consult(std::move(agent_id), std::move(contact_id), std::move(to), std::move(done),
                         requested_at);
}

void Telephony::controlCall(std::string agent_id, std::string contact_id, ports::CallControl what,
                            std::function<void(Status)> done, ports::RequestedAt requested_at) {
  if (!parts_->started) return done(Status{ErrorCode::kUnavailable, "telephony is not running"});
  parts_->board->control(std::move(agent_id), std::move(contact_id), what, std::move(done),
                         requested_at);
}

Result<ports::PhoneCredential> Telephony::issuePhoneCredential(const std::string& agent_id,
                                                               const std::string& username,
                                                               const std::string& secret,
                                                               const std::string& owner,
                                                               Timestamp expires_at) {
  const auto& phones = parts_->config.phones;
  auto phone = std::find_if(phones.begin(), phones.end(),
                            [&](const PhoneSettings& p) { return p.phone.agent_id == agent_id; });
  if (phone == phones.end()) {
    return Status{ErrorCode::kNotFound, "agent " + agent_id + " has no phone (extension)"};
  }
  parts_->board->sip().addCredential({phone->phone.extension, username, secret, owner, expires_at});
  return ports::PhoneCredential{phone->phone.extension, username, secret, expires_at};
}

void Telephony::revokePhoneCredentials(const std::string& owner) {
  parts_->board->sip().revokeCredentials(owner);
}

std::string Telephony::voiceMessagePath(const std::string& ref) const {
  // References are "<contact id>.wav": a slug and the extension, nothing that leaves the folder.
  if (ref.size() < 5 || ref.size() > 80 || !ref.ends_with(".wav")) return {};
  for (char c : ref.substr(0, ref.size() - 4)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return {};
  }
  return (std::filesystem::path(parts_->voice_dir) / ref).string();
}

}  // namespace luukku::telephony
