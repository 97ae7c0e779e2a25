// Switchboard: the shell around the call flow (call_flow.h, and talk_flow.h once answered). It
// owns the SIP stack, answers calls from trunks (and authenticated phones) to known numbers,
// and for each call feeds what happens — SIP, media, timers, routing replies and offers — into
// flow::step() as inputs, and performs the actions it returns: SIP legs (the caller's, the
// agent's, and a third party's for consultations and transfers), media sessions, bridges,
// mixes and prompts, timers, routing commands and the call's events. What a call does and why
// lives in the flows; here is only how.
//
// Outgoing calls (callbacks, click-to-call) are the dialler's (dialler.h): the switchboard hands
// it the SIP events of the legs it made.
//
// A desk phone's own calls (switchboard_desk.cc): an extension's INVITE to a service line's
// number enters that line like a caller's; to a colleague (an extension, or an agent) it is a
// colleague call (colleague_calls.h); to a number outside, an outgoing call the dialler places
// for the phone's line. The phone's attended transfer (REFER with Replaces) joins the caller it
// talks to with the party it called itself.
//
// Phones: registrations are kept per agent (where to ring them); a phone that registers again
// after it could not be reached makes its agent ready again.
//
// Ownership: owns the SIP stack; borrows the call thread's io_context, the media engine,
// prompts, routing and clock, which outlive it.
// Thread-safety: all state lives on the call thread (the io_context's); SipListener methods
// (called on the SIP thread) and the public members post to it. start() and stop() from the
// owner.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "metrics/metrics.h"
#include "telephony/action_timing.h"
#include "telephony/call_flow.h"
#include "telephony/call_routing.h"
#include "telephony/colleague_calls.h"
#include "telephony/dialler.h"
#include "telephony/flow_shell.h"
#include "telephony/media/media_engine.h"
#include "telephony/prompts.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

class Switchboard final : public sip::SipListener {
 public:
  // `voice_dir` is where voice messages are written ("<contact id>.wav"). The call thread runs
  // `context` from start() to stop(). Call actions are timed on `action_clock`, the clock the
  // API stamps their ports::RequestedAt with. `audit` hears of desk phones' calls outside
  // refused by the dial policy (may be empty).
  Switchboard(const TelephonyConfig& config, std::string voice_dir,
              boost::asio::io_context& context, media::MediaEngine& media, PromptLibrary& prompts,
              CallRouting& routing, const Clock& clock, metrics::Registry& metrics,
              ports::ActionClock action_clock, PhoneDialAudit audit = {});
  ~Switchboard() override;
  Switchboard(const Switchboard&) = delete;
  Switchboard& operator=(const Switchboard&) = delete;

  // Starts the call thread, then SIP; fails when SIP cannot bind its address.
  Status start();
  // Hangs up every call, records their ends, stops SIP and the thread. Idempotent.
  void stop();

  sip::SipStack& sip() { return sip_; }
  // Professionals' outgoing calls (dial() and hangUp() are thread-safe).
  Dialler& dialler() { return dialler_; }
  std::size_t liveCalls() const { return live_calls_.load(); }

  // Any thread; `done` runs on the call thread. Each gets kNotFound when `contact_id` is not a
  // live call of the professional's, kConflict when the call cannot do it now (see
  // ports::TelephonyPort for the rest). An action asked for through the API (`requested_at`
  // when the request was read) is timed into luukku_call_action_seconds (action_timing.h).
  //
  // The professional hangs up the call they are on, incoming or outgoing, as if their phone
  // had: on an answered consultation the caller is handed over to the colleague.
  void hangUp(std::string agent_id, std::string contact_id, std::function<void(Status)> done,
              ports::RequestedAt requested_at = {});
  // Puts the answered call on hold (`hold`) or takes it off.
  void hold(std::string agent_id, std::string contact_id, bool hold,
            std::function<void(Status)> done, ports::RequestedAt requested_at = {});
  // A blind transfer: to a service line's queue, keeping its place (`done` once routing has
  // answered), or to an agent, an extension or a number (`done` once its INVITE is sent).
  void transfer(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                std::function<void(Status)> done, ports::RequestedAt requested_at = {});
  // Calls an agent, an extension or a number to consult, the caller on hold; or a service
  // line, whose longest-idle available professional with a free phone is called (kConflict
  // when there is none).
  void consult(std::string agent_id, std::string contact_id, ports::TransferTarget to,
               std::function<void(Status)> done, ports::RequestedAt requested_at = {});
  // Swap, cancel, attended transfer or conference of the consultation under way.
  void control(std::string agent_id, std::string contact_id, ports::CallControl what,
               std::function<void(Status)> done, ports::RequestedAt requested_at = {});

  // sip::SipListener (SIP thread): post to the call thread.
  void onIncomingCall(sip::IncomingCall call) override;
  void onRinging(sip::LegId leg) override;
  void onAnswered(sip::LegId leg, std::string sdp) override;
  void onRemoteSdp(sip::LegId leg, std::string sdp) override;
  void onDtmfInfo(sip::LegId leg, char digit) override;
  void onLegEnded(sip::LegId leg, sip::LegEnd how, int status) override;
  void onRegistration(sip::Registration registration) override;
  void onSdpAnswered(sip::LegId leg, std::string sdp) override;
  void onSdpRefused(sip::LegId leg, int status) override;
  void onRefer(sip::TransferRequest refer) override;

 private:
  struct Call;
  using CallPtr = std::shared_ptr<Call>;

