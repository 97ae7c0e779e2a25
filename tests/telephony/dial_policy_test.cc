// The toll-fraud guard: which line may dial which number, for which purpose.
#include "telephony/dial_policy.h"

#include <gtest/gtest.h>

namespace luukku::telephony {
namespace {

// "duty" calls out and transfers; "quiet" has rules that allow neither; "nowhere" has none.
DialPolicy makePolicy() {
  DialPolicyConfig config;
  config.lines.push_back({.line_id = "duty",
                          .outbound = true,
                          .external_transfer = true,
                          .allowed = {"+35840*", "+35864XXXXXX", "116117"}});
  config.lines.push_back({.line_id = "quiet", .allowed = {"+358*"}});
  EXPECT_TRUE(validateDialPolicyConfig(config).isOk());
  return DialPolicy(std::move(config));
}

TEST(DialPolicyTest, AnEmergencyNumberIsAllowedOnALineWithoutOutgoingCalls) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("quiet", "112", DialPurpose::kClickToCall).isOk());
  EXPECT_TRUE(policy.check("nowhere", "112", DialPurpose::kCallback).isOk());
  EXPECT_TRUE(policy.check("nowhere", "112", DialPurpose::kExternalTransfer).isOk());
  EXPECT_TRUE(policy.isEmergency("112"));
  EXPECT_FALSE(policy.isEmergency("+358401234567"));
}

TEST(DialPolicyTest, ALineWithoutOutgoingCallsIsRefused) {
  DialPolicy policy = makePolicy();
  Status s = policy.check("quiet", "+358401234567", DialPurpose::kCallback);
  EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "line 'quiet' does not allow outgoing calls");
}

TEST(DialPolicyTest, ALineWithNoRulesIsRefused) {
  DialPolicy policy = makePolicy();
  Status s = policy.check("nowhere", "+358401234567", DialPurpose::kConsult);
  EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "line 'nowhere' does not allow outgoing calls");
}

TEST(DialPolicyTest, AStarMatchesAnyRest) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("duty", "+358401234567", DialPurpose::kCallback).isOk());
  EXPECT_TRUE(policy.check("duty", "+3584012345", DialPurpose::kCallback).isOk());
  EXPECT_FALSE(policy.check("duty", "+358411234567", DialPurpose::kCallback).isOk());
}

TEST(DialPolicyTest, AnXMatchesExactlyOneDigit) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("duty", "+35864151000", DialPurpose::kClickToCall).isOk());
  EXPECT_FALSE(policy.check("duty", "+3586415100", DialPurpose::kClickToCall).isOk());
  EXPECT_FALSE(policy.check("duty", "+358641510000", DialPurpose::kClickToCall).isOk());
}

TEST(DialPolicyTest, AShortNumberMatchesOnlyAPatternWithoutPlus) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("duty", "116117", DialPurpose::kExternalTransfer).isOk());
  EXPECT_FALSE(policy.check("duty", "116118", DialPurpose::kExternalTransfer).isOk());
}

TEST(DialPolicyTest, ANumberMatchingNoPatternIsRefusedNamingLineAndNumber) {
  DialPolicy policy = makePolicy();
  Status s = policy.check("duty", "0600 12345", DialPurpose::kCallback);
  EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "+35860012345 is not among the numbers line 'duty' may dial");
}

TEST(DialPolicyTest, NumbersAreMatchedInTheirNormalForm) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("duty", "040 1234567", DialPurpose::kCallback).isOk());
  EXPECT_TRUE(policy.check("duty", "00358 40 123 4567", DialPurpose::kCallback).isOk());
  EXPECT_TRUE(policy.check("duty", "(06) 4151 000", DialPurpose::kCallback).isOk());
  EXPECT_TRUE(policy.isEmergency(" 1 1 2 "));
}

