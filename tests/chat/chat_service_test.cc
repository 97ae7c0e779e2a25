// The chat service on a real engine (SQLite in a temp dir) with a test clock: chats start and
// queue, professionals accept them through routing, messages are numbered, durable and
// idempotent, reconnects miss nothing, and chats end by either side, by the visitor's absence,
// by completion and by a restart.
#include "chat/chat_service.h"

#include <gtest/gtest.h>

#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <future>
#include <mutex>

#include "chat/chat_recorder.h"
#include "engine/port_fixture.h"
#include "identity/crypto.h"

namespace luukku::chat {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using core::routing::ItemKind;
using core::routing::PresenceStatus;
using Kind = ChatUpdate::Kind;
using test_support::await;
using test_support::Recorder;

class ChatServiceTest : public testing::EnginePort {
 protected:
  void SetUp() override {
    EnginePort::SetUp();
    // The duty line takes chats too.
    engine::ImportRegion region = testing::dutyRegion();
    region.lines[0].channels.push_back(core::Channel::kChat);
    ASSERT_TRUE(run(std::move(region)));
    service_ = std::make_unique<ChatService>(*engine_, clock_, metrics_);
    service_->start();
  }
  void TearDown() override {
    service_->stop();
    EnginePort::TearDown();
  }

  Started startChat(std::string name = "") {
    auto r = await<Started>([&](Done<Started> done) {
      StartRequest request;
      request.line_id = "duty";
      request.language = "fi";
      request.visitor_name = std::move(name);
      service_->startChat(std::move(request), std::move(done));
    });
    EXPECT_TRUE(r) << r.status().message();
    return r ? *r : Started{};
  }
  Result<VisitorSession> connect(const Started& chat, std::shared_ptr<Recorder> to,
                                 std::int64_t after = 0) {
    return await<VisitorSession>([&](Done<VisitorSession> done) {
      service_->connectVisitor(chat.chat_id, chat.token, after, to->sink(), std::move(done));
    });
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
  Result<ChatView> end(const std::string& chat_id, Writer writer) {
    return await<ChatView>(
        [&](Done<ChatView> done) { service_->end(chat_id, std::move(writer), std::move(done)); });
  }
  ChatView view(const std::string& chat_id) {
    auto r =
        await<ChatView>([&](Done<ChatView> done) { service_->view(chat_id, std::move(done)); });
    EXPECT_TRUE(r) << r.status().message();
    return r ? *r : ChatView{};
  }
  void available(const std::string& agent) {
    ASSERT_TRUE(run(engine::SetPresence{agent, PresenceStatus::kAvailable, "", {}}));
  }
  void accept(const std::string& agent, const std::string& chat_id) {
    ASSERT_TRUE(run(engine::AcceptOffer{agent, {ItemKind::kContact, chat_id}, {}}));
  }
  // A chat accepted by a1, whose visitor listens on `visitor`.
  Started activeChat(std::shared_ptr<Recorder> visitor) {
    available("a1");
    Started chat = startChat("Maija");
    EXPECT_TRUE(connect(chat, visitor));
    accept("a1", chat.chat_id);
    EXPECT_TRUE(visitor->waitFor(Kind::kJoined));
    return chat;
  }
  Writer professional(const std::string& agent) {
    return Writer::professional(agent, core::Actor{});
  }
  // Every command given before has been answered, and its answer handed to the chat thread
  // ahead of anything asked of the service after this returns.
  void engineBarrier() { ASSERT_TRUE(run(engine::QueueQuery{"duty", 1})); }
  void runDueWork() {
    std::promise<void> done;
    service_->runDueWork([&done] { done.set_value(); });
    done.get_future().get();
  }
  std::vector<std::string> types(const std::string& stream_id) {
    std::vector<std::string> out;
    for (const auto& e : stream(stream_id)) out.push_back(e.type);
    return out;
  }
  // Whatever the engine and the chat thread were given before has been handled: routing's
  // batches, and the answers to the queue queries they asked.
  void settle(const std::string& chat_id) {
    for (int i = 0; i < 2; ++i) {
      engineBarrier();
      view(chat_id);
    }
  }
  std::optional<Timestamp> readableSince() {
    std::promise<std::optional<Timestamp>> since;
    service_->readableSince([&since](std::optional<Timestamp> t) { since.set_value(t); });
    return since.get_future().get();
  }
  std::int64_t gauge(const std::string& state) {
    return metrics_.gauge("luukku_chats_live", "Chats not yet ended", {{"state", state}}).value();
  }

  std::unique_ptr<ChatService> service_;
};

TEST_F(ChatServiceTest, StartingAChatRecordsItsStartWithOnlyTheTokensHash) {
  Started chat = startChat("Maija");
  ASSERT_FALSE(chat.chat_id.empty());
  EXPECT_GE(chat.token.size(), 43u);
  auto events = stream(core::chatStream(chat.chat_id));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "chat.started");
  json::value payload = json::parse(events[0].payload);
  EXPECT_EQ(payload.at("token_hash").as_string(), identity::secretHash(chat.token));
  EXPECT_EQ(events[0].payload.find(chat.token), std::string::npos);
  EXPECT_EQ(types("contact/" + chat.chat_id).front(), "contact.queued");
}

TEST_F(ChatServiceTest, AWrongTokenAndAnUnknownChatGetTheSameAnswer) {
  Started chat = startChat();
  auto visitor = std::make_shared<Recorder>();
  auto wrong = await<VisitorSession>([&](Done<VisitorSession> done) {
    service_->connectVisitor(chat.chat_id, "not-the-token", 0, visitor->sink(), std::move(done));
  });
  auto unknown = await<VisitorSession>([&](Done<VisitorSession> done) {
    service_->connectVisitor("c-zzzzzzzz", chat.token, 0, visitor->sink(), std::move(done));
  });
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_F(ChatServiceTest, AWaitingVisitorSeesTheirPlaceInLine) {
  Started first = startChat();
  Started second = startChat();
  auto visitor = std::make_shared<Recorder>();
  auto session = connect(second, visitor);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->chat.state, ChatState::kWaiting);
  ASSERT_TRUE(session->queue);
  EXPECT_EQ(session->queue->position, 2);
  // The one ahead leaves: the place moves up.
  auto other = std::make_shared<Recorder>();
  ASSERT_TRUE(connect(first, other));
  ASSERT_TRUE(end(first.chat_id, Writer::theVisitor()));
  auto moved = visitor->waitFor(Kind::kQueue);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->queue.position, 1);
}

