#include "telephony/dialler.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "telephony/dialler_call.h"
#include "telephony/sdp.h"

namespace luukku::telephony {
namespace asio = boost::asio;

namespace {

dial::Settings dialSettings(const TelephonyConfig& config) {
  dial::Settings s;
  s.agent_ring = std::chrono::seconds(config.dial_times.agent_ring_s);
  s.no_answer = std::chrono::seconds(config.dial_times.no_answer_s);
  s.talk.no_answer = s.no_answer;
  return s;
}

}  // namespace

Dialler::Dialler(const TelephonyConfig& config, sip::SipStack& sip, asio::io_context& context,
                 media::MediaEngine& media, PromptLibrary& prompts, CallRouting& routing,
                 const Clock& clock, metrics::Registry& m, DiallerPhones phones, ActingNow& acting)
    : config_(config),
      settings_(dialSettings(config)),
      policy_(config.dialing),
      sip_(sip),
      context_(context),
      media_(media),
      prompts_(prompts),
      routing_(routing),
      clock_(clock),
      phones_(std::move(phones)),
      acting_(acting),
      dialled_total_(m.counter(
          "luukku_outgoing_calls_total",
          "Outgoing calls recorded (callbacks, click-to-call, desk phones dialling out)")),
      refused_total_(m.counter("luukku_outgoing_calls_refused_total",
                               "Outgoing calls refused before dialling (policy, phone, trunk)")),
      failed_total_(m.counter("luukku_outgoing_calls_failed_total",
                              "Outgoing calls that did not connect (call.dial_failed)")),
      answered_total_(m.counter("luukku_outgoing_calls_answered_total",
                                "Outgoing calls the far end answered")) {}

// ---- requests -------------------------------------------------------------------------------

void Dialler::dial(ports::DialRequest request,
                   std::function<void(Result<ports::DialStarted>)> done) {
  asio::post(context_, [this, request = std::move(request), done = std::move(done)]() mutable {
    start(std::move(request), std::move(done));
  });
}

void Dialler::hangUp(std::string agent_id, std::string contact_id,
                     std::function<void(Status)> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), contact_id = std::move(contact_id),
                        done = std::move(done)] { endCall(agent_id, contact_id, done); });
}

void Dialler::endCall(const std::string& agent_id, const std::string& contact_id,
                      const std::function<void(Status)>& done) {
  auto it = by_agent_.find(agent_id);
  if (it == by_agent_.end() || it->second->state.contact_id != contact_id) {
    done(notFound("call '" + contact_id + "' is not a live call of agent '" + agent_id + "'"));
    return;
  }
  feed(it->second, dial::HangUp{});
  done(Status::ok());
}

std::optional<Dialler::Talking> Dialler::talking(const std::string& agent_id,
                                                 const std::string& contact_id) const {
  auto it = by_agent_.find(agent_id);
  if (it == by_agent_.end()) return std::nullopt;
  const dial::DialState& s = it->second->state;
  if (s.contact_id != contact_id || s.phase != dial::Phase::kTalking ||
      !talk::professionalOnCall(s.talk)) {
    return std::nullopt;
  }
  return Talking{s.line_id, &s.talk};
}

void Dialler::request(const std::string& agent_id, const std::string& contact_id, talk::Input input,
                      std::function<void(Status)> done) {
  if (!talking(agent_id, contact_id)) {
    return done(
        notFound("call '" + contact_id + "' is not a live call of agent '" + agent_id + "'"));
  }
  CallPtr call = by_agent_.at(agent_id);
  call->request_done = std::move(done);
  feed(call, dial::Talk{std::move(input)});
  // (Every request is answered as it is fed; this is only a guard against a lost answer.)
  if (auto left = std::exchange(call->request_done, nullptr))
    left(conflict("call '" + contact_id + "' did not take the request"));
}

bool Dialler::calls(const std::string& agent_id, const std::string& extension) const {
  for (const auto& call : calls_) {
    const auto& other = call->state.talk.other;
    if (other && ((other->kind == talk::Target::Kind::kAgent && other->id == agent_id) ||
                  (other->kind == talk::Target::Kind::kExtension && other->id == extension))) {
      return true;
    }
  }
  return false;
}

