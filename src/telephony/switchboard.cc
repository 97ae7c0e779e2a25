#include "telephony/switchboard.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <filesystem>

#include "core/must_stop.h"
#include "telephony/sdp.h"
#include "telephony/switchboard_call.h"

namespace luukku::telephony {
namespace asio = boost::asio;

namespace {

flow::Settings flowSettings(const TelephonyConfig& config) {
  const QueueConfig& q = config.queue;
  flow::Settings s;
  s.talk.no_answer = std::chrono::seconds(config.dial_times.no_answer_s);
  s.closed_menu = std::chrono::seconds(q.closed_menu_s);
  s.enter_number_pause = std::chrono::seconds(q.enter_number_timeout_s);
  s.announce_interval = std::chrono::seconds(q.announce_interval_s);
  s.record_max_s = q.record_max_s;
  s.record_silence_s = q.record_silence_s;
  return s;
}

const char* recordEndName(media::RecordResult::End end) {
  switch (end) {
    case media::RecordResult::End::kPound:
      return "pound";
    case media::RecordResult::End::kSilence:
      return "silence";
    case media::RecordResult::End::kMaxLength:
      return "max_length";
    case media::RecordResult::End::kStopped:
      return "hang_up";
  }
  return "hang_up";
}

}  // namespace

Switchboard::Switchboard(const TelephonyConfig& config, std::string voice_dir,
                         asio::io_context& context, media::MediaEngine& media,
                         PromptLibrary& prompts, CallRouting& routing, const Clock& clock,
                         metrics::Registry& m, ports::ActionClock action_clock,
                         PhoneDialAudit audit)
    : config_(config),
      settings_(flowSettings(config)),
      voice_dir_(std::move(voice_dir)),
      context_(context),
      media_(media),
      prompts_(prompts),
      routing_(routing),
      clock_(clock),
      action_timings_(m, action_clock),
      acting_(action_clock),
      audit_(std::move(audit)),
      sip_(config_.sip, *this, clock, m),
      dialler_(config_, sip_, context, media, prompts, routing, clock, m,
               {[this](const std::string& agent_id) { return phoneOf(agent_id); },
                [this](const talk::Target& to, const LineInfo& line, const std::string& agent) {
                  return callTo(to, line, agent);
                },
                [this](const talk::Target& to, bool engaged) { engage(to, engaged); }},
               acting_),
      colleague_(sip_, context, media, routing,
                 std::chrono::seconds(config.dial_times.no_answer_s)),
      calls_gauge_(m.gauge("luukku_calls_live", "Calls in progress (caller legs)")),
      calls_total_(m.counter("luukku_calls_total", "Calls accepted from trunks and phones")),
      calls_refused_(m.counter("luukku_calls_refused_total",
                               "Calls refused: unknown number, unusable SDP, no media port")),
      calls_answered_(m.counter("luukku_calls_answered_total", "Calls bridged to an agent")),
      callbacks_requested_(
          m.counter("luukku_calls_callback_requested_total", "Callbacks requested by pressing 1")) {
  for (const auto& p : config_.phones) {
    extension_of_agent_[p.phone.agent_id] = p.phone.extension;
    agent_of_extension_[p.phone.extension] = p.phone.agent_id;
  }
  // Once, at start-up, so the call thread never touches the file system for it.
  std::error_code ec;
  std::filesystem::create_directories(voice_dir_, ec);
  if (ec) spdlog::warn("cannot create {} for voice messages: {}", voice_dir_, ec.message());
}

Switchboard::~Switchboard() {
  core::mustStop("the switchboard", [this] { stop(); });
}

Status Switchboard::start() {
  work_.emplace(context_.get_executor());
  routing_.onOffers([this](OfferEvent e) { offer(e); });
  thread_ = std::thread([this] { context_.run(); });
  asio::post(context_, [this] { announceTick(); });
  if (Status st = sip_.start(); !st) {
    stop();
    return st;
  }
  sip_started_ = true;
  return Status::ok();
}

void Switchboard::stop() {
  if (!thread_.joinable()) return;
  asio::post(context_, [this] {
    stopping_ = true;
    announce_timer_.cancel();
    std::vector<CallPtr> calls(calls_.begin(), calls_.end());
    for (const auto& c : calls) feed(c, flow::Shutdown{});
    dialler_.shutdown();
    colleague_.shutdown();
  });
  asio::post(context_, [this] { work_.reset(); });
  thread_.join();
  // SIP after the calls' hang-ups were handed to it.
  if (std::exchange(sip_started_, false)) sip_.stop();
}

// ---- SIP events in --------------------------------------------------------------------------

void Switchboard::onIncomingCall(sip::IncomingCall call) {
  asio::post(context_, [this, call = std::move(call)]() mutable { incoming(std::move(call)); });
}
void Switchboard::onRinging(sip::LegId leg) {
  asio::post(context_, [this, leg] {
    if (!dialler_.ringing(leg)) colleague_.ringing(leg);
  });
}
void Switchboard::onAnswered(sip::LegId leg, std::string sdp) {
  asio::post(context_, [this, leg, sdp = std::move(sdp)] {
    if (dialler_.answered(leg, sdp) || colleague_.answered(leg, sdp)) return;
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) {
      sip_.hangUp(leg);  // the call ended meanwhile
      return;
    }
    CallPtr call = it->second;
    if (leg == call->other_leg) {
      feed(call,
           flow::OtherAnswered{call->other_media && setRemoteFromSdp(*call->other_media, sdp)});
      return;
    }
    if (call->agent_leg != leg) return;
    feed(call, flow::AgentAnswered{call->agent_media && setRemoteFromSdp(*call->agent_media, sdp)});
  });
}
void Switchboard::onRemoteSdp(sip::LegId leg, std::string sdp) {
  asio::post(context_, [this, leg, sdp = std::move(sdp)] {
    if (dialler_.remoteSdp(leg, sdp) || colleague_.remoteSdp(leg, sdp)) return;
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) return;
    CallPtr call = it->second;
    auto& session = leg == call->caller_leg  ? call->caller_media
                    : leg == call->agent_leg ? call->agent_media
                                             : call->other_media;
    if (session) (void)setRemoteFromSdp(*session, sdp);
    // A desk phone's hold key: a re-INVITE with sendonly or inactive holds the caller,
    // sendrecv again resumes.
    if (leg != call->agent_leg) return;
    if (auto offer = parseSdp(sdp)) {
      if (offer->hold) {
        feed(call, flow::Hold{"phone"});
      } else {
        feed(call, flow::Resume{"phone"});
      }
    }
  });
}
void Switchboard::onDtmfInfo(sip::LegId leg, char digit) {
  asio::post(context_, [this, leg, digit] {
    auto it = by_leg_.find(leg);
    if (it != by_leg_.end() && it->second->caller_leg == leg) feed(it->second, flow::Digit{digit});
  });
}
void Switchboard::onLegEnded(sip::LegId leg, sip::LegEnd how, int status) {
  asio::post(context_, [this, leg, how, status] {
    if (dialler_.legEnded(leg, how, status) || colleague_.legEnded(leg, how, status)) return;
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) return;
    CallPtr call = it->second;
    by_leg_.erase(it);
    if (leg == call->caller_leg) {
      call->caller_leg = 0;
      feed(call, flow::CallerLegEnded{legEndOf(how)});
    } else if (leg == call->agent_leg) {
      call->agent_leg = 0;
      feed(call, flow::AgentLegEnded{legEndOf(how), status});
    } else if (leg == call->other_leg) {
      call->other_leg = 0;
      otherLegGone(*call);
      feed(call, flow::OtherLegEnded{legEndOf(how), status});
    }
  });
}
void Switchboard::onRegistration(sip::Registration r) {
  asio::post(context_, [this, r = std::move(r)] { registration(r); });
}
// The switchboard puts nobody on hold yet (it never calls updateSdp): no answer can come.
void Switchboard::onSdpAnswered(sip::LegId, std::string) {}
void Switchboard::onSdpRefused(sip::LegId, int) {}
void Switchboard::onRefer(sip::TransferRequest refer) {
  asio::post(context_, [this, refer = std::move(refer)] { this->refer(refer); });
}

