// Bad and hostile HTTP: oversized bodies and headers, slow and half-open connections,
// malformed requests, path traversal. Each gets a clear 4xx (or a closed connection) and the
// server keeps serving.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "api/api_test_util.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
using namespace std::chrono_literals;

// A web root of its own: what is served from it is tested here, not the built web app (which
// is generated into web/static by the web build and may not exist).
std::string webRoot() {
  static TempDir dir;
  static bool written = [] {
    std::ofstream(dir.file("index.html")) << "<!doctype html><html><title>Luukku</title></html>\n";
    return true;
  }();
  (void)written;
  return dir.path().string();
}

TestServerOptions limitedServer() {
  TestServerOptions o;
  o.http.max_body_bytes = 4096;
  o.http.max_header_bytes = 2048;
  o.http.idle_timeout = 400ms;
  o.http.request_timeout = 400ms;
  o.http.web_root = webRoot();
  return o;
}

class HttpLimits : public ::testing::Test {
 protected:
  void TearDown() override {
    // Whatever a test sent, the server still answers.
    EXPECT_EQ(http_.get("/healthz").status, 200);
  }
  TestServer server_{limitedServer()};
  HttpClient http_ = server_.client();
};

TEST_F(HttpLimits, BodyOverTheLimitIs413BeforeItIsRead) {
  std::string req =
      "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000000\r\n\r\n{";
  auto r = http_.exchange(req);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(errorCode(r), "payload_too_large");
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpLimits, ChunkedBodyOverTheLimitIs413) {
  std::string chunk(3000, 'a');
  std::string req =
      "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\nBB8\r\n" +
      chunk + "\r\nBB8\r\n" + chunk + "\r\n0\r\n\r\n";
  auto r = http_.exchange(req);
  EXPECT_EQ(r.status, 413);
}

TEST_F(HttpLimits, HeadersOverTheLimitAre431) {
  std::string req =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(5000, 'h') + "\r\n\r\n";
  auto r = http_.exchange(req);
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(errorCode(r), "headers_too_large");
}

TEST_F(HttpLimits, ARequestThatArrivesTooSlowlyGets408AndIsClosed) {
  int fd = connectLoopback(server_.port());
  ASSERT_GE(fd, 0);
  std::string head = "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{";
  ASSERT_GT(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), 0);
  bool closed = false;
  auto raw = readUntilClosed(fd, 5s, &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_EQ(parseResponse(raw).status, 408);
}

// The request timeout runs from a request's first byte, whatever the idle timeout: slow
// headers are refused after request_timeout, not after the (longer) idle timeout.
TEST(HttpTimeouts, SlowHeadersGet408AfterTheRequestTimeoutNotTheIdleTimeout) {
  TestServerOptions o;
  o.load_demo_region = false;
  o.http.idle_timeout = 60s;
  o.http.request_timeout = 300ms;
  TestServer server(o);
  int fd = connectLoopback(server.port());
  ASSERT_GE(fd, 0);
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  ASSERT_GT(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), 0);
  bool closed = false;
  // Far below the idle timeout: only the request timeout can end this in time.
  auto raw = readUntilClosed(fd, 10s, &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_EQ(parseResponse(raw).status, 408);
}

TEST_F(HttpLimits, AnIdleConnectionIsClosed) {
  int fd = connectLoopback(server_.port());
  ASSERT_GE(fd, 0);
  bool closed = false;
  auto raw = readUntilClosed(fd, 5s, &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(raw.empty());
}

TEST_F(HttpLimits, AHalfSentRequestLineIsClosedAfterTheTimeout) {
  int fd = connectLoopback(server_.port());
  ASSERT_GE(fd, 0);
  std::string partial = "GET /api/v1/serv";
  ASSERT_GT(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), 0);
  bool closed = false;
  readUntilClosed(fd, 5s, &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
}

TEST_F(HttpLimits, MalformedRequestLineIs400) {
  auto r = http_.exchange("GARBAGE\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  auto r2 = http_.exchange("GET /healthz HTTP/9.9\r\n\r\n");
  EXPECT_EQ(r2.status, 400);
}

TEST_F(HttpLimits, InvalidUtf8InThePathIs400) {
  auto r = http_.get("/api/v1/agents/%FF%FE");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(errorCode(r), "invalid_argument");
}

TEST_F(HttpLimits, UnknownQueryParametersAre400) {
  auto r = http_.get("/api/v1/service-lines?secret=1");
  EXPECT_EQ(r.status, 400);
  auto r2 = http_.get("/api/v1/events?limit=abc");
  EXPECT_EQ(r2.status, 400);
}

TEST_F(HttpLimits, UnknownApiPathIs404JsonAndWrongMethodIs405WithAllow) {
  auto r = http_.get("/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(errorCode(r), "not_found");
  auto m = http_.request("DELETE", "/api/v1/service-lines/neuvola");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.headers["allow"], "GET, PUT");
}

TEST_F(HttpLimits, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  auto r =
      http_.exchange(one + one + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpLimits, ServesTheIndexPage) {
  auto r = http_.get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Luukku"), std::string::npos);
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
}

TEST_F(HttpLimits, PagesMayConnectOnlyToTheServerItself) {
  auto r = http_.get("/");
  EXPECT_NE(r.headers["content-security-policy"].find("connect-src 'self';"), std::string::npos)
      << r.headers["content-security-policy"];
}

// The browser phone talks to its gateway (Janus) on an origin of its own.
TEST(HttpPolicy, PagesMayConnectToTheBrowserPhonesGatewayToo) {
  TestServerOptions o;
  o.http.web_root = webRoot();
  o.http.connect_sources = {"ws://127.0.0.1:8188"};
  TestServer server(o);
  auto r = server.client().get("/desktop");
  EXPECT_NE(r.headers["content-security-policy"].find("connect-src 'self' ws://127.0.0.1:8188;"),
            std::string::npos)
      << r.headers["content-security-policy"];
}

TEST_F(HttpLimits, PathTraversalNeverReachesAFileOutsideTheRoot) {
  for (const char* target : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                             "/assets/..%2f..%2f..%2fetc%2fpasswd", "/..%5c..%5cetc%5cpasswd",
                             "/a/../../etc/passwd", "/%00"}) {
    auto r = http_.get(target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " -> " << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(HttpLimits, AnAppRouteWithoutAFileGetsTheIndexPage) {
  auto r = http_.get("/desktop");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  EXPECT_EQ(http_.get("/missing.js").status, 404);
}

TEST_F(HttpLimits, ManyConcurrentBadClientsDoNotStopTheServer) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 10; ++k) {
        http_.exchange(i % 2 ? "\x16\x03\x01garbage-tls-hello"
                             : "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                       1s);
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace
}  // namespace luukku::testing
