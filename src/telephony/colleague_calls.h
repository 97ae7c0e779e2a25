// ColleagueCalls: the calls a professional's desk phone dials to a colleague — another
// extension, or an agent with a phone on this switchboard — bridged through Luukku's media like
// every other leg (a B2BUA: the dialling phone's INVITE is one leg, the colleague's phone is
// rung with a second). They concern no citizen, so routing records nothing of them; it only
// offers neither professional anything while the call lasts (CallRouting::phoneEngaged, as for
// a consultation).
//
//   Ringing  --the colleague's phone rings (180/183)-------> Ringing (180 to the dialling phone)
//            --it answers--------------------------------> Talking (200 to the dialling phone)
//            --it refuses (486, 603, 480, ...)-----------> over (that status to the dialler)
//            --no answer within [dialing] no_answer_s----> over (480 to the dialler)
//            --the dialling phone gives up (CANCEL)------> over (the colleague's phone stops)
//   Talking  --either hangs up---------------------------> over (BYE to the other)
//            --handOver (the dialling phone's attended
//              transfer)---------------------------------> over for the dialling phone; the
//                                                          colleague's leg is the taker's
//
// A re-INVITE from either phone (a hold key) is answered by the SIP stack and only moves where
// that phone's audio is sent.
//
// Ownership: borrows the SIP stack, the media engine, routing and the context, which outlive it.
// Thread-safety: the call thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "telephony/call_routing.h"
#include "telephony/flow_shell.h"
#include "telephony/media/media_engine.h"
#include "telephony/sip/sip_stack.h"

namespace luukku::telephony {

class ColleagueCalls {
 public:
  // A professional's phone: whose, its extension, and where it is registered (the callee's).
  struct Phone {
    std::string agent_id;
    std::string extension;
    std::string contact{};
  };

  ColleagueCalls(sip::SipStack& sip, boost::asio::io_context& context, media::MediaEngine& media,
                 CallRouting& routing, std::chrono::seconds no_answer);
  ColleagueCalls(const ColleagueCalls&) = delete;
  ColleagueCalls& operator=(const ColleagueCalls&) = delete;

  // Rings `callee` for the phone `caller`, whose INVITE (not answered yet) is `in`; or refuses
  // that INVITE: 488 without G.711 in its offer, 503 without an RTP port.
  void start(const sip::IncomingCall& in, Phone caller, Phone callee);

  // SIP events of the legs of colleague calls; false for any other leg.
  bool ringing(sip::LegId leg);
  bool answered(sip::LegId leg, const std::string& sdp);
  bool remoteSdp(sip::LegId leg, const std::string& sdp);
  bool legEnded(sip::LegId leg, sip::LegEnd how, int status);

  // Whether the phone of `agent_id` is in a colleague call, dialling or dialled.
  bool onCall(const std::string& agent_id) const;
  // The answered colleague of the call that `agent_id`'s phone dialled on `phone_leg`, handed
  // over: its leg and media are the taker's now (and so is routing's hold on that colleague's
  // phone, phoneEngaged), and the dialling phone's leg is hung up. `handing` runs first, once
  // the call is found to be one. None when `phone_leg` is no such answered call.
  std::optional<HandedParty> handOver(sip::LegId phone_leg, const std::string& agent_id,
                                      const std::function<void()>& handing);
  // Hangs up every colleague call.
  void shutdown();

 private:
  struct Call {
    Phone caller;
    Phone callee;
    sip::LegId caller_leg = 0;
    media::MediaSessionPtr caller_media;
    std::string answer_sdp;  // the 200 that answers the caller's INVITE
    sip::LegId callee_leg = 0;
    media::MediaSessionPtr callee_media;
    bool answered = false;
    bool caller_engaged = false;
    bool callee_engaged = false;
    boost::asio::steady_timer timer;  // the colleague's phone rings this long

    explicit Call(boost::asio::io_context& context) : timer(context) {}
  };
  using CallPtr = std::shared_ptr<Call>;

  CallPtr find(sip::LegId leg) const;
  // Ends what is left of `call`: a caller not answered yet is refused with `status`, any other
  // leg hung up; media closed, routing's hold on both phones released.
  void endCall(const CallPtr& call, int status);

  sip::SipStack& sip_;
  boost::asio::io_context& context_;
  media::MediaEngine& media_;
  CallRouting& routing_;
  const std::chrono::seconds no_answer_;
  std::set<CallPtr> calls_;
  std::unordered_map<sip::LegId, CallPtr> by_leg_;
};

}  // namespace luukku::telephony
