// HTTPS: the server with a self-signed certificate made for the test, spoken to by the
// identity library's own https client (the one that talks to identity providers).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "api/api_test_util.h"
#include "identity/http_fetch.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;

// A self-signed certificate for 127.0.0.1 (with openssl, as an operator would make one).
void makeCertificate(const TempDir& dir) {
  std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                        "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir.file("key.pem") +
                        " -out " + dir.file("cert.pem") + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl is needed (scripts/install-deps.sh test)";
}

class Tls : public ::testing::Test {
 protected:
  static TestServerOptions options(const TempDir& dir) {
    TestServerOptions o;
    o.load_demo_region = false;
    o.http.tls_cert_file = dir.file("cert.pem");
    o.http.tls_key_file = dir.file("key.pem");
    o.tls = true;
    return o;
  }
  void SetUp() override {
    makeCertificate(certs_);
    server_.emplace(options(certs_));
  }
  Result<identity::FetchResponse> get(const std::string& path, std::string ca_file = "",
                                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    identity::FetchRequest request;
    request.url = "https://127.0.0.1:" + std::to_string(server_->port()) + path;
    request.headers = std::move(headers);
    identity::FetchOptions options;
    options.ca_file = ca_file.empty() ? certs_.file("cert.pem") : ca_file;
    options.timeout = std::chrono::seconds(5);
    return identity::fetch(request, options);
  }

  TempDir certs_;
  std::optional<TestServer> server_;
};

TEST_F(Tls, ServesHttpsWithHsts) {
  auto r = get("/healthz");
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("strict-transport-security"), "max-age=31536000");
}

TEST_F(Tls, ASessionCookieIsSecureUnderTls) {
  identity::FetchRequest request;
  request.method = "POST";
  request.url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/api/v1/auth/login";
  request.headers = {{"Content-Type", "application/json"}};
  auto user = server_->signIn(identity::RoleSet{identity::Role::kAgent});
  auto me = server_->identity().getUser(user.user_id);
  ASSERT_TRUE(me.isOk());
  request.body = json::serialize(
      json::object{{"username", me->username}, {"password", TestServer::kPassword}});
  identity::FetchOptions options;
  options.ca_file = certs_.file("cert.pem");
  auto r = identity::fetch(request, options);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_EQ(r->status, 200) << r->body;
  auto cookie = r->header("set-cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_NE(cookie->find("; Secure"), std::string_view::npos) << *cookie;
}

TEST_F(Tls, AClientThatDoesNotTrustTheCertificateIsRefused) {
  TempDir other;
  makeCertificate(other);
  auto r = get("/healthz", other.file("cert.pem"));
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.status().message().find("TLS handshake"), std::string::npos) << r.status().toString();
}

TEST_F(Tls, PlainHttpToTheTlsPortGetsNoAnswer) {
  auto r = HttpClient(server_->port()).exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                                                std::chrono::seconds(5));
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(get("/healthz")->status, 200) << "the server still serves TLS";
}

TEST(TlsSetup, AMissingCertificateStopsTheStartWithAClearError) {
  TempDir dir;
  api::HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.tls_cert_file = dir.file("missing.pem");
  options.tls_key_file = dir.file("missing-key.pem");
  TestServerOptions o;
  o.load_demo_region = false;
  TestServer plain(o);  // for its services
  api::HttpServer server(options, api::Router(), plain.services());
  Status st = server.start();
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.message().find("missing.pem"), std::string::npos);
}

}  // namespace
}  // namespace luukku::testing
