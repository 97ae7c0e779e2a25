// FakeRouting: a small in-memory stand-in for the engine's routing, for tests of the SIP and
// media layers on their own: one queue per line in arrival order, offers to agents whose
// phones are registered (one pending offer each, a timeout that sets the agent not ready),
// callback tasks in a list, and every call event kept for inspection. Like the engine, it
// mints call ids ("c-1", ...), numbers each call's events and delivers a reply before the
// offers it led to; a test may hold arrival replies back (hold_arrivals) to open the window in
// which a caller hangs up while the call is still arriving.
//
// Thread-safety: all members are called on, and call back on, the switchboard's executor;
// the test reads snapshots through snapshot().
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include "telephony/call_routing.h"

namespace luukku::telephony::testing {

class FakeRouting final : public CallRouting {
 public:
  struct Task {
    std::string number, contact_id, voice_ref, reason;
  };
  struct State {
    std::vector<std::pair<std::string, std::string>> events;  // contact id, type
    std::map<std::string, std::int64_t> ended_at;  // contact -> the event number of call.ended
    std::vector<Task> tasks;
    std::map<std::string, std::string> contact_end;  // contact -> abandoned/completed/...
    std::set<std::string> ready_agents;
    std::map<std::string, std::string> not_ready;  // agent -> why (set by telephony)
    std::vector<std::string> answered_by;
    std::vector<std::string> declined_by;
  };

  std::map<std::string, LineInfo> lines;  // by dialled number
  std::chrono::milliseconds offer_timeout{3000};
  boost::asio::any_io_executor executor;

  State snapshot() {
    std::lock_guard lock(mu_);
    return state_;
  }

  std::optional<LineInfo> lineForNumber(const std::string& dialled) override {
    auto it = lines.find(dialled);
    if (it == lines.end()) return std::nullopt;
    return it->second;
  }

  void startCall(CallStart call, std::function<void(Result<StartResult>)> done) override {
    std::string id = "c-" + std::to_string(++calls_);
    recordCallEvent(id, call.arrived);
    if (!call.arrive) {
      post([done, id] { done(StartResult{id, std::nullopt}); });
      return;
    }
    CallArrival a{id, call.line_id, call.from_number, call.language, false};
    arrive(std::move(a), [done, id](Result<ArrivalResult> r) {
      if (!r) return done(r.status());
      done(StartResult{id, *r});
    });
  }

