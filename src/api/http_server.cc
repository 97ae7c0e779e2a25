#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <thread>
#include <vector>

#include "api/acting.h"
#include "api/authorize.h"
#include "api/chat_socket.h"
#include "api/event_stream.h"
#include "api/request_body.h"
#include "api/static_files.h"
#include "core/must_stop.h"
#include "core/text.h"
#include "identity/identity.h"
#include "metrics/metrics.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto kWriteTimeout = 30s;
// The first read of a request: enough for most requests' headers in one go.
constexpr std::size_t kFirstReadBytes = 4096;

struct RouteMetrics {
  std::array<metrics::Counter*, 5> by_class{};  // 1xx..5xx
  metrics::Histogram* seconds = nullptr;
};

RouteMetrics makeRouteMetrics(metrics::Registry& registry, const std::string& label) {
  RouteMetrics m;
  static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  for (std::size_t i = 0; i < 5; ++i) {
    m.by_class[i] = &registry.counter("luukku_http_requests_total", "HTTP requests served",
                                      {{"route", label}, {"code", kClasses[i]}});
  }
  m.seconds = &registry.histogram("luukku_http_request_seconds",
                                  "Time from a whole request read to its response written",
                                  {{"route", label}});
  return m;
}

// Decodes the target into path and query; refuses what could confuse routing or files.
Status parseTarget(std::string_view target, HttpRequest& out) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return invalidArgument("the request target is not a valid path");
  std::string path;
  for (auto segment : url->segments()) {
    if (segment.empty() && path.empty()) continue;
    if (segment == "." || segment == ".." || segment.find('/') != std::string::npos ||
        segment.find('\\') != std::string::npos || segment.find('\0') != std::string::npos) {
      return invalidArgument("the path contains a forbidden segment");
    }
    path += '/';
    path += segment;
  }
  if (path.empty() || url->encoded_path().ends_with("/")) path += '/';
  if (!isValidUtf8(path)) return invalidArgument("the path is not valid UTF-8");
  out.path = std::move(path);
  for (auto param : url->params()) {
    if (!isValidUtf8(param.key) || !isValidUtf8(param.value)) {
      return invalidArgument("the query string is not valid UTF-8");
    }
    out.query.emplace(param.key, param.value);
  }
  return Status::ok();
}

// The policy of the web app's pages: its own origin only, and, for connections, the origins
// in `connect_sources` too (the browser phone's gateway). `frame_ancestors` empty: no page may
// show it in a frame.
std::string contentSecurityPolicy(const std::vector<std::string>& connect_sources,
                                  const std::vector<std::string>& frame_ancestors = {}) {
  std::string connect = "'self'";
  for (const auto& origin : connect_sources) connect += " " + origin;
  std::string ancestors = frame_ancestors.empty() ? "'none'" : "'self'";
  for (const auto& origin : frame_ancestors) ancestors += " " + origin;
  // blob: pictures: a chat's images, fetched with the visitor's token and shown from memory.
  return "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
         "connect-src " +
         connect + "; frame-ancestors " + ancestors;
}

// The citizen's chat page, which the region's web sites may frame (chat_embed_origins).
bool isChatPage(std::string_view path) {
  return path == "/chat" || path.starts_with("/chat/");
}

