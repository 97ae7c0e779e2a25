#include "telephony/call_flow.h"

#include <cstdlib>

#include "core/phone_number.h"

namespace luukku::telephony::flow {

std::string_view phaseName(Phase phase) {
  switch (phase) {
    case Phase::kStarting:
      return "starting";
    case Phase::kClosedMenu:
      return "closed_menu";
    case Phase::kArriving:
      return "arriving";
    case Phase::kRejectedMenu:
      return "rejected_menu";
    case Phase::kQueued:
      return "queued";
    case Phase::kEnterNumber:
      return "enter_number";
    case Phase::kConfirmNumber:
      return "confirm_number";
    case Phase::kRecording:
      return "recording";
    case Phase::kBridged:
      return "bridged";
    case Phase::kFarewell:
      return "farewell";
    case Phase::kEnded:
      return "ended";
  }
  return "unknown";
}

std::string_view promptName(Prompt prompt) {
  switch (prompt) {
    case Prompt::kWelcome:
      return "welcome";
    case Prompt::kClosed:
      return "closed";
    case Prompt::kBusy:
      return "busy";
    case Prompt::kCallbackOffer:
      return "callback_offer";
    case Prompt::kCallbackRegistered:
      return "callback_registered";
    case Prompt::kCallbackConfirmed:
      return "callback_confirmed";
    case Prompt::kCannotTakeCall:
      return "cannot_take_call";
    case Prompt::kGoodbye:
      return "goodbye";
    case Prompt::kEnterNumber:
      return "enter_number";
    case Prompt::kInvalidChoice:
      return "invalid_choice";
    case Prompt::kNumberIs:
      return "number_is";
    case Prompt::kConfirmNumber:
      return "confirm_number";
    case Prompt::kRecordMessage:
      return "record_message";
    case Prompt::kMessageSaved:
      return "message_saved";
  }
  return "";
}

namespace {

using AfterPlay = CallState::AfterPlay;
using TimerFor = CallState::TimerFor;

Say prompt(Prompt p) {
  Say s;
  s.prompt = p;
  return s;
}

// Whether an unanswered call to a phone failed for a technical reason — nothing there (no
// route, ICMP unreachable, no answer to SIP), temporarily unavailable, a server error — rather
// than by the agent's choice: busy (486, 600), declined (603) or cancelled (487).
bool phoneUnreachable(LegEnd how, int status) {
  if (how == LegEnd::kTimeout) return true;
  return status != 486 && status != 487 && status != 600 && status != 603;
}

// Minutes as announced: -1 without an estimate, 0 under a minute, else rounded.
int waitMinutes(const std::optional<std::chrono::seconds>& w) {
  if (!w) return -1;
  if (w->count() < 60) return 0;
  return static_cast<int>((w->count() + 30) / 60);
}

// A place in line worth announcing again: a new position, or a wait that moved by two minutes
// or more (or across "less than a minute" / "over an hour").
bool meaningfulChange(const std::optional<WaitingInfo>& before, const WaitingInfo& after) {
  if (!before || before->position != after.position) return true;
  int was = waitMinutes(before->wait);
  int now = waitMinutes(after.wait);
  return std::abs(now - was) >= 2 || ((was == 0) != (now == 0)) || ((was > 60) != (now > 60));
}

// One step's work: the transitions, writing actions into `out`.
class Flow {
 public:
  Flow(CallState& state, const Settings& settings, Timestamp now, Actions& out)
      : s_(state), settings_(settings), now_(now), out_(out) {}

  void start() {
    if (!s_.line.open) {
      // Closed: its message and hours, then "1" for a callback; routing records the call now
      // and queues it only when the caller chooses (or the menu times out).
      s_.phase = Phase::kClosedMenu;
      Say hours;
      hours.kind = Say::Kind::kOpeningHours;
      play({prompt(Prompt::kClosed), hours, prompt(Prompt::kCallbackOffer)},
           AfterPlay::kArmClosedMenu);
      routing(StartCall{false});
      return;
    }
    s_.phase = Phase::kStarting;
    play({prompt(Prompt::kWelcome)}, AfterPlay::kNothing);
    routing(StartCall{true});
  }

