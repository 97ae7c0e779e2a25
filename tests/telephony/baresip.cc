#include "telephony/baresip.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "telephony/media/audio.h"

namespace luukku::telephony::testing {
namespace fs = std::filesystem;

Baresip::Baresip(BaresipOptions options) : options_(std::move(options)) {
  fs::create_directories(options_.dir);
  fs::create_directories(options_.dir + "/rec");
  std::uint16_t sip = options_.sip_port ? options_.sip_port : freePort();
  std::uint16_t ctrl = freePort();
  std::uint16_t rtp = freeMediaPort();
  std::ofstream(options_.dir + "/config")
      << "sip_listen 127.0.0.1:" << sip << "\n"
      << "net_interface 127.0.0.1\n"
      << "audio_player aubridge,nil\n"
      << "audio_source aufile," << options_.microphone << "\n"
      << "audio_alert aubridge,nil\n"
      << "ausrc_srate 8000\nauplay_srate 8000\nausrc_channels 1\nauplay_channels 1\n"
      << "rtp_ports " << rtp << "-" << rtp + 40 << "\n"
      << "module_path /usr/lib/baresip/modules\n"
      << "module g711.so\nmodule aufile.so\nmodule aubridge.so\nmodule sndfile.so\n"
      << "module_app account.so\nmodule_app menu.so\nmodule ctrl_tcp.so\n"
      << "ctrl_tcp_listen 127.0.0.1:" << ctrl << "\n"
      << "snd_path " << options_.dir << "/rec\n";
  std::ofstream(options_.dir + "/accounts") << options_.account << "\n";
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"baresip", "-4", "-f", options_.dir}, options_.dir + "/baresip.log");
  // ctrl_tcp listens once baresip is up.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(ctrl);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return;
    ::close(fd_);
    fd_ = -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Baresip::~Baresip() {
  if (fd_ >= 0) {
    command("quit");
    ::close(fd_);
  }
  if (process_) process_->wait(std::chrono::seconds(3));
}

bool Baresip::command(const std::string& name, const std::string& params) {
  if (fd_ < 0) return false;
  std::string json = "{\"command\":\"" + name + "\",\"params\":\"" + params + "\",\"token\":\"t" +
                     std::to_string(++token_) + "\"}";
  std::string msg = std::to_string(json.size()) + ":" + json + ",";
  return ::send(fd_, msg.data(), msg.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(msg.size());
}

bool Baresip::readMessages(std::chrono::milliseconds limit) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
  char buf[4096];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  buffer_.append(buf, static_cast<std::size_t>(n));
  // Netstrings: LEN ":" JSON ",".
  for (;;) {
    auto colon = buffer_.find(':');
    if (colon == std::string::npos) break;
    std::size_t len = std::stoul(buffer_.substr(0, colon));
    if (buffer_.size() < colon + 1 + len + 1) break;
    std::string json = buffer_.substr(colon + 1, len);
    buffer_.erase(0, colon + 1 + len + 1);
    auto at = json.find("\"type\":\"");
    if (json.find("\"event\":true") != std::string::npos && at != std::string::npos) {
      at += 8;
      events_.push_back(json.substr(at, json.find('"', at) - at));
    }
  }
  return true;
}

bool Baresip::waitEvent(const std::string& type, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    while (!events_.empty()) {
      std::string e = events_.front();
      events_.erase(events_.begin());
      if (e == type) return true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return false;
    readMessages(std::min(left, std::chrono::milliseconds(200)));
  }
}

std::vector<std::int16_t> Baresip::heard() const {
  std::string newest;
  for (const auto& e : fs::directory_iterator(options_.dir + "/rec")) {
    std::string name = e.path().string();
    if (name.ends_with("-dec.wav") && name > newest) newest = name;
  }
  if (newest.empty()) return {};
  auto audio = media::loadAudioFile(newest);
  return audio ? (*audio)->samples : std::vector<std::int16_t>{};
}

std::string Baresip::log() const {
  return process_ ? process_->log() : "";
}

int levelBetween(const std::vector<std::int16_t>& s, double from_s, double to_s) {
  auto a = static_cast<std::size_t>(from_s * media::kSampleRate);
  auto b = std::min(s.size(), static_cast<std::size_t>(to_s * media::kSampleRate));
  if (a >= b) return 0;
  return media::frameLevel(std::span(s).subspan(a, b - a));
}

double toneShare(const std::vector<std::int16_t>& s, double hz, double from_s, double to_s) {
  auto a = static_cast<std::size_t>(from_s * media::kSampleRate);
  auto b = std::min(s.size(), static_cast<std::size_t>(to_s * media::kSampleRate));
  if (a >= b) return 0;
  // Goertzel for one frequency against the total energy.
  double w = 2 * M_PI * hz / media::kSampleRate, coeff = 2 * std::cos(w);
  double s1 = 0, s2 = 0, total = 0;
  for (std::size_t i = a; i < b; ++i) {
    double x = s[i];
    double s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    total += x * x;
  }
  double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  double n = static_cast<double>(b - a);
  return total > 0 ? 2 * power / (n * total) : 0;
}

}  // namespace luukku::telephony::testing
