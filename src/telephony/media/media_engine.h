// MediaEngine: RTP over UDP for every live call leg, on its own thread.
//
// Each call leg that Luukku anchors gets a MediaSession: one UDP port from the configured
// range, a remote address from the SDP, and one of four jobs at a time — play audio (prompts,
// music on hold) in 20 ms G.711 packets, record what the caller says to a WAV file, relay
// packets to and from a bridged session (the other leg of the call), or take part in a mix (a
// conference: media_mix.h). RFC 4733 telephone events are reported as DTMF digits in any job.
// Packets from anyone but the remote party are dropped.
//
// Receiving is batched: a session waits until its socket is readable, then takes what waits
// with one recvmmsg of up to PacketBatch::kSize packets (packet_batch.h), runs each through the
// same steps (latching, DTMF, recording, relaying) and forwards what goes to the bridged peer
// with one sendmmsg. Once the remote is latched the socket is connected to it, so the kernel
// filters strangers (they are then no longer counted as dropped) and sends need no route
// lookup; a new remote (or hold) disconnects it.
//
// Events (digits, playback ended, recording done) are delivered by posting to the executor the
// session was opened with, never on the media thread's stack of a caller.
//
// Ownership: open() returns a shared MediaSession; close() (or the last reference going away)
// returns its port; a mix (mix()) holds its members' sessions while they are in it. The engine
// must outlive its sessions' and mixes' use: stop() closes the sessions that remain, which
// takes them out of their mixes.
//
// Thread-safety: every public member of MediaEngine and MediaSession is thread-safe; session
// state lives on the media thread, and the public members post to it.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "metrics/metrics.h"
#include "telephony/media/audio.h"
#include "telephony/media/media_mix.h"
#include "telephony/media/rtp.h"

namespace luukku::telephony::media {

struct MediaOptions {
  std::string address = "127.0.0.1";  // where RTP ports are bound (and what SDP announces)
  std::uint16_t port_min = 20000;     // an even range; each session takes one port
  std::uint16_t port_max = 29999;
  int voice_level = 300;  // frame level above which a recording hears speech
};

struct RecordResult {
  enum class End { kPound, kSilence, kMaxLength, kStopped };
  std::string path;
  double seconds = 0;
  bool heard_voice = false;
  End end = End::kStopped;
  Status written;
};

struct MediaEvents {
  std::function<void(char digit)> dtmf;
  std::function<void(std::uint64_t play_id)> played;  // a playback that does not loop ended
  std::function<void(RecordResult)> recorded;
};

class MediaEngine;
class Mixer;
class PacketBatch;

class MediaSession : public std::enable_shared_from_this<MediaSession> {
 public:
  ~MediaSession();
  MediaSession(const MediaSession&) = delete;
  MediaSession& operator=(const MediaSession&) = delete;

  std::uint16_t localPort() const { return port_; }

  // Where to send RTP; `dtmf_pt` is the negotiated telephone-event type, or -1.
  void setRemote(std::string address, std::uint16_t port, Codec codec, int dtmf_pt);
  // Plays the clips one after another, replacing what was playing; `loop` repeats them. Takes
  // the session out of its mix. A playback that does not loop reports `played` when it ends,
  // at once when there is nothing to play.
  void play(std::vector<AudioPtr> clips, bool loop, std::uint64_t play_id);
  void stopPlaying();
  // Records what the remote party says until '#', `silence` seconds of quiet after speech (or
  // twice that before any), or `max_seconds`; the WAV is written to `path`.
  void record(std::string path, double max_seconds, double silence);
  void stopRecording();
  // Relays RTP both ways between this session and `peer` (transcoding PCMU/PCMA if needed);
  // both leave the mixes they are in.
  void bridge(std::shared_ptr<MediaSession> peer);
  // Stops relaying to and from the bridged session (a hold), or leaves the mix; both stay open.
  void separate();
  // Stops everything (leaving the mix) and returns the port. Idempotent.
  void close();

 private:
  friend class MediaEngine;
  friend class Mixer;
  struct Private {};

 public:
  MediaSession(Private, MediaEngine& engine, boost::asio::ip::udp::socket socket,
               std::uint16_t port, boost::asio::any_io_executor events_executor,
               MediaEvents events);

 private:
  void awaitPackets();
  void drain();
  void onPacket(std::span<std::uint8_t> packet, const boost::asio::ip::udp::endpoint& from);
  void latch();
  void unlatch();
  void relayTo(MediaSession& peer, std::span<std::uint8_t> packet, const RtpHeader& h);
  void restamp(std::span<std::uint8_t> packet, const RtpHeader& h);
  void tick(std::chrono::steady_clock::time_point now);
  void sendFrame(std::span<const std::int16_t> frame, bool marker);
  void finishRecording(RecordResult::End end);
  void unbridge();
  void leaveMix();
  void closeOnThread();
  bool wantsTick() const { return playing_ || recording_; }
  void updateTicking();
  // Tells the listener that the playback `play_id_` ended (on the events executor).
  void reportPlayed();

