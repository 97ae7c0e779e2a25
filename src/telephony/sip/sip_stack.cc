#include "telephony/sip/sip_stack.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include "telephony/sip/authenticator.h"
#include "telephony/sip/sip_message.h"
#include "telephony/sip/sofia.h"

namespace luukku::telephony::sip {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string randomSecret() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 4; ++i) s += std::to_string(rd());
  return s;
}

AuthOptions authOptions(const SipOptions& o) {
  AuthOptions a;
  a.realm = o.realm;
  a.nonce_lifetime = o.nonce_lifetime;
  a.max_failures_per_account = o.auth_failures_per_extension;
  a.max_failures_per_address = o.auth_failures_per_address;
  a.failure_window = o.auth_failure_window;
  a.lock = o.auth_lock;
  return a;
}

}  // namespace

struct Leg {
  LegId id = 0;
  nua_handle_t* nh = nullptr;  // a reference we hold until the call state is terminated
  bool incoming = false;
  bool phone = false;     // a configured phone's: it authenticated its INVITE, or we rang it
  bool answered = false;  // a 200 went out (incoming) or came in (outgoing)
  bool hangup_sent = false;
  bool acked = false;            // incoming: the caller's ACK came, so a re-INVITE may go
  bool offer_after_ack = false;  // updateSdp() came before that ACK: send it then
  SteadyClock::time_point hangup_at{};
  std::string local_sdp;
  std::string offered_sdp;  // updateSdp()'s offer while its re-INVITE is out
  bool reinvite_pending = false;
  std::string refer_event;  // the Event of a REFER waiting for referResult(); empty: none
  std::deque<SteadyClock::time_point> reinvites;
};

class SofiaLoop {
 public:
  SofiaLoop(SipOptions options, SipListener& listener, const Clock& clock,
            metrics::Registry& metrics)
      : options_(std::move(options)),
        listener_(listener),
        clock_(clock),
        auth_(clock, authOptions(options_), metrics, randomSecret()),
        legs_gauge_(metrics.gauge("luukku_sip_legs", "SIP call legs (NUA handles) alive")),
        refused_(metrics.counter("luukku_sip_invites_refused_total",
                                 "INVITEs refused: unknown source or failed authentication")),
        registrations_gauge_(metrics.gauge("luukku_sip_registrations", "Phones registered")) {
    for (const auto& p : options_.phones) {
      Registration r;
      r.extension = p.extension;
      r.agent_id = p.agent_id;
      registrations_[p.extension] = r;
    }
  }

  Status start() {
    std::promise<Status> started;
    auto result = started.get_future();
    thread_ = std::thread([this, &started] { run(started); });
    Status st = result.get();
    if (!st) {
      thread_.join();
    }
    return st;
  }

  void stop() {
    if (!thread_.joinable()) return;
    post([this] {
      stopping_ = true;
      for (auto& [id, leg] : legs_) hangUpNow(*leg);
      nua_shutdown(nua_.get());
    });
    thread_.join();
  }

  // Runs `fn` on the SIP thread.
  void post(std::function<void()> fn) {
    std::lock_guard lock(post_mu_);
    if (!accepting_) return;
    su_msg_r m = SU_MSG_R_INIT;
    // The message's payload is a pointer to our Message, not a Message.
    constexpr std::size_t kPayload = sizeof(Message*);  // NOLINT(bugprone-sizeof-expression)
    if (su_msg_create(m, su_root_task(root_.get()), su_root_task(root_.get()), &SofiaLoop::deliver,
                      kPayload) != 0) {
      return;
    }
    su_msg_deinitializer(m, &SofiaLoop::discard);
    *reinterpret_cast<Message**>(su_msg_data(m)) = new Message{std::move(fn)};
    su_msg_send(m);
  }

  LegId nextLegId() { return next_leg_.fetch_add(1); }

  // ---- commands, on the SIP thread --------------------------------------------------------------

