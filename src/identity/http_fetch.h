// fetch(): a small blocking HTTP/1.1 client for talking to identity providers — discovery,
// the token endpoint and JWKS — over http or https.
//
// https verifies the server's certificate against the system's trust store (plus an
// optional CA file, for a region's own CA or a test's self-signed certificate) and checks
// the host name or IP address; there is no switch to turn verification off. Every call has
// a deadline for the whole exchange and a cap on the body, so a slow or hostile provider
// costs bounded time and memory. Redirects are not followed.
//
// Thread-safety: thread-safe; each call has its own connection and I/O context. Blocking:
// call it off the I/O threads (concurrency::BlockingPool).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace luukku::identity {

struct FetchRequest {
  std::string method = "GET";
  std::string url;  // http://host:port/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct FetchResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::optional<std::string_view> header(std::string_view name) const;
};

struct FetchOptions {
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_body_bytes = 1 << 20;
  std::string ca_file;  // extra trusted CA certificates (PEM); empty: the system's only
};

// kUnavailable when the server cannot be reached, the TLS handshake or certificate check
// fails, or the deadline passes; kInvalidArgument for a URL that is not http(s).
Result<FetchResponse> fetch(const FetchRequest& request, const FetchOptions& options);

// application/x-www-form-urlencoded encoding of one value.
std::string formEncode(std::string_view value);

}  // namespace luukku::identity