  MediaEngine& engine_;
  boost::asio::ip::udp::socket socket_;
  const std::uint16_t port_;
  boost::asio::any_io_executor events_executor_;
  MediaEvents events_;

  // Media thread only.
  bool closed_ = false;
  std::optional<boost::asio::ip::udp::endpoint> remote_;
  bool latched_ = false;    // a packet came from remote_; its port is fixed from then on
  bool connected_ = false;  // the socket is connected to remote_ (set once latched)
  Codec codec_ = Codec::kPcma;
  int dtmf_pt_ = -1;
  std::optional<std::uint32_t> last_event_ts_;
  // Sending.
  std::uint32_t ssrc_ = 0;
  std::uint16_t seq_ = 0;
  std::uint32_t timestamp_ = 0;
  // Playback.
  bool playing_ = false;
  bool loop_ = false;
  bool new_talkspurt_ = false;
  std::uint64_t play_id_ = 0;
  std::vector<AudioPtr> clips_;
  std::size_t clip_ = 0;
  std::size_t sample_ = 0;
  // Recording.
  bool recording_ = false;
  std::string record_path_;
  std::vector<std::int16_t> recorded_;
  std::chrono::steady_clock::time_point record_started_;
  std::chrono::steady_clock::time_point last_voice_;
  bool heard_voice_ = false;
  double record_max_ = 60;
  double record_silence_ = 3;
  // Relay.
  std::shared_ptr<MediaSession> peer_;
  // What is relayed to this session's remote, restamped into its own stream (restamp()).
  std::optional<std::uint32_t> relay_source_;  // the SSRC the offsets are for
  std::uint16_t relay_seq_offset_ = 0;
  std::uint32_t relay_ts_offset_ = 0;
  // Mix: the one this session is a member of, which holds it (and is alive while it does).
  Mixer* mixer_ = nullptr;
};
using MediaSessionPtr = std::shared_ptr<MediaSession>;

class MediaEngine {
 public:
  MediaEngine(MediaOptions options, metrics::Registry& metrics);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  Status start();
  void stop();  // closes every open session; idempotent

  // Binds a free port of the range; events go to `events_executor`.
  Result<MediaSessionPtr> open(boost::asio::any_io_executor events_executor, MediaEvents events);
  // A new, empty mix (a conference; media_mix.h).
  MediaMixPtr mix();

  std::size_t openPorts() const { return open_ports_.load(); }
  const MediaOptions& options() const { return options_; }
  boost::asio::io_context& context() { return context_; }

 private:
  friend class MediaSession;
  friend class MediaMix;
  friend class Mixer;
  void releasePort(std::uint16_t port);
  void startTicking(MediaSession* s);
  void stopTicking(MediaSession* s);
  void startMixing(std::shared_ptr<Mixer> m);
  void stopMixing(Mixer* m);
  void startClock();
  void scheduleTick();

  const MediaOptions options_;
  boost::asio::io_context context_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  boost::asio::steady_timer timer_{context_};
  std::chrono::steady_clock::time_point next_tick_;
  bool timer_running_ = false;
  std::set<MediaSession*> ticking_;     // media thread
  std::unique_ptr<PacketBatch> batch_;  // media thread: receive buffers shared by every session

  mutable std::mutex ports_mu_;
  std::vector<bool> port_used_;  // guarded by ports_mu_; index (port - port_min) / 2
  std::size_t cursor_ = 0;       // guarded by ports_mu_
  std::atomic<std::size_t> open_ports_{0};
  std::mutex sessions_mu_;
  std::set<std::weak_ptr<MediaSession>, std::owner_less<std::weak_ptr<MediaSession>>> sessions_;
  // Media thread: the mixes with members, ticked with the sessions. Declared after what a
  // session's release needs, since a mixer going away can release the last of its members.
  std::vector<std::shared_ptr<Mixer>> mixing_;

 public:
  metrics::Gauge& ports_gauge;
  metrics::Counter& packets_in;
  metrics::Counter& packets_out;
  metrics::Counter& packets_relayed;
  metrics::Counter& packets_dropped;
  metrics::Counter& dtmf_digits;
  metrics::Gauge& mixes_open;
  metrics::Counter& frames_mixed;
  metrics::Counter& mix_frames_dropped;
};

}  // namespace luukku::telephony::media
