// Whom an identified person may act for (identity/on_behalf.h), over registers that answer
// from memory: the age limit counted to the day, mandates for the matter, each person once,
// and a register that cannot be asked.
#include "identity/on_behalf.h"

#include <gtest/gtest.h>

#include <map>

namespace luukku::identity {
namespace {
using namespace std::chrono;

constexpr const char* kParent = "131052-308T";
// Born 24 and 23 November 2014: on 23 November 2026 one is 11, the other turns 12.
constexpr const char* kEleven = "241114A947H";
constexpr const char* kTwelve = "231114A9587";
constexpr const char* kElder = "150340-912U";

class Population final : public PopulationRegister {
 public:
  Result<std::vector<RegisteredPerson>> childrenInCustodyOf(
      std::string_view guardian) const override {
    if (down) return unavailable("the register does not answer");
    auto it = children.find(std::string(guardian));
    return it == children.end() ? std::vector<RegisteredPerson>{} : it->second;
  }
  std::map<std::string, std::vector<RegisteredPerson>> children;
  bool down = false;
};

class Mandates final : public MandateRegister {
 public:
  Result<std::vector<RegisteredPerson>> mandatorsOf(std::string_view agent, std::string_view issue,
                                                    Date) const override {
    if (issue != "sote") return std::vector<RegisteredPerson>{};
    auto it = mandators.find(std::string(agent));
    return it == mandators.end() ? std::vector<RegisteredPerson>{} : it->second;
  }
  std::map<std::string, std::vector<RegisteredPerson>> mandators;
};

constexpr Date kToday = year(2026) / November / 23;

class OnBehalfTest : public ::testing::Test {
 protected:
  Result<std::vector<ActedFor>> principals(Date today = kToday) {
    OnBehalf on_behalf(population_, mandates_, OnBehalfConfig{12, "sote"});
    return on_behalf.whomMayActFor(kParent, today);
  }
  std::shared_ptr<Population> population_ = std::make_shared<Population>();
  std::shared_ptr<Mandates> mandates_ = std::make_shared<Mandates>();
};

TEST_F(OnBehalfTest, AChildIsActedForUntilTheDayTheyTurnTwelve) {
  population_->children[kParent] = {{kEleven, "Yksitoista"}, {kTwelve, "Kaksitoista"}};
  auto found = principals();
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().person.name, "Yksitoista");
  EXPECT_EQ(found->front().basis, OnBehalfBasis::kGuardian);
  auto day_before = principals(year(2026) / November / 22);
  ASSERT_TRUE(day_before);
  EXPECT_EQ(day_before->size(), 2u);
}

TEST_F(OnBehalfTest, MandatorsFollowTheChildrenEachInNameOrder) {
  population_->children[kParent] = {{kEleven, "Öhman Lapsi"}};
  mandates_->mandators[kParent] = {{kElder, "Vanhanen Helmi"}, {"010150-931C", "Aalto Otto"}};
  auto found = principals();
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].basis, OnBehalfBasis::kGuardian);
  EXPECT_EQ((*found)[1].person.name, "Aalto Otto");
  EXPECT_EQ((*found)[1].basis, OnBehalfBasis::kMandate);
  EXPECT_EQ((*found)[2].person.name, "Vanhanen Helmi");
}

TEST_F(OnBehalfTest, APersonLinkedBothWaysIsListedOnceAsAChild) {
  population_->children[kParent] = {{kEleven, "Lapsi"}};
  mandates_->mandators[kParent] = {{kEleven, "Lapsi"}};
  auto found = principals();
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().basis, OnBehalfBasis::kGuardian);
}

TEST_F(OnBehalfTest, NobodyActsForThemselvesOrForAnInvalidCode) {
  mandates_->mandators[kParent] = {{kParent, "Itse"}, {"131052-308U", "Väärä"}};
  auto found = principals();
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->empty());
}

TEST_F(OnBehalfTest, ARegisterThatCannotBeAskedFailsTheQuestion) {
  population_->down = true;
  mandates_->mandators[kParent] = {{kElder, "Helmi"}};
  auto found = principals();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.status().code(), ErrorCode::kUnavailable);
}

TEST_F(OnBehalfTest, AMissingRegisterOffersNothingOnItsBasis) {
  mandates_->mandators[kParent] = {{kElder, "Helmi"}};
  OnBehalf only_mandates(nullptr, mandates_, OnBehalfConfig{12, "sote"});
  auto found = only_mandates.whomMayActFor(kParent, kToday);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().basis, OnBehalfBasis::kMandate);
}

}  // namespace
}  // namespace luukku::identity
