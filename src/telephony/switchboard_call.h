// Switchboard::Call: one call's state in the switchboard's shell (switchboard.h) — its flow's
// state, its SIP legs (the caller's, the agent's, and a third party's for consultations and
// transfers), their media sessions, its timers and who waits for an answer. Shared by the
// shell's files (switchboard.cc, switchboard_controls.cc); nothing else includes it.
//
// Thread-safety: the call thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <optional>
#include <string>

#include "telephony/switchboard.h"
#include "telephony/talk_media.h"

namespace luukku::telephony {

struct Switchboard::Call {
  flow::CallState state;
  std::string source;
  std::string dialled;
  sip::LegId caller_leg = 0;
  media::MediaSessionPtr caller_media;
  sip::LegId agent_leg = 0;
  media::MediaSessionPtr agent_media;
  // The third party: whom the professional consults or hands the caller over to.
  sip::LegId other_leg = 0;
  media::MediaSessionPtr other_media;
  media::MediaMixPtr mix;  // all three, in a conference
  // The colleague whose phone the third leg took (routing offers them nothing meanwhile).
  std::optional<talk::Target> engaged;
  boost::asio::steady_timer timer;
  boost::asio::steady_timer talk_timer;  // the other party's phone rings this long
  bool live = true;                      // counted in luukku_calls_live
  // Who waits for the transfer to a queue in flight to be answered (the API, or a REFER), and
  // its timing (the API's): the BYE to the agent follows routing's answer.
  std::function<void(Status)> transfer_done;
  ActionTimingPtr transfer_timing;
  // Who waits for the answer to the talk's request being fed.
  std::function<void(Status)> request_done;

  explicit Call(boost::asio::io_context& context) : timer(context), talk_timer(context) {}
  TalkMedia talkMedia() { return {caller_media, agent_media, other_media, mix}; }
};

}  // namespace luukku::telephony
