// ContactCenter: decisions about callback tasks and contact requests.
#include <algorithm>

#include "core/routing/contact_center.h"
#include "core/routing/input_checks.h"
#include "core/routing/opening_hours.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

constexpr std::chrono::hours kFallbackDue{24};

}  // namespace

void ContactCenter::taskFor(const RoutingConfig& config, const TaskSpec& spec, Timestamp now,
                            IdSource& ids,
                            std::map<std::pair<std::string, std::string>, std::string>& made_here,
                            Events& out, std::string& task_id, const RequestForm& form) const {
  if (!spec.number.empty()) {
    std::string existing;
    if (const Task* open = openTaskFor(spec.line_id, spec.number)) {
      existing = open->id;
    } else if (auto it = made_here.find({spec.line_id, spec.number}); it != made_here.end()) {
      existing = it->second;
    }
    if (!existing.empty()) {
      out.push_back(TaskContactAdded{existing, spec.contact_id, now, spec.voice_message_ref,
                                     form.requester_name, form.description});
      task_id = existing;
      return;
    }
  }
  const LineSetup* setup = config.findLine(spec.line_id);
  const LinePolicy& policy = config.linePolicy(spec.line_id);
  Task t;
  t.id = ids.newId(ItemKind::kTask);
  t.number = spec.number;
  t.reason = spec.reason;
  t.first_contact_id = spec.contact_id;
  t.contact_count = 1;
  t.last_contact_at = now;
  t.voice_message_ref = spec.voice_message_ref;
  t.requester_name = form.requester_name;
  t.description = form.description;
  WorkRouting& r = t.routing;
  r.line_id = spec.line_id;
  r.channel = spec.channel;
  r.language = spec.language;
  r.skills = skillSet(policy.required_skills, {});
  r.band = 1;
  r.queue_time = now - policy.priority_head_start;
  r.created_at = now;
  std::optional<Timestamp> due;
  if (setup) due = dueTime(setup->line, config.region(), policy.callback.due, now);
  t.due_at = due.value_or(now + kFallbackDue);
  t.escalate_at = std::max(now, t.due_at - policy.callback.escalate_before_due);
  task_id = t.id;
  if (!t.number.empty()) made_here[{spec.line_id, spec.number}] = t.id;
  out.push_back(TaskCreated{std::move(t)});
}

Result<Events> ContactCenter::createTask(const RoutingConfig& config, const TaskRequest& request,
                                         Timestamp now, IdSource& ids) const {
  now = clamp(now);
  const LineSetup* setup = config.findLine(request.line_id);
  if (!setup) return notFound("service line '" + printable(request.line_id) + "' does not exist");
  if (!setup->line.active) {
    return failedPrecondition("service line '" + request.line_id + "' is retired");
  }
  if (request.channel != Channel::kCallback && request.channel != Channel::kContactRequest) {
    return invalidArgument("a task is a callback or a contact request");
  }
  if (request.channel == Channel::kCallback && request.number.empty()) {
    return invalidArgument("a callback task needs a number to call");
  }
  RETURN_IF_ERROR(checkNumber(request.number, "number"));
  RETURN_IF_ERROR(checkLanguage(request.language));
  RETURN_IF_ERROR(checkText(request.voice_message_ref, "voice_message_ref", 200));
  RETURN_IF_ERROR(checkOptionalId(request.contact_id, "contact_id"));
  RETURN_IF_ERROR(checkText(request.requester_name, "name", TaskRequest::kMaxRequesterName));
  RETURN_IF_ERROR(
      checkMultilineText(request.description, "description", TaskRequest::kMaxDescription));
  if (request.channel == Channel::kCallback &&
      !(request.requester_name.empty() && request.description.empty())) {
    return invalidArgument("a name and a description belong to contact requests, not callbacks");
  }
  TaskSpec spec{request.line_id,           request.channel, request.number,    request.language,
                request.voice_message_ref, request.reason,  request.contact_id};
  const RequestForm form{request.requester_name, request.description};
  std::map<std::pair<std::string, std::string>, std::string> made_here;
  Events out;
  std::string task_id;
  taskFor(config, spec, now, ids, made_here, out, task_id, form);
  return out;
}

