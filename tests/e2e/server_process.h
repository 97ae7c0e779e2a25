// Runs the real `luukku` binary as a child process for tests that need a whole server:
// start-up, signals, SIGKILL and restart.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/http_client.h"

namespace luukku::testing {

class ServerProcess {
 public:
  // Creates an API token with every staff role (`luukku token create`), then starts
  // `luukku <global args> serve --ready-file ...` on 127.0.0.1 with a free port and waits
  // until it is ready (or fails the test).
  explicit ServerProcess(std::vector<std::string> global_args);
  ~ServerProcess();  // SIGTERM, then waits

  std::uint16_t port() const { return port_; }
  // A client carrying the token: every route is open to it.
  HttpClient client() const {
    return HttpClient(port_).withHeader("Authorization", "Bearer " + token_);
  }
  const std::string& token() const { return token_; }
  pid_t pid() const { return pid_; }
  // Kills with SIGKILL and reaps the process.
  void kill();
  // Sends SIGTERM and returns the exit status.
  int terminate();

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string token_;
};

// `luukku <global args> token create` with every staff role, before a server starts: the token.
std::string createApiToken(const std::vector<std::string>& global_args);

// The built luukku binary.
std::string luukkuBinary();

}  // namespace luukku::testing
