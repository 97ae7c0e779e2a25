// HttpServer: HTTP/1.1 and WebSocket on Boost.Beast with C++20 coroutines.
//
// Each connection is one coroutine on its own strand. Requests are read with hard limits —
// header bytes, body bytes (413 as soon as Content-Length says too much), and deadlines for
// an idle connection and for a request to arrive whole — so slow or half-open clients cost a
// socket for a bounded time and never a thread. Requests under /api/, /healthz and /metrics go
// to the Router; an Upgrade on /api/v1/events becomes the live event feed; other GETs are
// static files. Access log lines name the route template, never the raw path or query, which
// may carry personal data.
//
// Thread-safety: start() and stop() from the owning thread; everything else is internal.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/router.h"
#include "api/services.h"
#include "core/status.h"

namespace luukku::api {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see HttpServer::port()
  std::size_t threads = 2;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_connections = 10'000;
  std::chrono::milliseconds idle_timeout{60'000};     // waiting for the next request
  std::chrono::milliseconds request_timeout{30'000};  // from first byte to whole request
  std::string web_root;                               // static files; empty: none
  // Both set: HTTPS only (TLS 1.2 or newer), with Strict-Transport-Security on every answer.
  std::string tls_cert_file;  // PEM certificate chain
  std::string tls_key_file;   // PEM private key
  // Origins the web app's pages may connect to besides the server itself (Content-Security-
  // Policy connect-src): the browser phone's gateway, "ws://127.0.0.1:8188".
  std::vector<std::string> connect_sources{};
  // Origins whose pages may show the citizen's chat page (/chat/) in a frame: the region's web
  // sites, "https://www.example-region.fi". Empty: no page may frame it. Every other page of
  // Luukku may never be framed.
  std::vector<std::string> chat_embed_origins{};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Router router, Services services);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on the server's threads. Fails when the TLS files are unusable.
  Status start();
  // The bound port (after start()).
  std::uint16_t port() const;
  // Stops accepting and closes every connection. Idempotent.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace luukku::api