TEST_F(ChatServiceTest, AVisitorBehindTheFirstThousandLearnsTheirNewPlaceToo) {
  engine::ImportRegion region = testing::dutyRegion();
  region.lines[0].channels.push_back(core::Channel::kChat);
  region.lines[0].routing.queue_limit.reset();
  ASSERT_TRUE(run(std::move(region)));
  Started first = startChat();
  for (int i = 0; i < 1000; ++i) startChat();
  Started last = startChat();
  auto visitor = std::make_shared<Recorder>();
  auto session = connect(last, visitor);
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->queue);
  EXPECT_EQ(session->queue->position, 1002);
  auto other = std::make_shared<Recorder>();
  ASSERT_TRUE(connect(first, other));
  ASSERT_TRUE(end(first.chat_id, Writer::theVisitor()));
  auto moved = visitor->waitFor(Kind::kQueue);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->queue.position, 1001);
}

TEST_F(ChatServiceTest, QueueChangesWithinTheIntervalReachEachVisitorOnceWhenItEnds) {
  std::vector<Started> ahead;
  for (int i = 0; i < 3; ++i) ahead.push_back(startChat());
  Started third = startChat();
  Started fourth = startChat();
  auto visitor3 = std::make_shared<Recorder>();
  auto visitor4 = std::make_shared<Recorder>();
  ASSERT_TRUE(connect(third, visitor3));
  ASSERT_TRUE(connect(fourth, visitor4));
  // The first change is told at once.
  ASSERT_TRUE(end(ahead[0].chat_id, Writer::theVisitor()));
  auto first3 = visitor3->waitFor(Kind::kQueue);
  auto first4 = visitor4->waitFor(Kind::kQueue);
  ASSERT_TRUE(first3);
  ASSERT_TRUE(first4);
  EXPECT_EQ(first3->queue.position, 3);
  EXPECT_EQ(first4->queue.position, 4);
  // Two more within the interval (1 s): nobody is told before it ends ...
  ASSERT_TRUE(end(ahead[1].chat_id, Writer::theVisitor()));
  clock_.advance(500ms);
  ASSERT_TRUE(end(ahead[2].chat_id, Writer::theVisitor()));
  settle(third.chat_id);
  clock_.advance(499ms);
  runDueWork();
  settle(third.chat_id);
  EXPECT_EQ(visitor3->count(Kind::kQueue), 1);
  EXPECT_EQ(visitor4->count(Kind::kQueue), 1);
  // ... and then each visitor once, the later change too.
  clock_.advance(1ms);
  runDueWork();
  auto later3 = visitor3->waitFor(Kind::kQueue, 2);
  auto later4 = visitor4->waitFor(Kind::kQueue, 2);
  ASSERT_TRUE(later3);
  ASSERT_TRUE(later4);
  EXPECT_EQ(later3->queue.position, 1);
  EXPECT_EQ(later4->queue.position, 2);
  settle(third.chat_id);
  EXPECT_EQ(visitor3->count(Kind::kQueue), 2);
  EXPECT_EQ(visitor4->count(Kind::kQueue), 2);
}

