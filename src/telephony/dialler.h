// Dialler: the shell around the dial flow (dial_flow.h) — professionals' outgoing calls, a
// callback to a task or a number dialled on a line's behalf (through the API, or by the
// professional's desk phone itself: dialler_phone.cc). It checks a request (the line,
// who may be dialled, the professional's phone, the operator's trunk), has routing record the
// call, rings the professional's phone and then dials the number through the trunk, and
// bridges the two; what the flow decides it performs: SIP legs, media sessions, timers,
// routing commands and the call's events.
//
// The switchboard owns it and hands it the SIP events of the legs it made (it shares the
// switchboard's SIP stack and call thread).
//
// Ownership: borrows everything it is given; all of it outlives the dialler.
// Once the citizen answers, the professional works the call as an incoming one (hold, consult,
// swap, conference, attended transfer: dial_flow.h says what differs); the switchboard hands
// those requests, and the re-INVITE of a desk phone's hold key, to the dialler.
//
// Thread-safety: dial() and hangUp() are thread-safe (they post to the call thread); every other
// member runs on the call thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "metrics/metrics.h"
#include "ports/telephony_port.h"
#include "telephony/action_timing.h"
#include "telephony/call_routing.h"
#include "telephony/dial_flow.h"
#include "telephony/dial_policy.h"
#include "telephony/flow_shell.h"
#include "telephony/media/media_engine.h"
#include "telephony/prompts.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

// Where a professional's phone answers (from the switchboard's registrations).
struct AgentPhone {
  std::string contact;  // the registered contact URI
  std::string extension;
  bool on_call = false;  // bridged to a caller right now
};
// What the dialler asks of the switchboard, which keeps the phones' registrations.
struct DiallerPhones {
  // Where a professional's phone answers, if it is registered.
  std::function<std::optional<AgentPhone>(const std::string& agent_id)> of;
  // The INVITE (SDP still to fill in) that rings a consulted party on `line`'s behalf for the
  // professional `agent_id` (Switchboard::callTo).
  std::function<Result<sip::OutgoingCall>(const talk::Target& to, const LineInfo& line,
                                          const std::string& agent_id)>
      call_party;
  // Tells routing the phone of the agent a consultation calls is taken, or free again
  // (Switchboard::engage).
  std::function<void(const talk::Target& to, bool engaged)> engage;
};

// A call the professional's desk phone dials itself to a number outside (dial_flow.h,
// from_phone).
struct PhoneDial {
  sip::LegId leg = 0;  // the phone's INVITE, not answered yet
  std::string sdp;     // its offer
  std::string agent_id;
  std::string extension;
  std::string line_id;  // the phone's line ([[phones]] line): its dial policy and number
  std::string number;   // normalised
};

class Dialler {
 public:
  Dialler(const TelephonyConfig& config, sip::SipStack& sip, boost::asio::io_context& context,
          media::MediaEngine& media, PromptLibrary& prompts, CallRouting& routing,
          const Clock& clock, metrics::Registry& metrics, DiallerPhones phones, ActingNow& acting);
  Dialler(const Dialler&) = delete;
  Dialler& operator=(const Dialler&) = delete;

  // Any thread. `done` runs on the call thread once routing has recorded the call (its id), or
  // with why it was refused: kPermissionDenied (not a number the line may dial), kNotFound (no
  // such line), kFailedPrecondition (no registered phone, already dialling, no trunk).
  void dial(ports::DialRequest request, std::function<void(Result<ports::DialStarted>)> done);
  // Any thread. Ends the professional's outgoing call `contact_id`; kNotFound when it is not
  // a live outgoing call of theirs.
  void hangUp(std::string agent_id, std::string contact_id, std::function<void(Status)> done);
  // The same, on the call thread.
  void endCall(const std::string& agent_id, const std::string& contact_id,
               const std::function<void(Status)>& done);

  // Whether `line_id` may call `number` for `purpose` (a consultation, a caller handed over
  // outside): kPermissionDenied or kInvalidArgument when not.
  Status mayCall(std::string_view line_id, std::string_view number, DialPurpose purpose) const {
    return policy_.check(line_id, number, purpose);
  }
  // Whether `number` is one of the emergency numbers (always allowed).
  bool isEmergency(std::string_view number) const { return policy_.isEmergency(number); }

