#include "telephony/switchboard.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <filesystem>

#include "core/phone_number.h"
#include "telephony/sdp.h"

namespace luukku::telephony {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* legEndName(sip::LegEnd how) {
  switch (how) {
    case sip::LegEnd::kRemoteHangUp:
      return "hang_up";
    case sip::LegEnd::kLocalHangUp:
      return "luukku";
    case sip::LegEnd::kFailed:
      return "failed";
    case sip::LegEnd::kTimeout:
      return "timeout";
  }
  return "unknown";
}

// Whether an unanswered call to a phone failed for a technical reason — nothing there (no
// route, ICMP unreachable, no answer to SIP), temporarily unavailable, a server error — rather
// than by the agent's choice: busy (486, 600), declined (603) or cancelled (487).
bool phoneUnreachable(sip::LegEnd how, int status) {
  if (how == sip::LegEnd::kTimeout) return true;
  return status != 486 && status != 487 && status != 600 && status != 603;
}

int waitMinutes(const std::optional<std::chrono::seconds>& w) {
  if (!w) return -1;
  if (w->count() < 60) return 0;
  return static_cast<int>((w->count() + 30) / 60);
}

}  // namespace

enum class Phase {
  kArriving,       // waiting for routing's answer
  kClosedMenu,     // closed message played; "1" for a callback
  kRejectedMenu,   // busy or closed and no number: "1" to key one in
  kQueued,         // waiting: music and announcements; an agent's phone may be ringing
  kEnterNumber,    // keying in a callback number
  kConfirmNumber,  // the number read back: 1 yes, 2 again
  kRecording,      // the voice message prompt and recording
  kBridged,        // talking to the agent
  kFarewell,       // a last prompt, then hang up
  kEnded,
};

struct Switchboard::Call {
  std::string contact_id;
  sip::LegId caller_leg = 0;
  media::MediaSessionPtr caller_media;
  LineInfo line;
  std::string from_number;
  std::string source;
  std::string dialled;
  Phase phase = Phase::kArriving;
  Phase menu_return = Phase::kQueued;  // where number entry came from
  bool in_queue = false;               // the contact waits in routing (not yet ended)
  bool caller_gone = false;
  // The offer being rung.
  std::string offer_agent;
  sip::LegId agent_leg = 0;
  media::MediaSessionPtr agent_media;
  bool agent_answered = false;
  bool accepting = false;
  std::string bridged_agent;
  // Announcements.
  std::optional<WaitingInfo> announced;
  Clock::time_point announced_at;
  std::uint64_t play_id = 0;
  std::function<void()> after_play;
  // Menus.
  std::string digits;
  std::string callback_number;
  int menu_retries = 0;
  std::unique_ptr<asio::steady_timer> timer;
  std::string voice_ref;
  std::int64_t events = 0;  // call events recorded so far
  // The end: who and why, once finished; call.ended waits for the routing replies in flight
  // and for the voice message being recorded.
  std::optional<std::pair<std::string, std::string>> end;
  bool end_recorded = false;
  int in_flight = 0;
  bool recording = false;
  bool message_started = false;  // the voice message's recording began
};

template <typename F>
auto Switchboard::tracked(const CallPtr& call, F f) {
  ++call->in_flight;
  return [this, call, f = std::move(f)](auto result) mutable {
    --call->in_flight;
    f(std::move(result));
    settle(call);
  };
}

Switchboard::Switchboard(const TelephonyConfig& config, std::string voice_dir,
                         media::MediaEngine& media, PromptLibrary& prompts, CallRouting& routing,
                         metrics::Registry& m)
    : config_(config),
      voice_dir_(std::move(voice_dir)),
      media_(media),
      prompts_(prompts),
      routing_(routing),
      calls_gauge_(m.gauge("luukku_calls_live", "Calls in progress (caller legs)")),
      calls_total_(m.counter("luukku_calls_total", "Calls accepted from trunks and phones")),
      calls_refused_(m.counter("luukku_calls_refused_total",
                               "Calls refused: unknown number, unusable SDP, no media port")),
      calls_answered_(m.counter("luukku_calls_answered_total", "Calls bridged to an agent")),
      callbacks_requested_(
          m.counter("luukku_calls_callback_requested_total", "Callbacks requested by pressing 1")) {
  for (const auto& p : config_.phones) extension_of_agent_[p.phone.agent_id] = p.phone.extension;
  // Once, at start-up, so the call thread never touches the file system for it.
  std::error_code ec;
  std::filesystem::create_directories(voice_dir_, ec);
  if (ec) spdlog::warn("cannot create {} for voice messages: {}", voice_dir_, ec.message());
}

