// Telephony: everything SIP and RTP in one object for the server to start and stop — the
// media engine, the prompts, the switchboard, the engine adapter and the sofia-sip stack —
// in the order they depend on each other.
//
// Ownership: owns its parts; borrows the engine and the metrics registry, which outlive it.
// Thread-safety: start() and stop() from the owner; the accessors are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "ports/telephony_port.h"
#include "telephony/call_routing.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::engine {
class Engine;
}
namespace luukku::metrics {
class Registry;
}

namespace luukku::telephony {

struct TelephonyOptions {
  std::string config_file;  // config/telephony.toml
  std::string sip_listen;   // overrides [sip] listen when not empty
  std::string prompts_dir;  // the generated prompts
  std::string data_dir;     // recorded prompts go to <data_dir>/prompts, voice messages to
                            // <data_dir>/voice-messages
  // Hears of desk phones' calls outside refused by the dial policy, for the audit log (on the
  // call thread: it must not block). May be empty.
  PhoneDialAudit audit{};
  // What call actions are timed on: the clock the API stamps their ports::RequestedAt with
  // (the server passes the steady clock). Required.
  ports::ActionClock action_clock = nullptr;
};

class Telephony final : public ports::TelephonyPort {
 public:
  static Result<std::unique_ptr<Telephony>> create(const TelephonyOptions& options,
                                                   engine::Engine& engine,
                                                   metrics::Registry& metrics);
  ~Telephony() override;

  Status start();
  void stop();  // idempotent

  const TelephonyConfig& config() const;
  // The WAV of a voice message, or empty when `ref` is not one.
  std::string voiceMessagePath(const std::string& ref) const override;

  // ports::TelephonyPort
  std::vector<ports::PhoneStatus> phones() const override;
  std::string sipAddress() const override;
  std::vector<ports::PromptStatus> prompts() const override;
  std::string promptPath(const std::string& language, const std::string& name) const override;
  Status replacePrompt(const std::string& language, const std::string& name,
                       std::span<const std::uint8_t> recording) override;
  void dial(ports::DialRequest request,
            std::function<void(Result<ports::DialStarted>)> done) override;
  void hangUp(std::string agent_id, std::string contact_id, std::function<void(Status)> done,
              ports::RequestedAt requested_at) override;
  void holdCall(std::string agent_id, std::string contact_id, bool hold,
                std::function<void(Status)> done, ports::RequestedAt requested_at) override;
  void transferCall(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                    std::function<void(Status)> done, ports::RequestedAt requested_at) override;
  void consultCall(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                   std::function<void(Status)> done, ports::RequestedAt requested_at) override;
  void controlCall(std::string agent_id, std::string contact_id, ports::CallControl what,
                   std::function<void(Status)> done, ports::RequestedAt requested_at) override;
  Result<ports::PhoneCredential> issuePhoneCredential(const std::string& agent_id,
                                                      const std::string& username,
                                                      const std::string& secret,
                                                      const std::string& owner,
                                                      Timestamp expires_at) override;
  void revokePhoneCredentials(const std::string& owner) override;

 private:
  struct Parts;
  explicit Telephony(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace luukku::telephony
