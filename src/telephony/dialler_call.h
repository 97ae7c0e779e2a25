// Dialler::Call: one outgoing call's state in the dialler's shell (dialler.h) — its flow's
// state, its legs (the professional's, the dialled party's, and a consulted party's) and their
// media sessions, and its timers. Shared by the shell's files (dialler.cc, dialler_phone.cc);
// nothing else includes it.
//
// Thread-safety: the call thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <optional>
#include <string>

#include "telephony/dialler.h"
#include "telephony/talk_media.h"

namespace luukku::telephony {

struct Dialler::Call {
  dial::DialState state;
  LineInfo line;
  AgentPhone phone;
  std::string caller_id;  // the line's number, shown to the dialled party
  core::Actor actor;
  std::function<void(Result<ports::DialStarted>)> started;  // the request's answer, once
  sip::LegId agent_leg = 0;
  media::MediaSessionPtr agent_media;
  sip::LegId remote_leg = 0;
  media::MediaSessionPtr remote_media;
  // The party the professional consults, and all three in a conference.
  sip::LegId other_leg = 0;
  media::MediaSessionPtr other_media;
  media::MediaMixPtr mix;
  std::optional<talk::Target> engaged;  // the colleague whose phone the third leg took
  boost::asio::steady_timer timer;
  boost::asio::steady_timer talk_timer;  // the consulted party's phone rings this long
  // Who waits for the answer to the talk's request being fed.
  std::function<void(Status)> request_done;
  // Dialled by the desk phone (DialState::from_phone): the 200 that answers its INVITE.
  std::string phone_answer_sdp;

  explicit Call(boost::asio::io_context& context) : timer(context), talk_timer(context) {}
  TalkMedia talkMedia() { return {remote_media, agent_media, other_media, mix}; }
};

}  // namespace luukku::telephony