TEST_F(ChatServiceTest, ProfessionalsSigningInAndOutChangeAWaitingVisitorsEstimate) {
  engine::ImportRegion region = testing::dutyRegion();
  region.lines[0].channels.push_back(core::Channel::kChat);
  region.agents[0].routing.capacity.chats = 1;  // a1: one chat at a time
  region.agents[1].routing.capacity.chats = 0;  // a2 takes the line's calls, not its chats
  ASSERT_TRUE(run(std::move(region)));
  auto first = std::make_shared<Recorder>();
  activeChat(first);  // a1's one chat
  Started chat = startChat();
  auto visitor = std::make_shared<Recorder>();
  auto session = connect(chat, visitor);
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->queue);
  EXPECT_EQ(session->queue->position, 1);
  // The assumed handling time (4 minutes) shared by the professionals signed in to the line.
  EXPECT_EQ(session->queue->estimated_wait, 240s);
  auto told = [&](int nth) {
    engineBarrier();
    clock_.advance(1s);
    runDueWork();
    return visitor->waitFor(Kind::kQueue, nth);
  };
  available("a2");  // signs in
  auto in = told(1);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->queue.position, 1);
  EXPECT_EQ(in->queue.estimated_wait, 120s);
  ASSERT_TRUE(run(engine::SetPresence{"a2", PresenceStatus::kOffline, "", {}}));
  auto out = told(2);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->queue.estimated_wait, 240s);
  ASSERT_TRUE(run(engine::SetPresence{"a1", PresenceStatus::kBreak, "lunch", {}}));
  auto nobody = told(3);
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(nobody->queue.estimated_wait);
  EXPECT_EQ(view(chat.chat_id).state, ChatState::kWaiting);
}

TEST_F(ChatServiceTest, ItSaysWhenTheEarliestChatItStillHoldsStarted) {
  EXPECT_FALSE(readableSince());
  const Timestamp first_at = clock_.now();
  Started first = startChat();
  auto visitor1 = std::make_shared<Recorder>();
  ASSERT_TRUE(connect(first, visitor1));
  clock_.advance(10min);
  Started second = startChat();
  auto visitor2 = std::make_shared<Recorder>();
  ASSERT_TRUE(connect(second, visitor2));
  EXPECT_EQ(readableSince(), first_at);
  // An ended chat is still readable for an hour, then forgotten.
  ASSERT_TRUE(end(first.chat_id, Writer::theVisitor()));
  clock_.advance(59min);
  runDueWork();
  EXPECT_EQ(readableSince(), first_at);
  clock_.advance(1min);
  runDueWork();
  EXPECT_EQ(readableSince(), first_at + 10min);
}

