// Colleagues' presence for consulting and transferring: everyone's, or a team's, or a line's.
#include "port_fixture.h"

namespace luukku::engine {
namespace {
using namespace core::routing;

class PresenceQueryTest : public luukku::testing::EnginePort {
 protected:
  void SetUp() override {
    EnginePort::SetUp();
    // a1 is in the nurses' team on the duty line; a2 in the doctors' team on it and on a
    // second line.
    ImportRegion region = luukku::testing::dutyRegion();
    core::ServiceLine second = region.lines[0];
    second.id = "second";
    second.phone_numbers = {"116118"};
    region.lines.push_back(second);
    region.agents[0].teams = {"nurses"};
    region.agents[1].teams = {"doctors"};
    region.agents[1].routing.memberships.push_back({"second", 1});
    ASSERT_TRUE(run(region));
    for (const char* agent : {"a1", "a2"}) {
      ASSERT_TRUE(run(SetPresence{agent, PresenceStatus::kAvailable, "", {}}));
    }
  }
  std::vector<std::string> agents(PresenceQuery q) {
    auto reply = run(std::move(q));
    EXPECT_TRUE(reply) << reply.status().toString();
    std::vector<std::string> out;
    if (reply) {
      for (const auto& p : *reply) out.push_back(p.agent_id);
    }
    return out;
  }
};

TEST_F(PresenceQueryTest, WithoutFiltersEveryoneIsListed) {
  EXPECT_EQ(agents({}), (std::vector<std::string>{"a1", "a2"}));
}

TEST_F(PresenceQueryTest, ATeamListsItsMembers) {
  EXPECT_EQ(agents({"doctors", ""}), std::vector<std::string>{"a2"});
  EXPECT_TRUE(agents({"cooks", ""}).empty());
}

TEST_F(PresenceQueryTest, ALineListsTheAgentsWhoServeIt) {
  EXPECT_EQ(agents({"", "duty"}), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(agents({"", "second"}), std::vector<std::string>{"a2"});
}

TEST_F(PresenceQueryTest, TeamAndLineTogetherMustBothHold) {
  EXPECT_EQ(agents({"nurses", "duty"}), std::vector<std::string>{"a1"});
  EXPECT_TRUE(agents({"nurses", "second"}).empty());
}

}  // namespace
}  // namespace luukku::engine
