#include "core/actor.h"

namespace luukku::core {

std::string_view actorKindName(Actor::Kind kind) {
  switch (kind) {
    case Actor::Kind::kSystem:
      return "system";
    case Actor::Kind::kUser:
      return "user";
    case Actor::Kind::kToken:
      return "token";
    case Actor::Kind::kCommandLine:
      return "cli";
  }
  return "system";
}

std::optional<Actor::Kind> actorKindFromName(std::string_view name) {
  for (auto kind :
       {Actor::Kind::kSystem, Actor::Kind::kUser, Actor::Kind::kToken, Actor::Kind::kCommandLine}) {
    if (actorKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace luukku::core