  // Call thread. The answered outgoing call `contact_id` the professional `agent_id` is still
  // on: its line and its talk (talk_flow.h); none when there is no such call.
  struct Talking {
    std::string line_id;
    const talk::TalkState* talk = nullptr;
  };
  std::optional<Talking> talking(const std::string& agent_id, const std::string& contact_id) const;
  // Call thread. Feeds the professional's request (hold, consult, ...) to that call; `done`
  // gets its one answer: the talk's reply, or kNotFound when it is no such call.
  void request(const std::string& agent_id, const std::string& contact_id, talk::Input input,
               std::function<void(Status)> done);
  // Call thread. Whether an outgoing call is ringing or talking to the phone of `agent_id`
  // (extension `extension`) as the party it consults.
  bool calls(const std::string& agent_id, const std::string& extension) const;

  // Call thread. Places the call the desk phone dialled, or refuses its INVITE: 403 (the
  // line may not dial the number, the professional is not signed in), 404 (no such line),
  // 486 (the professional's outgoing call of Luukku's is under way), 488 (no G.711 in the
  // offer), 503 (no trunk for outgoing calls, a line without a number, no RTP port).
  void dialFromPhone(PhoneDial dial);
  // Call thread. The answered party of the desk phone's own call on `phone_leg`, dialled by
  // `agent_id` and talked to by the phone alone (talking or held, nobody consulted), handed
  // over: its leg and media are the caller's now, and the call ends for the phone (its leg
  // hung up, the outgoing contact completed). `handing` runs first, once the call is found to
  // be one. None when `phone_leg` is no such call.
  std::optional<HandedParty> handOver(sip::LegId phone_leg, const std::string& agent_id,
                                      const std::function<void()>& handing);

  // Call thread. The professional of the answered outgoing call on whose leg `agent_leg`
  // (their phone) they talk to the citizen alone (talking or held, nobody consulted): that
  // call may take a party from the phone's attended transfer. None for any other leg.
  std::optional<std::string> aloneOn(sip::LegId agent_leg) const;
  // Call thread. Hands the citizen of that call (aloneOn) over to `party`, the answered party
  // of another of the phone's calls: the talk's HandOverTo, an attended transfer by the phone.
  void takeOver(sip::LegId agent_leg, HandedParty party);

  // Call thread: SIP events of the legs the dialler made; false for any other leg.
  bool ringing(sip::LegId leg);
  bool answered(sip::LegId leg, const std::string& sdp);
  bool remoteSdp(sip::LegId leg, const std::string& sdp);
  bool legEnded(sip::LegId leg, sip::LegEnd how, int status);
  // Call thread: hangs up every outgoing call and records its end.
  void shutdown();

  std::size_t liveCalls() const { return calls_.size(); }

 private:
  struct Call;
  using CallPtr = std::shared_ptr<Call>;

  void start(ports::DialRequest request, std::function<void(Result<ports::DialStarted>)> done);
  Status check(const ports::DialRequest& request, const std::optional<LineInfo>& line,
               const std::optional<AgentPhone>& phone) const;
  void feed(const CallPtr& call, dial::Input input);
  void step(const CallPtr& call, dial::Input& input);
  void perform(const CallPtr& call, dial::Action& action);
  sip::LegId invite(Call& call, media::MediaSessionPtr& media, sip::OutgoingCall out);
  void drop(sip::LegId& leg, media::MediaSessionPtr& media);
  void performTalk(const CallPtr& call, talk::Action& action);
  void ringOther(const CallPtr& call, const talk::Target& to);
  void otherLegGone(Call& call);

  const TelephonyConfig& config_;
  const dial::Settings settings_;
  const DialPolicy policy_;
  sip::SipStack& sip_;
  boost::asio::io_context& context_;
  media::MediaEngine& media_;
  PromptLibrary& prompts_;
  CallRouting& routing_;
  const Clock& clock_;
  const DiallerPhones phones_;
  ActingNow& acting_;  // the switchboard's: its SIP requests count for the action timed now
  bool stopping_ = false;

  // Call thread only.
  std::set<CallPtr> calls_;
  std::unordered_map<sip::LegId, CallPtr> by_leg_;
  std::unordered_map<std::string, CallPtr> by_agent_;  // one outgoing call per professional
  FlowInbox<Call, dial::Input> inbox_{
      [this](const CallPtr& call, dial::Input& input) { step(call, input); }};

  metrics::Counter& dialled_total_;
  metrics::Counter& refused_total_;
  metrics::Counter& failed_total_;
  metrics::Counter& answered_total_;
};

}  // namespace luukku::telephony