  void arrive(CallArrival a, std::function<void(Result<ArrivalResult>)> done) override {
    ArrivalResult r;
    const LineInfo* line = nullptr;
    for (auto& [n, l] : lines) {
      if (l.line_id == a.line_id) line = &l;
    }
    if (a.wants_callback || (line && !line->open)) {
      if (a.from_number.empty()) {
        r.kind = ArrivalResult::Kind::kRejected;
        r.reason = "closed";
      } else {
        r.kind = ArrivalResult::Kind::kDiverted;
        r.reason = a.wants_callback ? "requested" : "closed";
        r.task_id = addTask(a.from_number, a.contact_id, "", r.reason);
        end(a.contact_id, "diverted");
      }
    } else if (busy) {
      r.kind = ArrivalResult::Kind::kDiverted;
      r.reason = "busy";
      r.task_id = addTask(a.from_number, a.contact_id, "", "busy");
      end(a.contact_id, "diverted");
    } else {
      queue_.push_back({a.contact_id, a.from_number});
      r.kind = ArrivalResult::Kind::kQueued;
      r.position = static_cast<int>(queue_.size());
      r.wait = std::chrono::seconds(60 * r.position);
    }
    if (hold_arrivals) {
      std::lock_guard lock(mu_);
      held_.push_back([done, r] { done(r); });
    } else {
      post([done, r] { done(r); });
    }
    route();
  }
  // Answers the held arrivals now.
  void releaseArrivals() {
    post([this] {
      std::vector<std::function<void()>> held;
      {
        std::lock_guard lock(mu_);
        held.swap(held_);
        hold_arrivals = false;
      }
      for (auto& h : held) h();
    });
  }
  void abandon(std::string contact, std::function<void(Result<std::string>)> done) override {
    std::string number;
    withdrawFrom(contact, &number);
    end(contact, "abandoned");
    std::string task = number.empty() ? "" : addTask(number, contact, "", "abandoned");
    post([done, task] { done(task); });
    route();
  }
  void requestCallback(std::string contact, std::string number, std::string voice,
                       std::function<void(Result<std::string>)> done) override {
    std::string from;
    withdrawFrom(contact, &from);
    end(contact, "callback_requested");
    std::string task = addTask(number.empty() ? from : number, contact, voice, "requested");
    post([done, task] { done(task); });
    route();
  }
  void createCallbackTask(std::string, std::string number, std::string, std::string contact,
                          std::function<void(Result<std::string>)> done) override {
    std::string task = addTask(number, contact, "", "requested");
    post([done, task] { done(task); });
  }
  void accept(std::string agent, std::string contact, std::function<void(Status)> done) override {
    auto it = offers_.find(contact);
    if (it == offers_.end() || it->second.agent != agent) {
      post([done] { done(conflict("no such offer")); });
      return;
    }
    it->second.timer->cancel();
    offers_.erase(it);
    busy_agents_.insert(agent);
    {
      std::lock_guard lock(mu_);
      state_.answered_by.push_back(agent);
    }
    post([done] { done(Status::ok()); });
  }
  void decline(std::string agent, std::string contact, std::function<void(Status)> done) override {
    auto it = offers_.find(contact);
    if (it != offers_.end() && it->second.agent == agent) {
      it->second.timer->cancel();
      queue_.insert(queue_.begin(), {contact, it->second.number});
      declined_[contact].insert(agent);
      {
        std::lock_guard lock(mu_);
        state_.declined_by.push_back(agent);
      }
      offers_.erase(it);
      emit(OfferEvent::Kind::kEnded, contact, agent);
    }
    post([done] { done(Status::ok()); });
    route();
  }
  void complete(std::string agent, std::string contact, std::function<void(Status)> done) override {
    busy_agents_.erase(agent);
    end(contact, "completed");
    post([done] { done(Status::ok()); });
    route();
  }
  void waiting(std::string, std::function<void(std::map<std::string, WaitingInfo>)> done) override {
    std::map<std::string, WaitingInfo> out;
    int pos = 0;
    for (auto& q : queue_) {
      ++pos;
      out[q.contact] = WaitingInfo{pos, std::chrono::seconds(60 * pos)};
    }
    post([done, out] { done(out); });
  }
  void phoneRegistration(std::string agent, bool registered, bool) override {
    {
      std::lock_guard lock(mu_);
      if (registered)
        state_.ready_agents.insert(agent);
      else
        state_.ready_agents.erase(agent);
    }
    route();
  }
  void phoneReachable(std::string agent, bool reachable) override {
    {
      std::lock_guard lock(mu_);
      if (reachable) {
        if (state_.not_ready.erase(agent)) state_.ready_agents.insert(agent);
      } else {
        state_.not_ready[agent] = "phone_unreachable";
        state_.ready_agents.erase(agent);
      }
    }
    if (!reachable) {
      // The offer is withdrawn; the call goes back to its place.
      for (auto it = offers_.begin(); it != offers_.end(); ++it) {
        if (it->second.agent != agent) continue;
        it->second.timer->cancel();
        queue_.insert(queue_.begin(), {it->first, it->second.number});
        std::string contact = it->first;
        offers_.erase(it);
        emit(OfferEvent::Kind::kEnded, contact, agent);
        break;
      }
    }
    route();
  }
  void recordCallEvent(std::string contact, core::CallEvent event) override {
    std::lock_guard lock(mu_);
    if (state_.ended_at.count(contact)) {
      // The engine refuses events after call.ended; a test sees them as a broken stream.
      state_.events.emplace_back(contact, "refused:" + std::string(core::callEventType(event)));
      return;
    }
    state_.events.emplace_back(contact, std::string(core::callEventType(event)));
    if (std::holds_alternative<core::CallEnded>(event))
      state_.ended_at[contact] = static_cast<std::int64_t>(state_.events.size());
  }
  void onOffers(std::function<void(OfferEvent)> listener) override {
    listener_ = std::move(listener);
  }

