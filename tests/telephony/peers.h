// Real SIP peers for tests: SIPp scenarios from tests/sip/ and baresip, run as child processes
// on 127.0.0.1, each with a bounded run time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace luukku::telephony::testing {

// A port free for both UDP and TCP on 127.0.0.1 right now (for sofia's listen address).
std::uint16_t freePort();
// An even port with the next three free too (RTP and RTCP for a SIPp peer's audio and video),
// outside the ranges the kernel and the tests' servers take ports from.
std::uint16_t freeMediaPort();
// Whether something holds UDP `port` on 127.0.0.1: a peer started on it is listening.
bool udpPortTaken(std::uint16_t port);

class ChildProcess {
 public:
  // Starts `argv` with stdout and stderr to `log_file`.
  ChildProcess(std::vector<std::string> argv, std::string log_file);
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits up to `limit`; the exit code, or -1 after killing it on timeout.
  int wait(std::chrono::milliseconds limit);
  void kill();
  bool running();
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string log_file_;
};

// Polls `done` every 20 ms until it holds (true) or `limit` passes (false).
template <typename Pred>
bool eventually(Pred done, std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// A UDP socket of its own on 127.0.0.1 for hand-made SIP requests: real packets from a
// port no other peer uses.
class SipUdpClient {
 public:
  SipUdpClient();  // binds 127.0.0.1:0
  ~SipUdpClient();
  SipUdpClient(const SipUdpClient&) = delete;
  SipUdpClient& operator=(const SipUdpClient&) = delete;

  std::uint16_t port() const { return port_; }
  // Sends `request` to 127.0.0.1:`server_port`; the first final response (status 200 or
  // more), or empty when none came within `limit`.
  std::string request(std::uint16_t server_port, const std::string& request,
                      std::chrono::milliseconds limit);

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// The directory of the SIPp scenarios.
std::string scenarioDir();

// sipp -sf <scenario> 127.0.0.1:<server_port> -i 127.0.0.1 -p <local_port> -nostdin -m <calls>
// plus extra arguments (-key, -d, -r, ...).
std::vector<std::string> sippArgs(const std::string& scenario, std::uint16_t server_port,
                                  std::uint16_t local_port, int calls,
                                  std::vector<std::string> extra = {});

}  // namespace luukku::telephony::testing
