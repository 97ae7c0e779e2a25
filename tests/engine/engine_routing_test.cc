// The engine running the routing core: restore from documents, recovery after a restart, and
// the live state equal to a replay of the whole log.
#include <gtest/gtest.h>

#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "app/region_file.h"
#include "codec/region_json.h"
#include "codec/routing_json.h"
#include "demo_engine_fixture.h"
#include "engine/engine.h"
#include "port_fixture.h"
#include "support/log_replay.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"
#include "support/test_server.h"

namespace luukku::engine {
namespace {
namespace asio = boost::asio;
using namespace core::routing;
using namespace std::chrono_literals;
using testing::helsinki;

class EngineRouting : public testing::DemoEngineTest {
 protected:
  // Every event in the store, applied to empty states.
  std::pair<core::RegionState, ContactCenter> replayLog() {
    auto replayed = testing::replayLog(url_);
    EXPECT_TRUE(replayed) << replayed.status().toString();
    if (!replayed) return {};
    return {std::move(replayed->region), std::move(replayed->center)};
  }

  Result<Task> createTask(Engine& e, const std::string& line, const std::string& number) {
    TaskRequest request;
    request.line_id = line;
    request.number = number;
    return run(e, CreateTask{request, {}});
  }
  // Stores an open task's number as an older version stored it: as it was written.
  void storeNumberAsWritten(const std::string& task_id, const std::string& number,
                            const std::string& as_written) {
    auto store = store::openStore(url_);
    ASSERT_TRUE(store && (*store)->claimWriter());
    auto stored = (*store)->loadDocument("task", task_id);
    ASSERT_TRUE(stored && *stored);
    store::Document doc = **stored;
    auto at = doc.body.find("\"" + number + "\"");
    ASSERT_NE(at, std::string::npos) << doc.body;
    doc.body.replace(at + 1, number.size(), as_written);
    ASSERT_TRUE((*store)->append({{}, {doc}}));
  }
};

TEST_F(EngineRouting, TheLiveStateEqualsAReplayOfTheWholeLog) {
  auto engine = start();
  loadDemo(*engine);
  ASSERT_TRUE(run(*engine, SetPresence{"pekka-jarvinen", PresenceStatus::kAvailable, "", {}}));
  auto first = run(*engine, ArriveContact{callTo("mielenterveys-paihde", "+358401000001"), {}});
  ASSERT_TRUE(first);
  ASSERT_TRUE(run(*engine, ArriveContact{callTo("mielenterveys-paihde", "+358401000002"), {}}));
  ASSERT_TRUE(
      run(*engine, AcceptOffer{"pekka-jarvinen", {ItemKind::kContact, first->contact.id}, {}}));
  clock_.advance(3min);
  ASSERT_TRUE(run(*engine, CompleteContact{"pekka-jarvinen", first->contact.id, {}}));
  TaskRequest request;
  request.line_id = "neuvola";
  request.number = "+358401000003";
  ASSERT_TRUE(run(*engine, CreateTask{request, {}}));
  clock_.advance(10min);
  ASSERT_TRUE(run(*engine, RunDueWork{}));

  auto [region, center] = replayLog();
  EXPECT_EQ(region, engine->region()->state);
  EXPECT_TRUE(center == engine->routingStateForTest());
}

TEST_F(EngineRouting, ARestartRestoresTasksAndTurnsCutOffCallsIntoCallbacks) {
  std::string task_id;
  {
    auto engine = start();
    loadDemo(*engine);
    TaskRequest request;
    request.line_id = "neuvola";
    request.number = "+358401000003";
    auto task = run(*engine, CreateTask{request, {}});
    ASSERT_TRUE(task);
    task_id = task->id;
    // One call is offered to Sanna, the next one waits; neither survives the restart.
    ASSERT_TRUE(run(*engine, SetPresence{"sanna-rinta-aho", PresenceStatus::kAvailable, "", {}}));
    ASSERT_TRUE(run(*engine, ArriveContact{callTo("terveysasemat", "+358401000004"), {}}));
    auto waiting = run(*engine, ArriveContact{callTo("terveysasemat", "+358401000005"), {}});
    ASSERT_TRUE(waiting && waiting->waiting);
  }
  clock_.advance(1min);
  auto engine = start();
  auto tasks = run(*engine, TaskListQuery{});
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 3u);
  EXPECT_EQ((*tasks)[0].id, task_id);
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ((*tasks)[i].number, "+35840100000" + std::to_string(3 + i));
    EXPECT_EQ((*tasks)[i].reason, TaskReason::kInterrupted);
  }
  auto presence = run(*engine, PresenceQuery{});
  ASSERT_TRUE(presence);
  for (const auto& p : *presence) EXPECT_EQ(p.state.status, PresenceStatus::kOffline);

  auto [region, center] = replayLog();
  EXPECT_TRUE(center == engine->routingStateForTest());
}

