// Conference mixing (telephony/media/media_mix.h): what one 20 ms tick costs the media thread
// for 100 conferences of three. Each iteration hands every member one 20 ms G.711 frame (as its
// receive path does: decode, into its jitter buffer) and ticks every conference (a frame from
// each buffer, the total once, total minus own per member, encoded in the member's law and
// sent on its UDP socket to a sink on 127.0.0.1). Reported per conference tick; a tick of
// every conference must fit well inside 20 ms.
//
// The engine is not started: this thread stands in for the media thread, so nothing else
// ticks the mixers meanwhile. "on hold" has no remote, so it mixes but sends nothing: the
// difference is the cost of encoding and the three system calls.
//
//   mix_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <boost/asio/ip/udp.hpp>
#include <memory>
#include <vector>

#include "metrics/metrics.h"
#include "telephony/media/media_engine.h"
#include "telephony/media/mixer.h"

namespace {
namespace asio = boost::asio;
using namespace luukku::telephony::media;

constexpr int kConferences = 100;
constexpr int kMembers = 3;

void BM_MixTick(benchmark::State& st, bool sent) {
  luukku::metrics::Registry registry;
  MediaEngine engine(MediaOptions{"127.0.0.1", 42000, 42998, 300}, registry);
  asio::io_context events;
  asio::ip::udp::socket sink(events, {asio::ip::make_address("127.0.0.1"), 0});
  std::vector<MediaSessionPtr> sessions;
  std::vector<std::shared_ptr<Mixer>> mixers;
  // Takes every member out and returns the ports, on this thread, which is the media thread.
  auto release = [&] {
    for (auto& s : sessions) s->close();
    while (engine.context().poll() > 0) {
    }
  };
  for (int c = 0; c < kConferences; ++c) {
    mixers.push_back(std::make_shared<Mixer>(engine));
    for (int m = 0; m < kMembers; ++m) {
      auto s = engine.open(events.get_executor(), {});
      if (!s.isOk()) {
        st.SkipWithError(s.status().message().c_str());
        release();
        return;
      }
      Codec codec = m == 0 ? Codec::kPcma : Codec::kPcmu;
      (*s)->setRemote("127.0.0.1", sent ? sink.local_endpoint().port() : 0, codec, 101);
      sessions.push_back(*s);
    }
  }
  engine.context().poll();  // the remotes are set
  for (int c = 0; c < kConferences; ++c) {
    for (int m = 0; m < kMembers; ++m) mixers[c]->add(sessions[c * kMembers + m]);
  }
  // A different level per member, as three people talking.
  std::vector<std::vector<std::uint8_t>> frames;
  for (int m = 0; m < kMembers; ++m) {
    Frame f;
    for (std::size_t i = 0; i < f.size(); ++i) {
      f[i] = static_cast<std::int16_t>((m + 1) * 1000 * ((i / 20) % 2 ? 1 : -1));
    }
    frames.emplace_back(kFrameSamples);
    encodeG711(m == 0 ? Codec::kPcma : Codec::kPcmu, f, frames.back());
  }
  for (auto _ : st) {
    for (int c = 0; c < kConferences; ++c) {
      for (int m = 0; m < kMembers; ++m) {
        mixers[c]->hear(*sessions[c * kMembers + m], m == 0 ? Codec::kPcma : Codec::kPcmu,
                        frames[m]);
      }
      mixers[c]->tick();
    }
  }
  st.counters["per_conference_tick"] =
      benchmark::Counter(static_cast<double>(st.iterations()) * kConferences,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  st.counters["frames_mixed"] = static_cast<double>(engine.frames_mixed.value());
  release();
}
BENCHMARK_CAPTURE(BM_MixTick, sent, true);
BENCHMARK_CAPTURE(BM_MixTick, on_hold, false);

}  // namespace
