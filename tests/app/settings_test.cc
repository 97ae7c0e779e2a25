#include "app/settings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/temp_dir.h"

namespace luukku::app {
namespace {

std::string writeFile(const testing::TempDir& dir, const std::string& text) {
  std::string path = dir.file("luukku.toml");
  std::ofstream(path) << text;
  return path;
}

TEST(Settings, FileThenEnvironmentOverrideTheDefaults) {
  testing::TempDir dir;
  Settings s;
  ASSERT_TRUE(applySettingsFile(
      writeFile(dir, "[http]\nlisten = \"127.0.0.1:9000\"\n[log]\nlevel = \"debug\"\n"), s));
  EXPECT_EQ(s.http_listen, "127.0.0.1:9000");
  std::map<std::string, std::string> env{{"LUUKKU_HTTP_LISTEN", "127.0.0.1:9100"}};
  ASSERT_TRUE(applyEnvironment(s, [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  }));
  EXPECT_EQ(s.http_listen, "127.0.0.1:9100");
  EXPECT_EQ(s.log_level, "debug");
  EXPECT_TRUE(validateSettings(s));
}

TEST(Settings, ChatEmbedOriginsAreOriginsSeparatedBySpaces) {
  testing::TempDir dir;
  Settings s;
  ASSERT_TRUE(
      applySettingsFile(writeFile(dir,
                                  "[chat]\nembed_origins = \"https://www.example-region.fi  "
                                  "http://intra.example.fi:8443\"\n"),
                        s));
  EXPECT_TRUE(validateSettings(s));
  EXPECT_EQ(s.chatEmbedOrigins(), (std::vector<std::string>{"https://www.example-region.fi",
                                                            "http://intra.example.fi:8443"}));
}

// The origins go into a Content-Security-Policy: nothing else may pass.
TEST(Settings, AChatEmbedOriginThatIsNotJustAnOriginIsAnError) {
  for (const char* wrong :
       {"www.example-region.fi", "https://example.fi/chat", "*", "https://example.fi;script-src",
        "'unsafe-inline'", "https://", "https://example.fi:0", "ftp://example.fi"}) {
    Settings s;
    s.chat_embed_origins = wrong;
    Status st = validateSettings(s);
    EXPECT_FALSE(st) << wrong;
    EXPECT_NE(st.message().find("chat.embed_origins"), std::string::npos) << wrong;
  }
}

TEST(Settings, ChatFilesAreKeptUnderTheDataDirUnlessNamedAndScannedWhenClamdIsSet) {
  testing::TempDir dir;
  Settings s;
  s.data_dir = "/srv/luukku";
  EXPECT_EQ(s.effectiveChatFilesDir(), "/srv/luukku/chat-files");
  EXPECT_EQ(s.chat_max_file_bytes, 10 * 1024 * 1024);
  EXPECT_EQ(s.chat_files_kept_days, 30);
  EXPECT_TRUE(s.chat_clamd.empty());
  ASSERT_TRUE(applySettingsFile(
      writeFile(dir,
                "[chat]\nfiles_dir = \"/var/lib/luukku/files\"\nmax_file_bytes = 2097152\n"
                "files_kept_days = 90\nclamd = \"unix:/run/clamav/clamd.ctl\"\n"),
      s));
  EXPECT_TRUE(validateSettings(s));
  EXPECT_EQ(s.effectiveChatFilesDir(), "/var/lib/luukku/files");
  EXPECT_EQ(s.chat_max_file_bytes, 2097152);
  EXPECT_EQ(s.chat_files_kept_days, 90);
  EXPECT_EQ(s.chat_clamd, "unix:/run/clamav/clamd.ctl");
}

TEST(Settings, AChatFileLimitOrRetentionOutOfRangeOrAClamdAddressOfNoFormIsAnError) {
  Settings s;
  s.chat_max_file_bytes = 200LL * 1024 * 1024;
  EXPECT_NE(validateSettings(s).message().find("chat.max_file_bytes"), std::string::npos);
  for (std::int64_t days : {0, 3651}) {
    s = Settings{};
    s.chat_files_kept_days = days;
    EXPECT_NE(validateSettings(s).message().find("chat.files_kept_days"), std::string::npos);
  }
  s = Settings{};
  s.chat_clamd = "clamd.sock";
  EXPECT_NE(validateSettings(s).message().find("chat.clamd"), std::string::npos);
}

TEST(Settings, AMisspeltKeyIsAnError) {
  testing::TempDir dir;
  Settings s;
  Status st = applySettingsFile(writeFile(dir, "[http]\nlisen = \"127.0.0.1:9000\"\n"), s);
  EXPECT_FALSE(st);
  EXPECT_NE(st.message().find("unknown setting http.lisen"), std::string::npos);
}

TEST(Settings, AWrongTypeNamesTheSetting) {
  testing::TempDir dir;
  Settings s;
  Status st = applySettingsFile(writeFile(dir, "[http]\nthreads = \"two\"\n"), s);
  EXPECT_NE(st.message().find("http.threads must be a number"), std::string::npos);
}

TEST(Settings, TomlSyntaxErrorsGiveTheLine) {
  testing::TempDir dir;
  Settings s;
  Status st = applySettingsFile(writeFile(dir, "[http]\n\nlisten = \n"), s);
  EXPECT_NE(st.message().find("line 3"), std::string::npos) << st.message();
}

TEST(Settings, DefaultStoreIsSqliteUnderTheDataDirectory) {
  Settings s;
  s.data_dir = "/var/lib/luukku";
  EXPECT_EQ(s.effectiveStoreUrl(), "sqlite:/var/lib/luukku/luukku.db");
}

TEST(Settings, ValidationRejectsBadValues) {
  Settings s;
  s.log_format = "xml";
  EXPECT_FALSE(validateSettings(s));
  s = Settings();
  s.http_listen = "localhost";
  EXPECT_FALSE(validateSettings(s));
  s = Settings();
  s.max_body_bytes = 10;
  EXPECT_FALSE(validateSettings(s));
}

TEST(Settings, BrowserPhoneGatewayAndTestCallerAreRead) {
  testing::TempDir dir;
  Settings s;
  ASSERT_TRUE(applySettingsFile(
      writeFile(dir,
                "[telephony]\njanus_url = \"ws://127.0.0.1:8188\"\n[web]\ntest_caller = true\n"),
      s));
  EXPECT_EQ(s.janus_url, "ws://127.0.0.1:8188");
  EXPECT_TRUE(s.test_caller);
  EXPECT_TRUE(validateSettings(s));
  EXPECT_FALSE(Settings().test_caller);  // off unless a configuration turns it on
}

TEST(Settings, ChatVisitorGoneTimeIsReadAndBounded) {
  testing::TempDir dir;
  Settings s;
  EXPECT_EQ(s.chat_visitor_gone_after_s, 120);
  ASSERT_TRUE(applySettingsFile(writeFile(dir, "[chat]\nvisitor_gone_after_s = 300\n"), s));
  EXPECT_EQ(s.chat_visitor_gone_after_s, 300);
  EXPECT_TRUE(validateSettings(s));
  s.chat_visitor_gone_after_s = 0;
  EXPECT_FALSE(validateSettings(s));
}

TEST(Settings, ChatFloodLimitsDefaultToTheProductionLimitsAndAreReadAndBounded) {
  testing::TempDir dir;
  Settings s;
  EXPECT_EQ(s.chat_starts_per_address_burst, 5);
  EXPECT_EQ(s.chat_starts_per_address_per_minute, 1);
  EXPECT_EQ(s.chat_messages_per_visitor_per_s, 5);
  EXPECT_EQ(s.chat_messages_per_visitor_burst, 10);
  EXPECT_EQ(s.chat_messages_per_address_per_s, 20);
  EXPECT_EQ(s.chat_messages_per_address_burst, 40);
  ASSERT_TRUE(applySettingsFile(writeFile(dir,
                                          "[chat]\nstarts_per_address_burst = 20000\n"
                                          "starts_per_address_per_minute = 600000\n"
                                          "messages_per_visitor_per_s = 50\n"
                                          "messages_per_visitor_burst = 100\n"
                                          "messages_per_address_per_s = 100000\n"
                                          "messages_per_address_burst = 200000\n"),
                                s));
  EXPECT_TRUE(validateSettings(s));
  EXPECT_EQ(s.chat_starts_per_address_burst, 20000);
  EXPECT_EQ(s.chat_starts_per_address_per_minute, 600000);
  EXPECT_EQ(s.chat_messages_per_visitor_per_s, 50);
  EXPECT_EQ(s.chat_messages_per_visitor_burst, 100);
  EXPECT_EQ(s.chat_messages_per_address_per_s, 100000);
  EXPECT_EQ(s.chat_messages_per_address_burst, 200000);
  s.chat_messages_per_address_burst = 0;
  EXPECT_NE(validateSettings(s).message().find("chat.messages_per_address_burst"),
            std::string::npos);
  s = Settings{};
  s.chat_starts_per_address_per_minute = 2'000'000;
  EXPECT_NE(validateSettings(s).message().find("chat.starts_per_address_per_minute"),
            std::string::npos);
}

TEST(Settings, MaxConnectionsIsReadAndBounded) {
  testing::TempDir dir;
  Settings s;
  EXPECT_EQ(s.max_connections, 10'000);
  ASSERT_TRUE(applySettingsFile(writeFile(dir, "[http]\nmax_connections = 15000\n"), s));
  EXPECT_EQ(s.max_connections, 15'000);
  EXPECT_TRUE(validateSettings(s));
  s.max_connections = 0;
  EXPECT_NE(validateSettings(s).message().find("http.max_connections"), std::string::npos);
}

TEST(Settings, GatewayMustBeAWebSocketAddress) {
  Settings s;
  s.janus_url = "http://127.0.0.1:8088/janus";
  EXPECT_FALSE(validateSettings(s));
}

TEST(Settings, UrlOriginIsSchemeHostAndPort) {
  EXPECT_EQ(urlOrigin("ws://127.0.0.1:8188/janus"), "ws://127.0.0.1:8188");
  EXPECT_EQ(urlOrigin("wss://gw.example"), "wss://gw.example");
}

TEST(ListenAddress, ParsesHostAndPort) {
  auto a = parseListenAddress("127.0.0.1:0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 0);
  EXPECT_EQ(parseListenAddress("[::1]:8080")->first, "::1");
  EXPECT_FALSE(parseListenAddress("127.0.0.1:99999"));
}

}  // namespace
}  // namespace luukku::app
