// MinimalRelay: the baseline that media_bench measures Luukku's MediaEngine against. It does
// the least a media relay for bridged calls can do, as cheaply as Linux allows: one thread,
// one epoll set, and recvmmsg/sendmmsg batches between the two UDP ports of each call.
//
// Each call has a caller-side port and an agent-side port on 127.0.0.1. Each socket is
// connected to its remote party, so the kernel drops packets from anyone else (Luukku checks
// the source itself) and a send needs no address. A packet that arrives on one port of a call
// leaves from the other, unchanged, to that port's remote: caller to agent and back. There is
// no latching of a different source port (symmetric RTP), no RTP parsing, no DTMF, no
// transcoding and no metrics: only the forwarding that every bridged call needs.
//
// Memory: two descriptors per call and one fixed batch of buffers; nothing is allocated per
// packet.
//
// Thread-safety: open() and the constructor run on the caller's thread; start() starts the
// relay thread, and from then on only cpuClock(), the ports and stop() may be called, from
// any one thread.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "core/status.h"

namespace luukku::bench {

class MinimalRelay {
 public:
  // The remote parties of one call: the ports on 127.0.0.1 that its two legs send to.
  struct Remotes {
    std::uint16_t caller = 0;
    std::uint16_t agent = 0;
  };

  // Binds two ephemeral ports on 127.0.0.1 per call and connects them to the remotes.
  static Result<std::unique_ptr<MinimalRelay>> open(std::span<const Remotes> calls);
  ~MinimalRelay();
  MinimalRelay(const MinimalRelay&) = delete;
  MinimalRelay& operator=(const MinimalRelay&) = delete;

  Status start();
  void stop();  // joins the relay thread; idempotent

  // Where the caller of call `i` sends its RTP.
  std::uint16_t callerSidePort(std::size_t i) const { return ports_[2 * i]; }
  // The relay thread's CPU-time clock (clock_gettime); valid between start() and stop().
  clockid_t cpuClock() const { return cpu_clock_; }

 private:
  static constexpr std::size_t kBatch = 32;    // packets per recvmmsg/sendmmsg
  static constexpr std::size_t kEvents = 256;  // ready sockets per epoll_wait
  static constexpr std::size_t kMaxPacket = 1500;

  MinimalRelay() = default;
  void run();
  void forward(std::size_t from);

  int epoll_ = -1;
  int wake_ = -1;                     // an eventfd that stop() signals
  std::vector<int> fds_;              // 2 i: caller side of call i; 2 i + 1: agent side
  std::vector<std::uint16_t> ports_;  // local port of each descriptor
  std::thread thread_;
  clockid_t cpu_clock_{};
  // Relay thread only.
  std::array<std::array<std::uint8_t, kMaxPacket>, kBatch> buffers_{};
  std::array<iovec, kBatch> iov_{};
  std::array<mmsghdr, kBatch> messages_{};
};

}  // namespace luukku::bench
