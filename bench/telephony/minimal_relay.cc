#include "minimal_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

namespace luukku::bench {
namespace {

constexpr std::uint64_t kWakeIndex = std::numeric_limits<std::uint64_t>::max();

Status systemError(const char* what) {
  return unavailable(std::string(what) + ": " + std::strerror(errno));
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

// A UDP socket bound to an ephemeral port of 127.0.0.1 and connected to `remote_port` there.
Result<int> connectedSocket(std::uint16_t remote_port, std::uint16_t& local_port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return systemError("socket");
  sockaddr_in local = loopback(0);
  sockaddr_in remote = loopback(remote_port);
  socklen_t size = sizeof local;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0 ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&remote), sizeof remote) != 0) {
    Status error = systemError("bind/connect");
    ::close(fd);
    return error;
  }
  local_port = ntohs(local.sin_port);
  return fd;
}

}  // namespace

Result<std::unique_ptr<MinimalRelay>> MinimalRelay::open(std::span<const Remotes> calls) {
  std::unique_ptr<MinimalRelay> relay(new MinimalRelay());
  for (std::size_t j = 0; j < kBatch; ++j) {
    relay->iov_[j] = {relay->buffers_[j].data(), kMaxPacket};
    relay->messages_[j].msg_hdr.msg_iov = &relay->iov_[j];
    relay->messages_[j].msg_hdr.msg_iovlen = 1;
  }
  relay->epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (relay->epoll_ < 0) return systemError("epoll_create1");
  relay->wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (relay->wake_ < 0) return systemError("eventfd");
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = kWakeIndex;
  if (::epoll_ctl(relay->epoll_, EPOLL_CTL_ADD, relay->wake_, &wake) != 0) {
    return systemError("epoll_ctl");
  }
  relay->fds_.reserve(2 * calls.size());
  relay->ports_.reserve(2 * calls.size());
  for (const Remotes& call : calls) {
    for (std::uint16_t remote : {call.caller, call.agent}) {
      std::uint16_t port = 0;
      auto fd = connectedSocket(remote, port);
      if (!fd) return fd.status();
      epoll_event ready{};
      ready.events = EPOLLIN;  // level-triggered: a batch left behind is reported again
      ready.data.u64 = relay->fds_.size();
      relay->fds_.push_back(*fd);
      relay->ports_.push_back(port);
      if (::epoll_ctl(relay->epoll_, EPOLL_CTL_ADD, *fd, &ready) != 0) {
        return systemError("epoll_ctl");
      }
    }
  }
  return relay;
}

MinimalRelay::~MinimalRelay() {
  stop();
  for (int fd : fds_) ::close(fd);
  if (wake_ >= 0) ::close(wake_);
  if (epoll_ >= 0) ::close(epoll_);
}

Status MinimalRelay::start() {
  if (thread_.joinable()) return invalidArgument("the relay is already running");
  thread_ = std::thread([this] { run(); });
  if (pthread_getcpuclockid(thread_.native_handle(), &cpu_clock_) != 0) {
    stop();
    return internalError("no CPU-time clock for the relay thread");
  }
  return Status::ok();
}

void MinimalRelay::stop() {
  if (!thread_.joinable()) return;
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
  thread_.join();
}

void MinimalRelay::run() {
  std::array<epoll_event, kEvents> events{};
  for (;;) {
    int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    for (int e = 0; e < n; ++e) {
      std::uint64_t index = events[static_cast<std::size_t>(e)].data.u64;
      if (index == kWakeIndex) return;
      forward(static_cast<std::size_t>(index));
    }
  }
}

void MinimalRelay::forward(std::size_t from) {
  // One batch per readiness report: a socket with more waiting stays ready and comes back in
  // the next epoll_wait, after the other ready sockets have had their turn.
  int got = ::recvmmsg(fds_[from], messages_.data(), kBatch, MSG_DONTWAIT, nullptr);
  if (got <= 0) return;  // nothing after all, or an ICMP error queued on the connected socket
  auto count = static_cast<std::size_t>(got);
  for (std::size_t j = 0; j < count; ++j) iov_[j].iov_len = messages_[j].msg_len;
  int to = fds_[from ^ 1];  // the other leg of the same call
  std::size_t done = 0;
  while (done < count) {
    int sent =
        ::sendmmsg(to, messages_.data() + done, static_cast<unsigned>(count - done), MSG_DONTWAIT);
    // A packet the kernel refuses (a full buffer, an ICMP error) is dropped, as a router would.
    done += sent > 0 ? static_cast<std::size_t>(sent) : 1;
  }
  for (std::size_t j = 0; j < count; ++j) iov_[j].iov_len = kMaxPacket;
}

}  // namespace luukku::bench