TEST_F(ChatServiceTest, AcceptingTellsTheVisitorWhoJoinedAndHandsTheChatToTheDesktop) {
  auto desk = std::make_shared<Recorder>();
  ASSERT_TRUE(watch("a1", desk));
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  EXPECT_EQ(visitor->waitFor(Kind::kJoined)->name, "a1");
  auto handed = desk->waitFor(Kind::kChat);
  ASSERT_TRUE(handed);
  EXPECT_EQ(handed->chat->chat_id, chat.chat_id);
  EXPECT_EQ(handed->chat->state, ChatState::kActive);
  EXPECT_EQ(view(chat.chat_id).agent_id, "a1");
}

TEST_F(ChatServiceTest, AfterAnAcceptsAnswerTheServiceAnswersOnceItHoldsTheChatToo) {
  available("a1");
  Started chat = startChat("Maija");
  accept("a1", chat.chat_id);
  std::promise<void> held;
  service_->afterAccept(chat.chat_id, [&held] { held.set_value(); });
  held.get_future().get();
  EXPECT_EQ(view(chat.chat_id).agent_id, "a1");
  std::promise<void> unknown;
  service_->afterAccept("c-zzzzzzzz", [&unknown] { unknown.set_value(); });
  unknown.get_future().get();
}

TEST_F(ChatServiceTest, MessagesBothWaysAreNumberedInOrderAndReachBothSides) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto desk = std::make_shared<Recorder>();
  ASSERT_TRUE(watch("a1", desk));
  auto first = send(chat.chat_id, Writer::theVisitor(), "v-1", "Hei");
  auto second = send(chat.chat_id, professional("a1"), "p-1", "Hei, miten voin auttaa?");
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->message.seq, 1);
  EXPECT_EQ(second->message.seq, 2);
  for (auto* side : {visitor.get(), desk.get()}) {
    EXPECT_EQ(side->waitFor(Kind::kMessage, 1)->message.text, "Hei");
    EXPECT_EQ(side->waitFor(Kind::kMessage, 2)->message.from, "professional");
  }
  EXPECT_EQ(types(core::chatStream(chat.chat_id)),
            (std::vector<std::string>{"chat.started", "chat.message", "chat.message"}));
}

TEST_F(ChatServiceTest, AResendWithTheSameClientIdIsAnsweredWithTheStoredMessage) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto first = send(chat.chat_id, Writer::theVisitor(), "v-1", "Hei");
  auto again = send(chat.chat_id, Writer::theVisitor(), "v-1", "Hei");
  ASSERT_TRUE(first);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->message.seq, first->message.seq);
  EXPECT_EQ(visitor->count(Kind::kMessage), 1);
  auto events = types(core::chatStream(chat.chat_id));
  EXPECT_EQ(std::count(events.begin(), events.end(), "chat.message"), 1);
}

TEST_F(ChatServiceTest, ReconnectingAfterAMessageReplaysExactlyTheMissingOnes) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(send(chat.chat_id, Writer::theVisitor(), "v-" + std::to_string(i),
                     "viesti " + std::to_string(i)));
  }
  auto again = std::make_shared<Recorder>();
  auto session = connect(chat, again, 2);
  ASSERT_TRUE(session);
  ASSERT_EQ(session->chat.messages.size(), 2u);
  EXPECT_EQ(session->chat.messages[0].seq, 3);
  EXPECT_EQ(session->chat.messages[1].seq, 4);
  // What follows comes live, once.
  ASSERT_TRUE(send(chat.chat_id, professional("a1"), "p-1", "Selvä"));
  EXPECT_EQ(again->waitFor(Kind::kMessage)->message.seq, 5);
  EXPECT_EQ(again->count(Kind::kMessage), 1);
}

