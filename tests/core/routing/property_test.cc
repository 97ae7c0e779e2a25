// Long random command sequences; invariants are checked after every step.
//
// After each step: no work item lost or held by two agents, agents' holdings agree with the
// items, capacity is never exceeded, presence agrees with the work in hand, and one open task
// per number and line. Every 5th step (every step costs too much under sanitizers), the state
// restored from its documents equals the live one: same aggregates, next deadline, queue
// order and routing. Every 250 steps, and at the end, the state rebuilt by replaying every
// event so far equals the live state. At the end every task is worked off, and each must have
// ended exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

RoutingConfig randomCenter() {
  auto tune = [](LineSetup l) {
    l.policy.wrap_up = 10s;
    l.policy.offer_timeout = 60s;
    l.policy.queue_limit = 8;
    l.policy.max_estimated_wait = 30min;
    l.policy.continuity_wait = 30s;
    l.policy.callback.retry_delays = {60s, 120s};
    l.policy.callback.due = {DueRule::kWithin, 1h};
    l.policy.callback.escalate_before_due = 20min;
    return l;
  };
  LineSetup consult = tune(lineSetup("konsultaatio"));
  consult.policy.priority_head_start = 120s;
  LineSetup station = tune(lineSetup("asema", false));
  station.policy.callback.when_busy = OverflowAction::kCallback;
  LineSetup chat = tune(lineSetup("chat"));
  chat.policy.required_skills = {"chat"};
  std::vector<AgentSetup> agents;
  for (int i = 0; i < 6; ++i) {
    AgentSetup a = agentSetup("agent-" + std::to_string(i),
                              {{"konsultaatio", 1 + i % 2}, {"asema", 1 + i % 3}});
    if (i % 2 == 0) a.agent.languages = {"fi", "sv"};
    if (i >= 3) {
      a.policy.memberships.push_back({"chat", 1});
      a.agent.skills = {"chat"};
    }
    if (i == 5) a.policy.capacity.mix_calls_and_chats = true;
    if (i == 4) a.policy.capacity.calls = 0;
    a.agent.teams = {i < 3 ? "team-a" : "team-b"};
    agents.push_back(a);
  }
  return makeConfig({consult, station, chat}, agents);
}

// Follows the event log: which items were ever created and how often each ended.
struct Ledger {
  std::set<std::string> open_contacts;
  std::set<std::string> open_tasks;
  std::map<std::string, int> task_endings;
  std::map<std::string, int> contact_endings;
  int tasks_created = 0;

  void see(const RoutingEvent& e) {
    if (auto* q = std::get_if<ContactQueued>(&e)) {
      EXPECT_TRUE(open_contacts.insert(q->contact.id).second) << q->contact.id;
    } else if (auto* t = std::get_if<TaskCreated>(&e)) {
      EXPECT_TRUE(open_tasks.insert(t->task.id).second) << t->task.id;
      ++tasks_created;
    } else if (auto* tc = std::get_if<TaskCompleted>(&e)) {
      endTask(tc->task.id);
    } else if (auto* tu = std::get_if<TaskUnreachable>(&e)) {
      endTask(tu->task.id);
    } else {
      std::visit(
          [&](const auto& ev) {
            if constexpr (requires { ev.contact; }) {
              if constexpr (!std::is_same_v<std::decay_t<decltype(ev)>, ContactQueued>) {
                ++contact_endings[ev.contact.id];
                open_contacts.erase(ev.contact.id);
              }
            }
          },
          e);
    }
  }
  void endTask(const std::string& id) {
    EXPECT_EQ(open_tasks.erase(id), 1u) << "task " << id << " ended but was not open";
    ++task_endings[id];
  }
};

