// The professional's controls of an answered call, in the switchboard's shell: the API's hold,
// transfer, consultation and its controls, a desk phone's REFER, and the talk's actions on
// media and the third party's leg (talk_flow.h says what they mean; this file only how).
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "core/phone_number.h"
#include "telephony/switchboard.h"
#include "telephony/switchboard_call.h"

namespace luukku::telephony {
namespace asio = boost::asio;

namespace {

CallAction actionOf(ports::CallControl what) {
  switch (what) {
    case ports::CallControl::kSwap:
      return CallAction::kSwap;
    case ports::CallControl::kCancelConsult:
      return CallAction::kCancelConsult;
    case ports::CallControl::kCompleteTransfer:
      return CallAction::kCompleteTransfer;
    case ports::CallControl::kConference:
      return CallAction::kConference;
  }
  return CallAction::kSwap;
}

}  // namespace

void Switchboard::request(const std::string& agent_id, const std::string& contact_id,
                          talk::Input input, std::function<void(Status)> done,
                          const ActionTimingPtr& timing) {
  ActingNow::Scope acting(acting_, timing);
  CallPtr call = talkingCall(agent_id, contact_id);
  if (!call) return dialler_.request(agent_id, contact_id, std::move(input), std::move(done));
  // Requests only: the legs' news (AgentGone, CustomerGone) is the call flow's own input.
  auto as_flow = std::visit(
      [](auto& in) -> std::optional<flow::Input> {
        if constexpr (std::is_constructible_v<flow::Input, decltype(in)>) {
          return flow::Input(std::move(in));
        } else {
          return std::nullopt;
        }
      },
      input);
  if (!as_flow) return done(invalidArgument("not a request to a call"));
  call->request_done = std::move(done);
  feed(call, std::move(*as_flow));
  // (Every request is answered as it is fed; this is only a guard against a lost answer.)
  if (auto left = std::exchange(call->request_done, nullptr))
    left(conflict("call '" + contact_id + "' did not take the request"));
}

std::optional<Switchboard::Talking> Switchboard::talkingOn(const std::string& agent_id,
                                                           const std::string& contact_id) const {
  if (CallPtr call = talkingCall(agent_id, contact_id))
    return Talking{call->state.line.line_id, &call->state.talk, false};
  if (auto out = dialler_.talking(agent_id, contact_id))
    return Talking{out->line_id, out->talk, true};
  return std::nullopt;
}

void Switchboard::hangUp(std::string agent_id, std::string contact_id,
                         std::function<void(Status)> done, ports::RequestedAt requested_at) {
  auto timing = action_timings_.start(CallAction::kHangUp, requested_at);
  done = action_timings_.answering(timing, std::move(done));
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        done = std::move(done), timing = std::move(timing)] {
    ActingNow::Scope acting(acting_, timing);
    CallPtr call = talkingCall(agent_id, contact_id);
    if (!call) return dialler_.endCall(agent_id, contact_id, done);
    // As if the phone had hung up: the flow then drops what the professional's leg had.
    if (call->agent_leg) {
      by_leg_.erase(call->agent_leg);
      sip_.hangUp(call->agent_leg, acting_.sentHook());
      call->agent_leg = 0;
    }
    feed(call, flow::AgentLegEnded{LegEnd::kRemoteHangUp, 0});
    done(Status::ok());
  });
}

void Switchboard::hold(std::string agent_id, std::string contact_id, bool hold,
                       std::function<void(Status)> done, ports::RequestedAt requested_at) {
  auto timing = action_timings_.start(hold ? CallAction::kHold : CallAction::kResume, requested_at);
  done = action_timings_.answering(timing, std::move(done));
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        hold, done = std::move(done), timing = std::move(timing)]() mutable {
    talk::Input input = hold ? talk::Input(talk::Hold{"api"}) : talk::Input(talk::Resume{"api"});
    request(agent_id, contact_id, std::move(input), std::move(done), timing);
  });
}