  void on(const Started& in) {
    --s_.in_flight;
    if (!in.result) {
      if (s_.phase != Phase::kEnded) farewell({prompt(Prompt::kCannotTakeCall)}, "routing_failed");
      return;
    }
    s_.contact_id = in.result->contact_id;
    if (in.result->arrival) arrival(*in.result->arrival);
  }

  void on(const Arrived& in) {
    --s_.in_flight;
    if (!in.result) {
      if (s_.phase != Phase::kEnded) farewell({prompt(Prompt::kCannotTakeCall)}, "routing_failed");
      return;
    }
    arrival(*in.result);
  }

  void on(const Digit& in) {
    char d = in.digit;
    switch (s_.phase) {
      case Phase::kQueued:
        if (d != '1' || s_.accepting || s_.agent_answered) return;
        emit(CountCallbackRequest{});
        record(core::CallCallbackPressed{});
        if (s_.from_number.empty()) {
          s_.menu_return = Phase::kQueued;
          askNumber({});
        } else {
          callbackFromQueue("");
        }
        return;
      case Phase::kClosedMenu:
        // (Before routing has recorded the call there is nothing to queue yet: a few
        // milliseconds at most, while the closed message has only begun.)
        if (d != '1' || s_.contact_id.empty()) return;
        cancelTimer();
        emit(CountCallbackRequest{});
        if (s_.from_number.empty()) {
          s_.menu_return = Phase::kClosedMenu;
          askNumber({});
        } else {
          arrive(true);
        }
        return;
      case Phase::kRejectedMenu:
        if (d != '1') return;
        cancelTimer();
        s_.menu_return = Phase::kRejectedMenu;
        askNumber({});
        return;
      case Phase::kEnterNumber:
        if (d == '#') {
          if (s_.digits.size() < 5) {
            askNumber({prompt(Prompt::kInvalidChoice)});
            return;
          }
          confirmNumber();
        } else if (d == '*') {
          s_.digits.clear();
        } else if (d >= '0' && d <= '9' && s_.digits.size() < 15) {
          if (s_.digits.empty()) emit(StopPlaying{});
          s_.digits += d;
          armTimer(settings_.enter_number_pause, TimerFor::kDigitPause);
        }
        return;
      case Phase::kConfirmNumber:
        if (d == '1') {
          cancelTimer();
          numberConfirmed();
        } else if (d == '2') {
          cancelTimer();
          askNumber({});
        }
        return;
      default:
        return;  // digits mean nothing here ('#' while recording is the media engine's)
    }
  }

  void on(const Played& in) {
    if (in.play_id != s_.play_id || s_.phase == Phase::kEnded) return;
    AfterPlay next = std::exchange(s_.after_play, AfterPlay::kNothing);
    switch (next) {
      case AfterPlay::kNothing:
        return;
      case AfterPlay::kMusic:
        music();
        return;
      case AfterPlay::kArmClosedMenu:
        if (s_.phase == Phase::kClosedMenu) armTimer(settings_.closed_menu, TimerFor::kClosedMenu);
        return;
      case AfterPlay::kArmRejectedMenu:
        if (s_.phase == Phase::kRejectedMenu)
          armTimer(settings_.closed_menu, TimerFor::kRejectedMenu);
        return;
      case AfterPlay::kArmConfirm:
        if (s_.phase == Phase::kConfirmNumber)
          armTimer(settings_.enter_number_pause, TimerFor::kConfirm);
        return;
      case AfterPlay::kStartRecording:
        if (s_.phase != Phase::kRecording) return;
        s_.recording = true;  // its result comes even if the caller hangs up now
        s_.message_started = true;
        emit(StartRecording{s_.voice_ref, settings_.record_max_s, settings_.record_silence_s});
        return;
      case AfterPlay::kHangUp:
        finish("luukku", s_.farewell_reason);
        return;
    }
  }

  void on(const Recorded& in) {
    record(core::CallVoiceMessage{s_.voice_ref, in.seconds, in.heard_voice, in.ended_by});
    s_.recording = false;
    if (s_.phase == Phase::kRecording) farewell({prompt(Prompt::kMessageSaved)}, "message_saved");
  }

