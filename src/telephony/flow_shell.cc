#include "telephony/flow_shell.h"

#include "telephony/sdp.h"

namespace luukku::telephony {

flow::LegEnd legEndOf(sip::LegEnd how) {
  switch (how) {
    case sip::LegEnd::kRemoteHangUp:
      return flow::LegEnd::kRemoteHangUp;
    case sip::LegEnd::kLocalHangUp:
      return flow::LegEnd::kLocalHangUp;
    case sip::LegEnd::kFailed:
      return flow::LegEnd::kFailed;
    case sip::LegEnd::kTimeout:
      return flow::LegEnd::kTimeout;
  }
  return flow::LegEnd::kFailed;
}

std::optional<UsableOffer> usableOffer(const std::string& sdp) {
  auto audio = parseSdp(sdp);
  if (!audio) return std::nullopt;
  auto codec = chooseCodec(*audio);
  if (!codec) return std::nullopt;
  return UsableOffer{std::move(*audio), *codec};
}

namespace {

void setRemote(media::MediaSession& session, const UsableOffer& offer) {
  const AudioOffer& a = offer.audio;
  session.setRemote(a.address, a.hold ? 0 : a.port, offer.codec, a.telephone_event_pt);
}

}  // namespace

bool setRemoteFromSdp(media::MediaSession& session, const std::string& sdp) {
  auto offer = usableOffer(sdp);
  if (!offer) return false;
  setRemote(session, *offer);
  return true;
}

std::string answerSdp(const media::MediaOptions& media, media::MediaSession& session,
                      const UsableOffer& offer, std::uint64_t session_id) {
  setRemote(session, offer);
  SdpParams p;
  p.address = media.address;
  p.port = session.localPort();
  p.codecs = {offer.codec};
  p.telephone_event_pt = offer.audio.telephone_event_pt;
  p.session_id = session_id;
  return buildSdp(p);
}

std::string offerSdp(const media::MediaOptions& media, const media::MediaSession& session,
                     std::uint64_t session_id) {
  SdpParams p;
  p.address = media.address;
  p.port = session.localPort();
  p.codecs = {media::Codec::kPcma, media::Codec::kPcmu};
  p.telephone_event_pt = 101;
  p.session_id = session_id;
  return buildSdp(p);
}

sip::OutgoingCall trunkCall(const TelephonyConfig& config, const std::string& number,
                            const std::string& caller_id, const std::string& display) {
  const sip::TrunkConfig* trunk = outboundTrunk(config);
  std::string host = trunk ? trunk->outbound_address : "";
  sip::OutgoingCall out;
  out.target = "sip:" + number + "@" + host;  // To is the target too
  out.from_display = display;
  out.from_user = caller_id;
  out.asserted_identity = "sip:" + caller_id + "@" + host;
  return out;
}

}  // namespace luukku::telephony
