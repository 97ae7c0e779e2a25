// MediaMix: a conference in the media engine. Every member hears the sum of what the other
// members say, never itself: each 20 ms the media thread takes one decoded frame from each
// member's jitter buffer (silence when it has none), adds them up once, and sends each member
// the total minus its own frame, saturated to 16 bits and encoded in the member's codec with the
// member's own SSRC, sequence numbers and timestamps (as playback does).
//
// A session is in at most one mix. Adding it stops its playback and its relay (it is separated
// from the session it was bridged to) and takes it out of another mix; MediaSession::bridge(),
// separate(), play() and close() take it out of its mix. DTMF from members is still reported
// through the session's events; telephone events are not forwarded to the other members.
// A member on hold (no remote) stays in and is sent nothing.
//
// Ownership: MediaEngine::mix() returns a shared MediaMix; close(), or the last reference going
// away, takes every member out (their sessions stay open, idle). While in the mix a member's
// session is kept alive by it. The engine must outlive its mixes, as it must its sessions.
//
// Thread-safety: every public member is thread-safe; the members and their audio live on the
// media thread, and add(), remove() and close() post to it, in the order they are called.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace luukku::telephony::media {

class MediaEngine;
class MediaSession;
class Mixer;

class MediaMix {
 public:
  ~MediaMix();  // close()
  MediaMix(const MediaMix&) = delete;
  MediaMix& operator=(const MediaMix&) = delete;

  // Adds `member` (after stopping its playback and relay, and taking it out of any other mix).
  // Nothing happens if the mix or the session is closed, or if it is a member already.
  void add(std::shared_ptr<MediaSession> member);
  void remove(const std::shared_ptr<MediaSession>& member);
  // Takes every member out; later add()s are ignored. Idempotent.
  void close();
  // How many members the media thread has now (what was posted may not have run yet).
  std::size_t members() const;

 private:
  friend class MediaEngine;
  struct Private {};

 public:
  MediaMix(Private, MediaEngine& engine);

 private:
  MediaEngine& engine_;
  std::shared_ptr<Mixer> mixer_;  // its state on the media thread
  std::atomic<bool> closed_{false};
};
using MediaMixPtr = std::shared_ptr<MediaMix>;

}  // namespace luukku::telephony::media
