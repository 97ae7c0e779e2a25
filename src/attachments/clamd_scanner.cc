#include "attachments/clamd_scanner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace luukku::attachments {
namespace {

constexpr std::string_view kUnixPrefix = "unix:";
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kLongestReply = 4096;

Status failed(std::string_view doing) {
  return unavailable("virus scanner: " + std::string(doing) + ": " + std::strerror(errno));
}

// One connection to clamd; every send and receive waits at most the scanner's timeout
// (SO_SNDTIMEO also bounds connect on Linux).
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status open(const ClamdScanner::Endpoint& to, const std::string& address,
              std::chrono::milliseconds timeout) {
    sockaddr_storage where{};
    socklen_t length = 0;
    if (to.family == AF_UNIX) {
      auto* un = reinterpret_cast<sockaddr_un*>(&where);
      un->sun_family = AF_UNIX;
      std::copy(to.target.begin(), to.target.end(), un->sun_path);
      length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + to.target.size() + 1);
    } else if (to.family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&where);
      v4->sin_family = AF_INET;
      v4->sin_port = htons(to.port);
      ::inet_pton(AF_INET, to.target.c_str(), &v4->sin_addr);
      length = sizeof(sockaddr_in);
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&where);
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(to.port);
      ::inet_pton(AF_INET6, to.target.c_str(), &v6->sin6_addr);
      length = sizeof(sockaddr_in6);
    }
    const int family = to.family;
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return failed("opening a socket");
    timeval limit{};
    limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    limit.tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&where), length) != 0) {
      return failed("connecting to " + address);
    }
    return Status::ok();
  }

  // False when clamd stopped reading (it closes the stream once it is over its limit, and
  // then says why).
  bool sendAll(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // clamd's reply, up to its terminating NUL (the z-prefixed commands) or the end.
  Result<std::string> reply() {
    std::string text;
    char buffer[512];
    while (text.size() < kLongestReply) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failed("reading its answer");
      if (n == 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
      if (text.find('\0') != std::string::npos) break;
    }
    text = text.substr(0, text.find('\0'));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty())
      return unavailable("virus scanner: it closed the connection without an answer");
    return text;
  }

 private:
  int fd_ = -1;
};

std::string chunkLength(std::size_t n) {
  const auto v = static_cast<std::uint32_t>(n);
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

}  // namespace

Result<ClamdScanner> ClamdScanner::create(std::string address, std::chrono::milliseconds timeout) {
  Endpoint to;
  if (address.starts_with(kUnixPrefix)) {
    to.family = AF_UNIX;
    to.target = address.substr(kUnixPrefix.size());
    if (to.target.empty() || to.target.size() >= sizeof(sockaddr_un{}.sun_path)) {
      return invalidArgument("clamd's address '" + address +
                             "': the socket path is empty or too long");
    }
    return ClamdScanner(std::move(address), std::move(to), timeout);
  }
  auto wrong = [&] {
    return invalidArgument("clamd's address '" + address +
                           "' is neither unix:/path/to/clamd.sock nor IP:port");
  };
  const std::size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return wrong();
  to.target = address.substr(0, colon);
  if (to.target.size() > 2 && to.target.front() == '[' && to.target.back() == ']') {
    to.target = to.target.substr(1, to.target.size() - 2);
  }
  unsigned char ip[sizeof(in6_addr)];
  if (::inet_pton(AF_INET, to.target.c_str(), ip) == 1) {
    to.family = AF_INET;
  } else if (::inet_pton(AF_INET6, to.target.c_str(), ip) == 1) {
    to.family = AF_INET6;
  } else {
    return wrong();
  }
  unsigned port = 0;
  const char* end = address.data() + address.size();
  const auto parsed = std::from_chars(address.data() + colon + 1, end, port);
  if (parsed.ec != std::errc() || parsed.ptr != end || port == 0 || port > 65535) return wrong();
  to.port = static_cast<std::uint16_t>(port);
  return ClamdScanner(std::move(address), std::move(to), timeout);
}

Result<ScanVerdict> ClamdScanner::scan(std::string_view bytes) const {
  Connection clamd;
  RETURN_IF_ERROR(clamd.open(endpoint_, address_, timeout_));
  bool sent = clamd.sendAll(std::string_view("zINSTREAM\0", 10));
  for (std::size_t at = 0; sent && at < bytes.size(); at += kChunk) {
    const std::string_view chunk = bytes.substr(at, kChunk);
    sent = clamd.sendAll(chunkLength(chunk.size())) && clamd.sendAll(chunk);
  }
  if (sent) sent = clamd.sendAll(chunkLength(0));
  ASSIGN_OR_RETURN(std::string answer, clamd.reply());
  // "stream: OK", "stream: <signature> FOUND", or "<what went wrong> ERROR".
  constexpr std::string_view kStream = "stream: ";
  if (answer == "stream: OK") return ScanVerdict{true, {}};
  constexpr std::string_view kFound = " FOUND";
  if (answer.starts_with(kStream) && answer.ends_with(kFound)) {
    return ScanVerdict{
        false, answer.substr(kStream.size(), answer.size() - kStream.size() - kFound.size())};
  }
  return unavailable("virus scanner refused the file: " + answer);
}

Status ClamdScanner::ping() const {
  Connection clamd;
  RETURN_IF_ERROR(clamd.open(endpoint_, address_, timeout_));
  if (!clamd.sendAll(std::string_view("zPING\0", 6))) return failed("sending PING");
  ASSIGN_OR_RETURN(std::string answer, clamd.reply());
  if (answer != "PONG") return unavailable("virus scanner answered PING with '" + answer + "'");
  return Status::ok();
}

}  // namespace luukku::attachments