void Switchboard::registration(const sip::Registration& r) {
  bool ready = true;
  for (const auto& p : config_.phones) {
    if (p.phone.extension == r.extension) ready = p.ready_on_register;
  }
  auto known = phone_of_agent_.find(r.agent_id);
  bool changed = r.registered ? known == phone_of_agent_.end() || known->second != r.contact
                              : known != phone_of_agent_.end();
  if (r.registered) {
    phone_of_agent_[r.agent_id] = r.contact;
  } else {
    phone_of_agent_.erase(r.agent_id);
  }
  if (changed) {
    spdlog::info("phone {} of agent {} {}", r.extension, r.agent_id,
                 r.registered ? "registered" : "unregistered");
    routing_.phoneRegistration(r.agent_id, r.registered, ready);
  }
  // A phone that could not be reached registered again (perhaps only a refresh of the same
  // binding, after a restart): its agent is ready again.
  if (unreachable_agents_.erase(r.agent_id) && r.registered)
    routing_.phoneReachable(r.agent_id, true);
}

std::optional<AgentPhone> Switchboard::phoneOf(const std::string& agent_id) const {
  auto contact = phone_of_agent_.find(agent_id);
  auto extension = extension_of_agent_.find(agent_id);
  if (contact == phone_of_agent_.end() || extension == extension_of_agent_.end()) {
    return std::nullopt;
  }
  AgentPhone phone{contact->second, extension->second, false};
  for (const auto& call : calls_) {
    const flow::CallState& s = call->state;
    bool consulted =
        s.talk.other &&
        ((s.talk.other->kind == talk::Target::Kind::kAgent && s.talk.other->id == agent_id) ||
         (s.talk.other->kind == talk::Target::Kind::kExtension &&
          s.talk.other->id == extension->second));
    bool talking = s.bridged_agent == agent_id && talk::professionalOnCall(s.talk);
    if (talking || s.offer_agent == agent_id || consulted) phone.on_call = true;
  }
  if (dialler_.calls(agent_id, extension->second) || colleague_.onCall(agent_id))
    phone.on_call = true;
  return phone;
}

