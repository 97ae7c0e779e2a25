#include "app/region_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/region_state.h"
#include "core/routing/holidays.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace luukku::app {
namespace {

TEST(DemoRegion, LoadsAndEveryEntryIsValid) {
  auto config = loadRegionFile(testing::sourceDir() + "/config/demo-region.toml");
  ASSERT_TRUE(config) << config.status().toString();
  ASSERT_TRUE(config->settings);
  EXPECT_TRUE(core::validateRegionSettings(*config->settings));
  EXPECT_EQ(config->lines.size(), 7u);
  core::RegionState state;
  for (const auto& line : config->lines) {
    auto decided = state.defineServiceLine(line, core::WriteMode::kCreate, std::nullopt);
    ASSERT_TRUE(decided) << line.id << ": " << decided.status().toString();
    state.apply(**decided, 1);
  }
  EXPECT_GE(config->agents.size(), 10u);
  for (const auto& agent : config->agents) EXPECT_TRUE(core::validateAgent(agent)) << agent.id;
  EXPECT_EQ(state.lineForNumber("116117")->id, "paivystysapu");
}

TEST(DemoRegion, HolidaysOfTheComingYearAreFinlandsPublicHolidays) {
  auto config = loadRegionFile(testing::sourceDir() + "/config/demo-region.toml");
  ASSERT_TRUE(config && config->settings);
  auto check = core::routing::checkHolidays(*config->settings, 2027);
  for (const auto& h : check.missing) ADD_FAILURE() << "missing " << formatDate(h.date);
  for (const auto& h : check.extra) ADD_FAILURE() << "not a holiday: " << formatDate(h.date);
}

TEST(RegionFile, ErrorsNameTheFileAndThePath) {
  testing::TempDir dir;
  std::string path = dir.file("bad.toml");
  std::ofstream(path) << "[[agents]]\nid = \"a\"\nname = \"A\"\nlanguages = \"fi\"\n";
  auto config = loadRegionFile(path);
  ASSERT_FALSE(config);
  EXPECT_NE(config.status().message().find("agents[0].languages: expected an array"),
            std::string::npos)
      << config.status().message();
}

// A service line in a region file, with `numbers` as its phone_numbers.
std::string lineWithNumbers(const std::string& numbers) {
  return "[[service_lines]]\nid = \"l\"\nname = { fi = \"L\", sv = \"L\", en = \"L\" }\n"
         "phone_numbers = " +
         numbers +
         "\nchannels = [\"phone\"]\n"
         "[service_lines.weekly_hours]\nmonday = [\"08:00-16:00\"]\n";
}

TEST(RegionFile, PhoneNumbersWrittenAsPeopleWriteThemAreImportedInE164) {
  testing::TempDir dir;
  std::string path = dir.file("region.toml");
  std::ofstream(path) << lineWithNumbers(R"(["06 4151 000", "+358 (0)20 123 4567", "116 117"])");
  auto config = loadRegionFile(path);
  ASSERT_TRUE(config) << config.status().toString();
  ASSERT_EQ(config->lines.size(), 1u);
  EXPECT_EQ(config->lines[0].phone_numbers,
            (std::vector<std::string>{"+35864151000", "+358201234567", "116117"}));
  EXPECT_TRUE(core::validateServiceLine(config->lines[0]));
}

TEST(RegionFile, TwoSpellingsOfOneNumberAreOneNumberListedTwice) {
  testing::TempDir dir;
  std::string path = dir.file("region.toml");
  std::ofstream(path) << lineWithNumbers(R"(["064151000", "+35864151000"])");
  auto config = loadRegionFile(path);
  ASSERT_TRUE(config) << config.status().toString();
  Status st = core::validateServiceLine(config->lines[0]);
  EXPECT_NE(st.message().find("listed twice"), std::string::npos) << st.toString();
}

TEST(RegionFile, APhoneNumberThatIsNotOneIsRefusedNamingTheField) {
  testing::TempDir dir;
  std::string path = dir.file("region.toml");
  std::ofstream(path) << lineWithNumbers(R"(["Helsinki 123"])");
  auto config = loadRegionFile(path);
  ASSERT_TRUE(config) << config.status().toString();
  Status st = core::validateServiceLine(config->lines[0]);
  EXPECT_TRUE(st.message().starts_with("phone_numbers: ")) << st.toString();
}

TEST(RegionFile, RefusesOtherExtensions) {
  EXPECT_FALSE(loadRegionFile("region.yaml"));
}

}  // namespace
}  // namespace luukku::app
