#include "api/chat_socket.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include "api/chat_json.h"
#include "api/chat_record.h"
#include "api/from_callback.h"
#include "api/websocket_close.h"
#include "chat/chat_service.h"
#include "chat/chat_text.h"
#include "codec/json_reader.h"
#include "core/text.h"
#include "identity/access_log.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace std::chrono_literals;

// As in event_stream.cc: with GCC 12, every argument of a co_await that owns memory is built
// in a named local first.

namespace {

constexpr std::size_t kOutboxLimit = 1000;
constexpr std::size_t kMaxClientMessage = 16 * 1024;
constexpr std::size_t kKeptReadBytes = 1024;

// One text to send; `last` closes the socket (1000) after it; `logged_chat` names a chat sent
// in full, whose access-log row must be durable first.
struct Outgoing {
  Outgoing() = default;
  Outgoing(std::string t, bool l = false, std::string c = {})
      : text(std::move(t)), last(l), logged_chat(std::move(c)) {}
  std::string text;
  bool last = false;
  std::string logged_chat;
};
// What waits to be written, filled from the chat thread (the sink) and the reader.
struct Outbox {
  Outbox(asio::any_io_executor ex, std::size_t limit) : channel(std::move(ex), limit) {}
  asio::experimental::concurrent_channel<void(boost::system::error_code, Outgoing)> channel;
  std::atomic<bool> overflowed{false};
  void close() { channel.close(); }
};
using OutboxPtr = std::shared_ptr<Outbox>;

// Queues `out`; a full outbox is closed (the socket is too far behind) and refuses.
bool enqueue(Outbox& outbox, Outgoing out) {
  if (outbox.channel.try_send(boost::system::error_code{}, std::move(out))) return true;
  if (outbox.channel.is_open()) outbox.overflowed = true;
  outbox.close();
  return false;
}

template <typename Stream>
struct Socket {
  Socket(Stream stream, asio::any_io_executor ex, ConnectionLease connection = {})
      : ws(std::move(stream)),
        outbox(std::make_shared<Outbox>(ex, kOutboxLimit)),
        lease(std::move(connection)) {}
  websocket::stream<Stream> ws;
  OutboxPtr outbox;
  ConnectionLease lease;  // the server's count of open connections, while the socket lives
};

template <typename Stream>
void configure(websocket::stream<Stream>& ws) {
  // Pings at 30 s of silence; a peer silent for 60 s is gone.
  websocket::stream_base::timeout timeouts{30s, 60s, true};
  ws.set_option(timeouts);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "luukku"); }));
  ws.read_message_max(kMaxClientMessage);
}

// Completes the handshake; false when it failed, or when chat is not running (the socket is
// then closed with 1013).
template <typename Stream>
asio::awaitable<bool> accepted(Socket<Stream>& socket, const ChatUpgrade& request,
                               Services& services) {
  configure(socket.ws);
  auto [ec] = co_await socket.ws.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return false;
  if (services.chat) co_return true;
  std::string reason = "chat is not running on this server";
  co_await closeWith(socket.ws, websocket::close_code::try_again_later, std::move(reason));
  co_return false;
}

// Writes what the outbox holds until it closes or an entry is the last. Access-log rows go
// first for chats sent in full.
template <typename Stream>
asio::awaitable<void> writeOutbox(std::shared_ptr<Socket<Stream>> socket, Services& services,
                                  const identity::Principal* watcher) {
  for (;;) {
    auto [ec, out] =
        co_await socket->outbox->channel.async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      // Closed: the client left (nothing to say) or the outbox overflowed.
      if (socket->outbox->overflowed) {
        std::string reason = "too far behind; reconnect";
        co_await closeWith(socket->ws, websocket::close_code::policy_error, std::move(reason));
      }
      co_return;
    }
    if (!out.logged_chat.empty() && watcher) {
      std::vector<identity::AccessEntry> entries{
          {"customer:" + out.logged_chat, "chat", out.logged_chat, "chat"}};
      std::string route = "GET /api/v1/agents/{id}/chats/feed";
      Status logged = co_await services.access_log.recordMany(
          *watcher, std::move(route), std::move(entries), asio::use_awaitable);
      if (!logged) {
        spdlog::warn("the access log refused a chat read: {}", logged.message());
        std::string reason = "the access log is unavailable; reconnect later";
        co_await closeWith(socket->ws, websocket::close_code::internal_error, std::move(reason));
        co_return;
      }
    }
    auto [wec, n] = co_await socket->ws.async_write(asio::buffer(out.text),
                                                    asio::as_tuple(asio::use_awaitable));
    if (wec) co_return;
    if (out.last) {
      std::string reason = "the chat has ended";
      co_await closeWith(socket->ws, websocket::close_code::normal, std::move(reason));
      co_return;
    }
  }
}