Switchboard::~Switchboard() {
  stop();
}

void Switchboard::start() {
  work_.emplace(context_.get_executor());
  routing_.onOffers([this](OfferEvent e) { offer(e); });
  thread_ = std::thread([this] { context_.run(); });
  asio::post(context_, [this] { announceTick(); });
}

void Switchboard::stop() {
  if (!thread_.joinable()) return;
  asio::post(context_, [this] {
    stopping_ = true;
    announce_timer_.cancel();
    std::vector<CallPtr> calls;
    for (auto& [id, c] : by_contact_) calls.push_back(c);
    for (auto& [leg, c] : by_leg_) calls.push_back(c);
    for (auto& c : calls) {
      if (c->phase != Phase::kEnded) {
        dropAgentLeg(c);
        hangUpCaller(c);
        finish(c, "luukku", "shutdown");
      }
    }
    // What they still wait for may never come now: their ends are recorded as they are.
    std::vector<CallPtr> ending;
    for (auto& [id, c] : ending_) ending.push_back(c);
    for (auto& c : ending) {
      c->in_flight = 0;
      c->recording = false;
      settle(c);
    }
    work_.reset();
  });
  thread_.join();
}

// ---- SIP events in --------------------------------------------------------------------------

void Switchboard::onIncomingCall(sip::IncomingCall call) {
  asio::post(context_, [this, call = std::move(call)]() mutable { incoming(std::move(call)); });
}
void Switchboard::onRinging(sip::LegId) {}
void Switchboard::onAnswered(sip::LegId leg, std::string sdp) {
  asio::post(context_, [this, leg, sdp = std::move(sdp)] {
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) {
      if (sip_) sip_->hangUp(leg);  // the call ended meanwhile
      return;
    }
    if (it->second->agent_leg == leg) agentAnswered(it->second, sdp);
  });
}
void Switchboard::onRemoteSdp(sip::LegId leg, std::string sdp) {
  asio::post(context_, [this, leg, sdp = std::move(sdp)] {
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) return;
    auto offer = parseSdp(sdp);
    if (!offer) return;
    auto codec = chooseCodec(*offer);
    const CallPtr& call = it->second;
    auto& session = leg == call->caller_leg ? call->caller_media : call->agent_media;
    if (session && codec) {
      session->setRemote(offer->address, offer->hold ? 0 : offer->port, *codec,
                         offer->telephone_event_pt);
    }
  });
}
void Switchboard::onDtmfInfo(sip::LegId leg, char digit) {
  asio::post(context_, [this, leg, digit] {
    auto it = by_leg_.find(leg);
    if (it != by_leg_.end() && it->second->caller_leg == leg) dtmf(it->second, digit);
  });
}
void Switchboard::onLegEnded(sip::LegId leg, sip::LegEnd how, int status) {
  asio::post(context_, [this, leg, how, status] {
    auto it = by_leg_.find(leg);
    if (it == by_leg_.end()) return;
    CallPtr call = it->second;
    by_leg_.erase(it);
    if (leg == call->caller_leg) {
      call->caller_leg = 0;
      callerGone(call, how);
    } else if (leg == call->agent_leg) {
      call->agent_leg = 0;
      agentGone(call, how, status);
    }
  });
}
void Switchboard::onRegistration(sip::Registration r) {
  asio::post(context_, [this, r = std::move(r)] {
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
  });
}

// ---- arrival --------------------------------------------------------------------------------

std::string Switchboard::newContactId() {
  // Unique across restarts: milliseconds since the epoch in base 36, and a counter.
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  auto base36 = [](std::uint64_t v) {
    std::string s;
    do {
      s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36]);
      v /= 36;
    } while (v);
    return s;
  };
  return "p" + base36(static_cast<std::uint64_t>(ms)) + base36(++contact_counter_ % 1296);
}

