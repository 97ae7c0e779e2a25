// The chat's state machine: each transition of the table, with an injected time.
#include "chat/chat_flow.h"

#include <gtest/gtest.h>

namespace luukku::chat {
namespace {
using namespace std::chrono_literals;

const Timestamp kT0 = fromMicros(1'795'000'000'000'000);
const FlowSettings kSettings{120s};

template <typename A>
const A* find(const Step& s) {
  for (const auto& a : s.actions) {
    if (const A* x = std::get_if<A>(&a)) return x;
  }
  return nullptr;
}

// A waiting chat whose visitor has one socket.
FlowState waitingWithVisitor() {
  Step s = start(kT0, kSettings);
  return step(s.state, VisitorConnected{}, kT0, kSettings).state;
}

TEST(ChatFlow, ANewChatWaitsAndWakesWhenAVisitorWhoNeverCameIsGone) {
  Step s = start(kT0, kSettings);
  EXPECT_EQ(s.state.state, ChatState::kWaiting);
  ASSERT_NE(find<Wake>(s), nullptr);
  EXPECT_EQ(find<Wake>(s)->at, kT0 + 120s);
}

TEST(ChatFlow, AcceptingMakesTheChatActiveAndTellsWhoJoined) {
  Step s = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings);
  EXPECT_EQ(s.state.state, ChatState::kActive);
  EXPECT_EQ(s.state.agent_id, "anna");
  ASSERT_NE(find<TellJoined>(s), nullptr);
  EXPECT_EQ(find<TellJoined>(s)->agent_id, "anna");
}

TEST(ChatFlow, AVisitorGoneWhileWaitingAbandonsOnlyAfterTheLimit) {
  Step gone = step(waitingWithVisitor(), VisitorDisconnected{}, kT0, kSettings);
  ASSERT_NE(find<Wake>(gone), nullptr);
  EXPECT_EQ(find<Wake>(gone)->at, kT0 + 120s);
  Step early = step(gone.state, Tick{}, kT0 + 119s, kSettings);
  EXPECT_EQ(find<RecordEnd>(early), nullptr);
  Step due = step(gone.state, Tick{}, kT0 + 120s, kSettings);
  ASSERT_NE(find<RecordEnd>(due), nullptr);
  EXPECT_EQ(find<RecordEnd>(due)->by, "system");
  EXPECT_EQ(find<RecordEnd>(due)->reason, "visitor_gone");
}

TEST(ChatFlow, AVisitorBackInTimeStopsTheGoneClock) {
  Step gone = step(waitingWithVisitor(), VisitorDisconnected{}, kT0, kSettings);
  Step back = step(gone.state, VisitorConnected{}, kT0 + 60s, kSettings);
  Step later = step(back.state, Tick{}, kT0 + 300s, kSettings);
  EXPECT_EQ(find<RecordEnd>(later), nullptr);
  EXPECT_EQ(later.state.state, ChatState::kWaiting);
}

TEST(ChatFlow, WhileActiveTheProfessionalIsToldWhenTheVisitorGoesAndComesBack) {
  FlowState active = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings).state;
  Step gone = step(active, VisitorDisconnected{}, kT0, kSettings);
  ASSERT_NE(find<TellVisitorPresence>(gone), nullptr);
  EXPECT_FALSE(find<TellVisitorPresence>(gone)->connected);
  // No abandoning while active: the professional decides.
  EXPECT_EQ(find<RecordEnd>(step(gone.state, Tick{}, kT0 + 1h, kSettings)), nullptr);
  Step back = step(gone.state, VisitorConnected{}, kT0 + 10s, kSettings);
  ASSERT_NE(find<TellVisitorPresence>(back), nullptr);
  EXPECT_TRUE(find<TellVisitorPresence>(back)->connected);
}

TEST(ChatFlow, ASecondSocketOfTheSameVisitorIsNoNews) {
  FlowState active = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings).state;
  Step second = step(active, VisitorConnected{}, kT0, kSettings);
  EXPECT_EQ(find<TellVisitorPresence>(second), nullptr);
  Step one_left = step(second.state, VisitorDisconnected{}, kT0, kSettings);
  EXPECT_EQ(find<TellVisitorPresence>(one_left), nullptr);
}

