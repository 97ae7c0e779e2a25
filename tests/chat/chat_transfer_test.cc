// Handing a chat on, on a real engine (SQLite in a temp dir) with a test clock: to a line's
// queue (the holder lets go, the chat waits there and the next professional sees its whole
// history), to a colleague (offered to them only; declined or unanswered it stays with its
// holder), and inviting a colleague who writes alongside and leaves; and every refusal, with
// nothing recorded and nothing stuck.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "chat/chat_recorder.h"
#include "chat/chat_service.h"
#include "engine/port_fixture.h"

namespace luukku::chat {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using core::routing::ItemKind;
using core::routing::PresenceStatus;
using Kind = ChatUpdate::Kind;
using test_support::await;
using test_support::Recorder;

core::ServiceLine alwaysOpen(std::string id, std::vector<core::Channel> channels) {
  core::ServiceLine line;
  line.id = std::move(id);
  line.name = {line.id + " fi", line.id + " sv", line.id + " en"};
  line.channels = std::move(channels);
  line.closed_on_public_holidays = false;
  for (auto& d : line.weekly_hours.days) d = {{0, 1440}};
  line.routing.max_estimated_wait.reset();
  return line;
}

core::Agent agent(std::string id, std::string name, std::string line, int chats = 3) {
  core::Agent a;
  a.id = std::move(id);
  a.name = std::move(name);
  a.languages = {"fi", "sv", "en"};
  a.routing.memberships = {{std::move(line), 1}};
  a.routing.capacity.chats = chats;
  return a;
}

class ChatTransferTest : public testing::EnginePort {
 protected:
  void SetUp() override {
    EnginePort::SetUp();
    engine::ImportRegion region;
    region.lines = {alwaysOpen("duty", {core::Channel::kChat}),
                    alwaysOpen("neuvola", {core::Channel::kChat}),
                    alwaysOpen("puhelin", {core::Channel::kPhone}),
                    alwaysOpen("tyhja", {core::Channel::kChat})};
    region.lines[2].phone_numbers = {"+358800123"};
    core::ServiceLine closed = alwaysOpen("yo", {core::Channel::kChat});
    for (auto& d : closed.weekly_hours.days) d = {};
    region.lines.push_back(closed);
    region.agents = {agent("a1", "Anna Aalto", "duty"), agent("a2", "Bert Berg", "duty"),
                     agent("a3", "Cecilia Cruz", "neuvola", 1), agent("a4", "Dan Dahl", "duty", 1)};
    auto imported = run(std::move(region));
    ASSERT_TRUE(imported) << imported.status().message();
    service_ = std::make_unique<ChatService>(*engine_, clock_, metrics_);
    service_->start();
  }
  void TearDown() override {
    if (service_) service_->stop();
    EnginePort::TearDown();
  }

