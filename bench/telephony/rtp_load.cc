#include "rtp_load.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "telephony/media/audio.h"
#include "telephony/media/rtp.h"

namespace luukku::bench {
namespace {
using namespace luukku::telephony::media;

constexpr std::size_t kBatch = 16;

std::int64_t toNs(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::int64_t nowNs(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return toNs(t);
}

Result<int> boundSocket(std::uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return unavailable(std::string("socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  int on = 1;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    Status error = unavailable(std::string("bind: ") + std::strerror(errno));
    ::close(fd);
    return error;
  }
  port = ntohs(a.sin_port);
  return fd;
}

}  // namespace

Result<std::unique_ptr<RtpLoad>> RtpLoad::open(std::size_t calls, int seconds) {
  std::unique_ptr<RtpLoad> load(new RtpLoad());
  load->frames_ = seconds * 50;
  load->epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (load->epoll_ < 0) return unavailable(std::string("epoll: ") + std::strerror(errno));
  for (std::size_t i = 0; i < calls; ++i) {
    std::uint16_t port = 0;
    auto caller = boundSocket(port);
    if (!caller) return caller.status();
    load->caller_fds_.push_back(*caller);
    load->caller_ports_.push_back(port);
    auto agent = boundSocket(port);
    if (!agent) return agent.status();
    load->agent_fds_.push_back(*agent);
    load->agent_ports_.push_back(port);
    epoll_event ready{};
    ready.events = EPOLLIN;
    ready.data.u64 = i;
    if (::epoll_ctl(load->epoll_, EPOLL_CTL_ADD, *agent, &ready) != 0) {
      return unavailable(std::string("epoll_ctl: ") + std::strerror(errno));
    }
  }
  std::size_t packets = calls * static_cast<std::size_t>(load->frames_);
  load->sent_at_.assign(packets, 0);
  load->got_at_.assign(packets, 0);
  return load;
}

RtpLoad::~RtpLoad() {
  for (int fd : caller_fds_) ::close(fd);
  for (int fd : agent_fds_) ::close(fd);
  if (epoll_ >= 0) ::close(epoll_);
}

Status RtpLoad::run(std::span<const std::uint16_t> relay_ports) {
  if (relay_ports.size() != calls()) return invalidArgument("one relay port per call");
  std::vector<sockaddr_in> to(calls());
  for (std::size_t i = 0; i < calls(); ++i) {
    to[i].sin_family = AF_INET;
    to[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to[i].sin_port = htons(relay_ports[i]);
  }
  double cpu_before = static_cast<double>(nowNs(CLOCK_THREAD_CPUTIME_ID)) * 1e-9;
  std::thread receiver([this] { receive(); });

  std::array<std::uint8_t, kRtpHeaderSize + kFrameSamples> packet{};
  std::fill(packet.begin() + kRtpHeaderSize, packet.end(), 0xd5);
  auto start = std::chrono::steady_clock::now();
  for (int f = 0; f < frames_; ++f) {
    std::this_thread::sleep_until(start + std::chrono::milliseconds(20) * f);
    for (std::size_t i = 0; i < calls(); ++i) {
      RtpHeader h;
      h.payload_type = static_cast<std::uint8_t>(Codec::kPcma);
      h.seq = static_cast<std::uint16_t>(f);
      h.timestamp = static_cast<std::uint32_t>(f * kFrameSamples);
      h.ssrc = static_cast<std::uint32_t>(i + 1);
      writeRtpHeader(packet, h);
      sent_at_[i * static_cast<std::size_t>(frames_) + static_cast<std::size_t>(f)] =
          nowNs(CLOCK_REALTIME);
      ::sendto(caller_fds_[i], packet.data(), packet.size(), 0,
               reinterpret_cast<const sockaddr*>(&to[i]), sizeof to[i]);
    }
  }
  // What is late is delay, not loss: wait until every packet is in or none came for a second.
  long expected = static_cast<long>(calls()) * frames_;
  long seen = -1;
  auto progress = std::chrono::steady_clock::now();
  while (received_.load() < expected &&
         std::chrono::steady_clock::now() - progress < std::chrono::seconds(1)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (received_.load() != seen) {
      seen = received_.load();
      progress = std::chrono::steady_clock::now();
    }
  }
  stop_ = true;
  receiver.join();
  cpu_seconds_ += static_cast<double>(nowNs(CLOCK_THREAD_CPUTIME_ID)) * 1e-9 - cpu_before;
  return Status::ok();
}

void RtpLoad::receive() {
  constexpr std::size_t kControl = CMSG_SPACE(sizeof(timespec));
  std::array<std::array<std::uint8_t, 1500>, kBatch> buffers{};
  std::array<std::array<std::uint8_t, kControl>, kBatch> controls{};
  std::array<iovec, kBatch> iov{};
  std::array<mmsghdr, kBatch> messages{};
  std::array<epoll_event, 256> events{};
  auto frames = static_cast<std::size_t>(frames_);
  while (!stop_.load(std::memory_order_relaxed)) {
    int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      std::size_t call = events[static_cast<std::size_t>(e)].data.u64;
      for (std::size_t j = 0; j < kBatch; ++j) {
        iov[j] = {buffers[j].data(), buffers[j].size()};
        messages[j].msg_hdr = {};
        messages[j].msg_hdr.msg_iov = &iov[j];
        messages[j].msg_hdr.msg_iovlen = 1;
        messages[j].msg_hdr.msg_control = controls[j].data();
        messages[j].msg_hdr.msg_controllen = controls[j].size();
      }
      int got = ::recvmmsg(agent_fds_[call], messages.data(), kBatch, MSG_DONTWAIT, nullptr);
      for (int j = 0; j < got; ++j) {
        auto& m = messages[static_cast<std::size_t>(j)];
        auto h = parseRtp(std::span(buffers[static_cast<std::size_t>(j)].data(), m.msg_len));
        cmsghdr* c = CMSG_FIRSTHDR(&m.msg_hdr);
        if (!h || h->seq >= frames || c == nullptr || c->cmsg_type != SCM_TIMESTAMPNS) continue;
        timespec at{};
        std::memcpy(&at, CMSG_DATA(c), sizeof at);
        std::int64_t& slot = got_at_[call * frames + h->seq];
        if (slot == 0) received_.fetch_add(1, std::memory_order_relaxed);
        slot = toNs(at);
      }
    }
  }
  cpu_seconds_ += static_cast<double>(nowNs(CLOCK_THREAD_CPUTIME_ID)) * 1e-9;
}

RtpLoad::Figures RtpLoad::figures() const {
  Figures out;
  out.cpu_seconds = cpu_seconds_;
  auto frames = static_cast<std::size_t>(frames_);
  std::vector<double> added;  // per packet: its delay minus the stream's least delay (ms)
  added.reserve(got_at_.size());
  for (std::size_t call = 0; call < calls(); ++call) {
    std::int64_t least = INT64_MAX;
    std::size_t first = added.size();
    for (std::size_t f = 0; f < frames; ++f) {
      std::size_t k = call * frames + f;
      ++out.sent;
      if (got_at_[k] == 0) continue;
      ++out.received;
      least = std::min(least, got_at_[k] - sent_at_[k]);
      added.push_back(static_cast<double>(got_at_[k] - sent_at_[k]));
    }
    for (std::size_t k = first; k < added.size(); ++k) {
      added[k] = (added[k] - static_cast<double>(least)) * 1e-6;
    }
  }
  std::sort(added.begin(), added.end());
  auto pct = [&](double p) {
    return added[static_cast<std::size_t>(p * static_cast<double>(added.size() - 1))];
  };
  if (!added.empty()) {
    out.p50 = pct(0.5);
    out.p99 = pct(0.99);
    out.max = added.back();
  }
  return out;
}

}  // namespace luukku::bench
