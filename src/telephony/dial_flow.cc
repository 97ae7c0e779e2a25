#include "telephony/dial_flow.h"

#include <optional>
#include <utility>

namespace luukku::telephony::dial {
namespace {

using core::routing::AttemptOutcome;

// The steps shared by every ending. `result` empty: the call was answered (nothing failed).
struct Ending {
  std::string_view result;
  int status = 0;
  std::optional<AttemptOutcome> attempt;
  std::string by;
  std::string reason;
};

class Stepper {
 public:
  Stepper(DialState& state, const Settings& settings) : s_(state), settings_(settings) {}

  Actions take() { return std::move(out_); }

  void started(const Started& in) {
    if (s_.phase != Phase::kStarting) return;
    if (!in.contact_id) {
      // Nothing was recorded: there is no call to end in the log.
      if (s_.from_phone) out_.emplace_back(RefusePhone{refusalStatusOf(in.contact_id.status())});
      s_.phase = Phase::kEnded;
      s_.settled = true;
      out_.emplace_back(CallEnded{});
      out_.emplace_back(CallSettled{});
      return;
    }
    s_.contact_id = *in.contact_id;
    if (s_.cancel_requested) {
      finish({"cancelled", 0, std::nullopt, "agent", "hang_up"});
      return;
    }
    if (s_.from_phone) {
      // The phone dialled: nothing to ring first.
      dial();
      return;
    }
    s_.phase = Phase::kRingingAgent;
    out_.emplace_back(RingAgent{});
    out_.emplace_back(RecordEvent{core::CallAgentRinging{s_.agent_id}});
    arm(settings_.agent_ring);
  }

  void agentAnswered(const AgentAnswered& in) {
    if (s_.phase != Phase::kRingingAgent) return;
    out_.emplace_back(CancelTimer{});
    if (!in.media_ok) {
      out_.emplace_back(DropAgentLeg{});
      finish({"failed", 488, std::nullopt, "luukku", "agent_media"});
      return;
    }
    dial();
  }

  void agentLegEnded(const AgentLegEnded& in) {
    switch (s_.phase) {
      case Phase::kRingingAgent:
        finish({"agent_no_answer", in.status, std::nullopt, "agent", "agent_no_answer"});
        return;
      case Phase::kDialling:
        out_.emplace_back(DropRemoteLeg{});
        finish(cancelled());
        return;
      case Phase::kTalking:
        talk(talk::AgentGone{in.how});
        return;
      case Phase::kStarting:
      case Phase::kEnded:
        return;
    }
  }

  void remoteRinging() {
    if (s_.phase != Phase::kDialling || s_.remote_ringing) return;
    s_.remote_ringing = true;
    if (s_.from_phone) out_.emplace_back(RingPhone{});
    out_.emplace_back(RecordEvent{core::CallRemoteRinging{}});
  }

  void remoteAnswered(const RemoteAnswered& in) {
    if (s_.phase != Phase::kDialling) return;
    out_.emplace_back(CancelTimer{});
    if (!in.media_ok) {
      out_.emplace_back(DropRemoteLeg{});
      leaveAgent(488);
      finish({"failed", 488, AttemptOutcome::kFailed, "luukku", "remote_media"});
      return;
    }
    if (s_.from_phone) out_.emplace_back(AnswerPhone{});
    s_.phase = Phase::kTalking;
    s_.talk = talk::TalkState{};
    s_.talk.agent_id = s_.agent_id;
    out_.emplace_back(Bridge{});
    out_.emplace_back(RecordEvent{core::CallAnswered{s_.agent_id}});
    if (!s_.task_id.empty()) out_.emplace_back(RecordAttempt{AttemptOutcome::kReached});
  }

  void remoteLegEnded(const RemoteLegEnded& in) {
    if (s_.phase == Phase::kDialling) {
      DialResult r = dialResultOf(in.how, in.status);
      leaveAgent(phoneRefusalOf(in.how, in.status));
      finish({r.result, in.status, r.outcome, "remote", std::string(r.result)});
    } else if (s_.phase == Phase::kTalking) {
      talk(talk::CustomerGone{in.how});
    }
  }

  void timerFired(const TimerFired& in) {
    if (in.timer_id != s_.timer_id) return;  // stale
    if (s_.phase == Phase::kRingingAgent) {
      out_.emplace_back(DropAgentLeg{});
      finish({"agent_no_answer", 0, std::nullopt, "luukku", "agent_no_answer"});
    } else if (s_.phase == Phase::kDialling) {
      out_.emplace_back(DropRemoteLeg{});
      leaveAgent(480);
      finish({"no_answer", 0, AttemptOutcome::kNoAnswer, "luukku", "no_answer"});
    }
  }

