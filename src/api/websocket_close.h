// Closing a server-side WebSocket with a code and a reason, for the event feed and the chat
// sockets. Reasons travel in a control frame of at most 123 bytes: a longer one is cut.
//
// Thread-safety: as the stream's own operations (on the stream's executor).
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <string>

namespace luukku::api {

template <typename WebSocket>
boost::asio::awaitable<void> closeWith(WebSocket& ws, boost::beast::websocket::close_code code,
                                       std::string reason) {
  if (reason.size() > 123) reason.resize(123);
  boost::beast::websocket::close_reason why(code, reason);
  co_await ws.async_close(why, boost::asio::as_tuple(boost::asio::use_awaitable));
}

}  // namespace luukku::api
