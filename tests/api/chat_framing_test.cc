// Framing: the region's web sites may show the citizen's chat page in a frame (the embed
// script's panel) when they are named in chat_embed_origins; no other page of Luukku may ever
// be framed, and without the setting not even the chat page.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {

class ChatFraming : public ::testing::Test {
 protected:
  static TestServerOptions withSite(const std::filesystem::path& root,
                                    std::vector<std::string> embed_origins) {
    std::filesystem::create_directories(root / "chat");
    std::ofstream(root / "index.html") << "<!doctype html><title>desktop</title>";
    std::ofstream(root / "chat" / "index.html") << "<!doctype html><title>chat</title>";
    TestServerOptions o;
    o.http.web_root = root.string();
    o.http.chat_embed_origins = std::move(embed_origins);
    return o;
  }
  TempDir site_;
};

TEST_F(ChatFraming, TheChatPageMayBeFramedByTheNamedSitesOnly) {
  TestServer server(withSite(site_.path(), {"https://www.example-region.fi"}));
  auto chat = server.client().get("/chat/");
  ASSERT_EQ(chat.status, 200) << chat.body;
  EXPECT_FALSE(chat.headers.contains("x-frame-options"));
  EXPECT_NE(chat.headers["content-security-policy"].find(
                "frame-ancestors 'self' https://www.example-region.fi"),
            std::string::npos)
      << chat.headers["content-security-policy"];
}

TEST_F(ChatFraming, EveryOtherPageIsNeverFramed) {
  TestServer server(withSite(site_.path(), {"https://www.example-region.fi"}));
  for (const char* path : {"/", "/desktop", "/reports"}) {
    auto page = server.client().get(path);
    ASSERT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.headers["x-frame-options"], "DENY") << path;
    EXPECT_NE(page.headers["content-security-policy"].find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
  }
}

TEST_F(ChatFraming, WithoutEmbedOriginsNotEvenTheChatPageIsFramed) {
  TestServer server(withSite(site_.path(), {}));
  auto chat = server.client().get("/chat/");
  ASSERT_EQ(chat.status, 200);
  EXPECT_EQ(chat.headers["x-frame-options"], "DENY");
  EXPECT_NE(chat.headers["content-security-policy"].find("frame-ancestors 'none'"),
            std::string::npos);
}

}  // namespace
}  // namespace luukku::testing
