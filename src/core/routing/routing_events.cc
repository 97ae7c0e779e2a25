#include "core/routing/routing_events.h"

namespace luukku::core::routing {
namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string_view eventType(const RoutingEvent& e) {
  return std::visit([](const auto& ev) { return std::decay_t<decltype(ev)>::kType; }, e);
}

std::string streamOf(const RoutingEvent& e) {
  return std::visit(
      Overloaded{
          [](const PresenceChanged& ev) { return presenceStream(ev.agent_id); },
          [](const ProfileChanged& ev) { return presenceStream(ev.agent_id); },
          [](const ContactQueued& ev) { return contactStream(ev.contact.id); },
          [](const ContactDiverted& ev) { return contactStream(ev.contact.id); },
          [](const ContactRejected& ev) { return contactStream(ev.contact.id); },
          [](const ContactAbandoned& ev) { return contactStream(ev.contact.id); },
          [](const ContactCallbackRequested& ev) { return contactStream(ev.contact.id); },
          [](const ContactDialled& ev) { return contactStream(ev.contact.id); },
          [](const ContactCompleted& ev) { return contactStream(ev.contact.id); },
          [](const ContactInterrupted& ev) { return contactStream(ev.contact.id); },
          [](const TaskCreated& ev) { return taskStream(ev.task.id); },
          [](const TaskCompleted& ev) { return taskStream(ev.task.id); },
          [](const TaskUnreachable& ev) { return taskStream(ev.task.id); },
          [](const TaskAttemptRecorded& ev) { return taskStream(ev.task_id); },
          [](const auto& ev) -> std::string {
            if constexpr (requires { ev.item; }) {
              return streamOf(ev.item);
            } else {
              return taskStream(ev.task_id);
            }
          },
      },
      e);
}

Timestamp eventTime(const RoutingEvent& e) {
  return std::visit(
      Overloaded{
          [](const ContactQueued& ev) { return ev.contact.routing.created_at; },
          [](const TaskCreated& ev) { return ev.task.routing.created_at; },
          [](const TaskAttemptRecorded& ev) { return ev.attempt.at; },
          // An ending event always carries ended_at; a decoded one without it still has a time.
          [](const TaskCompleted& ev) {
            return ev.task.ended_at.value_or(ev.task.routing.created_at);
          },
          [](const TaskUnreachable& ev) {
            return ev.task.ended_at.value_or(ev.task.routing.created_at);
          },
          [](const auto& ev) -> Timestamp {
            if constexpr (requires { ev.contact; }) {
              return ev.contact.ended_at.value_or(ev.contact.routing.created_at);
            } else {
              return ev.at;
            }
          },
      },
      e);
}

}  // namespace luukku::core::routing
