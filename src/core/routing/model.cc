#include "core/routing/model.h"

#include <array>
#include <utility>

namespace luukku::core::routing {
namespace {

template <typename Enum, std::size_t N>
std::string_view nameIn(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueIn(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<PresenceStatus, std::string_view>, 5> kPresenceNames = {{
    {PresenceStatus::kOffline, "offline"},
    {PresenceStatus::kAvailable, "available"},
    {PresenceStatus::kBusy, "busy"},
    {PresenceStatus::kWrapUp, "wrap_up"},
    {PresenceStatus::kBreak, "break"},
}};

constexpr std::array<std::pair<WorkState, std::string_view>, 4> kWorkStateNames = {{
    {WorkState::kWaiting, "waiting"},
    {WorkState::kOffered, "offered"},
    {WorkState::kActive, "active"},
    {WorkState::kParked, "parked"},
}};

constexpr std::array<std::pair<ContactEnd, std::string_view>, 7> kContactEndNames = {{
    {ContactEnd::kOpen, "open"},
    {ContactEnd::kCompleted, "completed"},
    {ContactEnd::kAbandoned, "abandoned"},
    {ContactEnd::kCallbackRequested, "callback_requested"},
    {ContactEnd::kDiverted, "diverted"},
    {ContactEnd::kRejected, "rejected"},
    {ContactEnd::kInterrupted, "interrupted"},
}};

constexpr std::array<std::pair<OverflowReason, std::string_view>, 6> kOverflowNames = {{
    {OverflowReason::kNone, "none"},
    {OverflowReason::kClosed, "closed"},
    {OverflowReason::kBusy, "busy"},
    {OverflowReason::kQueueFull, "queue_full"},
    {OverflowReason::kLongWait, "long_wait"},
    {OverflowReason::kNoAgents, "no_agents"},
}};

constexpr std::array<std::pair<TaskReason, std::string_view>, 9> kTaskReasonNames = {{
    {TaskReason::kBusy, "busy"},
    {TaskReason::kClosed, "closed"},
    {TaskReason::kQueueFull, "queue_full"},
    {TaskReason::kLongWait, "long_wait"},
    {TaskReason::kAbandoned, "abandoned"},
    {TaskReason::kRequested, "requested"},
    {TaskReason::kContactRequest, "contact_request"},
    {TaskReason::kManual, "manual"},
    {TaskReason::kInterrupted, "interrupted"},
}};

constexpr std::array<std::pair<AttemptOutcome, std::string_view>, 7> kAttemptNames = {{
    {AttemptOutcome::kNoAnswer, "no_answer"},
    {AttemptOutcome::kBusy, "busy"},
    {AttemptOutcome::kReached, "reached"},
    {AttemptOutcome::kWrongNumber, "wrong_number"},
    {AttemptOutcome::kVoicemail, "voicemail"},
    {AttemptOutcome::kRejected, "rejected"},
    {AttemptOutcome::kFailed, "failed"},
}};

constexpr std::array<std::pair<ContactDirection, std::string_view>, 2> kDirectionNames = {{
    {ContactDirection::kInbound, "inbound"},
    {ContactDirection::kOutgoing, "outgoing"},
}};

constexpr std::array<std::pair<TaskEnd, std::string_view>, 3> kTaskEndNames = {{
    {TaskEnd::kOpen, "open"},
    {TaskEnd::kCompleted, "completed"},
    {TaskEnd::kUnreachable, "unreachable"},
}};

}  // namespace

std::string_view presenceName(PresenceStatus s) {
  return nameIn(kPresenceNames, s);
}
std::optional<PresenceStatus> presenceFromName(std::string_view name) {
  return valueIn(kPresenceNames, name);
}
std::string_view workStateName(WorkState s) {
  return nameIn(kWorkStateNames, s);
}
std::optional<WorkState> workStateFromName(std::string_view name) {
  return valueIn(kWorkStateNames, name);
}
std::string_view contactEndName(ContactEnd e) {
  return nameIn(kContactEndNames, e);
}
std::optional<ContactEnd> contactEndFromName(std::string_view name) {
  return valueIn(kContactEndNames, name);
}
std::string_view overflowReasonName(OverflowReason r) {
  return nameIn(kOverflowNames, r);
}
std::optional<OverflowReason> overflowReasonFromName(std::string_view name) {
  return valueIn(kOverflowNames, name);
}
std::string_view taskReasonName(TaskReason r) {
  return nameIn(kTaskReasonNames, r);
}
std::optional<TaskReason> taskReasonFromName(std::string_view name) {
  return valueIn(kTaskReasonNames, name);
}
std::string_view attemptOutcomeName(AttemptOutcome o) {
  return nameIn(kAttemptNames, o);
}
std::optional<AttemptOutcome> attemptOutcomeFromName(std::string_view name) {
  return valueIn(kAttemptNames, name);
}
std::string_view contactDirectionName(ContactDirection d) {
  return nameIn(kDirectionNames, d);
}
std::optional<ContactDirection> contactDirectionFromName(std::string_view name) {
  return valueIn(kDirectionNames, name);
}
std::string_view taskEndName(TaskEnd e) {
  return nameIn(kTaskEndNames, e);
}
std::optional<TaskEnd> taskEndFromName(std::string_view name) {
  return valueIn(kTaskEndNames, name);
}

std::string_view itemKindName(ItemKind k) {
  return k == ItemKind::kContact ? "contact" : "task";
}
std::optional<ItemKind> itemKindFromName(std::string_view name) {
  if (name == "contact") return ItemKind::kContact;
  if (name == "task") return ItemKind::kTask;
  return std::nullopt;
}

std::string streamOf(const ItemRef& ref) {
  return (ref.kind == ItemKind::kContact ? "contact/" : "task/") + ref.id;
}

CapacityKind capacityKindOf(Channel channel) {
  return channel == Channel::kChat ? CapacityKind::kChats : CapacityKind::kCalls;
}

TaskReason taskReasonFor(OverflowReason r) {
  switch (r) {
    case OverflowReason::kClosed:
      return TaskReason::kClosed;
    case OverflowReason::kBusy:
      return TaskReason::kBusy;
    case OverflowReason::kQueueFull:
      return TaskReason::kQueueFull;
    case OverflowReason::kLongWait:
    case OverflowReason::kNoAgents:
      return TaskReason::kLongWait;
    case OverflowReason::kNone:
      break;
  }
  return TaskReason::kManual;
}

}  // namespace luukku::core::routing
