// Test support for the media engine: a remote RTP party on 127.0.0.1, RTP packets and audio to
// send, and an engine started for each test on a port range of its own.
//
// Thread-safety: a Peer is used by the test's thread only.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cmath>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "telephony/media/audio.h"
#include "telephony/media/media_engine.h"
#include "telephony/media/rtp.h"

namespace luukku::telephony::media::testing {
namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

inline AudioPtr tone(double seconds, int amplitude = 8000) {
  auto a = std::make_shared<Audio>();
  a->samples.resize(static_cast<std::size_t>(seconds * kSampleRate));
  for (std::size_t i = 0; i < a->samples.size(); ++i) {
    a->samples[i] = static_cast<std::int16_t>(
        amplitude * std::sin(2 * M_PI * 440.0 * static_cast<double>(i) / kSampleRate));
  }
  return a;
}

// A remote RTP party: a plain UDP socket on 127.0.0.1.
struct Peer {
  asio::io_context io;
  udp::socket socket{io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t port() const { return socket.local_endpoint().port(); }
  // Receives packets for `wait`; returns them.
  std::vector<std::vector<std::uint8_t>> receive(std::chrono::milliseconds wait) {
    std::vector<std::vector<std::uint8_t>> out;
    socket.non_blocking(true);
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      std::array<std::uint8_t, 1500> buf;
      udp::endpoint from;
      boost::system::error_code ec;
      std::size_t n = socket.receive_from(asio::buffer(buf), from, 0, ec);
      if (ec) {
        std::this_thread::sleep_for(2ms);
        continue;
      }
      out.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return out;
  }
  // Receives until `count` packets came or `limit` passed; returns them.
  std::vector<std::vector<std::uint8_t>> receive(std::size_t count,
                                                 std::chrono::milliseconds limit) {
    std::vector<std::vector<std::uint8_t>> out;
    auto until = std::chrono::steady_clock::now() + limit;
    while (out.size() < count && std::chrono::steady_clock::now() < until) {
      for (auto& p : receive(10ms)) out.push_back(std::move(p));
    }
    return out;
  }
  // The packets already waiting, without waiting for more.
  std::vector<std::vector<std::uint8_t>> receiveQueued() {
    std::vector<std::vector<std::uint8_t>> out;
    socket.non_blocking(true);
    for (;;) {
      std::array<std::uint8_t, 1500> buf;
      boost::system::error_code ec;
      std::size_t n = socket.receive(asio::buffer(buf), 0, ec);
      if (ec) break;
      out.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    socket.non_blocking(false);
    return out;
  }
  // The next packet, waiting up to `limit` for it; nullopt if none came.
  std::optional<std::vector<std::uint8_t>> receiveOne(std::chrono::milliseconds limit) {
    pollfd p{socket.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return std::nullopt;
    std::array<std::uint8_t, 1500> buf;
    boost::system::error_code ec;
    std::size_t n = socket.receive(asio::buffer(buf), 0, ec);
    if (ec) return std::nullopt;
    return std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  void send(std::uint16_t to, const std::vector<std::uint8_t>& packet) {
    socket.send_to(asio::buffer(packet), udp::endpoint(asio::ip::make_address("127.0.0.1"), to));
  }
};

inline std::vector<std::uint8_t> rtpPacket(std::uint8_t pt, std::uint16_t seq, std::uint32_t ts,
                                           const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> p(kRtpHeaderSize + payload.size());
  RtpHeader h;
  h.payload_type = pt;
  h.seq = seq;
  h.timestamp = ts;
  h.ssrc = 0x1234;
  writeRtpHeader(p, h);
  std::copy(payload.begin(), payload.end(), p.begin() + kRtpHeaderSize);
  return p;
}

inline std::vector<std::uint8_t> speechPayload(Codec codec) {
  auto t = tone(0.02);
  std::vector<std::uint8_t> out(kFrameSamples);
  encodeG711(codec, t->samples, out);
  return out;
}

// Returns once the media thread has run what was posted to it before (a new remote, say).
inline void settle(MediaEngine& engine) {
  std::promise<void> done;
  asio::post(engine.context(), [&] { done.set_value(); });
  done.get_future().wait();
}

// Runs the events context until `done` or a timeout.
template <typename Pred>
bool runUntil(asio::io_context& io, Pred done, std::chrono::milliseconds limit = 5000ms) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until) {
    io.restart();
    io.run_for(5ms);
  }
  return done();
}

// An engine on 127.0.0.1:31000-31099, started for each test; every port must be back at the end.
class MediaEngineTest : public ::testing::Test {
 protected:
  MediaEngineTest() : engine(MediaOptions{"127.0.0.1", 31000, 31099, 300}, registry) {}
  void SetUp() override { ASSERT_TRUE(engine.start().isOk()); }
  void TearDown() override {
    engine.stop();
    EXPECT_EQ(engine.openPorts(), 0u);
  }

  metrics::Registry registry;
  MediaEngine engine;
  asio::io_context events;
};

}  // namespace luukku::telephony::media::testing
