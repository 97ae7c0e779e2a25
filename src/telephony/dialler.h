// Dialler: the shell around the dial flow (dial_flow.h) — professionals' outgoing calls, a
// callback to a task or a number dialled on a line's behalf. It checks a request (the line,
// who may be dialled, the professional's phone, the operator's trunk), has routing record the
// call, rings the professional's phone and then dials the number through the trunk, and
// bridges the two; what the flow decides it performs: SIP legs, media sessions, timers,
// routing commands and the call's events.
//
// The switchboard owns it and hands it the SIP events of the legs it made (it shares the
// switchboard's SIP stack and call thread).
//
// Ownership: borrows everything it is given; all of it outlives the dialler.
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
#include "telephony/call_routing.h"
#include "telephony/dial_flow.h"
#include "telephony/dial_policy.h"
#include "telephony/flow_shell.h"
#include "telephony/media/media_engine.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

// Where a professional's phone answers (from the switchboard's registrations).
struct AgentPhone {
  std::string contact;  // the registered contact URI
  std::string extension;
  bool on_call = false;  // bridged to a caller right now
};
using PhoneLookup = std::function<std::optional<AgentPhone>(const std::string& agent_id)>;

class Dialler {
 public:
  Dialler(const TelephonyConfig& config, sip::SipStack& sip, boost::asio::io_context& context,
          media::MediaEngine& media, CallRouting& routing, const Clock& clock,
          metrics::Registry& metrics, PhoneLookup phones);
  Dialler(const Dialler&) = delete;
  Dialler& operator=(const Dialler&) = delete;

  // Any thread. `done` runs on the call thread once routing has recorded the call (its id), or
  // with why it was refused: kPermissionDenied (not a number the line may dial), kNotFound (no
  // such line), kFailedPrecondition (no registered phone, already dialling, no trunk).
  void dial(ports::DialRequest request, std::function<void(Result<ports::DialStarted>)> done);
  // Any thread. Ends the professional's outgoing call `contact_id`; kNotFound when it is not
  // a live outgoing call of theirs.
  void hangUp(std::string agent_id, std::string contact_id, std::function<void(Status)> done);

  // Whether `line_id` may call `number` for `purpose` (a consultation, a caller handed over
  // outside): kPermissionDenied or kInvalidArgument when not.
  Status mayCall(std::string_view line_id, std::string_view number, DialPurpose purpose) const {
    return policy_.check(line_id, number, purpose);
  }

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

  const TelephonyConfig& config_;
  const dial::Settings settings_;
  const DialPolicy policy_;
  sip::SipStack& sip_;
  boost::asio::io_context& context_;
  media::MediaEngine& media_;
  CallRouting& routing_;
  const Clock& clock_;
  const PhoneLookup phones_;
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
