// A blocking WebSocket client of the event feed (and the chat sockets) for tests, with a
// deadline on every read. It sends the headers of `http` (its credentials) with the handshake.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "support/http_client.h"

namespace luukku::testing {

class FeedClient {
 public:
  FeedClient(const HttpClient& http, const std::string& target) : ws_(ioc_) {
    namespace asio = boost::asio;
    boost::beast::get_lowest_layer(ws_).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), http.port()));
    auto headers = http.headers();
    ws_.set_option(boost::beast::websocket::stream_base::decorator(
        [headers](boost::beast::websocket::request_type& req) {
          for (const auto& [name, value] : headers) req.set(name, value);
        }));
    ws_.handshake("127.0.0.1", target);
  }

  // The next message's text; nullopt when the feed closed (see closeReason()) or nothing came
  // within `timeout` (then `*timed_out` is set, when given).
  std::optional<std::string> nextText(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                      bool* timed_out = nullptr) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    bool done = false;
    ws_.async_read(buffer, [&](boost::system::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (timed_out) *timed_out = !done;
    if (!done) {
      boost::beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run();
      return std::nullopt;
    }
    if (ec) return std::nullopt;
    return boost::beast::buffers_to_string(buffer.data());
  }

  // Sends one text message (a chat socket's client side).
  void send(const std::string& text) { ws_.write(boost::asio::buffer(text)); }

  boost::beast::websocket::close_reason closeReason() const { return ws_.reason(); }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
};

}  // namespace luukku::testing
