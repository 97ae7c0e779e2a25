#include "telephony/media/media_mix.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <limits>

#include "telephony/media/media_engine.h"
#include "telephony/media/mixer.h"

namespace luukku::telephony::media {
namespace asio = boost::asio;

// ---- MediaMix ---------------------------------------------------------------------------------

MediaMix::MediaMix(Private, MediaEngine& engine)
    : engine_(engine), mixer_(std::make_shared<Mixer>(engine)) {}

MediaMix::~MediaMix() {
  close();
}

void MediaMix::add(std::shared_ptr<MediaSession> member) {
  if (!member || closed_.load()) return;
  asio::post(engine_.context(), [mixer = mixer_, member = std::move(member)]() mutable {
    mixer->add(std::move(member));
  });
}

void MediaMix::remove(const std::shared_ptr<MediaSession>& member) {
  if (!member) return;
  asio::post(engine_.context(), [mixer = mixer_, member] { mixer->remove(*member); });
}

void MediaMix::close() {
  if (closed_.exchange(true)) return;
  engine_.mixes_open.add(-1);
  asio::post(engine_.context(), [mixer = mixer_] { mixer->close(); });
}

std::size_t MediaMix::members() const {
  return mixer_->members();
}

// ---- JitterBuffer -----------------------------------------------------------------------------

std::size_t JitterBuffer::push(std::span<const std::int16_t> samples) {
  std::size_t dropped = 0;
  if (samples.size() > kCapacity) {
    std::size_t excess = samples.size() - kCapacity;
    dropped += (excess + kFrameSamples - 1) / kFrameSamples;
    samples = samples.last(kCapacity);
  }
  if (trim_ && size_ > 0) {
    dropFrame();
    ++dropped;
  }
  trim_ = false;
  while (size_ + samples.size() > kCapacity) {
    dropFrame();
    ++dropped;
  }
  std::size_t tail = (head_ + size_) % kCapacity;
  std::size_t first = std::min(samples.size(), kCapacity - tail);
  std::copy_n(samples.begin(), first, ring_.begin() + static_cast<std::ptrdiff_t>(tail));
  std::copy(samples.begin() + static_cast<std::ptrdiff_t>(first), samples.end(), ring_.begin());
  size_ += samples.size();
  return dropped;
}

void JitterBuffer::dropFrame() {
  std::size_t drop = std::min<std::size_t>(kFrameSamples, size_);
  head_ = (head_ + drop) % kCapacity;
  size_ -= drop;
}

bool JitterBuffer::pop(Frame& out) {
  least_ = std::min(least_, size_);
  if (++pops_ == kTrimTicks) {
    trim_ = least_ >= 2 * kFrameSamples;
    least_ = kCapacity;
    pops_ = 0;
  }
  std::size_t take = std::min(size_, out.size());
  std::size_t first = std::min(take, kCapacity - head_);
  std::copy_n(ring_.begin() + static_cast<std::ptrdiff_t>(head_), first, out.begin());
  std::copy_n(ring_.begin(), take - first, out.begin() + static_cast<std::ptrdiff_t>(first));
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(take), out.end(), std::int16_t{0});
  head_ = (head_ + take) % kCapacity;
  size_ -= take;
  return take > 0;
}

// ---- mixing -----------------------------------------------------------------------------------

void mixMinusOwn(std::span<const Frame> in, std::span<Frame> out) {
  std::array<std::int32_t, kFrameSamples> total{};
  for (const Frame& f : in) {
    for (std::size_t i = 0; i < kFrameSamples; ++i) total[i] += f[i];
  }
  constexpr std::int32_t kMin = std::numeric_limits<std::int16_t>::min();
  constexpr std::int32_t kMax = std::numeric_limits<std::int16_t>::max();
  for (std::size_t k = 0; k < in.size(); ++k) {
    for (std::size_t i = 0; i < kFrameSamples; ++i) {
      out[k][i] = static_cast<std::int16_t>(std::clamp(total[i] - in[k][i], kMin, kMax));
    }
  }
}

// ---- Mixer ------------------------------------------------------------------------------------

void Mixer::add(std::shared_ptr<MediaSession> member) {
  if (closed_ || member->closed_ || member->mixer_ == this) return;
  member->leaveMix();
  member->unbridge();
  member->playing_ = false;
  member->clips_.clear();
  member->updateTicking();
  member->mixer_ = this;
  auto m = std::make_unique<Member>();
  m->session = std::move(member);
  members_.push_back(std::move(m));
  countMembers();
  if (members_.size() == 1) engine_.startMixing(shared_from_this());
}

void Mixer::remove(MediaSession& member) {
  auto it =
      std::ranges::find_if(members_, [&](const auto& m) { return m->session.get() == &member; });
  if (it == members_.end()) return;
  member.mixer_ = nullptr;
  // The caller holds the session (and the engine may hold the last reference to this mixer).
  auto keep_session = std::move((*it)->session);
  auto keep_mixer = shared_from_this();
  members_.erase(it);
  countMembers();
  if (members_.empty()) engine_.stopMixing(this);
}

void Mixer::close() {
  closed_ = true;
  auto keep = shared_from_this();
  auto members = std::move(members_);
  members_.clear();
  for (auto& m : members) m->session->mixer_ = nullptr;
  countMembers();
  engine_.stopMixing(this);
}

void Mixer::hear(const MediaSession& member, Codec codec, std::span<const std::uint8_t> payload) {
  auto it =
      std::ranges::find_if(members_, [&](const auto& m) { return m->session.get() == &member; });
  if (it == members_.end()) return;
  std::array<std::int16_t, 1500> pcm;  // a datagram's payload at one sample per byte
  std::size_t n = std::min(payload.size(), pcm.size());
  decodeG711(codec, payload.first(n), pcm);
  std::size_t dropped = (*it)->input.push(std::span(pcm).first(n));
  if (dropped > 0) engine_.mix_frames_dropped.add(dropped);
}

void Mixer::tick() {
  std::size_t n = members_.size();
  if (n == 0) return;
  in_.resize(n);
  out_.resize(n);
  for (std::size_t k = 0; k < n; ++k) members_[k]->input.pop(in_[k]);
  mixMinusOwn(in_, out_);
  for (std::size_t k = 0; k < n; ++k) {
    members_[k]->session->sendFrame(out_[k], members_[k]->joined);
    members_[k]->joined = false;
  }
  engine_.frames_mixed.add(n);
}

void Mixer::countMembers() {
  count_.store(members_.size());
}

}  // namespace luukku::telephony::media
