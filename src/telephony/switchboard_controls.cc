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

void Switchboard::request(const std::string& agent_id, const std::string& contact_id,
                          flow::Input input, std::function<void(Status)> done) {
  auto found = callOf(agent_id, contact_id);
  if (!found) return done(found.status());
  CallPtr call = *found;
  call->request_done = std::move(done);
  feed(call, std::move(input));
  // (Every request is answered as it is fed; this is only a guard against a lost answer.)
  if (auto left = std::exchange(call->request_done, nullptr))
    left(conflict("call '" + contact_id + "' did not take the request"));
}

void Switchboard::hold(std::string agent_id, std::string contact_id, bool hold,
                       std::function<void(Status)> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        hold, done = std::move(done)]() mutable {
    flow::Input input = hold ? flow::Input(flow::Hold{"api"}) : flow::Input(flow::Resume{"api"});
    request(agent_id, contact_id, std::move(input), std::move(done));
  });
}

void Switchboard::transfer(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                           std::function<void(Status)> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        to = std::move(to), done = std::move(done)]() mutable {
    auto found = callOf(agent_id, contact_id);
    if (!found) return done(found.status());
    CallPtr call = *found;
    if (to.kind != ports::TransferTarget::Kind::kLine) {
      auto party = partyOf(*call, to, DialPurpose::kExternalTransfer);
      if (!party) return done(party.status());
      return request(agent_id, contact_id, flow::BlindTransfer{std::move(*party), "api"},
                     std::move(done));
    }
    // Checked here, not left to routing: an unknown line is the request's fault.
    if (!routing_.line(to.to)) {
      return done(notFound("service line '" + to.to + "' does not exist or is retired"));
    }
    if (call->transfer_done) {
      return done(conflict("call '" + contact_id + "' is being transferred"));
    }
    call->transfer_done = std::move(done);
    feed(call, flow::TransferToLine{std::move(to.to), "api"});
  });
}

void Switchboard::consult(std::string agent_id, std::string contact_id, ports::TransferTarget to,
                          std::function<void(Status)> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        to = std::move(to), done = std::move(done)]() mutable {
    auto found = callOf(agent_id, contact_id);
    if (!found) return done(found.status());
    CallPtr call = *found;
    if (to.kind == ports::TransferTarget::Kind::kLine) {
      return done(invalidArgument(
          "a service line is not a party to consult: consult an agent, an extension or a number, "
          "or transfer the call to the line"));
    }
    auto party = partyOf(*call, to, DialPurpose::kConsult);
    if (!party) return done(party.status());
    request(agent_id, contact_id, flow::Consult{std::move(*party), "api"}, std::move(done));
  });
}

void Switchboard::control(std::string agent_id, std::string contact_id, ports::CallControl what,
                          std::function<void(Status)> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        what, done = std::move(done)]() mutable {
    flow::Input input = flow::Swap{"api"};
    switch (what) {
      case ports::CallControl::kSwap:
        break;
      case ports::CallControl::kCancelConsult:
        input = flow::CancelConsult{"api"};
        break;
      case ports::CallControl::kCompleteTransfer: {
        // Handing the caller over to a consulted number is an external transfer: the line
        // must allow that as well as the consultation.
        CallPtr call = talkingCall(agent_id, contact_id);
        const auto& other = call ? call->state.talk.other : std::nullopt;
        if (other && other->kind == talk::Target::Kind::kNumber) {
          if (Status st = dialler_.mayCall(call->state.line.line_id, other->id,
                                           DialPurpose::kExternalTransfer);
              !st)
            return done(st);
        }
        input = flow::CompleteTransfer{"api"};
        break;
      }
      case ports::CallControl::kConference:
        input = flow::Conference{"api"};
        break;
    }
    request(agent_id, contact_id, std::move(input), std::move(done));
  });
}

