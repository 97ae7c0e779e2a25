// ContactCenter: routing waiting work to agents, deadlines, and recovery after a restart.
#include <algorithm>
#include <cassert>
#include <set>

#include "core/routing/contact_center.h"
#include "core/routing/input_checks.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

bool canServe(const AgentProfile& p, const WorkRouting& item) {
  if (!item.language.empty() && !contains(p.languages, item.language)) return false;
  for (const auto& skill : item.skills) {
    if (!contains(p.skills, skill)) return false;
  }
  return true;
}

bool matchesPreference(const AgentPresence& a, const Preference& pref) {
  return (!pref.agent_id.empty() && a.agent_id == pref.agent_id) ||
         (!pref.team.empty() && contains(a.profile.teams, pref.team)) ||
         (!pref.area.empty() && a.profile.area == pref.area);
}

// The best agent in `ready` (already in asking order) for `item`.
const AgentEntry* pickAgent(const std::set<ReadyKey>& ready, const WorkRouting& item,
                            const Preference* preferring,
                            const std::vector<const AgentEntry*>& used) {
  const AgentEntry* last_resort = nullptr;
  for (const ReadyKey& key : ready) {
    const AgentEntry* a = key.agent;
    if (contains(used, a) || !canServe(a->doc.profile, item)) continue;
    if (preferring && !matchesPreference(a->doc, *preferring)) continue;
    if (contains(item.declined_by, a->doc.agent_id)) {
      if (!last_resort) last_resort = a;
      continue;
    }
    return a;
  }
  return last_resort;
}

// Whether the line's ready agents, together, have the language and skills a group needs.
bool someoneReadyCanServe(const LineIndex& line, int kind, const Requirements& req) {
  if (!req.language.empty() && !line.ready_languages[kind].count(req.language)) return false;
  for (const auto& skill : req.skills) {
    if (!line.ready_skills[kind].count(skill)) return false;
  }
  return true;
}

}  // namespace

bool ContactCenter::anyAgentFree(const WorkRouting& item) const {
  auto line = lines_.find(item.line_id);
  if (line == lines_.end()) return false;
  for (const ReadyKey& key : line->second.ready[static_cast<int>(capacityKindOf(item.channel))]) {
    if (canServe(key.agent->doc.profile, item)) return true;
  }
  return false;
}

Events ContactCenter::route(const RoutingConfig& config, Timestamp now,
                            const std::set<ItemRef>& held_back) const {
  Events out;
  if (ready_agents_ == 0 || heads_.empty()) return out;
  now = clamp(now);
  std::vector<const AgentEntry*> used;
  // Items are taken in place order across all groups: a merge of the groups' heads (heads_, in
  // order) with the next items of groups already visited (a small heap).
  struct Cursor {
    QueueEntry entry;
    const Group* group;
  };
  auto later = [](const Cursor& a, const Cursor& b) { return b.entry < a.entry; };
  std::vector<Cursor> pending;
  auto head = heads_.begin();
  while (static_cast<int>(used.size()) < ready_agents_) {
    Cursor cur;
    if (head != heads_.end() && (pending.empty() || head->first < pending.front().entry)) {
      cur = {head->first, head->second};
      ++head;
    } else if (!pending.empty()) {
      std::pop_heap(pending.begin(), pending.end(), later);
      cur = pending.back();
      pending.pop_back();
    } else {
      break;
    }
    const Group& group = *cur.group;
    int kind = static_cast<int>(group.requirements->capacity);
    const auto& ready = group.line->ready[kind];
    if (ready.empty() || !someoneReadyCanServe(*group.line, kind, *group.requirements)) continue;
    const WorkRouting& item = *cur.entry.item;
    auto visitNextOfGroup = [&] {
      auto next = group.items.upper_bound(cur.entry);
      if (next != group.items.end()) {
        pending.push_back({*next, &group});
        std::push_heap(pending.begin(), pending.end(), later);
      }
    };
    if (!held_back.empty() && held_back.count(ItemRef{cur.entry.kind, *cur.entry.id})) {
      visitNextOfGroup();  // held back, but the group's later items may still be offered
      continue;
    }
    const Preference* pref = cur.entry.preference;
    const Preference* preferring = pref && pref->until && *pref->until > now ? pref : nullptr;
    const AgentEntry* agent = pickAgent(ready, item, preferring, used);
    if (agent) {
      const LinePolicy& policy = config.linePolicy(item.line_id);
      out.push_back(OfferMade{ItemRef{cur.entry.kind, *cur.entry.id}, agent->doc.agent_id, now,
                              now + policy.offer_timeout});
      used.push_back(agent);
    }
    // The group's later items are worth a look only if this one found an agent, or if this
    // one was waiting for someone in particular; otherwise nobody can serve them either.
    if (agent || preferring) visitNextOfGroup();
  }
  return out;
}

