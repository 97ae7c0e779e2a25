// What the API may ask of telephony, so the routes need not know SIP or RTP: phones and their
// registrations, the prompts, and the voice messages callers leave. The server passes one in
// Services when telephony is configured.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/actor.h"
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

// A browser phone's credential (issued per staff session; see sip_stack.h, SessionCredential):
// the phone registers as `extension` with digest user `username` and `secret` until
// `expires_at`.
struct PhoneCredential {
  std::string extension;
  std::string username;
  std::string secret;
  Timestamp expires_at;
};

// A professional's outgoing call: a callback to the task they hold (`task_id` with its line and
// number), or `number` on `line_id`'s behalf (click-to-call). Numbers are normalised.
struct DialRequest {
  std::string agent_id;
  std::string line_id;
  std::string number;
  std::string task_id;
  core::Actor actor;
};
struct DialStarted {
  std::string contact_id;  // the call's and its outgoing contact's id
  std::string line_id;
  std::string number;
};

// Where a professional hands their answered call over to, or whom they consult.
struct TransferTarget {
  enum class Kind { kLine, kAgent, kExtension, kNumber };
  Kind kind = Kind::kLine;
  std::string to;  // a service line's id, an agent's id, a phone's extension, or a number
                   // (normalised)
};

// What a professional does with a consultation under way.
enum class CallControl {
  kSwap,              // talk to the other party; the other one hears music
  kCancelConsult,     // hang up on the consulted party and talk to the caller again
  kCompleteTransfer,  // connect the caller with the consulted party and leave (attended)
  kConference,        // all three hear each other
};

// When the API had read the whole request for an action on a call (hang up, hold, transfer,
// consult, control), by the steady clock as luukku_http_request_seconds: telephony times the
// action from it to the SIP request it sends (luukku_call_action_seconds). The clock's epoch
// (the default) times nothing.
using RequestedAt = std::chrono::steady_clock::time_point;
// The clock RequestedAt is read on. Telephony is handed one to end its timings on: whoever
// assembles the server passes the steady clock the API reads, a test one it moves itself.
using ActionClock = RequestedAt (*)();

class TelephonyPort {
 public:
  virtual ~TelephonyPort() = default;
  virtual std::vector<PhoneStatus> phones() const = 0;
  // host:port where Luukku's SIP answers: where phones register and trunks send calls.
  virtual std::string sipAddress() const = 0;
  virtual std::vector<PromptStatus> prompts() const = 0;
  // The WAV file callers hear for a listed prompt (language "" for music on hold and the
  // beep), or empty when there is none.
  virtual std::string promptPath(const std::string& language, const std::string& name) const = 0;
  // Replaces a prompt with a recording (a WAV); fails with kInvalidArgument on a bad one.
  virtual Status replacePrompt(const std::string& language, const std::string& name,
                               std::span<const std::uint8_t> recording) = 0;
  // Rings the professional's phone and, once answered, dials the number through the trunk.
  // `done` (on a telephony thread) gets the call's id once it is recorded, or why not:
  // kPermissionDenied (a number the line may not dial), kNotFound, kFailedPrecondition.
  virtual void dial(DialRequest request, std::function<void(Result<DialStarted>)> done) = 0;
  // The professional hangs up their live call, incoming or outgoing (as their phone would: on
  // an answered consultation the caller is handed over); kNotFound when it is not theirs.
  virtual void hangUp(std::string agent_id, std::string contact_id,
                      std::function<void(Status)> done, RequestedAt requested_at) = 0;
  // Puts the professional's answered call on hold (music for the caller) or takes it off;
  // kNotFound when it is not a live call of theirs, kConflict while it is being transferred.
  virtual void holdCall(std::string agent_id, std::string contact_id, bool hold,
                        std::function<void(Status)> done, RequestedAt requested_at) = 0;
  // Hands the professional's answered call over: into a line's queue (`done` once routing has
  // it there), or blind to an agent, an extension or a number (`done` once that party's phone
  // is called: its INVITE sent; the professional leaves at once, and a transfer nobody answers puts
  // the caller back in line). Refusals: kPermissionDenied (a number the line may not transfer to),
  // kNotFound (no such line, agent, extension or call), kFailedPrecondition (the party has no
  // registered phone, no trunk; an outgoing call, which has no queue to go back to, is handed
  // over only after a consultation), kConflict (the call cannot be transferred now).
  virtual void transferCall(std::string agent_id, std::string contact_id, TransferTarget to,
                            std::function<void(Status)> done, RequestedAt requested_at) = 0;
  // With the caller on hold (music), calls an agent, an extension or a number to consult, or a
  // service line: whichever of its professionals is available with a free phone, the longest
  // idle first (kConflict when nobody is); `done` once its INVITE is sent. Refusals as for
  // transferCall. Incoming and outgoing calls alike (hold, consult and control too).
  virtual void consultCall(std::string agent_id, std::string contact_id, TransferTarget to,
                           std::function<void(Status)> done, RequestedAt requested_at) = 0;
  // Swaps, cancels, completes (attended transfer) or conferences the consultation under way;
  // kConflict when the call is not in a state that allows it (the consulted party has not
  // answered), kPermissionDenied when the line may not transfer to the consulted number.
  virtual void controlCall(std::string agent_id, std::string contact_id, CallControl what,
                           std::function<void(Status)> done, RequestedAt requested_at) = 0;
  // Lets the browser phone of `agent_id` register as the agent's extension with `username` and
  // `secret` until `expires_at` or until revokePhoneCredentials(`owner`). kNotFound when the
  // agent has no phone (extension) configured.
  virtual Result<PhoneCredential> issuePhoneCredential(const std::string& agent_id,
                                                       const std::string& username,
                                                       const std::string& secret,
                                                       const std::string& owner,
                                                       Timestamp expires_at) = 0;
  // Ends every credential issued to `owner`; a browser phone registered with one stops ringing.
  virtual void revokePhoneCredentials(const std::string& owner) = 0;
  // The file of a voice message, or empty when `ref` names none.
  virtual std::string voiceMessagePath(const std::string& ref) const = 0;
};

}  // namespace luukku::ports
