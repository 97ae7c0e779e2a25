// chat_load: a load tool for the chat (docs/performance.md, "Chat"): many visitors and the
// professionals' desktops on one running server, from one process and one thread. Not a
// timed test; scripts/bench-chat.sh starts the server with a bench region and runs it.
//
// It talks only to 127.0.0.1:<port> and measures, in this order:
//
//   1. Active chats: each professional of --agents is set available alone, three chats are
//      started and each is accepted for them (POST .../offers/accept with the supervisor
//      token), the visitors connect (hello/welcome) and the professional's chat feed opens.
//   2. Idle visitors: the rest of --visitors chats are started and connected and wait in the
//      queue (every professional is full). The server's resident set (VmRSS of --server-pid)
//      before and after, divided by their number: memory per idle visitor.
//   3. Sustained messages: --rate messages a second for --seconds, spread round robin over the
//      active chats, each sent by the visitor over its socket; the latency is from the send to
//      its arrival on the professional's feed (p50, p99, max). A message that has not arrived
//      --grace-seconds after the last send, an error answer or a socket lost is a failure.
//
// Output: one "figure: value" line each, for the script to print.
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
  std::uint16_t port = 0;
  std::string token;  // an API token with the supervisor role: acts on behalf of the agents
  std::string line = "bench-chat";
  std::vector<std::string> agents;
  int visitors = 10'000;
  int rate = 1'000;
  int seconds = 30;
  int grace_seconds = 5;
  int concurrency = 32;  // chats started and connected at once
  long server_pid = 0;
};

asio::ip::tcp::endpoint serverAt(const Options& o) {
  return {asio::ip::make_address("127.0.0.1"), o.port};
}

long residentKiB(long pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// One keep-alive HTTP connection, one request at a time.
class HttpConnection {
 public:
  HttpConnection(asio::any_io_executor ex, const Options& o) : stream_(ex), options_(o) {}

  awaitable<http::response<http::string_body>> request(http::verb verb, std::string target,
                                                       std::string body, bool authorized) {
    if (!stream_.socket().is_open()) {
      auto at = serverAt(options_);
      co_await stream_.async_connect(at, use_awaitable);
    }
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    if (authorized) req.set(http::field::authorization, "Bearer " + options_.token);
    req.body() = std::move(body);
    req.prepare_payload();
    co_await http::async_write(stream_, req, use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(stream_, buffer_, res, use_awaitable);
    if (!res.keep_alive()) {
      beast::error_code ignored;
      stream_.socket().close(ignored);
    }
    co_return res;
  }

 private:
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  const Options& options_;
};

struct Totals {
  std::vector<Clock::time_point> sent_at;  // by message number
  std::vector<double> latency_ms;          // of the messages received
  std::vector<bool> received;
  long errors = 0;         // error answers on a visitor's socket
  long sockets_lost = 0;   // sockets that closed while the bench ran
  long duplicates = 0;     // a message received twice
  bool measuring = false;  // closes after the run are expected
};

// A visitor: its chat, its socket, and the messages waiting to be written (one write at a
// time on a WebSocket).
struct Visitor {
  explicit Visitor(asio::any_io_executor ex) : ws(ex) {}
  websocket::stream<beast::tcp_stream> ws;
  std::string chat_id;
  std::string token;
  std::deque<std::string> outgoing;
  bool writing = false;
};

awaitable<void> writeLoop(std::shared_ptr<Visitor> v, Totals& totals) {
  v->writing = true;
  while (!v->outgoing.empty()) {
    std::string text = std::move(v->outgoing.front());
    v->outgoing.pop_front();
    auto [ec, n] = co_await v->ws.async_write(asio::buffer(text), asio::as_tuple(use_awaitable));
    if (ec) {
      ++totals.sockets_lost;
      break;
    }
  }
  v->writing = false;
}

void sendFrom(const std::shared_ptr<Visitor>& v, std::string text, Totals& totals) {
  v->outgoing.push_back(std::move(text));
  if (!v->writing) asio::co_spawn(v->ws.get_executor(), writeLoop(v, totals), asio::detached);
}

// Reads a visitor's socket until it closes: answers pings (Beast does, while a read waits),
// counts error answers.
awaitable<void> readVisitor(std::shared_ptr<Visitor> v, Totals& totals) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await v->ws.async_read(buffer, asio::as_tuple(use_awaitable));
    if (ec) {
      if (totals.measuring) ++totals.sockets_lost;
      co_return;
    }
    std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (text.find("\"type\":\"error\"") != std::string_view::npos) {
      if (totals.errors < 5) std::cerr << "error answer: " << text << "\n";
      ++totals.errors;
    }
    buffer.consume(buffer.size());
  }
}

