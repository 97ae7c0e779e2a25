// SipStack: Luukku's SIP side on sofia-sip's NUA, on a thread of its own.
//
// sofia-sip runs its own event loop (su_root); the stack gives it a thread and crosses to it
// with su_msg messages. Every public command below posts to that thread and returns at once.
// What happens in SIP comes back through SipListener, called on the SIP thread: listeners must
// only copy the data and post it elsewhere (the call controller's executor).
//
// The stack knows calls only as legs, one NUA handle each; the B2BUA pairs a caller's leg with
// an agent's. It does, on its own thread:
//   - admission: an INVITE must come from a configured trunk's source address (digest-checked
//     when the trunk has credentials) or from a phone that authenticates as its extension;
//     anything else is refused (403) before a leg exists. One whose From names a configured
//     extension is that phone's, from whatever address, and must authenticate;
//   - the registrar: REGISTER with digest authentication per extension; bindings expire
//     unless refreshed, and every change and every refresh is reported (onRegistration);
//   - browser phones' credentials (addCredential): besides its configured password, an
//     extension accepts a session credential of its own — another digest user name and a
//     secret, good until it expires or is revoked. A binding made with one ends within a
//     second of that (the expiry tick);
//   - authentication (authenticator.h): one digest check for REGISTER and INVITE, with nonce
//     counts against replay, lockouts against guessing, and unknown extensions challenged and
//     refused like known ones; its clock is the injected one;
//   - re-INVITEs: answered with the leg's current SDP; a storm (more than
//     `max_reinvites_per_10s`) ends the call. Luukku's own (updateSdp: hold and resume) report
//     their answer or failure; a failure leaves the call up unless its status ends the dialog
//     by NUA's rules (RFC 5057, after RFC 3261 12.2.1.2): 481 and 408 — what a re-INVITE
//     nobody answers gets — 404, 480 and a few more. Glare (491) is reported, not retried:
//     the caller knows whether a hold still matters;
//   - transfers asked by a phone (REFER, RFC 3515): accepted (202) only on a leg of a
//     configured phone — one that authenticated its INVITE, or one Luukku rang — and only
//     once the call is answered; refused (403) on trunk legs and outside calls. NUA answers
//     481 to a REFER in a dialog it does not know. The outcome goes back as the REFER's one
//     NOTIFY (message/sipfrag, Subscription-State terminated) when referResult() is called;
//   - shutdown: nua_shutdown, the loop kept running until nua_r_shutdown, then nua_destroy.
//
// Thread-safety: all public members are thread-safe. start() and stop() from one owner.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "metrics/metrics.h"