void checkInvariants(Harness& h, const Ledger& ledger) {
  ContactCenter& s = h.state();
  RoutingSnapshot snap = s.snapshot();
  // Every open item is present exactly once; nothing else is.
  ASSERT_EQ(snap.contacts.size(), ledger.open_contacts.size());
  ASSERT_EQ(snap.tasks.size(), ledger.open_tasks.size());
  for (const auto& id : ledger.open_contacts) ASSERT_NE(s.findContact(id), nullptr) << id;
  for (const auto& id : ledger.open_tasks) ASSERT_NE(s.findTask(id), nullptr) << id;
  // Each held item has one holder, and the holder knows it.
  std::map<std::string, std::vector<ItemRef>> held_by_items;
  auto holder = [&](const ItemRef& ref, const WorkRouting& r) {
    if (r.state == WorkState::kOffered || r.state == WorkState::kActive) {
      ASSERT_FALSE(r.agent_id.empty());
      held_by_items[r.agent_id].push_back(ref);
    } else {
      ASSERT_TRUE(r.agent_id.empty()) << streamOf(ref);
    }
  };
  for (const auto& c : snap.contacts) holder(contactRef(c.id), c.routing);
  std::set<std::pair<std::string, std::string>> numbers;
  for (const auto& t : snap.tasks) {
    holder(taskRef(t.id), t.routing);
    if (!t.number.empty()) {
      ASSERT_TRUE(numbers.emplace(t.routing.line_id, t.number).second) << "two open tasks";
    }
  }
  // The queue views' counts agree with the items.
  for (const auto& [line_id, line] : h.config().lines()) {
    int waiting = 0, offered = 0, parked = 0;
    auto count = [&](const WorkRouting& r) {
      if (r.line_id != line_id) return;
      waiting += r.state == WorkState::kWaiting;
      offered += r.state == WorkState::kOffered;
      parked += r.state == WorkState::kParked;
    };
    for (const auto& c : snap.contacts) count(c.routing);
    for (const auto& t : snap.tasks) count(t.routing);
    QueueSnapshot view = s.queue(h.config(), line_id);
    ASSERT_EQ(view.waiting_total, waiting) << line_id;
    ASSERT_EQ(static_cast<int>(view.waiting.size()), waiting) << line_id;
    ASSERT_EQ(view.offered, offered) << line_id;
    ASSERT_EQ(view.parked, parked) << line_id;
  }
  for (const auto& a : snap.agents) {
    std::vector<ItemRef> expected = held_by_items[a.agent_id];
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(s.heldBy(a.agent_id), expected) << a.agent_id;
    int calls = 0, chats = 0, offered = 0, active = 0;
    for (const ItemRef& ref : expected) {
      const WorkRouting* r = s.findItem(ref);
      ++(capacityKindOf(r->channel) == CapacityKind::kChats ? chats : calls);
      ++(r->state == WorkState::kOffered ? offered : active);
    }
    const Capacity& cap = a.profile.capacity;
    ASSERT_LE(calls, cap.calls) << a.agent_id;
    ASSERT_LE(chats, cap.chats) << a.agent_id;
    if (!cap.mix_calls_and_chats) {
      ASSERT_FALSE(calls > 0 && chats > 0) << a.agent_id;
    }
    ASSERT_LE(offered, 1) << a.agent_id;
    int guest = 0;  // chats joined as a colleague are work in hand too
    for (const auto& c : snap.contacts) {
      const auto guests = s.guestsOf(c.id);
      guest += static_cast<int>(std::count(guests.begin(), guests.end(), a.agent_id));
    }
    ASSERT_EQ(a.state.status == PresenceStatus::kBusy, active + guest > 0) << a.agent_id;
    if (offered > 0) {
      ASSERT_NE(a.state.status, PresenceStatus::kOffline) << a.agent_id;
    }
  }
}

// Restored from documents: the same state, deadlines and queues.
void checkRestore(Harness& h) {
  ContactCenter& s = h.state();
  const RoutingConfig& config = h.config();
  auto restored = ContactCenter::restore(s.snapshot());
  ASSERT_TRUE(restored) << restored.status().toString();
  ASSERT_TRUE(*restored == s);
  ASSERT_EQ(restored->nextDeadline(), s.nextDeadline());
  for (const auto& [id, line] : config.lines()) {
    ASSERT_EQ(restored->queue(config, id).waiting, s.queue(config, id).waiting) << id;
  }
  ASSERT_EQ(restored->route(config, h.now()).size(), s.route(config, h.now()).size());
}

class RandomDriver {
 public:
  RandomDriver(std::uint64_t seed) : rng_(seed), h_(randomCenter(), hel(2026, 11, 23, 7)) {}

