#include "reports/call_ledger.h"

#include <algorithm>
#include <type_traits>

namespace luukku::reports {
namespace {

namespace routing = core::routing;
using core::reports::CallDirection;
using core::reports::CallOutcome;
using core::reports::kCallbackWindow;
using core::reports::kRepeatWindow;
using core::reports::outcomeOf;

// A call's record stays this long after its end for the call events that follow the
// contact's end (the voice message, call.ended).
constexpr std::chrono::hours kSettleAfterEnd{1};
// A record not yet settled (a call not ended, a task open) is looked at again this much later.
constexpr std::chrono::hours kLookAgain{1};
constexpr std::chrono::microseconds kTick{1};  // settling is strictly after the window

bool isCall(const routing::Contact& contact) {
  return contact.direction == routing::ContactDirection::kOutgoing ||
         contact.routing.channel == core::Channel::kPhone;
}

bool unanswered(const CallRecord& call) {
  return call.direction == CallDirection::kInbound && !call.answered_at;
}

}  // namespace

Timestamp CallLedger::restoreSince(Timestamp now) {
  return now - std::max(kCallbackWindow, kRepeatWindow);
}

void CallLedger::restore(const std::vector<CallRecord>& calls, const std::vector<TaskRecord>& tasks,
                         const std::vector<core::reports::PresenceSession>& open_sessions,
                         const std::map<std::string, std::vector<std::string>>& agent_lines) {
  lines_of_ = agent_lines;
  for (const auto& session : open_sessions) {
    sessions_[session.id] = session;
    open_session_of_[session.agent_id] = session.id;
  }
  for (const CallRecord& call : calls) {
    calls_[call.id] = call;
    call_checks_.emplace(Timestamp(), call.id);
    index(call);
    if (call.direction == CallDirection::kInbound && !call.line_id.empty() &&
        !call.number.empty()) {
      Timestamp& last = last_arrival_[{call.line_id, call.number}];
      last = std::max(last, call.arrived_at);
    }
  }
  for (const auto& [key, at] : last_arrival_)
    arrival_checks_.emplace(at + kRepeatWindow + kTick, key);
  for (const TaskRecord& task : tasks) {
    tasks_[task.id] = task;
    task_checks_.emplace(Timestamp(), task.id);
  }
}

namespace {
// The record `id` in `records`, made if new; its state before the batch noted in `changes`.
template <typename Record, typename Change>
Record* touch(std::unordered_map<std::string, Record>& records, const std::string& id,
              std::map<std::string, Change>& changes) {
  auto it = records.find(id);
  auto [change, fresh] = changes.try_emplace(id);
  if (fresh && it != records.end()) change->second.before = it->second;
  if (it == records.end()) {
    it = records.emplace(id, Record{}).first;
    it->second.id = id;
  }
  return &it->second;
}
}  // namespace

// A record new or changed in a batch is looked at by the forget() after it, which knows the
// time and says when to look again.
CallRecord* CallLedger::touchCall(const std::string& id, Changes& changes) {
  if (!changes.calls.contains(id)) call_checks_.emplace(Timestamp(), id);
  return touch(calls_, id, changes.calls);
}

TaskRecord* CallLedger::touchTask(const std::string& id, Changes& changes) {
  if (!changes.tasks.contains(id)) task_checks_.emplace(Timestamp(), id);
  return touch(tasks_, id, changes.tasks);
}

void CallLedger::index(const CallRecord& call) {
  if (!unanswered(call)) return;
  if (!call.line_id.empty() && !call.number.empty()) {
    unanswered_by_number_[{call.line_id, call.number}].insert(call.id);
  }
  if (!call.task_id.empty()) unanswered_by_task_[call.task_id].insert(call.id);
}

// The first time a call's line and number are both known: is it a repeat contact?
void CallLedger::noteArrival(CallRecord& call) {
  if (call.direction != CallDirection::kInbound || call.line_id.empty() || call.number.empty()) {
    return;
  }
  auto [it, fresh] = last_arrival_.try_emplace({call.line_id, call.number}, call.arrived_at);
  if (!fresh) {
    call.repeat = call.arrived_at >= it->second && call.arrived_at - it->second <= kRepeatWindow;
    if (call.arrived_at <= it->second) return;
    it->second = call.arrived_at;
  }
  arrival_checks_.emplace(it->second + kRepeatWindow + kTick, it->first);
}

void CallLedger::absorbContact(const routing::Contact& contact, Changes& changes) {
  if (!isCall(contact)) return;
  CallRecord& call = *touchCall(contact.id, changes);
  const bool outgoing = contact.direction == routing::ContactDirection::kOutgoing;
  const bool had_line = !call.line_id.empty();
  call.direction = outgoing ? CallDirection::kOutgoing : CallDirection::kInbound;
  call.line_id = routing::arrivalLine(contact);
  // Routing's own arrival: the wait to answer is counted in line, not in the menu before it.
  call.arrived_at = contact.routing.created_at;
  if (outgoing) {
    call.number = contact.to_number;
    call.task_id = contact.callback_task_id;
    call.agent_id = contact.routing.agent_id;
  } else {
    call.number = contact.from_number;
    if (!contact.task_id.empty()) linkToTask(call.id, contact.task_id, changes);
    if (auto answered = contact.answered_at ? contact.answered_at : contact.routing.accepted_at;
        answered && !call.answered_at) {
      call.answered_at = answered;
      call.agent_id = contact.routing.agent_id;
    }
  }
  if (contact.end != routing::ContactEnd::kOpen) {
    call.end = std::string(routing::contactEndName(contact.end));
    call.ended_at = contact.ended_at;
  }
  if (!had_line) noteArrival(call);
  index(call);
}

void CallLedger::linkToTask(const std::string& call_id, const std::string& task_id,
                            Changes& changes) {
  if (!calls_.contains(call_id)) return;  // not a call (a contact request, a chat)
  CallRecord& call = *touchCall(call_id, changes);
  if (call.direction != CallDirection::kInbound) return;
  call.task_id = task_id;
  index(call);
  // Linked to a task that already reached the number: called back already.
  auto task = tasks_.find(task_id);
  if (task != tasks_.end() && task->second.reached_at && !call.answered_at && !call.reached_at) {
    call.reached_at = task->second.reached_at;
  }
}

void CallLedger::reached(const TaskRecord& task, Timestamp at, Changes& changes) {
  std::set<std::string> ids;
  if (auto it = unanswered_by_task_.find(task.id); it != unanswered_by_task_.end()) {
    ids.insert(it->second.begin(), it->second.end());
  }
  if (auto it = unanswered_by_number_.find({task.line_id, task.number});
      it != unanswered_by_number_.end()) {
    ids.insert(it->second.begin(), it->second.end());
  }
  for (const std::string& id : ids) {
    auto it = calls_.find(id);
    if (it == calls_.end()) continue;
    const CallRecord& call = it->second;
    if (call.answered_at || call.reached_at) continue;
    if (call.arrived_at > at || at - call.arrived_at > kCallbackWindow) continue;
    touchCall(id, changes)->reached_at = at;
  }
}

void CallLedger::apply(const routing::RoutingEvent& event, Changes& changes) {
  std::visit(
      [&](const auto& ev) {
        using E = std::decay_t<decltype(ev)>;
        if constexpr (requires { ev.contact; }) {
          absorbContact(ev.contact, changes);
          if constexpr (std::is_same_v<E, routing::ContactCompleted>) {
            if (calls_.contains(ev.contact.id))
              touchCall(ev.contact.id, changes)->wrap_up = ev.wrap_up;
          }
        } else if constexpr (std::is_same_v<E, routing::OfferAccepted>) {
          if (ev.item.kind != routing::ItemKind::kContact) return;
          auto it = calls_.find(ev.item.id);
          if (it == calls_.end() || it->second.direction != CallDirection::kInbound ||
              it->second.answered_at) {
            return;
          }
          CallRecord& call = *touchCall(ev.item.id, changes);
          call.answered_at = ev.at;
          call.agent_id = ev.agent_id;
        } else if constexpr (std::is_same_v<E, routing::TaskCreated> ||
                             std::is_same_v<E, routing::TaskCompleted> ||
                             std::is_same_v<E, routing::TaskUnreachable>) {
          if (ev.task.routing.channel != core::Channel::kCallback) return;
          TaskRecord& task = *touchTask(ev.task.id, changes);
          task.line_id = ev.task.routing.line_id;
          task.number = ev.task.number;
          task.reason = std::string(routing::taskReasonName(ev.task.reason));
          task.created_at = ev.task.routing.created_at;
          task.due_at = ev.task.due_at;
          task.contacts = ev.task.contact_count;
          task.end = std::string(routing::taskEndName(ev.task.end));
          task.ended_at = ev.task.ended_at;
          task.ended_by = ev.task.ended_by;
          if constexpr (std::is_same_v<E, routing::TaskCreated>) {
            linkToTask(ev.task.first_contact_id, ev.task.id, changes);
          }
        } else if constexpr (std::is_same_v<E, routing::PresenceChanged>) {
          const bool signed_in = ev.state.status != routing::PresenceStatus::kOffline;
          const bool open = open_session_of_.contains(ev.agent_id);
          if (signed_in && !open) startSession(ev.agent_id, ev.at, changes);
          if (!signed_in && open) endSession(ev.agent_id, ev.at, changes);
        } else if constexpr (std::is_same_v<E, routing::ProfileChanged>) {
          std::vector<std::string> lines;
          for (const auto& m : ev.profile.memberships) lines.push_back(m.line_id);
          std::sort(lines.begin(), lines.end());
          lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
          changeLines(ev.agent_id, std::move(lines), ev.at, changes);
        } else if constexpr (std::is_same_v<E, routing::TaskContactAdded>) {
          if (!tasks_.contains(ev.task_id)) return;
          touchTask(ev.task_id, changes)->contacts += 1;
          if (!ev.contact_id.empty()) linkToTask(ev.contact_id, ev.task_id, changes);
        } else if constexpr (std::is_same_v<E, routing::TaskAttemptRecorded>) {
          if (!tasks_.contains(ev.task_id)) return;
          TaskRecord& task = *touchTask(ev.task_id, changes);
          task.attempts += 1;
          if (!task.first_attempt_at) task.first_attempt_at = ev.attempt.at;
          if (ev.attempt.outcome == routing::AttemptOutcome::kReached) {
            if (!task.reached_at) task.reached_at = ev.attempt.at;
            reached(task, ev.attempt.at, changes);
          }
        }
      },
      event);
}

void CallLedger::apply(std::string_view call_id, const core::CallEvent& event,
                       Timestamp recorded_at, Changes& changes) {
  const std::string id(call_id);
  std::visit(
      [&](const auto& ev) {
        using E = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<E, core::CallArrived>) {
          if (calls_.contains(id)) return;
          CallRecord& call = *touchCall(id, changes);
          call.direction = CallDirection::kInbound;
          call.arrived_at = recorded_at;
        } else if constexpr (std::is_same_v<E, core::CallDialled>) {
          CallRecord& call = *touchCall(id, changes);
          if (!call.line_id.empty()) return;  // contact.dialled came first
          call.direction = CallDirection::kOutgoing;
          call.line_id = ev.line_id;
          call.number = ev.number;
          call.agent_id = ev.agent_id;
          call.task_id = ev.task_id;
          call.arrived_at = recorded_at;
        } else if constexpr (std::is_same_v<E, core::CallAnswered>) {
          auto it = calls_.find(id);
          if (it == calls_.end() || it->second.direction != CallDirection::kOutgoing ||
              it->second.answered_at) {
            return;
          }
          touchCall(id, changes)->answered_at = recorded_at;
        } else if constexpr (std::is_same_v<E, core::CallVoiceMessage>) {
          if (!calls_.contains(id) || !ev.heard_voice) return;
          touchCall(id, changes)->voice_message = true;
        } else if constexpr (std::is_same_v<E, core::CallEnded>) {
          auto it = calls_.find(id);
          // A call that ended before routing saw it (the caller hung up in the menu) ends here;
          // the others end with their contact.
          if (it == calls_.end() || !it->second.line_id.empty() || it->second.ended_at) return;
          CallRecord& call = *touchCall(id, changes);
          call.ended_at = recorded_at;
          call.end = "ended_before_routing";
        }
      },
      event);
}

