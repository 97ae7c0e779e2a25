#include "telephony/media/rtp.h"

#include <spandsp.h>

namespace luukku::telephony::media {

std::optional<RtpHeader> parseRtp(std::span<const std::uint8_t> p) {
  if (p.size() < kRtpHeaderSize) return std::nullopt;
  if ((p[0] >> 6) != 2) return std::nullopt;
  bool padding = (p[0] & 0x20) != 0;
  bool extension = (p[0] & 0x10) != 0;
  std::size_t csrc = p[0] & 0x0f;
  RtpHeader h;
  h.marker = (p[1] & 0x80) != 0;
  h.payload_type = p[1] & 0x7f;
  if (h.payload_type >= 72 && h.payload_type <= 76) return std::nullopt;  // RTCP, not RTP
  h.seq = static_cast<std::uint16_t>(p[2] << 8 | p[3]);
  h.timestamp = static_cast<std::uint32_t>(p[4]) << 24 | static_cast<std::uint32_t>(p[5]) << 16 |
                static_cast<std::uint32_t>(p[6]) << 8 | p[7];
  h.ssrc = static_cast<std::uint32_t>(p[8]) << 24 | static_cast<std::uint32_t>(p[9]) << 16 |
           static_cast<std::uint32_t>(p[10]) << 8 | p[11];
  std::size_t offset = kRtpHeaderSize + 4 * csrc;
  if (extension) {
    if (p.size() < offset + 4) return std::nullopt;
    std::size_t words = static_cast<std::size_t>(p[offset + 2] << 8 | p[offset + 3]);
    offset += 4 + 4 * words;
  }
  std::size_t end = p.size();
  if (padding) {
    std::size_t pad = p.back();
    if (pad == 0 || pad > end) return std::nullopt;
    end -= pad;
  }
  if (offset > end) return std::nullopt;
  h.payload_offset = offset;
  h.payload_size = end - offset;
  return h;
}

void writeRtpHeader(std::span<std::uint8_t> out, const RtpHeader& h) {
  out[0] = 0x80;
  out[1] = static_cast<std::uint8_t>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f));
  out[2] = static_cast<std::uint8_t>(h.seq >> 8);
  out[3] = static_cast<std::uint8_t>(h.seq);
  for (int i = 0; i < 4; ++i) {
    out[4 + i] = static_cast<std::uint8_t>(h.timestamp >> (24 - 8 * i));
    out[8 + i] = static_cast<std::uint8_t>(h.ssrc >> (24 - 8 * i));
  }
}

void encodeG711(Codec codec, std::span<const std::int16_t> in, std::span<std::uint8_t> out) {
  std::size_t n = in.size() < out.size() ? in.size() : out.size();
  if (codec == Codec::kPcmu) {
    for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_ulaw(in[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_alaw(in[i]);
  }
}

void decodeG711(Codec codec, std::span<const std::uint8_t> in, std::span<std::int16_t> out) {
  std::size_t n = in.size() < out.size() ? in.size() : out.size();
  if (codec == Codec::kPcmu) {
    for (std::size_t i = 0; i < n; ++i) out[i] = ulaw_to_linear(in[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = alaw_to_linear(in[i]);
  }
}

std::optional<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload) {
  if (payload.size() < 4) return std::nullopt;
  TelephoneEvent e;
  e.event = payload[0];
  e.end = (payload[1] & 0x80) != 0;
  e.duration = static_cast<std::uint16_t>(payload[2] << 8 | payload[3]);
  return e;
}

char dtmfDigit(std::uint8_t event) {
  static constexpr char kDigits[] = "0123456789*#ABCD";
  return event < 16 ? kDigits[event] : 0;
}

std::optional<std::uint8_t> dtmfEvent(char digit) {
  static constexpr char kDigits[] = "0123456789*#ABCD";
  for (std::uint8_t i = 0; i < 16; ++i) {
    if (kDigits[i] == digit) return i;
  }
  return std::nullopt;
}

}  // namespace luukku::telephony::media