  void on(const TimerFired& in) {
    if (in.timer_id != s_.timer_id || s_.timer_for == TimerFor::kNothing) return;
    TimerFor what = std::exchange(s_.timer_for, TimerFor::kNothing);
    switch (what) {
      case TimerFor::kNothing:
        return;
      case TimerFor::kClosedMenu:
        if (s_.phase == Phase::kClosedMenu && !s_.contact_id.empty()) arrive(false);
        return;
      case TimerFor::kRejectedMenu:
        if (s_.phase == Phase::kRejectedMenu) farewell({prompt(Prompt::kGoodbye)}, "no_choice");
        return;
      case TimerFor::kDigitPause:
        if (s_.phase == Phase::kEnterNumber) confirmNumber();
        return;
      case TimerFor::kEnterNumber:
        if (s_.phase != Phase::kEnterNumber) return;
        if (s_.digits.size() >= 5) {
          confirmNumber();
        } else if (s_.menu_return == Phase::kQueued) {
          s_.phase = Phase::kQueued;  // back to waiting
          music();
        } else {
          farewell({prompt(Prompt::kGoodbye)}, "no_choice");
        }
        return;
      case TimerFor::kConfirm:
        if (s_.phase != Phase::kConfirmNumber) return;
        if (++s_.menu_retries > 2) {
          farewell({prompt(Prompt::kGoodbye)}, "no_choice");
        } else {
          confirmNumber();
        }
        return;
    }
  }

  void on(const OfferMade& in) {
    // Offers come after routing's reply that queued the call (call_routing.h), so the call is
    // queued — unless the caller moved on meanwhile.
    bool waiting = s_.in_queue;
    bool listening = s_.phase == Phase::kQueued || s_.phase == Phase::kEnterNumber ||
                     s_.phase == Phase::kConfirmNumber;
    if (!waiting || !listening || s_.caller_gone || s_.agent_answered || s_.accepting) {
      emit(Decline{in.agent_id});
      return;
    }
    if (!in.phone_registered) {
      // An agent without a registered phone cannot take calls: back to the queue, and the
      // agent's presence says why.
      emit(Decline{in.agent_id});
      emit(ReportNoPhone{in.agent_id});
      return;
    }
    dropAgent();
    s_.offer_agent = in.agent_id;
    s_.agent_leg = true;
    emit(RingAgent{in.agent_id});
    record(core::CallAgentRinging{in.agent_id});
  }

  void on(const OfferEnded& in) {
    if (s_.offer_agent != in.agent_id || s_.agent_answered || !s_.agent_leg) return;
    record(core::CallAgentNotAnswering{in.agent_id});
    dropAgent();
  }

  void on(const RingFailed&) {
    std::string agent = s_.offer_agent;
    dropAgent();
    if (!agent.empty()) emit(Decline{agent});
  }

  void on(const AgentAnswered& in) {
    if (!s_.agent_leg || s_.offer_agent.empty() || s_.agent_answered) return;
    if (!in.media_ok) {
      std::string agent = s_.offer_agent;
      dropAgent();
      emit(Decline{agent});
      return;
    }
    s_.agent_answered = true;
    s_.accepting = true;
    s_.accepting_agent = s_.offer_agent;
    routing(Accept{s_.offer_agent});
  }

  void on(const AcceptReplied& in) {
    --s_.in_flight;
    s_.accepting = false;
    std::string agent = std::exchange(s_.accepting_agent, std::string());
    if (!in.status) {
      // The offer ended as the agent answered (expired, or the caller asked for a callback).
      s_.agent_answered = false;
      dropAgent();
      return;
    }
    // (The agent's leg may be gone by now: the work is theirs all the same.)
    s_.in_queue = false;
    s_.bridged_agent = agent;
    if (s_.caller_gone || s_.phase == Phase::kEnded) {
      // The caller left as the agent answered: the call ended with the caller.
      emit(Complete{agent});
      dropAgent();
      return;
    }
    if (!s_.agent_leg) {
      // The agent's phone hung up as routing accepted: nobody is left to talk to.
      emit(Complete{agent});
      finish("agent", "hang_up");
      return;
    }
    cancelTimer();
    s_.phase = Phase::kBridged;
    s_.talk = talk::TalkState{};
    s_.talk.agent_id = agent;
    s_.after_play = AfterPlay::kNothing;
    emit(Bridge{});
    record(core::CallAnswered{agent});
  }