// ---- a new call -----------------------------------------------------------------------------

void Switchboard::incoming(sip::IncomingCall in) {
  if (stopping_) {
    sip_.reject(in.leg, 503);
    return;
  }
  auto line = routing_.lineForNumber(in.dialled);
  if (!line && in.source.starts_with("phone:")) return deskDial(std::move(in));
  if (!line) {
    calls_refused_.add();
    sip_.reject(in.leg, 404);
    return;
  }
  auto offer = usableOffer(in.sdp);
  if (!offer) {
    calls_refused_.add();
    sip_.reject(in.leg, 488);
    return;
  }
  auto call = std::make_shared<Call>(context_);
  std::weak_ptr<Call> weak = call;
  media::MediaEvents events{
      [this, weak](char d) {
        if (auto c = weak.lock()) feed(c, flow::Digit{d});
      },
      [this, weak](std::uint64_t id) {
        if (auto c = weak.lock()) feed(c, flow::Played{id});
      },
      [this, weak](media::RecordResult r) {
        if (auto c = weak.lock())
          feed(c, flow::Recorded{r.seconds, r.heard_voice, recordEndName(r.end)});
      }};
  auto session = media_.open(context_.get_executor(), std::move(events));
  if (!session) {
    calls_refused_.add();
    spdlog::warn("refusing a call: {}", session.status().message());
    sip_.reject(in.leg, 503);
    return;
  }
  call->caller_media = *session;
  sip_.answer(in.leg, 200, answerSdp(media_.options(), *call->caller_media, *offer, in.leg));
  call->caller_leg = in.leg;
  call->source = std::move(in.source);
  call->dialled = std::move(in.dialled);
  call->state.line = std::move(*line);
  call->state.from_number = std::move(in.from_number);
  by_leg_[call->caller_leg] = call;
  calls_.insert(call);
  live_calls_.fetch_add(1);
  calls_gauge_.add(1);
  calls_total_.add();
  inbox_.holding([&] {
    for (auto& a : flow::start(call->state, settings_, clock_.now())) perform(call, a);
  });
}

