// The switchboard's test fixture: the switchboard with real peers (SIPp) and a real engine
// (SQLite in a temp dir) behind EngineCallRouting, built as production builds them; each test
// ends with no live call, SIP leg or RTP port left behind, every call's stream whole, and no
// command the engine refused. What routing did is read from the engine: its events in the store
// (as another process would read them) and its queries.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string_view>
#include <thread>

#include "engine/engine.h"
#include "engine/port_fixture.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"
#include "telephony/engine_adapter.h"
#include "telephony/media/media_engine.h"
#include "telephony/peers.h"
#include "telephony/prompts.h"
#include "telephony/sip/sip_stack.h"
#include "telephony/switchboard.h"

namespace luukku::telephony::testing {
using namespace std::chrono_literals;
using core::routing::PresenceStatus;
using core::routing::TaskReason;

using TempDir = luukku::testing::TempDir;

// What routing did, as the engine recorded it and holds it now.
struct Routed {
  std::map<std::string, std::vector<std::string>> calls;  // "call/<id>" -> its event types
  std::map<std::string, std::string> contact_end;  // contact id -> "abandoned", "completed", ...
  std::set<std::string> open_contacts;             // queued and not ended
  std::vector<std::string> answered_by;            // the agents of offer.accepted, in order
  std::vector<std::string> declined_by;            // the agents of offer.declined, in order
  std::vector<core::routing::Task> tasks;          // open callback tasks, in creation order
  std::map<std::string, core::routing::PresenceState> presence;  // by agent

  std::set<std::string> readyAgents() const {
    std::set<std::string> out;
    for (const auto& [agent, state] : presence) {
      if (state.status == PresenceStatus::kAvailable) out.insert(agent);
    }
    return out;
  }
  bool hasCallEvent(const std::string& type) const {
    for (const auto& [id, types] : calls) {
      if (std::find(types.begin(), types.end(), type) != types.end()) return true;
    }
    return false;
  }
  // There are `expected` calls, each has ended, and every contact routing queued has ended.
  bool settled(std::size_t expected) const {
    if (calls.size() != expected) return false;
    for (const auto& [id, types] : calls) {
      if (types.back() != "call.ended") return false;
    }
    return open_contacts.empty();
  }
};

class SwitchboardTest : public ::testing::Test {
 protected:
  // Call actions are timed on this clock: it stands still an hour after the steady clock's
  // epoch, so an action asked "30 s ago" takes exactly 30 s.
  static ports::RequestedAt actionClock() { return ports::RequestedAt{} + std::chrono::hours(1); }

  // Outgoing calls go to a trunk peer on trunk_port, and the duty line may call mobile numbers
  // and hand callers over to them. Call from a test's SetUp, before the board starts.
  void withTrunkAndMobiles() {
    trunk_port = freePort();
    config.sip.trunks[0].outbound_address = "127.0.0.1:" + std::to_string(trunk_port);
    config.dialing.lines.push_back({"duty", true, true, {"+35840*", "+35850*"}});
  }

  void SetUp() override {
    sip_port = freePort();
    config.sip.listen = "127.0.0.1:" + std::to_string(sip_port);
    config.sip.min_expires = 1;
    config.sip.transaction_timeout = 2000ms;
    config.sip.trunks.push_back({"test", {"127.0.0.1"}, "", ""});
    for (auto [ext, agent] : {std::pair{"1001", "a1"}, std::pair{"1002", "a2"}}) {
      PhoneSettings p;
      p.phone = {ext, agent, "secret-" + std::string(ext)};
      config.phones.push_back(p);
      config.sip.phones.push_back(p.phone);
    }
    config.media.port_min = 32000;
    config.media.port_max = 32199;
    config.queue.closed_menu_s = 1;
    config.queue.announce_interval_s = 2;
    // The duty line (116117), open on Mondays 8-16 and Fridays 8-15, served by a1 and a2.
    region = luukku::testing::dutyRegion();
    core::ServiceLine& duty = region.lines[0];
    for (auto& d : duty.weekly_hours.days) d.clear();
    duty.weekly_hours.days[0] = {{480, 960}};
    duty.weekly_hours.days[4] = {{480, 900}};
    duty.routing.offer_timeout = 5s;  // the shortest a line may have
    // Every caller who leaves the queue is called back, however short the wait.
    duty.routing.callback.on_abandon_after = 0s;
  }