// The professional's feed: every visitor message that arrives ends a latency.
awaitable<void> readDesktop(std::shared_ptr<websocket::stream<beast::tcp_stream>> ws,
                            Totals& totals) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws->async_read(buffer, asio::as_tuple(use_awaitable));
    Clock::time_point now = Clock::now();
    if (ec) {
      if (totals.measuring) ++totals.sockets_lost;
      co_return;
    }
    std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
    // Our client ids are "b<number>"; only visitor messages carry them.
    if (auto at = text.find("\"client_id\":\"b"); at != std::string_view::npos) {
      std::size_t number = std::strtoul(text.data() + at + 14, nullptr, 10);
      if (number < totals.sent_at.size()) {
        if (totals.received[number]) {
          ++totals.duplicates;
        } else {
          totals.received[number] = true;
          totals.latency_ms.push_back(
              std::chrono::duration<double, std::milli>(now - totals.sent_at[number]).count());
        }
      }
    }
    buffer.consume(buffer.size());
  }
}

std::string helloOf(const Visitor& v) {
  return json::serialize(
      json::object{{"type", "hello"}, {"chat_id", v.chat_id}, {"token", v.token}, {"after", 0}});
}

// Starts a chat and connects its visitor up to the welcome; the reader then runs on.
awaitable<std::shared_ptr<Visitor>> startVisitor(HttpConnection& http, const Options& o,
                                                 Totals& totals) {
  std::string body = json::serialize(json::object{{"line", o.line}, {"language", "fi"}});
  std::string target = "/api/v1/chat/start";
  auto res = co_await http.request(http::verb::post, std::move(target), std::move(body), false);
  if (res.result() != http::status::created) {
    throw std::runtime_error("starting a chat: " + std::to_string(res.result_int()) + " " +
                             res.body());
  }
  auto started = json::parse(res.body()).as_object();
  auto ex = co_await asio::this_coro::executor;
  auto v = std::make_shared<Visitor>(ex);
  v->chat_id = std::string(started.at("chat_id").as_string());
  v->token = std::string(started.at("token").as_string());
  auto at = serverAt(o);
  co_await beast::get_lowest_layer(v->ws).async_connect(at, use_awaitable);
  beast::get_lowest_layer(v->ws).expires_never();
  co_await v->ws.async_handshake("127.0.0.1", "/api/v1/chat/connect", use_awaitable);
  std::string hello = helloOf(*v);
  co_await v->ws.async_write(asio::buffer(hello), use_awaitable);
  beast::flat_buffer buffer;
  co_await v->ws.async_read(buffer, use_awaitable);
  if (beast::buffers_to_string(buffer.data()).find("\"welcome\"") == std::string::npos) {
    throw std::runtime_error("no welcome for " + v->chat_id);
  }
  asio::co_spawn(ex, readVisitor(v, totals), asio::detached);
  co_return v;
}

awaitable<void> pause(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(use_awaitable);
}

// The offer reaches the professional a moment after the start: accepted when it is there.
awaitable<void> accept(HttpConnection& http, const std::string& agent, const std::string& chat) {
  std::string target = "/api/v1/agents/" + agent + "/offers/accept";
  for (int attempt = 0; attempt < 500; ++attempt) {
    std::string body = json::serialize(json::object{{"kind", "contact"}, {"id", chat}});
    std::string path = target;
    auto res = co_await http.request(http::verb::post, std::move(path), std::move(body), true);
    if (res.result() == http::status::ok) co_return;
    co_await pause(10ms);
  }
  throw std::runtime_error("the offer of " + chat + " never reached " + agent);
}

