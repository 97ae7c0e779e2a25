// The live event feed over WebSocket: GET /api/v1/events with an Upgrade header.
//
// `?after=N` resumes after sequence N: the feed first replays N+1 ... from the store, then
// continues live without a gap or a duplicate. Without `after`, only new events are sent.
// Events leave out personal data (engine/event_json.h) unless `?personal=true`; then each
// event that names a citizen is written to the access log, for the subscriber, before it is
// sent.
// Each event is one text message (see engine/event_json.h). Messages from the client are
// ignored. A subscriber that falls too far behind is closed with code 1008 and a reason that
// says to reconnect with after=<the last seq it received>; a shutdown closes with 1001.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>

#include "api/services.h"
#include "identity/identity.h"

namespace luukku::api {

struct EventStreamRequest {
  std::optional<std::int64_t> after;
  bool personal = false;           // send personal data, logging each citizen's read
  identity::Principal subscriber;  // who reads
};

boost::asio::awaitable<void> serveEventStream(
    boost::beast::tcp_stream stream,
    boost::beast::http::request<boost::beast::http::string_body> request, EventStreamRequest feed,
    Services& services);

// The same over TLS.
boost::asio::awaitable<void> serveEventStream(
    boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
    boost::beast::http::request<boost::beast::http::string_body> request, EventStreamRequest feed,
    Services& services);

}  // namespace luukku::api
