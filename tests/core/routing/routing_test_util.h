// Shared fixtures for routing tests: a small region and a harness that runs decisions the
// way the engine does (decide -> apply each event at its stream's next version -> route).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/routing/contact_center.h"
#include "core/routing/helsinki_time.h"
#include "core/routing/holidays.h"
#include "core/time.h"

namespace luukku::core::routing::testing {

using namespace std::chrono;
using namespace std::chrono_literals;

// Helsinki wall-clock time to an instant.
inline Timestamp hel(int y, unsigned m, unsigned d, int hh, int mm = 0, int ss = 0) {
  return fromHelsinki(year{y} / month{m} / day{d}, hours(hh) + minutes(mm)) + seconds(ss);
}

inline LineSetup lineSetup(std::string id, bool always_open = true) {
  LineSetup s;
  s.line.id = std::move(id);
  s.line.name = {"Linja", "Linje", "Line"};
  s.line.phone_numbers = {"+35860010" + std::to_string(s.line.id.size())};
  s.line.channels = {Channel::kPhone, Channel::kCallback, Channel::kChat,
                     Channel::kContactRequest};
  for (int d = 0; d < 7; ++d) {
    if (always_open) {
      s.line.weekly_hours.days[d] = {{0, 24 * 60}};
    } else if (d < 5) {
      s.line.weekly_hours.days[d] = {{8 * 60, 16 * 60}};
    }
  }
  s.line.closed_on_public_holidays = !always_open;
  return s;
}

// A line whose callers always queue, even when nobody is signed in.
inline LineSetup queueingLine(std::string id) {
  LineSetup s = lineSetup(std::move(id));
  s.policy.max_estimated_wait.reset();
  return s;
}

inline AgentSetup agentSetup(std::string id, std::vector<Membership> memberships) {
  AgentSetup a;
  a.agent.id = std::move(id);
  a.agent.name = "Agent " + a.agent.id;
  a.agent.languages = {"fi"};
  a.agent.teams = {"team-a"};
  a.agent.area = "seinajoki";
  a.policy.memberships = std::move(memberships);
  return a;
}

inline RegionSettings regionSettings() {
  RegionSettings r;
  r.name = {"Alue", "Område", "Region"};
  r.holidays = finnishPublicHolidays(2026);
  auto next = finnishPublicHolidays(2027);
  r.holidays.insert(r.holidays.end(), next.begin(), next.end());
  return r;
}

inline ItemRef contactRef(std::string id) { return {ItemKind::kContact, std::move(id)}; }
inline ItemRef taskRef(std::string id) { return {ItemKind::kTask, std::move(id)}; }

template <typename E>
std::vector<E> eventsOf(const Events& events) {
  std::vector<E> out;
  for (const auto& e : events) {
    if (const E* x = std::get_if<E>(&e)) out.push_back(*x);
  }
  return out;
}

// Runs decisions like the engine.
class Harness {
 public:
  Harness(RoutingConfig config, Timestamp start) : config_(std::move(config)), clock_(start) {}

  ContactCenter& state() { return state_; }
  const RoutingConfig& config() const { return config_; }
  void setConfig(RoutingConfig c) { config_ = std::move(c); }
  Timestamp now() const { return clock_.now(); }
  SequentialIds& ids() { return ids_; }
  const std::vector<std::pair<RoutingEvent, std::int64_t>>& log() const { return log_; }

  void commit(const Events& events) {
    for (const auto& e : events) {
      std::int64_t seq = state_.streamVersion(e) + 1;
      state_.apply(e, seq);
      log_.emplace_back(e, seq);
    }
  }

  // Applies a decision's events, then routes; returns all of them. Fails the test on error.
  Events run(const Result<Events>& decided) {
    EXPECT_TRUE(decided.isOk()) << decided.status().toString();
    if (!decided.isOk()) return {};
    Events all = *decided;
    commit(all);
    Events routed = settle();
    all.insert(all.end(), routed.begin(), routed.end());
    return all;
  }

  // Handles due deadlines and routes until nothing more happens now.
  Events settle() {
    Events all;
    for (int guard = 0; guard < 10'000; ++guard) {
      Events step;
      if (auto d = state_.nextDeadline(); d && *d <= now()) {
        step = state_.onTime(config_, now(), ids_);
      }
      commit(step);
      Events routed = state_.route(config_, now());
      commit(routed);
      all.insert(all.end(), step.begin(), step.end());
      all.insert(all.end(), routed.begin(), routed.end());
      if (step.empty() && routed.empty()) return all;
    }
    ADD_FAILURE() << "settle() did not come to rest";
    return all;
  }

  Events advance(microseconds d) {
    clock_.advance(d);
    return settle();
  }
  Events advanceTo(Timestamp t) {
    clock_.set(t);
    return settle();
  }

  // Shortcuts.
  Events signIn(const std::string& agent) {
    return run(state_.setPresence(config_, agent, PresenceStatus::kAvailable, "", now()));
  }
  Events call(const std::string& line, const std::string& number = "+358401234567",
              const std::string& id = "") {
    Arrival a;
    a.contact_id = id;
    a.line_id = line;
    a.from_number = number;
    return run(state_.arrive(config_, a, now(), ids_));
  }
  Events accept(const std::string& agent, const ItemRef& item) {
    return run(state_.accept(config_, agent, item, now()));
  }

  ContactCenter replay() const {
    ContactCenter rebuilt;
    for (const auto& [event, seq] : log_) rebuilt.apply(event, seq);
    return rebuilt;
  }

 private:
  RoutingConfig config_;
  ManualClock clock_;
  SequentialIds ids_;
  ContactCenter state_;
  std::vector<std::pair<RoutingEvent, std::int64_t>> log_;
};

}  // namespace luukku::core::routing::testing

namespace luukku::core::routing::testing {

inline RoutingConfig makeConfig(std::vector<LineSetup> lines, std::vector<AgentSetup> agents) {
  return RoutingConfig(regionSettings(), std::move(lines), std::move(agents));
}

// Monday 23 November 2026, 09:00 in Helsinki.
inline Timestamp monday9() { return hel(2026, 11, 23, 9); }

// Two lines whose callers always queue: anna serves neuvola, bertta neuvola and paivystys.
inline RoutingConfig annaOnOneLineBerttaOnTwo() {
  return makeConfig({queueingLine("neuvola"), queueingLine("paivystys")},
                    {agentSetup("anna", {{"neuvola", 1}}),
                     agentSetup("bertta", {{"neuvola", 1}, {"paivystys", 1}})});
}

// The agent an item is offered to or held by ("" when none).
inline std::string holderOf(ContactCenter& s, const ItemRef& ref) {
  const WorkRouting* r = s.findItem(ref);
  return r ? r->agent_id : "";
}

inline std::vector<OfferMade> offers(const Events& events) { return eventsOf<OfferMade>(events); }

}  // namespace luukku::core::routing::testing