  void incoming(sip::IncomingCall in);
  // A desk phone's INVITE to anything but a service line's number (switchboard_desk.cc).
  void deskDial(sip::IncomingCall in);
  void refuseDeskDial(const sip::IncomingCall& in, const std::string& agent_id,
                      const std::string& line_id, const std::string& number, const Status& why);
  // A desk phone's attended transfer: REFER with Replaces (switchboard_desk.cc).
  void referReplacing(const sip::TransferRequest& refer);
  void offer(const OfferEvent& e);
  void registration(const sip::Registration& r);
  void announceTick();
  std::optional<AgentPhone> phoneOf(const std::string& agent_id) const;

  // Feeds one input to the call's flow and performs what it says (inputs that performing
  // raises are fed after, in order).
  void feed(const CallPtr& call, flow::Input input);
  void step(const CallPtr& call, flow::Input& input);
  void perform(const CallPtr& call, flow::Action& action);
  // Feeds `fired` to the call when `timer` expires after `after` (unless cancelled first).
  void arm(boost::asio::steady_timer& timer, const CallPtr& call, std::chrono::seconds after,
           flow::Input fired);
  void play(const CallPtr& call, const flow::Play& play);
  void ringAgent(const CallPtr& call, const std::string& agent_id);
  void dropAgentLeg(Call& call);
  void hangUpCaller(Call& call);
  // The talk's actions on media and legs.
  void performTalk(const CallPtr& call, talk::Action& action);
  void ringOther(const CallPtr& call, const talk::Target& to);
  void dropOtherLeg(Call& call);
  // Tells routing that the phone of the agent `to` names is taken by a third leg, or free again
  // (nothing for a number).
  void engage(const talk::Target& to, bool engaged);
  // The third leg is gone: its colleague's phone is free again.
  void otherLegGone(Call& call);
  // The incoming call `contact_id` the professional `agent_id` is on, or null.
  CallPtr talkingCall(const std::string& agent_id, const std::string& contact_id) const;
  // A call the professional is talking on, incoming or outgoing (the dialler's).
  struct Talking {
    std::string line_id;
    const talk::TalkState* talk = nullptr;
    bool outgoing = false;
  };
  std::optional<Talking> talkingOn(const std::string& agent_id,
                                   const std::string& contact_id) const;
  static Status notTalking(const std::string& agent_id, const std::string& contact_id);
  // Feeds `input`, a request whose Reply goes to `done`, to the call the professional is
  // talking on: an incoming call here, or else an outgoing one of the dialler's; the SIP it
  // sends meanwhile counts for `timing` (may be null).
  void request(const std::string& agent_id, const std::string& contact_id, talk::Input input,
               std::function<void(Status)> done, const ActionTimingPtr& timing = nullptr);
  void refer(const sip::TransferRequest& refer);
  // Consults the first of `free` (agents of `line_id`, the longest idle first) whose phone is
  // registered and not on a call.
  void consultOneOf(const std::string& agent_id, const std::string& contact_id,
                    const std::string& line_id, const std::vector<std::string>& free,
                    std::function<void(Status)> done, const ActionTimingPtr& timing);
  // Whom `to` names, if a call of `line_id` that `own_agent` talks on may reach them for
  // `purpose` (kConsult or kExternalTransfer): an agent or extension with a registered phone,
  // or a number the line may call.
  Result<talk::Target> partyOf(const std::string& line_id, const std::string& own_agent,
                               const ports::TransferTarget& to, DialPurpose purpose) const;
  // The INVITE (SDP still to fill in) that rings `to` on `line`'s behalf for `own_agent`.
  Result<sip::OutgoingCall> callTo(const talk::Target& to, const LineInfo& line,
                                   const std::string& own_agent) const;
  // Routing completions back into the flow, on the call thread.
  template <typename Input>
  auto into(const CallPtr& call);

  const TelephonyConfig config_;
  const flow::Settings settings_;
  const std::string voice_dir_;
  boost::asio::io_context& context_;
  media::MediaEngine& media_;
  PromptLibrary& prompts_;
  CallRouting& routing_;
  const Clock& clock_;
  const CallActionTimings action_timings_;
  ActingNow acting_;  // call thread only
  const PhoneDialAudit audit_;
  sip::SipStack sip_;
  Dialler dialler_;
  ColleagueCalls colleague_;

  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  boost::asio::steady_timer announce_timer_{context_};

  // Call thread only.
  std::unordered_map<sip::LegId, CallPtr> by_leg_;
  std::unordered_map<std::string, CallPtr> by_contact_;  // started and not yet settled
  std::set<CallPtr> calls_;                              // every call not yet settled
  std::set<std::string> unreachable_agents_;             // set not ready for a phone that failed
  std::unordered_map<std::string, std::string> phone_of_agent_;  // agent -> contact URI
  std::unordered_map<std::string, std::string> extension_of_agent_;
  std::unordered_map<std::string, std::string> agent_of_extension_;
  FlowInbox<Call, flow::Input> inbox_{
      [this](const CallPtr& call, flow::Input& input) { step(call, input); }};
  bool stopping_ = false;
  bool sip_started_ = false;  // owner's thread

  std::atomic<std::size_t> live_calls_{0};
  metrics::Gauge& calls_gauge_;
  metrics::Counter& calls_total_;
  metrics::Counter& calls_refused_;
  metrics::Counter& calls_answered_;
  metrics::Counter& callbacks_requested_;
};

}  // namespace luukku::telephony