void Switchboard::incoming(sip::IncomingCall in) {
  if (stopping_ || !sip_) {
    if (sip_) sip_->reject(in.leg, 503);
    return;
  }
  auto line = routing_.lineForNumber(in.dialled);
  if (!line) {
    calls_refused_.add();
    sip_->reject(in.leg, 404);
    return;
  }
  auto offer = parseSdp(in.sdp);
  std::optional<media::Codec> codec;
  if (offer) codec = chooseCodec(*offer);
  if (!offer || !codec) {
    calls_refused_.add();
    sip_->reject(in.leg, 488);
    return;
  }
  auto call = std::make_shared<Call>();
  call->caller_leg = in.leg;
  call->line = *line;
  call->from_number = in.from_number;
  call->source = in.source;
  call->dialled = in.dialled;
  call->contact_id = newContactId();
  call->timer = std::make_unique<asio::steady_timer>(context_);
  std::weak_ptr<Call> weak = call;
  media::MediaEvents events{[this, weak](char d) {
                              if (auto c = weak.lock()) dtmf(c, d);
                            },
                            [this, weak](std::uint64_t id) {
                              if (auto c = weak.lock()) played(c, id);
                            },
                            [this, weak](media::RecordResult r) {
                              if (auto c = weak.lock()) recorded(c, std::move(r));
                            }};
  auto session = media_.open(context_.get_executor(), std::move(events));
  if (!session) {
    calls_refused_.add();
    spdlog::warn("refusing a call: {}", session.status().message());
    sip_->reject(in.leg, 503);
    return;
  }
  call->caller_media = *session;
  call->caller_media->setRemote(offer->address, offer->hold ? 0 : offer->port, *codec,
                                offer->telephone_event_pt);
  SdpParams p;
  p.address = media_.options().address;
  p.port = call->caller_media->localPort();
  p.codecs = {*codec};
  p.telephone_event_pt = offer->telephone_event_pt;
  p.session_id = in.leg;
  sip_->answer(in.leg, 200, buildSdp(p));
  by_leg_[in.leg] = call;
  by_contact_[call->contact_id] = call;
  live_calls_.fetch_add(1);
  calls_gauge_.add(1);
  calls_total_.add();
  event(call, "call.arrived",
        "\"dialled\":" + jsonString(call->dialled) + ",\"source\":" + jsonString(call->source) +
            ",\"language\":" + jsonString(call->line.language) +
            ",\"withheld\":" + (call->from_number.empty() ? "true" : "false"));
  if (!line->open) {
    // Closed: its message and hours, then "1" for a callback.
    call->phase = Phase::kClosedMenu;
    auto clips = say(call, "closed");
    auto hours = prompts_.openingHours(line->language, line->hours);
    clips.insert(clips.end(), hours.begin(), hours.end());
    auto offer_clips = say(call, "callback_offer");
    clips.insert(clips.end(), offer_clips.begin(), offer_clips.end());
    play(call, std::move(clips), false);
    call->after_play = [this, call] {
      armTimer(call, config_.queue.closed_menu_s, [this, call] {
        if (call->phase == Phase::kClosedMenu) arrive(call, false);
      });
    };
    return;
  }
  play(call, say(call, "welcome"), false);
  arrive(call, false);
}

void Switchboard::arrive(const CallPtr& call, bool wants_callback) {
  call->phase = Phase::kArriving;
  CallArrival a;
  a.contact_id = call->contact_id;
  a.line_id = call->line.line_id;
  a.from_number = call->from_number;
  a.language = call->line.language_chosen ? call->line.language : std::string();
  a.wants_callback = wants_callback;
  routing_.arrive(
      a, tracked(call, [this, call](Result<ArrivalResult> r) { onArrived(call, std::move(r)); }));
}

void Switchboard::onArrived(const CallPtr& call, Result<ArrivalResult> r) {
  if (!r) {
    spdlog::warn("call {}: routing refused the arrival: {}", call->contact_id,
                 r.status().message());
    if (call->phase != Phase::kEnded)
      farewell(call, say(call, "cannot_take_call"), "routing_failed");
    return;
  }
  if (r->kind == ArrivalResult::Kind::kDiverted) {
    event(call, "call.callback_task",
          "\"task_id\":" + jsonString(r->task_id) + ",\"reason\":" + jsonString(r->reason));
  }
  if (call->phase == Phase::kEnded) {
    // The caller left while routing decided: what was queued is abandoned (the task it makes
    // is recorded before the call's end).
    if (r->kind == ArrivalResult::Kind::kQueued) {
      routing_.abandon(call->contact_id, tracked(call, [this, call](Result<std::string> task) {
                         recordTask(call, task, "abandoned");
                       }));
    }
    return;
  }
  if (r->kind == ArrivalResult::Kind::kQueued) {
    call->in_queue = true;
    enterQueue(call, *r);
    return;
  }
  if (r->kind == ArrivalResult::Kind::kDiverted) {
    auto clips = say(call, r->reason == "closed" ? "callback_confirmed" : "busy");
    if (r->reason != "closed") {
      auto more = say(call, "callback_registered");
      clips.insert(clips.end(), more.begin(), more.end());
    }
    farewell(call, std::move(clips), "diverted");
    return;
  }
  // Rejected: a withheld number on a busy or closed line may key one in for a callback.
  if (call->from_number.empty()) {
    call->phase = Phase::kRejectedMenu;
    auto clips = say(call, r->reason == "closed" ? "closed" : "busy");
    auto more = say(call, "callback_offer");
    clips.insert(clips.end(), more.begin(), more.end());
    play(call, std::move(clips), false);
    call->after_play = [this, call] {
      armTimer(call, config_.queue.closed_menu_s, [this, call] {
        if (call->phase == Phase::kRejectedMenu) farewell(call, say(call, "goodbye"), "no_choice");
      });
    };
    return;
  }
  farewell(call, say(call, "cannot_take_call"), "rejected");
}

