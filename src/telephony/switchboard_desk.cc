// A desk phone's own calls, in the switchboard's shell: what an extension's INVITE reaches when
// it dials anything but a service line's number — a colleague (colleague_calls.h) or a number
// outside, placed by the dialler for the phone's line (dial_flow.h, from_phone) — and the
// phone's attended transfer (REFER with Replaces), which joins the caller it talks to with the
// party it called itself.
#include <spdlog/spdlog.h>

#include "core/phone_number.h"
#include "telephony/switchboard.h"
#include "telephony/switchboard_call.h"

namespace luukku::telephony {

// Whom the phone dialled: an extension, or an agent's id, with a phone here; else a number
// outside, normalised, through the trunk on behalf of the phone's line. The phone dials as its
// own extension only: its INVITE authenticated as that extension.
void Switchboard::deskDial(sip::IncomingCall in) {
  std::string extension = in.source.substr(std::string_view("phone:").size());
  auto own = agent_of_extension_.find(extension);
  if (own == agent_of_extension_.end()) {
    calls_refused_.add();
    sip_.reject(in.leg, 403);
    return;
  }
  const std::string agent = own->second;
  std::string colleague;
  if (auto it = agent_of_extension_.find(in.dialled); it != agent_of_extension_.end()) {
    colleague = it->second;
  } else if (extension_of_agent_.count(in.dialled)) {
    colleague = in.dialled;
  }
  if (!colleague.empty()) {
    auto phone = phoneOf(colleague);
    // Dialling yourself reaches a phone that is busy: the one dialling.
    int refusal = colleague == agent ? 486 : !phone ? 480 : phone->on_call ? 486 : 0;
    if (refusal) {
      calls_refused_.add();
      sip_.reject(in.leg, refusal);
      return;
    }
    colleague_.start(in, {agent, extension}, {colleague, phone->extension, phone->contact});
    return;
  }
  // Outside is dialled in full (0 or + first): a short number that is no colleague and no
  // line is an extension nobody has, unless it is an emergency number.
  auto number = core::normalizePhoneNumber(in.dialled);
  bool outside = number && (number->starts_with('+') || dialler_.isEmergency(*number));
  if (!outside) {
    calls_refused_.add();
    sip_.reject(in.leg, 404);
    return;
  }
  std::string line;
  for (const auto& p : config_.phones) {
    if (p.phone.extension == extension) line = p.line;
  }
  if (line.empty()) {
    return refuseDeskDial(
        in, agent, line, *number,
        {ErrorCode::kPermissionDenied, "phone " + extension + " has no line to call outside for"});
  }
  if (Status st = dialler_.mayCall(line, *number, DialPurpose::kClickToCall);
      st.code() == ErrorCode::kPermissionDenied) {
    return refuseDeskDial(in, agent, line, *number, st);
  }
  dialler_.dialFromPhone({in.leg, std::move(in.sdp), agent, extension, line, *number});
}

void Switchboard::refuseDeskDial(const sip::IncomingCall& in, const std::string& agent_id,
                                 const std::string& line_id, const std::string& number,
                                 const Status& why) {
  calls_refused_.add();
  // Not the number in the log: it may be a citizen's.
  spdlog::info("call dialled by {} refused: {}", in.source, errorCodeName(why.code()));
  if (audit_) {
    audit_({in.source.substr(std::string_view("phone:").size()), agent_id, line_id, number,
            why.message()});
  }
  sip_.reject(in.leg, 403);
}

// The phone joins the caller it talks to (call A, an incoming call or an outgoing one of the
// dialler's, on its professional's leg) with the party it called itself (call B): the REFER comes
// on one of the two dialogs and its Replaces names the other (RFC 3891; a phone following RFC 5589
// refers A, the caller's, with Replaces naming B). The caller and B's party talk; both of the
// phone's legs are hung up; call A records an attended transfer. A Replaces naming no dialog of
// Luukku's is answered 481 (RFC 3891, 6.1); one naming a dialog that is not the same phone's
// answered call of its own, 403.
void Switchboard::referReplacing(const sip::TransferRequest& r) {
  sip::LegId replaced = r.replaces->leg;
  if (!replaced) {
    spdlog::info("leg {}: REFER with Replaces of an unknown dialog", r.leg);
    sip_.referResult(r.leg, 481);
    return;
  }
  // Which of the two legs is the professional's leg of the call with the caller (an incoming
  // call here, or an outgoing one of the dialler's), and which the phone's own call's: either
  // way round, the first that fits.
  CallPtr call;
  sip::LegId agent_leg = 0;
  std::optional<HandedParty> party;
  auto told = [this, leg = r.leg] { sip_.referResult(leg, 200); };
  for (auto [mine, own] : {std::pair{r.leg, replaced}, std::pair{replaced, r.leg}}) {
    std::string agent;
    call = nullptr;
    if (auto it = by_leg_.find(mine); it != by_leg_.end() && it->second->agent_leg == mine) {
      const flow::CallState& s = it->second->state;
      bool alone = s.phase == flow::Phase::kBridged && talk::withCustomerAlone(s.talk) &&
                   !s.transferring && !it->second->transfer_done;
      if (alone) {
        call = it->second;
        agent = s.bridged_agent;
      }
    } else if (auto on = dialler_.aloneOn(mine)) {
      agent = std::move(*on);
    }
    if (agent.empty() || own == mine) continue;
    // (Told before either leg goes: the REFER may have come on the phone's own call.)
    party = dialler_.handOver(own, agent, told);
    if (!party) party = colleague_.handOver(own, agent, told);
    if (party) {
      agent_leg = mine;
      break;
    }
  }
  if (!party) {
    spdlog::info("leg {}: REFER with Replaces refused: not the same phone's two calls", r.leg);
    sip_.referResult(r.leg, 403);
    return;
  }
  if (!call) return dialler_.takeOver(agent_leg, std::move(*party));
  Call& c = *call;
  c.other_leg = party->leg;
  c.other_media = std::move(party->media);
  by_leg_[c.other_leg] = call;
  // A colleague's phone stays taken, now by this call (otherLegGone frees it).
  if (party->target.kind != talk::Target::Kind::kNumber) c.engaged = party->target;
  c.request_done = [leg = r.leg](Status st) {
    if (!st) spdlog::warn("leg {}: the attended transfer was not taken: {}", leg, st.message());
  };
  feed(call, flow::HandOverTo{std::move(party->target), "phone"});
}

}  // namespace luukku::telephony
