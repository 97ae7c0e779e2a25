#include "core/routing/policy.h"

#include <set>

#include "core/region.h"
#include "core/text.h"

namespace luukku::core::routing {
namespace {

constexpr seconds kDay{24 * 3600};

Status checkSpan(seconds value, seconds max, const std::string& field) {
  if (value < seconds(0) || value > max) {
    return invalidArgument(field + " must be between 0 and " + std::to_string(max.count()) +
                           " seconds");
  }
  return Status::ok();
}

}  // namespace

std::string_view overflowActionName(OverflowAction a) {
  switch (a) {
    case OverflowAction::kQueue:
      return "queue";
    case OverflowAction::kCallback:
      return "callback";
    case OverflowAction::kReject:
      return "reject";
  }
  return "queue";
}

std::optional<OverflowAction> overflowActionFromName(std::string_view name) {
  for (auto a : {OverflowAction::kQueue, OverflowAction::kCallback, OverflowAction::kReject}) {
    if (overflowActionName(a) == name) return a;
  }
  return std::nullopt;
}

std::string_view dueRuleName(DueRule r) {
  switch (r) {
    case DueRule::kSameWorkingDay:
      return "same_working_day";
    case DueRule::kNextWorkingDay:
      return "next_working_day";
    case DueRule::kWithin:
      return "within";
  }
  return "same_working_day";
}

std::optional<DueRule> dueRuleFromName(std::string_view name) {
  for (auto r : {DueRule::kSameWorkingDay, DueRule::kNextWorkingDay, DueRule::kWithin}) {
    if (dueRuleName(r) == name) return r;
  }
  return std::nullopt;
}

Status validateLinePolicy(const LinePolicy& p) {
  RETURN_IF_ERROR(checkSpan(p.priority_head_start, kDay, "priority_head_start"));
  RETURN_IF_ERROR(checkSpan(p.wrap_up, hours(1), "wrap_up"));
  if (p.offer_timeout < seconds(5) || p.offer_timeout > minutes(10)) {
    return invalidArgument("offer_timeout must be between 5 and 600 seconds");
  }
  if (p.max_offers_per_minute < 1 || p.max_offers_per_minute > 600) {
    return invalidArgument("max_offers_per_minute must be between 1 and 600");
  }
  if (p.queue_limit && (*p.queue_limit < 0 || *p.queue_limit > 100'000)) {
    return invalidArgument("queue_limit must be between 0 and 100000");
  }
  if (p.max_estimated_wait) {
    RETURN_IF_ERROR(checkSpan(*p.max_estimated_wait, kDay, "max_estimated_wait"));
  }
  RETURN_IF_ERROR(checkSpan(p.continuity_wait, hours(1), "continuity_wait"));
  RETURN_IF_ERROR(checkSpan(p.area_wait, hours(1), "area_wait"));
  if (p.assumed_handle_time < seconds(1) || p.assumed_handle_time > hours(8)) {
    return invalidArgument("assumed_handle_time must be between 1 second and 8 hours");
  }
  if (p.service_level_target < seconds(1) || p.service_level_target > hours(1)) {
    return invalidArgument("service_level_target must be between 1 and 3600 seconds");
  }
  std::set<std::string_view> skills;
  for (const auto& s : p.required_skills) {
    if (!isValidId(s))
      return invalidArgument("required_skills entry '" + printable(s) + "' is not a slug");
    if (!skills.insert(s).second) return invalidArgument("required_skills lists '" + s + "' twice");
  }
  const CallbackPolicy& c = p.callback;
  if (c.on_abandon_after)
    RETURN_IF_ERROR(checkSpan(*c.on_abandon_after, hours(1), "on_abandon_after"));
  if (c.due.rule == DueRule::kWithin && (c.due.within <= seconds(0) || c.due.within > 30 * kDay)) {
    return invalidArgument("due.within must be between 1 second and 30 days");
  }
  RETURN_IF_ERROR(checkSpan(c.due.same_day_cutoff, kDay, "due.same_day_cutoff"));
  if (c.max_attempts < 1 || c.max_attempts > 20) {
    return invalidArgument("max_attempts must be between 1 and 20");
  }
  if (c.retry_delays.empty() || c.retry_delays.size() > 20) {
    return invalidArgument("retry_delays must list 1 to 20 delays");
  }
  for (seconds d : c.retry_delays) RETURN_IF_ERROR(checkSpan(d, 7 * kDay, "retry_delays entry"));
  RETURN_IF_ERROR(checkSpan(c.escalate_before_due, 7 * kDay, "escalate_before_due"));
  return Status::ok();
}

Status validateAgentPolicy(const AgentPolicy& p) {
  std::set<std::string_view> lines;
  for (const auto& m : p.memberships) {
    if (!isValidId(m.line_id))
      return invalidArgument("membership line '" + printable(m.line_id) + "' is not a slug");
    if (!lines.insert(m.line_id).second) {
      return invalidArgument("memberships list line '" + m.line_id + "' twice");
    }
    if (m.tier < 1 || m.tier > 9) return invalidArgument("membership tier must be between 1 and 9");
  }
  const Capacity& c = p.capacity;
  if (c.calls < 0 || c.calls > 1) return invalidArgument("capacity.calls must be 0 or 1");
  if (c.chats < 0 || c.chats > 10)
    return invalidArgument("capacity.chats must be between 0 and 10");
  if (c.calls == 0 && c.chats == 0) return invalidArgument("capacity allows no work at all");
  return Status::ok();
}

}  // namespace luukku::core::routing
