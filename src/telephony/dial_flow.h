// The dial flow: a professional's outgoing call — a callback to a task they hold, or any
// number dialled on a line's behalf (click-to-call) — as one pure function
//
//   step(state, input, now) -> actions        (state updated in place)
//
// like the inbound call flow (call_flow.h). Agent first: Luukku rings the professional's own
// phone, and only when it is answered dials the number through the operator's trunk, showing
// the service line's number. The switchboard's dialler (dialler.h) is the shell: it turns SIP,
// timers and routing replies into inputs and performs the actions.
//
//   Starting      --Started: recorded--------------------------> RingingAgent
//                 --Started: refused---------------------------> Ended (nothing recorded)
//   RingingAgent  --agent answers------------------------------> Dialling (the trunk leg sent)
//                 --agent's phone fails / timer----------------> Ended ("agent_no_answer")
//   Dialling      --180/183-----------------------------------> Dialling (remote ringing)
//                 --answered-----------------------------------> Talking (attempt "reached")
//                 --486/600, 603, 480/408/timeout, other-------> Ended ("busy", "rejected",
//                                                                 "no_answer", "failed")
//                 --timer (no answer in time)------------------> Ended ("no_answer")
//   Talking       --the talk's requests and news (Talk)--------> Talking: hold, consult, swap,
//                                                                 conference, attended transfer
//                                                                 (talk_flow.h, the citizen as
//                                                                 its customer)
//                 --either side hangs up, the talk is over-----> Ended (by "agent"/"remote"/
//                                                                 "other")
//                 --HandedOver (the desk phone's transfer)------> Ended (by "agent",
//                                                                 "transferred")
//   any           --the professional hangs up (phone or API)---> Ended ("cancelled" before an
//                                                                 answer)
//   any           --Shutdown-----------------------------------> Ended (by "luukku")
//
// A call the professional's desk phone dials itself (`from_phone`) has no phone to ring first:
// the phone's own INVITE is the professional's leg, and it is answered when the number is.
//
//   Starting      --Started: recorded--------------------------> Dialling (the trunk leg sent)
//                 --Started: refused---------------------------> Ended (RefusePhone: 403, 404,
//                                                                 484 or 503, nothing recorded)
//   Dialling      --180/183-----------------------------------> Dialling (RingPhone: 180)
//                 --answered-----------------------------------> Talking (AnswerPhone: 200)
//                 --486/600, 603, 480, other-------------------> Ended (RefusePhone with the
//                                                                 number's status; 408 for a
//                                                                 timeout, 480 for no answer)
//
// What is recorded: the call's own stream (CallDialled by routing at start, then ringing,
// answer or CallDialFailed, and CallEnded); for a callback, the attempt on its task (the
// task's retry policy then applies: a failed attempt parks it until its next attempt time);
// and the outgoing contact completed when the call ends. A professional who gives up while
// the citizen's phone is already ringing has made an attempt ("no_answer"); one who hangs up
// before that has not.
//
// Once answered, the call is worked like an incoming one: the talk machine (talk_flow.h) holds,
// consults, swaps, conferences and hands the citizen over after a consultation. Two things
// differ from an incoming call, because an outgoing call has no queue to go back to: a blind
// transfer is refused (consult, then complete the transfer), and a professional who hangs up
// while the consulted party still rings ends the call. The professional's outgoing contact is
// complete when they hand the citizen over, or when the call ends.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/call_events.h"
#include "core/routing/model.h"
#include "core/status.h"
#include "core/time.h"
#include "telephony/call_flow.h"
#include "telephony/talk_flow.h"

namespace luukku::telephony::dial {

enum class Phase { kStarting, kRingingAgent, kDialling, kTalking, kEnded };
std::string_view phaseName(Phase phase);

struct Settings {
  std::chrono::seconds agent_ring{30};  // the professional's phone rings this long
  std::chrono::seconds no_answer{30};   // the dialled phone rings this long: then "no_answer"
  talk::Settings talk;                  // a consulted party's phone rings this long
};

struct DialState {
  // Known at start.
  std::string agent_id;
  std::string line_id;
  std::string number;  // normalised; for a callback, the task's
  std::string task_id;
  // Dialled by the professional's desk phone: its INVITE is the professional's leg.
  bool from_phone = false;