  void on(const AgentLegEnded& in) {
    if (!s_.agent_leg) return;
    std::string agent = std::exchange(s_.offer_agent, std::string());
    bool answered = std::exchange(s_.agent_answered, false);
    s_.agent_leg = false;
    emit(DropAgentLeg{});  // its media
    if (talking()) {
      // (A phone that transfers may hang up before routing answers: the answer decides.)
      if (!s_.transferring) talkStep(talk::AgentGone{in.how});
      return;
    }
    bool offered = s_.in_queue && s_.phase != Phase::kEnded;
    if (answered || !offered || agent.empty()) return;
    if (phoneUnreachable(in.how, in.status)) {
      // Not the agent's choice: asking the same phone again at once would fail again (and did,
      // thousands of times a second). The agent is not ready until the phone registers again
      // or they say so; the call keeps its place and goes to the next agent.
      record(core::CallAgentUnreachable{agent, in.status});
      emit(ReportUnreachable{agent});
      return;
    }
    // Busy or declined: back to the queue; routing offers the next agent.
    record(core::CallAgentRefused{agent, in.status});
    emit(Decline{agent});
  }

  void on(const CallerLegEnded& in) {
    s_.caller_gone = true;
    if (s_.phase == Phase::kEnded) return;
    if (talking()) {
      // While a transfer is in flight its answer says whether the call is still the agent's.
      if (!s_.transferring) talkStep(talk::CustomerGone{in.how});
    } else if (s_.in_queue && !s_.accepting) {
      // (When the agent answered as the caller left, the accept's reply completes it; while
      // starting or arriving, the reply abandons what routing queued.)
      s_.in_queue = false;
      routing(Abandon{});
    }
    finish("caller", std::string(legEndName(in.how)));
  }

  void on(const TaskReplied& in) {
    --s_.in_flight;
    switch (in.what) {
      case TaskReplied::For::kAbandon:
        recordTask(in.task, "abandoned");
        return;
      case TaskReplied::For::kRequestCallback:
        if (!in.task) {
          if (s_.phase != Phase::kEnded)
            farewell({prompt(Prompt::kCannotTakeCall)}, "routing_failed");
          return;
        }
        recordTask(in.task, "requested");
        return;
      case TaskReplied::For::kCreateTask:
        recordTask(in.task, "requested");
        if (s_.phase == Phase::kEnded) return;
        if (in.task) {
          farewell({prompt(Prompt::kCallbackConfirmed)}, "callback_task");
        } else {
          farewell({prompt(Prompt::kCannotTakeCall)}, "routing_failed");
        }
        return;
    }
  }

  void on(const Waiting& in) {
    if (!announcementDue(s_, settings_, now_) || !meaningfulChange(s_.announced, in.info)) return;
    s_.announced = in.info;
    s_.announced_at = now_;
    record(core::CallAnnounced{in.info.position, in.info.wait});
    Say where;
    where.kind = Say::Kind::kPositionAndWait;
    where.position = in.info.position;
    where.wait = in.info.wait;
    play({where}, AfterPlay::kMusic);
  }

  void on(const Shutdown&) {
    if (s_.phase != Phase::kEnded) finish("luukku", "shutdown");
    // What the call waits for may never come now: its end is recorded as it is.
    s_.in_flight = 0;
    s_.recording = false;
  }