// `csp` is the Content-Security-Policy of an HTML answer; `framable` leaves out
// X-Frame-Options, which cannot name origins (the policy's frame-ancestors then decides).
http::response<http::string_body> toBeast(HttpResponse&& r, unsigned version, bool keep_alive,
                                          bool head, bool tls, const std::string& csp,
                                          bool framable = false) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "luukku");
  if (tls) res.set(http::field::strict_transport_security, "max-age=31536000");
  res.set(http::field::content_type, r.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (!framable) res.set("X-Frame-Options", "DENY");
  if (r.content_type.starts_with("text/html")) {
    res.set("Content-Security-Policy", csp);
  }
  bool has_cache_control = false;
  for (auto& [name, value] : r.headers) {
    has_cache_control = has_cache_control || beast::iequals(name, "cache-control");
    res.insert(name, value);
  }
  if (!has_cache_control) res.set(http::field::cache_control, "no-store");
  std::size_t size = r.body.size();
  if (!head) res.body() = std::move(r.body);
  res.content_length(size);
  res.keep_alive(keep_alive);
  return res;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Router router, Services services)
      : options_(std::move(options)),
        router_(std::move(router)),
        services_(services),
        csp_(contentSecurityPolicy(options_.connect_sources)),
        chat_page_csp_(
            contentSecurityPolicy(options_.connect_sources, options_.chat_embed_origins)),
        acceptor_(ioc_),
        connections_(services.metrics.gauge("luukku_http_connections", "Open HTTP connections")),
        refused_(services.metrics.counter("luukku_http_connections_refused_total",
                                          "Connections closed at once: too many open")) {
    if (!options_.web_root.empty()) static_files_.emplace(options_.web_root);
    for (const Route& route : router_.routes()) {
      route_metrics_.push_back(makeRouteMetrics(services.metrics, route.method + " " + route.path));
    }
    largest_body_bytes_ = options_.max_body_bytes;
    for (const Route& route : router_.routes()) {
      largest_body_bytes_ = std::max(largest_body_bytes_, route.max_body_bytes);
    }
    static_metrics_ = makeRouteMetrics(services.metrics, "static");
    unmatched_metrics_ = makeRouteMetrics(services.metrics, "unmatched");
  }

  Status start() {
    if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
      RETURN_IF_ERROR(loadTls());
    }
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return invalidArgument("'" + options_.address + "' is not an IP address");
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return unavailable("cannot listen on " + options_.address + ":" +
                         std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, accept(), asio::detached);
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
    return Status::ok();
  }

  std::uint16_t port() const { return port_; }

  void stop() {
    if (stopped_.exchange(true)) return;
    asio::post(ioc_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    });
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  asio::awaitable<void> accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_),
                                                          asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      if (static_cast<std::size_t>(connections_.value()) >= options_.max_connections) {
        refused_.add();
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto executor = socket.get_executor();
      auto task =
          ssl_ ? tlsSession(std::move(socket)) : session(beast::tcp_stream(std::move(socket)));
      asio::co_spawn(executor, std::move(task), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("connection ended by an unexpected error: {}", ex.what());
        }
      });
    }
  }

  // A deadline for reading one request. When it passes, the socket's pending operations are
  // cancelled (the socket stays open, so a 408 can still be written). Runs on the session's
  // strand; stop() before the session's stream goes away.
  class Deadline : public std::enable_shared_from_this<Deadline> {
   public:
    static std::shared_ptr<Deadline> start(beast::tcp_stream& stream,
                                           std::chrono::milliseconds after) {
      auto d = std::make_shared<Deadline>(stream);
      d->extend(after);
      return d;
    }
    explicit Deadline(beast::tcp_stream& stream)
        : stream_(&stream), timer_(stream.get_executor()) {}

    void extend(std::chrono::milliseconds after) {
      timer_.expires_after(after);
      timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || !self->stream_) return;
        self->fired_ = true;
        boost::system::error_code ignored;
        self->stream_->socket().cancel(ignored);
      });
    }
    // Disarms the deadline; true when it had passed.
    bool stop() {
      stream_ = nullptr;
      timer_.cancel();
      return fired_;
    }

   private:
    beast::tcp_stream* stream_;
    asio::steady_timer timer_;
    bool fired_ = false;
  };

  // TLS: the certificate chain and key, loaded once at start.
  Status loadTls() {
    ssl_.emplace(asio::ssl::context::tls_server);
    ssl_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    boost::system::error_code ec;
    ssl_->use_certificate_chain_file(options_.tls_cert_file, ec);
    if (ec) {
      return invalidArgument("cannot use the TLS certificate " + options_.tls_cert_file + ": " +
                             ec.message());
    }
    ssl_->use_private_key_file(options_.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) {
      return invalidArgument("cannot use the TLS key " + options_.tls_key_file + ": " +
                             ec.message());
    }
    return Status::ok();
  }

  // A TLS connection: the handshake under the request deadline, then the same session.
  asio::awaitable<void> tlsSession(tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *ssl_);
    beast::get_lowest_layer(stream).expires_after(options_.request_timeout);
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // not TLS, or a failed handshake: nothing to answer
    co_await session(std::move(stream));
  }

  template <typename Stream>
  static beast::tcp_stream& tcpOf(Stream& stream) {
    return beast::get_lowest_layer(stream);
  }

  // Ends a connection after its last response: TLS says close_notify first.
  template <typename Stream>
  static asio::awaitable<void> closeAfterWrite(Stream& stream) {
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      tcpOf(stream).expires_after(std::chrono::seconds(5));
      co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
    }
    boost::system::error_code ignored;
    tcpOf(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Sends a response that ends the connection (used for requests that could not be read).
  // Callers build `response` in a named local: see the GCC 12 note in event_stream.cc.
  template <typename Stream>
  asio::awaitable<void> refuse(Stream& stream, HttpResponse response) {
    auto res = toBeast(std::move(response), 11, false, false, ssl_.has_value(), csp_);
    tcpOf(stream).expires_after(kWriteTimeout);
    // (clang-tidy 14 reads the coroutine's copy of `response` as used after the move above.)
    // NOLINTNEXTLINE(bugprone-use-after-move)
    co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    co_await closeAfterWrite(stream);
  }

  template <typename Stream>
  asio::awaitable<void> session(Stream stream) {
    // Counted while this frame, or a chat socket it hands the connection to, holds the lease.
    connections_.add(1);
    ConnectionLease counted(nullptr, [&open = connections_](void*) { open.add(-1); });

    std::string remote;
    {
      boost::system::error_code ec;
      auto ep = tcpOf(stream).socket().remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      // The largest any route takes until the headers say which route this is.
      parser.body_limit(largest_body_bytes_);
      std::size_t body_limit = options_.max_body_bytes;

      // Reads run under our own deadline rather than the stream's: a stream timeout closes the
      // socket, and a client whose request arrives too slowly should still be told 408.
      // The idle timeout covers the wait for a request's first byte; from that byte on, the
      // whole request (headers and body) must arrive within the request timeout.
      tcpOf(stream).expires_never();
      auto deadline = Deadline::start(tcpOf(stream), options_.idle_timeout);
      boost::system::error_code ec;
      std::size_t n = 0;
      if (buffer.size() == 0) {
        std::tie(ec, n) = co_await stream.async_read_some(buffer.prepare(kFirstReadBytes),
                                                          asio::as_tuple(asio::use_awaitable));
        buffer.commit(n);
      }
      if (!ec) {
        deadline->extend(options_.request_timeout);
        std::tie(ec, n) = co_await http::async_read_header(stream, buffer, parser,
                                                           asio::as_tuple(asio::use_awaitable));
      }
      // (A Content-Length over every limit stops the parser with the headers read.)
      if (!ec || ec == http::error::body_limit) body_limit = bodyLimitOf(parser.get());
      if (!ec) {
        if (parser.content_length().value_or(0) > body_limit) {
          ec = http::error::body_limit;
        } else {
          parser.body_limit(body_limit);
        }
      }
      if (!ec && parser.get()[http::field::expect] == "100-continue" && !parser.is_done()) {
        http::response<http::empty_body> cont{http::status::continue_, 11};
        std::tie(ec, n) =
            co_await http::async_write(stream, cont, asio::as_tuple(asio::use_awaitable));
      }
      if (!ec && !parser.is_done()) {
        std::tie(ec, n) =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      }
      bool timed_out = deadline->stop();
      if (ec) {
        if (timed_out) ec = beast::error::timeout;
        co_await onReadError(stream, ec, buffer.size() > 0 || parser.got_some(), body_limit);
        co_return;
      }

      auto started = std::chrono::steady_clock::now();
      http::request<http::string_body> req = parser.release();
      HttpRequest request;
      request.remote_address = remote;
      request.read_at = started;
      Status target_ok = parseTarget(req.target(), request);

      if (target_ok && beast::websocket::is_upgrade(req) && request.path == "/api/v1/events") {
        Status query_ok = onlyQueryParams(request, {"after", "personal"});
        auto after = intQueryParam(request, "after", -1, 0, INT64_MAX);
        auto personal = boolQueryParam(request, "personal", false);
        if (!query_ok || !after || !personal) {
          HttpResponse bad = errorResponse(!query_ok ? query_ok
                                           : !after  ? after.status()
                                                     : personal.status());
          co_await refuse(stream, std::move(bad));
          co_return;
        }
        EventStreamRequest feed;
        if (*after >= 0) feed.after = *after;
        feed.personal = *personal;
        request.method = "GET";
        copyHeaders(req, request);
        auto subscriber = co_await authorizeUpgrade(request);
        if (!subscriber) {
          HttpResponse refused = refusal(subscriber.status());
          co_await refuse(stream, std::move(refused));
          co_return;
        }
        feed.subscriber = std::move(*subscriber);
        tcpOf(stream).expires_never();
        co_await serveEventStream(std::move(stream), std::move(req), std::move(feed), services_);
        co_return;
      }

      if (target_ok && beast::websocket::is_upgrade(req)) {
        auto match = router_.match("GET", request.path);
        const std::string op = match.route ? match.route->operation_id : std::string();
        if (op == "connectChat" || op == "watchAgentChats") {
          request.method = "GET";
          copyHeaders(req, request);
          tcpOf(stream).expires_never();
          // The socket outlives this frame's reads: the read buffer (4 KiB and more) is not
          // kept for it, with 10,000 visitors waiting.
          buffer = {};
          if (op == "connectChat") {
            // A visitor's chat: public; the first message proves the visitor (chat_socket.h).
            std::string address = remote;
            co_await serveVisitorChat(std::move(stream), std::move(req), std::move(address),
                                      std::move(counted), services_);
            co_return;
          }
          auto watcher = co_await authorizeUpgrade(request);
          Result<Acting> acting = watcher ? actingAs(*watcher, match.params.front().second)
                                          : Result<Acting>(watcher.status());
          if (!acting) {
            HttpResponse refused = refusal(acting.status());
            co_await refuse(stream, std::move(refused));
            co_return;
          }
          std::string agent = acting->agent_id;
          identity::Principal principal = std::move(*watcher);
          co_await serveAgentChats(std::move(stream), std::move(req), std::move(agent),
                                   std::move(principal), services_);
          co_return;
        }
      }

      HttpResponse response;
      RouteMetrics* rm = &unmatched_metrics_;
      if (!target_ok) {
        response = errorResponse(target_ok);
      } else {
        request.method = std::string(req.method_string());
        copyHeaders(req, request);
        request.body = std::move(req.body());
        response = co_await dispatch(request, rm);
      }

      bool keep_alive = req.keep_alive() && response.status != 400;
      int status = response.status;
      const bool embeddable =
          target_ok && !options_.chat_embed_origins.empty() && isChatPage(request.path);
      auto res =
          toBeast(std::move(response), req.version(), keep_alive, req.method() == http::verb::head,
                  ssl_.has_value(), embeddable ? chat_page_csp_ : csp_, embeddable);
      tcpOf(stream).expires_after(kWriteTimeout);
      auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      auto elapsed = std::chrono::steady_clock::now() - started;
      rm->seconds->observe(elapsed);
      rm->by_class[std::clamp(status / 100, 1, 5) - 1]->add();
      if (wec) co_return;
      if (!keep_alive) {
        co_await closeAfterWrite(stream);
        co_return;
      }
    }
  }

  template <typename Stream>
  asio::awaitable<void> onReadError(Stream& stream, boost::system::error_code ec, bool got_bytes,
                                    std::size_t body_limit) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      co_return;
    }
    HttpResponse response;
    if (ec == beast::error::timeout) {
      if (!got_bytes) co_return;
      response = errorResponse(408, "request_timeout",
                               "the request did not arrive in time; the connection is closed");
    } else if (ec == http::error::body_limit) {
      response = errorResponse(413, "payload_too_large",
                               "the body is larger than " + std::to_string(body_limit) + " bytes");
    } else if (ec == http::error::header_limit) {
      response = errorResponse(431, "headers_too_large",
                               "the request headers are larger than " +
                                   std::to_string(options_.max_header_bytes) + " bytes");
    } else if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      response =
          errorResponse(400, "bad_request", "the request is not valid HTTP/1.1: " + ec.message());
    } else {
      co_return;
    }
    co_await refuse(stream, std::move(response));
  }

  // The body limit of the route a request's headers name: its own, or the server's.
  std::size_t bodyLimitOf(const http::request<http::string_body>& req) const {
    std::string_view target = req.target();
    auto match = router_.match(req.method_string(), target.substr(0, target.find('?')));
    if (match.route && match.route->max_body_bytes > 0) return match.route->max_body_bytes;
    return options_.max_body_bytes;
  }

  static void copyHeaders(const http::request<http::string_body>& req, HttpRequest& request) {
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
  }

  // The event feed's upgrade is authorized by the rule of GET /api/v1/events. A browser
  // sends its cookie with the handshake, so a cookie-authenticated upgrade must come from
  // this server's own pages (Origin), as WebSocket has no CSRF token.
  // Who subscribes to the feed, when they may.
  asio::awaitable<Result<identity::Principal>> authorizeUpgrade(const HttpRequest& request) {
    auto match = router_.match("GET", request.path);
    if (!match.route) co_return notFound("no such endpoint");
    std::optional<identity::Principal> principal;
    Status admitted = co_await admit(services_, *match.route, request, principal);
    if (!admitted) co_return admitted;
    if (!principal) co_return internalError("the event feed is never public");
    if (principal && principal->kind == identity::Principal::Kind::kSession) {
      auto origin = request.header("origin");
      auto host = request.header("host");
      if (origin && (!host || (*origin != "http://" + std::string(*host) &&
                               *origin != "https://" + std::string(*host)))) {
        co_return Status(ErrorCode::kPermissionDenied,
                         "the event feed accepts a session only from this server's own pages");
      }
    }
    co_return std::move(*principal);
  }

  asio::awaitable<HttpResponse> dispatch(HttpRequest& request, RouteMetrics*& rm) {
    auto match = router_.match(request.method, request.path);
    if (match.route) {
      rm = &route_metrics_[static_cast<std::size_t>(match.route - router_.routes().data())];
      std::optional<identity::Principal> principal;
      Status admitted = co_await admit(services_, *match.route, request, principal);
      if (!admitted) co_return refusal(admitted);
      RequestContext ctx{request, std::move(match.params)};
      ctx.principal = principal ? &*principal : nullptr;
      ctx.route = match.route;
      try {
        co_return co_await match.route->handler(ctx);
      } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", match.route->method, match.route->path, e.what());
        co_return errorResponse(500, "internal", "the server failed to handle the request");
      }
    }
    if (!match.allowed_methods.empty()) {
      co_return errorResponse(405, "method_not_allowed",
                              "use " + match.allowed_methods + " on this path")
          .withHeader("Allow", match.allowed_methods);
    }
    bool api = request.path.starts_with("/api/") || request.path == "/api" ||
               request.path == "/healthz" || request.path == "/metrics";
    if (api || !static_files_) co_return errorResponse(404, "not_found", "no such endpoint");
    if (request.method != "GET" && request.method != "HEAD") {
      co_return errorResponse(405, "method_not_allowed", "use GET for files")
          .withHeader("Allow", "GET, HEAD");
    }
    rm = &static_metrics_;
    co_return static_files_->serve(request.path, request.header("accept-encoding").value_or(""));
  }

  HttpServerOptions options_;
  Router router_;
  Services services_;
  std::size_t largest_body_bytes_ = 0;  // of the server and every route
  const std::string csp_;               // Content-Security-Policy of HTML answers
  const std::string chat_page_csp_;     // ... of the chat page's, which chat_embed_origins frame
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::optional<StaticFiles> static_files_;
  std::optional<asio::ssl::context> ssl_;
  std::vector<RouteMetrics> route_metrics_;
  RouteMetrics static_metrics_;
  RouteMetrics unmatched_metrics_;
  metrics::Gauge& connections_;
  metrics::Counter& refused_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
};

HttpServer::HttpServer(HttpServerOptions options, Router router, Services services)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), services)) {}

HttpServer::~HttpServer() {
  core::mustStop("the HTTP server", [this] { stop(); });
}

Status HttpServer::start() {
  return impl_->start();
}
std::uint16_t HttpServer::port() const {
  return impl_->port();
}
void HttpServer::stop() {
  impl_->stop();
}

}  // namespace luukku::api
