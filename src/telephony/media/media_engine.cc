#include "telephony/media/media_engine.h"

#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <random>

#include "core/must_stop.h"
#include "telephony/media/mixer.h"
#include "telephony/media/packet_batch.h"

namespace luukku::telephony::media {
namespace asio = boost::asio;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kPtime = std::chrono::milliseconds(20);

std::uint32_t randomU32() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return rng();
}
}  // namespace

// ---- MediaEngine ------------------------------------------------------------------------------

MediaEngine::MediaEngine(MediaOptions options, metrics::Registry& m)
    : options_(std::move(options)),
      batch_(std::make_unique<PacketBatch>()),
      ports_gauge(m.gauge("luukku_rtp_ports_open", "RTP ports open for call legs")),
      packets_in(m.counter("luukku_rtp_packets_received_total", "RTP packets received")),
      packets_out(
          m.counter("luukku_rtp_packets_sent_total", "RTP packets sent from prompts and music")),
      packets_relayed(
          m.counter("luukku_rtp_packets_relayed_total", "RTP packets relayed between call legs")),
      packets_dropped(m.counter("luukku_rtp_packets_dropped_total",
                                "RTP packets dropped (unknown source, malformed, no peer)")),
      dtmf_digits(m.counter("luukku_dtmf_digits_total", "DTMF digits received (RFC 4733)")),
      mixes_open(m.gauge("luukku_rtp_mixes_open", "Conference mixes open")),
      frames_mixed(m.counter("luukku_rtp_frames_mixed_total",
                             "20 ms frames mixed and sent to conference members")),
      mix_frames_dropped(m.counter("luukku_rtp_mix_frames_dropped_total",
                                   "20 ms frames of a conference member's audio dropped because "
                                   "it arrived faster than the mix took it")) {
  std::size_t slots = options_.port_max >= options_.port_min
                          ? static_cast<std::size_t>(options_.port_max - options_.port_min) / 2 + 1
                          : 0;
  port_used_.assign(slots, false);
}

MediaEngine::~MediaEngine() {
  core::mustStop("the media engine", [this] { stop(); });
}

Status MediaEngine::start() {
  if (port_used_.empty() || options_.port_min % 2 != 0) {
    return invalidArgument("the RTP port range must start at an even port and hold at least one");
  }
  work_.emplace(context_.get_executor());
  thread_ = std::thread([this] { context_.run(); });
  return Status::ok();
}