TEST(ChatFlow, EndingIsRecordedOnceAndTakesEffectWhenDurable) {
  Step asked = step(waitingWithVisitor(), EndAsked{"visitor", "left"}, kT0, kSettings);
  ASSERT_NE(find<RecordEnd>(asked), nullptr);
  EXPECT_EQ(asked.state.state, ChatState::kWaiting);
  Step again = step(asked.state, EndAsked{"visitor", "left"}, kT0, kSettings);
  EXPECT_EQ(find<RecordEnd>(again), nullptr);
  Step ended = step(again.state, Ended{"visitor", "left"}, kT0, kSettings);
  EXPECT_EQ(ended.state.state, ChatState::kEnded);
  ASSERT_NE(find<TellEnded>(ended), nullptr);
  EXPECT_EQ(find<TellEnded>(ended)->by, "visitor");
}

TEST(ChatFlow, AnEndedChatIgnoresEverythingButItsSockets) {
  FlowState ended = step(waitingWithVisitor(), Ended{"system", "x"}, kT0, kSettings).state;
  for (const Input& in : {Input(Accepted{"anna"}), Input(EndAsked{"visitor", "left"}),
                          Input(Ended{"professional", "ended"}), Input(Tick{})}) {
    Step s = step(ended, in, kT0 + 1h, kSettings);
    EXPECT_TRUE(s.actions.empty());
    EXPECT_EQ(s.state, ended);
  }
  EXPECT_EQ(step(ended, VisitorDisconnected{}, kT0, kSettings).state.visitor_sockets, 0);
}

TEST(ChatFlow, ATransferToALineMakesTheChatWaitAgainWithoutItsHolder) {
  FlowState active = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings).state;
  Step s = step(active, Transferred{"neuvola"}, kT0 + 5s, kSettings);
  EXPECT_EQ(s.state.state, ChatState::kWaiting);
  EXPECT_TRUE(s.state.agent_id.empty());
  ASSERT_NE(find<TellTransferred>(s), nullptr);
  EXPECT_EQ(find<TellTransferred>(s)->from_agent_id, "anna");
  EXPECT_EQ(find<TellTransferred>(s)->to, "line");
  EXPECT_EQ(find<TellTransferred>(s)->line_id, "neuvola");
  EXPECT_EQ(find<Wake>(s), nullptr);  // the visitor is there: no clock
}

TEST(ChatFlow, AVisitorWithoutASocketIsOnTheGoneClockAgainAfterATransfer) {
  FlowState active = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings).state;
  active = step(active, VisitorDisconnected{}, kT0 + 1s, kSettings).state;
  Step s = step(active, Transferred{"neuvola"}, kT0 + 10s, kSettings);
  ASSERT_NE(find<Wake>(s), nullptr);
  EXPECT_EQ(find<Wake>(s)->at, kT0 + 130s);
  Step gone = step(s.state, Tick{}, kT0 + 130s, kSettings);
  ASSERT_NE(find<RecordEnd>(gone), nullptr);
  EXPECT_EQ(find<RecordEnd>(gone)->reason, "visitor_gone");
}

TEST(ChatFlow, AHandOverKeepsTheChatActiveWithTheColleagueAsHolder) {
  FlowState active = step(waitingWithVisitor(), Accepted{"anna"}, kT0, kSettings).state;
  Step s = step(active, HandedOver{"bert"}, kT0 + 5s, kSettings);
  EXPECT_EQ(s.state.state, ChatState::kActive);
  EXPECT_EQ(s.state.agent_id, "bert");
  ASSERT_EQ(s.actions.size(), 2u);
  ASSERT_NE(find<TellTransferred>(s), nullptr);
  EXPECT_EQ(find<TellTransferred>(s)->from_agent_id, "anna");
  EXPECT_EQ(find<TellTransferred>(s)->to, "agent");
  ASSERT_NE(find<TellJoined>(s), nullptr);
  EXPECT_EQ(find<TellJoined>(s)->agent_id, "bert");
}

TEST(ChatFlow, OnlyAHeldChatIsHandedOn) {
  FlowState waiting = waitingWithVisitor();
  EXPECT_TRUE(step(waiting, Transferred{"neuvola"}, kT0, kSettings).actions.empty());
  EXPECT_TRUE(step(waiting, HandedOver{"bert"}, kT0, kSettings).actions.empty());
  FlowState active = step(waiting, Accepted{"anna"}, kT0, kSettings).state;
  FlowState ended = step(active, Ended{"visitor", "left"}, kT0, kSettings).state;
  Step s = step(ended, Transferred{"neuvola"}, kT0, kSettings);
  EXPECT_EQ(s.state.state, ChatState::kEnded);
  EXPECT_TRUE(s.actions.empty());
  EXPECT_TRUE(step(ended, HandedOver{"bert"}, kT0, kSettings).actions.empty());
}

}  // namespace
}  // namespace luukku::chat
