#include "telephony/peers.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace luukku::telephony::testing {
namespace {

bool bindable(int type, std::uint16_t port) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return false;
  int one = 1;
  if (type == SOCK_STREAM) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

std::uint16_t ephemeral() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

std::uint16_t freePort() {
  for (int i = 0; i < 200; ++i) {
    std::uint16_t p = ephemeral();
    if (p && bindable(SOCK_DGRAM, p) && bindable(SOCK_STREAM, p)) return p;
  }
  throw std::runtime_error("no free port");
}

std::uint16_t freeMediaPort() {
  // Drawn from 22000-31899, below the kernel's ephemeral range (32768-60999), where every port
  // bound to 0 and every media range the tests give a server or Janus (32000-42000) lie: a
  // port found free here is taken meanwhile only by another peer drawing the same number.
  thread_local std::mt19937 draw{std::random_device{}()};
  std::uniform_int_distribution<int> even(11000, 15949);
  for (int i = 0; i < 200; ++i) {
    auto p = static_cast<std::uint16_t>(even(draw) * 2);
    if (bindable(SOCK_DGRAM, p) && bindable(SOCK_DGRAM, p + 1) && bindable(SOCK_DGRAM, p + 2) &&
        bindable(SOCK_DGRAM, p + 3)) {
      return p;
    }
  }
  throw std::runtime_error("no free media port");
}

bool udpPortTaken(std::uint16_t port) {
  return !bindable(SOCK_DGRAM, port);
}

ChildProcess::ChildProcess(std::vector<std::string> argv, std::string log_file)
    : log_file_(std::move(log_file)) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

ChildProcess::~ChildProcess() {
  kill();
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
    return false;
  }
  return true;
}

int ChildProcess::wait(std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (running()) {
    if (std::chrono::steady_clock::now() > until) {
      kill();
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

void ChildProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  status_ = -1;
}

std::string ChildProcess::log() const {
  std::ifstream in(log_file_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

SipUdpClient::SipUdpClient() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd_ < 0) throw std::runtime_error("no UDP socket");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot bind a UDP socket on 127.0.0.1");
  }
  port_ = ntohs(a.sin_port);
}

SipUdpClient::~SipUdpClient() {
  ::close(fd_);
}

std::string SipUdpClient::request(std::uint16_t server_port, const std::string& request,
                                  std::chrono::milliseconds limit) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(server_port);
  if (::sendto(fd_, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&to),
               sizeof to) != static_cast<ssize_t>(request.size())) {
    return {};
  }
  auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) continue;
    std::string response(buf, static_cast<std::size_t>(n));
    // "SIP/2.0 100 Trying" and other provisional answers are not the answer.
    if (response.starts_with("SIP/2.0 ") && response.size() > 9 && response[8] >= '2') {
      return response;
    }
  }
}

std::string scenarioDir() {
  return LUUKKU_SIP_SCENARIOS;
}

std::vector<std::string> sippArgs(const std::string& scenario, std::uint16_t server_port,
                                  std::uint16_t local_port, int calls,
                                  std::vector<std::string> extra) {
  std::vector<std::string> args = {"sipp",
                                   "-sf",
                                   scenarioDir() + "/" + scenario,
                                   "127.0.0.1:" + std::to_string(server_port),
                                   "-i",
                                   "127.0.0.1",
                                   "-p",
                                   std::to_string(local_port),
                                   "-mp",
                                   std::to_string(freeMediaPort()),
                                   "-nostdin",
                                   "-m",
                                   std::to_string(calls),
                                   "-timeout",
                                   "120s",
                                   "-timeout_error"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace luukku::telephony::testing
