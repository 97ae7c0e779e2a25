// The talk flow: what happens to an answered call while a professional works it — hold,
// consulting a colleague or an outside number, swapping between the two, a three-way
// conference, and handing the caller over (blind, or attended after a consultation) — as one
// pure function
//
//   step(state, input, now) -> actions        (state updated in place)
//
// like the call flows around it (call_flow.h for incoming calls). Three parties: the customer
// (the caller), the professional (the agent) and the other party (whom a consultation or a
// transfer calls). The enclosing flow feeds it the professional's requests and the legs' news
// and performs what it returns; the last three actions (AgentDone, BackToQueue, End) are the
// enclosing flow's to carry out, since they concern routing and the customer's leg.
//
//   Talking      --Hold-----------------------------------> Held (music for the customer)
//   Held         --Resume---------------------------------> Talking
//   Talking, Held --Consult------------------------------> Consulting (customer on music; the
//                                                          other party rings)
//                --BlindTransfer-------------------------> Transferring (the professional leaves
//                                                          at once; the customer on music)
//                --HandOverTo (a party the professional's
//                  phone called and talks to itself)----> HandedOver (attended transfer)
//   Consulting   --other answers--------------------------> Consulting (professional and other
//   talk)
//                --other busy, no answer, fails, hangs up-> Held (the professional resumes)
//                --Swap (other answered)-----------------> Swapped
//   Swapped      --Swap-----------------------------------> Consulting
//                --other hangs up-------------------------> Talking
//   Consulting, Swapped
//                --Conference (other answered)-----------> Conference (all three mixed)
//   Conference   --other hangs up-------------------------> Talking
//   Consulting, Swapped, Conference
//                --CancelConsult--------------------------> Talking (the other leg dropped)
//                --CompleteTransfer (other answered)------> HandedOver (attended transfer)
//                --the professional hangs up, other answered-> HandedOver (attended transfer)
//                --the professional hangs up, other ringing--> the enclosing flow requeues
//   Transferring --other answers--------------------------> HandedOver
//                --other busy, no answer, fails----------> the enclosing flow requeues
//                (BackToQueue)
//   HandedOver   --either hangs up------------------------> End
//   Talking, Held --the professional hangs up------------> End
//   any          --the customer hangs up------------------> End
//
// Every request (Hold ... HandOverTo) gets exactly one Reply: ok, or kConflict saying why the
// call cannot do it now. The professional's work on the contact is done (AgentDone, once) when
// they hand the caller over or the call ends; a blind transfer's is done only once the target
// answers, so a transfer nobody answers puts the caller back in line, never loses them.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/call_events.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::telephony {

// How a SIP leg ended (sip::LegEnd, without the SIP stack).
enum class LegEnd { kRemoteHangUp, kLocalHangUp, kFailed, kTimeout };
std::string_view legEndName(LegEnd how);

}  // namespace luukku::telephony

namespace luukku::telephony::talk {

enum class Party { kCustomer, kAgent, kOther };

enum class Phase {
  kTalking,       // the customer and the professional
  kHeld,          // the customer hears music, the professional nothing
  kConsulting,    // the customer hears music; the professional calls, then talks to, the other
  kSwapped,       // the customer and the professional talk; the other party hears music
  kConference,    // all three hear each other
  kTransferring,  // the professional has left; the customer hears music while the target rings
  kHandedOver,    // the customer and the other party talk; the professional has left
  kOver,          // the talk is over: the enclosing flow ends or requeues the call
};
std::string_view phaseName(Phase phase);

// Whom a consultation or a transfer calls.
struct Target {
  enum class Kind { kAgent, kExtension, kNumber };
  Kind kind = Kind::kAgent;
  std::string id;  // the agent's id, the phone's extension, or the number (normalised)
  friend bool operator==(const Target&, const Target&) = default;
};
std::string_view targetKindName(Target::Kind kind);  // "agent", "extension", "number"

struct Settings {
  std::chrono::seconds no_answer{30};  // how long the other party's phone rings
};

struct TalkState {
  Phase phase = Phase::kTalking;
  std::string agent_id;
  bool agent_present = true;  // the professional's leg is up
  bool agent_done = false;    // AgentDone was given
  // The other party, while its leg lives (rings or talks).
  std::optional<Target> other;
  bool other_answered = false;
  std::string transfer_by;  // who asked for the blind transfer in flight
  std::uint64_t timer_id = 0;
};

// ---- inputs -----------------------------------------------------------------------------------

// The professional's requests; `by` is "api" or "phone".
struct Hold {
  std::string by;
};
struct Resume {
  std::string by;
};
struct Consult {
  Target to;
  std::string by;
};
struct Swap {
  std::string by;
};
struct CancelConsult {
  std::string by;
};
struct CompleteTransfer {
  std::string by;
};
struct Conference {
  std::string by;
};
struct BlindTransfer {
  Target to;
  std::string by;
};
// The professional's desk phone hands the customer over to a party it called by itself and
// talks to (an attended transfer by the phone: REFER with Replaces): that party's answered
// leg becomes the other party's, and the customer and it talk.
struct HandOverTo {
  Target to;
  std::string by;
};
// The legs.
struct OtherAnswered {
  bool media_ok = true;
};
struct OtherLegEnded {
  LegEnd how = LegEnd::kRemoteHangUp;
  int status = 0;
};
struct AgentGone {
  LegEnd how = LegEnd::kRemoteHangUp;
};
struct CustomerGone {
  LegEnd how = LegEnd::kRemoteHangUp;
};
struct TimerFired {
  std::uint64_t timer_id = 0;
};

using Input = std::variant<Hold, Resume, Consult, Swap, CancelConsult, CompleteTransfer, Conference,
                           BlindTransfer, HandOverTo, OtherAnswered, OtherLegEnded, AgentGone,
                           CustomerGone, TimerFired>;

// ---- actions ----------------------------------------------------------------------------------

// `a` and `b` hear each other (whatever either heard before stops).
struct Connect {
  Party a = Party::kCustomer;
  Party b = Party::kAgent;
};
// `party` hears music on hold, and nobody hears them.
struct Music {
  Party party = Party::kCustomer;
};
struct Mix {};  // all three hear each other
struct RingOther {
  Target to;
};
struct DropOther {};  // hang up the other party's leg and close its media
struct DropAgent {};  // hang up the professional's leg and close its media
struct ArmTimer {
  std::uint64_t timer_id = 0;
  std::chrono::seconds after{0};
};
struct CancelTimer {};
struct Record {
  core::CallEvent event;
};
// The answer to the request just made.
struct Reply {
  Status status;
};
// For the enclosing flow: the professional's work on the contact is done (complete it).
struct AgentDone {};
// For the enclosing flow: a transfer nobody answered; put the caller back in the line's queue.
struct BackToQueue {};
// For the enclosing flow: the call is over (hang up every leg); who ended it and why.
struct End {
  std::string by;  // "caller", "agent", "other"
  std::string reason;
};

using Action = std::variant<Connect, Music, Mix, RingOther, DropOther, DropAgent, ArmTimer,
                            CancelTimer, Record, Reply, AgentDone, BackToQueue, End>;
using Actions = std::vector<Action>;

// Whether the talk is one the professional can still act on (not handed over, not over).
bool professionalOnCall(const TalkState& state);
// Whether the professional is on it with the customer alone (talking or held, nobody else
// called): what HandOverTo asks.
bool withCustomerAlone(const TalkState& state);

Actions step(TalkState& state, const Input& input, const Settings& settings);

}  // namespace luukku::telephony::talk
