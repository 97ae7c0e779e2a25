// RTP (RFC 3550) packets as the media engine sees them, G.711 (spandsp) and RFC 4733
// telephone events. Parsing never trusts its input: anything malformed yields nullopt.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace luukku::telephony::media {

enum class Codec : std::uint8_t { kPcmu = 0, kPcma = 8 };

struct RtpHeader {
  std::uint8_t payload_type = 0;
  bool marker = false;
  std::uint16_t seq = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::size_t payload_offset = 0;  // where the payload starts in the packet
  std::size_t payload_size = 0;
};

inline constexpr std::size_t kRtpHeaderSize = 12;

// Version 2 only; CSRCs, an extension and padding are accounted for.
std::optional<RtpHeader> parseRtp(std::span<const std::uint8_t> packet);
// Writes a 12-byte header into `out` (which must hold at least kRtpHeaderSize bytes).
void writeRtpHeader(std::span<std::uint8_t> out, const RtpHeader& h);

// G.711 one sample per byte.
void encodeG711(Codec codec, std::span<const std::int16_t> in, std::span<std::uint8_t> out);
void decodeG711(Codec codec, std::span<const std::uint8_t> in, std::span<std::int16_t> out);

// RFC 4733 telephone-event payload.
struct TelephoneEvent {
  std::uint8_t event = 0;  // 0-9, 10 '*', 11 '#', 12-15 'A'-'D'
  bool end = false;
  std::uint16_t duration = 0;
};
std::optional<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload);
// '0'-'9', '*', '#', 'A'-'D'; 0 for events that are not DTMF digits.
char dtmfDigit(std::uint8_t event);
// The event code of a digit, or nullopt.
std::optional<std::uint8_t> dtmfEvent(char digit);

}  // namespace luukku::telephony::media