  void available(const std::string& agent) {
    ASSERT_TRUE(run(engine::SetPresence{agent, PresenceStatus::kAvailable, "", {}}));
  }
  // A chat on duty with one message, accepted by a1, its visitor on `visitor`, a1's desktop on
  // `desk`.
  Started activeChat(std::shared_ptr<Recorder> visitor, std::shared_ptr<Recorder> desk) {
    available("a1");
    auto started = await<Started>([&](Done<Started> done) {
      StartRequest request;
      request.line_id = "duty";
      request.language = "fi";
      request.visitor_name = "Maija";
      service_->startChat(std::move(request), std::move(done));
    });
    EXPECT_TRUE(started);
    Started chat = started ? *started : Started{};
    EXPECT_TRUE(await<VisitorSession>([&](Done<VisitorSession> done) {
      service_->connectVisitor(chat.chat_id, chat.token, 0, visitor->sink(), std::move(done));
    }));
    EXPECT_TRUE(watch("a1", desk));
    EXPECT_TRUE(run(engine::AcceptOffer{"a1", {ItemKind::kContact, chat.chat_id}, {}}));
    EXPECT_TRUE(visitor->waitFor(Kind::kJoined));
    EXPECT_TRUE(send(chat.chat_id, Writer::theVisitor(), "v-1", "Hei, tarvitsen apua"));
    return chat;
  }
  // A chat on `line` with nobody listening to it.
  Started startOn(const std::string& line) {
    auto started = await<Started>([&](Done<Started> done) {
      StartRequest request;
      request.line_id = line;
      request.language = "fi";
      service_->startChat(std::move(request), std::move(done));
    });
    EXPECT_TRUE(started) << started.status().message();
    return started ? *started : Started{};
  }
  // A colleague set available, whose desktop feed is recorded.
  std::shared_ptr<Recorder> readyColleague(const std::string& agent) {
    available(agent);
    auto feed = std::make_shared<Recorder>();
    EXPECT_TRUE(watch(agent, feed));
    return feed;
  }
  Result<AgentSession> watch(const std::string& agent, std::shared_ptr<Recorder> to) {
    return await<AgentSession>(
        [&](Done<AgentSession> done) { service_->watchAgent(agent, to->sink(), std::move(done)); });
  }
  Result<Posted> send(const std::string& chat_id, Writer writer, std::string client_id,
                      std::string text) {
    return await<Posted>([&](Done<Posted> done) {
      service_->send(chat_id, std::move(writer), std::move(client_id), std::move(text),
                     std::move(done));
    });
  }
  Result<HandOn> toLine(const std::string& chat_id, const std::string& by, std::string line) {
    return await<HandOn>([&](Done<HandOn> done) {
      service_->transferToLine(chat_id, pro(by), std::move(line), std::move(done));
    });
  }
  Result<HandOn> ask(const std::string& chat_id, const std::string& by, std::string colleague,
                     bool invite = false) {
    return await<HandOn>([&](Done<HandOn> done) {
      service_->askColleague(chat_id, pro(by), std::move(colleague), invite, std::move(done));
    });
  }
  Result<HandOn> answer(const std::string& chat_id, const std::string& colleague, bool accept) {
    return await<HandOn>([&](Done<HandOn> done) {
      service_->answerColleague(chat_id, pro(colleague), accept, std::move(done));
    });
  }
  ChatView view(const std::string& chat_id) {
    auto r =
        await<ChatView>([&](Done<ChatView> done) { service_->view(chat_id, std::move(done)); });
    EXPECT_TRUE(r) << r.status().message();
    return r ? *r : ChatView{};
  }
  static Writer pro(const std::string& agent) { return Writer::professional(agent, {}); }
  std::vector<std::string> types(const std::string& stream_id) {
    std::vector<std::string> out;
    for (const auto& e : stream(stream_id)) out.push_back(e.type);
    return out;
  }
  bool recorded(const std::string& stream_id, const std::string& type) {
    auto all = types(stream_id);
    return std::find(all.begin(), all.end(), type) != all.end();
  }
  PresenceStatus presenceOf(const std::string& agent) {
    auto r = run(engine::PresenceQuery{});
    EXPECT_TRUE(r);
    for (const auto& p : *r) {
      if (p.agent_id == agent) return p.state.status;
    }
    return PresenceStatus::kOffline;
  }
  void runDueWork() {
    std::promise<void> done;
    service_->runDueWork([&done] { done.set_value(); });
    done.get_future().get();
  }