// ---- the visitor -------------------------------------------------------------------------------

struct Hello {
  std::string chat_id;
  std::string token;
  std::int64_t after = 0;
};

std::optional<Hello> parseHello(std::string_view text) {
  auto parsed = codec::parseJson(text, 8);
  if (!parsed) return std::nullopt;
  Hello h;
  std::string type;
  codec::ObjectReader r(*parsed, "");
  r.required("type", type);
  r.required("chat_id", h.chat_id);
  r.required("token", h.token);
  r.required("after", h.after);
  if (!r.finish() || type != "hello" || h.after < 0) return std::nullopt;
  return h;
}

std::string_view sendErrorCode(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kConflict:
    case ErrorCode::kNotFound:
      return "ended";
    case ErrorCode::kInvalidArgument:
      return "invalid";
    default:
      return "unavailable";
  }
}

// One message from the visitor, answered through the outbox when it needs an answer.
asio::awaitable<void> onVisitorMessage(chat::ChatService& service, const std::string& chat_id,
                                       const std::string& address, Outbox& outbox,
                                       std::string_view text) {
  auto parsed = codec::parseJson(text, 8);
  if (!parsed || !parsed->is_object()) {
    enqueue(outbox, {chatSocketError("", "invalid_json", "a message is a JSON object")});
    co_return;
  }
  const json::object& o = parsed->as_object();
  const json::string* type = o.contains("type") ? o.at("type").if_string() : nullptr;
  std::string client_id;
  if (const auto* c = o.contains("client_id") ? o.at("client_id").if_string() : nullptr) {
    client_id = std::string(*c);
  }
  if (!type) {
    enqueue(outbox, {chatSocketError(client_id, "invalid", "a message names its type")});
    co_return;
  }
  if (*type == "send") {
    const json::string* body = o.contains("text") ? o.at("text").if_string() : nullptr;
    if (client_id.empty() || client_id.size() > 128 || !isValidUtf8(client_id) || !body) {
      enqueue(outbox, {chatSocketError(client_id, "invalid",
                                       "send needs a client_id (1 to 128 characters) and a text")});
      co_return;
    }
    if (!service.admitVisitorMessage(chat_id, address)) {
      enqueue(outbox, {chatSocketError(client_id, "rate_limited",
                                       "too many messages; wait a moment and send again")});
      co_return;
    }
    auto checked = chat::checkText(std::string_view(*body));
    if (checked.problem != chat::TextProblem::kNone) {
      bool empty = checked.problem == chat::TextProblem::kEmpty;
      bool too_long = checked.problem == chat::TextProblem::kTooLong;
      std::string message = empty      ? "the message is empty"
                            : too_long ? "the message is longer than 2000 characters"
                                       : "the message is not valid UTF-8";
      enqueue(outbox, {chatSocketError(client_id,
                                       empty      ? "empty"
                                       : too_long ? "too_long"
                                                  : "invalid",
                                       message)});
      co_return;
    }
    auto args = std::make_shared<const std::array<std::string, 3>>(
        std::array<std::string, 3>{chat_id, client_id, std::move(checked.text)});
    auto send = [&service, args](chat::Done<chat::Posted> done) {
      service.send((*args)[0], chat::Writer::theVisitor(), (*args)[1], (*args)[2], std::move(done));
    };
    auto posted = co_await fromCallback<Result<chat::Posted>>(std::move(send));
    if (!posted) {
      enqueue(outbox, {chatSocketError(client_id, sendErrorCode(posted.status()),
                                       posted.status().message())});
    } else if (posted->duplicate) {
      // A resend: only the sender is answered, with the stored message.
      enqueue(outbox, {json::serialize(chatMessageJson(posted->message))});
    }
    co_return;
  }
  if (*type == "typing") {
    if (service.admitVisitorMessage(chat_id, address))
      service.typing(chat_id, chat::Writer::theVisitor());
    co_return;
  }
  if (*type == "read") {
    const json::value* up_to = o.contains("up_to") ? &o.at("up_to") : nullptr;
    if (!up_to || !up_to->is_int64()) {
      enqueue(outbox, {chatSocketError("", "invalid", "read needs up_to, a message's seq")});
      co_return;
    }
    if (!service.admitVisitorMessage(chat_id, address)) {
      enqueue(outbox, {chatSocketError("", "rate_limited", "too many messages; wait a moment")});
      co_return;
    }
    std::int64_t mark = up_to->as_int64();
    auto id = std::make_shared<const std::string>(chat_id);
    auto read = [&service, id, mark](chat::Done<bool> done) {
      service.read(*id, chat::Writer::theVisitor(), mark, std::move(done));
    };
    auto r = co_await fromCallback<Result<bool>>(std::move(read));
    if (!r) enqueue(outbox, {chatSocketError("", sendErrorCode(r.status()), r.status().message())});
    co_return;
  }
  if (*type == "leave") {
    auto id = std::make_shared<const std::string>(chat_id);
    auto leave = [&service, id](chat::Done<chat::ChatView> done) {
      service.end(*id, chat::Writer::theVisitor(), std::move(done));
    };
    // The end reaches this socket as "ended" (then it closes); an error is said.
    auto r = co_await fromCallback<Result<chat::ChatView>>(std::move(leave));
    if (!r) enqueue(outbox, {chatSocketError("", sendErrorCode(r.status()), r.status().message())});
    co_return;
  }
  enqueue(outbox, {chatSocketError(client_id, "unknown_type",
                                   "type is send, typing, read or leave, not '" +
                                       printable(std::string_view(*type)) + "'")});
}

