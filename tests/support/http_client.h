// A deliberately plain HTTP/1.1 client on blocking sockets for tests: it sends exactly the
// bytes it is given, so tests can send malformed, oversized or slow requests that a real
// client library would refuse to produce.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace luukku::testing {

struct RawResponse {
  int status = 0;  // 0 when the server sent nothing parseable
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  bool closed = false;  // the server closed the connection after this response
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}

  // A copy that adds `name: value` to every request made with request() and get() (not to
  // exchange(), which sends its bytes as they are).
  HttpClient withHeader(std::string name, std::string value) const {
    HttpClient c = *this;
    c.headers_.emplace_back(std::move(name), std::move(value));
    return c;
  }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  std::uint16_t port() const { return port_; }

  // A well-formed request with Connection: close.
  RawResponse request(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::string& content_type = "application/json") const;
  RawResponse get(const std::string& target) const { return request("GET", target); }

  // Sends `bytes` as they are and returns what comes back until the server closes the
  // connection or `timeout` passes.
  RawResponse exchange(const std::string& bytes,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  std::uint16_t port_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// Opens a TCP connection to 127.0.0.1:port; -1 on failure.
int connectLoopback(std::uint16_t port);
// Reads until the peer closes or `timeout` passes; sets *closed when the peer closed.
std::string readUntilClosed(int fd, std::chrono::milliseconds timeout, bool* closed);
RawResponse parseResponse(const std::string& raw);

}  // namespace luukku::testing