TEST(DialPolicyTest, SomethingThatIsNotAPhoneNumberIsAnInvalidArgument) {
  DialPolicy policy = makePolicy();
  Status letters = policy.check("duty", "anonymous", DialPurpose::kCallback);
  EXPECT_EQ(letters.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(letters.message().find("is not a phone number"), std::string::npos)
      << letters.message();
  EXPECT_EQ(policy.check("duty", "", DialPurpose::kCallback).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(policy.check("duty", "1234567", DialPurpose::kCallback).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(policy.isEmergency("anonymous"));
}

TEST(DialPolicyTest, AnInvalidNumberIsRefusedBeforeTheLineIsLookedAt) {
  DialPolicy policy = makePolicy();
  EXPECT_EQ(policy.check("nowhere", "12", DialPurpose::kCallback).code(),
            ErrorCode::kInvalidArgument);
}

TEST(DialPolicyTest, AnExternalTransferIsRefusedWhereNotAllowed) {
  DialPolicyConfig config;
  config.lines.push_back({.line_id = "callbacks", .outbound = true, .allowed = {"+358*"}});
  DialPolicy callbacks_only(std::move(config));
  EXPECT_TRUE(callbacks_only.check("callbacks", "+358401234567", DialPurpose::kCallback).isOk());
  Status s = callbacks_only.check("callbacks", "+358401234567", DialPurpose::kExternalTransfer);
  EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "line 'callbacks' does not allow external transfers");
}

TEST(DialPolicyTest, AnExternalTransferStillMustMatchAPattern) {
  DialPolicy policy = makePolicy();
  EXPECT_TRUE(policy.check("duty", "+358401234567", DialPurpose::kExternalTransfer).isOk());
  EXPECT_EQ(policy.check("duty", "+46701234567", DialPurpose::kExternalTransfer).code(),
            ErrorCode::kPermissionDenied);
}

TEST(DialPolicyTest, ALineIdInAMessageIsQuotedSafely) {
  DialPolicy policy = makePolicy();
  Status s = policy.check("evil\nline", "+358401234567", DialPurpose::kCallback);
  EXPECT_EQ(s.message(), "line 'evil?line' does not allow outgoing calls");
}

TEST(DialPolicyTest, PurposesHaveStableNames) {
  EXPECT_EQ(dialPurposeName(DialPurpose::kCallback), "callback");
  EXPECT_EQ(dialPurposeName(DialPurpose::kClickToCall), "click_to_call");
  EXPECT_EQ(dialPurposeName(DialPurpose::kConsult), "consult");
  EXPECT_EQ(dialPurposeName(DialPurpose::kExternalTransfer), "external_transfer");
}

TEST(DialPatternTest, WellFormedPatternsAreAccepted) {
  for (const char* p : {"+358*", "+3589*", "+35840XXXXXXX", "+358401234567", "+4*", "116117", "112",
                        "11*", "+3*"}) {
    EXPECT_TRUE(checkDialPattern(p).isOk()) << p << ": " << checkDialPattern(p).message();
  }
}

TEST(DialPatternTest, MalformedPatternsAreRefusedSayingWhy) {
  struct Case {
    const char* pattern;
    const char* why;
  };
  for (const Case& c : {
           Case{"", "names no digits"},
           Case{"*", "names no digits"},
           Case{"+*", "names no digits"},
           Case{"+358 40*", "only a leading '+', digits, 'X'"},
           Case{"+35840xxxxxxx", "only a leading '+', digits, 'X'"},
           Case{"+358*40", "'*' may only come last"},
           Case{"+358**", "'*' may only come last"},
           Case{"358+40*", "'+' may only come first"},
           Case{"++358*", "'+' may only come first"},
           Case{"+X*", "must start with a digit 1-9"},
           Case{"0401234567", "must start with a digit 1-9"},
           Case{"+0*", "must start with a digit 1-9"},
           Case{"+3580401234567", "no number has the trunk 0 after +358"},
           Case{"+1234567890123456*", "more than 15 digits"},
           Case{"+358401", "at least 7 digits"},
           Case{"3584012*", "with its country code"},
           Case{"11", "at least 3 digits"},
       }) {
    Status s = checkDialPattern(c.pattern);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << c.pattern;
    EXPECT_NE(s.message().find(c.why), std::string::npos) << c.pattern << ": " << s.message();
  }
}

TEST(DialPolicyConfigTest, AMalformedPatternIsRefusedNamingItsKey) {
  DialPolicyConfig config;
  config.lines.push_back({.line_id = "a", .outbound = true, .allowed = {"+358*"}});
  config.lines.push_back({.line_id = "b", .outbound = true, .allowed = {"+358*", "+358 40*"}});
  Status s = validateDialPolicyConfig(config);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("outbound[1].allowed[1]: '+358 40*' is not a dial pattern", 0), 0u)
      << s.message();
}

TEST(DialPolicyConfigTest, ALineListedTwiceIsRefused) {
  DialPolicyConfig config;
  config.lines.push_back({.line_id = "a", .allowed = {}});
  config.lines.push_back({.line_id = "a", .allowed = {}});
  EXPECT_EQ(validateDialPolicyConfig(config).message(),
            "outbound[1].line: line 'a' is listed twice");
}

TEST(DialPolicyConfigTest, AnEmergencyNumberMustBeAPhoneNumber) {
  DialPolicyConfig config;
  config.emergency_numbers = {"112", "hätä"};
  EXPECT_EQ(validateDialPolicyConfig(config).message().rfind("dialing.emergency[1]: ", 0), 0u)
      << validateDialPolicyConfig(config).message();
  config.emergency_numbers = {};
  EXPECT_EQ(validateDialPolicyConfig(config).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace luukku::telephony
