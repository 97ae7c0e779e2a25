#include "identity/http_fetch.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace luukku::identity {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<std::string_view> FetchResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string formEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

struct Target {
  bool https = false;
  std::string host;
  std::string port;
  std::string path;  // with the query
};

Result<Target> parseUrl(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return invalidArgument("'" + url.substr(0, 200) + "' is not an absolute URL");
  Target t;
  std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") {
    return invalidArgument("only http and https URLs can be fetched");
  }
  t.https = scheme == "https";
  t.host = std::string(parsed->host_address());
  if (parsed->host_type() == boost::urls::host_type::ipv6) {
    t.host = t.host.substr(t.host.front() == '[' ? 1 : 0);
    if (!t.host.empty() && t.host.back() == ']') t.host.pop_back();
  }
  if (t.host.empty()) return invalidArgument("the URL has no host");
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.https ? "443" : "80");
  t.path = std::string(parsed->encoded_path());
  if (t.path.empty()) t.path = "/";
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  return t;
}

template <typename Stream>
asio::awaitable<Result<FetchResponse>> exchange(Stream& stream, const Target& t,
                                                const FetchRequest& request,
                                                const FetchOptions& options) {
  http::request<http::string_body> req{http::string_to_verb(request.method), t.path, 11};
  std::string host = t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
  if (t.port != (t.https ? "443" : "80")) host += ":" + t.port;
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "luukku");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  if (!request.body.empty() || request.method == "POST") {
    req.body() = request.body;
    req.prepare_payload();
  }
  auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  if (wec) co_return unavailable("sending to " + t.host + " failed: " + wec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options.max_body_bytes);
  auto [rec, rn] =
      co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return unavailable("reading from " + t.host + " failed: " + rec.message());
  auto res = parser.release();
  FetchResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  out.body = std::move(res.body());
  co_return out;
}

asio::awaitable<Result<FetchResponse>> run(const Target& t, const FetchRequest& request,
                                           const FetchOptions& options) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] =
      co_await resolver.async_resolve(t.host, t.port, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return unavailable("cannot resolve " + t.host + ": " + rec.message());
  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_after(options.timeout);
  auto [cec, ep] = co_await tcp_stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (cec) co_return unavailable("cannot connect to " + t.host + ":" + t.port + ": " + cec.message());
  if (!t.https) co_return co_await exchange(tcp_stream, t, request, options);

  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                  asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  ctx.set_default_verify_paths();
  boost::system::error_code ec;
  if (!options.ca_file.empty()) {
    ctx.load_verify_file(options.ca_file, ec);
    if (ec) co_return invalidArgument("cannot read the CA file " + options.ca_file + ": " + ec.message());
  }
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), ctx);
  SSL* ssl = stream.native_handle();
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  boost::system::error_code ip_ec;
  asio::ip::make_address(t.host, ip_ec);
  if (!ip_ec) {
    X509_VERIFY_PARAM_set1_ip_asc(param, t.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, t.host.c_str());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, t.host.c_str(), 0);
  }
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client,
                                               asio::as_tuple(asio::use_awaitable));
  if (hec) {
    co_return unavailable("the TLS handshake with " + t.host + " failed: " + hec.message());
  }
  co_return co_await exchange(stream, t, request, options);
}

asio::awaitable<void> runInto(const Target& t, const FetchRequest& request,
                              const FetchOptions& options,
                              std::optional<Result<FetchResponse>>& out) {
  out.emplace(co_await run(t, request, options));
}

}  // namespace

Result<FetchResponse> fetch(const FetchRequest& request, const FetchOptions& options) {
  ASSIGN_OR_RETURN(Target target, parseUrl(request.url));
  asio::io_context ioc;
  std::optional<Result<FetchResponse>> result;
  asio::co_spawn(ioc, runInto(target, request, options, result), [&](std::exception_ptr e) {
    if (e && !result) result.emplace(unavailable("fetching from " + target.host + " failed"));
  });
  ioc.run_for(options.timeout);
  if (!result) return unavailable("no answer from " + target.host + " in time");
  return std::move(*result);
}

}  // namespace luukku::identity