  // The engine (its clock from `now`: a Monday morning, when the duty line is open), then
  // routing on the call thread's loop and the switchboard, as telephony builds them.
  // Its assertions stop the test only through ASSERT_NO_FATAL_FAILURE at the call.
  void start() {
    clock = std::make_unique<luukku::testing::RunningClock>(now);
    engine = luukku::testing::startEngine(db, *clock, registry);
    auto imported = engine->execute(region, boost::asio::use_future).get();
    ASSERT_TRUE(imported) << imported.status().toString();
    media = std::make_unique<media::MediaEngine>(config.media, registry);
    ASSERT_TRUE(media->start().isOk());
    prompts = std::make_unique<PromptLibrary>(LUUKKU_PROMPTS_DIR, dir.file("prompts"));
    ASSERT_TRUE(prompts->load().isOk());
    routing = std::make_unique<EngineCallRouting>(*engine, config, calls.get_executor());
    board = std::make_unique<Switchboard>(config, dir.file("voice"), calls, *media, *prompts,
                                          *routing, engine->clock(), registry, actionClock, audit);
    routing->start();
    Status st = board->start();
    ASSERT_TRUE(st.isOk()) << st.toString();
  }

  void TearDown() override {
    if (board) {
      // Nothing may be left behind.
      EXPECT_TRUE(eventually([&] { return board->liveCalls() == 0; })) << board->liveCalls();
      EXPECT_TRUE(eventually([&] { return board->sip().liveLegs() == 0; }))
          << board->sip().liveLegs();
      EXPECT_TRUE(eventually([&] { return media->openPorts() == 0; })) << media->openPorts();
      std::string why;
      EXPECT_TRUE(eventually([&] { return callStreamsAreWhole(why); }, 5s)) << why;
      routing->stop();
      board->stop();
      media->stop();
    }
    if (engine) {
      // A call event after call.ended, or any other command the switchboard sent out of turn
      // (the test's own commands that lost a race with routing are counted apart).
      EXPECT_EQ(refusedCommands(), test_commands_refused);
      engine->stop();
    }
  }

  // Commands the test itself sent that the engine refused, as it may when routing moved first.
  std::uint64_t test_commands_refused = 0;

  std::uint64_t refusedCommands() {
    return registry
        .counter("luukku_engine_commands_total", "Commands executed", {{"outcome", "error"}})
        .value();
  }

  std::unique_ptr<ChildProcess> sipp(const std::string& name, const std::string& scenario,
                                     int calls, std::vector<std::string> extra,
                                     std::uint16_t local_port = 0) {
    if (!local_port) local_port = freePort();
    return std::make_unique<ChildProcess>(sippArgs(scenario, sip_port, local_port, calls, extra),
                                          dir.file(name + ".log"));
  }

  // Registers extension `ext` with its phone listening on `contact_port`.
  void registerPhone(const std::string& ext, std::uint16_t contact_port, int expires = 60) {
    auto reg = sipp("register-" + ext, "register.xml", 1,
                    {"-key", "ext", ext, "-au", ext, "-ap", "secret-" + ext, "-key", "contact_port",
                     std::to_string(contact_port), "-key", "expires", std::to_string(expires),
                     "-trace_msg", "-message_file", dir.file("reg-msg.log")});
    ASSERT_EQ(reg->wait(20s), 0) << reg->log();
  }

  std::vector<std::string> callerKeys(const std::string& number = "0401234567",
                                      const std::string& service = "116117") {
    return {"-s", service, "-key", "caller", number};
  }
  // The default caller, hanging up `pause_ms` after the answer.
  std::vector<std::string> callerKeysHolding(int pause_ms) {
    auto k = callerKeys();
    k.insert(k.end(), {"-d", std::to_string(pause_ms)});
    return k;
  }

