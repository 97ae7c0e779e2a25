// ContactCenter: presence decisions and the helpers every decision shares.
#include "core/routing/contact_center.h"
#include "core/routing/input_checks.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

AgentProfile profileFrom(const AgentSetup& setup) {
  AgentProfile p;
  p.languages = setup.agent.languages;
  p.skills = setup.agent.skills;
  p.teams = setup.agent.teams;
  p.area = setup.agent.area;
  if (setup.agent.active) p.memberships = setup.policy.memberships;
  p.capacity = setup.policy.capacity;
  return p;
}

}  // namespace

const detail::AgentEntry* ContactCenter::agentOf(std::string_view id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

const detail::ContactEntry* ContactCenter::contactOf(std::string_view id) const {
  auto it = contacts_.find(id);
  return it == contacts_.end() ? nullptr : &it->second;
}

const detail::TaskEntry* ContactCenter::taskOf(std::string_view id) const {
  auto it = tasks_.find(id);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::optional<PresenceChanged> ContactCenter::presenceAfter(
    const AgentEntry* agent, std::string_view agent_id, int active_after,
    std::optional<Timestamp> wrap_up_until, PresenceStatus chosen, std::string reason,
    Timestamp now, int guest_change) const {
  PresenceState old;
  if (agent) old = agent->doc.state;
  PresenceState next = old;
  // A chat joined as a colleague is work in hand as much as one held.
  const int in_hand = active_after + (agent ? agent->guest : 0) + guest_change;
  if (in_hand > 0) wrap_up_until.reset();  // work in hand ends any wrap-up
  next.chosen = chosen;
  next.reason = std::move(reason);
  next.wrap_up_until = wrap_up_until;
  next.status = in_hand > 0     ? PresenceStatus::kBusy
                : wrap_up_until ? PresenceStatus::kWrapUp
                                : chosen;
  if (next.status != old.status || !agent) {
    next.since = now;
    if (next.status == PresenceStatus::kAvailable) next.idle_since = now;
  }
  if (agent && next == old) return std::nullopt;
  return PresenceChanged{std::string(agent_id), std::move(next), now};
}

Result<Events> ContactCenter::setPresence(const RoutingConfig& config, std::string_view agent_id,
                                          PresenceStatus chosen, std::string reason,
                                          Timestamp now) const {
  now = clamp(now);
  if (chosen != PresenceStatus::kAvailable && chosen != PresenceStatus::kBreak &&
      chosen != PresenceStatus::kOffline) {
    return invalidArgument("presence can be set to available, break or offline, not " +
                           std::string(presenceName(chosen)));
  }
  RETURN_IF_ERROR(checkText(reason, "reason", 100));
  const AgentSetup* setup = config.findAgent(agent_id);
  const AgentEntry* agent = agentOf(agent_id);
  if (!setup && !agent) return notFound("agent '" + printable(agent_id) + "' does not exist");
  Events out;
  if (chosen != PresenceStatus::kOffline) {
    if (!setup) return notFound("agent '" + printable(agent_id) + "' is no longer configured");
    if (!setup->agent.active) {
      return failedPrecondition("agent '" + std::string(agent_id) + "' is retired");
    }
    AgentProfile profile = profileFrom(*setup);
    if (!agent || agent->doc.profile != profile) {
      out.push_back(ProfileChanged{std::string(agent_id), std::move(profile), now});
    }
  } else if (agent && agent->active > 0) {
    return failedPrecondition("agent '" + std::string(agent_id) + "' holds " +
                              std::to_string(agent->active) +
                              " work item(s); complete or release them before going offline");
  } else if (agent && agent->guest > 0) {
    return failedPrecondition("agent '" + std::string(agent_id) + "' is in " +
                              std::to_string(agent->guest) +
                              " chat(s) as a colleague; leave them before going offline");
  }
  if (agent && agent->offered > 0 && chosen != PresenceStatus::kAvailable) {
    for (const ItemRef& ref : heldBy(agent_id)) {
      const WorkRouting* item = findItem(ref);
      if (item && item->state == WorkState::kOffered) {
        out.push_back(OfferWithdrawn{ref, std::string(agent_id), now, "presence_changed"});
      }
    }
  }
  int active = agent ? agent->active : 0;
  if (auto change =
          presenceAfter(agent, agent_id, active, std::nullopt, chosen, std::move(reason), now)) {
    out.push_back(std::move(*change));
  }
  return out;
}

Result<Events> ContactCenter::refreshProfile(const RoutingConfig& config, std::string_view agent_id,
                                             Timestamp now) const {
  now = clamp(now);
  const AgentEntry* agent = agentOf(agent_id);
  if (!agent || agent->doc.state.status == PresenceStatus::kOffline) return Events{};
  AgentProfile profile = agent->doc.profile;
  if (const AgentSetup* setup = config.findAgent(agent_id)) {
    profile = profileFrom(*setup);
  } else {
    profile.memberships.clear();  // removed from the configuration: no new work
  }
  if (profile == agent->doc.profile) return Events{};
  return Events{ProfileChanged{std::string(agent_id), std::move(profile), now}};
}

}  // namespace luukku::core::routing
