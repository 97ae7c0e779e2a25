#include "telephony/colleague_calls.h"

#include <spdlog/spdlog.h>

#include "telephony/dial_flow.h"

namespace luukku::telephony {

ColleagueCalls::ColleagueCalls(sip::SipStack& sip, boost::asio::io_context& context,
                               media::MediaEngine& media, CallRouting& routing,
                               std::chrono::seconds no_answer)
    : sip_(sip), context_(context), media_(media), routing_(routing), no_answer_(no_answer) {}

void ColleagueCalls::start(const sip::IncomingCall& in, Phone caller, Phone callee) {
  auto offer = usableOffer(in.sdp);
  if (!offer) {
    sip_.reject(in.leg, 488);
    return;
  }
  auto call = std::make_shared<Call>(context_);
  auto caller_media = media_.open(context_.get_executor(), {});
  auto callee_media = media_.open(context_.get_executor(), {});
  if (!caller_media || !callee_media) {
    spdlog::warn("phone {} calls {}: no RTP port", caller.extension, callee.extension);
    if (caller_media) (*caller_media)->close();
    if (callee_media) (*callee_media)->close();
    sip_.reject(in.leg, 503);
    return;
  }
  call->caller = std::move(caller);
  call->callee = std::move(callee);
  call->caller_leg = in.leg;
  call->caller_media = *caller_media;
  call->callee_media = *callee_media;
  call->answer_sdp = answerSdp(media_.options(), *call->caller_media, *offer, in.leg + 5'000'000);

  sip::OutgoingCall out;
  out.target = call->callee.contact;
  out.to_user = call->callee.extension;
  out.from_user = call->caller.extension;  // the colleague's phone shows who calls
  out.from_display = in.from_display;
  out.sdp = offerSdp(media_.options(), *call->callee_media, in.leg + 6'000'000);
  call->callee_leg = sip_.invite(std::move(out));
  calls_.insert(call);
  by_leg_[call->caller_leg] = call;
  if (!call->callee_leg) {
    endCall(call, 503);
    return;
  }
  by_leg_[call->callee_leg] = call;
  // Routing offers neither of them a caller while they talk to each other.
  call->caller_engaged = call->callee_engaged = true;
  routing_.phoneEngaged(call->caller.agent_id, true);
  routing_.phoneEngaged(call->callee.agent_id, true);
  call->timer.expires_after(no_answer_);
  call->timer.async_wait([this, weak = std::weak_ptr<Call>(call)](boost::system::error_code ec) {
    auto locked = weak.lock();
    if (!ec && locked && !locked->answered && calls_.count(locked)) endCall(locked, 480);
  });
}

ColleagueCalls::CallPtr ColleagueCalls::find(sip::LegId leg) const {
  auto it = by_leg_.find(leg);
  return it == by_leg_.end() ? nullptr : it->second;
}

bool ColleagueCalls::ringing(sip::LegId leg) {
  CallPtr call = find(leg);
  if (!call) return false;
  if (leg == call->callee_leg && !call->answered) sip_.answer(call->caller_leg, 180, {});
  return true;
}

bool ColleagueCalls::answered(sip::LegId leg, const std::string& sdp) {
  CallPtr call = find(leg);
  if (!call) return false;
  if (leg != call->callee_leg || call->answered) return true;
  if (!setRemoteFromSdp(*call->callee_media, sdp)) {
    endCall(call, 488);
    return true;
  }
  call->answered = true;
  call->timer.cancel();
  sip_.answer(call->caller_leg, 200, call->answer_sdp);
  call->caller_media->bridge(call->callee_media);
  return true;
}

bool ColleagueCalls::remoteSdp(sip::LegId leg, const std::string& sdp) {
  CallPtr call = find(leg);
  if (!call) return false;
  auto& session = leg == call->caller_leg ? call->caller_media : call->callee_media;
  if (session) (void)setRemoteFromSdp(*session, sdp);
  return true;
}

bool ColleagueCalls::legEnded(sip::LegId leg, sip::LegEnd how, int status) {
  CallPtr call = find(leg);
  if (!call) return false;
  by_leg_.erase(leg);
  int refusal = 0;
  if (leg == call->caller_leg) {
    call->caller_leg = 0;
  } else {
    call->callee_leg = 0;
    refusal = dial::phoneRefusalOf(legEndOf(how), status);
  }
  endCall(call, refusal);
  return true;
}

bool ColleagueCalls::onCall(const std::string& agent_id) const {
  for (const auto& call : calls_) {
    if ((call->caller_engaged && call->caller.agent_id == agent_id) ||
        (call->callee_engaged && call->callee.agent_id == agent_id)) {
      return true;
    }
  }
  return false;
}

std::optional<HandedParty> ColleagueCalls::handOver(sip::LegId phone_leg,
                                                    const std::string& agent_id,
                                                    const std::function<void()>& handing) {
  CallPtr call = find(phone_leg);
  if (!call || call->caller_leg != phone_leg || call->caller.agent_id != agent_id ||
      !call->answered || !call->callee_leg) {
    return std::nullopt;
  }
  handing();
  HandedParty party{call->callee_leg,
                    call->callee_media,
                    {talk::Target::Kind::kExtension, call->callee.extension}};
  by_leg_.erase(call->callee_leg);
  call->callee_leg = 0;
  call->callee_media.reset();
  call->callee_engaged = false;  // the taker's to release
  endCall(call, 0);
  return party;
}

void ColleagueCalls::endCall(const CallPtr& call, int status) {
  Call& c = *call;
  c.timer.cancel();
  if (c.caller_leg) {
    by_leg_.erase(c.caller_leg);
    if (!c.answered && status) {
      sip_.reject(c.caller_leg, status);
    } else {
      sip_.hangUp(c.caller_leg);
    }
    c.caller_leg = 0;
  }
  if (c.callee_leg) {
    by_leg_.erase(c.callee_leg);
    sip_.hangUp(c.callee_leg);
    c.callee_leg = 0;
  }
  for (auto* media : {&c.caller_media, &c.callee_media}) {
    if (*media) std::exchange(*media, nullptr)->close();
  }
  if (std::exchange(c.caller_engaged, false)) routing_.phoneEngaged(c.caller.agent_id, false);
  if (std::exchange(c.callee_engaged, false)) routing_.phoneEngaged(c.callee.agent_id, false);
  calls_.erase(call);
}

void ColleagueCalls::shutdown() {
  std::vector<CallPtr> calls(calls_.begin(), calls_.end());
  for (const auto& call : calls) endCall(call, 503);
}

}  // namespace luukku::telephony