  // Routing's id for the call and its outgoing contact, from Started.
  std::string contact_id;
  Phase phase = Phase::kStarting;
  bool cancel_requested = false;  // hung up while routing was still recording the call
  bool remote_ringing = false;

  talk::TalkState talk;       // once answered
  bool contact_done = false;  // CompleteContact given (the professional handed the call over)

  std::uint64_t timer_id = 0;
  bool settled = false;
};

// ---- inputs -----------------------------------------------------------------------------------

// Routing recorded the call (DialOut): its id, or why it was refused.
struct Started {
  Result<std::string> contact_id;
};
struct AgentAnswered {
  bool media_ok = true;
};
struct AgentLegEnded {
  flow::LegEnd how = flow::LegEnd::kRemoteHangUp;
  int status = 0;
};
struct RemoteRinging {};
struct RemoteAnswered {
  bool media_ok = true;
};
struct RemoteLegEnded {
  flow::LegEnd how = flow::LegEnd::kRemoteHangUp;
  int status = 0;
};
struct TimerFired {
  std::uint64_t timer_id = 0;
};
// The professional hangs up through the API (a desk phone hangs up by SIP: AgentLegEnded).
struct HangUp {};
// The desk phone handed the answered party over to another of its calls (its attended
// transfer): the party's leg is that call's now, and this call ends for the phone.
struct HandedOver {};
struct Shutdown {};
// Once answered: the professional's requests (hold, consult, ...; each gets one talk::Reply)
// and news of the consulted party's leg and of the talk's timer, for the talk machine.
struct Talk {
  talk::Input input;
};

using Input = std::variant<Started, AgentAnswered, AgentLegEnded, RemoteRinging, RemoteAnswered,
                           RemoteLegEnded, TimerFired, HangUp, HandedOver, Shutdown, Talk>;

// ---- actions ----------------------------------------------------------------------------------

struct DialOut {};  // routing: record the call; replies with Started
struct RingAgent {};
struct DialRemote {};  // through the trunk, showing the line's number
struct Bridge {};
// The desk phone that dialled (from_phone) hears ringing (180), is answered (200 with Luukku's
// SDP), or is refused with `status`.
struct RingPhone {};
struct AnswerPhone {};
struct RefusePhone {
  int status = 480;
};
struct DropAgentLeg {};
struct DropRemoteLeg {};
struct ArmTimer {
  std::uint64_t timer_id = 0;
  std::chrono::seconds after{0};
};
struct CancelTimer {};
struct RecordEvent {
  core::CallEvent event;
};
// The attempt on the callback task (only for callbacks).
struct RecordAttempt {
  core::routing::AttemptOutcome outcome = core::routing::AttemptOutcome::kNoAnswer;
};
// The outgoing contact ends (the professional's work on it is done).
struct CompleteContact {};
// The talk's actions on media and the consulted party's leg (talk_flow.h), with the citizen as
// its customer: Connect, Music, Mix, RingOther, DropOther, ArmTimer, CancelTimer, Reply. The
// rest of the talk's actions are carried out by the dial flow itself.
struct CallEnded {};    // every leg released: the call no longer counts as live
struct CallSettled {};  // forget the call

using Action =
    std::variant<DialOut, RingAgent, DialRemote, Bridge, RingPhone, AnswerPhone, RefusePhone,
                 DropAgentLeg, DropRemoteLeg, ArmTimer, CancelTimer, RecordEvent, RecordAttempt,
                 CompleteContact, CallEnded, CallSettled, talk::Action>;
using Actions = std::vector<Action>;

// How a dialled number's refusal reads: the result recorded and the task's attempt outcome.
struct DialResult {
  std::string_view result;  // "busy", "rejected", "no_answer", "failed"
  core::routing::AttemptOutcome outcome;
};
DialResult dialResultOf(flow::LegEnd how, int status);
// The SIP status a desk phone's own call is refused with when the party it dialled did not
// answer (how its leg ended): that party's refusal as it came (486, 603, ...), 408 for a
// timeout, 480 otherwise.
int phoneRefusalOf(flow::LegEnd how, int status);
// The SIP status a desk phone's own call is refused with when the request itself is refused
// (by the dial policy, routing, or for want of a trunk): 403, 404, 484 or 503.
int refusalStatusOf(const Status& refusal);

Actions start(DialState& state, const Settings& settings, Timestamp now);
Actions step(DialState& state, const Input& input, const Settings& settings, Timestamp now);

}  // namespace luukku::telephony::dial
