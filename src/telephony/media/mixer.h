// Mixer: what a MediaMix (media_mix.h) is on the media thread — its members, the audio each
// has sent and not yet mixed, and the 20 ms mixing step — and the pieces it is made of.
//
// Ownership: the MediaMix handle and, while it has members, the engine (which ticks it) share
// the Mixer; the Mixer holds a reference to each member's session, and each member's session
// points back to it (MediaSession::mixer_), which stays valid while the session is a member
// because a mixer with members is held by the engine.
//
// Thread-safety: JitterBuffer and mixMinusOwn() have none and need none; every member of Mixer
// runs on the media thread, except members(), which any thread may read.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "telephony/media/audio.h"
#include "telephony/media/rtp.h"

namespace luukku::telephony::media {

class MediaEngine;
class MediaSession;

using Frame = std::array<std::int16_t, kFrameSamples>;  // 20 ms of decoded audio

// What one member said, decoded, waiting to be mixed: a bounded FIFO of samples, taken one
// 20 ms frame per tick. Packets of any length are accepted (a ptime other than 20 ms simply
// fills it in other steps); a member that sends faster than the clock takes (its clock runs
// fast, or a burst after a network stall) loses its oldest audio, a frame at a time, rather
// than being heard ever later. Latency that jitter left standing is given back: when a whole
// second went by with at least one frame more than the tick needed always waiting, the oldest
// frame is dropped with the next packet. Packets are taken in arrival order: RTP on a LAN or a
// trunk seldom reorders, and a late packet is heard late rather than dropped.
class JitterBuffer {
 public:
  static constexpr std::size_t kFrames = 4;  // 80 ms: enough for a late packet or two
  static constexpr std::size_t kCapacity = kFrames * kFrameSamples;
  static constexpr int kTrimTicks = 50;  // one second

  // Appends `samples`; returns how many frames of the oldest audio were dropped for them (to
  // fit them, or to give back standing latency).
  std::size_t push(std::span<const std::int16_t> samples);
  // Takes the next frame into `out`, silence where there is not enough; false if there was none.
  bool pop(Frame& out);
  std::size_t samples() const { return size_; }

 private:
  void dropFrame();

  std::array<std::int16_t, kCapacity> ring_{};
  std::size_t head_ = 0;  // the oldest sample
  std::size_t size_ = 0;
  std::size_t least_ = kCapacity;  // the fewest samples waiting at a pop in this second
  int pops_ = 0;                   // pops in this second
  bool trim_ = false;              // drop a frame with the next push
};

// What each member hears: out[k] = in[0] + ... + in[n-1] - in[k], saturated to 16 bits. The
// total is computed once, so a tick costs O(n) per sample, not O(n²). `out` is as long as `in`.
void mixMinusOwn(std::span<const Frame> in, std::span<Frame> out);

class Mixer : public std::enable_shared_from_this<Mixer> {
 public:
  explicit Mixer(MediaEngine& engine) : engine_(engine) {}

  // See MediaMix::add(), remove(), close().
  void add(std::shared_ptr<MediaSession> member);
  void remove(MediaSession& member);
  void close();
  // A member's audio payload (G.711 in `codec`), from its session's receive path.
  void hear(const MediaSession& member, Codec codec, std::span<const std::uint8_t> payload);
  // Mixes one frame for every member and sends it; the engine calls it every 20 ms.
  void tick();
  std::size_t members() const { return count_.load(); }

 private:
  struct Member {
    std::shared_ptr<MediaSession> session;
    JitterBuffer input;
    bool joined = true;  // nothing sent yet: the first packet is marked (a new talkspurt)
  };
  void countMembers();

  MediaEngine& engine_;
  bool closed_ = false;
  std::vector<std::unique_ptr<Member>> members_;
  std::vector<Frame> in_;   // scratch for tick(), kept to avoid allocating every 20 ms
  std::vector<Frame> out_;  // likewise
  std::atomic<std::size_t> count_{0};
};

}  // namespace luukku::telephony::media