Events ContactCenter::onTime(const RoutingConfig&, Timestamp now, IdSource&) const {
  Events out;
  now = clamp(now);
  std::set<std::string> touched_agents;
  std::set<ItemRef> touched_items;
  for (const Deadline& d : deadlines_) {
    if (d.at > micros(now)) break;
    Timestamp at = std::max(Timestamp(std::chrono::microseconds(d.at)), floor_);
    if (d.kind == DeadlineKind::kWrapUpEnd) {
      const AgentEntry* a = agentOf(*d.id);
      if (!a || !touched_agents.insert(*d.id).second) break;
      if (auto change = presenceAfter(a, *d.id, a->active, std::nullopt, a->doc.state.chosen,
                                      a->doc.state.reason, at)) {
        out.push_back(std::move(*change));
      }
      continue;
    }
    ItemRef ref{d.item_kind, *d.id};
    const WorkRouting* item = findItem(ref);
    assert(item && "a deadline outlived its item");
    if (!item || !touched_items.insert(ref).second) break;
    switch (d.kind) {
      case DeadlineKind::kOfferExpiry: {
        // Redirect on no answer: the item goes back to its place, the agent to not ready.
        const AgentEntry* a = agentOf(item->agent_id);
        if (!a || !touched_agents.insert(item->agent_id).second) return out;
        out.push_back(OfferExpired{ref, item->agent_id, at});
        if (auto change = presenceAfter(a, item->agent_id, a->active, a->doc.state.wrap_up_until,
                                        PresenceStatus::kBreak, "no_answer", at)) {
          out.push_back(std::move(*change));
        }
        break;
      }
      case DeadlineKind::kPreferenceEnd:
        out.push_back(PreferenceExpired{ref, at});
        break;
      case DeadlineKind::kRetryDue:
        out.push_back(TaskRequeued{ref.id, at});
        break;
      case DeadlineKind::kEscalation:
        out.push_back(TaskEscalated{ref.id, at});
        break;
      case DeadlineKind::kWrapUpEnd:
        break;
    }
  }
  return out;
}

Result<Events> ContactCenter::recoverAfterRestart(const RoutingConfig& config, Timestamp now,
                                                  IdSource& ids) const {
  now = clamp(now);
  Events out;
  std::map<std::pair<std::string, std::string>, std::string> made_here;
  for (const auto& [id, entry] : contacts_) {
    Contact final_contact = entry.doc;
    final_contact.end = ContactEnd::kInterrupted;
    final_contact.ended_at = now;
    const WorkRouting& r = entry.doc.routing;
    Events task_events;
    if (r.state != WorkState::kActive && !entry.doc.from_number.empty()) {
      TaskSpec spec{r.line_id,
                    Channel::kCallback,
                    entry.doc.from_number,
                    r.language,
                    "",
                    TaskReason::kInterrupted,
                    id};
      taskFor(config, spec, now, ids, made_here, task_events, final_contact.task_id);
    }
    out.push_back(ContactInterrupted{std::move(final_contact)});
    for (auto& e : task_events) out.push_back(std::move(e));
  }
  for (const auto& [id, entry] : tasks_) {
    const WorkRouting& r = entry.doc.routing;
    if (r.state == WorkState::kOffered) {
      out.push_back(OfferWithdrawn{{ItemKind::kTask, id}, r.agent_id, now, "server_restart"});
    } else if (r.state == WorkState::kActive) {
      out.push_back(TaskReleased{id, r.agent_id, now});
    }
  }
  for (const auto& [id, agent] : agents_) {
    const PresenceState& s = agent.doc.state;
    if (s.status == PresenceStatus::kOffline && s.chosen == PresenceStatus::kOffline) continue;
    // The chats they joined as colleagues are cut off with the rest.
    if (auto change = presenceAfter(&agent, id, 0, std::nullopt, PresenceStatus::kOffline,
                                    "server_restart", now, -agent.guest)) {
      out.push_back(std::move(*change));
    }
  }
  return out;
}

}  // namespace luukku::core::routing