  void answer(LegId id, int status, const std::string& sdp) {
    Leg* leg = find(id);
    if (!leg || !leg->incoming || leg->answered || leg->hangup_sent) return;
    if (status >= 200) {
      leg->answered = true;
      leg->local_sdp = sdp;
    }
    nua_respond(leg->nh, status, sip_status_phrase(status),
                TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())), TAG_END());
  }

  void reject(LegId id, int status) {
    Leg* leg = find(id);
    if (!leg || !leg->incoming || leg->answered || leg->hangup_sent) return;
    leg->hangup_sent = true;
    nua_respond(leg->nh, status, sip_status_phrase(status), TAG_END());
  }

  void invite(LegId id, const OutgoingCall& call) {
    if (stopping_) {
      listener_.onLegEnded(id, LegEnd::kFailed, 503);
      return;
    }
    // Written into a header as it is: a line break or bracket would forge others.
    if (call.asserted_identity.find_first_of("\r\n<>") != std::string::npos) {
      listener_.onLegEnded(id, LegEnd::kFailed, 400);
      return;
    }
    auto leg = std::make_unique<Leg>();
    leg->id = id;
    leg->local_sdp = call.sdp;
    leg->phone = !call.to_user.empty() && findPhone(call.to_user);
    std::string to = call.to_user.empty() ? "<" + call.target + ">"
                                          : "<sip:" + call.to_user + "@" + options_.realm + ">";
    leg->nh = nua_handle(nua_.get(), leg.get(), SIPTAG_TO_STR(to.c_str()), TAG_END());
    if (!leg->nh) {
      listener_.onLegEnded(id, LegEnd::kFailed, 500);
      return;
    }
    std::string display;
    for (char c : call.from_display) {
      if (c == '"' || c == '\\') display += '\\';
      display += c;
    }
    std::string from = "\"" + display + "\" <sip:" + call.from_user + "@" + listenHost() + ">";
    // As a header of its own: NUA's message class does not know P-Asserted-Identity.
    std::string asserted = call.asserted_identity.empty()
                               ? ""
                               : "P-Asserted-Identity: <" + call.asserted_identity + ">";
    nua_invite(leg->nh, NUTAG_URL(call.target.c_str()), SIPTAG_FROM_STR(from.c_str()),
               TAG_IF(!asserted.empty(), SIPTAG_HEADER_STR(asserted.c_str())),
               SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(call.sdp.c_str()),
               TAG_END());
    legs_gauge_.add(1);
    live_legs_.fetch_add(1);
    legs_.emplace(id, std::move(leg));
  }

  void hangUp(LegId id) {
    if (Leg* leg = find(id)) hangUpNow(*leg);
  }

  void updateSdp(LegId id, std::string sdp) {
    Leg* leg = find(id);
    if (!leg) return;
    if (!leg->answered || leg->hangup_sent || leg->reinvite_pending) {
      listener_.onSdpRefused(id, 491);
      return;
    }
    leg->reinvite_pending = true;
    leg->offered_sdp = std::move(sdp);
    // NUA refuses a re-INVITE while the first INVITE's 200 is unacknowledged.
    leg->offer_after_ack = leg->incoming && !leg->acked;
    if (!leg->offer_after_ack) sendOffer(*leg);
  }

  void sendOffer(Leg& leg) {
    nua_invite(leg.nh, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
               SIPTAG_PAYLOAD_STR(leg.offered_sdp.c_str()), TAG_END());
  }

  void referResult(LegId id, int status) {
    Leg* leg = find(id);
    if (!leg || leg->refer_event.empty() || status < 100 || status > 699) return;
    const char* phrase = sip_status_phrase(status);
    std::string fragment =
        "SIP/2.0 " + std::to_string(status) + " " + (phrase ? phrase : "") + "\r\n";
    bool final = status >= 200;
    nua_notify(leg->nh, SIPTAG_EVENT_STR(leg->refer_event.c_str()),
               NUTAG_SUBSTATE(final ? nua_substate_terminated : nua_substate_active),
               SIPTAG_CONTENT_TYPE_STR("message/sipfrag;version=2.0"),
               SIPTAG_PAYLOAD_STR(fragment.c_str()), TAG_END());
    if (final) leg->refer_event.clear();
  }

  std::vector<Registration> registrations() const {
    std::lock_guard lock(reg_mu_);
    std::vector<Registration> out;
    for (const auto& [ext, r] : registrations_) out.push_back(r);
    return out;
  }
  std::size_t liveLegs() const { return live_legs_.load(); }

  // ---- browser phones' session credentials ------------------------------------------------------

  void addCredential(SessionCredential credential) {
    std::lock_guard lock(cred_mu_);
    std::erase_if(credentials_, [&](const SessionCredential& c) {
      return c.extension == credential.extension && c.username == credential.username;
    });
    credentials_.push_back(std::move(credential));
  }

  void revokeCredentials(const std::string& owner) {
    std::lock_guard lock(cred_mu_);
    std::erase_if(credentials_, [&](const SessionCredential& c) { return c.owner == owner; });
  }

 private:
  struct Message {
    std::function<void()> fn;
  };

  // Callbacks from sofia's C code, like onEvent: nothing may unwind into C.
  static void deliver(SofiaLoop*, su_msg_r, su_msg_arg_t* arg) noexcept {
    auto** slot = reinterpret_cast<Message**>(arg);
    std::unique_ptr<Message> m(*slot);
    *slot = nullptr;
    try {
      if (m) m->fn();
    } catch (const std::exception& e) {
      spdlog::error("SIP thread: a command failed: {}", e.what());
    } catch (...) {
      spdlog::error("SIP thread: a command failed");
    }
  }
  static void discard(su_msg_arg_t* arg) noexcept { delete *reinterpret_cast<Message**>(arg); }

  std::string listenHost() const {
    auto colon = options_.listen.rfind(':');
    return colon == std::string::npos ? options_.listen : options_.listen.substr(0, colon);
  }

  void run(std::promise<Status>& started) {
    SuInit init;
    if (!init.ok()) {
      started.set_value(internalError("su_init failed"));
      return;
    }
    su_home_init(home_);
    root_.reset(su_root_create(this));
    if (!root_) {
      su_home_deinit(home_);
      started.set_value(internalError("su_root_create failed"));
      return;
    }
    std::string url = "sip:" + options_.listen;
    nua_.reset(nua_create(
        root_.get(), &SofiaLoop::onEventThunk, this, NUTAG_URL(url.c_str()), NUTAG_MEDIA_ENABLE(0),
        NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), NUTAG_AUTOACK(1), NUTAG_ENABLEINVITE(1),
        NUTAG_SESSION_TIMER(0), NUTAG_ALLOW("INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REGISTER"),
        // NUA merges these lists into its defaults (whose Allow has REFER and
        // NOTIFY already). A merge that repeats a default crashed sofia-sip
        // 1.12.11 (msg_params_join), so the methods the application answers
        // itself are set afresh: NUA's defaults, and REFER.
        NUTAG_APPL_METHOD(static_cast<const char*>(nullptr)),
        NUTAG_APPL_METHOD("INVITE, REGISTER, PUBLISH, SUBSCRIBE, REFER"),
        NUTAG_USER_AGENT("Luukku"),
        NTATAG_SIP_T1X64(static_cast<unsigned>(options_.transaction_timeout.count())),
        NTATAG_SERVER_RPORT(1), NTATAG_MAXSIZE(65536), TAG_END()));
    if (!nua_) {
      root_.reset();
      su_home_deinit(home_);
      started.set_value(
          unavailable("cannot listen for SIP on " + options_.listen + " (is the port taken?)"));
      return;
    }
    expiry_timer_.reset(su_timer_create(su_root_task(root_.get()), 1000));
    su_timer_set_for_ever(expiry_timer_.get(), &SofiaLoop::onExpiryTick, this);
    {
      std::lock_guard lock(post_mu_);
      accepting_ = true;
    }
    started.set_value(Status::ok());
    su_root_run(root_.get());
    {
      std::lock_guard lock(post_mu_);
      accepting_ = false;
    }
    // Every leg's handle was destroyed at its terminated state or goes with nua_destroy.
    for (auto& [id, leg] : legs_) {
      listener_.onLegEnded(id, LegEnd::kLocalHangUp, 0);
      legs_gauge_.add(-1);
    }
    legs_.clear();
    live_legs_.store(0);
    expiry_timer_.reset();
    nua_.reset();
    // Deliver (and free) what was posted meanwhile.
    while (su_root_step(root_.get(), 0) > 0) {
    }
    root_.reset();
    su_home_deinit(home_);
  }

  static void onEventThunk(nua_event_t event, int status, char const* phrase, nua_t* nua,
                           SofiaLoop* self, nua_handle_t* nh, Leg* leg, sip_t const* sip,
                           tagi_t tags[]) noexcept {
    self->onEvent(event, status, phrase, nua, nh, leg, sip, tags);
  }

  // Nothing may unwind into C.
  void onEvent(nua_event_t event, int status, char const*, nua_t* nua, nua_handle_t* nh, Leg* leg,
               sip_t const* sip, tagi_t tags[]) noexcept {
    try {
      switch (event) {
        case nua_i_invite:
          if (leg) {
            // NUA answered it already (glare: 491, overlap: 500): there is no offer to take.
            if (status < 200) onReinvite(*leg, nh, sip);
          } else {
            onNewInvite(nua, nh, sip);
          }
          break;
        case nua_i_register:
          onRegister(nua, nh, sip);
          nua_handle_destroy(nh);
          break;
        case nua_r_invite:
          if (leg) onInviteResponse(*leg, status, sip);
          break;
        case nua_i_info:
          if (leg) onInfo(*leg, sip);
          break;
        case nua_i_ack:
          if (leg && leg->incoming && !std::exchange(leg->acked, true) && leg->offer_after_ack) {
            leg->offer_after_ack = false;
            sendOffer(*leg);
          }
          break;
        case nua_i_state:
          onState(nh, leg, status, tags);
          break;
        case nua_r_shutdown:
          if (status >= 200) su_root_break(root_.get());
          break;
        case nua_i_options:
        case nua_i_message:
        case nua_i_subscribe:
        case nua_i_notify:
        case nua_i_refer:
          onRefer(nua, nh, leg, sip, tags);
          break;
        case nua_i_publish:
        case nua_i_method:
          if (!leg && nh) nua_handle_destroy(nh);
          break;
        case nua_r_bye:
        case nua_r_cancel:
        case nua_i_bye:
        case nua_i_cancel:
        case nua_i_active:
        case nua_i_terminated:
        case nua_i_prack:
        case nua_i_update:
        default:
          break;
      }
    } catch (...) {
      // A failure here must not reach sofia; the leg ends at its terminated state.
    }
  }

  Leg* find(LegId id) {
    auto it = legs_.find(id);
    return it == legs_.end() ? nullptr : it->second.get();
  }

  void hangUpNow(Leg& leg) {
    if (leg.hangup_sent) return;
    leg.hangup_sent = true;
    leg.hangup_at = SteadyClock::now();
    if (leg.incoming && !leg.answered) {
      nua_respond(leg.nh, 480, sip_status_phrase(480), TAG_END());
    } else if (!leg.incoming && !leg.answered) {
      nua_cancel(leg.nh, TAG_END());
    } else {
      nua_bye(leg.nh, TAG_END());
    }
  }

  // Answers an unwanted INVITE on a handle no leg owns; the handle goes at `terminated`.
  void refuse(nua_handle_t* nh, int status, const std::string& header = {}, bool proxy = true) {
    refused_.add();
    if (header.empty()) {
      nua_respond(nh, status, sip_status_phrase(status), TAG_END());
    } else if (proxy) {
      nua_respond(nh, status, sip_status_phrase(status),
                  SIPTAG_PROXY_AUTHENTICATE_STR(header.c_str()), TAG_END());
    } else {
      nua_respond(nh, status, sip_status_phrase(status),
                  SIPTAG_WWW_AUTHENTICATE_STR(header.c_str()), TAG_END());
    }
  }

  // Checks Proxy-Authorization for an INVITE; answers 407/403 itself unless it passes.
  bool inviteAuthenticated(nua_handle_t* nh, const sip_t* sip, const AuthSubject& subject,
                           const std::string& source_ip) {
    auto verdict =
        auth_.check("INVITE", authParams(sip->sip_proxy_authorization), subject, source_ip);
    switch (verdict.kind) {
      case AuthVerdict::Kind::kOk:
        return true;
      case AuthVerdict::Kind::kChallenge:
        refuse(nh, 407, verdict.challenge);
        return false;
      case AuthVerdict::Kind::kRefuse:
        refuse(nh, 403);
        return false;
    }
    return false;
  }

  void onNewInvite(nua_t* nua, nua_handle_t* nh, const sip_t* sip) {
    if (stopping_ || !sip || !sip->sip_request || !sip->sip_from) {
      refuse(nh, 503);
      return;
    }
    std::string source_ip = sourceAddress(nua_current_request(nua));
    std::string source;
    std::string from_user = str(sip->sip_from->a_url->url_user);
    // A call from an extension is that phone's and must authenticate, from whatever address:
    // a phone on the trunk's network dials as itself, and nothing dials as a phone unproven.
    const PhoneConfig* phone = findPhone(from_user);
    for (const auto& trunk : options_.trunks) {
      if (phone) break;
      for (const auto& allowed : trunk.allowed_sources) {
        if (allowed == source_ip) {
          if (!trunk.username.empty() &&
              !inviteAuthenticated(nh, sip, {"trunk:" + trunk.name, trunk.username, trunk.password},
                                   source_ip)) {
            return;
          }
          source = "trunk:" + trunk.name;
          break;
        }
      }
      if (!source.empty()) break;
    }
    if (source.empty()) {
      // An unknown caller is challenged and refused like a phone with a wrong password.
      auto subject = phoneSubject(from_user, phone, authParams(sip->sip_proxy_authorization));
      if (!inviteAuthenticated(nh, sip, subject, source_ip) || !phone) {
        return;
      }
      source = "phone:" + phone->extension;
    }
    auto leg = std::make_unique<Leg>();
    leg->id = nextLegId();
    leg->nh = nh;
    leg->incoming = true;
    nua_handle_bind(nh, leg.get());
    IncomingCall call;
    call.leg = leg->id;
    call.call_id = sip->sip_call_id ? str(sip->sip_call_id->i_id) : "";
    call.dialled = str(sip->sip_request->rq_url->url_user);
    call.from_number = callerNumber(sip);
    call.from_display = str(sip->sip_from->a_display);
    call.source = source;
    call.sdp = body(sip);
    leg->phone = source.starts_with("phone:");
    legs_gauge_.add(1);
    live_legs_.fetch_add(1);
    legs_.emplace(leg->id, std::move(leg));
    listener_.onIncomingCall(std::move(call));
  }

  void onReinvite(Leg& leg, nua_handle_t* nh, const sip_t* sip) {
    auto now = SteadyClock::now();
    leg.reinvites.push_back(now);
    while (!leg.reinvites.empty() && now - leg.reinvites.front() > std::chrono::seconds(10)) {
      leg.reinvites.pop_front();
    }
    if (static_cast<int>(leg.reinvites.size()) > options_.max_reinvites_per_10s) {
      nua_respond(nh, 403, sip_status_phrase(403), TAG_END());
      hangUpNow(leg);
      return;
    }
    if (leg.local_sdp.empty()) {
      nua_respond(nh, 491, sip_status_phrase(491), TAG_END());
      return;
    }
    nua_respond(nh, 200, sip_status_phrase(200), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                SIPTAG_PAYLOAD_STR(leg.local_sdp.c_str()), TAG_END());
    if (std::string offer = body(sip); !offer.empty()) {
      listener_.onRemoteSdp(leg.id, std::move(offer));
    }
  }

  void onInviteResponse(Leg& leg, int status, const sip_t* sip) {
    if (leg.reinvite_pending) {
      onReinviteResponse(leg, status, sip);
    } else if (status == 180 || status == 183) {
      listener_.onRinging(leg.id);
    } else if (status >= 200 && status < 300 && !leg.answered) {
      leg.answered = true;
      listener_.onAnswered(leg.id, body(sip));
    }
  }

  void onReinviteResponse(Leg& leg, int status, const sip_t* sip) {
    if (status < 200) return;
    leg.reinvite_pending = false;
    if (status < 300) {
      leg.local_sdp = std::move(leg.offered_sdp);
      listener_.onSdpAnswered(leg.id, body(sip));
    } else {
      leg.offered_sdp.clear();
      listener_.onSdpRefused(leg.id, status);
    }
  }

  // REFER is an application method here: every response is ours.
  void onRefer(nua_t* nua, nua_handle_t* nh, Leg* leg, const sip_t* sip, tagi_t tags[]) {
    auto respond = [&](int status) {
      nua_respond(nh, status, sip_status_phrase(status), NUTAG_WITH_THIS(nua), TAG_END());
    };
    if (!leg) {  // outside any call: nobody's to transfer
      respond(403);
      // Its handle is destroyed later (reapStuckLegs), not now: not while NUA is still in this
      // request, whose dialog usage goes with the handle; and not close to nua_shutdown, which
      // crashed sofia-sip in nua_dialog_repeat_shutdown when a destroy was still in its queue.
      // Once the stack is stopping, nua_shutdown owns the handle.
      refused_handles_.push_back({nh, SteadyClock::now()});
      return;
    }
    if (!leg->phone || !leg->answered || leg->hangup_sent) {
      respond(403);
      return;
    }
    if (!leg->refer_event.empty()) {
      respond(491);  // one transfer at a time
      return;
    }
    HomePtr home(static_cast<su_home_t*>(su_home_new(sizeof(su_home_t))));
    const sip_replaces_t* replaces = nullptr;
    auto refer = home ? transferRequest(home.get(), sip, &replaces) : std::nullopt;
    if (!refer) {
      respond(400);
      return;
    }
    refer->leg = leg->id;
    if (replaces) {
      if (nua_handle_t* other = nua_handle_by_replaces(nua, replaces)) {
        if (Leg* replaced = nua_handle_magic(other)) refer->replaces->leg = replaced->id;
        nua_handle_unref(other);
      }
    }
    const sip_event_t* event = nullptr;
    tl_gets(tags, NUTAG_REFER_EVENT_REF(event), TAG_END());
    char* event_text =
        event ? sip_header_as_string(home.get(), reinterpret_cast<const sip_header_t*>(event))
              : nullptr;
    leg->refer_event = event_text ? event_text : "refer";
    respond(202);
    listener_.onRefer(std::move(*refer));
  }

  void onInfo(Leg& leg, const sip_t* sip) {
    if (!sip || !sip->sip_payload || !sip->sip_payload->pl_data) return;
    std::string body(sip->sip_payload->pl_data,
                     std::min<std::size_t>(sip->sip_payload->pl_len, 512));
    std::string type = sip->sip_content_type ? str(sip->sip_content_type->c_type) : "";
    char digit = 0;
    auto valid = [](char c) {
      return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
    };
    if (strcasecmp(type.c_str(), "application/dtmf-relay") == 0) {
      auto at = body.find("Signal=");
      if (at != std::string::npos) {
        at += 7;
        while (at < body.size() && body[at] == ' ') ++at;
        if (at < body.size()) digit = body[at];
      }
    } else if (strcasecmp(type.c_str(), "application/dtmf") == 0) {
      std::size_t at = 0;
      while (at < body.size() && (body[at] == ' ' || body[at] == '\r' || body[at] == '\n')) ++at;
      if (at < body.size()) digit = body[at];
      if (body.size() > at + 1 && body[at] == '1' && body[at + 1] == '0') digit = '*';
      if (body.size() > at + 1 && body[at] == '1' && body[at + 1] == '1') digit = '#';
    }
    if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 32);
    if (valid(digit)) listener_.onDtmfInfo(leg.id, digit);
  }

  void onState(nua_handle_t* nh, Leg* leg, int status, tagi_t tags[]) {
    int state = nua_callstate_init;
    tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
    if (state != nua_callstate_terminated) return;
    if (!leg) {
      nua_handle_destroy(nh);  // a refused INVITE
      return;
    }
    LegEnd how = LegEnd::kRemoteHangUp;
    if (leg->hangup_sent) {
      how = LegEnd::kLocalHangUp;
    } else if (!leg->incoming && !leg->answered) {
      how = status == 408 ? LegEnd::kTimeout : LegEnd::kFailed;
    } else if (status == 408 || status == 504 || status >= 500) {
      how = LegEnd::kTimeout;
    }
    LegId id = leg->id;
    nua_handle_bind(nh, nullptr);
    nua_handle_destroy(nh);
    live_legs_.fetch_sub(1);
    legs_gauge_.add(-1);
    legs_.erase(id);
    listener_.onLegEnded(id, how, status);
  }

  const PhoneConfig* findPhone(const std::string& extension) const {
    for (const auto& p : options_.phones) {
      if (p.extension == extension) return &p;
    }
    return nullptr;
  }

  // Who a phone's request claims to be, from the user name its answer (`params`) gives: the
  // extension's own name and configured password, or another name with the extension's
  // session credential of that name (none: refused like a wrong password). `phone` is null
  // for an extension nobody has.
  AuthSubject phoneSubject(const std::string& extension, const PhoneConfig* phone,
                           const std::vector<std::string>& params) const {
    AuthSubject s{extension, extension, std::nullopt};
    auto answer = parseDigestParams(params);
    if (answer && !answer->username.empty() && answer->username != extension) {
      s.username = answer->username;
      if (phone) s.password = credentialSecret(extension, answer->username);
      return s;
    }
    if (phone) s.password = phone->password;
    return s;
  }

  // The secret of `extension`'s credential named `username`, while it is good.
  std::optional<std::string> credentialSecret(const std::string& extension,
                                              const std::string& username) const {
    Timestamp now = clock_.now();
    std::lock_guard lock(cred_mu_);
    for (const auto& c : credentials_) {
      if (c.extension == extension && c.username == username && now < c.expires_at) {
        return c.secret;
      }
    }
    return std::nullopt;
  }

  // ---- registrar --------------------------------------------------------------------------------

  void respondRegister(nua_t* nua, nua_handle_t* nh, int status, const std::string& www = {},
                       const std::string& contact = {}, int min_expires = 0) {
    std::string min = std::to_string(min_expires);
    nua_respond(nh, status, sip_status_phrase(status), NUTAG_WITH_THIS(nua),
                TAG_IF(!www.empty(), SIPTAG_WWW_AUTHENTICATE_STR(www.c_str())),
                TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
                TAG_IF(min_expires > 0, SIPTAG_MIN_EXPIRES_STR(min.c_str())), TAG_END());
  }

  void onRegister(nua_t* nua, nua_handle_t* nh, const sip_t* sip) {
    Timestamp now = clock_.now();
    if (!sip || !sip->sip_to || !sip->sip_to->a_url->url_user) {
      respondRegister(nua, nh, 400);
      return;
    }
    std::string ext = sip->sip_to->a_url->url_user;
    // An unknown extension is challenged and refused exactly like a known one with a wrong
    // password, so REGISTER does not tell which extensions exist.
    const PhoneConfig* phone = findPhone(ext);
    auto params = authParams(sip->sip_authorization);
    AuthSubject subject = phoneSubject(ext, phone, params);
    auto verdict =
        auth_.check("REGISTER", params, subject, sourceAddress(nua_current_request(nua)));
    if (verdict.kind == AuthVerdict::Kind::kChallenge) {
      respondRegister(nua, nh, 401, verdict.challenge);
      return;
    }
    if (verdict.kind != AuthVerdict::Kind::kOk) {
      respondRegister(nua, nh, 403);
      return;
    }
    // Authenticated. Query, refresh, add or remove the binding.
    const sip_contact_t* m = sip->sip_contact;
    Registration before;
    {
      std::lock_guard lock(reg_mu_);
      before = registrations_[ext];
    }
    if (!m) {  // a query
      std::string c = before.registered ? "<" + before.contact + ">" : "";
      respondRegister(nua, nh, 200, {}, c);
      return;
    }
    int expires = options_.default_expires;
    if (sip->sip_expires) expires = static_cast<int>(sip->sip_expires->ex_delta);
    if (m->m_expires) expires = std::atoi(m->m_expires);
    bool wildcard = m->m_url->url_type == url_any;
    Registration after = before;
    if (expires == 0 || wildcard) {
      after.registered = false;
      after.contact.clear();
      after.credential.clear();
    } else {
      if (expires < options_.min_expires) {
        respondRegister(nua, nh, 423, {}, {}, options_.min_expires);
        return;
      }
      expires = std::min(expires, options_.max_expires);
      after.registered = true;
      after.contact = urlString(m->m_url);
      after.user_agent = sip->sip_user_agent ? str(sip->sip_user_agent->g_string) : "";
      after.expires_at = now + std::chrono::seconds(expires);
      after.credential = subject.username == ext ? "" : subject.username;
    }
    setRegistration(after);
    std::string contact =
        after.registered ? "<" + after.contact + ">;expires=" + std::to_string(expires) : "";
    respondRegister(nua, nh, 200, {}, contact);
  }

  void setRegistration(const Registration& r) {
    bool changed;
    {
      std::lock_guard lock(reg_mu_);
      Registration& slot = registrations_[r.extension];
      changed = slot.registered != r.registered || slot.contact != r.contact;
      if (slot.registered != r.registered) registrations_gauge_.add(r.registered ? 1 : -1);
      slot = r;
    }
    // Refreshes too: a phone that failed calls and registers again is reachable again.
    if (changed || r.registered) listener_.onRegistration(r);
  }

  static void onExpiryTick(SofiaLoop* self, su_timer_t*, SofiaLoop*) noexcept {
    try {
      self->expireRegistrations();
      self->reapStuckLegs();
    } catch (...) {
    }
  }

  // A leg Luukku hung up ends when its BYE, CANCEL or final answer is done, at the latest one
  // transaction timeout later. Should NUA never report it (a peer gone mid-transaction under
  // overload), the leg is ended here after twice that, so no handle or call state outlives it.
  void reapStuckLegs() {
    auto limit = SteadyClock::now() - 2 * options_.transaction_timeout - std::chrono::seconds(1);
    std::vector<LegId> stuck;
    for (auto& [id, leg] : legs_) {
      if (leg->hangup_sent && leg->hangup_at < limit) stuck.push_back(id);
    }
    for (LegId id : stuck) {
      auto it = legs_.find(id);
      nua_handle_bind(it->second->nh, nullptr);
      nua_handle_destroy(it->second->nh);
      live_legs_.fetch_sub(1);
      legs_gauge_.add(-1);
      legs_.erase(it);
      listener_.onLegEnded(id, LegEnd::kTimeout, 408);
    }
    // Handles of requests refused outside any call, once their transactions are long done.
    auto refused_before = SteadyClock::now() - options_.transaction_timeout;
    while (!stopping_ && !refused_handles_.empty() &&
           refused_handles_.front().second < refused_before) {
      nua_handle_destroy(refused_handles_.front().first);
      refused_handles_.pop_front();
    }
  }

  // Ends bindings past their expiry, and those made with a session credential that has
  // expired or been revoked since (a browser phone whose person signed out rings no more).
  void expireRegistrations() {
    Timestamp now = clock_.now();
    std::vector<Registration> expired;
    {
      std::lock_guard lock(reg_mu_);
      for (auto& [ext, r] : registrations_) {
        if (r.registered && r.expires_at <= now) expired.push_back(r);
      }
    }
    for (const Registration& r : registrations()) {
      if (r.registered && r.expires_at > now && !r.credential.empty() &&
          !credentialSecret(r.extension, r.credential)) {
        expired.push_back(r);
      }
    }
    for (Registration r : expired) {
      r.registered = false;
      r.contact.clear();
      r.credential.clear();
      setRegistration(r);
    }
    std::lock_guard lock(cred_mu_);
    std::erase_if(credentials_, [&](const SessionCredential& c) { return c.expires_at <= now; });
  }

  const SipOptions options_;
  SipListener& listener_;
  const Clock& clock_;  // registrations expire by it
  Authenticator auth_;
  metrics::Gauge& legs_gauge_;
  metrics::Counter& refused_;
  metrics::Gauge& registrations_gauge_;

  std::thread thread_;
  std::mutex post_mu_;
  bool accepting_ = false;  // guarded by post_mu_
  std::atomic<LegId> next_leg_{1};
  std::atomic<std::size_t> live_legs_{0};

  // SIP thread only.
  su_home_t home_[1] = {};
  RootPtr root_;
  NuaPtr nua_;
  TimerPtr expiry_timer_;
  bool stopping_ = false;
  std::unordered_map<LegId, std::unique_ptr<Leg>> legs_;
  // Handles of REFERs refused outside any call, and when: destroyed after a while.
  std::deque<std::pair<nua_handle_t*, SteadyClock::time_point>> refused_handles_;

  mutable std::mutex reg_mu_;
  std::map<std::string, Registration> registrations_;  // guarded by reg_mu_

  mutable std::mutex cred_mu_;
  std::vector<SessionCredential> credentials_;  // guarded by cred_mu_; a few per extension
};