  std::unique_ptr<ChatService> service_;
};

TEST_F(ChatTransferTest, AChatTransferredToALineWaitsThereAndItsHolderLetsGo) {
  // Neuvola's one professional is signed in with their one chat in hand: the chat waits.
  available("a3");
  Started busy = startOn("neuvola");
  ASSERT_TRUE(run(engine::AcceptOffer{"a3", {ItemKind::kContact, busy.chat_id}, {}}));
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto handed = toLine(chat.chat_id, "a1", "neuvola");
  ASSERT_TRUE(handed) << handed.status().message();
  EXPECT_EQ(handed->refused, "");
  auto told = visitor->waitFor(Kind::kTransferred);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->to, "line");
  EXPECT_EQ(told->line_name, "neuvola fi");
  // The visitor's place comes with the next queue refresh, at most a second later.
  clock_.advance(1s);
  runDueWork();
  auto queue = visitor->waitFor(Kind::kQueue);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->queue.position, 1);
  ASSERT_TRUE(desk->waitFor(Kind::kTransferred));
  ChatView now = view(chat.chat_id);
  EXPECT_EQ(now.state, ChatState::kWaiting);
  EXPECT_EQ(now.line_id, "neuvola");
  EXPECT_TRUE(now.agent_id.empty());
  EXPECT_EQ(presenceOf("a1"), PresenceStatus::kAvailable);  // the capacity is free again
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.transferred"));
  EXPECT_TRUE(recorded("contact/" + chat.chat_id, "contact.transferred"));
  // The old holder writes no more.
  auto late = send(chat.chat_id, pro("a1"), "p-9", "Vielä yksi");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ChatTransferTest, TheNextProfessionalOnTheLineSeesTheWholeHistoryAndThePath) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto next = std::make_shared<Recorder>();
  ASSERT_TRUE(watch("a3", next));
  available("a3");
  auto handed = toLine(chat.chat_id, "a1", "neuvola");
  ASSERT_TRUE(handed);
  EXPECT_EQ(handed->refused, "");
  ASSERT_TRUE(run(engine::AcceptOffer{"a3", {ItemKind::kContact, chat.chat_id}, {}}));
  auto full = next->waitFor(Kind::kChat);
  ASSERT_TRUE(full);
  ASSERT_EQ(full->chat->messages.size(), 1u);
  EXPECT_EQ(full->chat->messages[0].text, "Hei, tarvitsen apua");
  EXPECT_EQ(full->chat->line_id, "neuvola");
  auto joined = visitor->waitFor(Kind::kJoined, 2);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->name, "Cecilia");
  ASSERT_TRUE(send(chat.chat_id, pro("a3"), "p-1", "Hei, jatketaan tästä"));
  // One contact throughout: the same id, one contact stream, completed once.
  ASSERT_TRUE(run(engine::CompleteContact{"a3", chat.chat_id, {}}));
  auto contact = types("contact/" + chat.chat_id);
  EXPECT_EQ(std::count(contact.begin(), contact.end(), "contact.queued"), 1);
  EXPECT_EQ(std::count(contact.begin(), contact.end(), "contact.completed"), 1);
}

TEST_F(ChatTransferTest, ALineThatCannotTakeTheChatIsRefusedAndNothingChanges) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  std::size_t before = stream(core::chatStream(chat.chat_id)).size();
  for (auto [line, code] :
       std::vector<std::pair<std::string, std::string>>{{"nowhere", "unknown_line"},
                                                        {"puhelin", "line_without_chat"},
                                                        {"yo", "line_closed"},
                                                        {"tyhja", "nobody_on_line"}}) {
    auto handed = toLine(chat.chat_id, "a1", line);
    ASSERT_TRUE(handed) << line;
    EXPECT_EQ(handed->refused, code) << line;
  }
  EXPECT_EQ(stream(core::chatStream(chat.chat_id)).size(), before);
  ChatView now = view(chat.chat_id);
  EXPECT_EQ(now.state, ChatState::kActive);
  EXPECT_EQ(now.agent_id, "a1");
  EXPECT_TRUE(send(chat.chat_id, pro("a1"), "p-2", "Olen yhä täällä"));
}

TEST_F(ChatTransferTest, OnlyTheHolderHandsOnALiveChat) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto stranger = toLine(chat.chat_id, "a2", "neuvola");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ask(chat.chat_id, "a2", "a4").status().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(await<ChatView>(
      [&](Done<ChatView> done) { service_->end(chat.chat_id, pro("a1"), std::move(done)); }));
  EXPECT_EQ(toLine(chat.chat_id, "a1", "neuvola").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(ask(chat.chat_id, "a1", "a2").status().code(), ErrorCode::kConflict);
}

TEST_F(ChatTransferTest, AColleagueWhoAcceptsHoldsTheChatWithItsHistory) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto colleague = readyColleague("a2");
  auto asked = ask(chat.chat_id, "a1", "a2");
  ASSERT_TRUE(asked) << asked.status().message();
  EXPECT_EQ(asked->refused, "");
  auto offer = colleague->waitFor(Kind::kColleagueAsked);
  ASSERT_TRUE(offer);
  EXPECT_FALSE(offer->invite);
  EXPECT_EQ(offer->name, "Anna");
  // Offered to the colleague only: still a1's meanwhile.
  EXPECT_EQ(view(chat.chat_id).agent_id, "a1");
  auto accepted = answer(chat.chat_id, "a2", true);
  ASSERT_TRUE(accepted) << accepted.status().message();
  EXPECT_EQ(accepted->refused, "");
  auto full = colleague->waitFor(Kind::kChat);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->chat->agent_id, "a2");
  ASSERT_EQ(full->chat->messages.size(), 1u);
  auto left = desk->waitFor(Kind::kTransferred);
  ASSERT_TRUE(left);
  EXPECT_EQ(left->to, "agent");
  auto joined = visitor->waitFor(Kind::kJoined, 2);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->name, "Bert");
  EXPECT_TRUE(send(chat.chat_id, pro("a2"), "p-1", "Hei, olen Bert"));
  EXPECT_EQ(send(chat.chat_id, pro("a1"), "p-2", "Minä myös").status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(presenceOf("a1"), PresenceStatus::kAvailable);
  EXPECT_EQ(presenceOf("a2"), PresenceStatus::kBusy);
  auto events = types(core::chatStream(chat.chat_id));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.transfer_offered"));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.transferred"));
  EXPECT_TRUE(recorded("contact/" + chat.chat_id, "contact.handed_over"));
  ASSERT_TRUE(run(engine::CompleteContact{"a2", chat.chat_id, {}}));
}