void CallLedger::startSession(const std::string& agent_id, Timestamp at, Changes& changes) {
  auto lines = lines_of_.find(agent_id);
  core::reports::PresenceSession session{
      agent_id + "@" + std::to_string(toMicros(at)),
      agent_id,
      at,
      std::nullopt,
      at,
      lines == lines_of_.end() ? std::vector<std::string>{} : lines->second};
  open_session_of_[agent_id] = session.id;
  changes.sessions.try_emplace(session.id);
  sessions_[session.id] = std::move(session);
}

void CallLedger::endSession(const std::string& agent_id, Timestamp at, Changes& changes) {
  auto open = open_session_of_.find(agent_id);
  auto& session = sessions_.at(open->second);
  auto [change, fresh] = changes.sessions.try_emplace(session.id);
  if (fresh) change->second.before = session;
  session.ended_at = at;
  session.seen_until = at;
  open_session_of_.erase(open);
}

// A signed-in agent whose lines change ends one session and begins another, so that each
// session's hours count on the lines the agent had then. One that signed in at this very
// instant (the profile is written as the agent comes online) just takes the new lines.
void CallLedger::changeLines(const std::string& agent_id, std::vector<std::string> lines,
                             Timestamp at, Changes& changes) {
  auto known = lines_of_.find(agent_id);
  if (known != lines_of_.end() && known->second == lines) return;
  lines_of_[agent_id] = lines;
  changes.agent_lines[agent_id] = lines;
  auto open = open_session_of_.find(agent_id);
  if (open == open_session_of_.end()) return;
  auto& session = sessions_.at(open->second);
  if (session.started_at == at) {
    auto [change, fresh] = changes.sessions.try_emplace(session.id);
    if (fresh) change->second.before = session;
    session.lines = std::move(lines);
    return;
  }
  endSession(agent_id, at, changes);
  startSession(agent_id, at, changes);
}