// ---- the flow -------------------------------------------------------------------------------

void Switchboard::feed(const CallPtr& call, flow::Input input) {
  inbox_.feed(call, std::move(input));
}

void Switchboard::step(const CallPtr& call, flow::Input& input) {
  // A transfer into a line's queue sends its SIP in a later step, once routing has answered.
  ActingNow::Scope acting(acting_, call->transfer_timing);
  for (auto& a : flow::step(call->state, input, settings_, clock_.now())) perform(call, a);
}

template <typename Input>
auto Switchboard::into(const CallPtr& call) {
  return [this, call](auto result) { feed(call, Input{std::move(result)}); };
}

void Switchboard::arm(asio::steady_timer& timer, const CallPtr& call, std::chrono::seconds after,
                      flow::Input fired) {
  timer.expires_after(after);
  timer.async_wait([this, weak = std::weak_ptr<Call>(call),
                    fired = std::move(fired)](boost::system::error_code ec) mutable {
    if (auto locked = weak.lock(); !ec && locked) feed(locked, std::move(fired));
  });
}

void Switchboard::perform(const CallPtr& call, flow::Action& action) {
  Call& c = *call;
  std::visit(
      [&](auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, flow::Play>) {
          play(call, a);
        } else if constexpr (std::is_same_v<A, flow::StopPlaying>) {
          if (c.caller_media) c.caller_media->stopPlaying();
        } else if constexpr (std::is_same_v<A, flow::ArmTimer>) {
          arm(c.timer, call, a.after, flow::TimerFired{a.timer_id});
        } else if constexpr (std::is_same_v<A, flow::CancelTimer>) {
          c.timer.cancel();
        } else if constexpr (std::is_same_v<A, flow::StartCall>) {
          CallStart start;
          start.line_id = c.state.line.line_id;
          start.from_number = c.state.from_number;
          start.arrived = {c.dialled, c.source, c.state.line.language, c.state.from_number.empty()};
          start.language = c.state.line.language_chosen ? c.state.line.language : std::string();
          start.arrive = a.arrive;
          routing_.startCall(std::move(start), [this, call](Result<StartResult> r) {
            if (r) by_contact_[r->contact_id] = call;
            feed(call, flow::Started{std::move(r)});
          });
        } else if constexpr (std::is_same_v<A, flow::Arrive>) {
          CallArrival arrival;
          arrival.contact_id = c.state.contact_id;
          arrival.line_id = c.state.line.line_id;
          arrival.from_number = c.state.from_number;
          arrival.language = c.state.line.language_chosen ? c.state.line.language : std::string();
          arrival.wants_callback = a.wants_callback;
          routing_.arrive(std::move(arrival), into<flow::Arrived>(call));
        } else if constexpr (std::is_same_v<A, flow::Abandon>) {
          routing_.abandon(c.state.contact_id, [this, call](Result<std::string> task) {
            feed(call, flow::TaskReplied{flow::TaskReplied::For::kAbandon, std::move(task)});
          });
        } else if constexpr (std::is_same_v<A, flow::RequestCallback>) {
          routing_.requestCallback(
              c.state.contact_id, std::move(a.number), std::move(a.voice_ref),
              [this, call](Result<std::string> task) {
                if (!task) {
                  spdlog::warn("call {}: callback request failed: {}", call->state.contact_id,
                               task.status().message());
                }
                feed(call,
                     flow::TaskReplied{flow::TaskReplied::For::kRequestCallback, std::move(task)});
              });
        } else if constexpr (std::is_same_v<A, flow::CreateTask>) {
          routing_.createCallbackTask(
              a.line_id.empty() ? c.state.line.line_id : a.line_id, std::move(a.number),
              c.state.line.language, c.state.contact_id, [this, call](Result<std::string> task) {
                feed(call, flow::TaskReplied{flow::TaskReplied::For::kCreateTask, std::move(task)});
              });
        } else if constexpr (std::is_same_v<A, flow::Accept>) {
          routing_.accept(a.agent_id, c.state.contact_id,
                          [this, call, agent = a.agent_id](Status st) {
                            if (!st) {
                              spdlog::info("call {}: agent {} answered but the offer had ended: {}",
                                           call->state.contact_id, agent, st.message());
                            }
                            feed(call, flow::AcceptReplied{std::move(st)});
                          });
        } else if constexpr (std::is_same_v<A, flow::Decline>) {
          routing_.decline(a.agent_id, c.state.contact_id, [](Status) {});
        } else if constexpr (std::is_same_v<A, flow::Complete>) {
          routing_.complete(a.agent_id, c.state.contact_id, [](Status) {});
        } else if constexpr (std::is_same_v<A, flow::ReportUnreachable>) {
          unreachable_agents_.insert(a.agent_id);
          routing_.phoneReachable(a.agent_id, false);
        } else if constexpr (std::is_same_v<A, flow::ReportNoPhone>) {
          if (extension_of_agent_.count(a.agent_id))
            routing_.phoneRegistration(a.agent_id, false, true);
        } else if constexpr (std::is_same_v<A, flow::RecordEvent>) {
          routing_.recordCallEvent(c.state.contact_id, std::move(a.event));
        } else if constexpr (std::is_same_v<A, flow::RingAgent>) {
          ringAgent(call, a.agent_id);
        } else if constexpr (std::is_same_v<A, flow::DropAgentLeg>) {
          dropAgentLeg(c);
        } else if constexpr (std::is_same_v<A, flow::Bridge>) {
          if (c.caller_media && c.agent_media) {
            c.caller_media->stopPlaying();
            c.caller_media->bridge(c.agent_media);
          }
          calls_answered_.add();
        } else if constexpr (std::is_same_v<A, talk::Action>) {
          performTalk(call, a);
        } else if constexpr (std::is_same_v<A, flow::TransferToQueue>) {
          routing_.transferToQueue(a.agent_id, c.state.contact_id, a.line_id, std::move(a.event),
                                   into<flow::TransferReplied>(call));
        } else if constexpr (std::is_same_v<A, flow::TransferDone>) {
          if (auto done = std::exchange(c.transfer_done, nullptr)) done(a.status);
          c.transfer_timing.reset();  // (the step's scope keeps it for the BYE that follows)
        } else if constexpr (std::is_same_v<A, flow::HangUpCaller>) {
          hangUpCaller(c);
        } else if constexpr (std::is_same_v<A, flow::CloseCallerMedia>) {
          if (c.caller_media) {
            c.caller_media->close();
            c.caller_media.reset();
          }
        } else if constexpr (std::is_same_v<A, flow::StartRecording>) {
          if (c.caller_media) {
            c.caller_media->record((std::filesystem::path(voice_dir_) / a.voice_ref).string(),
                                   a.max_s, a.silence_s);
          }
        } else if constexpr (std::is_same_v<A, flow::WriteEmptyMessage>) {
          // Written on the media thread, which writes every message: no file I/O here.
          std::string path = (std::filesystem::path(voice_dir_) / a.voice_ref).string();
          asio::post(media_.context(), [path] { (void)media::writeWav(path, {}); });
        } else if constexpr (std::is_same_v<A, flow::CountCallbackRequest>) {
          callbacks_requested_.add();
        } else if constexpr (std::is_same_v<A, flow::CallEnded>) {
          if (c.live) {
            c.live = false;
            live_calls_.fetch_sub(1);
            calls_gauge_.add(-1);
          }
        } else if constexpr (std::is_same_v<A, flow::CallSettled>) {
          c.timer.cancel();
          c.talk_timer.cancel();
          by_contact_.erase(c.state.contact_id);
          calls_.erase(call);
        }
      },
      action);
}