  // The talk's inputs: requests are answered (Reply) even when the call is not being talked on.
  template <typename In>
  requires std::is_constructible_v<talk::Input, In>
  void on(const In& in) {
    if (!talking() || s_.transferring) {
      if constexpr (!std::is_same_v<In, OtherAnswered> && !std::is_same_v<In, OtherLegEnded> &&
                    !std::is_same_v<In, talk::TimerFired>) {
        emit(talk::Action{
            talk::Reply{conflict(s_.transferring ? "the call is being transferred"
                                                 : "the call is not being talked on")}});
      }
      return;
    }
    talkStep(in);
  }

  void on(const TransferToLine& in) {
    bool with_caller_only =
        s_.talk.phase == talk::Phase::kTalking || s_.talk.phase == talk::Phase::kHeld;
    if (!talking() || !with_caller_only || s_.transferring || !s_.agent_leg) {
      emit(TransferDone{conflict("the call is not being talked on: it cannot be transferred")});
      return;
    }
    s_.transferring = true;
    s_.transfer_line = in.line_id;
    routing(TransferToQueue{
        s_.bridged_agent, in.line_id,
        core::CallTransferred{s_.bridged_agent, "line", in.line_id, in.by, "", false}});
  }

  void on(const TransferReplied& in) {
    --s_.in_flight;
    s_.transferring = false;
    if (!in.result) {
      emit(TransferDone{in.result.status()});
      if (s_.phase == Phase::kEnded) {
        emit(Complete{s_.bridged_agent});  // the caller left meanwhile: the call was theirs
      } else if (!s_.agent_leg) {
        emit(Complete{s_.bridged_agent});  // the agent's phone hung up meanwhile
        callbackInstead();
      }
      return;
    }
    s_.bridged_agent.clear();
    s_.talk = talk::TalkState{};
    emit(TransferDone{Status::ok()});
    if (s_.phase == Phase::kEnded) {
      routing(Abandon{});  // the caller left as the call went back to the queue
      return;
    }
    // Only now, with routing's answer (sent once the transfer is durable), is the professional
    // let go. Were the BYE sent first and the server to die before the commit, the restart
    // would find the caller still the professional's — interrupted, and no callback made for
    // one who was talked to — while the professional had handed them back to the queue.
    dropAgent();
    s_.in_queue = true;
    s_.phase = Phase::kQueued;
    const ArrivalResult& r = *in.result;
    announce(r.position, r.wait, {}, {});
  }

  // The professional has left and the line would not take the caller back (it has closed
  // meanwhile, say): rather than hang up on them, the caller is left with a callback task on
  // that line, keying in a number first when theirs is withheld.
  void callbackInstead() {
    s_.bridged_agent.clear();
    s_.talk = talk::TalkState{};
    dropAgent();
    s_.task_line = s_.transfer_line;
    if (!s_.from_number.empty()) {
      s_.phase = Phase::kFarewell;
      routing(CreateTask{s_.from_number, s_.task_line});
      return;
    }
    s_.phase = Phase::kRejectedMenu;
    play({prompt(Prompt::kBusy), prompt(Prompt::kCallbackOffer)}, AfterPlay::kArmRejectedMenu);
  }

  // After every input: record call.ended once nothing is left to come.
  void settle() {
    if (!s_.end || s_.settled || s_.in_flight > 0 || s_.recording) return;
    if (!s_.contact_id.empty()) record(*s_.end);
    s_.settled = true;
    emit(CallSettled{});
  }

 private:
  template <typename A>
  void emit(A action) {
    out_.emplace_back(std::move(action));
  }
  // A routing command whose reply comes back as an input.
  template <typename A>
  void routing(A action) {
    ++s_.in_flight;
    emit(std::move(action));
  }
  void record(core::CallEvent event) {
    if (s_.settled) return;  // nothing follows call.ended
    emit(RecordEvent{std::move(event)});
  }

