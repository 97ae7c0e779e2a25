// luukku_call_action_seconds: how long a professional's action on a call takes inside Luukku,
// from the API having read the whole request (ports::RequestedAt) to the SIP request the action
// causes being handed to NUA on the SIP thread: the consulted party's INVITE, the BYE to the
// professional's phone (transfers, hang-up) or to the colleague's (a cancelled consultation).
// An action that sends no SIP (hold, resume, swap and conference change only Luukku's media:
// music on hold, the mix) is timed to its media change posted and its answer ready.
//
// What an action waits for is counted in its ActionTiming: its answer, the step of the call's
// flow that carries it out, and each SIP request that step sends. The time is recorded once,
// when the last of them is done, and not at all when the answer refuses the action. A blind
// transfer into a line's queue waits for routing's answer (an engine command, answered once
// its events are durable) before its BYE: its time follows the event store's commits.
//
// ActingNow is the call thread's view of the action being carried out right now: the shells
// (switchboard, dialler) attach sentHook() to every SIP request they send, so a request is
// counted for the action whose step caused it, without the flows knowing.
//
// Ownership: CallActionTimings owns nothing but references to its histograms (the registry
// outlives it); timings are shared (shared_ptr) by their parts.
// Thread-safety: ActionTiming and CallActionTimings::start() are thread-safe (parts end on the
// call thread and on the SIP thread); ActingNow and its Scope belong to the call thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "metrics/metrics.h"
#include "ports/telephony_port.h"
#include "telephony/sip/sip_stack.h"

namespace luukku::telephony {

enum class CallAction {
  kHold,
  kResume,
  kConsult,
  kSwap,
  kCancelConsult,
  kCompleteTransfer,
  kConference,
  kTransfer,        // blind, to an agent, an extension or a number
  kTransferToLine,  // blind, back into a service line's queue
  kHangUp,
};
inline constexpr std::size_t kCallActions = 10;

// The `action` label: "hold", "complete_transfer", "transfer_to_line", ...
std::string_view callActionName(CallAction action);

class ActionTiming {
 public:
  using Time = std::chrono::steady_clock::time_point;

  // Waits for the answer (answered()) only, until begin() adds more.
  ActionTiming(metrics::Histogram& histogram, Time requested_at)
      : histogram_(histogram), requested_at_(requested_at) {}
  ActionTiming(const ActionTiming&) = delete;
  ActionTiming& operator=(const ActionTiming&) = delete;

  // One more part to wait for; done() ends it.
  void begin() { pending_.fetch_add(1, std::memory_order_relaxed); }
  // A part is done at `now`: the last one records the time since the request was read.
  void done(Time now);
  // The answer is ready at `now`; a refusal (`ok` false) records nothing.
  void answered(bool ok, Time now);

 private:
  metrics::Histogram& histogram_;
  const Time requested_at_;
  std::atomic<int> pending_{1};
  std::atomic<bool> refused_{false};
};
using ActionTimingPtr = std::shared_ptr<ActionTiming>;

// One histogram per action, created up front.
class CallActionTimings {
 public:
  // Timings end on `now`, the clock the API stamps ports::RequestedAt with.
  CallActionTimings(metrics::Registry& metrics, ports::ActionClock now);
  // A timing of `action` asked for at `requested_at`; null for the clock's epoch (an action not
  // asked through the API: a desk phone's key, a test).
  ActionTimingPtr start(CallAction action, ports::RequestedAt requested_at) const;
  // `done` answering through `timing` first (unchanged when `timing` is null).
  std::function<void(Status)> answering(ActionTimingPtr timing,
                                        std::function<void(Status)> done) const;
  ports::ActionClock clock() const { return now_; }

 private:
  std::array<metrics::Histogram*, kCallActions> histograms_{};
  ports::ActionClock now_;
};

class ActingNow {
 public:
  // While a Scope lives, SIP requests sent on the call thread count for `timing` (a Scope of
  // a null timing changes nothing). The Scope itself is a part of the timing, so an answer
  // given in the middle of a step does not record the time before the step's SIP is sent.
  class Scope {
   public:
    Scope(ActingNow& now, ActionTimingPtr timing);  // `now` ends it on its clock
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ActingNow& now_;
    ActionTimingPtr timing_;
    ActionTimingPtr previous_;
  };

  // For a SIP request being sent now: a hook ending its part once NUA has it; empty when no
  // action is being timed.
  sip::SipStack::Sent sentHook() const;

  explicit ActingNow(ports::ActionClock clock) : clock_(clock) {}

 private:
  ports::ActionClock clock_;
  ActionTimingPtr current_;
};

}  // namespace luukku::telephony