namespace luukku::telephony::sip {

using LegId = std::uint64_t;

struct TrunkConfig {
  std::string name;
  std::vector<std::string> allowed_sources;  // IP addresses its INVITEs may come from
  std::string username;                      // optional digest credentials it must present
  std::string password;
  // host:port of the operator's SIP server, where INVITEs to citizens are sent; empty when
  // Luukku places no calls through this trunk. At most one trunk has one. (Initialised so that
  // brace-initialisers listing only the fields above still compile without warnings.)
  std::string outbound_address{};
};

struct PhoneConfig {
  std::string extension;  // the SIP user name, e.g. "1001"
  std::string agent_id;   // the agent answering on it
  std::string password;
};

struct SipOptions {
  std::string listen = "127.0.0.1:5060";  // host:port for UDP and TCP
  std::string realm = "luukku";
  int min_expires = 60;  // shorter registrations get 423 Interval Too Brief
  int max_expires = 3600;
  int default_expires = 3600;
  // Transaction timeout (64 x T1); an answered call never ACKed ends after it.
  std::chrono::milliseconds transaction_timeout{32'000};
  int max_reinvites_per_10s = 10;
  // Digest authentication: how long a nonce is good for, and the lockout after failures
  // (per extension or trunk, per source address) within the window.
  std::chrono::seconds nonce_lifetime{60};
  int auth_failures_per_extension = 5;
  int auth_failures_per_address = 20;
  std::chrono::seconds auth_failure_window{15 * 60};
  std::chrono::seconds auth_lock{15 * 60};
  std::vector<TrunkConfig> trunks;
  std::vector<PhoneConfig> phones;
};

struct IncomingCall {
  LegId leg = 0;
  std::string call_id;
  std::string dialled;      // the Request-URI's user part
  std::string from_number;  // From, normalised (core/phone_number.h); empty when withheld
  std::string from_display;
  std::string source;  // "trunk:<name>" or "phone:<extension>"
  std::string sdp;     // the offer; may be empty
};

struct OutgoingCall {
  // The Request-URI: a phone's registered contact, or a number at the operator's SIP server
  // for a call out through a trunk ("sip:+358401234567@192.0.2.1:5060").
  std::string target;
  // A phone's extension: To is sip:<extension>@<realm> and the leg is a phone's (its REFERs
  // are heard). Empty for a call through a trunk: To is the target.
  std::string to_user;
  std::string from_display;  // shown on the phone (the service line's name)
  std::string from_user;     // the caller's number, "anonymous", or the service line's number
  // P-Asserted-Identity (RFC 3325), for an operator that takes the caller's identity from it:
  // a URI such as "sip:+358929000@operator.example" or "tel:+358929000". Empty: none. One
  // with a line break or angle bracket fails the leg at once (onLegEnded kFailed, 400).
  std::string asserted_identity;
  std::string sdp;  // Luukku's offer
};

// The dialog a transfer replaces (RFC 3891): an attended transfer names its consultation
// call. Tags as the Replaces header gives them: to-tag is Luukku's tag on that dialog.
struct Replaces {
  std::string call_id;
  std::string to_tag;
  std::string from_tag;
  bool early_only = false;
  LegId leg = 0;  // that dialog's live leg; 0 when it is none of Luukku's
};

// A phone's REFER: transfer the other party of `leg` to `target` (blind), or, with
// `replaces`, to the party of the consultation call it names (attended).
struct TransferRequest {
  LegId leg = 0;
  std::string target;      // the Refer-To URI's user part, unescaped: "1002", "+358401234567"
  std::string target_uri;  // the Refer-To URI without its header part
  std::optional<Replaces> replaces;
};

struct Registration {
  std::string extension;
  std::string agent_id;
  bool registered = false;
  std::string contact;  // where to send INVITEs while registered
  std::string user_agent;
  Timestamp expires_at{};  // by the stack's clock
  // The session credential's user name the binding authenticated with; empty: the phone's
  // configured password.
  std::string credential{};
};

// A browser phone's credential for an extension, issued for one staff session: REGISTER and
// INVITE as `extension` authenticate with digest user name `username` and `secret` until
// `expires_at` (by the stack's clock) or until the credentials of `owner` are revoked.
struct SessionCredential {
  std::string extension;
  std::string username;  // never an extension's own name
  std::string secret;
  std::string owner;  // whose they are (a staff session); revokeCredentials() names it
  Timestamp expires_at{};
};

enum class LegEnd {
  kRemoteHangUp,  // BYE or CANCEL from the other side
  kLocalHangUp,   // Luukku ended it
  kFailed,        // an outgoing call was refused (status: its final response, e.g. 486, 603)
  kTimeout,       // no ACK, no answer to our INVITE or a 408 to it, or transport failure
};

class SipListener {
 public:
  virtual ~SipListener() = default;
  virtual void onIncomingCall(IncomingCall call) = 0;
  virtual void onRinging(LegId leg) = 0;
  virtual void onAnswered(LegId leg, std::string sdp) = 0;
  virtual void onRemoteSdp(LegId leg, std::string sdp) = 0;  // a re-INVITE's offer
  virtual void onDtmfInfo(LegId leg, char digit) = 0;        // SIP INFO fallback
  virtual void onLegEnded(LegId leg, LegEnd how, int status) = 0;
  virtual void onRegistration(Registration registration) = 0;
  // The far end's answer to updateSdp()'s offer. (onRemoteSdp is for the far end's offers.)
  virtual void onSdpAnswered(LegId leg, std::string sdp) = 0;
  // updateSdp()'s re-INVITE failed with `status` (491: glare or one already in progress; 408:
  // no answer). The call goes on with the SDP it had, unless the status ends the dialog: then
  // onLegEnded follows.
  virtual void onSdpRefused(LegId leg, int status) = 0;
  // A phone asks for a transfer; the REFER was accepted (202). Answer with referResult().
  virtual void onRefer(TransferRequest refer) = 0;
};

class SipStack {
 public:
  // Borrows `clock` (authentication's time) and `metrics`; both must outlive the stack.
  SipStack(SipOptions options, SipListener& listener, const Clock& clock,
           metrics::Registry& metrics);
  ~SipStack();
  SipStack(const SipStack&) = delete;
  SipStack& operator=(const SipStack&) = delete;

  // Binds the listen address and starts the SIP thread; fails when the port is taken.
  Status start();
  // Ends live legs, shuts NUA down (waiting for nua_r_shutdown) and joins the thread.
  void stop();

  // Answers an incoming leg: 180/183 or 200 with `sdp`.
  void answer(LegId leg, int status, std::string sdp);
  // Refuses an incoming leg that was not answered.
  void reject(LegId leg, int status);
  // Called on the SIP thread once a command has run there: its request handed to NUA (or
  // none, when the leg was gone or the request refused). Never called for a command the
  // stopping stack drops. What the switchboard times its actions by (action_timing.h).
  using Sent = std::function<void()>;

  // Rings a phone; the returned id names the new leg in listener calls.
  LegId invite(OutgoingCall call, Sent sent = {});
  // CANCEL, BYE or a final refusal, whichever fits the leg's state.
  void hangUp(LegId leg, Sent sent = {});
  // Offers `sdp` on an answered leg with a re-INVITE (a=sendonly holds the far end, a=sendrecv
  // resumes); the answer comes as onSdpAnswered, a failure as onSdpRefused. Until answered
  // the leg's SDP, with which re-INVITEs from the far end are answered, stays the old one.
  // A leg that is not answered, is ending or has a re-INVITE outstanding gets
  // onSdpRefused(leg, 491) at once; an unknown leg, nothing.
  void updateSdp(LegId leg, std::string sdp);
  // Tells the phone how the transfer it asked for went: a NOTIFY with the message/sipfrag
  // "SIP/2.0 <status> <phrase>". A final status (200 or more) ends the REFER's subscription
  // (Subscription-State: terminated); 100-199 report progress and keep it. Nothing when no
  // REFER of the leg is waiting.
  void referResult(LegId leg, int status);

  // Accepts `credential` from now on (synchronously: a REGISTER that follows finds it). An
  // extension may have several (one per session); one with the same user name is replaced.
  void addCredential(SessionCredential credential);
  // Forgets every credential of `owner` (synchronously); bindings made with them are removed
  // within a second, and reported (onRegistration).
  void revokeCredentials(const std::string& owner);

  // A copy of the current registrations (every configured phone, registered or not).
  std::vector<Registration> registrations() const;
  std::size_t liveLegs() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace luukku::telephony::sip