void Switchboard::transfer(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                           std::function<void(Status)> done, ports::RequestedAt requested_at) {
  bool to_line = to.kind == ports::TransferTarget::Kind::kLine;
  auto timing = action_timings_.start(to_line ? CallAction::kTransferToLine : CallAction::kTransfer,
                                      requested_at);
  done = action_timings_.answering(timing, std::move(done));
  asio::post(
      context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                 to = std::move(to), done = std::move(done), timing = std::move(timing)]() mutable {
        auto on = talkingOn(agent_id, contact_id);
        if (!on) return done(notTalking(agent_id, contact_id));
        if (to.kind != ports::TransferTarget::Kind::kLine) {
          auto party = partyOf(on->line_id, agent_id, to, DialPurpose::kExternalTransfer);
          if (!party) return done(party.status());
          return request(agent_id, contact_id, talk::BlindTransfer{std::move(*party), "api"},
                         std::move(done), timing);
        }
        if (on->outgoing) {
          return done({ErrorCode::kFailedPrecondition,
                       "call '" + contact_id +
                           "' is an outgoing call: only a caller can be put back in a queue"});
        }
        CallPtr call = talkingCall(agent_id, contact_id);
        // Checked here, not left to routing: an unknown line is the request's fault.
        if (!routing_.line(to.to)) {
          return done(notFound("service line '" + to.to + "' does not exist or is retired"));
        }
        if (call->transfer_done) {
          return done(conflict("call '" + contact_id + "' is being transferred"));
        }
        call->transfer_done = std::move(done);
        call->transfer_timing = std::move(timing);
        feed(call, flow::TransferToLine{std::move(to.to), "api"});
      });
}

void Switchboard::consult(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                          std::function<void(Status)> done, ports::RequestedAt requested_at) {
  auto timing = action_timings_.start(CallAction::kConsult, requested_at);
  done = action_timings_.answering(timing, std::move(done));
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        to = std::move(to), done = std::move(done),
                        timing = std::move(timing)]() mutable {
    auto on = talkingOn(agent_id, contact_id);
    if (!on) return done(notTalking(agent_id, contact_id));
    if (to.kind == ports::TransferTarget::Kind::kLine) {
      if (!routing_.line(to.to)) {
        return done(notFound("service line '" + to.to + "' does not exist or is retired"));
      }
      routing_.availableAgents(
          to.to, [this, agent_id, contact_id, line_id = to.to, done = std::move(done),
                  timing = std::move(timing)](std::vector<std::string> free) mutable {
            consultOneOf(agent_id, contact_id, line_id, free, std::move(done), timing);
          });
      return;
    }
    auto party = partyOf(on->line_id, agent_id, to, DialPurpose::kConsult);
    if (!party) return done(party.status());
    request(agent_id, contact_id, talk::Consult{std::move(*party), "api"}, std::move(done), timing);
  });
}

// A service line is consulted through whichever of its professionals is free right now, the
// longest idle first: their phone rings as a colleague's would. Nobody is queued for it; when
// nobody is free the professional hears so at once and can try again or transfer the caller to
// the line's queue instead.
void Switchboard::consultOneOf(const std::string& agent_id, const std::string& contact_id,
                               const std::string& line_id, const std::vector<std::string>& free,
                               std::function<void(Status)> done, const ActionTimingPtr& timing) {
  auto on = talkingOn(agent_id, contact_id);
  if (!on) return done(notTalking(agent_id, contact_id));
  for (const auto& colleague : free) {
    auto phone = phoneOf(colleague);
    if (colleague == agent_id || !phone || phone->on_call) continue;
    auto party = partyOf(on->line_id, agent_id, {ports::TransferTarget::Kind::kAgent, colleague},
                         DialPurpose::kConsult);
    if (!party) continue;
    return request(agent_id, contact_id, talk::Consult{std::move(*party), "api"}, std::move(done),
                   timing);
  }
  done(conflict("nobody on service line '" + line_id + "' is free to consult right now"));
}

void Switchboard::control(std::string agent_id, std::string contact_id, ports::CallControl what,
                          std::function<void(Status)> done, ports::RequestedAt requested_at) {
  auto timing = action_timings_.start(actionOf(what), requested_at);
  done = action_timings_.answering(timing, std::move(done));
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        what, done = std::move(done), timing = std::move(timing)]() mutable {
    talk::Input input = talk::Swap{"api"};
    switch (what) {
      case ports::CallControl::kSwap:
        break;
      case ports::CallControl::kCancelConsult:
        input = talk::CancelConsult{"api"};
        break;
      case ports::CallControl::kCompleteTransfer: {
        // Handing the caller over to a consulted number is an external transfer: the line
        // must allow that as well as the consultation.
        auto on = talkingOn(agent_id, contact_id);
        const auto& other = on ? on->talk->other : std::nullopt;
        if (other && other->kind == talk::Target::Kind::kNumber) {
          if (Status st = dialler_.mayCall(on->line_id, other->id, DialPurpose::kExternalTransfer);
              !st)
            return done(st);
        }
        input = talk::CompleteTransfer{"api"};
        break;
      }
      case ports::CallControl::kConference:
        input = talk::Conference{"api"};
        break;
    }
    request(agent_id, contact_id, std::move(input), std::move(done), timing);
  });
}

