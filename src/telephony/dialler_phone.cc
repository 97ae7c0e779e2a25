// The dialler's shell for the calls a desk phone dials itself to a number outside (dial_flow.h,
// from_phone): the phone's INVITE is the professional's leg, answered once the number answers,
// and the party it reached can be handed to another of the phone's calls by its attended
// transfer (Switchboard's REFER with Replaces) — as an outgoing call of Luukku's can take the
// party of another of the phone's calls.
#include <spdlog/spdlog.h>

#include "telephony/dialler.h"
#include "telephony/dialler_call.h"

namespace luukku::telephony {

void Dialler::dialFromPhone(PhoneDial d) {
  std::optional<LineInfo> line = routing_.line(d.line_id);
  auto refuse = [&](const Status& st, int sip_status) {
    refused_total_.add();
    // Not the message: a refusal by the dial policy names the citizen's number.
    spdlog::info("call dialled by phone {} (agent {}) on line {} refused ({})", d.extension,
                 d.agent_id, d.line_id, errorCodeName(st.code()));
    sip_.reject(d.leg, sip_status);
  };
  Status st = Status::ok();
  if (stopping_) {
    st = {ErrorCode::kUnavailable, "the switchboard is stopping"};
  } else if (!line) {
    st = {ErrorCode::kUnavailable, "the phone's line '" + d.line_id + "' does not exist"};
  } else if (Status allowed = policy_.check(d.line_id, d.number, DialPurpose::kClickToCall);
             !allowed) {
    st = allowed;
  } else if (line->number.empty() || !outboundTrunk(config_)) {
    st = {ErrorCode::kUnavailable, "no number to show or no trunk for outgoing calls"};
  }
  if (!st) return refuse(st, dial::refusalStatusOf(st));
  if (by_agent_.count(d.agent_id)) {
    return refuse({ErrorCode::kFailedPrecondition, "already on an outgoing call"}, 486);
  }
  auto offer = usableOffer(d.sdp);
  if (!offer) return refuse(invalidArgument("no G.711 in the offer"), 488);
  auto session = media_.open(context_.get_executor(), {});
  if (!session) return refuse(session.status(), 503);

  auto call = std::make_shared<Call>(context_);
  call->state.agent_id = d.agent_id;
  call->state.line_id = d.line_id;
  call->state.number = d.number;
  call->state.from_phone = true;
  call->line = std::move(*line);
  call->phone.extension = d.extension;
  call->caller_id = call->line.number;
  call->agent_leg = d.leg;
  call->agent_media = *session;
  call->phone_answer_sdp =
      answerSdp(media_.options(), *call->agent_media, *offer, d.leg + 4'000'000);
  calls_.insert(call);
  by_leg_[d.leg] = call;
  by_agent_[d.agent_id] = call;
  inbox_.holding([&] {
    for (auto& a : dial::start(call->state, settings_, clock_.now())) perform(call, a);
  });
}

std::optional<HandedParty> Dialler::handOver(sip::LegId phone_leg, const std::string& agent_id,
                                             const std::function<void()>& handing) {
  auto it = by_leg_.find(phone_leg);
  if (it == by_leg_.end()) return std::nullopt;
  CallPtr call = it->second;
  Call& c = *call;
  const dial::DialState& s = c.state;
  bool alone = s.phase == dial::Phase::kTalking && talk::withCustomerAlone(s.talk);
  if (!s.from_phone || c.agent_leg != phone_leg || s.agent_id != agent_id || !alone ||
      !c.remote_leg || !c.remote_media) {
    return std::nullopt;
  }
  handing();
  HandedParty party{c.remote_leg, c.remote_media, {talk::Target::Kind::kNumber, s.number}};
  by_leg_.erase(c.remote_leg);
  c.remote_leg = 0;
  c.remote_media.reset();
  feed(call, dial::HandedOver{});
  return party;
}

std::optional<std::string> Dialler::aloneOn(sip::LegId agent_leg) const {
  auto it = by_leg_.find(agent_leg);
  if (it == by_leg_.end() || it->second->agent_leg != agent_leg) return std::nullopt;
  const dial::DialState& s = it->second->state;
  if (s.phase != dial::Phase::kTalking || !talk::withCustomerAlone(s.talk)) return std::nullopt;
  return s.agent_id;
}

void Dialler::takeOver(sip::LegId agent_leg, HandedParty party) {
  CallPtr call = by_leg_.at(agent_leg);
  Call& c = *call;
  c.other_leg = party.leg;
  c.other_media = std::move(party.media);
  by_leg_[c.other_leg] = call;
  // A colleague's phone stays taken, now by this call (otherLegGone frees it).
  if (party.target.kind != talk::Target::Kind::kNumber) c.engaged = party.target;
  c.request_done = [id = c.state.contact_id](Status st) {
    if (!st) spdlog::warn("call {}: the phone's transfer was not taken: {}", id, st.message());
  };
  feed(call, dial::Talk{talk::HandOverTo{std::move(party.target), "phone"}});
}

}  // namespace luukku::telephony
