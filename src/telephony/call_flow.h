// The call flow as a state machine: what a caller hears, what the digits they press mean,
// when an agent's phone rings and when the two are bridged, as one pure function
//
//   step(state, input, now) -> actions        (state updated in place)
//
// with no I/O, no threads and no clock of its own. The switchboard (switchboard.h) is the shell
// around it: it turns SIP, media, timers and routing replies into inputs, and performs the
// actions (SIP, media, routing commands, call events). So every path through a call, including
// a hang-up in every phase, is tested here with plain values (tests/telephony/call_flow_test.cc).
//
// Phases and what moves a call between them (each row is one case in step()):
//
//   Starting      --Started: queued-------------------> Queued
//                 --Started: diverted-----------------> Farewell ("busy" / "we will call back")
//                 --Started: rejected, withheld-------> RejectedMenu
//                 --Started: rejected, a number-------> Farewell ("cannot take your call")
//   (closed line) --Started-------------------------> ClosedMenu
//   ClosedMenu    --'1', a number / timer------------> Arriving (asking for a callback / not)
//                 --'1', withheld--------------------> EnterNumber
//   Arriving      --Arrived---------------------------> as from Starting
//   RejectedMenu  --'1'-------------------------------> EnterNumber
//                 --timer-----------------------------> Farewell ("goodbye")
//   Queued        --'1', a number--------------------> Recording (callback asked, message next)
//                 --'1', withheld--------------------> EnterNumber
//                 --offer, agent answers, accepted---> Bridged
//   EnterNumber   --digits and '#' or a pause--------> ConfirmNumber
//                 --nothing keyed, from Queued-------> Queued
//                 --nothing keyed, otherwise---------> Farewell ("goodbye")
//   ConfirmNumber --'1'-------------------------------> Recording (from Queued), Arriving (from
//                                                        ClosedMenu), Farewell (a task made)
//                 --'2'-------------------------------> EnterNumber
//                 --no answer three times------------> Farewell ("goodbye")
//   Recording     --Recorded--------------------------> Farewell ("message saved")
//   Bridged       --the talk (talk_flow.h): hold, consult, swap, conference, transfers,
//                   hang-ups-------------------------> Bridged, or Ended, or Queued (a blind
//                                                        transfer nobody answered)
//                 --TransferToLine, routing agrees----> Queued (the agent's leg dropped; the
//                   (talking or held)                    call keeps its place in line)
//                 --TransferToLine, routing refuses---> as it was (the agent is told why)
//                 --routing refuses, the agent gone---> Farewell (a callback task on the line),
//                                                        or RejectedMenu (withheld)
//   Farewell      --last prompt played---------------> Ended (by "luukku")
//   any           --caller hangs up------------------> Ended (by "caller")
//   any           --Shutdown--------------------------> Ended (by "luukku", "shutdown")
//
// While Queued (and Arriving, EnterNumber, ConfirmNumber) offers ring the agent's phone: an
// offer that ends while ringing drops the agent's leg; a phone that cannot be reached (503,
// 480, 408, no route) reports the agent unreachable, a busy or declining one declines.
//
// Ended is not the end of the record: call.ended (the CallEnded event, saying who ended it and
// why) waits until the routing replies still in flight and the voice message being written are
// in, so whatever they record comes before it (Settled).
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
#include "telephony/call_routing.h"
#include "telephony/talk_flow.h"

namespace luukku::telephony::flow {

enum class Phase {
  kStarting,       // routing records the call and (an open line) queues it
  kClosedMenu,     // the closed message; "1" for a callback
  kArriving,       // a started call queued later (from the closed menu); waiting for routing
  kRejectedMenu,   // busy or closed and no number: "1" to key one in
  kQueued,         // music and announcements; an agent's phone may be ringing
  kEnterNumber,    // keying in a callback number
  kConfirmNumber,  // the number read back: 1 yes, 2 again
  kRecording,      // the voice-message prompt and the recording
  kBridged,        // answered by the agent: what happens now is the talk's (CallState::talk)
  kFarewell,       // a last prompt, then Luukku hangs up
  kEnded,          // every leg released
};
std::string_view phaseName(Phase phase);

// The recorded prompts the flow uses, by role (PromptLibrary names them).
enum class Prompt {
  kWelcome,
  kClosed,
  kBusy,
  kCallbackOffer,
  kCallbackRegistered,
  kCallbackConfirmed,
  kCannotTakeCall,
  kGoodbye,
  kEnterNumber,
  kInvalidChoice,
  kNumberIs,
  kConfirmNumber,
  kRecordMessage,
  kMessageSaved,
};
std::string_view promptName(Prompt prompt);

// One part of what the caller hears next.
struct Say {
  enum class Kind { kPrompt, kPositionAndWait, kOpeningHours, kDigits, kBeep, kMusicOnHold };
  Kind kind = Kind::kPrompt;
  Prompt prompt = Prompt::kWelcome;          // kPrompt
  int position = 0;                          // kPositionAndWait
  std::optional<std::chrono::seconds> wait;  // kPositionAndWait
  std::string digits;                        // kDigits
};

using telephony::LegEnd;
using telephony::legEndName;

struct Settings {
  std::chrono::seconds closed_menu{10};
  std::chrono::seconds enter_number_pause{5};
  std::chrono::seconds announce_interval{60};
  int record_max_s = 60;
  double record_silence_s = 3;
  talk::Settings talk;
};

// ---- the state of one call --------------------------------------------------------------------

struct CallState {
  // Known at start.
  LineInfo line;
  std::string from_number;  // normalised; empty when withheld (a keyed number fills it in)
  // Routing's id for the call and its contact, from Started.
  std::string contact_id;