awaitable<void> setAvailable(HttpConnection& http, const std::string& agent) {
  std::string body = R"({"status":"available"})";
  std::string target = "/api/v1/agents/" + agent + "/presence";
  auto res = co_await http.request(http::verb::put, std::move(target), std::move(body), true);
  if (res.result() != http::status::ok) {
    throw std::runtime_error("presence of " + agent + ": " + res.body());
  }
}

awaitable<std::shared_ptr<websocket::stream<beast::tcp_stream>>> openDesktop(
    const Options& o, const std::string& agent) {
  auto ex = co_await asio::this_coro::executor;
  auto ws = std::make_shared<websocket::stream<beast::tcp_stream>>(ex);
  auto at = serverAt(o);
  co_await beast::get_lowest_layer(*ws).async_connect(at, use_awaitable);
  beast::get_lowest_layer(*ws).expires_never();
  std::string bearer = "Bearer " + o.token;
  ws->set_option(websocket::stream_base::decorator(
      [bearer](websocket::request_type& req) { req.set(http::field::authorization, bearer); }));
  std::string target = "/api/v1/agents/" + agent + "/chats/feed";
  co_await ws->async_handshake("127.0.0.1", target, use_awaitable);
  co_return ws;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

awaitable<void> run(const Options& o, Totals& totals) {
  auto ex = co_await asio::this_coro::executor;
  HttpConnection control(ex, o);

  // 1. Active chats, three for each professional, and their feeds.
  std::vector<std::shared_ptr<Visitor>> active;
  std::vector<std::shared_ptr<websocket::stream<beast::tcp_stream>>> desktops;
  for (const std::string& agent : o.agents) {
    co_await setAvailable(control, agent);
    for (int i = 0; i < 3; ++i) {
      auto v = co_await startVisitor(control, o, totals);
      co_await accept(control, agent, v->chat_id);
      active.push_back(v);
    }
    auto desk = co_await openDesktop(o, agent);
    asio::co_spawn(ex, readDesktop(desk, totals), asio::detached);
    desktops.push_back(desk);
  }
  std::cout << "active chats: " << active.size() << " (" << o.agents.size()
            << " professionals, three each)" << std::endl;

  // 2. Idle visitors waiting in the queue.
  co_await pause(1s);
  long rss_before = residentKiB(o.server_pid);
  int idle = std::max(0, o.visitors - static_cast<int>(active.size()));
  std::vector<std::shared_ptr<Visitor>> waiting;
  waiting.reserve(static_cast<std::size_t>(idle));
  int next = 0;
  std::size_t workers_left = static_cast<std::size_t>(o.concurrency);
  asio::steady_timer all_started(ex, Clock::time_point::max());
  auto started_at = Clock::now();
  for (int w = 0; w < o.concurrency; ++w) {
    asio::co_spawn(
        ex,
        [&]() -> awaitable<void> {
          HttpConnection http(co_await asio::this_coro::executor, o);
          while (next < idle) {
            ++next;
            std::shared_ptr<Visitor> v = co_await startVisitor(http, o, totals);
            waiting.push_back(std::move(v));
          }
        },
        [&](std::exception_ptr e) {
          if (e) {
            try {
              std::rethrow_exception(e);
            } catch (const std::exception& error) {
              std::cerr << "a visitor failed to start: " << error.what() << "\n";
            }
          }
          if (--workers_left == 0) all_started.cancel();
        });
  }
  co_await all_started.async_wait(asio::as_tuple(use_awaitable));
  double start_s = std::chrono::duration<double>(Clock::now() - started_at).count();
  co_await pause(3s);  // let the queue updates settle
  long rss_after = residentKiB(o.server_pid);
  std::cout << "visitors connected: " << active.size() + waiting.size() << " (" << waiting.size()
            << " waiting, " << active.size() << " active)" << std::endl;
  std::printf("started and connected %zu waiting visitors in %.1f s (%.0f a second)\n",
              waiting.size(), start_s, static_cast<double>(waiting.size()) / start_s);
  std::printf("server RSS: %.1f MB before, %.1f MB after\n", rss_before / 1024.0,
              rss_after / 1024.0);
  if (!waiting.empty()) {
    std::printf(
        "memory per idle visitor: %.1f kB\n",
        static_cast<double>(rss_after - rss_before) * 1.024 / static_cast<double>(waiting.size()));
  }
  std::fflush(stdout);

  // 3. Sustained messages from the active visitors.
  if (active.empty() || o.seconds == 0) co_return;
  std::size_t total = static_cast<std::size_t>(o.rate) * static_cast<std::size_t>(o.seconds);
  totals.sent_at.resize(total);
  totals.received.assign(total, false);
  totals.latency_ms.reserve(total);
  totals.measuring = true;
  long errors_before = totals.errors;
  asio::steady_timer tick(ex);
  auto begin = Clock::now();
  std::size_t sent = 0;
  while (sent < total) {
    // Every millisecond, the messages due by now.
    auto due = static_cast<std::size_t>(
        std::chrono::duration<double>(Clock::now() - begin).count() * o.rate);
    for (; sent < std::min(due, total); ++sent) {
      auto& v = active[sent % active.size()];
      std::string text = json::serialize(json::object{{"type", "send"},
                                                      {"client_id", "b" + std::to_string(sent)},
                                                      {"text", "viesti " + std::to_string(sent)}});
      totals.sent_at[sent] = Clock::now();
      sendFrom(v, std::move(text), totals);
    }
    tick.expires_after(1ms);
    co_await tick.async_wait(use_awaitable);
  }
  double send_s = std::chrono::duration<double>(Clock::now() - begin).count();
  auto grace_end = Clock::now() + std::chrono::seconds(o.grace_seconds);
  while (totals.latency_ms.size() < total && Clock::now() < grace_end) co_await pause(10ms);
  totals.measuring = false;
  long rss_loaded = residentKiB(o.server_pid);

  std::vector<double> sorted = totals.latency_ms;
  std::sort(sorted.begin(), sorted.end());
  std::printf("messages: %zu sent in %.1f s (%.0f a second) over %zu chats, %zu received\n", total,
              send_s, static_cast<double>(total) / send_s, active.size(), sorted.size());
  std::printf(
      "delivery latency (visitor's send to the professional's feed): p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n",
      percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.empty() ? 0.0 : sorted.back());
  std::printf("failures: %zu not received, %ld error answers, %ld sockets lost, %ld duplicates\n",
              total - sorted.size(), totals.errors - errors_before, totals.sockets_lost,
              totals.duplicates);
  std::printf("server RSS after the messages: %.1f MB\n", rss_loaded / 1024.0);
  std::fflush(stdout);
}

std::vector<std::string> splitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    std::size_t comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    if (comma > at) out.push_back(s.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    std::string value = argv[i + 1];
    if (key == "--port") {
      o.port = static_cast<std::uint16_t>(std::stoi(value));
    } else if (key == "--token") {
      o.token = value;
    } else if (key == "--line") {
      o.line = value;
    } else if (key == "--agents") {
      o.agents = splitCommas(value);
    } else if (key == "--visitors") {
      o.visitors = std::stoi(value);
    } else if (key == "--rate") {
      o.rate = std::stoi(value);
    } else if (key == "--seconds") {
      o.seconds = std::stoi(value);
    } else if (key == "--grace-seconds") {
      o.grace_seconds = std::stoi(value);
    } else if (key == "--concurrency") {
      o.concurrency = std::stoi(value);
    } else if (key == "--server-pid") {
      o.server_pid = std::stol(value);
    } else {
      throw std::invalid_argument("unknown option " + key);
    }
  }
  if (o.port == 0 || o.token.empty() || o.server_pid == 0) {
    throw std::invalid_argument("--port, --token and --server-pid are needed");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "chat_load: " << e.what()
              << "\nusage: chat_load --port P --token T --server-pid PID --agents a,b,..."
                 " [--line L] [--visitors N] [--rate R] [--seconds S] [--grace-seconds G]"
                 " [--concurrency C]\n";
    return 2;
  }
  // One socket per visitor and per feed, and the start connections.
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);

  asio::io_context context(1);
  Totals totals;
  int rc = 0;
  asio::co_spawn(context, run(options, totals), [&](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& error) {
        std::cerr << "chat_load: " << error.what() << "\n";
        rc = 1;
      }
    }
    context.stop();
  });
  context.run();
  return rc;
}
