// The telephony file is read strictly: every key known, every error naming its full path.
#include "telephony/telephony_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace luukku::telephony {
namespace {

constexpr const char* kMinimal =
    "[sip]\nlisten = \"127.0.0.1:5060\"\n"
    "[[trunks]]\nname = \"operator\"\nallowed_sources = [\"127.0.0.1\"]\n"
    "[[phones]]\nextension = \"1001\"\nagent = \"aino\"\npassword = \"secret-1001\"\n";

class TelephonyConfigTest : public ::testing::Test {
 protected:
  Result<TelephonyConfig> load(const std::string& text) {
    std::string path = dir_.file("telephony.toml");
    std::ofstream(path) << text;
    return loadTelephonyConfig(path);
  }
  luukku::testing::TempDir dir_;
};

TEST_F(TelephonyConfigTest, TheShippedFileLoads) {
  auto c = loadTelephonyConfig(LUUKKU_SOURCE_DIR "/config/telephony.toml");
  ASSERT_TRUE(c.isOk()) << c.status().message();
  ASSERT_EQ(c->sip.trunks.size(), 1u);
  EXPECT_EQ(c->sip.trunks[0].allowed_sources, (std::vector<std::string>{"127.0.0.1"}));
  EXPECT_EQ(c->phones.size(), c->sip.phones.size());
}

TEST_F(TelephonyConfigTest, AMinimalFileKeepsTheDefaults) {
  auto c = load(kMinimal);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->sip.transaction_timeout, std::chrono::milliseconds(32'000));
  EXPECT_EQ(c->sip.phones.at(0).extension, "1001");
}

TEST_F(TelephonyConfigTest, ATrunkAddressIsNoLongerASetting) {
  auto with_address = load(
      "[[trunks]]\nname = \"operator\"\nallowed_sources = [\"127.0.0.1\"]\n"
      "address = \"sip:127.0.0.1:5080\"\n");
  ASSERT_FALSE(with_address.isOk());
  EXPECT_NE(with_address.status().message().find("unknown setting trunks[0].address"),
            std::string::npos)
      << with_address.status().message();
}

TEST_F(TelephonyConfigTest, AnUnknownKeyNamesItsFullPath) {
  auto c = load(std::string(kMinimal) + "[queue]\nannounce_every_s = 10\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().message().rfind("telephony file ", 0), 0u) << c.status().message();
  EXPECT_NE(c.status().message().find("unknown setting queue.announce_every_s"), std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, AWrongTypeNamesItsFullPath) {
  auto c = load(std::string(kMinimal) + "[[phones]]\nextension = 1002\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("phones[1].extension must be a string"), std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, ANumberThatIsNotAPhoneNumberNamesItsPath) {
  auto c = load(std::string(kMinimal) + "[[numbers]]\nnumber = \"abc\"\nline = \"x\"\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("numbers[0].number: "), std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace luukku::telephony
