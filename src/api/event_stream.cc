#include "api/event_stream.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "engine/engine.h"
#include "engine/event_json.h"
#include "engine/store_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

using WebSocket = websocket::stream<beast::tcp_stream>;

constexpr auto kWriteTimeout = 30s;
constexpr std::size_t kHistoryPage = 1000;

// Writes one message, giving up (and reporting false) after kWriteTimeout: a client that
// stops reading must not hold its session forever.
asio::awaitable<bool> writeMessage(WebSocket& ws, const std::string& text) {
  asio::steady_timer deadline(co_await asio::this_coro::executor, kWriteTimeout);
  auto result = co_await (ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable)) ||
                          deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (result.index() != 0) co_return false;
  auto [ec, n] = std::get<0>(result);
  co_return !ec;
}

// Close reasons travel in a control frame of at most 123 bytes.
std::string closeReason(std::string reason) {
  if (reason.size() > 123) reason.resize(123);
  return reason;
}

asio::awaitable<void> closeWith(WebSocket& ws, websocket::close_code code, std::string reason) {
  asio::steady_timer deadline(co_await asio::this_coro::executor, kWriteTimeout);
  co_await (ws.async_close(websocket::close_reason(code, closeReason(std::move(reason))),
                           asio::as_tuple(asio::use_awaitable)) ||
            deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
}

// Reads and drops client messages; returns when the client closes or the socket fails. A
// pending read is also what lets Beast answer pings and see the client's close.
asio::awaitable<void> drainClient(WebSocket& ws) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    buffer.consume(buffer.size());
  }
}

struct LiveResult {
  bool cut_off = false;
  bool write_failed = false;
};

asio::awaitable<LiveResult> forwardLive(WebSocket& ws, engine::Subscription& sub,
                                        std::int64_t& sent) {
  for (;;) {
    auto [ec, event] = co_await sub.channel().async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return LiveResult{true, false};
    if (event->seq <= sent) continue;
    if (!co_await writeMessage(ws, event->json)) co_return LiveResult{false, true};
    sent = event->seq;
  }
}

}  // namespace

asio::awaitable<void> serveEventStream(beast::tcp_stream stream,
                                       beast::http::request<beast::http::string_body> request,
                                       std::optional<std::int64_t> after, Services& services) {
  WebSocket ws(std::move(stream));
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "luukku"); }));
  ws.read_message_max(64 * 1024);
  auto [accept_ec] = co_await ws.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (accept_ec) co_return;

  auto start = co_await services.engine.subscribe(co_await asio::this_coro::executor,
                                                  asio::use_awaitable);
  engine::SubscriptionPtr sub = start.subscription;
  struct Leave {
    engine::Subscription& s;
    ~Leave() { s.leave(); }
  } leave{*sub};

  std::int64_t sent = after.value_or(start.head);
  while (sent < start.head) {
    std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(
        static_cast<std::int64_t>(kHistoryPage), start.head - sent));
    auto page = co_await services.reader.readAll(sent, want, asio::use_awaitable);
    if (!page) {
      spdlog::warn("event history unavailable for a subscriber: {}", page.status().message());
      co_await closeWith(ws, websocket::close_code::internal_error,
                         "event history is unavailable; reconnect later");
      co_return;
    }
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.global_seq > start.head) break;
      if (!co_await writeMessage(ws, engine::renderEventJson(e))) co_return;
      sent = e.global_seq;
    }
  }

  auto outcome = co_await (forwardLive(ws, *sub, sent) || drainClient(ws));
  if (outcome.index() != 0) co_return;  // the client left
  LiveResult live = std::get<0>(outcome);
  if (live.write_failed) co_return;
  switch (sub->why()) {
    case engine::CutOff::kTooSlow:
      co_await closeWith(ws, websocket::close_code::policy_error,
                         "too far behind; reconnect with after=" + std::to_string(sent));
      break;
    case engine::CutOff::kShutdown:
      co_await closeWith(ws, websocket::close_code::going_away,
                         "the server is shutting down; reconnect with after=" +
                             std::to_string(sent));
      break;
    case engine::CutOff::kNone:
    case engine::CutOff::kFailure:
      co_await closeWith(ws, websocket::close_code::try_again_later,
                         "the server is restarting; reconnect with after=" + std::to_string(sent));
      break;
  }
}

}  // namespace luukku::api
