// The chat WebSockets (docs/chat.md has the protocol):
//
// - GET /api/v1/chat/connect: a visitor's chat. No credentials: the first message names the
//   chat and its token ("hello"); anything else, or a wrong pair, closes with 1008
//   "unknown chat". Then the welcome, the messages after the hello's `after`, the place in
//   line while waiting, and live updates; the client sends messages, typing, read marks and
//   "leave". An ended chat closes with 1000 after "ended".
// - GET /api/v1/agents/{id}/chats/feed: the chats an agent holds, each in full (an access-log
//   row each), then their live updates. Who may watch is decided before (the route's access
//   rule and acting-as); messages from the client are ignored.
//
// The server pings idle sockets (30 s) and closes one silent for 60 s. A socket that falls too
// far behind (1,000 updates) is closed with 1008; the visitor reconnects with `after`.
//
// serveVisitorChat() returns once the visitor is welcomed: the socket's reader and writer then
// run on their own, keeping only the socket, so that a waiting visitor costs no coroutine
// frames of the upgrade (10,000 may wait at once). `lease` is held as long as the socket (the
// server counts its open connections by it).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <string>

#include "api/services.h"
#include "identity/identity.h"

namespace luukku::api {

using ChatUpgrade = boost::beast::http::request<boost::beast::http::string_body>;

using ConnectionLease = std::shared_ptr<void>;

boost::asio::awaitable<void> serveVisitorChat(boost::beast::tcp_stream stream, ChatUpgrade request,
                                              std::string remote_address, ConnectionLease lease,
                                              Services& services);
boost::asio::awaitable<void> serveVisitorChat(
    boost::beast::ssl_stream<boost::beast::tcp_stream> stream, ChatUpgrade request,
    std::string remote_address, ConnectionLease lease, Services& services);

// `agent_id` is the agent acted as; `watcher` who reads (the access log names them).
boost::asio::awaitable<void> serveAgentChats(boost::beast::tcp_stream stream, ChatUpgrade request,
                                             std::string agent_id, identity::Principal watcher,
                                             Services& services);
boost::asio::awaitable<void> serveAgentChats(
    boost::beast::ssl_stream<boost::beast::tcp_stream> stream, ChatUpgrade request,
    std::string agent_id, identity::Principal watcher, Services& services);

}  // namespace luukku::api
