#include "e2e/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace luukku::testing {

std::string luukkuBinary() {
  return LUUKKU_BINARY;
}

std::string createApiToken(const std::vector<std::string>& global_args) {
  std::string command = luukkuBinary();
  for (const auto& a : global_args) command += " '" + a + "'";
  command += " --log-level warn token create --name test-" + std::to_string(::getpid()) +
             " --role agent --role supervisor --role admin --role registrar";
  FILE* out = ::popen(command.c_str(), "r");
  if (!out) throw std::runtime_error("cannot run " + command);
  char line[256] = {};
  bool got = ::fgets(line, sizeof line, out) != nullptr;
  int status = ::pclose(out);
  std::string token = got ? line : "";
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (status != 0 || token.empty()) throw std::runtime_error("`luukku token create` failed");
  return token;
}

ServerProcess::ServerProcess(std::vector<std::string> global_args)
    : token_(createApiToken(global_args)) {
  char ready_template[] = "/tmp/luukku-ready-XXXXXX";
  int fd = mkstemp(ready_template);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  std::string ready_file = ready_template;
  std::filesystem::remove(ready_file);

  std::vector<std::string> args = {luukkuBinary()};
  args.insert(args.end(), global_args.begin(), global_args.end());
  for (std::string a :
       {"--http-listen", "127.0.0.1:0", "--log-level", "warn", "serve", "--ready-file"}) {
    args.push_back(a);
  }
  args.push_back(ready_file);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + args[0]);
  }
  // The server writes the ready file only once it serves; poll for it, watching the child.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("luukku exited during start-up");
    }
    std::ifstream in(ready_file);
    unsigned port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      std::filesystem::remove(ready_file);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
  throw std::runtime_error("luukku did not become ready within 30 s");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace luukku::testing