Result<talk::Target> Switchboard::partyOf(const std::string& line_id, const std::string& own_agent,
                                          const ports::TransferTarget& to,
                                          DialPurpose purpose) const {
  switch (to.kind) {
    case ports::TransferTarget::Kind::kLine:
      return invalidArgument("a service line is not a party to call");
    case ports::TransferTarget::Kind::kNumber:
      RETURN_IF_ERROR(dialler_.mayCall(line_id, to.to, purpose));
      if (!outboundTrunk(config_)) {
        return Status{ErrorCode::kFailedPrecondition,
                      "no trunk for outgoing calls is configured (outbound_address in [[trunks]])"};
      }
      return talk::Target{talk::Target::Kind::kNumber, to.to};
    case ports::TransferTarget::Kind::kAgent:
    case ports::TransferTarget::Kind::kExtension: {
      bool by_agent = to.kind == ports::TransferTarget::Kind::kAgent;
      std::string agent = to.to;
      if (!by_agent) {
        auto it = agent_of_extension_.find(to.to);
        if (it == agent_of_extension_.end())
          return notFound("extension '" + to.to + "' is not a phone of this switchboard");
        agent = it->second;
      } else if (!extension_of_agent_.count(agent)) {
        return notFound("agent '" + agent + "' has no phone on this switchboard");
      }
      if (agent == own_agent)
        return invalidArgument("a professional cannot call themselves on their own call");
      if (!phone_of_agent_.count(agent)) {
        return Status{ErrorCode::kFailedPrecondition,
                      "the phone of agent '" + agent + "' is not registered"};
      }
      return talk::Target{by_agent ? talk::Target::Kind::kAgent : talk::Target::Kind::kExtension,
                          to.to};
    }
  }
  return invalidArgument("unknown kind of target");
}

Status Switchboard::notTalking(const std::string& agent_id, const std::string& contact_id) {
  return notFound("call '" + contact_id + "' is not a live call of agent '" + agent_id + "'");
}

Switchboard::CallPtr Switchboard::talkingCall(const std::string& agent_id,
                                              const std::string& contact_id) const {
  auto it = by_contact_.find(contact_id);
  if (it == by_contact_.end()) return nullptr;
  const flow::CallState& s = it->second->state;
  if (s.phase != flow::Phase::kBridged || s.bridged_agent != agent_id ||
      !talk::professionalOnCall(s.talk)) {
    return nullptr;
  }
  return it->second;
}

namespace {

// The NOTIFY status that tells a phone how its transfer went.
int referStatus(const Status& st) {
  if (st) return 200;
  switch (st.code()) {
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 491;
    default:
      return 503;
  }
}

}  // namespace

// A phone's REFER on the agent's leg (a blind transfer; with Replaces, an attended one:
// switchboard_desk.cc): Refer-To names a service line's number
// (back into that line's queue), a phone's extension, or a number outside. The phone hears how
// it went in a NOTIFY: 200 once the line has the caller or the party's phone rings.
void Switchboard::refer(const sip::TransferRequest& r) {
  if (r.replaces) return referReplacing(r);
  auto it = by_leg_.find(r.leg);
  CallPtr call = it == by_leg_.end() ? nullptr : it->second;
  if (!call || call->agent_leg != r.leg) {
    // Never the target in the log: it may be a citizen's number.
    spdlog::info("leg {}: REFER refused: not a blind transfer of a call being talked on", r.leg);
    sip_.referResult(r.leg, 403);
    return;
  }
  if (auto line = routing_.lineForNumber(r.target)) {
    if (call->transfer_done) {
      sip_.referResult(r.leg, 491);
      return;
    }
    sip::LegId leg = r.leg;
    call->transfer_done = [this, leg](Status st) {
      if (!st) spdlog::info("leg {}: transfer refused: {}", leg, st.message());
      sip_.referResult(leg, referStatus(st));
    };
    feed(call, flow::TransferToLine{line->line_id, "phone"});
    return;
  }
  ports::TransferTarget to{ports::TransferTarget::Kind::kExtension, r.target};
  if (!agent_of_extension_.count(r.target)) {
    auto number = core::normalizePhoneNumber(r.target);
    to = {ports::TransferTarget::Kind::kNumber, number ? *number : std::string()};
  }
  sip::LegId leg = r.leg;
  auto answer = [this, leg](Status st) {
    // Never the target in the log: it may be a citizen's number.
    if (!st) spdlog::info("leg {}: REFER refused ({})", leg, errorCodeName(st.code()));
    sip_.referResult(leg, referStatus(st));
  };
  auto party = to.to.empty() ? Result<talk::Target>(invalidArgument("not a number"))
                             : partyOf(call->state.line.line_id, call->state.bridged_agent, to,
                                       DialPurpose::kExternalTransfer);
  if (!party) return answer(party.status());
  call->request_done = std::move(answer);
  feed(call, flow::BlindTransfer{std::move(*party), "phone"});
  if (auto left = std::exchange(call->request_done, nullptr)) left(conflict("not taken"));
}

