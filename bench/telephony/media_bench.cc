// Media under load: N calls anchored through Luukku's MediaEngine, each a pair of bridged
// sessions. A caller stream per call sends one 20 ms G.711 packet every 20 ms into the
// caller-side port; the agent-side socket receives what Luukku relays. Reported: packets
// sent, received (loss), the added jitter (arrival spacing minus send spacing, p50/p99/max),
// and the server's memory per concurrent call (RSS growth / N).
//
//   media_bench [calls=500] [seconds=20]
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <functional>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "telephony/media/media_engine.h"
#include "telephony/media/rtp.h"

namespace asio = boost::asio;
using asio::ip::udp;
using namespace luukku::telephony::media;
using Clock = std::chrono::steady_clock;

namespace {

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int calls = argc > 1 ? std::atoi(argv[1]) : 500;
  int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
  luukku::metrics::Registry registry;
  MediaEngine engine(MediaOptions{"127.0.0.1", 40000, 43998, 300}, registry);
  if (!engine.start()) return 1;
  asio::io_context events;

  // The peers: a caller socket and an agent socket per call, on the generator's thread.
  asio::io_context peers;
  struct Call {
    std::unique_ptr<udp::socket> caller, agent;
    MediaSessionPtr a, b;
    std::vector<Clock::time_point> sent_at;  // by sequence number
    std::vector<Clock::time_point> got_at;
    std::uint16_t seq = 0;
  };
  auto address = asio::ip::make_address("127.0.0.1");
  long rss_before = rssKb();
  std::vector<Call> all(static_cast<std::size_t>(calls));
  int frames = seconds * 50;
  for (auto& c : all) {
    c.caller = std::make_unique<udp::socket>(peers, udp::endpoint(address, 0));
    c.agent = std::make_unique<udp::socket>(peers, udp::endpoint(address, 0));
    c.agent->non_blocking(true);
    auto a = engine.open(events.get_executor(), {});
    auto b = engine.open(events.get_executor(), {});
    if (!a || !b) {
      std::fprintf(stderr, "cannot open media: %s\n", a ? b.status().message().c_str() : a.status().message().c_str());
      return 1;
    }
    c.a = *a;
    c.b = *b;
    c.a->setRemote("127.0.0.1", c.caller->local_endpoint().port(), Codec::kPcma, 101);
    c.b->setRemote("127.0.0.1", c.agent->local_endpoint().port(), Codec::kPcma, 101);
    c.a->bridge(c.b);
    c.sent_at.resize(static_cast<std::size_t>(frames));
    c.got_at.resize(static_cast<std::size_t>(frames));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  long rss_after = rssKb();

  // The receiver: asynchronous receives on every agent socket, on its own thread (epoll).
  struct Rx {
    std::array<std::uint8_t, 1500> buf;
  };
  std::vector<Rx> rx(all.size());
  std::function<void(std::size_t)> arm = [&](std::size_t i) {
    all[i].agent->async_receive(asio::buffer(rx[i].buf), [&, i](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      auto now = Clock::now();
      auto h = parseRtp(std::span(rx[i].buf.data(), n));
      if (h && h->seq < all[i].got_at.size()) all[i].got_at[h->seq] = now;
      arm(i);
    });
  };
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i].agent->non_blocking(false);
    arm(i);
  }
  std::thread receiver([&] { peers.run(); });

  std::array<std::uint8_t, kRtpHeaderSize + kFrameSamples> packet{};
  auto start = Clock::now();
  for (int f = 0; f < frames; ++f) {
    std::this_thread::sleep_until(start + std::chrono::milliseconds(20) * f);
    for (std::size_t i = 0; i < all.size(); ++i) {
      auto& c = all[i];
      RtpHeader h;
      h.payload_type = 8;
      h.seq = static_cast<std::uint16_t>(f);
      h.timestamp = static_cast<std::uint32_t>(f * kFrameSamples);
      h.ssrc = static_cast<std::uint32_t>(i + 1);
      writeRtpHeader(packet, h);
      std::fill(packet.begin() + kRtpHeaderSize, packet.end(), 0xd5);
      c.sent_at[static_cast<std::size_t>(f)] = Clock::now();
      boost::system::error_code ec;
      c.caller->send_to(asio::buffer(packet), udp::endpoint(address, c.a->localPort()), 0, ec);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  peers.stop();
  receiver.join();

  long sent = 0, received = 0;
  std::vector<double> added;  // per packet: its delay minus the stream's minimum delay (ms)
  for (auto& c : all) {
    double min_delay = 1e9;
    std::vector<double> delays;
    for (int f = 0; f < frames; ++f) {
      ++sent;
      if (c.got_at[static_cast<std::size_t>(f)] == Clock::time_point{}) continue;
      ++received;
      double d = std::chrono::duration<double, std::milli>(c.got_at[static_cast<std::size_t>(f)] - c.sent_at[static_cast<std::size_t>(f)]).count();
      delays.push_back(d);
      min_delay = std::min(min_delay, d);
    }
    for (double d : delays) added.push_back(d - min_delay);
  }
  std::sort(added.begin(), added.end());
  auto pct = [&](double p) { return added.empty() ? 0.0 : added[static_cast<std::size_t>(p * static_cast<double>(added.size() - 1))]; };
  std::printf("calls %d, %d s at 20 ms ptime: sent %ld, received %ld, lost %ld (%.4f %%)\n", calls,
              seconds, sent, received, sent - received, 100.0 * static_cast<double>(sent - received) / static_cast<double>(sent));
  std::printf("added delay variation (jitter) ms: p50 %.3f, p99 %.3f, max %.3f\n", pct(0.5), pct(0.99),
              added.empty() ? 0.0 : added.back());
  std::printf("memory: %ld kB for %d calls = %.1f kB per call (two RTP sessions each)\n",
              rss_after - rss_before, calls, static_cast<double>(rss_after - rss_before) / calls);
  for (auto& c : all) {
    c.a->close();
    c.b->close();
  }
  engine.stop();
  return sent == received ? 0 : 2;
}