void Switchboard::enterQueue(const CallPtr& call, const ArrivalResult& r) {
  call->phase = Phase::kQueued;
  WaitingInfo info{r.position, r.wait};
  call->announced = info;
  call->announced_at = Clock::now();
  auto clips = say(call, "welcome");
  auto pos = prompts_.positionAndWait(call->line.language, r.position, r.wait);
  clips.insert(clips.end(), pos.begin(), pos.end());
  auto offer = say(call, "callback_offer");
  clips.insert(clips.end(), offer.begin(), offer.end());
  event(call, "call.announced",
        "\"position\":" + std::to_string(r.position) +
            ",\"wait_s\":" + (r.wait ? std::to_string(r.wait->count()) : "null"));
  if (call->agent_answered || call->accepting) return;  // answered already
  play(call, std::move(clips), false);
  call->after_play = [this, call] { startMusic(call); };
}

void Switchboard::startMusic(const CallPtr& call) {
  if (call->phase != Phase::kQueued) return;
  PromptLibrary::Clips moh;
  if (auto m = prompts_.musicOnHold(call->line.line_id)) moh.push_back(m);
  play(call, std::move(moh), true);
}

// ---- playing and digits -----------------------------------------------------------------------

PromptLibrary::Clips Switchboard::say(const CallPtr& call, std::string_view name) const {
  PromptLibrary::Clips out;
  if (auto a = prompts_.find(call->line.language, name, call->line.line_id)) out.push_back(a);
  return out;
}

void Switchboard::play(const CallPtr& call, PromptLibrary::Clips clips, bool loop) {
  call->play_id = next_play_++;
  call->after_play = nullptr;
  if (call->caller_media) call->caller_media->play(std::move(clips), loop, call->play_id);
}

void Switchboard::played(const CallPtr& call, std::uint64_t id) {
  if (id != call->play_id || call->phase == Phase::kEnded) return;
  if (auto next = std::move(call->after_play)) {
    call->after_play = nullptr;
    next();
  }
}

void Switchboard::armTimer(const CallPtr& call, int seconds, std::function<void()> fire) {
  call->timer->expires_after(std::chrono::seconds(seconds));
  call->timer->async_wait(
      [fire = std::move(fire), weak = std::weak_ptr<Call>(call)](boost::system::error_code ec) {
        if (!ec && !weak.expired()) fire();
      });
}

