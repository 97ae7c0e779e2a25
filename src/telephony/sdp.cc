#include "telephony/sdp.h"

#include <charconv>
#include <sstream>
#include <string_view>

namespace luukku::telephony {
namespace {

std::vector<std::string_view> splitWords(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<int> toInt(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<Direction> direction(std::string_view attribute) {
  if (attribute == "sendrecv") return Direction::kSendRecv;
  if (attribute == "sendonly") return Direction::kSendOnly;
  if (attribute == "recvonly") return Direction::kRecvOnly;
  if (attribute == "inactive") return Direction::kInactive;
  return std::nullopt;
}

const char* directionAttribute(Direction d) {
  switch (d) {
    case Direction::kSendRecv:
      return "sendrecv";
    case Direction::kSendOnly:
      return "sendonly";
    case Direction::kRecvOnly:
      return "recvonly";
    case Direction::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

}  // namespace

Result<AudioOffer> parseSdp(const std::string& sdp) {
  if (sdp.empty()) return invalidArgument("no SDP");
  if (sdp.size() > 8192) return invalidArgument("SDP larger than 8 KiB");
  AudioOffer offer;
  std::string session_address;
  bool in_audio = false, seen_audio = false, seen_media = false, done = false;
  std::string media_address;
  std::optional<Direction> session_direction, media_direction;
  std::string_view rest(sdp);
  while (!rest.empty() && !done) {
    auto eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2 || line[1] != '=') continue;
    char type = line[0];
    std::string_view value = line.substr(2);
    if (type == 'm') {
      if (seen_audio) {
        done = true;
        break;
      }
      seen_media = true;
      auto w = splitWords(value);
      in_audio = w.size() >= 4 && w[0] == "audio" && w[2].starts_with("RTP/AVP");
      if (!in_audio) continue;
      seen_audio = true;
      auto port = toInt(w[1]);
      if (!port || *port < 0 || *port > 65535) return invalidArgument("bad audio port in SDP");
      offer.port = static_cast<std::uint16_t>(*port);
      for (std::size_t i = 3; i < w.size() && offer.payload_types.size() < 32; ++i) {
        if (auto pt = toInt(w[i]); pt && *pt >= 0 && *pt < 128) offer.payload_types.push_back(*pt);
      }
    } else if (type == 'c') {
      auto w = splitWords(value);
      if (w.size() < 3 || w[0] != "IN" || (w[1] != "IP4" && w[1] != "IP6")) continue;
      std::string addr(w[2].substr(0, w[2].find('/')));
      if (in_audio) {
        media_address = addr;
      } else if (!seen_audio) {
        session_address = addr;
      }
    } else if (type == 'a' && !seen_media) {
      if (auto d = direction(value)) session_direction = d;
    } else if (type == 'a' && in_audio) {
      if (auto d = direction(value)) media_direction = d;
      if (value.starts_with("rtpmap:")) {
        auto v = value.substr(7);
        auto sp = v.find(' ');
        if (sp == std::string_view::npos) continue;
        auto pt = toInt(v.substr(0, sp));
        std::string_view enc = v.substr(sp + 1);
        if (pt &&
            (enc.starts_with("telephone-event/8000") || enc.starts_with("TELEPHONE-EVENT/8000"))) {
          offer.telephone_event_pt = *pt;
        }
      }
    }
  }
  if (!seen_audio) return invalidArgument("SDP has no audio stream");
  offer.address = media_address.empty() ? session_address : media_address;
  if (offer.address.empty()) return invalidArgument("SDP has no connection address");
  offer.direction = media_direction.value_or(session_direction.value_or(Direction::kSendRecv));
  offer.hold = offer.direction == Direction::kSendOnly || offer.direction == Direction::kInactive ||
               offer.address == "0.0.0.0";
  return offer;
}

std::optional<media::Codec> chooseCodec(const AudioOffer& offer) {
  for (int pt : offer.payload_types) {
    if (pt == 8) return media::Codec::kPcma;
    if (pt == 0) return media::Codec::kPcmu;
  }
  return std::nullopt;
}

std::string buildSdp(const SdpParams& p) {
  bool v6 = p.address.find(':') != std::string::npos;
  const char* family = v6 ? "IP6" : "IP4";
  std::ostringstream s;
  s << "v=0\r\n"
    << "o=luukku " << p.session_id << ' ' << p.version << " IN " << family << ' ' << p.address
    << "\r\n"
    << "s=Luukku\r\n"
    << "c=IN " << family << ' ' << p.address << "\r\n"
    << "t=0 0\r\n"
    << "m=audio " << p.port << " RTP/AVP";
  for (auto c : p.codecs) s << ' ' << static_cast<int>(c);
  if (p.telephone_event_pt >= 0) s << ' ' << p.telephone_event_pt;
  s << "\r\n";
  for (auto c : p.codecs) {
    s << "a=rtpmap:" << static_cast<int>(c)
      << (c == media::Codec::kPcma ? " PCMA/8000" : " PCMU/8000") << "\r\n";
  }
  if (p.telephone_event_pt >= 0) {
    s << "a=rtpmap:" << p.telephone_event_pt << " telephone-event/8000\r\n"
      << "a=fmtp:" << p.telephone_event_pt << " 0-15\r\n";
  }
  s << "a=ptime:20\r\na=" << directionAttribute(p.direction) << "\r\n";
  return s.str();
}

}  // namespace luukku::telephony