  void hangUp() {
    switch (s_.phase) {
      case Phase::kStarting:
        s_.cancel_requested = true;  // ended once routing has named the call
        return;
      case Phase::kRingingAgent:
        out_.emplace_back(DropAgentLeg{});
        finish({"cancelled", 0, std::nullopt, "agent", "hang_up"});
        return;
      case Phase::kDialling:
        out_.emplace_back(DropRemoteLeg{});
        out_.emplace_back(DropAgentLeg{});
        finish(cancelled());
        return;
      case Phase::kTalking:
        // As if the professional's phone hung up: during a consultation that was answered,
        // the citizen is handed over to the consulted party.
        if (s_.talk.agent_present) {
          out_.emplace_back(DropAgentLeg{});
          talk(talk::AgentGone{flow::LegEnd::kRemoteHangUp});
        }
        return;
      case Phase::kEnded:
        return;
    }
  }

  void handedOver() {
    bool alone = s_.phase == Phase::kTalking && talk::withCustomerAlone(s_.talk);
    if (alone) finish({"", 0, std::nullopt, "agent", "transferred"});
  }

  // A request to the answered call, or news of the consulted party.
  void talkInput(const Talk& in) {
    bool request = !std::holds_alternative<talk::OtherAnswered>(in.input) &&
                   !std::holds_alternative<talk::OtherLegEnded>(in.input) &&
                   !std::holds_alternative<talk::TimerFired>(in.input);
    if (s_.phase != Phase::kTalking) {
      if (request) reply(conflict("the call is not being talked on"));
      return;
    }
    if (std::holds_alternative<talk::BlindTransfer>(in.input)) {
      // Nobody could take the citizen back if the party did not answer: an outgoing call has
      // no queue to return to.
      reply({ErrorCode::kFailedPrecondition,
             "an outgoing call cannot be transferred blind: consult the party first, then "
             "complete the transfer"});
      return;
    }
    talk(in.input);
  }

  void shutdown() {
    if (s_.phase == Phase::kEnded) return;
    out_.emplace_back(DropRemoteLeg{});
    out_.emplace_back(DropAgentLeg{});
    if (s_.phase == Phase::kStarting) {
      // The reply may never come; the restart ends the call in the log if it was recorded.
      s_.phase = Phase::kEnded;
      s_.settled = true;
      out_.emplace_back(CallEnded{});
      out_.emplace_back(CallSettled{});
      return;
    }
    bool talking = s_.phase == Phase::kTalking;
    finish({talking ? "" : "failed", 0, std::nullopt, "luukku", "shutdown"});
  }

 private:
  // The professional gave up while Luukku was dialling: an attempt only if the phone rang.
  Ending cancelled() const {
    std::optional<AttemptOutcome> attempt;
    if (s_.remote_ringing) attempt = AttemptOutcome::kNoAnswer;
    return {"cancelled", 0, attempt, "agent", "hang_up"};
  }

  void dial() {
    s_.phase = Phase::kDialling;
    out_.emplace_back(DialRemote{});
    arm(settings_.no_answer);
  }

  // The professional's leg goes while Luukku dials: a desk phone that dialled is refused with
  // `status`, a phone Luukku rang is hung up.
  void leaveAgent(int status) {
    if (s_.from_phone) {
      out_.emplace_back(RefusePhone{status});
    } else {
      out_.emplace_back(DropAgentLeg{});
    }
  }

  void arm(std::chrono::seconds after) { out_.emplace_back(ArmTimer{++s_.timer_id, after}); }

  void reply(Status status) { out_.emplace_back(talk::Action{talk::Reply{std::move(status)}}); }

  // Runs the talk and carries out what it leaves to the enclosing flow.
  void talk(const talk::Input& in) {
    for (talk::Action& a : talk::step(s_.talk, in, settings_.talk)) {
      if (auto* r = std::get_if<talk::Record>(&a)) {
        out_.emplace_back(RecordEvent{std::move(r->event)});
      } else if (std::holds_alternative<talk::DropAgent>(a)) {
        out_.emplace_back(DropAgentLeg{});
      } else if (std::holds_alternative<talk::AgentDone>(a)) {
        completeContact();
      } else if (std::holds_alternative<talk::BackToQueue>(a)) {
        // The professional hung up while the consulted party still rang: there is no queue
        // to put the citizen back in, so the professional's hang-up ends the call.
        out_.emplace_back(DropRemoteLeg{});
        finish({"", 0, std::nullopt, "agent", "hang_up"});
      } else if (auto* e = std::get_if<talk::End>(&a)) {
        // (The talk has let the professional's leg go already.)
        out_.emplace_back(DropRemoteLeg{});
        finish({"", 0, std::nullopt, e->by == "caller" ? "remote" : std::move(e->by),
                std::move(e->reason)});
      } else {
        out_.emplace_back(std::move(a));
      }
    }
  }