void Switchboard::dtmf(const CallPtr& call, char digit) {
  switch (call->phase) {
    case Phase::kQueued:
      if (digit != '1' || call->accepting || call->agent_answered) return;
      callbacks_requested_.add();
      event(call, "call.dtmf_callback", "\"digit\":\"1\"");
      if (call->from_number.empty()) {
        call->menu_return = Phase::kQueued;
        askNumber(call);
      } else {
        startCallbackInQueue(call, "");
      }
      return;
    case Phase::kClosedMenu:
      if (digit != '1') return;
      call->timer->cancel();
      callbacks_requested_.add();
      if (call->from_number.empty()) {
        call->menu_return = Phase::kClosedMenu;
        askNumber(call);
      } else {
        arrive(call, true);
      }
      return;
    case Phase::kRejectedMenu:
      if (digit != '1') return;
      call->timer->cancel();
      call->menu_return = Phase::kRejectedMenu;
      askNumber(call);
      return;
    case Phase::kEnterNumber:
      if (digit == '#') {
        call->timer->cancel();
        if (call->digits.size() < 5) {
          auto clips = say(call, "invalid_choice");
          auto more = say(call, "enter_number");
          clips.insert(clips.end(), more.begin(), more.end());
          call->digits.clear();
          play(call, std::move(clips), false);
          return;
        }
        confirmNumber(call);
      } else if (digit == '*') {
        call->digits.clear();
      } else if (digit >= '0' && digit <= '9' && call->digits.size() < 15) {
        if (call->digits.empty()) call->caller_media->stopPlaying();
        call->digits += digit;
        armTimer(call, config_.queue.enter_number_timeout_s, [this, call] {
          if (call->phase == Phase::kEnterNumber) confirmNumber(call);
        });
      }
      return;
    case Phase::kConfirmNumber:
      if (digit == '1') {
        call->timer->cancel();
        numberConfirmed(call);
      } else if (digit == '2') {
        call->timer->cancel();
        askNumber(call);
      }
      return;
    default:
      return;  // digits mean nothing here ('#' during recording is the media engine's)
  }
}

void Switchboard::askNumber(const CallPtr& call) {
  call->phase = Phase::kEnterNumber;
  call->digits.clear();
  play(call, say(call, "enter_number"), false);
  armTimer(call, config_.queue.enter_number_timeout_s + 10, [this, call] {
    if (call->phase != Phase::kEnterNumber) return;
    if (call->digits.size() >= 5) {
      confirmNumber(call);
    } else if (call->menu_return == Phase::kQueued) {
      call->phase = Phase::kQueued;  // back to waiting
      startMusic(call);
    } else {
      farewell(call, say(call, "goodbye"), "no_choice");
    }
  });
}

void Switchboard::confirmNumber(const CallPtr& call) {
  // Kept normalised, as every number is (a keyed "0401234567" is "+358401234567"); one that
  // has no normal form (seven digits without the 0: which area?) is asked for again.
  auto normal = core::normalizePhoneNumber(call->digits);
  if (call->digits.size() < 5 || !normal) {
    askNumber(call);
    return;
  }
  call->callback_number = std::move(normal).value();
  call->phase = Phase::kConfirmNumber;
  auto clips = say(call, "number_is");
  auto d = prompts_.digits(call->line.language, call->digits);
  clips.insert(clips.end(), d.begin(), d.end());
  auto more = say(call, "confirm_number");
  clips.insert(clips.end(), more.begin(), more.end());
  play(call, std::move(clips), false);
  call->after_play = [this, call] {
    armTimer(call, config_.queue.enter_number_timeout_s, [this, call] {
      if (call->phase != Phase::kConfirmNumber) return;
      if (++call->menu_retries > 2) {
        farewell(call, say(call, "goodbye"), "no_choice");
      } else {
        confirmNumber(call);
      }
    });
  };
}

void Switchboard::numberConfirmed(const CallPtr& call) {
  event(call, "call.number_keyed", "\"confirmed\":true");
  switch (call->menu_return) {
    case Phase::kQueued:
      startCallbackInQueue(call, call->callback_number);
      return;
    case Phase::kClosedMenu:
      call->from_number = call->callback_number;
      arrive(call, true);
      return;
    default:
      call->phase = Phase::kFarewell;
      routing_.createCallbackTask(
          call->line.line_id, call->callback_number, call->line.language, call->contact_id,
          tracked(call, [this, call](Result<std::string> task) {
            recordTask(call, task, "requested");
            if (call->phase == Phase::kEnded) return;
            farewell(call, say(call, task ? "callback_confirmed" : "cannot_take_call"),
                     task ? "callback_task" : "routing_failed");
          }));
  }
}

void Switchboard::startCallbackInQueue(const CallPtr& call, std::string number) {
  // Out of the queue at once (no agent may be offered the call now), then the message.
  call->phase = Phase::kRecording;
  call->in_queue = false;
  dropAgentLeg(call);
  call->voice_ref = call->contact_id + ".wav";
  routing_.requestCallback(call->contact_id, std::move(number), call->voice_ref,
                           tracked(call, [this, call](Result<std::string> task) {
                             if (!task) {
                               spdlog::warn("call {}: callback request failed: {}",
                                            call->contact_id, task.status().message());
                               if (call->phase != Phase::kEnded) {
                                 farewell(call, say(call, "cannot_take_call"), "routing_failed");
                               }
                               return;
                             }
                             recordTask(call, task, "requested");
                           }));
  startRecording(call);
}