void Switchboard::play(const CallPtr& call, const flow::Play& p) {
  const flow::CallState& s = call->state;
  const std::string& language = s.line.language;
  PromptLibrary::Clips clips;
  auto append = [&](PromptLibrary::Clips more) {
    clips.insert(clips.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  };
  for (const flow::Say& say : p.says) {
    switch (say.kind) {
      case flow::Say::Kind::kPrompt:
        if (auto a = prompts_.find(language, flow::promptName(say.prompt), s.line.line_id))
          clips.push_back(a);
        break;
      case flow::Say::Kind::kPositionAndWait:
        append(prompts_.positionAndWait(language, say.position, say.wait));
        break;
      case flow::Say::Kind::kOpeningHours:
        append(prompts_.openingHours(language, s.line.hours));
        break;
      case flow::Say::Kind::kDigits:
        append(prompts_.digits(language, say.digits));
        break;
      case flow::Say::Kind::kBeep:
        if (auto beep = prompts_.beep()) clips.push_back(beep);
        break;
      case flow::Say::Kind::kMusicOnHold:
        if (auto m = prompts_.musicOnHold(s.line.line_id)) clips.push_back(m);
        break;
    }
  }
  if (call->caller_media) call->caller_media->play(std::move(clips), p.loop, p.play_id);
}

// ---- offers and the agent's leg ---------------------------------------------------------------

void Switchboard::offer(const OfferEvent& e) {
  auto it = by_contact_.find(e.contact_id);
  if (it == by_contact_.end()) return;  // not a call of ours (a chat, a task)
  if (e.kind == OfferEvent::Kind::kEnded) {
    feed(it->second, flow::OfferEnded{e.agent_id});
  } else {
    feed(it->second, flow::OfferMade{e.agent_id, phone_of_agent_.count(e.agent_id) > 0});
  }
}

void Switchboard::ringAgent(const CallPtr& call, const std::string& agent_id) {
  auto phone = phone_of_agent_.find(agent_id);
  auto session = media_.open(context_.get_executor(), {});
  if (phone == phone_of_agent_.end() || !session) {
    feed(call, flow::RingFailed{});
    return;
  }
  Call& c = *call;
  c.agent_media = *session;
  sip::OutgoingCall out;
  out.target = phone->second;
  out.to_user = extension_of_agent_[agent_id];
  const auto& name = c.state.line.name;
  const auto& language = c.state.line.language;
  out.from_display = language == "sv" && !name.sv.empty()   ? name.sv
                     : language == "en" && !name.en.empty() ? name.en
                                                            : name.fi;
  out.from_user = c.state.from_number.empty() ? "anonymous" : c.state.from_number;
  out.sdp = offerSdp(media_.options(), *c.agent_media, c.caller_leg + 1'000'000);
  c.agent_leg = sip_.invite(std::move(out), acting_.sentHook());
  by_leg_[c.agent_leg] = call;
}

void Switchboard::dropAgentLeg(Call& c) {
  if (c.agent_leg) {
    by_leg_.erase(c.agent_leg);
    sip_.hangUp(c.agent_leg, acting_.sentHook());
    c.agent_leg = 0;
  }
  if (c.agent_media) {
    c.agent_media->close();
    c.agent_media.reset();
  }
}

void Switchboard::hangUpCaller(Call& c) {
  if (c.caller_leg) {
    by_leg_.erase(c.caller_leg);
    sip_.hangUp(c.caller_leg, acting_.sentHook());
    c.caller_leg = 0;
  }
}

// ---- announcements ------------------------------------------------------------------------------

void Switchboard::announceTick() {
  if (stopping_) return;
  Timestamp now = clock_.now();
  std::set<std::string> lines;
  for (const auto& [id, call] : by_contact_) {
    if (flow::announcementDue(call->state, settings_, now)) lines.insert(call->state.line.line_id);
  }
  for (const auto& line : lines) {
    routing_.waiting(line, [this](std::map<std::string, WaitingInfo> waiting) {
      for (auto& [contact, info] : waiting) {
        auto it = by_contact_.find(contact);
        if (it != by_contact_.end()) feed(it->second, flow::Waiting{info});
      }
    });
  }
  announce_timer_.expires_after(std::chrono::seconds(1));
  announce_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) announceTick();
  });
}

}  // namespace luukku::telephony
