// Files in chats over HTTP, both ways, on an in-process server with the demo region and a
// clock the test controls (Monday 23 November 2026, 10:00, when "terveysasemat" is open).
// The tests named WithClamd scan with the test clamd (the ctest fixture `clamd`).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <memory>

#include "api/api_test_util.h"
#include "attachments/clamd_test_address.h"
#include "store/event_store.h"
#include "support/feed_client.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace std::string_literals;

constexpr const char* kLine = "terveysasemat";
constexpr const char* kSanna = "sanna-rinta-aho";

// A PNG the intake takes (its CRCs are not checked).
std::string chunk(const std::string& type, const std::string& data) {
  const std::size_t n = data.size();
  return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)} +
         type + data + "\0\0\0\0"s;
}
const std::string kPng = "\x89PNG\r\n\x1A\n"s + chunk("IHDR", std::string(13, '\1')) +
                         chunk("IDAT", "pixels") + chunk("IEND", "");

// A JPEG whose EXIF says where it was taken.
std::string segment(std::uint8_t marker, const std::string& payload) {
  const std::size_t n = payload.size() + 2;
  return "\xFF"s + static_cast<char>(marker) + static_cast<char>(n >> 8) +
         static_cast<char>(n & 0xFF) + payload;
}
const std::string kPhotoWithGps =
    "\xFF\xD8"s + segment(0xE0, "JFIF\0\1\2\0\0\1\0\1\0\0"s) +
    segment(0xE1, "Exif\0\0GPS 60.1699N 24.9384E"s) + segment(0xDB, std::string(65, '\1')) +
    segment(0xC0, "\x08\0\x10\0\x10\x01\x01\x11\0"s) + segment(0xDA, "\x01\x01\0\0\x3F\0"s) +
    "\x12\x34\xFF\0\x56\xFF\xD9"s;

const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

