// The JSON form of an event's actor, and how event payloads carry it.
//
//   actor: {"kind": "user"|"token"|"cli", "id", "name", "on_behalf_of"?}
//
// The engine adds "actor" to the payload of every event a person's command records (see
// core/actor.h); the event decoders read a payload with or without it, so the domain's own
// decoders stay strict about every other field.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/actor.h"
#include "core/status.h"

namespace luukku::codec {

inline constexpr std::string_view kActorKey = "actor";

boost::json::value encode(const core::Actor& actor);
Result<core::Actor> decodeActor(const boost::json::value& v, const std::string& path);

// Adds "actor" to an event payload (an object) unless the actor is the system.
void putActor(boost::json::value& payload, const core::Actor& actor);

// An event payload without its actor, and the actor (nullopt when there is none). The
// payload's other fields are left for the event's own decoder.
struct PayloadAndActor {
  boost::json::value payload;
  std::optional<core::Actor> actor;
};
Result<PayloadAndActor> splitActor(const boost::json::value& payload);

}  // namespace luukku::codec
