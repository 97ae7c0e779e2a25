// Colleagues invited into a chat: while they are in it, it counts in their chat capacity.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

Events chat(Harness& h, const std::string& line, const std::string& id) {
  Arrival a;
  a.contact_id = id;
  a.line_id = line;
  a.channel = Channel::kChat;
  return h.run(h.state().arrive(h.config(), a, h.now(), h.ids()));
}

// anna holds the chat "asked" (about which bertta is invited); bertta holds two chats of her
// own, "own-1" and "own-2", on paivystys.
Harness berttaHoldsTwoAndAnnaOne() {
  Harness h(annaOnOneLineBerttaOnTwo(), monday9());  // three chats each at once
  h.signIn("anna");
  chat(h, "neuvola", "asked");
  h.accept("anna", contactRef("asked"));
  h.signIn("bertta");
  chat(h, "paivystys", "own-1");
  h.accept("bertta", contactRef("own-1"));
  chat(h, "paivystys", "own-2");
  h.accept("bertta", contactRef("own-2"));
  return h;
}

TEST(ChatGuest, AColleagueInAChatIsOfferedNoChatBeyondTheirCapacity) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  EXPECT_TRUE(h.state().hasRoomFor("bertta", CapacityKind::kChats));
  Events joined = h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  ASSERT_EQ(eventsOf<ContactGuestJoined>(joined).size(), 1u);
  EXPECT_FALSE(h.state().hasRoomFor("bertta", CapacityKind::kChats));
  chat(h, "paivystys", "next");
  EXPECT_EQ(holderOf(h.state(), contactRef("next")), "");
  EXPECT_EQ(h.state().findContact("asked")->routing.agent_id, "anna");  // still anna's
}

TEST(ChatGuest, LeavingGivesTheRoomBackAndTheWaitingChatIsOffered) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  chat(h, "paivystys", "next");
  Events left = h.run(Result<Events>(h.state().leaveAsGuest("asked", "bertta", h.now())));
  EXPECT_EQ(eventsOf<ContactGuestLeft>(left).size(), 1u);
  EXPECT_EQ(holderOf(h.state(), contactRef("next")), "bertta");
}

TEST(ChatGuest, TheChatsEndFreesItsColleagues) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  chat(h, "paivystys", "next");
  h.run(h.state().completeContact(h.config(), "anna", "asked", h.now()));
  EXPECT_TRUE(h.state().guestsOf("asked").empty());
  EXPECT_EQ(holderOf(h.state(), contactRef("next")), "bertta");
}

TEST(ChatGuest, JoiningIsOnlyIntoAnotherProfessionalsAnsweredChatAndOnce) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  EXPECT_EQ(h.state().joinAsGuest("asked", "anna", h.now()).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.state().joinAsGuest("nothing", "bertta", h.now()).status().code(),
            ErrorCode::kNotFound);
  h.call("neuvola", "+358401111111", "a-call");  // offered to nobody: both are in chats
  EXPECT_EQ(h.state().joinAsGuest("a-call", "bertta", h.now()).status().code(),
            ErrorCode::kFailedPrecondition);
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  EXPECT_EQ(h.state().joinAsGuest("asked", "bertta", h.now()).status().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(h.state().leaveAsGuest("asked", "carita", h.now()).empty());
}

TEST(ChatGuest, AColleagueWithoutRoomIsNotHandedAChat) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  chat(h, "neuvola", "second");
  h.accept("anna", contactRef("second"));
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  auto refused = h.state().handOver(h.config(), "anna", "second", "bertta", h.now());
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
}

// anna holds the chat "asked"; bertta is signed in with nothing in hand.
Harness berttaFree() {
  Harness h(annaOnOneLineBerttaOnTwo(), monday9());
  h.signIn("anna");
  chat(h, "neuvola", "asked");
  h.accept("anna", contactRef("asked"));
  h.signIn("bertta");
  return h;
}

PresenceStatus statusOf(Harness& h, const std::string& agent) {
  return h.state().findAgent(agent)->state.status;
}

TEST(ChatGuest, AColleagueInAChatIsBusyUntilTheyLeaveIt) {
  Harness h = berttaFree();
  ASSERT_EQ(statusOf(h, "bertta"), PresenceStatus::kAvailable);
  Events joined = h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  ASSERT_EQ(eventsOf<PresenceChanged>(joined).size(), 1u);
  EXPECT_EQ(statusOf(h, "bertta"), PresenceStatus::kBusy);
  h.advance(1min);
  h.run(Result<Events>(h.state().leaveAsGuest("asked", "bertta", h.now())));
  EXPECT_EQ(statusOf(h, "bertta"), PresenceStatus::kAvailable);
  EXPECT_EQ(h.state().findAgent("bertta")->state.since, monday9() + 1min);
}

TEST(ChatGuest, TheHolderCompletingTheChatFreesTheColleagueInIt) {
  Harness h = berttaFree();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  h.run(h.state().completeContact(h.config(), "anna", "asked", h.now()));
  EXPECT_EQ(statusOf(h, "bertta"), PresenceStatus::kAvailable);
  EXPECT_NE(statusOf(h, "anna"), PresenceStatus::kBusy);
}

TEST(ChatGuest, AColleagueInAChatLeavesItBeforeSigningOut) {
  Harness h = berttaFree();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  auto refused = h.state().setPresence(h.config(), "bertta", PresenceStatus::kOffline, "", h.now());
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
  h.run(Result<Events>(h.state().leaveAsGuest("asked", "bertta", h.now())));
  h.run(h.state().setPresence(h.config(), "bertta", PresenceStatus::kOffline, "", h.now()));
  EXPECT_EQ(statusOf(h, "bertta"), PresenceStatus::kOffline);
}

TEST(ChatGuest, ARestartSignsAColleagueInAChatOut) {
  Harness h = berttaFree();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  h.run(h.state().recoverAfterRestart(h.config(), h.now(), h.ids()));
  EXPECT_EQ(statusOf(h, "bertta"), PresenceStatus::kOffline);
}

TEST(ChatGuest, ReplayAndACopyCountTheColleaguesAlike) {
  Harness h = berttaHoldsTwoAndAnnaOne();
  h.run(h.state().joinAsGuest("asked", "bertta", h.now()));
  ContactCenter rebuilt = h.replay();
  ContactCenter copy = h.state();
  for (const ContactCenter* state : {&rebuilt, &copy}) {
    EXPECT_EQ(state->guestsOf("asked"), std::vector<std::string>{"bertta"});
    EXPECT_FALSE(state->hasRoomFor("bertta", CapacityKind::kChats));
    EXPECT_TRUE(state->hasRoomFor("anna", CapacityKind::kChats));
  }
}

}  // namespace
}  // namespace luukku::core::routing
