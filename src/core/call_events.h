// Events of a telephone call's life, as the switchboard saw it: answered, what the caller
// heard and pressed, which agents' phones rang and how they answered, and how it ended.
//
// Stream: "call/<contact id>", one per call, numbered by the engine. The first event is
// CallArrived (a call Luukku answered) or CallDialled (a call a professional made), the last
// exactly one CallEnded; nothing follows it. The contact's routing
// (queued, offered, diverted, completed) is on its own "contact/<id>" stream; the two share
// the id, which the engine mints when the call starts.
//
// Unlike routing events these carry no times: the store stamps every event with the engine's
// clock as it records it, and nothing is rebuilt from them.
//
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace luukku::core {

// Luukku answered the call.
struct CallArrived {
  std::string dialled;    // the number the caller dialled
  std::string source;     // the trunk or phone it came from
  std::string language;   // of the number dialled: the prompts are in it
  bool withheld = false;  // the caller's number is not known
  static constexpr std::string_view kType = "call.arrived";
};
// The caller heard their place in line and the estimated wait.
struct CallAnnounced {
  int position = 0;
  std::optional<std::chrono::seconds> wait;  // none: no estimate
  static constexpr std::string_view kType = "call.announced";
};
// An agent's phone is ringing with the call.
struct CallAgentRinging {
  std::string agent_id;
  static constexpr std::string_view kType = "call.agent_ringing";
};
// The offer ended (expired, withdrawn, declined) while the phone was still ringing.
struct CallAgentNotAnswering {
  std::string agent_id;
  static constexpr std::string_view kType = "call.agent_not_answering";
};
// The agent's phone could not be reached (a technical failure, not the agent's choice).
struct CallAgentUnreachable {
  std::string agent_id;
  int status = 0;  // the SIP status, 0 when nothing answered
  static constexpr std::string_view kType = "call.agent_unreachable";
};
// The agent's phone was busy or declined.
struct CallAgentRefused {
  std::string agent_id;
  int status = 0;
  static constexpr std::string_view kType = "call.agent_refused";
};
// Caller and agent are talking.
struct CallAnswered {
  std::string agent_id;
  static constexpr std::string_view kType = "call.answered";
};
// The caller pressed 1 for a callback while waiting.
struct CallCallbackPressed {
  static constexpr std::string_view kType = "call.dtmf_callback";
};
// The caller keyed in a number to be called back at and confirmed it.
struct CallNumberKeyed {
  static constexpr std::string_view kType = "call.number_keyed";
};
// A voice message was recorded (possibly empty: the caller hung up at once).
struct CallVoiceMessage {
  std::string ref;  // "<contact id>.wav"
  double seconds = 0;
  bool heard_voice = false;
  std::string ended_by;  // "pound", "silence", "max_length", "hang_up"
  static constexpr std::string_view kType = "call.voice_message";
};
// The callback task the call led to.
struct CallCallbackTask {
  std::string task_id;
  std::string reason;  // "busy", "closed", "requested", "abandoned", ...
  static constexpr std::string_view kType = "call.callback_task";
};
// A professional's outgoing call: their phone rings first, then Luukku dials `number` through
// the operator's trunk, showing `caller_id` (the service line's number).
struct CallDialled {
  std::string line_id;
  std::string number;  // normalised
  std::string agent_id;
  std::string task_id;    // the callback task it is an attempt of; empty: click-to-call
  std::string caller_id;  // the number shown to the citizen
  static constexpr std::string_view kType = "call.dialled";
};
// The dialled party's phone is ringing (180/183 from the trunk).
struct CallRemoteRinging {
  static constexpr std::string_view kType = "call.remote_ringing";
};
// The outgoing call did not connect: "no_answer" (not answered in time), "busy", "rejected"
// (the citizen declined), "failed" (the network could not connect it), "agent_no_answer" (the
// professional's own phone did not answer first), "cancelled" (the professional hung up first).
struct CallDialFailed {
  std::string result;
  int status = 0;  // the SIP status, 0 when none
  static constexpr std::string_view kType = "call.dial_failed";
};
// The professional put the caller on hold: the caller hears music, the professional nothing.
// `by` says how: "phone" (a re-INVITE from the professional's phone) or "api".
struct CallHeld {
  std::string agent_id;
  std::string by;
  static constexpr std::string_view kType = "call.held";
};
// The professional took the caller off hold: the two talk again.
struct CallResumed {
  std::string agent_id;
  std::string by;
  static constexpr std::string_view kType = "call.resumed";
};
// The professional handed the caller over: `to_kind` "line" (back into a service line's
// queue, keeping the call's place), "agent", "extension" or "number"; `to` names the line,
// agent or extension, `number` the number (kept apart: it may be personal data). Blind, or
// `attended` after a consultation (the professional hanging up on one hands over too).
struct CallTransferred {
  std::string agent_id;
  std::string to_kind;
  std::string to;
  std::string by;  // "phone" (REFER), "api", "hang_up" (on a consultation), "luukku"
  std::string number;
  bool attended = false;
  static constexpr std::string_view kType = "call.transferred";
};
// A blind transfer nobody answered ("busy", "rejected", "no_answer", "failed"): the caller
// goes back into the line's queue.
struct CallTransferFailed {
  std::string agent_id;
  std::string result;
  int status = 0;  // the SIP status, 0 when none
  static constexpr std::string_view kType = "call.transfer_failed";
};
// With the caller on hold, the professional calls someone to consult: an agent, a phone's
// extension or a number (named as in CallTransferred).
struct CallConsulting {
  std::string agent_id;
  std::string to_kind;
  std::string to;
  std::string number;
  std::string by;
  static constexpr std::string_view kType = "call.consult_started";
};
// The consulted party answered: the professional talks to them, the caller hears music.
struct CallConsultAnswered {
  std::string agent_id;
  static constexpr std::string_view kType = "call.consult_answered";
};
// The consultation ended without a transfer: "cancelled" (by the professional), "hung_up"
// (by the consulted party), or why it never connected ("busy", "rejected", "no_answer",
// "failed").
struct CallConsultEnded {
  std::string agent_id;
  std::string result;
  int status = 0;
  static constexpr std::string_view kType = "call.consult_ended";
};
// The professional swapped between the caller and the consulted party: `to` is whom they
// talk to now ("caller" or "consulted"); the other hears music.
struct CallSwapped {
  std::string agent_id;
  std::string to;
  std::string by;
  static constexpr std::string_view kType = "call.swapped";
};
// Caller, professional and consulted party all hear each other.
struct CallConferenced {
  std::string agent_id;
  std::string by;
  static constexpr std::string_view kType = "call.conference_started";
};
// The call ended: every leg hung up, nothing more will be recorded.
struct CallEnded {
  std::string by;      // "caller", "agent", "other" (the party handed over to), "luukku"
  std::string reason;  // "hang_up", "diverted", "message_saved", "shutdown", ...
  static constexpr std::string_view kType = "call.ended";
};

using CallEvent =
    std::variant<CallArrived, CallAnnounced, CallAgentRinging, CallAgentNotAnswering,
                 CallAgentUnreachable, CallAgentRefused, CallAnswered, CallCallbackPressed,
                 CallNumberKeyed, CallVoiceMessage, CallCallbackTask, CallDialled,
                 CallRemoteRinging, CallDialFailed, CallHeld, CallResumed, CallTransferred,
                 CallTransferFailed, CallConsulting, CallConsultAnswered, CallConsultEnded,
                 CallSwapped, CallConferenced, CallEnded>;

inline std::string_view callEventType(const CallEvent& e) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::kType; }, e);
}

inline std::string callStream(std::string_view contact_id) {
  return "call/" + std::string(contact_id);
}

}  // namespace luukku::core
