// Audio: 8 kHz, 16-bit, mono PCM — the one format the media engine plays and records — and
// its WAV files (libsndfile). Prompts and music on hold are loaded once into shared, immutable
// Audio values; voice messages are written with writeWav().
//
// Thread-safety: Audio values are immutable once shared; the functions are reentrant.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace luukku::telephony::media {

inline constexpr int kSampleRate = 8000;
inline constexpr int kFrameSamples = 160;  // 20 ms at 8 kHz: one RTP packet (ptime 20)

struct Audio {
  std::vector<std::int16_t> samples;  // 8 kHz mono
  double seconds() const { return static_cast<double>(samples.size()) / kSampleRate; }
};
using AudioPtr = std::shared_ptr<const Audio>;

// Reads a sound file libsndfile understands (WAV, any rate, any channel count) and converts it
// to 8 kHz mono: channels are averaged, other rates resampled linearly.
Result<AudioPtr> loadAudioFile(const std::string& path);
// The same from bytes in memory (an upload through the API). At most `max_seconds` long.
Result<AudioPtr> decodeAudio(std::span<const std::uint8_t> bytes, double max_seconds);
// Writes 8 kHz mono 16-bit PCM WAV, through a temporary file renamed into place.
Status writeWav(const std::string& path, std::span<const std::int16_t> samples);

// Mean absolute amplitude of a frame; speech is in the hundreds to thousands, silence near 0.
int frameLevel(std::span<const std::int16_t> frame);

}  // namespace luukku::telephony::media
