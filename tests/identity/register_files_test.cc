// The file-backed development registers (identity/register_files.h): what they answer, and
// files they refuse with a message that names the entry, never an identity code.
#include "identity/register_files.h"

#include <gtest/gtest.h>

namespace luukku::identity {
namespace {
using namespace std::chrono;

constexpr std::string_view kPopulation = R"({"children": [
  {"identity_code": "241114a947h", "name": "Lapsi Yksi", "guardians": ["131052-308T"]},
  {"identity_code": "231114A9587", "name": "Lapsi Kaksi", "guardians": ["131052-308T", "150340-912U"]}
]})";

constexpr std::string_view kMandates = R"({"mandates": [
  {"mandator": {"identity_code": "150340-912U", "name": "Helmi Vanhanen"}, "agent": "131052-308T",
   "issues": ["sote"], "valid_from": "2026-01-01", "valid_until": "2026-12-31"}
]})";

TEST(FilePopulationRegister, AnswersAGuardiansChildrenWithCanonicalCodes) {
  auto reg = FilePopulationRegister::parse(kPopulation, "population.json");
  ASSERT_TRUE(reg) << reg.status().message();
  auto children = (*reg)->childrenInCustodyOf("131052-308T");
  ASSERT_TRUE(children);
  ASSERT_EQ(children->size(), 2u);
  EXPECT_EQ((*children)[0].identity_code, "241114A947H");
  auto other = (*reg)->childrenInCustodyOf("150340-912U");
  ASSERT_TRUE(other);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(other->front().name, "Lapsi Kaksi");
}

TEST(FilePopulationRegister, KnowsNobodyOutsideTheFile) {
  auto reg = FilePopulationRegister::parse(kPopulation, "population.json");
  ASSERT_TRUE(reg);
  auto children = (*reg)->childrenInCustodyOf("010150-931C");
  ASSERT_TRUE(children);
  EXPECT_TRUE(children->empty());
}

TEST(FilePopulationRegister, AnInvalidCodeIsNamedByItsPlaceNotItsValue) {
  auto reg = FilePopulationRegister::parse(
      R"({"children": [{"identity_code": "131052-308U", "name": "X", "guardians": ["131052-308T"]}]})",
      "population.json");
  ASSERT_FALSE(reg);
  EXPECT_NE(reg.status().message().find("children[0]"), std::string::npos)
      << reg.status().message();
  EXPECT_EQ(reg.status().message().find("131052"), std::string::npos) << reg.status().message();
}

TEST(FilePopulationRegister, AnUnknownKeyIsRefused) {
  auto reg = FilePopulationRegister::parse(
      R"({"children": [{"identity_code": "241114A947H", "name": "X", "guardians": ["131052-308T"], "age": 11}]})",
      "population.json");
  ASSERT_FALSE(reg);
  EXPECT_NE(reg.status().message().find("\"age\""), std::string::npos) << reg.status().message();
}

TEST(FilePopulationRegister, AFileThatCannotBeReadIsAnError) {
  auto reg = FilePopulationRegister::open("/nonexistent/population.json");
  ASSERT_FALSE(reg);
  auto not_json = FilePopulationRegister::parse("{children", "population.json");
  ASSERT_FALSE(not_json);
}

TEST(FileMandateRegister, AnswersAMandateForItsMatterWhileItIsValid) {
  auto reg = FileMandateRegister::parse(kMandates, "mandates.json");
  ASSERT_TRUE(reg) << reg.status().message();
  auto on = (*reg)->mandatorsOf("131052-308T", "sote", year(2026) / December / 31);
  ASSERT_TRUE(on);
  ASSERT_EQ(on->size(), 1u);
  EXPECT_EQ(on->front().name, "Helmi Vanhanen");
  auto before = (*reg)->mandatorsOf("131052-308T", "sote", year(2025) / December / 31);
  auto after = (*reg)->mandatorsOf("131052-308T", "sote", year(2027) / January / 1);
  auto other_matter = (*reg)->mandatorsOf("131052-308T", "verotus", year(2026) / June / 1);
  ASSERT_TRUE(before && after && other_matter);
  EXPECT_TRUE(before->empty());
  EXPECT_TRUE(after->empty());
  EXPECT_TRUE(other_matter->empty());
}

TEST(FileMandateRegister, AMandateThatEndsBeforeItBeginsIsRefused) {
  auto reg = FileMandateRegister::parse(
      R"({"mandates": [{"mandator": {"identity_code": "150340-912U", "name": "H"}, "agent": "131052-308T",
          "issues": ["sote"], "valid_from": "2026-02-01", "valid_until": "2026-01-31"}]})",
      "mandates.json");
  ASSERT_FALSE(reg);
  EXPECT_NE(reg.status().message().find("mandates[0]"), std::string::npos);
}

TEST(FileMandateRegister, AMandateWithoutAMandatorIsRefused) {
  auto reg = FileMandateRegister::parse(
      R"({"mandates": [{"agent": "131052-308T", "issues": ["sote"]}]})", "mandates.json");
  ASSERT_FALSE(reg);
}

}  // namespace
}  // namespace luukku::identity