void Switchboard::startRecording(const CallPtr& call) {
  auto clips = say(call, "record_message");
  if (auto beep = prompts_.beep()) clips.push_back(beep);
  play(call, std::move(clips), false);
  call->after_play = [this, call] {
    if (call->phase != Phase::kRecording) return;
    call->recording = true;  // its result comes even if the caller hangs up now
    call->message_started = true;
    call->caller_media->record((std::filesystem::path(voice_dir_) / call->voice_ref).string(),
                               config_.queue.record_max_s, config_.queue.record_silence_s);
  };
}

void Switchboard::recorded(const CallPtr& call, media::RecordResult r) {
  const char* end = r.end == media::RecordResult::End::kPound       ? "pound"
                    : r.end == media::RecordResult::End::kSilence   ? "silence"
                    : r.end == media::RecordResult::End::kMaxLength ? "max_length"
                                                                    : "hang_up";
  event(call, "call.voice_message",
        "\"ref\":" + jsonString(call->voice_ref) + ",\"seconds\":" + std::to_string(r.seconds) +
            ",\"heard_voice\":" + (r.heard_voice ? "true" : "false") + ",\"ended_by\":\"" + end +
            "\"");
  call->recording = false;
  if (call->phase == Phase::kRecording) farewell(call, say(call, "message_saved"), "message_saved");
  settle(call);
}

void Switchboard::farewell(const CallPtr& call, PromptLibrary::Clips clips, std::string reason) {
  call->phase = Phase::kFarewell;
  call->timer->cancel();
  if (clips.empty()) {
    hangUpCaller(call);
    finish(call, "luukku", std::move(reason));
    return;
  }
  play(call, std::move(clips), false);
  call->after_play = [this, call, reason = std::move(reason)] {
    hangUpCaller(call);
    finish(call, "luukku", reason);
  };
}

// ---- offers and the agent's leg ----------------------------------------------------------------

void Switchboard::offer(const OfferEvent& e) {
  asio::post(context_, [this, e] {
    auto it = by_contact_.find(e.contact_id);
    if (it == by_contact_.end()) return;  // not a call of ours (a chat, a task)
    CallPtr call = it->second;
    if (e.kind == OfferEvent::Kind::kEnded) {
      if (call->offer_agent == e.agent_id && !call->agent_answered) {
        event(call, "call.agent_not_answering", "\"agent_id\":" + jsonString(e.agent_id));
        dropAgentLeg(call);
      }
      return;
    }
    // Offers may come before routing's reply to the arrival (the feed is as fast as the reply).
    bool waiting = call->in_queue || call->phase == Phase::kArriving;
    bool listening = call->phase == Phase::kArriving || call->phase == Phase::kQueued ||
                     call->phase == Phase::kEnterNumber || call->phase == Phase::kConfirmNumber;
    if (!waiting || !listening || call->caller_gone || call->agent_answered || call->accepting) {
      routing_.decline(e.agent_id, e.contact_id, [](Status) {});
      return;
    }
    auto phone = phone_of_agent_.find(e.agent_id);
    if (phone == phone_of_agent_.end()) {
      // An agent without a registered phone cannot take calls: back to the queue, and the
      // agent's presence says why.
      routing_.decline(e.agent_id, e.contact_id, [](Status) {});
      if (extension_of_agent_.count(e.agent_id))
        routing_.phoneRegistration(e.agent_id, false, true);
      return;
    }
    dropAgentLeg(call);
    auto session = media_.open(context_.get_executor(), {});
    if (!session) {
      routing_.decline(e.agent_id, e.contact_id, [](Status) {});
      return;
    }
    call->agent_media = *session;
    call->offer_agent = e.agent_id;
    SdpParams p;
    p.address = media_.options().address;
    p.port = call->agent_media->localPort();
    p.codecs = {media::Codec::kPcma, media::Codec::kPcmu};
    p.telephone_event_pt = 101;
    p.session_id = call->caller_leg + 1'000'000;
    sip::OutgoingCall out;
    out.target = phone->second;
    out.to_user = extension_of_agent_[e.agent_id];
    const auto& name = call->line.name;
    out.from_display = call->line.language == "sv" && !name.sv.empty()   ? name.sv
                       : call->line.language == "en" && !name.en.empty() ? name.en
                                                                         : name.fi;
    out.from_user = call->from_number.empty() ? "anonymous" : call->from_number;
    out.sdp = buildSdp(p);
    call->agent_leg = sip_->invite(std::move(out));
    by_leg_[call->agent_leg] = call;
    event(call, "call.agent_ringing", "\"agent_id\":" + jsonString(e.agent_id));
  });
}