// ---- the talk: consultations, conferences, transfers --------------------------------------------

void Switchboard::performTalk(const CallPtr& call, talk::Action& action) {
  Call& c = *call;
  std::visit(
      [&](auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, talk::Connect> || std::is_same_v<A, talk::Music> ||
                      std::is_same_v<A, talk::Mix>) {
          performTalkMedia(c.talkMedia(), action, media_,
                           prompts_.musicOnHold(c.state.line.line_id));
        } else if constexpr (std::is_same_v<A, talk::RingOther>) {
          ringOther(call, a.to);
        } else if constexpr (std::is_same_v<A, talk::DropOther>) {
          dropOtherLeg(c);
        } else if constexpr (std::is_same_v<A, talk::ArmTimer>) {
          arm(c.talk_timer, call, a.after, talk::TimerFired{a.timer_id});
        } else if constexpr (std::is_same_v<A, talk::CancelTimer>) {
          c.talk_timer.cancel();
        } else if constexpr (std::is_same_v<A, talk::Reply>) {
          if (auto done = std::exchange(c.request_done, nullptr)) done(a.status);
        } else {
          // Record, DropAgent, AgentDone, BackToQueue and End are the call flow's own.
          static_assert(std::is_same_v<A, talk::Record> || std::is_same_v<A, talk::DropAgent> ||
                        std::is_same_v<A, talk::AgentDone> ||
                        std::is_same_v<A, talk::BackToQueue> || std::is_same_v<A, talk::End>);
        }
      },
      action);
}

// How the party a consultation or transfer calls is rung: an agent's or extension's registered
// phone (showing the professional's extension), or a number through the operator's trunk
// (showing the service line's number, as the dialler does).
Result<sip::OutgoingCall> Switchboard::callTo(const talk::Target& to, const LineInfo& line,
                                              const std::string& own_agent) const {
  if (to.kind == talk::Target::Kind::kNumber) {
    return trunkCall(config_, to.id, line.number, line.name.fi);
  }
  sip::OutgoingCall out;
  out.from_display = line.name.fi;
  std::string agent = to.id;
  if (to.kind == talk::Target::Kind::kExtension) {
    auto it = agent_of_extension_.find(to.id);
    if (it != agent_of_extension_.end()) agent = it->second;
  }
  auto phone = phone_of_agent_.find(agent);
  auto extension = extension_of_agent_.find(agent);
  if (phone == phone_of_agent_.end() || extension == extension_of_agent_.end()) {
    return Status{ErrorCode::kFailedPrecondition, "no phone registered"};
  }
  out.target = phone->second;
  out.to_user = extension->second;
  auto own = extension_of_agent_.find(own_agent);
  out.from_user = own == extension_of_agent_.end() ? "anonymous" : own->second;
  return out;
}

void Switchboard::ringOther(const CallPtr& call, const talk::Target& to) {
  Call& c = *call;
  auto out = callTo(to, c.state.line, c.state.bridged_agent);
  auto session =
      out ? media_.open(context_.get_executor(), {}) : Result<media::MediaSessionPtr>(out.status());
  if (!session) {
    feed(call, flow::OtherLegEnded{LegEnd::kFailed, 503});
    return;
  }
  c.other_media = *session;
  out->sdp = offerSdp(media_.options(), *c.other_media, c.caller_leg + 3'000'000);
  c.other_leg = sip_.invite(std::move(*out), acting_.sentHook());
  if (!c.other_leg) {
    dropOtherLeg(c);
    feed(call, flow::OtherLegEnded{LegEnd::kFailed, 503});
    return;
  }
  by_leg_[c.other_leg] = call;
  c.engaged = to;
  engage(to, true);
}

void Switchboard::engage(const talk::Target& to, bool engaged) {
  std::string agent = to.id;
  if (to.kind == talk::Target::Kind::kNumber) return;
  if (to.kind == talk::Target::Kind::kExtension) {
    auto it = agent_of_extension_.find(to.id);
    if (it == agent_of_extension_.end()) return;
    agent = it->second;
  }
  routing_.phoneEngaged(std::move(agent), engaged);
}

void Switchboard::otherLegGone(Call& c) {
  if (auto to = std::exchange(c.engaged, std::nullopt)) engage(*to, false);
}

void Switchboard::dropOtherLeg(Call& c) {
  closeMix(c.mix);
  otherLegGone(c);
  if (c.other_leg) {
    by_leg_.erase(c.other_leg);
    sip_.hangUp(c.other_leg, acting_.sentHook());
    c.other_leg = 0;
  }
  if (c.other_media) {
    c.other_media->close();
    c.other_media.reset();
  }
}

}  // namespace luukku::telephony