TEST_F(EngineRouting, AnArrivalOnAnUnknownLineRecordsNothing) {
  auto engine = start();
  loadDemo(*engine);
  auto before = engine->durableSeq();
  auto r = run(*engine, ArriveContact{callTo("no-such-line", "+358401000005"), {}});
  EXPECT_FALSE(r);
  EXPECT_EQ(engine->durableSeq(), before);
}

TEST_F(EngineRouting, AContactIdOfTheEnginesOwnFormIsRefusedAndRecordsNothing) {
  auto engine = start();
  loadDemo(*engine);
  auto before = engine->durableSeq();
  Arrival a = callTo("neuvola", "+358401000006");
  a.contact_id = "c-00000001";
  auto r = run(*engine, ArriveContact{a, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(engine->durableSeq(), before);
  EXPECT_TRUE(engine->healthy());
}

TEST_F(EngineRouting, ACommandsActorIsRecordedWithItsEventsButNotWithTheRoutingItTriggers) {
  auto engine = start();
  loadDemo(*engine);
  ASSERT_TRUE(run(*engine, ArriveContact{callTo("terveysasemat", "+358401000007"), {}}));
  auto before = engine->durableSeq();
  core::Actor supervisor{core::Actor::Kind::kUser, "u-1", "esihenkilo", "sanna-rinta-aho"};
  SetPresence presence{"sanna-rinta-aho", PresenceStatus::kAvailable, "", supervisor};
  ASSERT_TRUE(run(*engine, presence));
  auto store = store::openStore(url_);
  ASSERT_TRUE(store);
  auto events = (*store)->readAll(before, 100);
  ASSERT_TRUE(events);
  bool saw_presence = false, saw_offer = false;
  for (const auto& e : *events) {
    auto data = boost::json::parse(e.payload).as_object();
    if (e.type == "presence.changed") {
      saw_presence = true;
      ASSERT_TRUE(data.contains("actor"));
      EXPECT_EQ(data.at("actor").at("id"), "u-1");
      EXPECT_EQ(data.at("actor").at("on_behalf_of"), "sanna-rinta-aho");
    }
    if (e.type == "offer.made") {
      saw_offer = true;
      EXPECT_FALSE(data.contains("actor")) << "routing's own decision names no person";
    }
  }
  EXPECT_TRUE(saw_presence);
  EXPECT_TRUE(saw_offer);
  auto [region, center] = replayLog();
  EXPECT_TRUE(center == engine->routingStateForTest());
}

TEST_F(EngineRouting, IdsStayUniqueAcrossRestarts) {
  std::set<std::string> ids;
  for (int round = 0; round < 3; ++round) {
    auto engine = start();
    if (round == 0) loadDemo(*engine);
    for (int i = 0; i < 5; ++i) {
      TaskRequest request;
      request.line_id = "neuvola";
      request.number = "+35840200" + std::to_string(round * 10 + i);
      auto task = run(*engine, CreateTask{request, {}});
      ASSERT_TRUE(task);
      EXPECT_TRUE(ids.insert(task->id).second) << "reused " << task->id;
    }
  }
}

TEST_F(EngineRouting, AStoredTaskWithANumberAsWrittenTakesTheNextContactFromThatNumber) {
  std::string task_id;
  {
    auto engine = start();
    loadDemo(*engine);
    auto task = createTask(*engine, "neuvola", "+358401000006");
    ASSERT_TRUE(task);
    task_id = task->id;
  }
  storeNumberAsWritten(task_id, "+358401000006", "0401000006");
  auto engine = start();
  auto again = createTask(*engine, "neuvola", "+358401000006");
  ASSERT_TRUE(again) << again.status().toString();
  EXPECT_EQ(again->id, task_id);
  EXPECT_EQ(again->number, "+358401000006");
  EXPECT_EQ(again->contact_count, 2);
}

TEST_F(EngineRouting, TwoStoredTasksThatWereOneNumberInTwoSpellingsBothRestore) {
  std::string first, second;
  {
    auto engine = start();
    loadDemo(*engine);
    auto a = createTask(*engine, "neuvola", "+358401000007");
    auto b = createTask(*engine, "neuvola", "+358401000008");
    ASSERT_TRUE(a && b);
    first = a->id;
    second = b->id;
  }
  // What an older version made of one citizen's "+358401000007" and "0401000007".
  storeNumberAsWritten(second, "+358401000008", "0401000007");
  auto engine = start();
  ASSERT_TRUE(engine->healthy());
  auto tasks = run(*engine, TaskListQuery{});
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 2u);
  for (const auto& t : *tasks) EXPECT_EQ(t.number, "+358401000007") << t.id;
  auto again = createTask(*engine, "neuvola", "+358401000007");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first);
}

