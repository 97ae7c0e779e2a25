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

TEST_F(TelephonyConfigTest, APhoneNamesTheLineItsCallsOutsideAreMadeFor) {
  auto c = load(std::string(kMinimal) +
                "[[phones]]\nextension = \"1002\"\nagent = \"b\"\npassword = \"secret-1002\"\n"
                "line = \"duty\"\n");
  ASSERT_TRUE(c.isOk()) << c.status().message();
  ASSERT_EQ(c->phones.size(), 2u);
  EXPECT_EQ(c->phones[0].line, "");  // calls only colleagues and lines
  EXPECT_EQ(c->phones[1].line, "duty");
}

TEST_F(TelephonyConfigTest, TheShippedFileSendsOutgoingCallsToTheTestTrunk) {
  auto c = loadTelephonyConfig(LUUKKU_SOURCE_DIR "/config/telephony.toml");
  ASSERT_TRUE(c.isOk()) << c.status().message();
  const sip::TrunkConfig* trunk = outboundTrunk(*c);
  ASSERT_NE(trunk, nullptr);
  EXPECT_EQ(trunk->name, "test-trunk");
  EXPECT_EQ(trunk->outbound_address, "127.0.0.1:5070");
}

TEST_F(TelephonyConfigTest, TheShippedFileLetsLinesCallCitizensButNotPremiumRates) {
  auto c = loadTelephonyConfig(LUUKKU_SOURCE_DIR "/config/telephony.toml");
  ASSERT_TRUE(c.isOk()) << c.status().message();
  ASSERT_FALSE(c->dialing.lines.empty());
  DialPolicy policy(c->dialing);
  for (const auto& line : c->dialing.lines) {
    EXPECT_TRUE(policy.check(line.line_id, "040 123 4567", DialPurpose::kCallback).isOk());
    EXPECT_TRUE(policy.check(line.line_id, "06 4151 000", DialPurpose::kCallback).isOk());
    EXPECT_TRUE(policy.check(line.line_id, "112", DialPurpose::kCallback).isOk());
    for (const char* premium : {"0600 12345", "0700 12345", "0200 12345", "0300 12345"}) {
      EXPECT_EQ(policy.check(line.line_id, premium, DialPurpose::kCallback).code(),
                ErrorCode::kPermissionDenied)
          << line.line_id << " " << premium;
    }
  }
}

TEST_F(TelephonyConfigTest, DialingRulesAreRead) {
  auto c = load(std::string(kMinimal) +
                "[dialing]\nemergency = [\"112\", \"116117\"]\n"
                "[[outbound]]\nline = \"duty\"\noutbound = true\nexternal_transfer = true\n"
                "allowed = [\"+35840*\"]\n");
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->dialing.emergency_numbers, (std::vector<std::string>{"112", "116117"}));
  ASSERT_EQ(c->dialing.lines.size(), 1u);
  EXPECT_EQ(c->dialing.lines[0].line_id, "duty");
  EXPECT_TRUE(c->dialing.lines[0].outbound);
  EXPECT_TRUE(c->dialing.lines[0].external_transfer);
  EXPECT_EQ(c->dialing.lines[0].allowed, (std::vector<std::string>{"+35840*"}));
}

TEST_F(TelephonyConfigTest, WithoutDialingRulesNoLineCallsOutAndNoTrunkTakesTheCalls) {
  auto c = load(kMinimal);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->dialing.emergency_numbers, (std::vector<std::string>{"112"}));
  EXPECT_TRUE(c->dialing.lines.empty());
  EXPECT_EQ(outboundTrunk(*c), nullptr);
}

TEST_F(TelephonyConfigTest, AnUnknownKeyInOutboundNamesIt) {
  auto c = load(std::string(kMinimal) +
                "[[outbound]]\nline = \"duty\"\noutbound = true\nallow = [\"+358*\"]\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("unknown setting outbound[0].allow"), std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, AMalformedPatternIsRefusedAtLoadNamingItsKey) {
  auto c = load(std::string(kMinimal) +
                "[[outbound]]\nline = \"duty\"\noutbound = true\nallowed = [\"+358*\", "
                "\"0401234567\"]\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("outbound[0].allowed[1]: '0401234567' is not a dial pattern"),
            std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, AnEmergencyNumberThatIsNotAPhoneNumberNamesItsKey) {
  auto c = load(std::string(kMinimal) + "[dialing]\nemergency = [\"hätä\"]\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("dialing.emergency[0]: "), std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, OnlyOneTrunkMayTakeOutgoingCalls) {
  auto c = load(
      "[[trunks]]\nname = \"a\"\nallowed_sources = [\"127.0.0.1\"]\n"
      "outbound_address = \"127.0.0.1:5070\"\n"
      "[[trunks]]\nname = \"b\"\nallowed_sources = [\"127.0.0.2\"]\n"
      "outbound_address = \"127.0.0.2:5070\"\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_NE(c.status().message().find("trunks[1].outbound_address: only one trunk"),
            std::string::npos)
      << c.status().message();
}

TEST_F(TelephonyConfigTest, AnOutboundAddressWithoutAPortNamesItsKey) {
  auto c = load(
      "[[trunks]]\nname = \"a\"\nallowed_sources = [\"127.0.0.1\"]\n"
      "outbound_address = \"127.0.0.1\"\n");
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().message(), "trunks[0].outbound_address must be host:port");
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