void MediaEngine::stop() {
  if (!thread_.joinable()) return;
  std::vector<MediaSessionPtr> live;
  {
    std::lock_guard lock(sessions_mu_);
    for (const auto& w : sessions_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->close();
  live.clear();
  asio::post(context_, [this] {
    timer_.cancel();
    work_.reset();
  });
  thread_.join();
}

Result<MediaSessionPtr> MediaEngine::open(asio::any_io_executor events_executor,
                                          MediaEvents events) {
  std::lock_guard lock(ports_mu_);
  auto address = asio::ip::make_address(options_.address);
  for (std::size_t tries = 0; tries < port_used_.size(); ++tries) {
    std::size_t slot = cursor_;
    cursor_ = (cursor_ + 1) % port_used_.size();
    if (port_used_[slot]) continue;
    auto port = static_cast<std::uint16_t>(options_.port_min + 2 * slot);
    udp::socket socket(context_);
    boost::system::error_code ec;
    socket.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
    if (!ec) socket.bind(udp::endpoint(address, port), ec);
    if (ec) continue;  // taken by another program; try the next one
    port_used_[slot] = true;
    open_ports_.fetch_add(1);
    ports_gauge.add(1);
    auto session =
        std::make_shared<MediaSession>(MediaSession::Private{}, *this, std::move(socket), port,
                                       std::move(events_executor), std::move(events));
    {
      std::lock_guard slock(sessions_mu_);
      sessions_.insert(session);
    }
    // Waiting (not reading) first: a packet that is already there is handled after whatever
    // the caller posts next (its remote, say), as a later one would be.
    asio::post(context_, [s = session] { s->awaitPackets(); });
    return session;
  }
  return unavailable("no free RTP port in " + std::to_string(options_.port_min) + "-" +
                     std::to_string(options_.port_max));
}

MediaMixPtr MediaEngine::mix() {
  mixes_open.add(1);
  return std::make_shared<MediaMix>(MediaMix::Private{}, *this);
}

void MediaEngine::releasePort(std::uint16_t port) {
  {
    std::lock_guard lock(ports_mu_);
    port_used_[static_cast<std::size_t>(port - options_.port_min) / 2] = false;
  }
  open_ports_.fetch_sub(1);
  ports_gauge.add(-1);
  std::lock_guard slock(sessions_mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->expired() ? sessions_.erase(it) : std::next(it);
  }
}

void MediaEngine::startTicking(MediaSession* s) {
  ticking_.insert(s);
  startClock();
}

void MediaEngine::stopTicking(MediaSession* s) {
  ticking_.erase(s);
}

void MediaEngine::startMixing(std::shared_ptr<Mixer> m) {
  mixing_.push_back(std::move(m));
  startClock();
}

void MediaEngine::stopMixing(Mixer* m) {
  std::erase_if(mixing_, [m](const auto& p) { return p.get() == m; });
}

void MediaEngine::startClock() {
  if (!timer_running_) {
    timer_running_ = true;
    next_tick_ = Clock::now() + kPtime;
    scheduleTick();
  }
}

void MediaEngine::scheduleTick() {
  timer_.expires_at(next_tick_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) {
      timer_running_ = false;
      return;
    }
    auto now = Clock::now();
    // A late wake-up catches up by at most a few frames, then resynchronises.
    next_tick_ += kPtime;
    if (now - next_tick_ > std::chrono::milliseconds(100)) next_tick_ = now + kPtime;
    std::vector<MediaSession*> due(ticking_.begin(), ticking_.end());
    for (MediaSession* s : due) {
      if (ticking_.count(s)) s->tick(now);
    }
    // A copy holds each mixer through its tick; one that lost its members meanwhile does nothing.
    std::vector<std::shared_ptr<Mixer>> mixes = mixing_;
    for (const auto& m : mixes) m->tick();
    if (ticking_.empty() && mixing_.empty()) {
      timer_running_ = false;
      return;
    }
    scheduleTick();
  });
}

// ---- MediaSession -----------------------------------------------------------------------------

MediaSession::MediaSession(Private, MediaEngine& engine, udp::socket socket, std::uint16_t port,
                           asio::any_io_executor events_executor, MediaEvents events)
    : engine_(engine),
      socket_(std::move(socket)),
      port_(port),
      events_executor_(std::move(events_executor)),
      events_(std::move(events)),
      ssrc_(randomU32()),
      seq_(static_cast<std::uint16_t>(randomU32())),
      timestamp_(randomU32()) {}

MediaSession::~MediaSession() {
  if (!closed_) {
    boost::system::error_code ec;
    socket_.close(ec);
    engine_.releasePort(port_);
  }
}

void MediaSession::setRemote(std::string address, std::uint16_t port, Codec codec, int dtmf_pt) {
  asio::post(engine_.context(),
             [self = shared_from_this(), address = std::move(address), port, codec, dtmf_pt] {
               boost::system::error_code ec;
               auto a = asio::ip::make_address(address, ec);
               if (ec || port == 0) {
                 self->remote_.reset();  // "0.0.0.0" or port 0: the remote holds the stream
               } else {
                 self->remote_ = udp::endpoint(a, port);
               }
               self->codec_ = codec;
               self->dtmf_pt_ = dtmf_pt;
               self->unlatch();
             });
}

void MediaSession::play(std::vector<AudioPtr> clips, bool loop, std::uint64_t play_id) {
  asio::post(engine_.context(),
             [self = shared_from_this(), clips = std::move(clips), loop, play_id]() mutable {
               if (self->closed_) return;
               self->leaveMix();
               self->clips_ = std::move(clips);
               self->loop_ = loop;
               self->play_id_ = play_id;
               self->clip_ = 0;
               self->sample_ = 0;
               self->playing_ = !self->clips_.empty();
               self->new_talkspurt_ = true;
               self->updateTicking();
               // Nothing to play (no place in line to tell) has ended at once.
               if (!self->playing_ && !loop) self->reportPlayed();
             });
}

void MediaSession::reportPlayed() {
  if (events_.played) {
    asio::post(events_executor_, [f = events_.played, id = play_id_] { f(id); });
  }
}

void MediaSession::stopPlaying() {
  asio::post(engine_.context(), [self = shared_from_this()] {
    self->playing_ = false;
    self->clips_.clear();
    self->updateTicking();
  });
}

