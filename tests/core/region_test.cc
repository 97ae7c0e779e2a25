#include "core/region.h"

#include <gtest/gtest.h>

#include "core/contact_log.h"
#include "test_region.h"

namespace luukku::core {
namespace {

TEST(ServiceLineRules, AcceptsAValidLine) {
  EXPECT_TRUE(validateServiceLine(testLine("neuvola")));
}

TEST(ServiceLineRules, RequiresAllThreeLanguages) {
  ServiceLine line = testLine("neuvola");
  line.name.sv = " ";
  Status s = validateServiceLine(line);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "name.sv must not be empty");
}

TEST(ServiceLineRules, RejectsIdsThatAreNotSlugs) {
  for (const char* bad : {"", "Neuvola", "-x", "a b", "ä", "../etc"}) {
    ServiceLine line = testLine("neuvola");
    line.id = bad;
    EXPECT_FALSE(validateServiceLine(line)) << bad;
  }
}

TEST(ServiceLineRules, RejectsOverlappingOrInvertedPeriods) {
  ServiceLine line = testLine("neuvola");
  line.weekly_hours.days[0] = {{8 * 60, 12 * 60}, {11 * 60, 16 * 60}};
  EXPECT_EQ(validateServiceLine(line).message(),
            "weekly_hours.monday[1] overlaps or precedes the period before it");
  line.weekly_hours.days[0] = {{16 * 60, 8 * 60}};
  EXPECT_FALSE(validateServiceLine(line));
}

TEST(ServiceLineRules, AcceptsSplitHoursWithALunchBreak) {
  ServiceLine line = testLine("neuvola");
  line.weekly_hours.days[2] = {{8 * 60, 11 * 60 + 30}, {12 * 60 + 15, 15 * 60}};
  EXPECT_TRUE(validateServiceLine(line));
}

TEST(ServiceLineRules, PhoneChannelNeedsANumber) {
  ServiceLine line = testLine("neuvola");
  line.phone_numbers.clear();
  EXPECT_FALSE(validateServiceLine(line));
}

TEST(ServiceLineRules, RejectsMalformedPhoneNumbers) {
  for (const char* bad : {"12", "+358 40 123", "abc", "+1234567890123456"}) {
    ServiceLine line = testLine("neuvola");
    line.phone_numbers = {bad};
    EXPECT_FALSE(validateServiceLine(line)) << bad;
  }
}

TEST(ServiceLineRules, RejectsAnUnsupportedTimeZone) {
  ServiceLine line = testLine("neuvola");
  line.time_zone = "Europe/Stockholm";
  EXPECT_FALSE(validateServiceLine(line));
}

TEST(ServiceLineRules, RejectsTwoExceptionsForOneDate) {
  ServiceLine line = testLine("neuvola");
  DateException e{std::chrono::year(2026) / 12 / 24, {}, {}};
  line.exceptions = {e, e};
  EXPECT_FALSE(validateServiceLine(line));
}

TEST(ServiceLineRules, TheServiceLevelTargetIsBetweenASecondAndAnHour) {
  ServiceLine line = testLine("neuvola");
  line.routing.service_level_target = std::chrono::seconds(0);
  EXPECT_NE(validateServiceLine(line).message().find("service_level_target"), std::string::npos);
  line.routing.service_level_target = std::chrono::seconds(3601);
  EXPECT_FALSE(validateServiceLine(line));
  line.routing.service_level_target = std::chrono::seconds(3600);
  EXPECT_TRUE(validateServiceLine(line));
}

TEST(AgentRules, RequiresNameAndALanguage) {
  Agent a = testAgent("anna");
  EXPECT_TRUE(validateAgent(a));
  a.languages.clear();
  EXPECT_FALSE(validateAgent(a));
  a = testAgent("anna");
  a.name = "";
  EXPECT_FALSE(validateAgent(a));
}

TEST(AgentRules, RejectsDuplicateSkills) {
  Agent a = testAgent("anna");
  a.skills = {"triage", "triage"};
  EXPECT_EQ(validateAgent(a).message(), "skills lists 'triage' twice");
}

TEST(RegionRules, HolidaysMustBeInDateOrder) {
  RegionSettings s = testSettings();
  std::swap(s.holidays[0], s.holidays[1]);
  EXPECT_FALSE(validateRegionSettings(s));
}

TEST(RegionRules, AContactReasonIsListedOnceWithASlugIdAndThreeNames) {
  EXPECT_TRUE(validateRegionSettings(testSettings()));
  RegionSettings twice = testSettings();
  twice.contact_reasons[1].id = twice.contact_reasons[0].id;
  EXPECT_FALSE(validateRegionSettings(twice));
  RegionSettings not_a_slug = testSettings();
  not_a_slug.contact_reasons[0].id = "Lääkitys";
  EXPECT_FALSE(validateRegionSettings(not_a_slug));
  RegionSettings no_swedish = testSettings();
  no_swedish.contact_reasons[0].name.sv.clear();
  EXPECT_FALSE(validateRegionSettings(no_swedish));
}

TEST(ContactLogRules, TheReasonIsTheRegionsAndTheNoteIsBoundedUtf8) {
  const RegionSettings region = testSettings();
  EXPECT_TRUE(validateContactLog({"advice", "Kysyi ajanvarauksesta.", true}, region));
  EXPECT_FALSE(validateContactLog({"", "", false}, region));
  EXPECT_FALSE(validateContactLog({"no-such", "", false}, region));
  EXPECT_FALSE(validateContactLog({"advice", "\xc3", false}, region));
  EXPECT_TRUE(
      validateContactLog({"advice", std::string(kMaxContactNoteBytes, 'a'), false}, region));
  EXPECT_FALSE(
      validateContactLog({"advice", std::string(kMaxContactNoteBytes + 1, 'a'), false}, region));
}

}  // namespace
}  // namespace luukku::core