template <typename Stream>
asio::awaitable<void> readVisitor(std::shared_ptr<Socket<Stream>> socket, Services& services,
                                  std::string chat_id, std::uint64_t sink_id, std::string address) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await socket->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    // A long message grows the buffer up to 16 KiB; an idle socket keeps none of that.
    if (buffer.capacity() > kKeptReadBytes) buffer.shrink_to_fit();
    if (!socket->ws.got_text() || !isValidUtf8(text)) {
      enqueue(*socket->outbox, {chatSocketError("", "invalid_json", "a message is JSON text")});
      continue;
    }
    co_await onVisitorMessage(*services.chat, chat_id, address, *socket->outbox, text);
  }
  services.chat->disconnectVisitor(chat_id, sink_id);
  socket->outbox->close();
}

// Tells the visitor of a chat only the log still has that it has ended: the welcome and the
// end, then the socket closes as for any ended chat.
template <typename WebSocket>
asio::awaitable<void> tellEnded(WebSocket& ws, const std::string& chat_id,
                                const ChatRecord& record) {
  chat::ChatView view;
  view.chat_id = chat_id;
  view.line_id = record.line_id;
  view.language = record.language;
  view.state = chat::ChatState::kEnded;
  chat::ChatUpdate end = chat::ChatUpdate::of(chat::ChatUpdate::Kind::kEnded, chat_id);
  end.from = record.ended_by;
  end.reason = record.ended_reason;
  const std::array<std::string, 2> told{visitorWelcome(view, false), visitorUpdate(end)};
  for (const std::string& text : told) {
    auto [ec, n] = co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
  std::string reason = "the chat has ended";
  co_await closeWith(ws, websocket::close_code::normal, std::move(reason));
}

template <typename Stream>
asio::awaitable<void> serveVisitor(Stream stream, ChatUpgrade request, std::string address,
                                   ConnectionLease lease, Services& services) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = std::make_shared<Socket<Stream>>(std::move(stream), executor, std::move(lease));
  auto& ws = socket->ws;
  if (!co_await accepted(*socket, request, services)) co_return;
  // The first message must be the hello; the same answer for anything wrong, so that ids
  // cannot be probed.
  beast::flat_buffer buffer;
  auto [ec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  auto hello = parseHello(beast::buffers_to_string(buffer.data()));
  // Reconnecting in a loop, or trying ids and tokens, meets flood limits per chat and per
  // address before anything is looked up.
  if (hello && !services.chat->admitVisitorConnect(hello->chat_id, address)) {
    std::string reason = "too many connections; try again later";
    co_await closeWith(ws, websocket::close_code::try_again_later, std::move(reason));
    co_return;
  }
  Result<chat::VisitorSession> session = notFound("unknown chat");
  if (hello) {
    OutboxPtr outbox = socket->outbox;
    chat::Sink sink = [outbox](const chat::ChatUpdate& u) {
      std::string text = visitorUpdate(u);
      if (text.empty()) return true;
      return enqueue(*outbox, {std::move(text), u.kind == chat::ChatUpdate::Kind::kEnded});
    };
    auto args = std::make_shared<Hello>(*hello);
    chat::ChatService& service = *services.chat;
    auto connect = [&service, args, sink](chat::Done<chat::VisitorSession> done) {
      service.connectVisitor(args->chat_id, args->token, args->after, sink, std::move(done));
    };
    session = co_await fromCallback<Result<chat::VisitorSession>>(std::move(connect));
  }
  if (!session && hello) {
    // The chat service forgets ended chats (after an hour, or all of them at a restart): the
    // log still says the visitor's chat ended, and how, so the page can say so and take their
    // feedback rather than call the chat unknown.
    auto record = co_await chatFromLog(services.reader, hello->chat_id);
    if (record && record->heldBy(hello->token) && record->ended_at) {
      co_await tellEnded(ws, hello->chat_id, *record);
      co_return;
    }
  }
  if (!session) {
    std::string reason = "unknown chat";
    co_await closeWith(ws, websocket::close_code::policy_error, std::move(reason));
    co_return;
  }
  // Welcome, the messages it lacks, its place in line; live updates wait in the outbox.
  std::vector<std::string> first{visitorWelcome(session->chat, services.on_behalf != nullptr)};
  for (const auto& m : session->chat.messages) first.push_back(json::serialize(chatMessageJson(m)));
  bool ended = session->chat.state == chat::ChatState::kEnded;
  if (session->queue) {
    chat::ChatUpdate queue =
        chat::ChatUpdate::of(chat::ChatUpdate::Kind::kQueue, session->chat.chat_id);
    queue.queue = *session->queue;
    first.push_back(visitorUpdate(queue));
  }
  if (ended) {
    chat::ChatUpdate end =
        chat::ChatUpdate::of(chat::ChatUpdate::Kind::kEnded, session->chat.chat_id);
    end.from = session->chat.ended_by;
    end.reason = session->chat.ended_reason;
    first.push_back(visitorUpdate(end));
  }
  for (const auto& text : first) {
    auto [wec, wn] =
        co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
    if (wec) {
      services.chat->disconnectVisitor(session->chat.chat_id, session->sink_id);
      co_return;
    }
  }
  if (ended) {
    services.chat->disconnectVisitor(session->chat.chat_id, session->sink_id);
    std::string reason = "the chat has ended";
    co_await closeWith(ws, websocket::close_code::normal, std::move(reason));
    co_return;
  }
  // The reader and the writer hold the socket from here; this frame (and the server's session
  // that awaits it) go, with what the upgrade and the welcome were made of.
  asio::co_spawn(
      executor,
      readVisitor(socket, services, session->chat.chat_id, session->sink_id, std::move(address)),
      asio::detached);
  asio::co_spawn(executor, writeOutbox(socket, services, nullptr), asio::detached);
}

// ---- the professional's desktop
// -------------------------------------------------------------------

template <typename Stream>
asio::awaitable<void> drainDesktop(std::shared_ptr<Socket<Stream>> socket, Services& services,
                                   std::shared_ptr<std::uint64_t> sink_id) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await socket->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    buffer.consume(buffer.size());
  }
  if (*sink_id) services.chat->unwatchAgent(*sink_id);
  socket->outbox->close();
}

