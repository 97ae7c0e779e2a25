#include "core/routing/simulator.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <queue>
#include <random>
#include <set>

#include "core/routing/contact_center.h"
#include "core/routing/helsinki_time.h"

namespace luukku::core::routing {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

microseconds secondsToMicros(double s) {
  return microseconds(static_cast<std::int64_t>(std::llround(s * 1e6)));
}

// Something the simulated world does at a time.
struct Happening {
  enum class Kind { kShift, kArrival, kAccept, kAttempt, kFinish, kAbandon };
  Timestamp at;
  std::uint64_t seq = 0;  // ties in creation order, so runs are reproducible
  Kind kind = Kind::kArrival;
  int index = 0;  // line index (arrival) or absolute hour (shift)
  std::string agent;
  ItemRef item;
  friend bool operator>(const Happening& a, const Happening& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

class Simulation {
 public:
  explicit Simulation(const SimulationSpec& spec)
      : spec_(spec),
        rng_(spec.seed),
        start_(fromHelsinki(spec.date, std::chrono::minutes(0))),
        clock_(start_) {
    for (const auto& [id, a] : spec.config.agents()) agents_.push_back(id);
    report_.hours.resize(static_cast<std::size_t>(spec.days) * 24);
    for (std::size_t i = 0; i < report_.hours.size(); ++i) {
      report_.hours[i].day = static_cast<int>(i / 24);
      report_.hours[i].hour = static_cast<int>(i % 24);
    }
  }

  Status run() {
    scheduleArrivals();
    for (int h = 0; h < spec_.days * 24; ++h) push(hourStart(h), Happening::Kind::kShift, h);
    Timestamp end = hourStart(spec_.days * 24);
    while (true) {
      std::optional<Timestamp> deadline = state_.nextDeadline();
      bool have_happening = !queue_.empty();
      if (!have_happening && !deadline) break;
      if (deadline && (!have_happening || *deadline <= queue_.top().at)) {
        if (*deadline > end) break;
        clock_.set(*deadline);
        commit(state_.onTime(spec_.config, *deadline, ids_));
      } else {
        Happening next = queue_.top();
        if (next.at > end) break;
        queue_.pop();
        clock_.set(next.at);
        RETURN_IF_ERROR(handle(next));
      }
      commit(state_.route(spec_.config, clock_.now()));
    }
    finishReport();
    return Status::ok();
  }

  SimulationReport report() && { return std::move(report_); }

 private:
  Timestamp hourStart(int absolute_hour) const {
    return start_ + std::chrono::hours(absolute_hour);
  }
  int hourOf(Timestamp t) const {
    auto h = static_cast<int>(duration_cast<std::chrono::hours>(t - start_).count());
    return std::clamp(h, 0, spec_.days * 24 - 1);
  }
  HourStats& statsAt(Timestamp t) { return report_.hours[static_cast<std::size_t>(hourOf(t))]; }

  void push(Timestamp at, Happening::Kind kind, int index = 0, std::string agent = "",
            ItemRef item = {}) {
    queue_.push(Happening{at, ++seq_, kind, index, std::move(agent), std::move(item)});
  }

  void scheduleArrivals() {
    std::uniform_real_distribution<double> within_hour(0, 3600);
    for (int h = 0; h < spec_.days * 24; ++h) {
      for (std::size_t l = 0; l < spec_.lines.size(); ++l) {
        double mean = spec_.lines[l].calls_per_hour[static_cast<std::size_t>(h % 24)];
        if (mean <= 0) continue;
        int n = std::poisson_distribution<int>(mean)(rng_);
        for (int i = 0; i < n; ++i) {
          push(hourStart(h) + secondsToMicros(within_hour(rng_)), Happening::Kind::kArrival,
               static_cast<int>(l));
        }
      }
    }
  }

  double sample(const HandlingTime& t) {
    switch (t.shape) {
      case HandlingTime::Shape::kFixed:
        return t.mean_s;
      case HandlingTime::Shape::kLognormal: {
        double s2 = std::log(1 + (t.sd_s * t.sd_s) / (t.mean_s * t.mean_s));
        return std::lognormal_distribution<double>(std::log(t.mean_s) - s2 / 2,
                                                   std::sqrt(s2))(rng_);
      }
      case HandlingTime::Shape::kExponential:
        break;
    }
    return std::exponential_distribution<double>(1 / t.mean_s)(rng_);
  }

  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Applies a decision's events and lets the simulated people react to them.
  void commit(const Result<Events>& decided) {
    if (!decided) {
      ++refused_;
      return;
    }
    commit(*decided);
  }
  void commit(const Events& events) {
    Timestamp now = clock_.now();
    for (const RoutingEvent& e : events) {
      state_.apply(e, state_.streamVersion(e) + 1);
      ++report_.events;
      observe(e, now);
    }
  }

  void observe(const RoutingEvent& event, Timestamp now) {
    if (auto* q = std::get_if<ContactQueued>(&event)) {
      const Contact& c = q->contact;
      statsAt(c.routing.created_at).queued++;
      const SimulatedLine& line = spec_.lines[static_cast<std::size_t>(line_of_.at(c.id))];
      if (line.mean_patience_s) {
        double patience = std::exponential_distribution<double>(1 / *line.mean_patience_s)(rng_);
        push(now + secondsToMicros(patience), Happening::Kind::kAbandon, 0, "",
             {ItemKind::kContact, c.id});
      }
    } else if (auto* d = std::get_if<ContactDiverted>(&event)) {
      statsAt(d->contact.routing.created_at).diverted++;
    } else if (auto* r = std::get_if<ContactRejected>(&event)) {
      statsAt(r->contact.routing.created_at).rejected++;
    } else if (auto* a = std::get_if<ContactAbandoned>(&event)) {
      HourStats& h = statsAt(a->contact.routing.created_at);
      h.abandoned++;
      h.waited++;
    } else if (auto* o = std::get_if<OfferMade>(&event)) {
      push(now + secondsToMicros(spec_.answer_delay_s), Happening::Kind::kAccept, 0, o->agent_id,
           o->item);
    } else if (auto* acc = std::get_if<OfferAccepted>(&event)) {
      accepted(acc->item, acc->agent_id, now);
    } else if (auto* claimed = std::get_if<TaskClaimed>(&event)) {
      accepted({ItemKind::kTask, claimed->task_id}, claimed->agent_id, now);
    } else if (auto* t = std::get_if<TaskCreated>(&event)) {
      statsAt(t->task.routing.created_at).callbacks_created++;
    } else if (auto* done = std::get_if<TaskCompleted>(&event)) {
      HourStats& h = statsAt(done->task.routing.created_at);
      h.callbacks_completed++;
      h.total_callback_delay_s +=
          std::chrono::duration<double>(*done->task.ended_at - done->task.routing.created_at)
              .count();
    } else if (auto* u = std::get_if<TaskUnreachable>(&event)) {
      statsAt(u->task.routing.created_at).callbacks_unreachable++;
    }
  }

  void accepted(const ItemRef& item, const std::string& agent, Timestamp now) {
    if (item.kind == ItemKind::kContact) {
      const Contact* c = state_.findContact(item.id);
      if (!c) return;
      HourStats& h = statsAt(c->routing.created_at);
      double wait = std::chrono::duration<double>(now - c->routing.created_at).count();
      h.answered++;
      h.total_wait_s += wait;
      if (wait <= spec_.answer_target_s) h.answered_in_target++;
      if (now > c->routing.created_at) h.waited++;
      const SimulatedLine& line = spec_.lines[static_cast<std::size_t>(line_of_.at(item.id))];
      push(now + secondsToMicros(sample(line.handling)), Happening::Kind::kFinish, 0, agent, item);
    } else {
      push(now + secondsToMicros(spec_.dial_s), Happening::Kind::kAttempt, 0, agent, item);
    }
  }

  const SimulatedLine* simulatedLine(const std::string& line_id) const {
    for (const auto& l : spec_.lines) {
      if (l.line_id == line_id) return &l;
    }
    return nullptr;
  }

  bool holds(const std::string& agent, const ItemRef& item) const {
    const WorkRouting* r = state_.findItem(item);
    return r && r->state == WorkState::kActive && r->agent_id == agent;
  }

  Status handle(const Happening& h) {
    const RoutingConfig& config = spec_.config;
    Timestamp now = clock_.now();
    switch (h.kind) {
      case Happening::Kind::kShift:
        staff(h.index);
        break;
      case Happening::Kind::kArrival: {
        const SimulatedLine& line = spec_.lines[static_cast<std::size_t>(h.index)];
        Arrival a;
        a.contact_id = ids_.newId(ItemKind::kContact);
        a.line_id = line.line_id;
        a.channel = line.channel;
        if (chance(line.share_with_number)) {
          auto n = std::uniform_int_distribution<std::uint64_t>(0, spec_.number_pool - 1)(rng_);
          a.from_number = "+358" + std::to_string(400000000 + n);
        }
        line_of_[a.contact_id] = h.index;
        statsAt(now).arrivals++;
        auto decided = state_.arrive(config, a, now, ids_);
        if (!decided) return decided.status();
        commit(decided);
        break;
      }
      case Happening::Kind::kAccept: {
        const WorkRouting* r = state_.findItem(h.item);
        if (r && r->state == WorkState::kOffered && r->agent_id == h.agent) {
          commit(state_.accept(config, h.agent, h.item, now));
        }
        break;
      }
      case Happening::Kind::kAttempt: {
        if (!holds(h.agent, h.item)) break;
        const Task* t = state_.findTask(h.item.id);
        const SimulatedLine* line = simulatedLine(t->routing.line_id);
        double reach = line ? line->callback_reach_probability : 0.75;
        if (chance(reach)) {
          commit(state_.recordAttempt(config, h.agent, h.item.id, AttemptOutcome::kReached, now));
          HandlingTime talk = line ? line->callback_handling : HandlingTime{};
          push(now + secondsToMicros(sample(talk)), Happening::Kind::kFinish, 0, h.agent, h.item);
        } else {
          commit(state_.recordAttempt(config, h.agent, h.item.id, AttemptOutcome::kNoAnswer, now));
          signOutIfDone(h.agent);
        }
        break;
      }
      case Happening::Kind::kFinish: {
        if (!holds(h.agent, h.item)) break;
        if (h.item.kind == ItemKind::kContact) {
          commit(state_.completeContact(config, h.agent, h.item.id, now));
        } else {
          commit(state_.completeTask(config, h.agent, h.item.id, "handled", now));
        }
        signOutIfDone(h.agent);
        break;
      }
      case Happening::Kind::kAbandon: {
        const Contact* c = state_.findContact(h.item.id);
        if (c && c->routing.state != WorkState::kActive) {
          commit(state_.abandon(config, h.item.id, now, ids_));
        }
        break;
      }
    }
    return Status::ok();
  }

  // Puts the first n agents on shift; the rest stop taking work and sign out when free.
  void staff(int absolute_hour) {
    int n = spec_.agents_per_hour[static_cast<std::size_t>(absolute_hour % 24)];
    report_.hours[static_cast<std::size_t>(absolute_hour)].agents = n;
    Timestamp now = clock_.now();
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      const std::string& id = agents_[i];
      const AgentPresence* p = state_.findAgent(id);
      bool on = static_cast<int>(i) < n;
      if (on) {
        off_shift_.erase(id);
        if (!p || p->state.chosen != PresenceStatus::kAvailable) {
          commit(state_.setPresence(spec_.config, id, PresenceStatus::kAvailable, "shift", now));
        }
      } else if (p && p->state.chosen != PresenceStatus::kOffline) {
        off_shift_.insert(id);
        commit(state_.setPresence(spec_.config, id, PresenceStatus::kBreak, "shift_end", now));
        signOutIfDone(id);
      }
    }
  }

  void signOutIfDone(const std::string& agent) {
    if (!off_shift_.count(agent) || !state_.heldBy(agent).empty()) return;
    commit(state_.setPresence(spec_.config, agent, PresenceStatus::kOffline, "shift_end",
                              clock_.now()));
    off_shift_.erase(agent);
  }

  void finishReport() {
    SimulationReport& r = report_;
    int answered_in_target = 0;
    int waited = 0;
    double total_wait = 0;
    double total_delay = 0;
    for (const HourStats& h : r.hours) {
      r.arrivals += h.arrivals;
      r.queued += h.queued;
      r.answered += h.answered;
      r.abandoned += h.abandoned;
      r.diverted += h.diverted;
      r.rejected += h.rejected;
      r.callbacks_created += h.callbacks_created;
      r.callbacks_completed += h.callbacks_completed;
      r.callbacks_unreachable += h.callbacks_unreachable;
      answered_in_target += h.answered_in_target;
      waited += h.waited;
      total_wait += h.total_wait_s;
      total_delay += h.total_callback_delay_s;
    }
    int settled = r.answered + r.abandoned;
    if (settled > 0) {
      r.service_level = static_cast<double>(answered_in_target) / settled;
      r.abandonment_rate = static_cast<double>(r.abandoned) / settled;
      r.probability_of_waiting = static_cast<double>(waited) / settled;
    }
    if (r.answered > 0) r.average_speed_of_answer_s = total_wait / r.answered;
    if (r.callbacks_completed > 0) r.mean_callback_delay_s = total_delay / r.callbacks_completed;
    r.callbacks_open_at_end = static_cast<int>(state_.taskCount());
  }

  const SimulationSpec& spec_;
  std::mt19937_64 rng_;
  Timestamp start_;
  ManualClock clock_;
  SequentialIds ids_;
  ContactCenter state_;
  std::priority_queue<Happening, std::vector<Happening>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
  std::vector<std::string> agents_;
  std::set<std::string> off_shift_;
  std::map<std::string, int, std::less<>> line_of_;  // contact id -> simulated line index
  SimulationReport report_;
  int refused_ = 0;
};

}  // namespace

Result<SimulationReport> simulate(const SimulationSpec& spec) {
  if (spec.days < 1 || spec.days > 366) return invalidArgument("days must be between 1 and 366");
  if (!spec.date.ok()) return invalidArgument("date is not a calendar date");
  for (const auto& line : spec.lines) {
    if (!spec.config.findLine(line.line_id)) {
      return invalidArgument("simulated line '" + line.line_id + "' is not configured");
    }
    if (line.handling.mean_s <= 0 || line.callback_handling.mean_s <= 0) {
      return invalidArgument("handling times must be positive");
    }
    if (line.mean_patience_s && *line.mean_patience_s <= 0) {
      return invalidArgument("patience must be positive");
    }
  }
  for (int n : spec.agents_per_hour) {
    if (n < 0 || n > static_cast<int>(spec.config.agents().size())) {
      return invalidArgument("agents_per_hour asks for more agents than are configured");
    }
  }
  if (spec.number_pool == 0) return invalidArgument("number_pool must be positive");
  Simulation sim(spec);
  RETURN_IF_ERROR(sim.run());
  return std::move(sim).report();
}

void writeCsv(const SimulationReport& report, std::ostream& out) {
  out << "day,hour,agents,arrivals,queued,answered,abandoned,diverted,rejected,service_level,"
         "asa_s,callbacks_created,callbacks_completed,callbacks_unreachable,"
         "mean_callback_delay_min\n";
  auto ratio = [](double num, int den) { return den > 0 ? num / den : 0.0; };
  out << std::fixed;
  for (const HourStats& h : report.hours) {
    int settled = h.answered + h.abandoned;
    out << h.day + 1 << ',' << std::setw(2) << std::setfill('0') << h.hour << ":00"
        << std::setfill(' ') << std::setw(0) << ',' << h.agents << ',' << h.arrivals << ','
        << h.queued << ',' << h.answered << ',' << h.abandoned << ',' << h.diverted << ','
        << h.rejected << ',' << std::setprecision(3)
        << (settled > 0 ? ratio(h.answered_in_target, settled) : 1.0) << ',' << std::setprecision(1)
        << ratio(h.total_wait_s, h.answered) << ',' << h.callbacks_created << ','
        << h.callbacks_completed << ',' << h.callbacks_unreachable << ','
        << ratio(h.total_callback_delay_s / 60.0, h.callbacks_completed) << '\n';
  }
}

}  // namespace luukku::core::routing