  void run(int steps) {
    for (int step = 0; step < steps; ++step) {
      std::size_t before = h_.log().size();
      act();
      for (std::size_t i = before; i < h_.log().size(); ++i) ledger_.see(h_.log()[i].first);
      checkInvariants(h_, ledger_);
      if (step % 5 == 0) checkRestore(h_);
      if (::testing::Test::HasFatalFailure()) {
        ADD_FAILURE() << "at step " << step;
        return;
      }
      if (step % 250 == 249) {
        ASSERT_TRUE(h_.replay() == h_.state()) << "replay differs at " << step;
      }
    }
    finish();
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::string agent() { return "agent-" + std::to_string(pick(6)); }
  std::string number() { return "+3584000000" + std::to_string(10 + pick(30)); }
  std::string line() {
    static const char* lines[] = {"konsultaatio", "asema", "chat"};
    return lines[pick(3)];
  }
  template <typename T>
  const T* any(const std::vector<T>& v) {
    return v.empty() ? nullptr : &v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))];
  }

  // Runs a decision; errors are allowed (the command was refused), events are applied.
  void attempt(const Result<Events>& decided) {
    if (decided) {
      h_.run(decided);
    } else {
      ++refused_;
    }
  }

  void act() {
    ContactCenter& s = h_.state();
    const RoutingConfig& c = h_.config();
    RoutingSnapshot snap = s.snapshot();
    Timestamp now = h_.now();
    switch (pick(20)) {
      case 0:
      case 1:
      case 2: {
        static const PresenceStatus choices[] = {PresenceStatus::kAvailable,
                                                 PresenceStatus::kAvailable, PresenceStatus::kBreak,
                                                 PresenceStatus::kOffline};
        attempt(s.setPresence(c, agent(), choices[pick(4)], "", now));
        break;
      }
      case 3:
      case 4:
      case 5: {
        Arrival a;
        a.line_id = line();
        a.channel = a.line_id == "chat" && chance(0.7) ? Channel::kChat : Channel::kPhone;
        a.from_number = chance(0.8) ? number() : "";
        a.language = chance(0.2) ? "sv" : "";
        if (chance(0.2)) a.preferred_agent = agent();
        a.wants_callback = chance(0.05);
        attempt(s.arrive(c, a, now, h_.ids()));
        break;
      }
      case 6: {
        if (auto* ct = any(snap.contacts)) {
          attempt(chance(0.7) ? s.abandon(c, ct->id, now, h_.ids())
                              : s.requestCallback(c, ct->id, now, h_.ids()));
        }
        break;
      }
      case 7:
      case 8: {  // answer an offer (sometimes as the wrong agent)
        for (const auto& ref : offered(snap)) {
          std::string who = chance(0.9) ? s.findItem(ref)->agent_id : agent();
          attempt(chance(0.85) ? s.accept(c, who, ref, now) : s.decline(c, who, ref, now));
          break;
        }
        break;
      }
      case 9:
      case 10: {  // finish a contact
        for (const auto& ct : snap.contacts) {
          if (ct.routing.state != WorkState::kActive) continue;
          std::string who = chance(0.95) ? ct.routing.agent_id : agent();
          attempt(s.completeContact(c, who, ct.id, now));
          break;
        }
        break;
      }
      case 11: {
        TaskRequest r;
        r.line_id = line();
        r.channel = chance(0.8) ? Channel::kCallback : Channel::kContactRequest;
        r.number = r.channel == Channel::kCallback || chance(0.5) ? number() : "";
        attempt(s.createTask(c, r, now, h_.ids()));
        break;
      }
      case 12: {
        if (auto* t = any(snap.tasks)) attempt(s.claimTask(c, agent(), t->id, now));
        break;
      }
      case 13:
      case 14: {  // work a held task
        for (const auto& t : snap.tasks) {
          if (t.routing.state != WorkState::kActive) continue;
          const std::string& who = t.routing.agent_id;
          int what = pick(6);
          if (what == 0) {
            attempt(s.releaseTask(c, who, t.id, now));
          } else if (what <= 3) {
            static const AttemptOutcome outcomes[] = {
                AttemptOutcome::kNoAnswer, AttemptOutcome::kBusy, AttemptOutcome::kReached,
                AttemptOutcome::kVoicemail, AttemptOutcome::kWrongNumber};
            attempt(s.recordAttempt(c, who, t.id, outcomes[pick(chance(0.1) ? 5 : 4)], now));
          } else {
            attempt(s.completeTask(c, who, t.id, "handled", now));
          }
          break;
        }
        break;
      }
      case 15: {
        if (auto* t = any(snap.tasks)) {
          std::optional<Timestamp> not_before;
          if (chance(0.5)) not_before = now + minutes(pick(30));
          attempt(
              s.rescheduleTask(c, t->id, now + minutes(30 + pick(120)), not_before, "sup", now));
        }
        break;
      }
      case 16: {
        if (chance(0.01)) {
          attempt(s.recoverAfterRestart(c, now, h_.ids()));
        } else if (chance(0.05)) {
          h_.advance(-seconds(pick(60)));  // the clock steps back
        } else {
          h_.advance(minutes(pick(20)));
        }
        break;
      }
      default:
        h_.advance(seconds(pick(40)));
        break;
    }
  }

  std::vector<ItemRef> offered(const RoutingSnapshot& snap) {
    std::vector<ItemRef> out;
    for (const auto& ct : snap.contacts) {
      if (ct.routing.state == WorkState::kOffered) out.push_back(contactRef(ct.id));
    }
    for (const auto& t : snap.tasks) {
      if (t.routing.state == WorkState::kOffered) out.push_back(taskRef(t.id));
    }
    std::shuffle(out.begin(), out.end(), rng_);
    return out;
  }

  // Works every remaining task off; each created task must then have ended exactly once.
  void finish() {
    ContactCenter& s = h_.state();
    const RoutingConfig& c = h_.config();
    std::size_t from = h_.log().size();
    h_.run(s.recoverAfterRestart(c, h_.now(), h_.ids()));
    for (std::size_t i = from; i < h_.log().size(); ++i) ledger_.see(h_.log()[i].first);
    for (int guard = 0; guard < 100'000 && s.taskCount() > 0; ++guard) {
      std::size_t before = h_.log().size();
      std::string id = s.snapshot().tasks.front().id;
      std::string who = "agent-0";
      h_.run(s.setPresence(c, who, PresenceStatus::kBreak, "", h_.now()));
      auto claimed = s.claimTask(c, who, id, h_.now());
      if (claimed) {
        h_.run(claimed);
        h_.run(s.completeTask(c, who, id, "done", h_.now()));
      } else {
        h_.advance(1h);
      }
      for (std::size_t i = before; i < h_.log().size(); ++i) ledger_.see(h_.log()[i].first);
    }
    ledger_.open_contacts.clear();
    EXPECT_EQ(s.taskCount(), 0u);
    EXPECT_TRUE(ledger_.open_tasks.empty());
    EXPECT_EQ(static_cast<int>(ledger_.task_endings.size()), ledger_.tasks_created);
    for (const auto& [id, n] : ledger_.task_endings) EXPECT_EQ(n, 1) << id;
    for (const auto& [id, n] : ledger_.contact_endings) EXPECT_EQ(n, 1) << id;
    EXPECT_TRUE(h_.replay() == s);
    EXPECT_GT(ledger_.tasks_created, 20);
    // The run must have exercised every kind of change.
    std::map<std::string_view, int> seen;
    for (const auto& [event, seq] : h_.log()) ++seen[eventType(event)];
    for (std::string_view type :
         {"contact.queued",    "contact.diverted",      "contact.rejected",
          "contact.abandoned", "contact.completed",     "contact.callback_requested",
          "offer.made",        "offer.accepted",        "offer.declined",
          "offer.expired",     "offer.withdrawn",       "routing.preference_expired",
          "task.created",      "task.contact_added",    "task.claimed",
          "task.released",     "task.attempt_recorded", "task.requeued",
          "task.escalated",    "task.rescheduled",      "task.completed",
          "task.unreachable",  "presence.changed"}) {
      EXPECT_GT(seen[type], 0) << type;
    }
    EXPECT_GT(refused_, 0);
  }

  std::mt19937_64 rng_;
  Harness h_;
  Ledger ledger_;
  int refused_ = 0;
};

class RoutingProperty : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(RoutingProperty, InvariantsHoldThroughoutARandomDay) {
  RandomDriver driver(GetParam());
  driver.run(3000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RoutingProperty, ::testing::Values(1, 2, 3, 20261123));

}  // namespace
}  // namespace luukku::core::routing
