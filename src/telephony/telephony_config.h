// The telephony configuration file (config/telephony.toml): SIP listen address and registrar
// limits, the RTP port range, queue announcements, trunks, the numbers callers dial and the
// phones agents answer on. Unknown keys are errors, like in the server's settings.
//
//   [sip]    listen, realm, min_expires, max_expires, transaction_timeout_ms,
//            max_reinvites_per_10s, nonce_lifetime_s, auth_failures_per_extension,
//            auth_failures_per_address, auth_failure_window_s, auth_lock_s
//   [media]  address, port_min, port_max
//   [queue]  announce_interval_s, first_announcement_s, closed_menu_s, enter_number_timeout_s,
//            record_max_s, record_silence_s
//   [[trunks]]  name, allowed_sources = [...], username, password,
//               outbound_address             (host:port of the operator's SIP server that
//                                             takes Luukku's outgoing calls; one trunk at most)
//   [[numbers]] number, line, language      (extra numbers; a line's own phone_numbers
//                                            are dialled in Finnish)
//   [[phones]]  extension, agent, password, ready_on_register,
//               line                        (the service line the phone's own calls outside
//                                            are made for: its dial policy and caller id)
//   [dialing]   emergency = [...]           (always allowed; default ["112"]),
//               agent_ring_s, no_answer_s   (outgoing calls: dialler.h)
//   [[outbound]] line, outbound, external_transfer, allowed = [...]
//                                           (who a line may dial: telephony/dial_policy.h)
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "telephony/dial_policy.h"
#include "telephony/media/media_engine.h"
#include "telephony/sip/sip_stack.h"

namespace luukku::telephony {

struct NumberConfig {
  std::string number;
  std::string line_id;
  std::string language = "fi";
};

struct QueueConfig {
  int announce_interval_s = 30;  // how often position and wait may be announced again
  int closed_menu_s = 8;         // how long a closed line waits for "1" after its message
  int enter_number_timeout_s = 20;
  int record_max_s = 60;
  double record_silence_s = 3;
};

// Professionals' outgoing calls (dial_flow.h): how long their own phone rings first, and how
// long the dialled number rings before the attempt counts as not answered.
struct DialTimes {
  int agent_ring_s = 30;
  int no_answer_s = 30;
};

struct PhoneSettings {
  sip::PhoneConfig phone;
  // Registering the phone makes the agent available; unregistering puts the agent on a
  // break ("phone_unregistered") — either way presence shows the phone's state.
  bool ready_on_register = true;
  // The service line a call the desk phone dials to a number outside is made for: the line's
  // dial policy decides whether it may be placed, and the line's number is shown. Empty: the
  // phone calls colleagues and service lines only.
  std::string line{};
};

struct TelephonyConfig {
  sip::SipOptions sip;
  media::MediaOptions media;
  QueueConfig queue;
  std::vector<NumberConfig> numbers;
  std::vector<PhoneSettings> phones;
  DialPolicyConfig dialing;  // [dialing] and [[outbound]]
  DialTimes dial_times;      // [dialing]
};

Result<TelephonyConfig> loadTelephonyConfig(const std::string& path);
Status validateTelephonyConfig(const TelephonyConfig& config);

// The trunk whose outbound_address takes Luukku's outgoing calls, or null when none has one
// (then Luukku places no calls outside). Points into `config`.
const sip::TrunkConfig* outboundTrunk(const TelephonyConfig& config);

}  // namespace luukku::telephony
