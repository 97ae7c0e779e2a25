// The SDP Luukku reads and writes (RFC 4566, offer/answer per RFC 3264) — just enough for
// one G.711 audio stream with RFC 4733 telephone events: the connection address, the audio
// port, the payload types offered and their rtpmaps, and the stream's direction (hold).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "telephony/media/rtp.h"

namespace luukku::telephony {

// The audio stream's direction attribute (RFC 3264 section 5.1), from the writer's side:
// sendonly puts the other party on hold (RFC 3264 section 8.4), sendrecv takes it off.
enum class Direction { kSendRecv, kSendOnly, kRecvOnly, kInactive };

struct AudioOffer {
  std::string address;             // c= of the audio stream (or of the session)
  std::uint16_t port = 0;          // 0: the stream is rejected
  std::vector<int> payload_types;  // in order of preference
  int telephone_event_pt = -1;     // from a=rtpmap:<pt> telephone-event/8000
  // As written: the audio stream's a= direction, else the session's, else sendrecv.
  Direction direction = Direction::kSendRecv;
  // The writer holds us: it will not listen (sendonly, inactive) or gave no address
  // (c=0.0.0.0, RFC 2543 hold); send it nothing.
  bool hold = false;
};

// Reads the first audio stream; an SDP without one, or larger than 8 KiB, is an error.
Result<AudioOffer> parseSdp(const std::string& sdp);

// The codec to answer with: the first of PCMA/PCMU in the offer's order.
std::optional<media::Codec> chooseCodec(const AudioOffer& offer);

struct SdpParams {
  std::string address;
  std::uint16_t port = 0;
  std::vector<media::Codec> codecs;  // first is preferred
  int telephone_event_pt = 101;      // -1: do not offer telephone events
  std::uint64_t session_id = 1;
  std::uint64_t version = 1;  // raise it for every new offer in a session (re-INVITE)
  Direction direction = Direction::kSendRecv;
};
std::string buildSdp(const SdpParams& p);

}  // namespace luukku::telephony