  // What routing did: the events in the store and the engine's tasks and presence.
  Routed routed() {
    Routed r;
    auto store = store::openStore(db);
    EXPECT_TRUE(store) << store.status().toString();
    std::int64_t after = 0;
    while (store) {
      auto page = (*store)->readAll(after, 1000);
      EXPECT_TRUE(page) << page.status().toString();
      if (!page || page->empty()) break;
      for (const auto& e : *page) {
        after = e.global_seq;
        std::string_view stream = e.stream_id;
        if (stream.starts_with("call/")) {
          r.calls[e.stream_id].push_back(e.type);
        } else if (stream.starts_with("contact/")) {
          std::string contact(stream.substr(std::string_view("contact/").size()));
          if (e.type == "contact.queued") {
            r.open_contacts.insert(contact);
          } else if (e.type.starts_with("contact.")) {
            r.open_contacts.erase(contact);
            r.contact_end[contact] = e.type.substr(std::string_view("contact.").size());
          } else if (e.type == "offer.accepted" || e.type == "offer.declined") {
            std::string agent(boost::json::parse(e.payload).at("agent").as_string());
            (e.type == "offer.accepted" ? r.answered_by : r.declined_by).push_back(agent);
          }
        }
      }
    }
    auto tasks = engine->execute(engine::TaskListQuery{}, boost::asio::use_future).get();
    EXPECT_TRUE(tasks) << tasks.status().toString();
    if (tasks) r.tasks = *tasks;
    auto presence = engine->execute(engine::PresenceQuery{}, boost::asio::use_future).get();
    EXPECT_TRUE(presence) << presence.status().toString();
    if (presence) {
      for (const auto& p : *presence) r.presence[p.agent_id] = p.state;
    }
    return r;
  }
  // What routing did once the `expected` calls and their contacts have ended. (A caller
  // may be gone before the engine has recorded the call's arrival.)
  Routed settled(std::size_t expected = 1) {
    EXPECT_TRUE(eventually([&] { return routed().settled(expected); }));
    return routed();
  }

  // Each call's events start with call.arrived (or call.dialled, an outgoing call) and end
  // with exactly one call.ended.
  bool callStreamsAreWhole(std::string& why) {
    for (auto& [c, types] : routed().calls) {
      std::string all;
      for (auto& t : types) all += t + " ";
      why = c + ": " + all;
      bool starts = types.front() == "call.arrived" || types.front() == "call.dialled";
      if (!starts || types.back() != "call.ended" ||
          std::count(types.begin(), types.end(), "call.ended") != 1) {
        return false;
      }
    }
    return true;
  }
  // The call events of the only call, in order.
  std::vector<std::string> eventsOfTheCall() {
    auto r = settled();
    EXPECT_EQ(r.calls.size(), 1u);
    return r.calls.empty() ? std::vector<std::string>{} : r.calls.begin()->second;
  }
  bool isReady(const std::string& agent) { return routed().readyAgents().count(agent) == 1; }

  // A caller answered by agent 1's phone, hanging up `hold_ms` after Luukku answered.
  void callAnsweredByAgent1(int hold_ms) {
    std::uint16_t phone_port = freePort();
    auto agent = sipp("agent", "agent_answer.xml", 1, {"-d", "300"}, phone_port);
    registerPhone("1001", phone_port);
    ASSERT_TRUE(eventually([&] { return isReady("a1"); }));
    auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(hold_ms));
    EXPECT_EQ(caller->wait(30s), 0) << caller->log();
    EXPECT_EQ(agent->wait(30s), 0) << agent->log();
  }

  // A caller waits while agent 1's phone (`agent1_scenario` on `p1`; none: a phone that died
  // and left its registration) is asked first (it has waited longest) and agent 2's phone
  // answers; what routing did after.
  Routed callAnsweredBySecondAgent(const std::string& agent1_scenario, std::uint16_t p1,
                                   int hold_ms) {
    std::uint16_t p2 = freePort();
    std::unique_ptr<ChildProcess> first;
    if (!agent1_scenario.empty()) first = sipp("agent1", agent1_scenario, 1, {}, p1);
    auto answering = sipp("agent2", "agent_answer.xml", 1, {"-d", "200"}, p2);
    registerPhone("1001", p1);
    EXPECT_TRUE(eventually([&] { return isReady("a1"); }));
    registerPhone("1002", p2);
    EXPECT_TRUE(eventually([&] { return routed().readyAgents().size() == 2; }));
    auto caller = sipp("caller", "caller.xml", 1, callerKeysHolding(hold_ms));
    EXPECT_EQ(caller->wait(40s), 0) << caller->log();
    if (first) {
      EXPECT_EQ(first->wait(20s), 0) << first->log();
    }
    EXPECT_EQ(answering->wait(20s), 0) << answering->log();
    auto s = settled();
    EXPECT_EQ(s.answered_by, std::vector<std::string>{"a2"});
    return s;
  }