void MediaSession::record(std::string path, double max_seconds, double silence) {
  asio::post(engine_.context(),
             [self = shared_from_this(), path = std::move(path), max_seconds, silence]() mutable {
               if (self->closed_) return;
               self->recording_ = true;
               self->record_path_ = std::move(path);
               self->recorded_.clear();
               self->recorded_.reserve(static_cast<std::size_t>(kSampleRate) * 10);
               self->record_started_ = Clock::now();
               self->last_voice_ = self->record_started_;
               self->heard_voice_ = false;
               self->record_max_ = max_seconds;
               self->record_silence_ = silence;
               self->updateTicking();
             });
}

void MediaSession::stopRecording() {
  asio::post(engine_.context(), [self = shared_from_this()] {
    if (self->recording_) self->finishRecording(RecordResult::End::kStopped);
  });
}

void MediaSession::bridge(std::shared_ptr<MediaSession> peer) {
  asio::post(engine_.context(), [self = shared_from_this(), peer = std::move(peer)] {
    if (self->closed_ || peer->closed_) return;
    self->unbridge();
    peer->unbridge();
    self->leaveMix();
    peer->leaveMix();
    self->playing_ = peer->playing_ = false;
    self->updateTicking();
    peer->updateTicking();
    self->peer_ = peer;
    peer->peer_ = self;
  });
}

void MediaSession::separate() {
  asio::post(engine_.context(), [self = shared_from_this()] {
    self->unbridge();
    self->leaveMix();
  });
}

void MediaSession::close() {
  asio::post(engine_.context(), [self = shared_from_this()] { self->closeOnThread(); });
}

void MediaSession::closeOnThread() {
  if (closed_) return;
  if (recording_) finishRecording(RecordResult::End::kStopped);
  unbridge();
  leaveMix();
  playing_ = false;
  clips_.clear();
  engine_.stopTicking(this);
  closed_ = true;
  boost::system::error_code ec;
  socket_.close(ec);
  engine_.releasePort(port_);
}

void MediaSession::unbridge() {
  if (peer_) {
    auto peer = std::move(peer_);
    peer_.reset();
    if (peer->peer_.get() == this) peer->peer_.reset();
  }
}

void MediaSession::leaveMix() {
  if (mixer_) mixer_->remove(*this);
}

void MediaSession::updateTicking() {
  if (wantsTick() && !closed_) {
    engine_.startTicking(this);
  } else {
    engine_.stopTicking(this);
  }
}

void MediaSession::awaitPackets() {
  if (closed_) return;
  socket_.async_wait(udp::socket::wait_read,
                     [self = shared_from_this()](boost::system::error_code ec) {
                       if (ec == asio::error::operation_aborted || self->closed_) return;
                       self->drain();
                     });
}

void MediaSession::drain() {
  if (closed_) return;
  PacketBatch& batch = *engine_.batch_;
  std::size_t count = batch.receive(socket_.native_handle());
  engine_.packets_in.add(count);
  for (std::size_t i = 0; i < count; ++i) onPacket(batch.packet(i), batch.from(i));
  if (batch.hasQueued()) engine_.packets_relayed.add(batch.send());
  if (count < PacketBatch::kSize) {
    awaitPackets();  // the queue was empty: wait for the next packet
    return;
  }
  // More may wait: read on, after the other ready sessions and the clock had their turn. (A wait
  // would report them too, as Asio re-arms the descriptor for each wait, but costs an epoll_ctl.)
  asio::post(engine_.context(), [self = shared_from_this()] { self->drain(); });
}

void MediaSession::latch() {
  latched_ = true;
  boost::system::error_code ec;
  socket_.connect(*remote_, ec);
  connected_ = !ec;  // if not, send_to names the remote as before
}

void MediaSession::unlatch() {
  latched_ = false;
  if (!connected_) return;
  // Until the next latch a packet from any port of the remote's address must be heard (NAT).
  sockaddr unspec{};
  unspec.sa_family = AF_UNSPEC;
  // Dissolving the association fails only on a closed socket, which hears nothing anyway.
  (void)::connect(socket_.native_handle(), &unspec, sizeof unspec);
  connected_ = false;
}

