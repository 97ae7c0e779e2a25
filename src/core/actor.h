// Actor: who did what an event records. Every event written by a person's command carries
// its actor (in the event's data, as "actor"); events the system decides by itself (offers,
// timers, telephony) carry none.
//
// A person acts as their own agent, or — a supervisor or an administrator — on behalf of
// another agent; then `on_behalf_of` names that agent, and the event names it too, so the
// log says both who did it and for whom.
//
// Thread-safety: a plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace luukku::core {

struct Actor {
  // kCommandLine: an operator running `luukku` on the server itself.
  enum class Kind { kSystem, kUser, kToken, kCommandLine };
  Kind kind = Kind::kSystem;
  std::string id;            // the user's or the API token's id; "" for the system
  std::string name;          // username or token name
  std::string on_behalf_of;  // the agent acted for, when not the actor's own; else ""

  bool isSystem() const { return kind == Kind::kSystem; }
  friend bool operator==(const Actor&, const Actor&) = default;
};

std::string_view actorKindName(Actor::Kind kind);
std::optional<Actor::Kind> actorKindFromName(std::string_view name);

}  // namespace luukku::core
