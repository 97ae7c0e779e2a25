#include "telephony/talk_media.h"

#include <utility>
#include <variant>

namespace luukku::telephony {

media::MediaSessionPtr& TalkMedia::of(talk::Party party) const {
  switch (party) {
    case talk::Party::kCustomer:
      return customer;
    case talk::Party::kAgent:
      return agent;
    case talk::Party::kOther:
      return other;
  }
  return other;
}

void closeMix(media::MediaMixPtr& mix) {
  if (mix) std::exchange(mix, nullptr)->close();
}

bool performTalkMedia(const TalkMedia& call, const talk::Action& action, media::MediaEngine& engine,
                      const media::AudioPtr& music) {
  if (const auto* connect = std::get_if<talk::Connect>(&action)) {
    closeMix(call.mix);
    auto& one = call.of(connect->a);
    auto& two = call.of(connect->b);
    if (one && two) {
      one->stopPlaying();
      two->stopPlaying();
      one->bridge(two);
    }
    return true;
  }
  if (const auto* hold = std::get_if<talk::Music>(&action)) {
    closeMix(call.mix);
    if (auto& session = call.of(hold->party)) {
      session->separate();
      std::vector<media::AudioPtr> clips;
      if (music) clips.push_back(music);
      session->play(std::move(clips), true, 0);
    }
    return true;
  }
  if (std::holds_alternative<talk::Mix>(action)) {
    call.mix = engine.mix();
    for (auto party : {talk::Party::kCustomer, talk::Party::kAgent, talk::Party::kOther}) {
      if (auto& session = call.of(party)) call.mix->add(session);
    }
    return true;
  }
  return false;
}

}  // namespace luukku::telephony