Result<talk::Target> Switchboard::partyOf(const Call& call, const ports::TransferTarget& to,
                                          DialPurpose purpose) const {
  switch (to.kind) {
    case ports::TransferTarget::Kind::kLine:
      return invalidArgument("a service line is not a party to call");
    case ports::TransferTarget::Kind::kNumber:
      RETURN_IF_ERROR(dialler_.mayCall(call.state.line.line_id, to.to, purpose));
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
      if (agent == call.state.bridged_agent)
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

Result<Switchboard::CallPtr> Switchboard::callOf(const std::string& agent_id,
                                                 const std::string& contact_id) const {
  if (CallPtr call = talkingCall(agent_id, contact_id)) return call;
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

// A phone's REFER on the agent's leg (a blind transfer): Refer-To names a service line's number
// (back into that line's queue), a phone's extension, or a number outside. The phone hears how
// it went in a NOTIFY: 200 once the line has the caller or the party's phone rings.
void Switchboard::refer(const sip::TransferRequest& r) {
  auto it = by_leg_.find(r.leg);
  CallPtr call = it == by_leg_.end() ? nullptr : it->second;
  if (!call || call->agent_leg != r.leg || r.replaces) {
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
                             : partyOf(*call, to, DialPurpose::kExternalTransfer);
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
        if constexpr (std::is_same_v<A, talk::Connect>) {
          if (c.mix) std::exchange(c.mix, nullptr)->close();
          auto& one = c.media(a.a);
          auto& two = c.media(a.b);
          if (one && two) {
            one->stopPlaying();
            two->stopPlaying();
            one->bridge(two);
          }
        } else if constexpr (std::is_same_v<A, talk::Music>) {
          if (c.mix) std::exchange(c.mix, nullptr)->close();
          if (auto& session = c.media(a.party)) {
            session->separate();
            playMusic(c, session);
          }
        } else if constexpr (std::is_same_v<A, talk::Mix>) {
          c.mix = media_.mix();
          for (auto party : {talk::Party::kCustomer, talk::Party::kAgent, talk::Party::kOther}) {
            if (auto& session = c.media(party)) c.mix->add(session);
          }
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

void Switchboard::playMusic(const Call& c, const media::MediaSessionPtr& session) {
  PromptLibrary::Clips clips;
  if (auto m = prompts_.musicOnHold(c.state.line.line_id)) clips.push_back(m);
  session->play(std::move(clips), true, 0);
}

// Rings the party a consultation or transfer calls: an agent's or extension's registered phone
// (showing the professional's extension), or a number through the operator's trunk (showing
// the service line's number, as the dialler does).
void Switchboard::ringOther(const CallPtr& call, const talk::Target& to) {
  Call& c = *call;
  sip::OutgoingCall out;
  const auto& name = c.state.line.name;
  out.from_display = name.fi;
  if (to.kind == talk::Target::Kind::kNumber) {
    out = trunkCall(config_, to.id, c.state.line.number, name.fi);
  } else {
    std::string agent = to.kind == talk::Target::Kind::kAgent ? to.id : agent_of_extension_[to.id];
    auto phone = phone_of_agent_.find(agent);
    if (phone != phone_of_agent_.end()) out.target = phone->second;
    out.to_user = extension_of_agent_[agent];
    auto own = extension_of_agent_.find(c.state.bridged_agent);
    out.from_user = own == extension_of_agent_.end() ? "anonymous" : own->second;
  }
  auto session = out.target.empty() ? Result<media::MediaSessionPtr>(Status{
                                          ErrorCode::kFailedPrecondition, "no phone registered"})
                                    : media_.open(context_.get_executor(), {});
  if (!session) {
    feed(call, flow::OtherLegEnded{LegEnd::kFailed, 503});
    return;
  }
  c.other_media = *session;
  out.sdp = offerSdp(media_.options(), *c.other_media, c.caller_leg + 3'000'000);
  c.other_leg = sip_.invite(std::move(out));
  if (!c.other_leg) {
    dropOtherLeg(c);
    feed(call, flow::OtherLegEnded{LegEnd::kFailed, 503});
    return;
  }
  by_leg_[c.other_leg] = call;
}

void Switchboard::dropOtherLeg(Call& c) {
  if (c.mix) std::exchange(c.mix, nullptr)->close();
  if (c.other_leg) {
    by_leg_.erase(c.other_leg);
    sip_.hangUp(c.other_leg);
    c.other_leg = 0;
  }
  if (c.other_media) {
    c.other_media->close();
    c.other_media.reset();
  }
}

}  // namespace luukku::telephony