class SipStack::Impl : public SofiaLoop {
 public:
  using SofiaLoop::SofiaLoop;
};

SipStack::SipStack(SipOptions options, SipListener& listener, const Clock& clock,
                   metrics::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), listener, clock, metrics)) {}
SipStack::~SipStack() {
  stop();
}
Status SipStack::start() {
  return impl_->start();
}
void SipStack::stop() {
  impl_->stop();
}

void SipStack::answer(LegId leg, int status, std::string sdp) {
  impl_->post([this, leg, status, sdp = std::move(sdp)] { impl_->answer(leg, status, sdp); });
}
void SipStack::reject(LegId leg, int status) {
  impl_->post([this, leg, status] { impl_->reject(leg, status); });
}
LegId SipStack::invite(OutgoingCall call, Sent sent) {
  LegId id = impl_->nextLegId();
  impl_->post([this, id, call = std::move(call), sent = std::move(sent)] {
    impl_->invite(id, call);
    if (sent) sent();
  });
  return id;
}
void SipStack::hangUp(LegId leg, Sent sent) {
  impl_->post([this, leg, sent = std::move(sent)] {
    impl_->hangUp(leg);
    if (sent) sent();
  });
}
void SipStack::updateSdp(LegId leg, std::string sdp) {
  impl_->post(
      [this, leg, sdp = std::move(sdp)]() mutable { impl_->updateSdp(leg, std::move(sdp)); });
}
void SipStack::referResult(LegId leg, int status) {
  impl_->post([this, leg, status] { impl_->referResult(leg, status); });
}
void SipStack::addCredential(SessionCredential credential) {
  impl_->addCredential(std::move(credential));
}
void SipStack::revokeCredentials(const std::string& owner) {
  impl_->revokeCredentials(owner);
}
std::vector<Registration> SipStack::registrations() const {
  return impl_->registrations();
}
std::size_t SipStack::liveLegs() const {
  return impl_->liveLegs();
}

}  // namespace luukku::telephony::sip