TEST_F(ChatTransferTest, ADeclinedTransferStaysWithItsHolderWhoIsTold) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  available("a2");
  ASSERT_TRUE(ask(chat.chat_id, "a1", "a2"));
  ASSERT_TRUE(answer(chat.chat_id, "a2", false));
  auto told = desk->waitFor(Kind::kColleagueAnswer);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->reason, "declined");
  EXPECT_EQ(told->agent_id, "a2");
  ChatView now = view(chat.chat_id);
  EXPECT_EQ(now.agent_id, "a1");
  EXPECT_TRUE(now.asked_colleague.empty());
  EXPECT_TRUE(send(chat.chat_id, pro("a1"), "p-1", "Jatketaan"));
  EXPECT_EQ(answer(chat.chat_id, "a2", true).status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.transfer_refused"));
}

TEST_F(ChatTransferTest, AnUnansweredTransferComesBackWhenTheAnswerTimeHasPassed) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto colleague = readyColleague("a2");
  ASSERT_TRUE(ask(chat.chat_id, "a1", "a2"));
  clock_.advance(29s);
  runDueWork();
  EXPECT_EQ(view(chat.chat_id).asked_colleague, "a2");
  clock_.advance(2s);
  runDueWork();
  auto told = desk->waitFor(Kind::kColleagueAnswer);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->reason, "no_answer");
  ASSERT_TRUE(colleague->waitFor(Kind::kColleagueAnswer));  // their offer goes away
  EXPECT_EQ(view(chat.chat_id).agent_id, "a1");
  EXPECT_EQ(answer(chat.chat_id, "a2", true).status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ChatTransferTest, AColleagueWhoCannotTakeAChatIsRefusedByName) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  EXPECT_EQ(ask(chat.chat_id, "a1", "a1")->refused, "self");
  EXPECT_EQ(ask(chat.chat_id, "a1", "nobody")->refused, "unknown_colleague");
  EXPECT_EQ(ask(chat.chat_id, "a1", "a2")->refused, "colleague_unavailable");  // signed out
  // a4 takes one chat at a time and has one.
  available("a4");
  Started other = startOn("duty");
  ASSERT_TRUE(run(engine::AcceptOffer{"a4", {ItemKind::kContact, other.chat_id}, {}}));
  EXPECT_EQ(ask(chat.chat_id, "a1", "a4")->refused, "colleague_busy");
  EXPECT_TRUE(view(chat.chat_id).asked_colleague.empty());
  EXPECT_EQ(types(core::chatStream(chat.chat_id)).back(), "chat.message");
}

TEST_F(ChatTransferTest, OneHandingOnAtATime) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  available("a2");
  ASSERT_TRUE(ask(chat.chat_id, "a1", "a2"));
  EXPECT_EQ(toLine(chat.chat_id, "a1", "neuvola").status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(ask(chat.chat_id, "a1", "a2", true).status().code(), ErrorCode::kAlreadyExists);
}

