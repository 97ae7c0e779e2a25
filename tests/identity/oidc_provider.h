// A real OpenID provider for tests: `node provider.js` (tests/identity/oidc, the npm package
// oidc-provider) over HTTPS on 127.0.0.1 with a self-signed certificate, one client whose
// redirect URI is Luukku's, and the accounts a test names; stopped with SIGTERM when
// destroyed. Tests run through ctest (the oidc_provider fixture installs it).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "identity/http_fetch.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

extern char** environ;

namespace luukku::testing {

inline constexpr const char* kClientSecret = "luukku-test-secret-3f9a";

// Where the oidc_provider_install fixture ran `npm ci`.
inline std::string providerDir() {
  const char* dir = std::getenv("LUUKKU_TEST_OIDC_DIR");
  if (!dir || !*dir) throw std::runtime_error("LUUKKU_TEST_OIDC_DIR is not set; run through ctest");
  return dir;
}

// `node provider.js` with a self-signed certificate; stopped with SIGTERM when destroyed.
class Provider {
 public:
  // `redirect_uri`: where the provider sends the browser back (Luukku's callback).
  Provider(const TempDir& dir, std::string redirect_uri, boost::json::object accounts) {
    namespace json = boost::json;
    std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
    std::string make =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert + " 2>/dev/null";
    if (std::system(make.c_str()) != 0) throw std::runtime_error("openssl failed");
    ca_file_ = cert;
    std::string port_file = dir.file("provider.port");
    redirect_uri_ = std::move(redirect_uri);
    json::object config{{"cert", cert},
                        {"key", key},
                        {"port_file", port_file},
                        {"client_id", "luukku"},
                        {"client_secret", kClientSecret},
                        {"redirect_uri", redirect_uri_},
                        {"accounts", std::move(accounts)}};
    std::string script = providerDir() + "/provider.js";
    std::string config_text = json::serialize(config);
    std::vector<std::string> args = {"/usr/bin/env", "node", script, config_text};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = {"NODE_EXTRA_CA_CERTS=" + cert,
                                            "NODE_PATH=" + providerDir() + "/node_modules"};
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) {
      throw std::runtime_error("cannot start node");
    }
    // The provider writes its port once it listens.
    for (int i = 0; i < 3000 && port_ == 0; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("the OpenID provider exited during start-up");
      }
      std::ifstream in(port_file);
      unsigned port = 0;
      if (in >> port)
        port_ = static_cast<std::uint16_t>(port);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (port_ == 0) throw std::runtime_error("the OpenID provider did not start in 30 s");
  }
  ~Provider() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  std::string issuer() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::string& caFile() const { return ca_file_; }
  const std::string& redirectUri() const { return redirect_uri_; }

  // A test-only control of provider.js.
  boost::json::value control(const std::string& path, const boost::json::object& body) {
    namespace json = boost::json;
    identity::FetchRequest request;
    request.method = "POST";
    request.url = issuer() + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = json::serialize(body);
    identity::FetchOptions options;
    options.ca_file = ca_file_;
    options.timeout = std::chrono::seconds(20);
    auto r = identity::fetch(request, options);
    if (!r) throw std::runtime_error(r.status().toString());
    return json::parse(r->body);
  }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string ca_file_;
  std::string redirect_uri_;
};

inline std::string setCookieValue(const RawResponse& r, const std::string& name) {
  auto it = r.headers.find("set-cookie");  // RawResponse keeps the last Set-Cookie
  if (it == r.headers.end()) return "";
  return it->second.starts_with(name + "=")
             ? it->second.substr(name.size() + 1, it->second.find(';') - name.size() - 1)
             : "";
}

// The path and query of an absolute URL.
inline std::string target(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  std::string t = std::string(u->encoded_path());
  if (u->has_query()) t += "?" + std::string(u->encoded_query());
  return t;
}

}  // namespace luukku::testing