void CallLedger::finish(Timestamp now, Changes& changes) {
  for (auto& [id, change] : changes.calls) change.after = calls_.at(id);
  for (auto& [id, change] : changes.tasks) change.after = tasks_.at(id);
  for (auto& [agent, id] : open_session_of_) {
    auto& session = sessions_.at(id);
    if (session.seen_until >= now) continue;
    auto [change, fresh] = changes.sessions.try_emplace(id);
    if (fresh) change->second.before = session;
    session.seen_until = now;
  }
  for (auto& [id, change] : changes.sessions) change.after = sessions_.at(id);
  std::erase_if(sessions_, [](const auto& entry) { return entry.second.ended_at.has_value(); });
}

void CallLedger::forget(Timestamp now) {
  while (!call_checks_.empty() && call_checks_.begin()->first <= now) {
    auto check = call_checks_.extract(call_checks_.begin());
    auto it = calls_.find(check.mapped());
    if (it == calls_.end()) continue;
    ++examined_;
    const CallRecord& call = it->second;
    const bool lost = outcomeOf(call) == CallOutcome::kLost;
    if (!call.ended_at) {
      check.key() = now + kLookAgain;
      call_checks_.insert(std::move(check));
      continue;
    }
    Timestamp settles = *call.ended_at + kSettleAfterEnd + kTick;
    if (lost) settles = std::max(settles, call.arrived_at + kCallbackWindow + kTick);
    if (settles > now) {
      check.key() = settles;
      call_checks_.insert(std::move(check));
      continue;
    }
    if (auto n = unanswered_by_number_.find({call.line_id, call.number});
        n != unanswered_by_number_.end()) {
      n->second.erase(call.id);
      if (n->second.empty()) unanswered_by_number_.erase(n);
    }
    if (auto t = unanswered_by_task_.find(call.task_id); t != unanswered_by_task_.end()) {
      t->second.erase(call.id);
      if (t->second.empty()) unanswered_by_task_.erase(t);
    }
    calls_.erase(it);
  }
  while (!task_checks_.empty() && task_checks_.begin()->first <= now) {
    auto check = task_checks_.extract(task_checks_.begin());
    auto it = tasks_.find(check.mapped());
    if (it == tasks_.end()) continue;
    ++examined_;
    const auto& ended = it->second.ended_at;
    const Timestamp settles = ended ? *ended + kCallbackWindow + kTick : now + kLookAgain;
    if (settles > now) {
      check.key() = settles;
      task_checks_.insert(std::move(check));
      continue;
    }
    tasks_.erase(it);
  }
  while (!arrival_checks_.empty() && arrival_checks_.begin()->first <= now) {
    auto check = arrival_checks_.extract(arrival_checks_.begin());
    auto it = last_arrival_.find(check.mapped());
    if (it == last_arrival_.end()) continue;
    ++examined_;
    if (now - it->second > kRepeatWindow) last_arrival_.erase(it);
  }
}

}  // namespace luukku::reports