void Switchboard::agentAnswered(const CallPtr& call, const std::string& sdp) {
  auto offer = parseSdp(sdp);
  std::optional<media::Codec> codec;
  if (offer) codec = chooseCodec(*offer);
  if (!offer || !codec || !call->agent_media) {
    std::string agent = call->offer_agent;
    dropAgentLeg(call);
    routing_.decline(agent, call->contact_id, [](Status) {});
    return;
  }
  call->agent_media->setRemote(offer->address, offer->hold ? 0 : offer->port, *codec,
                               offer->telephone_event_pt);
  call->agent_answered = true;
  call->accepting = true;
  std::string agent = call->offer_agent;
  routing_.accept(agent, call->contact_id, [this, call, agent](Status st) {
    call->accepting = false;
    if (!st) {
      spdlog::info("call {}: agent {} answered but the offer had ended: {}", call->contact_id,
                   agent, st.message());
      call->agent_answered = false;
      dropAgentLeg(call);
      return;
    }
    call->in_queue = false;
    call->bridged_agent = agent;
    if (call->caller_gone || call->phase == Phase::kEnded || !call->caller_media) {
      // The caller left as the agent answered: the call ended with the caller.
      routing_.complete(agent, call->contact_id, [](Status) {});
      dropAgentLeg(call);
      return;
    }
    call->timer->cancel();
    call->phase = Phase::kBridged;
    call->after_play = nullptr;
    call->caller_media->stopPlaying();
    call->caller_media->bridge(call->agent_media);
    calls_answered_.add();
    event(call, "call.answered", "\"agent_id\":" + jsonString(agent));
  });
}

void Switchboard::dropAgentLeg(const CallPtr& call) {
  if (call->agent_leg) {
    by_leg_.erase(call->agent_leg);
    if (sip_) sip_->hangUp(call->agent_leg);
    call->agent_leg = 0;
  }
  if (call->agent_media) {
    call->agent_media->close();
    call->agent_media.reset();
  }
  call->offer_agent.clear();
  call->agent_answered = false;
}

void Switchboard::agentGone(const CallPtr& call, sip::LegEnd how, int status) {
  std::string agent = call->offer_agent;
  bool was_bridged = call->phase == Phase::kBridged;
  if (call->agent_media) {
    call->agent_media->close();
    call->agent_media.reset();
  }
  call->offer_agent.clear();
  bool answered = call->agent_answered;
  call->agent_answered = false;
  if (was_bridged) {
    routing_.complete(call->bridged_agent, call->contact_id, [](Status) {});
    hangUpCaller(call);
    finish(call, "agent", legEndName(how));
    return;
  }
  if (answered || (!call->in_queue && call->phase != Phase::kArriving) || agent.empty()) return;
  if (phoneUnreachable(how, status)) {
    // Not the agent's choice: asking the same phone again at once would fail again (and did,
    // thousands of times a second). The agent is not ready until the phone registers again
    // or they say so; the call keeps its place and goes to the next agent.
    event(call, "call.agent_unreachable",
          "\"agent_id\":" + jsonString(agent) + ",\"status\":" + std::to_string(status));
    unreachable_agents_.insert(agent);
    routing_.phoneReachable(agent, false);
    return;
  }
  // Busy or declined: back to the queue; routing offers the next agent.
  event(call, "call.agent_refused",
        "\"agent_id\":" + jsonString(agent) + ",\"status\":" + std::to_string(status));
  routing_.decline(agent, call->contact_id, [](Status) {});
}

// ---- the caller leaving -------------------------------------------------------------------------

void Switchboard::callerGone(const CallPtr& call, sip::LegEnd how) {
  call->caller_gone = true;
  if (call->phase == Phase::kEnded) return;
  if (call->phase == Phase::kBridged) {
    routing_.complete(call->bridged_agent, call->contact_id, [](Status) {});
  } else if (call->in_queue && !call->accepting) {
    // (When the agent answered as the caller left, the accept's completion completes it.)
    call->in_queue = false;
    routing_.abandon(call->contact_id, tracked(call, [this, call](Result<std::string> task) {
                       recordTask(call, task, "abandoned");
                     }));
  }
  // While arriving, onArrived abandons what routing queued.
  finish(call, "caller", legEndName(how));
}

