// Acting: who a request acts as. The actor always comes from the authenticated principal,
// never from the request body; the body or path may only name the agent acted for.
//
//   an account linked to agent A (identity: users.agent_id) acts as A;
//   an account holding only the agent role may act only as its own agent (403 otherwise);
//   a supervisor or an administrator may act on behalf of any agent: the actor then says
//   on_behalf_of, and the events name both (see core/actor.h);
//   API tokens are linked to no agent: with the supervisor or admin role they act on behalf
//   of a named agent, with only the agent role they act for none.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/actor.h"
#include "core/status.h"
#include "identity/identity.h"

namespace luukku::api {

// The actor of a principal's commands, acting for nobody else.
core::Actor actorOf(const identity::Principal& principal);

// Whether the principal may act on behalf of agents other than its own.
bool mayActForOthers(const identity::Principal& principal);

struct Acting {
  std::string agent_id;  // the agent acted as
  core::Actor actor;     // who acts; on_behalf_of set when the agent is not the actor's own
};

// The agent a request acts as: `named` (from the path or the body), or the principal's own
// agent when `named` is empty. kPermissionDenied when the principal may not act for it;
// kInvalidArgument when nothing names an agent and the principal has none of its own.
Result<Acting> actingAs(const identity::Principal& principal, std::string_view named);

}  // namespace luukku::api
