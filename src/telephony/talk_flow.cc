#include "telephony/talk_flow.h"

#include <utility>

#include "telephony/dial_flow.h"

namespace luukku::telephony {

std::string_view legEndName(LegEnd how) {
  switch (how) {
    case LegEnd::kRemoteHangUp:
      return "hang_up";
    case LegEnd::kLocalHangUp:
      return "luukku";
    case LegEnd::kFailed:
      return "failed";
    case LegEnd::kTimeout:
      return "timeout";
  }
  return "unknown";
}

}  // namespace luukku::telephony

namespace luukku::telephony::talk {

std::string_view phaseName(Phase phase) {
  switch (phase) {
    case Phase::kTalking:
      return "talking";
    case Phase::kHeld:
      return "held";
    case Phase::kConsulting:
      return "consulting";
    case Phase::kSwapped:
      return "swapped";
    case Phase::kConference:
      return "conference";
    case Phase::kTransferring:
      return "transferring";
    case Phase::kHandedOver:
      return "handed_over";
    case Phase::kOver:
      return "over";
  }
  return "unknown";
}

std::string_view targetKindName(Target::Kind kind) {
  switch (kind) {
    case Target::Kind::kAgent:
      return "agent";
    case Target::Kind::kExtension:
      return "extension";
    case Target::Kind::kNumber:
      return "number";
  }
  return "unknown";
}

bool professionalOnCall(const TalkState& state) {
  return state.agent_present && state.phase != Phase::kTransferring &&
         state.phase != Phase::kHandedOver && state.phase != Phase::kOver;
}

bool withCustomerAlone(const TalkState& state) {
  return state.agent_present && !state.other &&
         (state.phase == Phase::kTalking || state.phase == Phase::kHeld);
}

namespace {

// Names a target in an event: a number goes under "number", the field the event feed keeps
// from whoever may not see personal data.
template <typename Event>
Event naming(Event e, const Target& t) {
  e.to_kind = std::string(targetKindName(t.kind));
  if (t.kind == Target::Kind::kNumber) {
    e.number = t.id;
  } else {
    e.to = t.id;
  }
  return e;
}

class Talk {
 public:
  Talk(TalkState& state, const Settings& settings, Actions& out)
      : s_(state), settings_(settings), out_(out) {}

  void on(const Hold& in) {
    if (s_.phase == Phase::kHeld) return reply(Status::ok());
    if (s_.phase != Phase::kTalking) return refuse("hold");
    s_.phase = Phase::kHeld;
    emit(Music{Party::kCustomer});
    record(core::CallHeld{s_.agent_id, in.by});
    reply(Status::ok());
  }

  void on(const Resume& in) {
    if (s_.phase == Phase::kTalking) return reply(Status::ok());
    if (s_.phase != Phase::kHeld) return refuse("resume");
    s_.phase = Phase::kTalking;
    emit(Connect{Party::kCustomer, Party::kAgent});
    record(core::CallResumed{s_.agent_id, in.by});
    reply(Status::ok());
  }

  void on(const Consult& in) {
    if (s_.phase != Phase::kTalking && s_.phase != Phase::kHeld) return refuse("consult");
    if (s_.phase == Phase::kTalking) emit(Music{Party::kCustomer});
    s_.phase = Phase::kConsulting;
    ringOther(in.to);
    core::CallConsulting e;
    e.agent_id = s_.agent_id;
    e.by = in.by;
    record(naming(std::move(e), in.to));
    reply(Status::ok());
  }

  void on(const BlindTransfer& in) {
    if (s_.phase != Phase::kTalking && s_.phase != Phase::kHeld) return refuse("transfer");
    if (s_.phase == Phase::kTalking) emit(Music{Party::kCustomer});
    s_.phase = Phase::kTransferring;
    s_.transfer_by = in.by;
    ringOther(in.to);
    // Answered before the professional's leg goes: a phone's REFER hears it in that dialog.
    reply(Status::ok());
    leaveAgent();
  }

