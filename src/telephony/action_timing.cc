#include "telephony/action_timing.h"

#include <utility>

namespace luukku::telephony {

std::string_view callActionName(CallAction action) {
  switch (action) {
    case CallAction::kHold:
      return "hold";
    case CallAction::kResume:
      return "resume";
    case CallAction::kConsult:
      return "consult";
    case CallAction::kSwap:
      return "swap";
    case CallAction::kCancelConsult:
      return "cancel_consult";
    case CallAction::kCompleteTransfer:
      return "complete_transfer";
    case CallAction::kConference:
      return "conference";
    case CallAction::kTransfer:
      return "transfer";
    case CallAction::kTransferToLine:
      return "transfer_to_line";
    case CallAction::kHangUp:
      return "hang_up";
  }
  return "unknown";
}

void ActionTiming::done(Time now) {
  if (pending_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (refused_.load(std::memory_order_relaxed)) return;
  histogram_.observe(now - requested_at_);
}

void ActionTiming::answered(bool ok, Time now) {
  if (!ok) refused_.store(true, std::memory_order_relaxed);
  done(now);
}

CallActionTimings::CallActionTimings(metrics::Registry& metrics, ports::ActionClock now)
    : now_(now) {
  for (std::size_t i = 0; i < kCallActions; ++i) {
    histograms_[i] = &metrics.histogram(
        "luukku_call_action_seconds",
        "A professional's action on a call through the API: from the whole request read to the "
        "SIP request it sends handed to the SIP stack, or to its answer when it sends none",
        {{"action", std::string(callActionName(static_cast<CallAction>(i)))}});
  }
}

ActionTimingPtr CallActionTimings::start(CallAction action, ports::RequestedAt requested_at) const {
  if (requested_at == ports::RequestedAt{}) return nullptr;
  return std::make_shared<ActionTiming>(*histograms_[static_cast<std::size_t>(action)],
                                        requested_at);
}

std::function<void(Status)> CallActionTimings::answering(ActionTimingPtr timing,
                                                         std::function<void(Status)> done) const {
  if (!timing) return done;
  return [timing = std::move(timing), done = std::move(done), now = now_](Status st) {
    timing->answered(st.isOk(), now());
    done(std::move(st));
  };
}

ActingNow::Scope::Scope(ActingNow& now, ActionTimingPtr timing)
    : now_(now), timing_(std::move(timing)) {
  if (!timing_) return;
  timing_->begin();
  previous_ = std::exchange(now_.current_, timing_);
}

ActingNow::Scope::~Scope() {
  if (!timing_) return;
  now_.current_ = std::move(previous_);
  timing_->done(now_.clock_());
}

sip::SipStack::Sent ActingNow::sentHook() const {
  if (!current_) return {};
  current_->begin();
  return [timing = current_, now = clock_] { timing->done(now()); };
}

}  // namespace luukku::telephony