std::string percentEncoded(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

struct Chat {
  std::string id;
  std::string token;
};

class ChatFilesApi : public ::testing::Test {
 protected:
  virtual TestServerOptions options() {
    TestServerOptions o;
    o.clock = &clock_;
    return o;
  }
  void SetUp() override {
    server_ = std::make_unique<TestServer>(options());
    staff_ = server_->client();
    visitor_ = server_->anonymousClient();
    sanna_ = server_->agentClient(kSanna);
    auto r = staff_->request("PUT", std::string("/api/v1/agents/") + kSanna + "/presence",
                             json::serialize(json::object{{"status", "available"}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Chat start() {
    auto r = postJson(*visitor_, "/api/v1/chat/start",
                      json::object{{"line", kLine}, {"language", "fi"}, {"name", "Maija"}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    auto v = parsed(r);
    return {std::string(v.at("chat_id").as_string()), std::string(v.at("token").as_string())};
  }
  std::unique_ptr<FeedClient> connect(const Chat& chat, std::int64_t after = 0) {
    auto socket = std::make_unique<FeedClient>(*visitor_, "/api/v1/chat/connect");
    socket->send(json::serialize(json::object{
        {"type", "hello"}, {"chat_id", chat.id}, {"token", chat.token}, {"after", after}}));
    return socket;
  }
  static json::value nextOf(FeedClient& socket, std::string_view type) {
    for (int i = 0; i < 20; ++i) {
      auto text = socket.nextText(5s);
      EXPECT_TRUE(text) << "nothing arrived";
      if (!text) return nullptr;
      json::value v = json::parse(*text);
      if (v.at("type").as_string() == type) return v;
    }
    return nullptr;
  }
  // A chat Sanna has accepted, with the visitor's socket past "joined".
  std::pair<Chat, std::unique_ptr<FeedClient>> activeChat() {
    Chat chat = start();
    auto socket = connect(chat);
    EXPECT_EQ(nextOf(*socket, "welcome").at("state"), "waiting");
    auto r = postJson(*sanna_, std::string("/api/v1/agents/") + kSanna + "/offers/accept",
                      json::object{{"kind", "contact"}, {"id", chat.id}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(nextOf(*socket, "joined").at("professional").at("name"), "Sanna");
    return {chat, std::move(socket)};
  }

  static std::string filesQuery(const std::string& name, const std::string& client_id) {
    return "?name=" + percentEncoded(name) + "&client_id=" + client_id;
  }
  RawResponse visitorSends(const Chat& chat, const std::string& bytes, const std::string& name,
                           const std::string& client_id) {
    return visitor_->withHeader("Authorization", "Bearer " + chat.token)
        .request("POST", "/api/v1/chat/" + chat.id + "/files" + filesQuery(name, client_id), bytes,
                 "application/octet-stream");
  }
  RawResponse professionalSends(const HttpClient& who, const std::string& chat_id,
                                const std::string& bytes, const std::string& name,
                                const std::string& client_id) {
    return who.request("POST", "/api/v1/chats/" + chat_id + "/files" + filesQuery(name, client_id),
                       bytes, "application/octet-stream");
  }
  RawResponse visitorFetches(const Chat& chat, const std::string& file_id,
                             const std::string& token) {
    return visitor_->withHeader("Authorization", "Bearer " + token)
        .get("/api/v1/chat/" + chat.id + "/files/" + file_id);
  }
  static std::string fileIdOf(const RawResponse& r) {
    return std::string(parsed(r).at("attachment").at("id").as_string());
  }
  int storedFiles() {
    int n = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator(server_->chatFiles().directory())) {
      ++n;
    }
    return n;
  }
  std::size_t accessRows(const std::string& chat_id) {
    auto rows = server_->accessLog().find("customer:" + chat_id, fromMicros(0),
                                          fromMicros(INT64_MAX / 2), 100);
    EXPECT_TRUE(rows);
    return rows ? rows->size() : 0;
  }

  TestClock clock_{helsinki(23, 10, 0)};
  std::unique_ptr<TestServer> server_;
  std::optional<HttpClient> staff_, visitor_, sanna_;
};

TEST_F(ChatFilesApi, AVisitorsPictureReachesTheProfessionalAndBothCanFetchIt) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPng, "ihottuma.png", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  json::value message = parsed(sent);
  EXPECT_EQ(message.at("seq"), 1);
  EXPECT_EQ(message.at("from"), "visitor");
  EXPECT_EQ(message.at("attachment").at("name"), "ihottuma.png");
  EXPECT_EQ(message.at("attachment").at("type"), "image/png");
  EXPECT_EQ(message.at("attachment").at("size"), static_cast<std::int64_t>(kPng.size()));
  EXPECT_EQ(nextOf(*socket, "message").at("attachment"), message.at("attachment"));

  const std::string file = fileIdOf(sent);
  auto by_sanna = sanna_->get("/api/v1/chats/" + chat.id + "/files/" + file);
  ASSERT_EQ(by_sanna.status, 200) << by_sanna.body;
  EXPECT_EQ(by_sanna.body, kPng);
  EXPECT_EQ(by_sanna.headers["content-type"], "image/png");
  EXPECT_EQ(by_sanna.headers["content-disposition"],
            "inline; filename=\"ihottuma.png\"; filename*=UTF-8''ihottuma.png");
  EXPECT_EQ(by_sanna.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(by_sanna.headers["content-security-policy"], "sandbox; default-src 'none'");
  EXPECT_EQ(by_sanna.headers["cache-control"], "private, no-store");
  auto by_visitor = visitorFetches(chat, file, chat.token);
  ASSERT_EQ(by_visitor.status, 200) << by_visitor.body;
  EXPECT_EQ(by_visitor.body, kPng);
}

TEST_F(ChatFilesApi, AProfessionalsPdfReachesTheVisitorAsADownload) {
  auto [chat, socket] = activeChat();
  auto sent = professionalSends(*sanna_, chat.id, kPdf, "Hoito-ohje ä.pdf", "p-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  json::value seen = nextOf(*socket, "message");
  EXPECT_EQ(seen.at("from"), "professional");
  EXPECT_EQ(seen.at("attachment").at("name"), "Hoito-ohje ä.pdf");
  EXPECT_EQ(seen.at("attachment").at("type"), "application/pdf");
  auto fetched = visitorFetches(chat, fileIdOf(sent), chat.token);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, kPdf);
  EXPECT_EQ(fetched.headers["content-type"], "application/pdf");
  EXPECT_EQ(fetched.headers["content-disposition"],
            "attachment; filename=\"Hoito-ohje __.pdf\"; "
            "filename*=UTF-8''Hoito-ohje%20%C3%A4.pdf");
}

TEST_F(ChatFilesApi, FetchingAFileIsWrittenToTheAccessLogForTheProfessional) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::size_t before = accessRows(chat.id);
  ASSERT_EQ(sanna_->get("/api/v1/chats/" + chat.id + "/files/" + fileIdOf(sent)).status, 200);
  EXPECT_EQ(accessRows(chat.id), before + 1);
}

TEST_F(ChatFilesApi, NobodyOutsideTheChatCanFetchItsFiles) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string file = fileIdOf(sent);
  Chat other = start();

  // Another chat's token, no token and an unknown chat: the same answer.
  auto wrong = visitorFetches(chat, file, other.token);
  EXPECT_EQ(wrong.status, 404);
  auto unknown = visitor_->withHeader("Authorization", "Bearer " + chat.token)
                     .get("/api/v1/chat/c-ffffffff/files/" + file);
  EXPECT_EQ(unknown.status, 404);
  auto none = visitor_->get("/api/v1/chat/" + chat.id + "/files/" + file);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(errorMessage(wrong), errorMessage(unknown));
  EXPECT_EQ(errorMessage(none), errorMessage(unknown));
  EXPECT_EQ(
      visitor_->request("POST", "/api/v1/chat/" + chat.id + "/files?client_id=v-9", kPng).status,
      404);
  // This chat's file asked for under the other chat, with the other chat's token.
  EXPECT_EQ(visitorFetches(other, file, other.token).status, 404);
  // A professional who does not hold the chat.
  HttpClient emma = server_->agentClient("emma-lindqvist");
  EXPECT_EQ(emma.get("/api/v1/chats/" + chat.id + "/files/" + file).status, 403);
  EXPECT_EQ(professionalSends(emma, chat.id, kPdf, "x.pdf", "e-1").status, 403);
  // A supervisor may, as they may read the chat.
  EXPECT_EQ(staff_->get("/api/v1/chats/" + chat.id + "/files/" + file).status, 200);
}

TEST_F(ChatFilesApi, AFileThatLiesAboutItsTypeIsRefusedAndNothingIsKept) {
  auto [chat, socket] = activeChat();
  auto program = visitorSends(chat,
                              "\x7F"
                              "ELF\2\1\1\0"s +
                                  std::string(64, '\0'),
                              "kuva.png", "v-1");
  ASSERT_EQ(program.status, 415) << program.body;
  EXPECT_EQ(errorCode(program), "unsupported_type");
  EXPECT_NE(errorMessage(program).find("JPEG, PNG or WebP"), std::string::npos);
  auto page = professionalSends(*sanna_, chat.id, "<html><script>alert(1)</script></html>",
                                "ohje.pdf", "p-1");
  ASSERT_EQ(page.status, 415) << page.body;
  EXPECT_EQ(storedFiles(), 0);
  // Nothing was posted: the next message is the first.
  auto sent = visitorSends(chat, kPng, "kuva.png", "v-2");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(parsed(sent).at("seq"), 1);
}

TEST_F(ChatFilesApi, AnEmptyFileIsRefused) {
  auto [chat, socket] = activeChat();
  auto empty = visitorSends(chat, "", "tyhjä.png", "v-1");
  ASSERT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(errorCode(empty), "empty");
}

TEST_F(ChatFilesApi, ANameThatHidesTheRealTypeGetsTheRealExtension) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPng, "../../kuva\xE2\x80\xAEgnp.exe", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(parsed(sent).at("attachment").at("name"), "_.._kuvagnp.exe.png");
}

TEST_F(ChatFilesApi, APhotoIsServedWithoutItsExif) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPhotoWithGps, "valokuva.jpg", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  auto fetched = sanna_->get("/api/v1/chats/" + chat.id + "/files/" + fileIdOf(sent));
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.headers["content-type"], "image/jpeg");
  EXPECT_TRUE(fetched.body.starts_with("\xFF\xD8"));
  EXPECT_EQ(kPhotoWithGps.find("GPS") != std::string::npos, true);
  EXPECT_EQ(fetched.body.find("GPS"), std::string::npos);
  EXPECT_EQ(fetched.body.find("Exif"), std::string::npos);
}

TEST_F(ChatFilesApi, ReconnectingReplaysTheFileMessageOnceAndAResendIsKeptOnce) {
  auto [chat, socket] = activeChat();
  auto sent = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  auto again = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(parsed(again).at("seq"), 1);
  EXPECT_EQ(fileIdOf(again), fileIdOf(sent));
  EXPECT_EQ(storedFiles(), 1);

  socket.reset();
  auto back = connect(chat, 0);
  EXPECT_EQ(nextOf(*back, "welcome").at("state"), "active");
  json::value replayed = nextOf(*back, "message");
  EXPECT_EQ(replayed.at("seq"), 1);
  EXPECT_EQ(replayed.at("attachment").at("id"), json::value(fileIdOf(sent)));
  bool timed_out = false;
  EXPECT_FALSE(back->nextText(300ms, &timed_out));
  EXPECT_TRUE(timed_out);
}

TEST_F(ChatFilesApi, AnEndedChatTakesNoFiles) {
  auto [chat, socket] = activeChat();
  ASSERT_EQ(postJson(*sanna_, "/api/v1/chats/" + chat.id + "/end", json::object{}).status, 200);
  auto r = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(errorCode(r), "ended");
  EXPECT_EQ(professionalSends(*sanna_, chat.id, kPdf, "x.pdf", "p-1").status, 409);
  EXPECT_EQ(storedFiles(), 0);
}

TEST_F(ChatFilesApi, TheFileLogRecordsTheNameAsPersonalText) {
  auto [chat, socket] = activeChat();
  ASSERT_EQ(visitorSends(chat, kPng, "minun kuvani.png", "v-1").status, 201);
  auto store = store::openStore(server_->storeUrl());
  ASSERT_TRUE(store);
  auto events = (*store)->readStream("chat/" + chat.id, 0, 100);
  ASSERT_TRUE(events);
  const store::StoredEvent* message = nullptr;
  for (const auto& e : *events) {
    if (e.type == "chat.message") message = &e;
  }
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(json::parse(message->payload).at("attachment").at("file_name"), "minun kuvani.png");
  // The bytes are not in the log.
  EXPECT_EQ(message->payload.find("pixels"), std::string::npos);
}

class ChatFilesLimits : public ChatFilesApi {
 protected:
  TestServerOptions options() override {
    TestServerOptions o = ChatFilesApi::options();
    o.chat_max_file_bytes = 2 * 1024 * 1024;
    return o;
  }
};

TEST_F(ChatFilesLimits, AFileOverTheLimitIsRefused) {
  auto [chat, socket] = activeChat();
  auto r = visitorSends(chat, kPdf + std::string(2 * 1024 * 1024, 'x'), "iso.pdf", "v-1");
  ASSERT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(storedFiles(), 0);
}

TEST_F(ChatFilesLimits, OnlyTheFileRoutesTakeBodiesOverTheServersLimit) {
  auto [chat, socket] = activeChat();
  const std::string big = kPdf + std::string(1536 * 1024, 'x');  // over 1 MiB, under 2 MiB
  auto file = professionalSends(*sanna_, chat.id, big, "iso.pdf", "p-1");
  ASSERT_EQ(file.status, 201) << file.body;
  auto message =
      sanna_->request("POST", "/api/v1/chats/" + chat.id + "/messages",
                      R"({"client_id":"p-2","text":")" + std::string(1536 * 1024, 'x') + R"("})");
  EXPECT_EQ(message.status, 413);
}

class ChatFilesScannerDown : public ChatFilesApi {
 protected:
  TestServerOptions options() override {
    TestServerOptions o = ChatFilesApi::options();
    o.chat_clamd = "unix:/nonexistent/clamd.sock";
    return o;
  }
};

TEST_F(ChatFilesScannerDown, AFileIsRefusedWith503AndNotStoredWhileClamdIsDown) {
  auto [chat, socket] = activeChat();
  auto r = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(errorCode(r), "scanner_unavailable");
  EXPECT_EQ(storedFiles(), 0);
}

class ChatFilesWithClamd : public ChatFilesApi {
 protected:
  TestServerOptions options() override {
    TestServerOptions o = ChatFilesApi::options();
    o.chat_clamd = attachments::testing::clamdAddress();
    return o;
  }
};

TEST_F(ChatFilesWithClamd, MalwareIsRefusedAsInfectedAndNotStored) {
  auto [chat, socket] = activeChat();
  auto r =
      visitorSends(chat, "%PDF-1.4\n" + std::string(attachments::testing::kEicar) + "\n%%EOF\n",
                   "lasku.pdf", "v-1");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(errorCode(r), "infected");
  EXPECT_EQ(storedFiles(), 0);
}

TEST_F(ChatFilesWithClamd, ACleanPictureIsScannedAndSent) {
  auto [chat, socket] = activeChat();
  auto r = visitorSends(chat, kPng, "kuva.png", "v-1");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(storedFiles(), 1);
}

}  // namespace
}  // namespace luukku::testing