  void play(std::vector<Say> says, AfterPlay after) {
    s_.after_play = after;
    emit(Play{std::move(says), false, ++s_.play_id});
  }
  void music() {
    if (s_.phase != Phase::kQueued) return;
    Say moh;
    moh.kind = Say::Kind::kMusicOnHold;
    s_.after_play = AfterPlay::kNothing;
    emit(Play{{moh}, true, ++s_.play_id});
  }
  void armTimer(std::chrono::seconds after, TimerFor what) {
    s_.timer_for = what;
    emit(ArmTimer{++s_.timer_id, after});
  }
  void cancelTimer() {
    if (s_.timer_for == TimerFor::kNothing) return;
    s_.timer_for = TimerFor::kNothing;
    ++s_.timer_id;
    emit(CancelTimer{});
  }
  void dropAgent() {
    if (s_.agent_leg) emit(DropAgentLeg{});
    s_.agent_leg = false;
    s_.offer_agent.clear();
    s_.agent_answered = false;
  }

  void arrival(const ArrivalResult& r) {
    if (r.kind == ArrivalResult::Kind::kDiverted)
      record(core::CallCallbackTask{r.task_id, r.reason});
    if (s_.phase == Phase::kEnded) {
      // The caller left while routing decided: what was queued is abandoned (the task it makes
      // is recorded before the call's end).
      if (r.kind == ArrivalResult::Kind::kQueued) routing(Abandon{});
      return;
    }
    switch (r.kind) {
      case ArrivalResult::Kind::kQueued:
        s_.in_queue = true;
        enterQueue(r);
        return;
      case ArrivalResult::Kind::kDiverted:
        if (r.reason == "closed") {
          farewell({prompt(Prompt::kCallbackConfirmed)}, "diverted");
        } else {
          farewell({prompt(Prompt::kBusy), prompt(Prompt::kCallbackRegistered)}, "diverted");
        }
        return;
      case ArrivalResult::Kind::kRejected:
        if (!s_.from_number.empty()) {
          farewell({prompt(Prompt::kCannotTakeCall)}, "rejected");
          return;
        }
        // A withheld number on a busy or closed line may key one in for a callback.
        s_.phase = Phase::kRejectedMenu;
        play({prompt(r.reason == "closed" ? Prompt::kClosed : Prompt::kBusy),
              prompt(Prompt::kCallbackOffer)},
             AfterPlay::kArmRejectedMenu);
        return;
    }
  }

  void enterQueue(const ArrivalResult& r) {
    s_.phase = Phase::kQueued;
    announce(r.position, r.wait, {prompt(Prompt::kWelcome)}, {prompt(Prompt::kCallbackOffer)});
  }

  // The place in line, between `before` and `after`, then music.
  void announce(int position, std::optional<std::chrono::seconds> wait, std::vector<Say> before,
                std::vector<Say> after) {
    s_.announced = WaitingInfo{position, wait};
    s_.announced_at = now_;
    record(core::CallAnnounced{position, wait});
    Say where;
    where.kind = Say::Kind::kPositionAndWait;
    where.position = position;
    where.wait = wait;
    before.push_back(where);
    before.insert(before.end(), after.begin(), after.end());
    play(std::move(before), AfterPlay::kMusic);
  }

  bool talking() const { return s_.phase == Phase::kBridged; }

  // Runs the talk and carries out what it leaves to the call: the agent's leg, completing the
  // contact, the call's events, putting the caller back in line, ending the call.
  void talkStep(const talk::Input& in) {
    for (talk::Action& a : talk::step(s_.talk, in, settings_.talk)) {
      if (auto* r = std::get_if<talk::Record>(&a)) {
        record(std::move(r->event));
      } else if (std::holds_alternative<talk::DropAgent>(a)) {
        dropAgent();
      } else if (std::holds_alternative<talk::AgentDone>(a)) {
        emit(Complete{s_.bridged_agent});
      } else if (std::holds_alternative<talk::BackToQueue>(a)) {
        // Nobody took the caller: back into the line they called, keeping their place.
        s_.transferring = true;
        s_.transfer_line = s_.line.line_id;
        routing(TransferToQueue{
            s_.bridged_agent, s_.line.line_id,
            core::CallTransferred{s_.bridged_agent, "line", s_.line.line_id, "luukku", "", false}});
      } else if (auto* e = std::get_if<talk::End>(&a)) {
        finish(std::move(e->by), std::move(e->reason));
      } else {
        emit(std::move(a));
      }
    }
  }

  void arrive(bool wants_callback) {
    s_.phase = Phase::kArriving;
    routing(Arrive{wants_callback});
  }

