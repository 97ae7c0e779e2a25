// What the API may ask of telephony, so the routes need not know SIP or RTP: phones and their
// registrations, the prompts, and the voice messages callers leave. The server passes one in
// Services when telephony is configured.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace luukku::ports {

struct PhoneStatus {
  std::string extension;
  std::string agent_id;
  bool registered = false;
  std::string contact;
  std::string user_agent;
  Timestamp expires_at;
};

struct PromptStatus {
  std::string language;  // empty for music on hold and the beep
  std::string name;
  double seconds = 0;
  bool recorded = false;  // an administrator's recording replaced the generated prompt
};

class TelephonyPort {
 public:
  virtual ~TelephonyPort() = default;
  virtual std::vector<PhoneStatus> phones() const = 0;
  virtual std::vector<PromptStatus> prompts() const = 0;
  // Replaces a prompt with a recording (a WAV); fails with kInvalidArgument on a bad one.
  virtual Status replacePrompt(const std::string& language, const std::string& name,
                               std::span<const std::uint8_t> recording) = 0;
  // The file of a voice message, or empty when `ref` names none.
  virtual std::string voiceMessagePath(const std::string& ref) const = 0;
};

}  // namespace luukku::ports