  void completeContact() {
    if (std::exchange(s_.contact_done, true)) return;
    out_.emplace_back(CompleteContact{});
  }

  void finish(Ending e) {
    out_.emplace_back(CancelTimer{});
    if (s_.talk.other) {
      s_.talk.other.reset();
      out_.emplace_back(talk::Action{talk::DropOther{}});
    }
    if (!e.result.empty()) {
      out_.emplace_back(RecordEvent{core::CallDialFailed{std::string(e.result), e.status}});
    }
    if (e.attempt && !s_.task_id.empty()) out_.emplace_back(RecordAttempt{*e.attempt});
    completeContact();
    out_.emplace_back(RecordEvent{core::CallEnded{std::move(e.by), std::move(e.reason)}});
    s_.phase = Phase::kEnded;
    s_.settled = true;
    out_.emplace_back(CallEnded{});
    out_.emplace_back(CallSettled{});
  }

  DialState& s_;
  const Settings& settings_;
  Actions out_;
};

}  // namespace

std::string_view phaseName(Phase phase) {
  switch (phase) {
    case Phase::kStarting:
      return "starting";
    case Phase::kRingingAgent:
      return "ringing_agent";
    case Phase::kDialling:
      return "dialling";
    case Phase::kTalking:
      return "talking";
    case Phase::kEnded:
      return "ended";
  }
  return "ended";
}

DialResult dialResultOf(flow::LegEnd how, int status) {
  if (how == flow::LegEnd::kTimeout) return {"no_answer", AttemptOutcome::kNoAnswer};
  switch (status) {
    case 486:  // Busy Here
    case 600:  // Busy Everywhere
      return {"busy", AttemptOutcome::kBusy};
    case 603:  // Decline: the citizen refused the call
      return {"rejected", AttemptOutcome::kRejected};
    case 408:  // Request Timeout: rang out in the network
    case 480:  // Temporarily Unavailable: switched off, out of reach
    case 487:  // Request Terminated
      return {"no_answer", AttemptOutcome::kNoAnswer};
    default:
      return {"failed", AttemptOutcome::kFailed};
  }
}

int phoneRefusalOf(flow::LegEnd how, int status) {
  // A desk phone hears why, as it would from any exchange: busy is busy. (Not the operator's
  // own challenge: a 401 or 407 is no answer the phone could act on.)
  bool passed = how == flow::LegEnd::kFailed && status >= 400 && status <= 699 && status != 401 &&
                status != 407;
  if (passed) return status;
  return how == flow::LegEnd::kTimeout ? 408 : 480;
}

int refusalStatusOf(const Status& refusal) {
  switch (refusal.code()) {
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kFailedPrecondition:  // the professional is not signed in
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kInvalidArgument:  // not a number
      return 484;
    default:
      return 503;
  }
}

Actions start(DialState& state, const Settings&, Timestamp) {
  state.phase = Phase::kStarting;
  return {DialOut{}};
}

Actions step(DialState& state, const Input& input, const Settings& settings, Timestamp) {
  if (state.settled) return {};
  Stepper s(state, settings);
  std::visit(
      [&](const auto& in) {
        using I = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<I, Started>) {
          s.started(in);
        } else if constexpr (std::is_same_v<I, AgentAnswered>) {
          s.agentAnswered(in);
        } else if constexpr (std::is_same_v<I, AgentLegEnded>) {
          s.agentLegEnded(in);
        } else if constexpr (std::is_same_v<I, RemoteRinging>) {
          s.remoteRinging();
        } else if constexpr (std::is_same_v<I, RemoteAnswered>) {
          s.remoteAnswered(in);
        } else if constexpr (std::is_same_v<I, RemoteLegEnded>) {
          s.remoteLegEnded(in);
        } else if constexpr (std::is_same_v<I, TimerFired>) {
          s.timerFired(in);
        } else if constexpr (std::is_same_v<I, HangUp>) {
          s.hangUp();
        } else if constexpr (std::is_same_v<I, HandedOver>) {
          s.handedOver();
        } else if constexpr (std::is_same_v<I, Shutdown>) {
          s.shutdown();
        } else if constexpr (std::is_same_v<I, Talk>) {
          s.talkInput(in);
        }
      },
      input);
  return s.take();
}

}  // namespace luukku::telephony::dial