  void askNumber(std::vector<Say> before) {
    s_.phase = Phase::kEnterNumber;
    s_.digits.clear();
    before.push_back(prompt(Prompt::kEnterNumber));
    play(std::move(before), AfterPlay::kNothing);
    armTimer(settings_.enter_number_pause + std::chrono::seconds(10), TimerFor::kEnterNumber);
  }

  void confirmNumber() {
    // Kept normalised, as every number is (a keyed "0401234567" is "+358401234567"); one that
    // has no normal form (seven digits without the 0: which area?) is asked for again.
    auto normal = core::normalizePhoneNumber(s_.digits);
    if (s_.digits.size() < 5 || !normal) {
      askNumber({});
      return;
    }
    s_.callback_number = std::move(normal).value();
    s_.phase = Phase::kConfirmNumber;
    Say digits;
    digits.kind = Say::Kind::kDigits;
    digits.digits = s_.digits;
    play({prompt(Prompt::kNumberIs), digits, prompt(Prompt::kConfirmNumber)},
         AfterPlay::kArmConfirm);
  }

  void numberConfirmed() {
    record(core::CallNumberKeyed{});
    switch (s_.menu_return) {
      case Phase::kQueued:
        callbackFromQueue(s_.callback_number);
        return;
      case Phase::kClosedMenu:
        s_.from_number = s_.callback_number;
        arrive(true);
        return;
      default:
        s_.phase = Phase::kFarewell;
        routing(CreateTask{s_.callback_number, s_.task_line});
        return;
    }
  }

  void callbackFromQueue(std::string number) {
    // Out of the queue at once (no agent may be offered the call now), then the message.
    s_.phase = Phase::kRecording;
    s_.in_queue = false;
    dropAgent();
    s_.voice_ref = s_.contact_id + ".wav";
    routing(RequestCallback{std::move(number), s_.voice_ref});
    Say beep;
    beep.kind = Say::Kind::kBeep;
    play({prompt(Prompt::kRecordMessage), beep}, AfterPlay::kStartRecording);
  }

  // A last prompt, then Luukku hangs up; `reason` goes into call.ended.
  void farewell(std::vector<Say> says, std::string reason) {
    s_.phase = Phase::kFarewell;
    cancelTimer();
    s_.farewell_reason = std::move(reason);
    play(std::move(says), AfterPlay::kHangUp);
  }

  // Releases the call's legs and media at once; who and why go into call.ended.
  void finish(std::string by, std::string reason) {
    if (s_.phase == Phase::kEnded) return;
    s_.phase = Phase::kEnded;
    s_.end = core::CallEnded{std::move(by), std::move(reason)};
    cancelTimer();
    s_.after_play = AfterPlay::kNothing;
    emit(CloseCallerMedia{});
    dropAgent();
    if (s_.talk.other) {
      s_.talk.other.reset();
      emit(talk::Action{talk::DropOther{}});
    }
    emit(HangUpCaller{});
    if (!s_.voice_ref.empty() && !s_.message_started) emit(WriteEmptyMessage{s_.voice_ref});
    emit(CallEnded{});
  }

  void recordTask(const Result<std::string>& task, const char* reason) {
    if (task && !task->empty()) record(core::CallCallbackTask{*task, reason});
  }

  CallState& s_;
  const Settings& settings_;
  const Timestamp now_;
  Actions& out_;
};

}  // namespace

Actions start(CallState& state, const Settings& settings, Timestamp now) {
  Actions out;
  Flow(state, settings, now, out).start();
  return out;
}

Actions step(CallState& state, const Input& input, const Settings& settings, Timestamp now) {
  Actions out;
  Flow flow(state, settings, now, out);
  std::visit([&](const auto& in) { flow.on(in); }, input);
  flow.settle();
  return out;
}

bool announcementDue(const CallState& state, const Settings& settings, Timestamp now) {
  return state.phase == Phase::kQueued && state.in_queue && !state.agent_leg &&
         now - state.announced_at >= settings.announce_interval;
}

}  // namespace luukku::telephony::flow