TEST_F(ChatServiceTest, AVisitorGoneWhileWaitingAbandonsTheContact) {
  Started chat = startChat();
  auto visitor = std::make_shared<Recorder>();
  auto session = connect(chat, visitor);
  ASSERT_TRUE(session);
  service_->disconnectVisitor(chat.chat_id, session->sink_id);
  // (A view is answered after the disconnect: the gone clock starts now, not later.)
  EXPECT_FALSE(view(chat.chat_id).visitor_connected);
  clock_.advance(119s);
  runDueWork();
  EXPECT_EQ(view(chat.chat_id).state, ChatState::kWaiting);
  clock_.advance(1s);
  runDueWork();
  // The end is recorded, then the chat is ended.
  engineBarrier();
  ChatView ended = view(chat.chat_id);
  EXPECT_EQ(ended.state, ChatState::kEnded);
  EXPECT_EQ(ended.ended_reason, "visitor_gone");
  EXPECT_EQ(types("contact/" + chat.chat_id).back(), "contact.abandoned");
}

TEST_F(ChatServiceTest, TheProfessionalEndingTellsTheVisitorAndLeavesTheContactToComplete) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto ended = end(chat.chat_id, professional("a1"));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->state, ChatState::kEnded);
  auto told = visitor->waitFor(Kind::kEnded);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->from, "professional");
  // Completing gives the professional their wrap-up, as after a call.
  ASSERT_TRUE(run(engine::CompleteContact{"a1", chat.chat_id, {}}));
  auto presence = run(engine::PresenceQuery{});
  ASSERT_TRUE(presence);
  for (const auto& p : *presence) {
    if (p.agent_id == "a1") {
      EXPECT_EQ(p.state.status, PresenceStatus::kWrapUp);
    }
  }
}

TEST_F(ChatServiceTest, CompletingAChatNotYetEndedEndsIt) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  ASSERT_TRUE(run(engine::CompleteContact{"a1", chat.chat_id, {}}));
  auto told = visitor->waitFor(Kind::kEnded);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->reason, "completed");
  EXPECT_EQ(types(core::chatStream(chat.chat_id)).back(), "chat.ended");
}

TEST_F(ChatServiceTest, NothingIsWrittenToAnEndedChat) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  ASSERT_TRUE(end(chat.chat_id, Writer::theVisitor()));
  auto late = send(chat.chat_id, Writer::theVisitor(), "v-late", "Vielä yksi");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(types(core::chatStream(chat.chat_id)).back(), "chat.ended");
}

TEST_F(ChatServiceTest, OnlyTheProfessionalWhoHoldsTheChatWritesToIt) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto other = send(chat.chat_id, professional("a2"), "p-x", "Hei");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.status().code(), ErrorCode::kPermissionDenied);
}

TEST_F(ChatServiceTest, AProfessionalCannotWriteBeforeAccepting) {
  Started chat = startChat();
  auto early = send(chat.chat_id, professional("a1"), "p-1", "Hei");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ChatServiceTest, LiveChatCountsGoBackToZero) {
  auto visitor = std::make_shared<Recorder>();
  Started active = activeChat(visitor);
  Started waiting = startChat();
  EXPECT_EQ(gauge("active"), 1);
  EXPECT_EQ(gauge("waiting"), 1);
  ASSERT_TRUE(end(active.chat_id, professional("a1")));
  ASSERT_TRUE(end(waiting.chat_id, Writer::theVisitor()));
  EXPECT_EQ(gauge("active"), 0);
  EXPECT_EQ(gauge("waiting"), 0);
}

TEST_F(ChatServiceTest, ARestartEndsTheChatsItCutOff) {
  Started chat = startChat();
  service_.reset();
  engine_.reset();
  engine_ = start();
  auto events = stream(core::chatStream(chat.chat_id));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, "chat.ended");
  EXPECT_EQ(json::parse(events.back().payload),
            json::parse(R"({"by":"system","reason":"server_restart"})"));
  EXPECT_EQ(types("contact/" + chat.chat_id).back(), "contact.interrupted");
  service_ = std::make_unique<ChatService>(*engine_, clock_, metrics_);
  service_->start();
}