  void on(const HandOverTo& in) {
    if (!withCustomerAlone(s_)) return refuse("hand the caller over");
    s_.other = in.to;
    s_.other_answered = true;
    // Answered before the professional's leg goes: the phone's REFER hears it in that dialog.
    reply(Status::ok());
    handOver(in.by);
  }

  void on(const Swap& in) {
    if (s_.phase == Phase::kConsulting && s_.other_answered) {
      s_.phase = Phase::kSwapped;
      emit(Music{Party::kOther});
      emit(Connect{Party::kCustomer, Party::kAgent});
      record(core::CallSwapped{s_.agent_id, "caller", in.by});
      return reply(Status::ok());
    }
    if (s_.phase == Phase::kSwapped) {
      s_.phase = Phase::kConsulting;
      emit(Music{Party::kCustomer});
      emit(Connect{Party::kAgent, Party::kOther});
      record(core::CallSwapped{s_.agent_id, "consulted", in.by});
      return reply(Status::ok());
    }
    refuse("swap");
  }

  void on(const CancelConsult&) {
    if (!consulting()) return refuse("cancel a consultation");
    dropOther();
    s_.phase = Phase::kTalking;
    emit(Connect{Party::kCustomer, Party::kAgent});
    record(core::CallConsultEnded{s_.agent_id, "cancelled", 0});
    reply(Status::ok());
  }

  void on(const CompleteTransfer& in) {
    if (!consulting() || !s_.other_answered) return refuse("complete a transfer");
    handOver(in.by);
    reply(Status::ok());
  }

  void on(const Conference& in) {
    if ((s_.phase != Phase::kConsulting && s_.phase != Phase::kSwapped) || !s_.other_answered)
      return refuse("start a conference");
    s_.phase = Phase::kConference;
    emit(Mix{});
    record(core::CallConferenced{s_.agent_id, in.by});
    reply(Status::ok());
  }

  void on(const OtherAnswered& in) {
    if (!s_.other || s_.other_answered) return;
    if (!in.media_ok) {
      dropOther();
      otherFailed(LegEnd::kFailed, 488);
      return;
    }
    s_.other_answered = true;
    cancelTimer();
    if (s_.phase == Phase::kConsulting) {
      emit(Connect{Party::kAgent, Party::kOther});
      record(core::CallConsultAnswered{s_.agent_id});
    } else if (s_.phase == Phase::kTransferring) {
      s_.phase = Phase::kHandedOver;
      emit(Connect{Party::kCustomer, Party::kOther});
      core::CallTransferred e;
      e.agent_id = s_.agent_id;
      e.by = s_.transfer_by;
      record(naming(std::move(e), *s_.other));
      agentDone();
    }
  }

  void on(const OtherLegEnded& in) {
    if (!s_.other) return;
    bool answered = s_.other_answered;
    s_.other.reset();
    s_.other_answered = false;
    emit(DropOther{});  // its media
    cancelTimer();
    if (!answered) return otherFailed(in.how, in.status);
    switch (s_.phase) {
      case Phase::kConsulting:
        s_.phase = Phase::kHeld;  // the customer still hears music; the professional resumes
        record(core::CallConsultEnded{s_.agent_id, "hung_up", in.status});
        return;
      case Phase::kSwapped:
      case Phase::kConference:
        s_.phase = Phase::kTalking;
        emit(Connect{Party::kCustomer, Party::kAgent});
        record(core::CallConsultEnded{s_.agent_id, "hung_up", in.status});
        return;
      case Phase::kHandedOver:
        end("other", std::string(legEndName(in.how)));
        return;
      default:
        return;
    }
  }

  void on(const TimerFired& in) {
    if (in.timer_id != s_.timer_id || !s_.other || s_.other_answered) return;
    dropOther();
    otherFailed(LegEnd::kTimeout, 0);
  }