void MediaSession::onPacket(std::span<std::uint8_t> packet, const udp::endpoint& from) {
  if (!remote_ || from.address() != remote_->address()) {
    engine_.packets_dropped.add();
    return;
  }
  // Symmetric RTP: until the first packet arrives, a different port on the remote's address
  // is taken as the real one (NAT); afterwards only that endpoint is heard.
  if (from.port() != remote_->port()) {
    if (latched_) {
      engine_.packets_dropped.add();
      return;
    }
    remote_ = from;
  }
  if (!latched_) latch();
  auto h = parseRtp(packet);
  if (!h) {
    engine_.packets_dropped.add();
    return;
  }
  auto payload = packet.subspan(h->payload_offset, h->payload_size);
  if (dtmf_pt_ >= 0 && h->payload_type == dtmf_pt_) {
    auto event = parseTelephoneEvent(payload);
    if (!event || dtmfDigit(event->event) == 0) {
      engine_.packets_dropped.add();
      return;
    }
    if (last_event_ts_ != h->timestamp) {
      last_event_ts_ = h->timestamp;
      char digit = dtmfDigit(event->event);
      engine_.dtmf_digits.add();
      if (recording_ && digit == '#') {
        finishRecording(RecordResult::End::kPound);
      } else if (events_.dtmf) {
        asio::post(events_executor_, [f = events_.dtmf, digit] { f(digit); });
      }
    }
    if (peer_) relayTo(*peer_, packet, *h);
    return;
  }
  if (h->payload_type != static_cast<std::uint8_t>(Codec::kPcmu) &&
      h->payload_type != static_cast<std::uint8_t>(Codec::kPcma)) {
    engine_.packets_dropped.add();  // comfort noise and codecs never negotiated
    return;
  }
  if (peer_) {
    relayTo(*peer_, packet, *h);
    return;
  }
  if (mixer_) mixer_->hear(*this, static_cast<Codec>(h->payload_type), payload);
  if (recording_) {
    auto codec = static_cast<Codec>(h->payload_type);
    std::size_t at = recorded_.size();
    std::size_t room = static_cast<std::size_t>(record_max_ * kSampleRate) -
                       std::min(at, static_cast<std::size_t>(record_max_ * kSampleRate));
    std::size_t take = std::min(room, payload.size());
    recorded_.resize(at + take);
    decodeG711(codec, payload.first(take), std::span(recorded_).subspan(at));
    if (frameLevel(std::span(recorded_).subspan(at)) > engine_.options().voice_level) {
      heard_voice_ = true;
      last_voice_ = Clock::now();
    }
  }
}

void MediaSession::relayTo(MediaSession& peer, std::span<std::uint8_t> packet, const RtpHeader& h) {
  if (!peer.remote_ || peer.closed_) {
    engine_.packets_dropped.add();
    return;
  }
  if (h.payload_type == dtmf_pt_) {
    if (peer.dtmf_pt_ < 0) return;
    packet[1] = static_cast<std::uint8_t>((packet[1] & 0x80) | (peer.dtmf_pt_ & 0x7f));
  } else if (h.payload_type != static_cast<std::uint8_t>(peer.codec_)) {
    // The legs chose different G.711 laws: transcode in place.
    std::array<std::int16_t, 1500> pcm{};
    auto payload = packet.subspan(h.payload_offset, h.payload_size);
    decodeG711(static_cast<Codec>(h.payload_type), payload, pcm);
    encodeG711(peer.codec_, std::span(pcm).first(payload.size()), payload);
    packet[1] =
        static_cast<std::uint8_t>((packet[1] & 0x80) | static_cast<std::uint8_t>(peer.codec_));
  }
  peer.restamp(packet, h);
  // Sent with the rest of the batch when it has been read (drain()).
  engine_.batch_->queue(peer.socket_.native_handle(), packet,
                        peer.connected_ ? nullptr : &*peer.remote_);
}