template <typename Stream>
asio::awaitable<void> serveDesktop(Stream stream, ChatUpgrade request, std::string agent_id,
                                   identity::Principal watcher, Services& services) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = std::make_shared<Socket<Stream>>(std::move(stream), executor);
  auto& ws = socket->ws;
  if (!co_await accepted(*socket, request, services)) co_return;
  OutboxPtr outbox = socket->outbox;
  chat::Sink sink = [outbox](const chat::ChatUpdate& u) {
    std::string text = desktopUpdate(u);
    if (text.empty()) return true;
    std::string logged = u.kind == chat::ChatUpdate::Kind::kChat ? u.chat_id : std::string();
    return enqueue(*outbox, {std::move(text), false, std::move(logged)});
  };
  chat::ChatService& service = *services.chat;
  auto agent = std::make_shared<const std::string>(std::move(agent_id));
  auto watch = [&service, agent, sink](chat::Done<chat::AgentSession> done) {
    service.watchAgent(*agent, sink, std::move(done));
  };
  auto session = co_await fromCallback<Result<chat::AgentSession>>(std::move(watch));
  if (!session) co_return;
  auto sink_id = std::make_shared<std::uint64_t>(session->sink_id);
  // The chats held now go first, ahead of anything the outbox holds already.
  for (const auto& chat : session->chats) {
    chat::ChatUpdate full = chat::ChatUpdate::of(chat::ChatUpdate::Kind::kChat, chat.chat_id);
    full.chat = std::make_shared<const chat::ChatView>(chat);
    std::vector<identity::AccessEntry> entries{
        {"customer:" + chat.chat_id, "chat", chat.chat_id, "chat"}};
    std::string route = "GET /api/v1/agents/{id}/chats/feed";
    Status logged = co_await services.access_log.recordMany(
        watcher, std::move(route), std::move(entries), asio::use_awaitable);
    if (!logged) {
      service.unwatchAgent(*sink_id);
      spdlog::warn("the access log refused a chat read: {}", logged.message());
      std::string reason = "the access log is unavailable; reconnect later";
      co_await closeWith(ws, websocket::close_code::internal_error, std::move(reason));
      co_return;
    }
    std::string text = desktopUpdate(full);
    auto [wec, wn] =
        co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
    if (wec) {
      service.unwatchAgent(*sink_id);
      co_return;
    }
  }
  asio::co_spawn(executor, drainDesktop(socket, services, sink_id), asio::detached);
  co_await writeOutbox(socket, services, &watcher);
}

}  // namespace