  void on(const AgentGone& in) {
    if (!s_.agent_present) return;
    s_.agent_present = false;
    switch (s_.phase) {
      case Phase::kTalking:
      case Phase::kHeld:
        agentDone();
        end("agent", std::string(legEndName(in.how)));
        return;
      case Phase::kConsulting:
      case Phase::kSwapped:
      case Phase::kConference:
        if (s_.other_answered) {
          // Hanging up on a consultation hands the caller over, as on any switchboard.
          handOver("hang_up");
        } else {
          // Nobody answered yet: the caller is not left alone on music; back in line.
          dropOther();
          record(core::CallConsultEnded{s_.agent_id, "cancelled", 0});
          s_.phase = Phase::kOver;
          emit(BackToQueue{});
        }
        return;
      default:
        return;
    }
  }

  void on(const CustomerGone& in) {
    if (s_.phase == Phase::kOver) return;
    if (s_.other) dropOther();
    if (s_.agent_present) leaveAgent();
    agentDone();
    end("caller", std::string(legEndName(in.how)));
  }

 private:
  template <typename A>
  void emit(A action) {
    out_.emplace_back(std::move(action));
  }
  void record(core::CallEvent event) { emit(Record{std::move(event)}); }
  void reply(Status status) { emit(Reply{std::move(status)}); }
  void refuse(std::string_view what) {
    reply(conflict("the call cannot " + std::string(what) + " while it is " +
                   std::string(phaseName(s_.phase))));
  }

  bool consulting() const {
    return s_.other && (s_.phase == Phase::kConsulting || s_.phase == Phase::kSwapped ||
                        s_.phase == Phase::kConference);
  }

  void ringOther(const Target& to) {
    s_.other = to;
    s_.other_answered = false;
    emit(RingOther{to});
    emit(ArmTimer{++s_.timer_id, settings_.no_answer});
  }
  void cancelTimer() {
    ++s_.timer_id;
    emit(CancelTimer{});
  }
  void dropOther() {
    if (!s_.other) return;
    s_.other.reset();
    s_.other_answered = false;
    cancelTimer();
    emit(DropOther{});
  }
  void leaveAgent() {
    s_.agent_present = false;
    emit(DropAgent{});
  }
  void agentDone() {
    if (std::exchange(s_.agent_done, true)) return;
    emit(AgentDone{});
  }
  void end(std::string by, std::string reason) {
    s_.phase = Phase::kOver;
    emit(End{std::move(by), std::move(reason)});
  }

  // The caller and the answered other party talk; the professional leaves.
  void handOver(const std::string& by) {
    s_.phase = Phase::kHandedOver;
    emit(Connect{Party::kCustomer, Party::kOther});
    if (s_.agent_present) leaveAgent();
    core::CallTransferred e;
    e.agent_id = s_.agent_id;
    e.by = by;
    e.attended = true;
    record(naming(std::move(e), *s_.other));
    agentDone();
  }

  // The other party never answered (busy, declined, no answer, a failure).
  void otherFailed(LegEnd how, int status) {
    std::string result(dial::dialResultOf(how, status).result);
    if (s_.phase == Phase::kTransferring) {
      record(core::CallTransferFailed{s_.agent_id, result, status});
      s_.phase = Phase::kOver;
      emit(BackToQueue{});
      return;
    }
    // A consultation that did not connect: the customer still hears music; the professional
    // resumes (or consults someone else).
    if (s_.phase == Phase::kConsulting) s_.phase = Phase::kHeld;
    record(core::CallConsultEnded{s_.agent_id, result, status});
  }

  TalkState& s_;
  const Settings& settings_;
  Actions& out_;
};

}  // namespace

Actions step(TalkState& state, const Input& input, const Settings& settings) {
  Actions out;
  Talk talk(state, settings, out);
  std::visit([&](const auto& in) { talk.on(in); }, input);
  return out;
}

}  // namespace luukku::telephony::talk