Status Dialler::check(const ports::DialRequest& request, const std::optional<LineInfo>& line,
                      const std::optional<AgentPhone>& phone) const {
  if (stopping_) return {ErrorCode::kUnavailable, "the switchboard is stopping"};
  if (!line) return notFound("service line '" + request.line_id + "' does not exist");
  DialPurpose purpose =
      request.task_id.empty() ? DialPurpose::kClickToCall : DialPurpose::kCallback;
  RETURN_IF_ERROR(policy_.check(request.line_id, request.number, purpose));
  if (line->number.empty()) {
    return {ErrorCode::kFailedPrecondition,
            "service line '" + request.line_id + "' has no phone number to show when calling"};
  }
  if (!outboundTrunk(config_)) {
    return {ErrorCode::kFailedPrecondition,
            "no trunk for outgoing calls is configured (outbound_address in [[trunks]])"};
  }
  if (!phone) {
    return {ErrorCode::kFailedPrecondition,
            "agent '" + request.agent_id + "' has no registered phone to call from"};
  }
  if (phone->on_call || by_agent_.count(request.agent_id)) {
    return {ErrorCode::kFailedPrecondition,
            "agent '" + request.agent_id + "' is already on a call"};
  }
  return Status::ok();
}

void Dialler::start(ports::DialRequest request,
                    std::function<void(Result<ports::DialStarted>)> done) {
  std::optional<LineInfo> line = routing_.line(request.line_id);
  std::optional<AgentPhone> phone = phones_.of(request.agent_id);
  if (Status st = check(request, line, phone); !st) {
    refused_total_.add();
    // Not the message: a refusal by the dial policy names the citizen's number.
    spdlog::info("outgoing call by agent {} on line {} refused ({})", request.agent_id,
                 request.line_id, errorCodeName(st.code()));
    done(st);
    return;
  }
  auto call = std::make_shared<Call>(context_);
  call->state.agent_id = request.agent_id;
  call->state.line_id = request.line_id;
  call->state.number = request.number;
  call->state.task_id = request.task_id;
  call->line = std::move(*line);
  call->phone = std::move(*phone);
  call->caller_id = call->line.number;
  call->actor = std::move(request.actor);
  call->started = std::move(done);
  calls_.insert(call);
  by_agent_[call->state.agent_id] = call;
  inbox_.holding([&] {
    for (auto& a : dial::start(call->state, settings_, clock_.now())) perform(call, a);
  });
}

// ---- SIP events of our legs -------------------------------------------------------------------

bool Dialler::ringing(sip::LegId leg) {
  auto it = by_leg_.find(leg);
  if (it == by_leg_.end()) return false;
  if (it->second->remote_leg == leg) feed(it->second, dial::RemoteRinging{});
  return true;
}

bool Dialler::answered(sip::LegId leg, const std::string& sdp) {
  auto it = by_leg_.find(leg);
  if (it == by_leg_.end()) return false;
  CallPtr call = it->second;
  if (leg == call->agent_leg) {
    feed(call, dial::AgentAnswered{call->agent_media && setRemoteFromSdp(*call->agent_media, sdp)});
  } else if (leg == call->remote_leg) {
    feed(call,
         dial::RemoteAnswered{call->remote_media && setRemoteFromSdp(*call->remote_media, sdp)});
  } else if (leg == call->other_leg) {
    feed(call, dial::Talk{talk::OtherAnswered{call->other_media &&
                                              setRemoteFromSdp(*call->other_media, sdp)}});
  }
  return true;
}

bool Dialler::remoteSdp(sip::LegId leg, const std::string& sdp) {
  auto it = by_leg_.find(leg);
  if (it == by_leg_.end()) return false;
  CallPtr call = it->second;
  Call& c = *call;
  auto& session = leg == c.agent_leg    ? c.agent_media
                  : leg == c.remote_leg ? c.remote_media
                                        : c.other_media;
  if (session) (void)setRemoteFromSdp(*session, sdp);
  // A desk phone's hold key: a re-INVITE with sendonly or inactive holds the citizen, sendrecv
  // again resumes (as on an incoming call).
  if (leg == c.agent_leg && c.state.phase == dial::Phase::kTalking) {
    if (auto offer = parseSdp(sdp)) {
      feed(call, offer->hold ? dial::Talk{talk::Hold{"phone"}} : dial::Talk{talk::Resume{"phone"}});
    }
  }
  return true;
}

bool Dialler::legEnded(sip::LegId leg, sip::LegEnd how, int status) {
  auto it = by_leg_.find(leg);
  if (it == by_leg_.end()) return false;
  CallPtr call = it->second;
  by_leg_.erase(it);
  if (leg == call->agent_leg) {
    call->agent_leg = 0;
    feed(call, dial::AgentLegEnded{legEndOf(how), status});
  } else if (leg == call->remote_leg) {
    call->remote_leg = 0;
    feed(call, dial::RemoteLegEnded{legEndOf(how), status});
  } else if (leg == call->other_leg) {
    call->other_leg = 0;
    otherLegGone(*call);
    feed(call, dial::Talk{talk::OtherLegEnded{legEndOf(how), status}});
  }
  return true;
}