  Phase phase = Phase::kStarting;
  Phase menu_return = Phase::kQueued;  // where number entry came from
  bool in_queue = false;               // the contact waits in routing
  bool caller_gone = false;

  // The agent's leg: the offer being rung, answered, then bridged.
  std::string offer_agent;
  bool agent_leg = false;
  bool agent_answered = false;
  bool accepting = false;       // routing's accept is in flight
  bool transferring = false;    // routing's answer to a transfer is in flight
  std::string transfer_line;    // the line it was asked for
  std::string task_line;        // a callback task's line when not the line called
  std::string accepting_agent;  // whose
  std::string bridged_agent;
  talk::TalkState talk;  // once bridged

  // Announcements.
  std::optional<WaitingInfo> announced;
  Timestamp announced_at{};

  // Playback: what runs when the current (non-looping) playback ends.
  enum class AfterPlay {
    kNothing,
    kMusic,
    kArmClosedMenu,
    kArmRejectedMenu,
    kArmConfirm,
    kStartRecording,
    kHangUp,
  };
  std::uint64_t play_id = 0;
  AfterPlay after_play = AfterPlay::kNothing;
  std::string farewell_reason;

  // The one timer: what it is for; a fire whose id is not the current one is stale.
  enum class TimerFor { kNothing, kClosedMenu, kRejectedMenu, kDigitPause, kEnterNumber, kConfirm };
  std::uint64_t timer_id = 0;
  TimerFor timer_for = TimerFor::kNothing;

  // Menus.
  std::string digits;
  std::string callback_number;
  int menu_retries = 0;

  // The voice message.
  std::string voice_ref;
  bool recording = false;        // its result is still to come
  bool message_started = false;  // the recording began

