// A baresip softphone for tests: its own config folder, an account, a WAV as its microphone
// and recordings of what it hears (the sndfile module), driven through ctrl_tcp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "telephony/peers.h"

namespace luukku::telephony::testing {

struct BaresipOptions {
  std::string dir;             // its config folder (created)
  std::string account;         // one accounts line, e.g. "<sip:1001@127.0.0.1:5060>;auth_pass=..."
  std::string microphone;      // a WAV (8 kHz mono) played as what it says; must outlast the call
  std::uint16_t sip_port = 0;  // where it takes SIP; 0: a free port
};

class Baresip {
 public:
  explicit Baresip(BaresipOptions options);
  ~Baresip();

  // Sends a ctrl_tcp command ("dial", "accept", "hangup", "sndcode", ...).
  bool command(const std::string& name, const std::string& params = "");
  // Waits for an event of `type` ("REGISTER_OK", "CALL_INCOMING", "CALL_ESTABLISHED",
  // "CALL_CLOSED", ...); events before it are consumed.
  bool waitEvent(const std::string& type, std::chrono::milliseconds limit);
  // What it heard (the decoded stream) of its last call, 8 kHz mono.
  std::vector<std::int16_t> heard() const;
  std::string log() const;

 private:
  bool connectControl(std::chrono::milliseconds limit);
  bool readMessages(std::chrono::milliseconds limit);

  BaresipOptions options_;
  std::unique_ptr<ChildProcess> process_;
  int fd_ = -1;
  std::string buffer_;
  std::vector<std::string> events_;  // pending event types
  int token_ = 0;
};

// Mean absolute amplitude of samples [from_s, to_s).
int levelBetween(const std::vector<std::int16_t>& s, double from_s, double to_s);
// The strength of `hz` in samples [from_s, to_s) relative to the window's energy (0..1).
double toneShare(const std::vector<std::int16_t>& s, double hz, double from_s, double to_s);

}  // namespace luukku::telephony::testing
