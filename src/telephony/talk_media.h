// What the talk's media actions (talk_flow.h: Connect, Music, Mix) do to a call's media
// sessions, for both shells that run a talk: the switchboard's incoming calls and the dialler's
// outgoing ones. Each shell keeps its own legs; this is only how the three parties' sessions are
// joined, separated and mixed.
//
// Thread-safety: the call thread (the sessions' executor) only.
#pragma once

#include "telephony/media/media_engine.h"
#include "telephony/media/media_mix.h"
#include "telephony/talk_flow.h"

namespace luukku::telephony {

// One call's sessions by party (any may be null: a leg not up) and its mix, borrowed.
struct TalkMedia {
  media::MediaSessionPtr& customer;
  media::MediaSessionPtr& agent;
  media::MediaSessionPtr& other;
  media::MediaMixPtr& mix;

  media::MediaSessionPtr& of(talk::Party party) const;
};

// Carries out `action` when it is Connect, Music or Mix and says so; `music` is what a party on
// hold hears (looped). Anything else is left to the shell (false).
bool performTalkMedia(const TalkMedia& call, const talk::Action& action, media::MediaEngine& engine,
                      const media::AudioPtr& music);

// Closes the mix, if any: its members stay open, each on its own.
void closeMix(media::MediaMixPtr& mix);

}  // namespace luukku::telephony