TEST_F(ChatServiceTest, AVisitorActsForSomeoneOnlyOnceIdentifiedAndOnlyOnce) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto actFor = [&](std::string token) {
    return await<bool>([&](Done<bool> done) {
      service_->actOnBehalf(chat.chat_id, std::move(token),
                            core::ChatOnBehalf{"Lilja", "v1.sealed", "guardian"}, std::move(done));
    });
  };
  auto early = actFor(chat.token);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.status().code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(await<bool>([&](Done<bool> done) {
    service_->identify(chat.chat_id, core::ChatIdentified{"Matti", "v1.code", "oidc", "https://id"},
                       std::move(done));
  }));
  auto forged = actFor("not-the-token");
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.status().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(actFor(chat.token));
  auto told = visitor->waitFor(Kind::kOnBehalf);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->name, "Lilja");
  EXPECT_EQ(told->basis, "guardian");
  EXPECT_EQ(view(chat.chat_id).on_behalf_name, "Lilja");
  auto again = actFor(chat.token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(types(core::chatStream(chat.chat_id)).back(), "chat.on_behalf");
}

// The visitor's feedback, as the engine takes it: after the chat's end, once, for a day.
class ChatFeedbackTest : public ChatServiceTest {
 protected:
  // A chat ended by its visitor: its id, and how far its stream goes.
  std::pair<std::string, std::int64_t> endedChat() {
    auto visitor = std::make_shared<Recorder>();
    Started chat = activeChat(visitor);
    EXPECT_TRUE(end(chat.chat_id, Writer::theVisitor()));
    auto events = stream(core::chatStream(chat.chat_id));
    return {chat.chat_id, events.empty() ? 0 : events.back().stream_seq};
  }
  Result<Timestamp> give(const std::string& chat_id, std::int64_t after, int rating,
                         Timestamp ended_at) {
    return run(engine::GiveChatFeedback{chat_id, after, ended_at,
                                        core::ChatFeedback{rating, "Hyvä", "duty", ended_at},
                                        core::Actor{}});
  }
};

TEST_F(ChatFeedbackTest, FeedbackIsRecordedAfterTheChatsEnd) {
  auto [id, last] = endedChat();
  ASSERT_TRUE(give(id, last, 5, clock_.now()));
  auto events = stream(core::chatStream(id));
  ASSERT_EQ(events.back().type, "chat.feedback");
  EXPECT_EQ(events.back().stream_seq, last + 1);
  EXPECT_EQ(json::parse(events.back().payload).at("rating"), 5);
}

TEST_F(ChatFeedbackTest, FeedbackOnALiveChatIsRefused) {
  auto visitor = std::make_shared<Recorder>();
  Started chat = activeChat(visitor);
  auto r = give(chat.chat_id, 2, 4, clock_.now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(types(core::chatStream(chat.chat_id)).back(), "chat.started");
}

TEST_F(ChatFeedbackTest, ASecondFeedbackIsRefusedEvenIfTheCallerReadTheStreamBeforeTheFirst) {
  auto [id, last] = endedChat();
  ASSERT_TRUE(give(id, last, 5, clock_.now()));
  // Both read the stream before the first was recorded: the engine refuses the second.
  auto second = give(id, last, 1, clock_.now());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(stream(core::chatStream(id)).back().stream_seq, last + 1);
}

TEST_F(ChatFeedbackTest, FeedbackADayAfterTheEndIsRefusedAndARatingOutsideOneToFive) {
  auto [id, last] = endedChat();
  const Timestamp ended = clock_.now();
  auto zero = give(id, last, 0, ended);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.status().code(), ErrorCode::kInvalidArgument);
  clock_.advance(engine::kChatFeedbackWindow + 1s);
  auto late = give(id, last, 3, ended);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(types(core::chatStream(id)).back(), "chat.ended");
}

}  // namespace
}  // namespace luukku::chat