  // ---- a professional's call controls, as the API asks them (answers on the call thread) ----

  // The id of the one call, once it is being talked on (call.answered recorded).
  std::string answeredCall() {
    std::string id;
    EXPECT_TRUE(eventually([&] {
      for (const auto& [stream, types] : routed().calls) {
        if (std::find(types.begin(), types.end(), "call.answered") != types.end()) {
          id = stream.substr(std::string_view("call/").size());
        }
      }
      return !id.empty();
    }));
    return id;
  }
  // Waits until the only call has recorded `type` `times` times.
  bool callRecorded(const std::string& type, long times = 1) {
    return eventually([&] {
      auto r = routed();
      return r.calls.size() == 1 && std::count(r.calls.begin()->second.begin(),
                                               r.calls.begin()->second.end(), type) >= times;
    });
  }
  template <typename Ask>
  static Status answerOf(Ask ask) {
    std::promise<Status> done;
    ask([&done](Status st) { done.set_value(std::move(st)); });
    return done.get_future().get();
  }
  // The professional's actions; `read_at` (when the API would have read the request) times
  // them into luukku_call_action_seconds.
  Status hold(const std::string& agent, const std::string& call, bool on,
              ports::RequestedAt read_at = {}) {
    return answerOf([&](auto done) { board->hold(agent, call, on, std::move(done), read_at); });
  }
  Status transfer(const std::string& agent, const std::string& call, ports::TransferTarget to,
                  ports::RequestedAt read_at = {}) {
    return answerOf([&](auto done) { board->transfer(agent, call, to, std::move(done), read_at); });
  }
  Status consult(const std::string& agent, const std::string& call, ports::TransferTarget to,
                 ports::RequestedAt read_at = {}) {
    return answerOf([&](auto done) { board->consult(agent, call, to, std::move(done), read_at); });
  }
  Status control(const std::string& agent, const std::string& call, ports::CallControl what,
                 ports::RequestedAt read_at = {}) {
    return answerOf(
        [&](auto done) { board->control(agent, call, what, std::move(done), read_at); });
  }
  // luukku_call_action_seconds of `action`: how many were recorded, and how many of them took
  // longer than the last finite bound (10 s).
  struct Timed {
    std::uint64_t count = 0;
    std::uint64_t over_10s = 0;
  };
  Timed timed(const std::string& action) {
    auto counts = registry.histogram("luukku_call_action_seconds", "", {{"action", action}})
                      .cumulativeCounts();
    return {counts.back(), counts.back() - counts[counts.size() - 2]};
  }
  Status hangUp(const std::string& agent, const std::string& call) {
    return answerOf([&](auto done) { board->hangUp(agent, call, std::move(done)); });
  }

  PhoneDialAudit audit;  // what the switchboard audits (none unless a test listens)
  TempDir dir;
  std::string db = "sqlite:" + dir.file("luukku.db");
  metrics::Registry registry;
  Timestamp now = luukku::testing::helsinki(23, 9, 0);
  std::unique_ptr<luukku::testing::RunningClock> clock;
  TelephonyConfig config;
  engine::ImportRegion region;
  std::unique_ptr<engine::Engine> engine;
  std::uint16_t sip_port = 0;
  std::unique_ptr<media::MediaEngine> media;
  std::unique_ptr<PromptLibrary> prompts;
  boost::asio::io_context calls{1};
  std::unique_ptr<EngineCallRouting> routing;
  std::unique_ptr<Switchboard> board;
  // The operator's far end, a SIPp peer a test starts on this port (withTrunkAndMobiles).
  std::uint16_t trunk_port = 0;
};

}  // namespace luukku::telephony::testing