// What a leg hears is one RTP stream whatever its source — prompts, music, a relayed party, a
// mix: the relayed packets carry this session's SSRC, and their sequence numbers and timestamps
// continue this stream's, offset once per source so gaps and telephone-event timestamps keep
// their meaning. (A phone that sees the SSRC and sequence jump back at a transfer may take the
// new packets for late ones and drop them all.)
void MediaSession::restamp(std::span<std::uint8_t> packet, const RtpHeader& h) {
  if (relay_source_ != h.ssrc) {
    relay_source_ = h.ssrc;
    relay_seq_offset_ = static_cast<std::uint16_t>(seq_ + 1 - h.seq);
    relay_ts_offset_ = timestamp_ + kFrameSamples - h.timestamp;
    packet[1] |= 0x80;  // a new talkspurt: the marker bit
  }
  // Bytes 2-11 only: the first (CSRC count, extension) and the payload type stay as they are.
  auto seq = static_cast<std::uint16_t>(h.seq + relay_seq_offset_);
  std::uint32_t timestamp = h.timestamp + relay_ts_offset_;
  packet[2] = static_cast<std::uint8_t>(seq >> 8);
  packet[3] = static_cast<std::uint8_t>(seq);
  for (int i = 0; i < 4; ++i) {
    packet[4 + i] = static_cast<std::uint8_t>(timestamp >> (24 - 8 * i));
    packet[8 + i] = static_cast<std::uint8_t>(ssrc_ >> (24 - 8 * i));
  }
  // Later frames of this session's own (playback, a mix) continue after the newest.
  if (static_cast<std::int16_t>(seq - seq_) > 0) seq_ = seq;
  if (static_cast<std::int32_t>(timestamp - timestamp_) > 0) timestamp_ = timestamp;
}

void MediaSession::tick(Clock::time_point now) {
  if (recording_) {
    double elapsed = std::chrono::duration<double>(now - record_started_).count();
    double quiet = std::chrono::duration<double>(now - last_voice_).count();
    if (elapsed >= record_max_) {
      finishRecording(RecordResult::End::kMaxLength);
    } else if (quiet >= (heard_voice_ ? record_silence_ : 2 * record_silence_)) {
      finishRecording(RecordResult::End::kSilence);
    }
  }
  if (playing_) {
    std::array<std::int16_t, kFrameSamples> frame{};
    std::size_t filled = 0;
    bool ended = false;
    while (filled < frame.size()) {
      if (clip_ >= clips_.size()) {
        if (loop_ && !clips_.empty()) {
          clip_ = 0;
          sample_ = 0;
          continue;
        }
        ended = true;
        break;
      }
      const auto& s = clips_[clip_]->samples;
      std::size_t take = std::min(frame.size() - filled, s.size() - std::min(sample_, s.size()));
      std::copy_n(s.begin() + static_cast<std::ptrdiff_t>(sample_), take,
                  frame.begin() + static_cast<std::ptrdiff_t>(filled));
      filled += take;
      sample_ += take;
      if (sample_ >= s.size()) {
        ++clip_;
        sample_ = 0;
      }
    }
    if (filled > 0) sendFrame(frame, new_talkspurt_);
    new_talkspurt_ = false;
    if (ended) {
      playing_ = false;
      clips_.clear();
      reportPlayed();
    }
  }
  updateTicking();
}

void MediaSession::sendFrame(std::span<const std::int16_t> frame, bool marker) {
  relay_source_.reset();  // a relayed source that comes back is offset anew
  timestamp_ += kFrameSamples;
  ++seq_;
  if (!remote_) return;
  std::array<std::uint8_t, kRtpHeaderSize + kFrameSamples> out{};
  RtpHeader h;
  h.payload_type = static_cast<std::uint8_t>(codec_);
  h.marker = marker;
  h.seq = seq_;
  h.timestamp = timestamp_;
  h.ssrc = ssrc_;
  writeRtpHeader(out, h);
  encodeG711(codec_, frame, std::span(out).subspan(kRtpHeaderSize));
  boost::system::error_code ec;
  if (!connected_) {
    socket_.send_to(asio::buffer(out), *remote_, 0, ec);
  } else {
    socket_.send(asio::buffer(out), 0, ec);
    // A connected socket reports an earlier packet's ICMP refusal here; this one was not sent.
    if (ec == asio::error::connection_refused) socket_.send(asio::buffer(out), 0, ec);
  }
  if (!ec) engine_.packets_out.add();
}

void MediaSession::finishRecording(RecordResult::End end) {
  recording_ = false;
  RecordResult result;
  result.path = record_path_;
  result.seconds = static_cast<double>(recorded_.size()) / kSampleRate;
  result.heard_voice = heard_voice_;
  result.end = end;
  result.written = writeWav(record_path_, recorded_);
  recorded_.clear();
  recorded_.shrink_to_fit();
  updateTicking();
  if (events_.recorded) {
    asio::post(events_executor_, [f = events_.recorded, r = std::move(result)] { f(r); });
  }
}

}  // namespace luukku::telephony::media