  bool busy = false;           // every arrival is diverted as busy
  bool hold_arrivals = false;  // set before start(); releaseArrivals() answers them

 private:
  struct Waiting {
    std::string contact, number;
  };
  struct Offer {
    std::string agent, number;
    std::shared_ptr<boost::asio::steady_timer> timer;
  };

  template <typename F>
  void post(F f) {
    boost::asio::post(executor, std::move(f));
  }
  std::string addTask(const std::string& number, const std::string& contact,
                      const std::string& voice, const std::string& reason) {
    std::lock_guard lock(mu_);
    for (auto& t : state_.tasks) {
      if (t.number == number) {
        if (!voice.empty()) t.voice_ref = voice;
        return "t-" + t.number;
      }
    }
    state_.tasks.push_back({number, contact, voice, reason});
    return "t-" + number;
  }
  void end(const std::string& contact, const std::string& how) {
    std::lock_guard lock(mu_);
    state_.contact_end[contact] = how;
  }
  void withdrawFrom(const std::string& contact, std::string* number) {
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->contact == contact) {
        *number = it->number;
        queue_.erase(it);
        return;
      }
    }
    auto o = offers_.find(contact);
    if (o != offers_.end()) {
      *number = o->second.number;
      o->second.timer->cancel();
      emit(OfferEvent::Kind::kEnded, contact, o->second.agent);
      offers_.erase(o);
    }
  }
  // Offers follow the replies posted before them, as the engine's do.
  void emit(OfferEvent::Kind kind, const std::string& contact, const std::string& agent) {
    post([this, e = OfferEvent{kind, contact, agent}] {
      if (listener_) listener_(e);
    });
  }
  void route() {
    std::set<std::string> ready;
    {
      std::lock_guard lock(mu_);
      ready = state_.ready_agents;
    }
    for (auto it = queue_.begin(); it != queue_.end();) {
      std::string chosen;
      for (const auto& a : ready) {
        bool offered = false;
        for (auto& [c, o] : offers_) offered = offered || o.agent == a;
        if (offered || busy_agents_.count(a) || declined_[it->contact].count(a)) continue;
        chosen = a;
        break;
      }
      if (chosen.empty()) {
        ++it;
        continue;
      }
      auto timer = std::make_shared<boost::asio::steady_timer>(executor, offer_timeout);
      std::string contact = it->contact;
      offers_[contact] = Offer{chosen, it->number, timer};
      it = queue_.erase(it);
      timer->async_wait([this, contact, chosen](boost::system::error_code ec) {
        if (ec) return;
        auto o = offers_.find(contact);
        if (o == offers_.end() || o->second.agent != chosen) return;
        queue_.insert(queue_.begin(), {contact, o->second.number});
        offers_.erase(o);
        {
          std::lock_guard lock(mu_);
          state_.ready_agents.erase(chosen);  // not ready after a missed offer
        }
        emit(OfferEvent::Kind::kEnded, contact, chosen);
        route();
      });
      emit(OfferEvent::Kind::kMade, contact, chosen);
    }
  }

  std::function<void(OfferEvent)> listener_;
  int calls_ = 0;
  std::vector<std::function<void()>> held_;  // guarded by mu_
  std::deque<Waiting> queue_;
  std::map<std::string, Offer> offers_;
  std::set<std::string> busy_agents_;
  std::map<std::string, std::set<std::string>> declined_;
  std::mutex mu_;
  State state_;
};

}  // namespace luukku::telephony::testing
