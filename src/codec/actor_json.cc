#include "codec/actor_json.h"

#include <boost/json.hpp>

#include "codec/json_reader.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;

json::value encode(const core::Actor& actor) {
  json::object o{{"kind", core::actorKindName(actor.kind)}, {"id", actor.id}, {"name", actor.name}};
  if (!actor.on_behalf_of.empty()) o["on_behalf_of"] = actor.on_behalf_of;
  return o;
}

Result<core::Actor> decodeActor(const json::value& v, const std::string& path) {
  core::Actor actor;
  std::string kind;
  ObjectReader r(v, path);
  r.required("kind", kind);
  r.required("id", actor.id);
  r.required("name", actor.name);
  r.optional("on_behalf_of", actor.on_behalf_of);
  RETURN_IF_ERROR(r.finish());
  auto k = core::actorKindFromName(kind);
  if (!k || *k == core::Actor::Kind::kSystem) {
    return invalidArgument(path + ".kind: '" + printable(kind) +
                           "' is not one of user, token, cli");
  }
  actor.kind = *k;
  return actor;
}

void putActor(json::value& payload, const core::Actor& actor) {
  if (actor.isSystem() || !payload.is_object()) return;
  payload.as_object()[kActorKey] = encode(actor);
}

Result<PayloadAndActor> splitActor(const json::value& payload) {
  const json::object* o = payload.if_object();
  const json::value* actor = o ? o->if_contains(kActorKey) : nullptr;
  if (!actor) return PayloadAndActor{payload, std::nullopt};
  ASSIGN_OR_RETURN(core::Actor decoded, decodeActor(*actor, std::string(kActorKey)));
  json::object rest = *o;
  rest.erase(kActorKey);
  return PayloadAndActor{std::move(rest), std::move(decoded)};
}

}  // namespace luukku::codec
