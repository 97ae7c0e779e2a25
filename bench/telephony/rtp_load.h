// RtpLoad: the far ends of N bridged calls, for media_bench. Per call a caller socket sends one
// 20 ms G.711 packet every 20 ms to the relay under test (every call in the same instant, the
// worst case for a relay), and an agent socket receives what the relay forwards.
//
// Each packet's send time is read just before it is sent, and its arrival time is the kernel's
// (SO_TIMESTAMPNS, on the real-time clock like the send time), so the scheduling of the
// receiving thread adds nothing to the delays measured: they are the relay's and the kernel's.
//
// Thread-safety: one thread uses an RtpLoad; run() starts and joins its own receiving thread.
// Memory: two descriptors per call and two 8-byte times per packet sent.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/status.h"

namespace luukku::bench {

class RtpLoad {
 public:
  struct Figures {
    long sent = 0, received = 0;
    double p50 = 0, p99 = 0, max = 0;  // added jitter: delay minus the stream's least delay, ms
    double cpu_seconds = 0;            // the sending and the receiving thread together
  };

  // Binds a caller and an agent socket on 127.0.0.1 for each call; `seconds` of traffic.
  static Result<std::unique_ptr<RtpLoad>> open(std::size_t calls, int seconds);
  ~RtpLoad();
  RtpLoad(const RtpLoad&) = delete;
  RtpLoad& operator=(const RtpLoad&) = delete;

  std::size_t calls() const { return caller_fds_.size(); }
  std::uint16_t callerPort(std::size_t call) const { return caller_ports_[call]; }
  std::uint16_t agentPort(std::size_t call) const { return agent_ports_[call]; }

  // Sends the traffic, call i to `relay_ports[i]` on 127.0.0.1, and returns once every packet
  // arrived or none has for a second; then figures() holds the outcome. Once per RtpLoad.
  Status run(std::span<const std::uint16_t> relay_ports);
  Figures figures() const;

 private:
  RtpLoad() = default;
  void receive();

  int frames_ = 0;
  int epoll_ = -1;
  std::vector<int> caller_fds_, agent_fds_;
  std::vector<std::uint16_t> caller_ports_, agent_ports_;
  // [call * frames_ + seq], real-time ns; 0 = not yet. got_at_ is the receiving thread's.
  std::vector<std::int64_t> sent_at_, got_at_;
  std::atomic<long> received_{0};
  std::atomic<bool> stop_{false};
  double cpu_seconds_ = 0;
};

}  // namespace luukku::bench