void Switchboard::hangUpCaller(const CallPtr& call) {
  if (call->caller_leg) {
    by_leg_.erase(call->caller_leg);
    if (sip_) sip_->hangUp(call->caller_leg);
    call->caller_leg = 0;
  }
}

void Switchboard::finish(const CallPtr& call, std::string by, std::string reason) {
  if (call->phase == Phase::kEnded) return;
  call->phase = Phase::kEnded;
  call->end.emplace(std::move(by), std::move(reason));
  call->timer->cancel();
  call->after_play = nullptr;
  if (call->caller_media) {
    call->caller_media->close();
    call->caller_media.reset();
  }
  dropAgentLeg(call);
  hangUpCaller(call);
  if (!call->voice_ref.empty() && !call->message_started) {
    // A caller who hangs up during the prompt leaves an empty message, so the task's reference
    // stays valid. Written on the media thread, which writes every message: no file I/O here.
    std::string path = (std::filesystem::path(voice_dir_) / call->voice_ref).string();
    asio::post(media_.context(), [path] { (void)media::writeWav(path, {}); });
  }
  by_contact_.erase(call->contact_id);
  ending_[call->contact_id] = call;
  live_calls_.fetch_sub(1);
  calls_gauge_.add(-1);
  settle(call);
}

void Switchboard::settle(const CallPtr& call) {
  if (!call->end || call->end_recorded || call->in_flight > 0 || call->recording) return;
  event(call, "call.ended",
        "\"by\":" + jsonString(call->end->first) + ",\"reason\":" + jsonString(call->end->second));
  call->end_recorded = true;
  ending_.erase(call->contact_id);
}

void Switchboard::recordTask(const CallPtr& call, const Result<std::string>& task,
                             const char* reason) {
  if (task && !task->empty()) {
    event(call, "call.callback_task",
          "\"task_id\":" + jsonString(*task) + ",\"reason\":\"" + reason + "\"");
  }
}

void Switchboard::event(const CallPtr& call, std::string type, std::string data_json) {
  if (call->end_recorded) {
    // Nothing follows call.ended (settle() waits for what could).
    spdlog::warn("call {}: {} after the call's end is not recorded", call->contact_id, type);
    return;
  }
  routing_.recordCallEvent(call->contact_id, ++call->events, std::move(type), std::move(data_json));
}

// ---- announcements ------------------------------------------------------------------------------

void Switchboard::announceTick() {
  if (stopping_) return;
  auto now = Clock::now();
  auto interval = std::chrono::seconds(config_.queue.announce_interval_s);
  std::set<std::string> lines;
  for (auto& [id, call] : by_contact_) {
    if (call->phase == Phase::kQueued && call->in_queue && !call->agent_leg &&
        now - call->announced_at >= interval) {
      lines.insert(call->line.line_id);
    }
  }
  for (const auto& line : lines) {
    routing_.waiting(line, [this, line, interval](std::map<std::string, WaitingInfo> waiting) {
      auto at = Clock::now();
      for (auto& [contact, info] : waiting) {
        auto it = by_contact_.find(contact);
        if (it == by_contact_.end()) continue;
        CallPtr call = it->second;
        if (call->phase != Phase::kQueued || !call->in_queue || call->agent_leg ||
            at - call->announced_at < interval) {
          continue;
        }
        // Meaningful: a new place in line, or a wait that moved by two minutes or more (or
        // across "less than a minute" / "over an hour").
        bool changed = !call->announced || call->announced->position != info.position;
        int before = call->announced ? waitMinutes(call->announced->wait) : -1;
        int after = waitMinutes(info.wait);
        if (std::abs(after - before) >= 2 || ((before == 0) != (after == 0)) ||
            ((before > 60) != (after > 60))) {
          changed = true;
        }
        if (!changed) continue;
        call->announced = info;
        call->announced_at = at;
        event(call, "call.announced",
              "\"position\":" + std::to_string(info.position) +
                  ",\"wait_s\":" + (info.wait ? std::to_string(info.wait->count()) : "null"));
        play(call, prompts_.positionAndWait(call->line.language, info.position, info.wait), false);
        call->after_play = [this, call] { startMusic(call); };
      }
    });
  }
  announce_timer_.expires_after(std::chrono::seconds(1));
  announce_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) announceTick();
  });
}

}  // namespace luukku::telephony