void Dialler::shutdown() {
  stopping_ = true;
  std::vector<CallPtr> calls(calls_.begin(), calls_.end());
  for (const auto& c : calls) feed(c, dial::Shutdown{});
}

// ---- the flow ---------------------------------------------------------------------------------

void Dialler::feed(const CallPtr& call, dial::Input input) {
  inbox_.feed(call, std::move(input));
}

void Dialler::step(const CallPtr& call, dial::Input& input) {
  for (auto& a : dial::step(call->state, input, settings_, clock_.now())) perform(call, a);
}

sip::LegId Dialler::invite(Call& c, media::MediaSessionPtr& media, sip::OutgoingCall out) {
  auto session = media_.open(context_.get_executor(), {});
  if (!session) {
    spdlog::warn("outgoing call {}: {}", c.state.contact_id, session.status().message());
    return 0;
  }
  media = *session;
  out.sdp = offerSdp(media_.options(), *media, std::uint64_t{media->localPort()} + 2'000'000);
  return sip_.invite(std::move(out), acting_.sentHook());
}

void Dialler::drop(sip::LegId& leg, media::MediaSessionPtr& media) {
  if (leg) {
    by_leg_.erase(leg);
    sip_.hangUp(leg, acting_.sentHook());
    leg = 0;
  }
  if (media) {
    media->close();
    media.reset();
  }
}

void Dialler::perform(const CallPtr& call, dial::Action& action) {
  Call& c = *call;
  std::visit(
      [&](auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, dial::DialOut>) {
          OutgoingStart start{c.state.agent_id, c.state.line_id, c.state.number,
                              c.state.task_id,  c.caller_id,     c.actor};
          routing_.dialOut(std::move(start), [this, call](Result<OutgoingStarted> r) {
            if (r) {
              dialled_total_.add();
              call->state.number = r->number;
              if (call->started)
                call->started(ports::DialStarted{r->contact_id, r->line_id, r->number});
            } else {
              refused_total_.add();
              if (call->started) call->started(r.status());
            }
            call->started = nullptr;
            feed(call, dial::Started{r ? Result<std::string>(r->contact_id)
                                       : Result<std::string>(r.status())});
          });
        } else if constexpr (std::is_same_v<A, dial::RingAgent>) {
          sip::OutgoingCall out;
          out.target = c.phone.contact;
          out.to_user = c.phone.extension;
          out.from_display = c.line.name.fi;
          out.from_user = c.state.number;  // the phone shows whom it is about to call
          c.agent_leg = invite(c, c.agent_media, std::move(out));
          if (c.agent_leg) {
            by_leg_[c.agent_leg] = call;
          } else {
            feed(call, dial::AgentLegEnded{flow::LegEnd::kFailed, 503});
          }
        } else if constexpr (std::is_same_v<A, dial::DialRemote>) {
          sip::OutgoingCall out = trunkCall(config_, c.state.number, c.caller_id, c.line.name.fi);
          c.remote_leg = invite(c, c.remote_media, std::move(out));
          if (c.remote_leg) {
            by_leg_[c.remote_leg] = call;
          } else {
            feed(call, dial::RemoteLegEnded{flow::LegEnd::kFailed, 503});
          }
        } else if constexpr (std::is_same_v<A, dial::Bridge>) {
          if (c.agent_media && c.remote_media) c.agent_media->bridge(c.remote_media);
          answered_total_.add();
        } else if constexpr (std::is_same_v<A, dial::RingPhone>) {
          sip_.answer(c.agent_leg, 180, {});
        } else if constexpr (std::is_same_v<A, dial::AnswerPhone>) {
          sip_.answer(c.agent_leg, 200, c.phone_answer_sdp);
        } else if constexpr (std::is_same_v<A, dial::RefusePhone>) {
          if (c.agent_leg) {
            by_leg_.erase(c.agent_leg);
            sip_.reject(std::exchange(c.agent_leg, 0), a.status);
          }
          drop(c.agent_leg, c.agent_media);
        } else if constexpr (std::is_same_v<A, dial::DropAgentLeg>) {
          drop(c.agent_leg, c.agent_media);
        } else if constexpr (std::is_same_v<A, dial::DropRemoteLeg>) {
          drop(c.remote_leg, c.remote_media);
        } else if constexpr (std::is_same_v<A, dial::ArmTimer>) {
          c.timer.expires_after(a.after);
          c.timer.async_wait([this, weak = std::weak_ptr<Call>(call),
                              id = a.timer_id](boost::system::error_code ec) {
            if (auto locked = weak.lock(); !ec && locked) feed(locked, dial::TimerFired{id});
          });
        } else if constexpr (std::is_same_v<A, dial::CancelTimer>) {
          c.timer.cancel();
        } else if constexpr (std::is_same_v<A, dial::RecordEvent>) {
          if (std::holds_alternative<core::CallDialFailed>(a.event)) failed_total_.add();
          routing_.recordCallEvent(c.state.contact_id, std::move(a.event));
        } else if constexpr (std::is_same_v<A, dial::RecordAttempt>) {
          routing_.recordAttempt(c.state.agent_id, c.state.task_id, a.outcome,
                                 [id = c.state.contact_id](Status st) {
                                   if (!st) {
                                     spdlog::warn(
                                         "outgoing call {}: the attempt was not "
                                         "recorded: {}",
                                         id, st.message());
                                   }
                                 });
        } else if constexpr (std::is_same_v<A, dial::CompleteContact>) {
          routing_.complete(c.state.agent_id, c.state.contact_id, [](Status) {});
          // The professional is free for their next call (a call handed over goes on).
          auto mine = by_agent_.find(c.state.agent_id);
          if (mine != by_agent_.end() && mine->second == call) by_agent_.erase(mine);
        } else if constexpr (std::is_same_v<A, dial::CallEnded>) {
          drop(c.agent_leg, c.agent_media);
          drop(c.remote_leg, c.remote_media);
          closeMix(c.mix);
          drop(c.other_leg, c.other_media);
          otherLegGone(c);
        } else if constexpr (std::is_same_v<A, talk::Action>) {
          performTalk(call, a);
        } else if constexpr (std::is_same_v<A, dial::CallSettled>) {
          c.timer.cancel();
          c.talk_timer.cancel();
          auto mine = by_agent_.find(c.state.agent_id);
          if (mine != by_agent_.end() && mine->second == call) by_agent_.erase(mine);
          calls_.erase(call);
        }
      },
      action);
}