asio::awaitable<void> serveVisitorChat(beast::tcp_stream stream, ChatUpgrade request,
                                       std::string remote_address, ConnectionLease lease,
                                       Services& services) {
  return serveVisitor(std::move(stream), std::move(request), std::move(remote_address),
                      std::move(lease), services);
}

asio::awaitable<void> serveVisitorChat(beast::ssl_stream<beast::tcp_stream> stream,
                                       ChatUpgrade request, std::string remote_address,
                                       ConnectionLease lease, Services& services) {
  return serveVisitor(std::move(stream), std::move(request), std::move(remote_address),
                      std::move(lease), services);
}

asio::awaitable<void> serveAgentChats(beast::tcp_stream stream, ChatUpgrade request,
                                      std::string agent_id, identity::Principal watcher,
                                      Services& services) {
  return serveDesktop(std::move(stream), std::move(request), std::move(agent_id),
                      std::move(watcher), services);
}

asio::awaitable<void> serveAgentChats(beast::ssl_stream<beast::tcp_stream> stream,
                                      ChatUpgrade request, std::string agent_id,
                                      identity::Principal watcher, Services& services) {
  return serveDesktop(std::move(stream), std::move(request), std::move(agent_id),
                      std::move(watcher), services);
}

}  // namespace luukku::api