TEST_F(ChatTransferTest, AnInvitedColleagueWritesAlongsideAndLeaves) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto colleague = readyColleague("a2");
  auto asked = ask(chat.chat_id, "a1", "a2", true);
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->refused, "");
  ASSERT_TRUE(colleague->waitFor(Kind::kColleagueAsked)->invite);
  ASSERT_TRUE(answer(chat.chat_id, "a2", true));
  auto full = colleague->waitFor(Kind::kChat);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->chat->messages.size(), 1u);
  auto joined = visitor->waitFor(Kind::kColleague);
  ASSERT_TRUE(joined);
  EXPECT_TRUE(joined->connected);
  EXPECT_EQ(joined->name, "Bert");
  // Both write; the holder stays a1.
  auto bert = send(chat.chat_id, pro("a2"), "p-b", "Hei, Bert tässä");
  ASSERT_TRUE(bert) << bert.status().message();
  EXPECT_EQ(bert->message.name, "Bert");
  ASSERT_TRUE(send(chat.chat_id, pro("a1"), "p-a", "Ja Anna"));
  ASSERT_TRUE(desk->waitFor(Kind::kMessage, 2));  // the holder sees the colleague's message
  EXPECT_EQ(view(chat.chat_id).agent_id, "a1");
  EXPECT_EQ(toLine(chat.chat_id, "a1", "neuvola").status().code(),
            ErrorCode::kFailedPrecondition);  // the colleague leaves first
  ASSERT_TRUE(await<bool>(
      [&](Done<bool> done) { service_->leaveChat(chat.chat_id, pro("a2"), std::move(done)); }));
  auto left = visitor->waitFor(Kind::kColleague, 2);
  ASSERT_TRUE(left);
  EXPECT_FALSE(left->connected);
  EXPECT_EQ(send(chat.chat_id, pro("a2"), "p-c", "Vielä").status().code(),
            ErrorCode::kPermissionDenied);
  auto events = types(core::chatStream(chat.chat_id));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.invited"));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.joined"));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.left"));
}

TEST_F(ChatTransferTest, AnInvitedColleagueCountsTheChatInTheirCapacityWhileInIt) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto colleague = readyColleague("a4");  // room for one chat
  ASSERT_TRUE(ask(chat.chat_id, "a1", "a4", true));
  ASSERT_TRUE(colleague->waitFor(Kind::kColleagueAsked));
  ASSERT_TRUE(answer(chat.chat_id, "a4", true));
  ASSERT_TRUE(colleague->waitFor(Kind::kChat));
  auto state = engine_->routingStateForTest();
  EXPECT_EQ(state.guestsOf(chat.chat_id), std::vector<std::string>{"a4"});
  EXPECT_FALSE(state.hasRoomFor("a4", core::routing::CapacityKind::kChats));
  EXPECT_TRUE(recorded("contact/" + chat.chat_id, "contact.guest_joined"));
  // Full, a4 cannot be asked into another chat either.
  auto other_visitor = std::make_shared<Recorder>();
  auto other_desk = std::make_shared<Recorder>();
  Started other = activeChat(other_visitor, other_desk);
  auto busy = ask(other.chat_id, "a1", "a4", true);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->refused, "colleague_busy");
  // The chat's end frees them.
  ASSERT_TRUE(await<ChatView>(
      [&](Done<ChatView> done) { service_->end(chat.chat_id, pro("a1"), std::move(done)); }));
  EXPECT_TRUE(recorded("contact/" + chat.chat_id, "contact.guest_left"));
  state = engine_->routingStateForTest();
  EXPECT_TRUE(state.guestsOf(chat.chat_id).empty());
  EXPECT_TRUE(state.hasRoomFor("a4", core::routing::CapacityKind::kChats));
}

TEST_F(ChatTransferTest, AColleagueWhoSignedOutAfterTheInvitationIsNotLetIn) {
  auto visitor = std::make_shared<Recorder>();
  auto desk = std::make_shared<Recorder>();
  Started chat = activeChat(visitor, desk);
  auto colleague = readyColleague("a2");
  ASSERT_TRUE(ask(chat.chat_id, "a1", "a2", true));
  ASSERT_TRUE(colleague->waitFor(Kind::kColleagueAsked));
  ASSERT_TRUE(run(engine::SetPresence{"a2", PresenceStatus::kOffline, "", {}}));
  auto joined = answer(chat.chat_id, "a2", true);
  EXPECT_EQ(joined.status().code(), ErrorCode::kFailedPrecondition);
  auto told = desk->waitFor(Kind::kColleagueAnswer);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->reason, "unavailable");
  EXPECT_TRUE(view(chat.chat_id).colleagues.empty());
  EXPECT_TRUE(engine_->routingStateForTest().guestsOf(chat.chat_id).empty());
  // The refusal is recorded after the answer: once what the engine was given before is
  // durable, the log has it.
  ASSERT_TRUE(run(engine::QueueQuery{"duty", 1}));
  EXPECT_FALSE(recorded(core::chatStream(chat.chat_id), "chat.joined"));
  EXPECT_TRUE(recorded(core::chatStream(chat.chat_id), "chat.left"));
}

}  // namespace
}  // namespace luukku::chat