// ---- the talk: hold, consultations, conferences, handing over -----------------------------

void Dialler::performTalk(const CallPtr& call, talk::Action& action) {
  Call& c = *call;
  if (performTalkMedia(c.talkMedia(), action, media_, prompts_.musicOnHold(c.state.line_id))) {
    return;
  }
  std::visit(
      [&](auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, talk::RingOther>) {
          ringOther(call, a.to);
        } else if constexpr (std::is_same_v<A, talk::DropOther>) {
          closeMix(c.mix);
          drop(c.other_leg, c.other_media);
          otherLegGone(c);
        } else if constexpr (std::is_same_v<A, talk::ArmTimer>) {
          c.talk_timer.expires_after(a.after);
          c.talk_timer.async_wait([this, weak = std::weak_ptr<Call>(call),
                                   id = a.timer_id](boost::system::error_code ec) {
            if (auto locked = weak.lock(); !ec && locked)
              feed(locked, dial::Talk{talk::TimerFired{id}});
          });
        } else if constexpr (std::is_same_v<A, talk::CancelTimer>) {
          c.talk_timer.cancel();
        } else if constexpr (std::is_same_v<A, talk::Reply>) {
          if (auto done = std::exchange(c.request_done, nullptr)) done(a.status);
        }
        // (The dial flow carries out the talk's Record, DropAgent, AgentDone, BackToQueue and
        // End itself: they never reach the shell.)
      },
      action);
}

// Rings the consulted party as the switchboard would for an incoming call.
void Dialler::ringOther(const CallPtr& call, const talk::Target& to) {
  Call& c = *call;
  auto out = phones_.call_party(to, c.line, c.state.agent_id);
  c.other_leg = out ? invite(c, c.other_media, std::move(*out)) : 0;
  if (!c.other_leg) {
    drop(c.other_leg, c.other_media);
    feed(call, dial::Talk{talk::OtherLegEnded{flow::LegEnd::kFailed, 503}});
    return;
  }
  by_leg_[c.other_leg] = call;
  c.engaged = to;
  phones_.engage(to, true);
}

void Dialler::otherLegGone(Call& c) {
  if (auto to = std::exchange(c.engaged, std::nullopt)) phones_.engage(*to, false);
}

}  // namespace luukku::telephony
