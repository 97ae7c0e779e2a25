#include "api/event_stream.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "api/access_logging.h"
#include "api/websocket_close.h"
#include "engine/engine.h"
#include "engine/event_json.h"
#include "engine/store_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;

// A note on GCC 12: temporaries with destructors inside a co_await expression may be destroyed
// twice, so every argument below that owns memory is built in a named local first.

namespace {

constexpr std::size_t kHistoryPage = 1000;

// Shared by the writer (serveEventStream) and the reader (drainClient): the reader may
// outlive the writer by one read, until the close it triggers completes.
template <typename Stream>
struct Feed {
  explicit Feed(Stream stream) : ws(std::move(stream)) {}
  websocket::stream<Stream> ws;
  engine::SubscriptionPtr subscription;
};

// Reads and drops client messages. A pending read is also what lets Beast answer pings and
// see the client's close; when the client goes, the subscription is left so the writer stops.
template <typename Stream>
asio::awaitable<void> drainClient(std::shared_ptr<Feed<Stream>> feed) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await feed->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    buffer.consume(buffer.size());
  }
  if (feed->subscription) feed->subscription->leave();
}

constexpr const char* kFeedRoute = "GET /api/v1/events";

// The access-log rows for what is about to be sent with personal data; OK when none is due.
asio::awaitable<Status> logReads(Services& services, const EventStreamRequest& feed,
                                 std::vector<identity::AccessEntry> entries) {
  if (!feed.personal || entries.empty()) co_return Status::ok();
  std::string route = kFeedRoute;
  co_return co_await services.access_log.recordMany(feed.subscriber, std::move(route),
                                                    std::move(entries), asio::use_awaitable);
}

template <typename Stream>
asio::awaitable<void> serve(Stream stream, beast::http::request<beast::http::string_body> request,
                            EventStreamRequest feed_request, Services& services) {
  const std::optional<std::int64_t> after = feed_request.after;
  auto feed = std::make_shared<Feed<Stream>>(std::move(stream));
  auto& ws = feed->ws;
  // No data from the client for 60 s (it answers pings sent at 30 s) ends the session; this
  // is also what ends a write to a client that stopped reading.
  websocket::stream_base::timeout timeouts{30s, 60s, true};
  ws.set_option(timeouts);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "luukku"); }));
  ws.read_message_max(64 * 1024);
  // Subscribe before completing the handshake: a client that sees the handshake succeed
  // receives every event durable after that moment.
  auto executor = co_await asio::this_coro::executor;
  auto start = co_await services.engine.subscribe(executor, asio::use_awaitable);
  engine::SubscriptionPtr sub = start.subscription;
  struct Leave {
    engine::Subscription& s;
    ~Leave() { s.leave(); }
  } leave{*sub};
  feed->subscription = sub;
  auto [accept_ec] = co_await ws.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (accept_ec) co_return;
  asio::co_spawn(executor, drainClient(feed), asio::detached);

  // History first: everything after `after` up to the head the subscription started at.
  std::int64_t sent = after.value_or(start.head);
  while (sent < start.head) {
    std::size_t want = static_cast<std::size_t>(
        std::min<std::int64_t>(static_cast<std::int64_t>(kHistoryPage), start.head - sent));
    auto page = co_await services.reader.readAll(sent, want, asio::use_awaitable);
    if (!page) {
      spdlog::warn("event history unavailable for a subscriber: {}", page.status().message());
      std::string reason = "event history is unavailable; reconnect later";
      co_await closeWith(ws, websocket::close_code::internal_error, std::move(reason));
      co_return;
    }
    if (page->empty()) break;
    std::erase_if(*page, [&](const store::StoredEvent& e) { return e.global_seq > start.head; });
    // Finding the citizens parses the payloads: only for a reader of personal data.
    std::vector<identity::AccessEntry> reads;
    if (feed_request.personal) reads = eventFeedAccesses(*page);
    Status logged = co_await logReads(services, feed_request, std::move(reads));
    if (!logged) {
      spdlog::warn("the access log refused a feed read: {}", logged.message());
      std::string reason = "the access log is unavailable; reconnect later";
      co_await closeWith(ws, websocket::close_code::internal_error, std::move(reason));
      co_return;
    }
    for (const auto& e : *page) {
      std::string text = feed_request.personal ? engine::renderEventJson(e)
                                               : engine::renderEventJsonWithoutPersonalData(e);
      auto [ec, n] =
          co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      sent = e.global_seq;
    }
  }

  // Then live, until the engine or the client ends it.
  for (;;) {
    auto [ec, event] = co_await sub->channel().async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    if (event->seq <= sent) continue;
    std::vector<identity::AccessEntry> reads;
    if (feed_request.personal) reads = eventFeedAccesses(*event);
    Status logged = co_await logReads(services, feed_request, std::move(reads));
    if (!logged) {
      spdlog::warn("the access log refused a feed read: {}", logged.message());
      std::string reason =
          "the access log is unavailable; reconnect with after=" + std::to_string(sent);
      co_await closeWith(ws, websocket::close_code::internal_error, std::move(reason));
      co_return;
    }
    const std::string& text = feed_request.personal ? event->json : event->withoutPersonalData();
    auto [wec, n] =
        co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
    if (wec) co_return;
    sent = event->seq;
  }

  std::string resume = "; reconnect with after=" + std::to_string(sent);
  std::string reason;
  websocket::close_code code = websocket::close_code::try_again_later;
  switch (sub->why()) {
    case engine::CutOff::kNone:
      co_return;  // the client left
    case engine::CutOff::kTooSlow:
      code = websocket::close_code::policy_error;
      reason = "too far behind" + resume;
      break;
    case engine::CutOff::kShutdown:
      code = websocket::close_code::going_away;
      reason = "the server is shutting down" + resume;
      break;
    case engine::CutOff::kFailure:
      reason = "the server is restarting" + resume;
      break;
  }
  co_await closeWith(ws, code, std::move(reason));
}

}  // namespace

asio::awaitable<void> serveEventStream(beast::tcp_stream stream,
                                       beast::http::request<beast::http::string_body> request,
                                       EventStreamRequest feed, Services& services) {
  return serve(std::move(stream), std::move(request), std::move(feed), services);
}

asio::awaitable<void> serveEventStream(beast::ssl_stream<beast::tcp_stream> stream,
                                       beast::http::request<beast::http::string_body> request,
                                       EventStreamRequest feed, Services& services) {
  return serve(std::move(stream), std::move(request), std::move(feed), services);
}

}  // namespace luukku::api
