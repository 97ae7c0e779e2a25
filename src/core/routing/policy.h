// Routing and callback policies: plain values, one per service line and one per agent, meant
// to be embedded in core::ServiceLine and core::Agent (this header depends on nothing but the
// standard library and core/status.h, so core/region.h can include it). Every field has a
// working default, so a line or agent configured without any policy routes sensibly.
//
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::core::routing {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// What happens to a call or chat that arrives when a condition holds.
enum class OverflowAction {
  kQueue,     // it waits in line anyway
  kCallback,  // it becomes (or adds to) a callback task when the number is known, else kReject
  kReject,    // it is turned away with a message
};

enum class DueRule {
  kSameWorkingDay,  // by the end of today's hours; the next working day when created after them
  kNextWorkingDay,  // by the end of the next working day's hours
  kWithin,          // a fixed time after creation (e.g. 24/7 lines with no working days)
};

struct DuePolicy {
  DueRule rule = DueRule::kSameWorkingDay;
  std::chrono::seconds within{std::chrono::hours(24)};  // for kWithin
  // kSameWorkingDay: a task created less than this before the day's end is due the next
  // working day instead, so nobody is handed a task due in five minutes.
  std::chrono::seconds same_day_cutoff{0};
  friend bool operator==(const DuePolicy&, const DuePolicy&) = default;
};

std::string_view overflowActionName(OverflowAction a);  // "queue", "callback", "reject"
std::optional<OverflowAction> overflowActionFromName(std::string_view name);
std::string_view dueRuleName(DueRule r);  // "same_working_day", "next_working_day", "within"
std::optional<DueRule> dueRuleFromName(std::string_view name);

// When callback tasks are made and how they are worked off.
struct CallbackPolicy {
  OverflowAction when_closed = OverflowAction::kCallback;
  // "Busy": no agent of the line is free for this contact right now.
  OverflowAction when_busy = OverflowAction::kQueue;
  OverflowAction when_queue_full = OverflowAction::kCallback;     // see LinePolicy::queue_limit
  OverflowAction when_wait_too_long = OverflowAction::kCallback;  // see max_estimated_wait
  // A caller who hangs up after waiting at least this long gets a task; nullopt: never.
  std::optional<seconds> on_abandon_after = seconds(30);
  DuePolicy due;
  // After this many failed attempts the task ends as unreachable.
  int max_attempts = 3;
  // The wait before attempt n+1 after failed attempt n; the last entry repeats.
  std::vector<seconds> retry_delays = {minutes(30), hours(2)};
  // A task not done this long before its due time is escalated (an event and a priority rise).
  seconds escalate_before_due = hours(1);
  friend bool operator==(const CallbackPolicy&, const CallbackPolicy&) = default;
};

// How a service line's work is routed.
struct LinePolicy {
  // The priority between lines, with aging built in: work on this line counts as if it had
  // arrived this much earlier. A consultation line with 300 s is answered before citizens'
  // calls that have waited less than five minutes longer, but never starves them: a citizen
  // who has waited five minutes more than a professional goes first.
  seconds priority_head_start{0};
  seconds wrap_up{30};        // after-work time before the agent is offered more work
  seconds offer_timeout{20};  // an unanswered offer is withdrawn and the agent set not ready
  // A safety net against offer loops (a phone that fails at once, a desktop that declines by
  // itself): an item is offered at most this often within any minute; then it waits.
  int max_offers_per_minute = 12;
  // Live contacts (waiting or being offered) beyond which new ones overflow; nullopt: no limit.
  std::optional<int> queue_limit = 100;
  // A new contact whose estimated wait exceeds this overflows; nullopt: no threshold.
  std::optional<seconds> max_estimated_wait = minutes(15);
  // Continuity of care: how long a contact waits for the agent or team who served the
  // customer last, or for an agent of the customer's own area, before anyone may take it.
  seconds continuity_wait{60};
  seconds area_wait{30};
  std::vector<std::string> required_skills;  // every agent answering the line has these
  seconds assumed_handle_time{240};  // for wait estimates until real handling times are known
  // The service level's target: a call answered after waiting less than this counts as answered
  // within target (docs/reports.md, "Service level"; the supervisor's view shows it per line).
  seconds service_level_target{60};
  CallbackPolicy callback;
  friend bool operator==(const LinePolicy&, const LinePolicy&) = default;
};

// An agent's place in a line: tier 1 is asked first, then tier 2, and so on.
struct Membership {
  std::string line_id;
  int tier = 1;
  friend bool operator==(const Membership&, const Membership&) = default;
};

// How much work an agent holds at once, per channel kind.
struct Capacity {
  int calls = 1;  // phone, video, callback and contact-request work
  int chats = 3;
  bool mix_calls_and_chats = false;  // may chats be offered during a call, and calls during chats
  friend bool operator==(const Capacity&, const Capacity&) = default;
};

struct AgentPolicy {
  std::vector<Membership> memberships;
  Capacity capacity;
  friend bool operator==(const AgentPolicy&, const AgentPolicy&) = default;
};

// Checks of a policy on its own; messages name the field.
Status validateLinePolicy(const LinePolicy& policy);
Status validateAgentPolicy(const AgentPolicy& policy);

}  // namespace luukku::core::routing
