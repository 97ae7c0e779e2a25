// Switchboard: the call flow. It is the B2BUA's brain — what the caller hears, what the
// digits they press mean, when an agent's phone rings and when the two legs are bridged — and
// the only place where SIP legs, media sessions and routing decisions meet.
//
// For each call from a trunk (or an authenticated phone) to a known number:
//   open line: welcome, position and estimated wait, "press 1 to be called back", music on
//     hold; position and wait again every announce interval, only when they changed
//     meaningfully; "1" leads to a callback (a withheld number is keyed in and read back
//     first) and an optional voice message (ended by '#', silence or 60 s);
//   closed line: its closed message and opening hours, and "press 1" for a callback;
//   busy (the line's policy diverted the call): told so, and the task that was made;
//   an offer rings the agent's registered phone showing the line's name; answering bridges
//     caller and agent through Luukku's media; an unanswered offer is cancelled when routing
//     withdraws it; a phone that cannot be reached (503, 480, 408, no route) sets its agent not
//     ready until it registers again, while a busy or declining phone declines the offer;
//     a caller who hangs up while waiting is abandoned (routing's policy makes the callback
//     task), also while routing is still deciding on the arrival.
//
// Each call's own event stream ("call/<contact id>") starts with call.arrived, recorded as
// the call is answered, and ends with exactly one call.ended saying who ended it and why. The
// end is recorded once the routing replies and the voice message the call still waits for
// are in, so whatever they record comes before it.
//
// Ownership: it borrows the SIP stack, media engine, prompts and routing, which outlive it.
// Thread-safety: all state lives on the switchboard's own thread; SipListener methods (called
// on the SIP thread) and the public members post to it.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "metrics/metrics.h"
#include "telephony/call_routing.h"
#include "telephony/media/media_engine.h"
#include "telephony/prompts.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

class Switchboard final : public sip::SipListener {
 public:
  // `voice_dir` is where voice messages are written ("<contact id>.wav").
  Switchboard(const TelephonyConfig& config, std::string voice_dir, media::MediaEngine& media,
              PromptLibrary& prompts, CallRouting& routing, metrics::Registry& metrics);
  ~Switchboard() override;
  Switchboard(const Switchboard&) = delete;
  Switchboard& operator=(const Switchboard&) = delete;

  void setSip(sip::SipStack& sip) { sip_ = &sip; }
  void start();
  // Hangs up every call and stops the thread; the SIP stack is stopped after this.
  void stop();

  boost::asio::io_context& context() { return context_; }
  std::size_t liveCalls() const { return live_calls_.load(); }

  // sip::SipListener (SIP thread): post to the switchboard.
  void onIncomingCall(sip::IncomingCall call) override;
  void onRinging(sip::LegId leg) override;
  void onAnswered(sip::LegId leg, std::string sdp) override;
  void onRemoteSdp(sip::LegId leg, std::string sdp) override;
  void onDtmfInfo(sip::LegId leg, char digit) override;
  void onLegEnded(sip::LegId leg, sip::LegEnd how, int status) override;
  void onRegistration(sip::Registration registration) override;

 private:
  struct Call;
  using CallPtr = std::shared_ptr<Call>;

  void incoming(sip::IncomingCall in);
  void arrive(const CallPtr& call, bool wants_callback);
  void onArrived(const CallPtr& call, Result<ArrivalResult> result);
  void dtmf(const CallPtr& call, char digit);
  void played(const CallPtr& call, std::uint64_t id);
  void recorded(const CallPtr& call, media::RecordResult result);
  void offer(const OfferEvent& e);
  void agentAnswered(const CallPtr& call, const std::string& sdp);
  void callerGone(const CallPtr& call, sip::LegEnd how);
  void agentGone(const CallPtr& call, sip::LegEnd how, int status);
  void announceTick();

  // Flow steps.
  void enterQueue(const CallPtr& call, const ArrivalResult& r);
  void startMusic(const CallPtr& call);
  void askNumber(const CallPtr& call);
  void confirmNumber(const CallPtr& call);
  void numberConfirmed(const CallPtr& call);
  void startCallbackInQueue(const CallPtr& call, std::string number);
  void startRecording(const CallPtr& call);
  // A last prompt, then Luukku hangs up; `reason` goes into call.ended.
  void farewell(const CallPtr& call, PromptLibrary::Clips clips, std::string reason);
  void play(const CallPtr& call, PromptLibrary::Clips clips, bool loop);
  void armTimer(const CallPtr& call, int seconds, std::function<void()> fire);
  void dropAgentLeg(const CallPtr& call);
  void hangUpCaller(const CallPtr& call);
  // Releases the call's legs and media at once; `by` ("caller", "agent", "luukku") and
  // `reason` go into its call.ended, recorded by settle().
  void finish(const CallPtr& call, std::string by, std::string reason);
  // Records call.ended when the call has finished and nothing it waits for is left.
  void settle(const CallPtr& call);
  // Wraps a routing completion so the call's end waits for it.
  template <typename F>
  auto tracked(const CallPtr& call, F f);
  void recordTask(const CallPtr& call, const Result<std::string>& task, const char* reason);
  void event(const CallPtr& call, std::string type, std::string data_json);
  PromptLibrary::Clips say(const CallPtr& call, std::string_view name) const;
  std::string newContactId();

  const TelephonyConfig config_;
  const std::string voice_dir_;
  media::MediaEngine& media_;
  PromptLibrary& prompts_;
  CallRouting& routing_;
  sip::SipStack* sip_ = nullptr;

  boost::asio::io_context context_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  boost::asio::steady_timer announce_timer_{context_};

  // Switchboard thread only.
  std::unordered_map<sip::LegId, CallPtr> by_leg_;
  std::unordered_map<std::string, CallPtr> by_contact_;
  std::unordered_map<std::string, CallPtr> ending_;  // finished, call.ended not yet recorded
  std::set<std::string> unreachable_agents_;         // set not ready for a phone that failed
  std::unordered_map<std::string, std::string> phone_of_agent_;  // agent -> contact URI
  std::unordered_map<std::string, std::string> extension_of_agent_;
  std::uint64_t next_play_ = 1;
  std::uint64_t contact_counter_ = 0;
  bool stopping_ = false;

  std::atomic<std::size_t> live_calls_{0};
  metrics::Gauge& calls_gauge_;
  metrics::Counter& calls_total_;
  metrics::Counter& calls_refused_;
  metrics::Counter& calls_answered_;
  metrics::Counter& callbacks_requested_;
};

}  // namespace luukku::telephony