TEST_F(EngineRouting, AnItemIsOfferedAtMostItsCapWithinAMinute) {
  auto engine = start();
  auto config = app::loadRegionFile(testing::sourceDir() + "/config/demo-region.toml");
  ASSERT_TRUE(config);
  for (auto& line : config->lines) line.routing.max_offers_per_minute = 3;
  ASSERT_TRUE(run(*engine, ImportRegion{config->settings, config->lines, config->agents, {}}));
  const std::string agent = "pekka-jarvinen";  // the only agent of the line
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kAvailable, "", {}}));
  auto call = run(*engine, ArriveContact{callTo("mielenterveys-paihde", "+358401000001"), {}});
  ASSERT_TRUE(call);
  ItemRef item{ItemKind::kContact, call->contact.id};
  auto offered = [&] {
    auto work = run(*engine, AgentWorkQuery{agent});
    return work && work->size() == 1;
  };
  // Declined again and again by the only agent (a desktop declining by itself): the item comes
  // back to the same agent as the last resort — three times, then it waits.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(offered()) << i;
    clock_.advance(1s);
    ASSERT_TRUE(run(*engine, DeclineOffer{agent, item, {}}));
  }
  EXPECT_FALSE(offered());
  auto& capped = metrics_.counter("luukku_routing_offers_capped_total", "");
  EXPECT_EQ(capped.value(), 1u);
  // A minute after the first offer it may be offered once more.
  clock_.advance(58s);
  ASSERT_TRUE(run(*engine, RunDueWork{}));
  EXPECT_TRUE(offered());
}

TEST_F(EngineRouting, AnUnreachablePhoneSetsItsAgentNotReadyUntilItIsReachable) {
  auto engine = start();
  loadDemo(*engine);
  const std::string agent = "pekka-jarvinen";
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kAvailable, "phone_registered", {}}));
  auto call = run(*engine, ArriveContact{callTo("mielenterveys-paihde", "+358401000001"), {}});
  ASSERT_TRUE(call);
  auto p = run(*engine, SetPhoneReachable{agent, false});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(p->state.reason, "phone_unreachable");
  // The offer was withdrawn, not declined: the call waits at its place, nobody declined it.
  auto work = run(*engine, AgentWorkQuery{agent});
  ASSERT_TRUE(work);
  EXPECT_TRUE(work->empty());
  auto queue = run(*engine, QueueQuery{"mielenterveys-paihde"});
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->waiting.size(), 1u);
  EXPECT_EQ(queue->waiting[0].position, 1);
  ContactCenter center = engine->routingStateForTest();
  const Contact* contact = center.findContact(call->contact.id);
  ASSERT_NE(contact, nullptr);
  EXPECT_TRUE(contact->routing.declined_by.empty());
  // The phone registers again: ready, and offered the call.
  p = run(*engine, SetPhoneReachable{agent, true});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.chosen, PresenceStatus::kAvailable);
  work = run(*engine, AgentWorkQuery{agent});
  ASSERT_TRUE(work);
  EXPECT_EQ(work->size(), 1u);
}

TEST_F(EngineRouting, AReachablePhoneLeavesABreakTheAgentChose) {
  auto engine = start();
  loadDemo(*engine);
  const std::string agent = "pekka-jarvinen";
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kBreak, "lunch", {}}));
  auto p = run(*engine, SetPhoneReachable{agent, true});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(p->state.reason, "lunch");
  // Nor does an unreachable phone bring an offline agent online.
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kOffline, "", {}}));
  p = run(*engine, SetPhoneReachable{agent, false});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.status, PresenceStatus::kOffline);
}

TEST_F(EngineRouting, AnEngagedPhoneIsOfferedNothingUntilItIsFreeAgain) {
  auto engine = start();
  loadDemo(*engine);
  const std::string agent = "pekka-jarvinen";
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kAvailable, "phone_registered", {}}));
  auto p = run(*engine, SetPhoneEngaged{agent, true});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(p->state.reason, "on_call");
  // A caller arrives while the colleague's consultation takes the phone: nothing rings it.
  ASSERT_TRUE(run(*engine, ArriveContact{callTo("mielenterveys-paihde", "+358401000001"), {}}));
  auto work = run(*engine, AgentWorkQuery{agent});
  ASSERT_TRUE(work);
  EXPECT_TRUE(work->empty());
  // The consultation ends: available again, and offered the call.
  p = run(*engine, SetPhoneEngaged{agent, false});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.chosen, PresenceStatus::kAvailable);
  work = run(*engine, AgentWorkQuery{agent});
  ASSERT_TRUE(work);
  EXPECT_EQ(work->size(), 1u);
}

TEST_F(EngineRouting, AnEngagedPhoneLeavesABreakTheAgentChose) {
  auto engine = start();
  loadDemo(*engine);
  const std::string agent = "pekka-jarvinen";
  ASSERT_TRUE(run(*engine, SetPresence{agent, PresenceStatus::kBreak, "lunch", {}}));
  auto p = run(*engine, SetPhoneEngaged{agent, true});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.reason, "lunch");
  p = run(*engine, SetPhoneEngaged{agent, false});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state.status, PresenceStatus::kBreak);
  EXPECT_EQ(p->state.reason, "lunch");
}

}  // namespace
}  // namespace luukku::engine