  // The end: who and why; call.ended waits for what is in flight.
  std::optional<core::CallEnded> end;
  bool settled = false;
  int in_flight = 0;  // routing replies still to come
};

// ---- inputs -----------------------------------------------------------------------------------

// Routing recorded the call: its id, and (an open line) where it was queued.
struct Started {
  Result<StartResult> result;
};
// Routing's answer to a later arrival (Arrive).
struct Arrived {
  Result<ArrivalResult> result;
};
struct Digit {
  char digit = 0;
};
struct Played {
  std::uint64_t play_id = 0;
};
struct Recorded {
  double seconds = 0;
  bool heard_voice = false;
  std::string ended_by;  // "pound", "silence", "max_length", "hang_up"
};
struct TimerFired {
  std::uint64_t timer_id = 0;
};
struct OfferMade {
  std::string agent_id;
  bool phone_registered = false;
};
struct OfferEnded {
  std::string agent_id;
};
// The shell could not ring the agent's phone (no media port).
struct RingFailed {};
// The agent's phone answered; `media_ok` false when its SDP is unusable.
struct AgentAnswered {
  bool media_ok = true;
};
struct AcceptReplied {
  Status status;
};
struct AgentLegEnded {
  LegEnd how = LegEnd::kRemoteHangUp;
  int status = 0;
};
struct CallerLegEnded {
  LegEnd how = LegEnd::kRemoteHangUp;
};
// Routing's reply to Abandon, RequestCallback or CreateTask: the task made, if any.
struct TaskReplied {
  enum class For { kAbandon, kRequestCallback, kCreateTask };
  For what = For::kAbandon;
  Result<std::string> task;
};
// The caller's place in line now (asked for when announcementDue()).
struct Waiting {
  WaitingInfo info;
};
// The server is stopping: hang up, and record the end without waiting for what is in flight.
struct Shutdown {};
// The talk's inputs (talk_flow.h): the agent's requests and the other party's leg.
using talk::BlindTransfer;
using talk::CancelConsult;
using talk::CompleteTransfer;
using talk::Conference;
using talk::Consult;
using talk::HandOverTo;
using talk::Hold;
using talk::OtherAnswered;
using talk::OtherLegEnded;
using talk::Resume;
using talk::Swap;
// The agent hands the caller back into `line_id`'s queue (a blind transfer).
struct TransferToLine {
  std::string line_id;
  std::string by;
};
// Routing's answer to TransferToQueue: where the call waits now, or why not.
struct TransferReplied {
  Result<ArrivalResult> result;
};

using Input =
    std::variant<Started, Arrived, Digit, Played, Recorded, TimerFired, OfferMade, OfferEnded,
                 RingFailed, AgentAnswered, AcceptReplied, AgentLegEnded, CallerLegEnded,
                 TaskReplied, Waiting, Shutdown, TransferToLine, TransferReplied, Hold, Resume,
                 Consult, Swap, CancelConsult, CompleteTransfer, Conference, BlindTransfer,
                 HandOverTo, OtherAnswered, OtherLegEnded, talk::TimerFired>;

// ---- actions ----------------------------------------------------------------------------------

struct Play {
  std::vector<Say> says;
  bool loop = false;
  std::uint64_t play_id = 0;  // reported back in Played when it ends (never, when looping)
};
struct StopPlaying {};
struct ArmTimer {
  std::uint64_t timer_id = 0;
  std::chrono::seconds after{0};
};
struct CancelTimer {};
// Routing: record the call's start (and with `arrive`, queue it); replies with Started.
struct StartCall {
  bool arrive = true;
};
// Routing: the started call arrives now; replies with Arrived.
struct Arrive {
  bool wants_callback = false;
};
struct Abandon {};        // replies with TaskReplied
struct RequestCallback {  // replies with TaskReplied
  std::string number;     // empty: the number the caller called from
  std::string voice_ref;
};
struct CreateTask {  // replies with TaskReplied
  std::string number;
  std::string line_id;  // empty: the line called
};
struct Accept {  // replies with AcceptReplied
  std::string agent_id;
};
struct Decline {
  std::string agent_id;
};
struct Complete {
  std::string agent_id;
};
// The agent's phone failed for a technical reason: set the agent not ready.
struct ReportUnreachable {
  std::string agent_id;
};
// An offer to an agent whose phone is not registered.
struct ReportNoPhone {
  std::string agent_id;
};
struct RecordEvent {
  core::CallEvent event;
};
struct RingAgent {
  std::string agent_id;
};
struct DropAgentLeg {};  // hang up the agent's leg (if any) and close its media
// Stop the caller's playback and connect the two media sessions: the agent answered.
struct Bridge {};
// Routing: hand the answered call back to a line's queue; replies with TransferReplied.
struct TransferToQueue {
  std::string agent_id;
  std::string line_id;
  core::CallTransferred event;
};
// How the transfer asked for went: the shell tells whoever asked (the API, or the phone's
// REFER by its NOTIFY).
struct TransferDone {
  Status status;
};
struct HangUpCaller {};
struct CloseCallerMedia {};
struct StartRecording {
  std::string voice_ref;
  int max_s = 0;
  double silence_s = 0;
};
// The caller left before the recording began: an empty message keeps the task's reference valid.
struct WriteEmptyMessage {
  std::string voice_ref;
};
struct CountCallbackRequest {};
// Every leg is released: the call no longer counts as live.
struct CallEnded {};
// call.ended is recorded (or the call was never recorded): forget the call.
struct CallSettled {};

// The talk's actions on media and legs (talk_flow.h) — Connect, Music, Mix, RingOther,
// DropOther, ArmTimer and CancelTimer of its own timer, Reply — come as they are; what it asks
// of routing and of the call as a whole the flow turns into its own actions.
using Action =
    std::variant<Play, StopPlaying, ArmTimer, CancelTimer, StartCall, Arrive, Abandon,
                 RequestCallback, CreateTask, Accept, Decline, Complete, ReportUnreachable,
                 ReportNoPhone, RecordEvent, RingAgent, DropAgentLeg, Bridge, TransferToQueue,
                 TransferDone, HangUpCaller, CloseCallerMedia, StartRecording, WriteEmptyMessage,
                 CountCallbackRequest, CallEnded, CallSettled, talk::Action>;
using Actions = std::vector<Action>;

// The first actions of a call Luukku has just answered: what the caller hears first and the
// routing that records it.
Actions start(CallState& state, const Settings& settings, Timestamp now);
// One input: the state moves, and the actions say what the shell does, in order.
Actions step(CallState& state, const Input& input, const Settings& settings, Timestamp now);
// Whether the caller is due their place in line again (the shell then asks routing, and feeds
// the answer back as Waiting).
bool announcementDue(const CallState& state, const Settings& settings, Timestamp now);

}  // namespace luukku::telephony::flow
