#include "reports/rollup.h"

#include <algorithm>
#include <chrono>
#include <type_traits>
#include <variant>

#include "core/routing/helsinki_time.h"

namespace luukku::reports {
namespace {

using core::reports::CallDirection;
using core::reports::CallOutcome;

void add(CounterDeltas& deltas, Timestamp at, bool by_hour, const std::string& line,
         const std::string& agent, std::string metric, std::int64_t n) {
  deltas[{helsinkiDay(at), by_hour ? helsinkiHour(at) : -1, line, agent, std::move(metric)}] += n;
}

}  // namespace

std::string helsinkiDay(Timestamp t) {
  return formatDate(core::routing::toHelsinki(t).date);
}

int helsinkiHour(Timestamp t) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::hours>(core::routing::toHelsinki(t).time_of_day)
          .count());
}

void contribute(const core::reports::CallRecord& call, int sign, CounterDeltas& deltas) {
  const std::string& line = call.line_id;
  const CallOutcome outcome = core::reports::outcomeOf(call);
  const Timestamp at = call.arrived_at;
  if (call.direction == CallDirection::kInbound) add(deltas, at, true, line, "", "arrivals", sign);
  if (core::reports::countsInTotal(outcome)) {
    add(deltas, at, true, line, "", std::string(core::reports::callOutcomeName(outcome)), sign);
  }
  if (outcome == CallOutcome::kCallbackAttempt) {
    add(deltas, at, true, line, "", "callback_attempts", sign);
    if (!call.agent_id.empty())
      add(deltas, at, false, line, call.agent_id, "callback_attempts", sign);
  }
  if (outcome == CallOutcome::kOutgoing && !call.agent_id.empty()) {
    add(deltas, at, false, line, call.agent_id, "outgoing", sign);
  }
  if (call.direction != CallDirection::kInbound) return;
  if (call.answered_at) {
    const auto wait = *call.answered_at - at;
    add(deltas, at, false, line, "",
        "answer_wait:" + std::to_string(core::reports::histogramBucket(wait)), sign);
    add(deltas, at, false, line, "", "answer_wait_us", sign * wait.count());
    if (call.ended_at && !call.agent_id.empty()) {
      add(deltas, at, false, line, call.agent_id, "handled", sign);
      add(deltas, at, false, line, call.agent_id, "talk_us",
          sign * core::reports::talkOf(call).count());
      add(deltas, at, false, line, call.agent_id, "wrap_up_us", sign * call.wrap_up.count());
    }
  }
  if (core::reports::abandoned(call) && call.ended_at) {
    const auto wait = *call.ended_at - at;
    add(deltas, at, true, line, "", "abandoned", sign);
    add(deltas, at, false, line, "",
        "abandon_wait:" + std::to_string(core::reports::histogramBucket(wait)), sign);
    add(deltas, at, false, line, "", "abandon_wait_us", sign * wait.count());
  }
  if (call.voice_message) add(deltas, at, false, line, "", "voice_messages", sign);
  if (call.repeat) add(deltas, at, false, line, "", "repeats", sign);
}

void contribute(const core::reports::TaskRecord& task, int sign, CounterDeltas& deltas) {
  add(deltas, task.created_at, true, task.line_id, "", "tasks_created", sign);
  if (task.end == "completed" && task.ended_at && !task.ended_by.empty()) {
    add(deltas, *task.ended_at, false, task.line_id, task.ended_by, "callbacks_completed", sign);
  }
}

void contribute(const core::reports::PresenceSession& session, int sign, CounterDeltas& deltas) {
  const Timestamp end = session.ended_at.value_or(session.seen_until);
  // Helsinki's offsets are whole hours, so its hours begin with UTC's.
  for (Timestamp from = session.started_at; from < end;) {
    const Timestamp hour_end = std::chrono::floor<std::chrono::hours>(from) + std::chrono::hours{1};
    const Timestamp to = std::min(hour_end, end);
    // All lines together under "", and each of the agent's lines on its own.
    add(deltas, from, true, "", "", "signed_in_us", sign * (to - from).count());
    for (const std::string& line : session.lines) {
      add(deltas, from, true, line, "", "signed_in_us", sign * (to - from).count());
    }
    from = to;
  }
}

void contributeChat(const core::routing::RoutingEvent& event, CounterDeltas& deltas) {
  namespace routing = core::routing;
  std::visit(
      [&](const auto& ev) {
        using E = std::decay_t<decltype(ev)>;
        if constexpr (requires { ev.contact; }) {
          const routing::Contact& contact = ev.contact;
          if (contact.routing.channel != core::Channel::kChat) return;
          // A chat transferred to another line counts, whole, on the line it arrived on, and
          // its wait ends when the first professional accepted it (logs written before
          // answered_at existed name only the latest acceptance).
          const std::string& line = routing::arrivalLine(contact);
          const Timestamp at = contact.routing.created_at;
          const std::optional<Timestamp> answered =
              contact.answered_at ? contact.answered_at : contact.routing.accepted_at;
          if constexpr (std::is_same_v<E, routing::ContactQueued>) {
            add(deltas, at, true, line, "", "chats_offered", 1);
          } else if constexpr (std::is_same_v<E, routing::ContactAbandoned>) {
            if (!answered) add(deltas, at, true, line, "", "chats_abandoned", 1);
          } else if constexpr (std::is_same_v<E, routing::ContactCompleted> ||
                               std::is_same_v<E, routing::ContactInterrupted>) {
            if (!answered) return;
            const auto wait = *answered - at;
            const auto duration = std::max(std::chrono::microseconds{0},
                                           contact.ended_at.value_or(*answered) - *answered);
            add(deltas, at, true, line, "", "chats_answered", 1);
            add(deltas, at, false, line, "",
                "chat_wait:" + std::to_string(core::reports::histogramBucket(wait)), 1);
            add(deltas, at, false, line, "", "chat_wait_us", wait.count());
            add(deltas, at, false, line, "",
                "chat_duration:" + std::to_string(core::reports::histogramBucket(duration)), 1);
            add(deltas, at, false, line, "", "chat_duration_us", duration.count());
          }
        }
      },
      event);
}

void contributeChat(const core::ChatFeedback& feedback, CounterDeltas& deltas) {
  add(deltas, feedback.started_at, false, feedback.line_id, "",
      "chat_feedback:" + std::to_string(feedback.rating), 1);
}

void dropZeros(CounterDeltas& deltas) {
  std::erase_if(deltas, [](const auto& entry) { return entry.second == 0; });
}

}  // namespace luukku::reports
