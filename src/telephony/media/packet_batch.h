// PacketBatch: the datagrams one recvmmsg took from a UDP socket, and the ones to forward from
// them, sent with one sendmmsg.
//
// The relay pays a system call per batch rather than per packet: when packets wait (the media
// thread was busy or not scheduled), one call moves up to kSize of them each way, so the cost
// per packet falls as the queue grows and the relay catches up. Buffers are allocated once,
// with the batch; nothing is allocated per packet.
//
// Ownership: the batch owns its buffers. packet() and from() are valid until the next
// receive(); queue() keeps a pointer to the packet and to the address it was given, which must
// stay valid until send().
//
// Thread-safety: none; the media engine keeps one per media thread. Defined inline in this
// header, which only media_engine.cc includes (media_engine.h declares the class), so the
// system headers stay out of the engine's interface.
#pragma once

#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <cassert>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <span>

namespace luukku::telephony::media {

class PacketBatch {
 public:
  static constexpr std::size_t kSize = 32;         // datagrams per recvmmsg and sendmmsg
  static constexpr std::size_t kMaxPacket = 1500;  // longer datagrams are truncated

  PacketBatch();
  PacketBatch(const PacketBatch&) = delete;
  PacketBatch& operator=(const PacketBatch&) = delete;

  // Takes up to kSize datagrams waiting on `fd` without blocking; returns how many (0 when
  // none waits). Fewer than kSize means the socket's queue was found empty, or that an error
  // arrived after the first datagrams; the kernel keeps that for the next call, and the wait
  // that follows reports the socket ready at once (Asio re-arms the descriptor for each wait).
  // An error the socket reports instead of data (an ICMP refusal of an earlier send on a
  // connected socket) is consumed by reporting it, so it is skipped and the read retried.
  std::size_t receive(int fd);
  std::span<std::uint8_t> packet(std::size_t i) { return {buffers_[i].data(), received_[i]}; }
  const boost::asio::ip::udp::endpoint& from(std::size_t i) const { return from_[i]; }

  // Adds `packet` to what send() forwards on `fd` (the same socket for every packet of a
  // batch); `to` is null for a connected socket.
  void queue(int fd, std::span<const std::uint8_t> packet,
             const boost::asio::ip::udp::endpoint* to);
  bool hasQueued() const { return queued_ > 0; }
  // Sends what was queued, in order, and empties the queue; returns how many the kernel took. A
  // packet it refuses (a full buffer, an unreachable remote) is dropped, as a router would, after
  // one retry when the refusal was an earlier packet's ICMP report.
  std::size_t send();

 private:
  std::array<std::array<std::uint8_t, kMaxPacket>, kSize> buffers_{};
  std::array<std::size_t, kSize> received_{};
  std::array<boost::asio::ip::udp::endpoint, kSize> from_{};
  std::array<iovec, kSize> in_iov_{};
  std::array<mmsghdr, kSize> in_{};
  std::array<iovec, kSize> out_iov_{};
  std::array<mmsghdr, kSize> out_{};
  std::size_t queued_ = 0;
  int out_fd_ = -1;
};

inline PacketBatch::PacketBatch() {
  for (std::size_t j = 0; j < kSize; ++j) {
    in_iov_[j] = {buffers_[j].data(), kMaxPacket};
    in_[j].msg_hdr.msg_iov = &in_iov_[j];
    in_[j].msg_hdr.msg_iovlen = 1;
    in_[j].msg_hdr.msg_name = from_[j].data();
    out_[j].msg_hdr.msg_iov = &out_iov_[j];
    out_[j].msg_hdr.msg_iovlen = 1;
  }
}

inline std::size_t PacketBatch::receive(int fd) {
  for (std::size_t j = 0; j < kSize; ++j) {
    in_[j].msg_hdr.msg_namelen = static_cast<socklen_t>(from_[j].capacity());
  }
  // Each failed call consumes the error it reports, so a few attempts reach the data.
  for (int attempt = 0; attempt < 4; ++attempt) {
    int got = ::recvmmsg(fd, in_.data(), kSize, MSG_DONTWAIT, nullptr);
    if (got >= 0) {
      auto count = static_cast<std::size_t>(got);
      for (std::size_t j = 0; j < count; ++j) {
        received_[j] = in_[j].msg_len;
        from_[j].resize(in_[j].msg_hdr.msg_namelen);
      }
      return count;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
  }
  return 0;
}

inline void PacketBatch::queue(int fd, std::span<const std::uint8_t> packet,
                               const boost::asio::ip::udp::endpoint* to) {
  assert(queued_ < kSize);  // each received packet is forwarded at most once
  assert(queued_ == 0 || fd == out_fd_);
  out_fd_ = fd;
  // sendmmsg does not write through these pointers; the const goes because msghdr has none.
  out_iov_[queued_] = {const_cast<std::uint8_t*>(packet.data()), packet.size()};
  msghdr& h = out_[queued_].msg_hdr;
  h.msg_name = to ? const_cast<sockaddr*>(to->data()) : nullptr;
  h.msg_namelen = to ? static_cast<socklen_t>(to->size()) : 0;
  ++queued_;
}

inline std::size_t PacketBatch::send() {
  std::size_t done = 0;
  std::size_t sent = 0;
  bool retried = false;
  while (done < queued_) {
    int n = ::sendmmsg(out_fd_, out_.data() + done, static_cast<unsigned>(queued_ - done),
                       MSG_DONTWAIT);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      sent += static_cast<std::size_t>(n);
      retried = false;
    } else if (n < 0 && errno == ECONNREFUSED && !retried) {
      retried = true;  // the report was for an earlier packet; this one was not sent
    } else {
      ++done;  // refused: dropped
      retried = false;
    }
  }
  queued_ = 0;
  return sent;
}

}  // namespace luukku::telephony::media