Result<Events> ContactCenter::claimTask(const RoutingConfig&, std::string_view agent_id,
                                        std::string_view task_id, Timestamp now) const {
  now = clamp(now);
  const TaskEntry* entry = taskOf(task_id);
  if (!entry) return notOpen(task_id);
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || agent->doc.state.status == PresenceStatus::kOffline) {
    return failedPrecondition("agent '" + printable(agent_id) + "' is offline");
  }
  const WorkRouting& r = entry->doc.routing;
  ItemRef ref{ItemKind::kTask, std::string(task_id)};
  if (r.state == WorkState::kActive) {
    if (r.agent_id == agent_id) return Events{};  // a repeated click
    return conflict("task '" + std::string(task_id) + "' is already held by agent '" + r.agent_id +
                    "'");
  }
  if (r.state == WorkState::kOffered && r.agent_id != agent_id) {
    return conflict("task '" + std::string(task_id) + "' is being offered to agent '" + r.agent_id +
                    "'");
  }
  // Capacity counts work in hand; other pending offers are withdrawn.
  Events out;
  int calls = 0;
  int chats = 0;
  for (const ItemRef& held : heldBy(agent_id)) {
    const WorkRouting* item = findItem(held);
    if (!item || held == ref) continue;
    if (item->state == WorkState::kOffered) {
      out.push_back(OfferWithdrawn{held, std::string(agent_id), now, "claimed_other_work"});
    } else {
      ++(capacityKindOf(item->channel) == CapacityKind::kCalls ? calls : chats);
    }
  }
  const Capacity& cap = agent->doc.profile.capacity;
  if (calls >= cap.calls || (!cap.mix_calls_and_chats && chats > 0)) {
    return conflict("agent '" + std::string(agent_id) +
                    "' has no free capacity for a callback; finish the work in hand first");
  }
  if (r.state == WorkState::kOffered) {
    out.push_back(OfferAccepted{ref, std::string(agent_id), now});
  } else {
    out.push_back(TaskClaimed{std::string(task_id), std::string(agent_id), now});
  }
  if (auto change = presenceAfter(agent, agent_id, agent->active + 1, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::releaseTask(const RoutingConfig&, std::string_view agent_id,
                                          std::string_view task_id, Timestamp now) const {
  now = clamp(now);
  const TaskEntry* entry = taskOf(task_id);
  if (!entry) return notOpen(task_id);
  const AgentEntry* agent = agentOf(agent_id);
  const WorkRouting& r = entry->doc.routing;
  if (!agent || r.state != WorkState::kActive || r.agent_id != agent_id) {
    return notHeld(task_id, agent_id);
  }
  Events out{TaskReleased{std::string(task_id), std::string(agent_id), now}};
  if (auto change = presenceAfter(agent, agent_id, agent->active - 1, std::nullopt,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::recordAttempt(const RoutingConfig& config, std::string_view agent_id,
                                            std::string_view task_id, AttemptOutcome outcome,
                                            Timestamp now) const {
  now = clamp(now);
  const TaskEntry* entry = taskOf(task_id);
  if (!entry) return notOpen(task_id);
  const AgentEntry* agent = agentOf(agent_id);
  const Task& t = entry->doc;
  if (!agent || t.routing.state != WorkState::kActive || t.routing.agent_id != agent_id) {
    return notHeld(task_id, agent_id);
  }
  Attempt attempt{now, std::string(agent_id), outcome};
  Events out;
  if (outcome == AttemptOutcome::kReached) {
    out.push_back(TaskAttemptRecorded{t.id, attempt, std::nullopt});
    return out;
  }
  const CallbackPolicy& cb = config.linePolicy(t.routing.line_id).callback;
  auto failed = 1 + std::count_if(t.attempts.begin(), t.attempts.end(), [](const Attempt& a) {
                  return a.outcome != AttemptOutcome::kReached;
                });
  auto letGo = [&] {
    if (auto change = presenceAfter(agent, agent_id, agent->active - 1, std::nullopt,
                                    agent->doc.state.chosen, agent->doc.state.reason, now)) {
      out.push_back(std::move(*change));
    }
  };
  if (outcome == AttemptOutcome::kWrongNumber || failed >= cb.max_attempts) {
    out.push_back(TaskAttemptRecorded{t.id, attempt, std::nullopt});
    Task final_task = t;
    final_task.attempts.push_back(attempt);
    final_task.end = TaskEnd::kUnreachable;
    final_task.outcome = std::string(attemptOutcomeName(outcome));
    final_task.ended_by = std::string(agent_id);
    final_task.ended_at = now;
    out.push_back(TaskUnreachable{std::move(final_task)});
    letGo();
    return out;
  }
  std::size_t step =
      std::min<std::size_t>(static_cast<std::size_t>(failed - 1),
                            cb.retry_delays.empty() ? 0 : cb.retry_delays.size() - 1);
  std::chrono::seconds delay =
      cb.retry_delays.empty() ? std::chrono::minutes(30) : cb.retry_delays[step];
  out.push_back(TaskAttemptRecorded{t.id, attempt, now + delay});
  letGo();
  return out;
}

Result<Events> ContactCenter::completeTask(const RoutingConfig& config, std::string_view agent_id,
                                           std::string_view task_id, std::string outcome,
                                           Timestamp now) const {
  now = clamp(now);
  RETURN_IF_ERROR(checkText(outcome, "outcome", 100));
  const TaskEntry* entry = taskOf(task_id);
  if (!entry) return notOpen(task_id);
  const AgentEntry* agent = agentOf(agent_id);
  const Task& t = entry->doc;
  if (!agent || t.routing.state != WorkState::kActive || t.routing.agent_id != agent_id) {
    return notHeld(task_id, agent_id);
  }
  const LinePolicy& policy = config.linePolicy(t.routing.line_id);
  int active_after = agent->active - 1;
  bool wraps = active_after == 0 && policy.wrap_up > std::chrono::seconds(0);
  Task final_task = t;
  final_task.end = TaskEnd::kCompleted;
  final_task.outcome = outcome.empty() ? "completed" : std::move(outcome);
  final_task.ended_by = std::string(agent_id);
  final_task.ended_at = now;
  Events out{TaskCompleted{std::move(final_task), wraps ? std::chrono::microseconds(policy.wrap_up)
                                                        : std::chrono::microseconds(0)}};
  std::optional<Timestamp> wrap_until;
  if (wraps) wrap_until = now + policy.wrap_up;
  if (auto change = presenceAfter(agent, agent_id, active_after, wrap_until,
                                  agent->doc.state.chosen, agent->doc.state.reason, now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::rescheduleTask(const RoutingConfig& config, std::string_view task_id,
                                             Timestamp due_at, std::optional<Timestamp> not_before,
                                             std::string by, Timestamp now) const {
  now = clamp(now);
  RETURN_IF_ERROR(checkText(by, "by", 100));
  const TaskEntry* entry = taskOf(task_id);
  if (!entry) return notOpen(task_id);
  const Task& t = entry->doc;
  if (t.routing.state == WorkState::kOffered || t.routing.state == WorkState::kActive) {
    return conflict("task '" + std::string(task_id) +
                    "' is being handled; it can be rescheduled once it is back in line");
  }
  if (due_at < now) return invalidArgument("the new due time has already passed");
  if (not_before && *not_before < now) return invalidArgument("not_before has already passed");
  const CallbackPolicy& cb = config.linePolicy(t.routing.line_id).callback;
  Timestamp escalate_at = std::max(now, due_at - cb.escalate_before_due);
  bool escalated = t.escalated && escalate_at <= now;
  return Events{
      TaskRescheduled{t.id, std::move(by), now, due_at, escalate_at, escalated, not_before}};
}

}  // namespace luukku::core::routing
