// The fixture of the chat visitor's identification tests (chat_identification_test.cc,
// chat_on_behalf_test.cc): a test server whose clock stands on a Monday morning, when the
// demo region's "terveysasemat" serves chat, a real OpenID provider (oidc_provider.h) with
// three accounts, and the visitor's browser, played by the test: the start, the provider's
// pages (provider.js signs in the chosen account) and the callback back to Luukku.
//
// The identification checks the provider's tokens on the real clock, as they are stamped
// with it.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "api/api_test_util.h"
#include "engine/system_clock.h"
#include "identity/citizen_identification.h"
#include "identity/oidc_provider.h"
#include "identity/sealing.h"
#include "store/event_store.h"
#include "support/feed_client.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace json = boost::json;

constexpr const char* kLine = "terveysasemat";
constexpr const char* kSanna = "sanna-rinta-aho";
constexpr const char* kEmma = "emma-lindqvist";
constexpr const char* kCookie = "luukku_citizen_oidc";

inline json::object accounts() {
  return json::object{
      {"aino", json::object{{"given_name", "Aino"},
                            {"family_name", "Asiakas"},
                            {"urn:oid:1.2.246.21", "131052-308T"}}},
      {"wrong-code", json::object{{"name", "Väärä Tunnus"}, {"urn:oid:1.2.246.21", "131052-308U"}}},
      {"no-code", json::object{{"name", "Ei Tunnusta"}}}};
}

struct Chat {
  std::string id;
  std::string token;
};

class ChatIdentification : public ::testing::Test {
 protected:
  ChatIdentification()
      : server_(options()),
        provider_(dir_,
                  "http://127.0.0.1:" + std::to_string(server_.port()) +
                      "/api/v1/chat/identification/callback",
                  accounts()) {
    identity::CitizenIdentificationConfig config;
    config.oidc.issuer = provider_.issuer();
    config.oidc.client_id = "luukku";
    config.oidc.client_secret = kClientSecret;
    config.oidc.redirect_uri = provider_.redirectUri();
    config.oidc.scopes = "openid profile personal_identity_code";
    config.oidc.ca_file = provider_.caFile();
    identification_ = std::make_unique<identity::CitizenIdentification>(config, real_clock_);
    server_.services().citizen_identification = identification_.get();
    server_.services().sealer = &sealer_;
  }
  ~ChatIdentification() override {
    server_.services().citizen_identification = nullptr;
    server_.services().sealer = nullptr;
  }
  TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  // Only Sanna is available: the chats are offered to her. Emma serves the same line, whose
  // visitors may identify.
  void SetUp() override {
    auto r = staff_.request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                            json::serialize(json::object{{"status", "available"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_NO_FATAL_FAILURE(lineIdentifies("optional"));
  }
  void lineIdentifies(const std::string& how) {
    auto line = parsed(staff_.get(std::string("/api/v1/service-lines/") + kLine));
    line.as_object()["chat_identification"] = how;
    auto r =
        staff_.request("PUT", std::string("/api/v1/service-lines/") + kLine, json::serialize(line));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // A chat Sanna has accepted, with the visitor's socket past "joined".
  Chat activeChat() {
    auto r =
        postJson(visitor_, "/api/v1/chat/start", json::object{{"line", kLine}, {"language", "fi"}});
    EXPECT_EQ(r.status, 201) << r.body;
    Chat chat{std::string(parsed(r).at("chat_id").as_string()),
              std::string(parsed(r).at("token").as_string())};
    socket_ = std::make_unique<FeedClient>(visitor_, "/api/v1/chat/connect");
    socket_->send(json::serialize(json::object{
        {"type", "hello"}, {"chat_id", chat.id}, {"token", chat.token}, {"after", 0}}));
    EXPECT_EQ(nextOf("welcome").at("identified"), nullptr);
    auto accepted = postJson(sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                             json::object{{"kind", "contact"}, {"id", chat.id}});
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    nextOf("joined");
    return chat;
  }
  // The next message of `type` on the visitor's socket, skipping others.
  json::value nextOf(std::string_view type) {
    for (int i = 0; i < 20; ++i) {
      auto text = socket_->nextText(std::chrono::seconds(5));
      if (!text) break;
      json::value v = json::parse(*text);
      if (v.at("type").as_string() == type) return v;
    }
    ADD_FAILURE() << "no " << type << " arrived";
    return nullptr;
  }

  struct Callback {
    std::string path;
    std::string state_cookie;
  };
  RawResponse startIdentification(const Chat& chat) {
    return postJson(visitor_, "/api/v1/chat/identification/start",
                    json::object{{"chat_id", chat.id}, {"token", chat.token}});
  }
  // The visitor's way from the start through the provider, signed in as `account`, back to
  // Luukku's callback (not yet followed).
  Callback atProvider(const Chat& chat, const std::string& account) {
    auto start = startIdentification(chat);
    EXPECT_EQ(start.status, 200) << start.body;
    if (start.status != 200) return {};
    std::string url(parsed(start).at("url").as_string());
    auto walked = provider_.control("/__test/authorize", {{"url", url}, {"account", account}});
    if (!walked.as_object().contains("location")) {
      ADD_FAILURE() << json::serialize(walked);
      return {};
    }
    return {target(std::string(walked.at("location").as_string())), setCookieValue(start, kCookie)};
  }
  RawResponse callback(const Callback& c) {
    return visitor_.withHeader("Cookie", std::string(kCookie) + "=" + c.state_cookie).get(c.path);
  }
  RawResponse ask(const HttpClient& who, const Chat& chat) {
    return postJson(who, "/api/v1/chats/" + chat.id + "/identification-request", json::object{});
  }
  std::string streamText(const std::string& chat_id) {
    auto store = store::openStore(server_.storeUrl());
    EXPECT_TRUE(store);
    auto events = (*store)->readStream("chat/" + chat_id, 0, 1000);
    std::string all;
    if (events) {
      for (const auto& e : *events) all += e.type + " " + e.payload + "\n";
    }
    return all;
  }

  TempDir dir_;
  TestClock clock_{helsinki(23, 10, 0)};
  engine::SystemClock real_clock_;
  TestServer server_;
  Provider provider_;
  identity::Sealer sealer_{identity::randomHashKey()};
  std::unique_ptr<identity::CitizenIdentification> identification_;
  HttpClient staff_ = server_.client();
  HttpClient visitor_ = server_.anonymousClient();
  HttpClient sanna_ = server_.agentClient(kSanna);
  HttpClient emma_ = server_.agentClient(kEmma);
  std::unique_ptr<FeedClient> socket_;
};

}  // namespace luukku::testing
