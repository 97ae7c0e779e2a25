// What the shells around the call flows share (the switchboard's for incoming calls,
// switchboard.h, and the dialler's for outgoing ones, dialler.h): the inbox that feeds a flow
// its inputs one at a time, and SIP's view of a leg read into the flows' and media's terms.
//
// Thread-safety: an inbox belongs to one thread (the call thread); the functions are pure
// apart from the session they change.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "telephony/call_flow.h"
#include "telephony/media/media_engine.h"
#include "telephony/sdp.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

flow::LegEnd legEndOf(sip::LegEnd how);

// The answered party of a desk phone's own call (a colleague's phone, or a number outside),
// handed to another call by the phone's attended transfer (REFER with Replaces): its leg and
// media session, now the taker's, and whom it is.
struct HandedParty {
  sip::LegId leg = 0;
  media::MediaSessionPtr media;
  talk::Target target;
};

// Points `session` at the remote an SDP offer or answer names (port 0 while it holds); false,
// leaving the session as it was, when the SDP is unusable.
bool setRemoteFromSdp(media::MediaSession& session, const std::string& sdp);

// An offer Luukku can answer: its audio stream and the codec to answer with (the first of
// PCMA/PCMU it offers). None when the SDP is unusable or offers neither.
struct UsableOffer {
  AudioOffer audio;
  media::Codec codec = media::Codec::kPcma;
};
std::optional<UsableOffer> usableOffer(const std::string& sdp);

// Points `session` at the offer's sender (port 0 while it holds) and returns Luukku's answer:
// the offer's codec and telephone events, on the session's port.
std::string answerSdp(const media::MediaOptions& media, media::MediaSession& session,
                      const UsableOffer& offer, std::uint64_t session_id);

// Luukku's offer for a leg it rings: G.711 (A-law first) and telephone events, on `session`'s
// port at the media engine's address.
std::string offerSdp(const media::MediaOptions& media, const media::MediaSession& session,
                     std::uint64_t session_id);

// A call out through the operator's trunk (the one with outbound_address) to `number`,
// showing `caller_id` (a service line's number) in From and P-Asserted-Identity, so the
// operator shows it (and may check it is ours). The SDP is still to be filled in.
sip::OutgoingCall trunkCall(const TelephonyConfig& config, const std::string& number,
                            const std::string& caller_id, const std::string& display);

// Inputs for calls whose state is `Call::state` (with `settled`): `step(call, input)` advances
// the call's flow and performs what it says. An input raised while a step runs (a failure
// reported at once, a routing reply delivered inline) waits its turn, so every call's inputs
// are handled in order, one at a time, never re-entrantly. Inputs of a settled call are dropped.
template <typename Call, typename Input>
class FlowInbox {
 public:
  using CallPtr = std::shared_ptr<Call>;
  using Step = std::function<void(const CallPtr&, Input&)>;

  explicit FlowInbox(Step step) : step_(std::move(step)) {}

  void feed(const CallPtr& call, Input input) {
    queue_.emplace_back(call, std::move(input));
    drain();
  }
  // Runs `start` (a call's first actions) with the inputs it raises held until it returns.
  template <typename Start>
  void holding(Start&& start) {
    bool outer = busy_;
    busy_ = true;
    start();
    busy_ = outer;
    drain();
  }

 private:
  void drain() {
    if (busy_) return;  // the loop below, further up the stack, takes it
    busy_ = true;
    while (!queue_.empty()) {
      auto [call, input] = std::move(queue_.front());
      queue_.pop_front();
      if (!call->state.settled) step_(call, input);
    }
    busy_ = false;
  }

  Step step_;
  std::deque<std::pair<CallPtr, Input>> queue_;
  bool busy_ = false;
};

}  // namespace luukku::telephony
