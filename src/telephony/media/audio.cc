#include "telephony/media/audio.h"

#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace luukku::telephony::media {
namespace {

// libsndfile's virtual I/O over a byte span.
struct MemoryFile {
  std::span<const std::uint8_t> bytes;
  sf_count_t pos = 0;
};

sf_count_t memLength(void* user) { return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size()); }
sf_count_t memSeek(sf_count_t offset, int whence, void* user) {
  auto* f = static_cast<MemoryFile*>(user);
  sf_count_t size = static_cast<sf_count_t>(f->bytes.size());
  sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->pos : size;
  sf_count_t next = base + offset;
  if (next < 0 || next > size) return -1;
  f->pos = next;
  return f->pos;
}
sf_count_t memRead(void* ptr, sf_count_t count, void* user) {
  auto* f = static_cast<MemoryFile*>(user);
  sf_count_t left = static_cast<sf_count_t>(f->bytes.size()) - f->pos;
  sf_count_t n = count < left ? count : left;
  if (n > 0) std::memcpy(ptr, f->bytes.data() + f->pos, static_cast<std::size_t>(n));
  f->pos += n;
  return n;
}
sf_count_t memWrite(const void*, sf_count_t, void*) { return 0; }
sf_count_t memTell(void* user) { return static_cast<MemoryFile*>(user)->pos; }

struct SndFileCloser {
  void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndFilePtr = std::unique_ptr<SNDFILE, SndFileCloser>;

Result<AudioPtr> readAll(SNDFILE* raw, const SF_INFO& info, double max_seconds,
                         const std::string& what) {
  SndFilePtr file(raw);
  if (info.channels < 1 || info.channels > 8 || info.samplerate < 4000 ||
      info.samplerate > 192000) {
    return invalidArgument(what + " has an unsupported format");
  }
  if (static_cast<double>(info.frames) / info.samplerate > max_seconds) {
    return invalidArgument(what + " is longer than " + std::to_string(static_cast<int>(max_seconds)) + " s");
  }
  std::vector<std::int16_t> interleaved(static_cast<std::size_t>(info.frames) *
                                        static_cast<std::size_t>(info.channels));
  sf_count_t got = sf_readf_short(file.get(), interleaved.data(), info.frames);
  if (got < 0) return invalidArgument(what + " cannot be read");
  std::vector<std::int16_t> mono(static_cast<std::size_t>(got));
  for (sf_count_t i = 0; i < got; ++i) {
    int sum = 0;
    for (int c = 0; c < info.channels; ++c) sum += interleaved[static_cast<std::size_t>(i * info.channels + c)];
    mono[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(sum / info.channels);
  }
  auto audio = std::make_shared<Audio>();
  if (info.samplerate == kSampleRate) {
    audio->samples = std::move(mono);
  } else if (!mono.empty()) {
    // Linear interpolation; prompts are speech, and G.711 is the bottleneck anyway.
    double step = static_cast<double>(info.samplerate) / kSampleRate;
    auto out_n = static_cast<std::size_t>(static_cast<double>(mono.size()) / step);
    audio->samples.resize(out_n);
    for (std::size_t i = 0; i < out_n; ++i) {
      double src = static_cast<double>(i) * step;
      auto j = static_cast<std::size_t>(src);
      double frac = src - static_cast<double>(j);
      int a = mono[j];
      int b = j + 1 < mono.size() ? mono[j + 1] : a;
      audio->samples[i] = static_cast<std::int16_t>(std::lround(a + (b - a) * frac));
    }
  }
  return AudioPtr(std::move(audio));
}

}  // namespace

Result<AudioPtr> loadAudioFile(const std::string& path) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (!f) return notFound("cannot read audio file " + path + ": " + sf_strerror(nullptr));
  return readAll(f, info, 3600.0, "audio file " + path);
}

Result<AudioPtr> decodeAudio(std::span<const std::uint8_t> bytes, double max_seconds) {
  SF_VIRTUAL_IO io{memLength, memSeek, memRead, memWrite, memTell};
  MemoryFile mem{bytes, 0};
  SF_INFO info{};
  SNDFILE* f = sf_open_virtual(&io, SFM_READ, &info, &mem);
  if (!f) return invalidArgument("the recording is not a sound file libsndfile can read (use WAV)");
  return readAll(f, info, max_seconds, "the recording");
}

Status writeWav(const std::string& path, std::span<const std::int16_t> samples) {
  std::string tmp = path + ".tmp";
  SF_INFO info{};
  info.samplerate = kSampleRate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SndFilePtr file(sf_open(tmp.c_str(), SFM_WRITE, &info));
  if (!file) return unavailable("cannot write " + tmp + ": " + sf_strerror(nullptr));
  sf_count_t n = static_cast<sf_count_t>(samples.size());
  if (n > 0 && sf_writef_short(file.get(), samples.data(), n) != n) {
    return unavailable("cannot write " + tmp);
  }
  file.reset();
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return unavailable("cannot rename " + tmp + ": " + ec.message());
  return Status::ok();
}

int frameLevel(std::span<const std::int16_t> frame) {
  if (frame.empty()) return 0;
  long sum = 0;
  for (std::int16_t s : frame) sum += std::abs(static_cast<int>(s));
  return static_cast<int>(sum / static_cast<long>(frame.size()));
}

}  // namespace luukku::telephony::media
