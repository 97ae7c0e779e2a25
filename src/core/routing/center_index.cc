// ContactCenter: the indexes kept up to date as events are applied (see center_index.h).
#include <algorithm>

#include "core/routing/contact_center.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

bool sameEntry(const QueueEntry& a, const QueueEntry& b) {
  return !(a < b) && !(b < a);
}

}  // namespace

// ---- Lookups ---------------------------------------------------------------------------------

ContactCenter::ItemSlot ContactCenter::slotOf(const ItemRef& ref) {
  if (ref.kind == ItemKind::kContact) {
    auto it = contacts_.find(ref.id);
    if (it == contacts_.end())
      return {ref.kind, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    Contact& c = it->second.doc;
    return {ref.kind,   &it->first, &c.routing,    &it->second.marks,
            &c.version, nullptr,    &c.preference, &c};
  }
  auto it = tasks_.find(ref.id);
  if (it == tasks_.end()) {
    return {ref.kind, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  }
  Task& t = it->second.doc;
  return {ref.kind, &it->first, &t.routing, &it->second.marks, &t.version, &t, nullptr, nullptr};
}

detail::AgentEntry& ContactCenter::agentEntry(const std::string& id, Timestamp at) {
  auto [it, inserted] = agents_.try_emplace(id);
  if (inserted) {
    it->second.doc.agent_id = id;
    it->second.doc.state.since = at;
    it->second.doc.state.idle_since = at;
  }
  return it->second;
}

detail::LineIndex& ContactCenter::lineIndex(const std::string& line_id) {
  auto [it, inserted] = lines_.try_emplace(line_id);
  if (inserted) it->second.id = line_id;
  return it->second;
}

// ---- Item indexes ------------------------------------------------------------------------------

QueueEntry ContactCenter::queueEntryOf(const ItemSlot& slot) {
  const WorkRouting& r = *slot.routing;
  return {r.band,    micros(r.queue_time), micros(r.created_at), slot.id,
          slot.kind, slot.routing,         slot.preference};
}

std::vector<Deadline> ContactCenter::deadlinesOf(const ItemSlot& slot) {
  std::vector<Deadline> out;
  const WorkRouting& r = *slot.routing;
  auto add = [&](Timestamp at, DeadlineKind kind) {
    out.push_back({micros(at), kind, slot.kind, slot.id});
  };
  if (r.state == WorkState::kOffered && r.offer_expires_at) {
    add(*r.offer_expires_at, DeadlineKind::kOfferExpiry);
  }
  if (slot.preference && slot.preference->until) {
    add(*slot.preference->until, DeadlineKind::kPreferenceEnd);
  }
  if (slot.task) {
    if (r.state == WorkState::kParked && slot.task->next_attempt_at) {
      add(*slot.task->next_attempt_at, DeadlineKind::kRetryDue);
    }
    if (!slot.task->escalated) add(slot.task->escalate_at, DeadlineKind::kEscalation);
  }
  return out;
}

namespace {

// The line counter an item in this state counts in, if any.
int* counterFor(LineIndex& line, WorkState state) {
  switch (state) {
    case WorkState::kWaiting:
      return &line.waiting;
    case WorkState::kOffered:
      return &line.offered;
    case WorkState::kParked:
      return &line.parked;
    case WorkState::kActive:
      break;
  }
  return nullptr;
}

}  // namespace

void ContactCenter::indexItem(const ItemSlot& slot) {
  const WorkRouting& r = *slot.routing;
  ItemMarks& m = *slot.marks;
  LineIndex& line = lineIndex(r.line_id);
  m.line = &line;
  if (r.state == WorkState::kWaiting) {
    auto [git, inserted] =
        line.groups.try_emplace(Requirements{capacityKindOf(r.channel), r.language, r.skills});
    Group& g = git->second;
    if (inserted) {
      g.line = &line;
      g.requirements = &git->first;
    }
    QueueEntry e = queueEntryOf(slot);
    bool was_empty = g.items.empty();
    bool new_head = was_empty || e < *g.items.begin();
    if (new_head && !was_empty) heads_.erase(*g.items.begin());
    g.items.insert(e);
    if (new_head) heads_.emplace(e, &g);
    m.group = &g;
  }
  if (int* counter = counterFor(line, r.state)) ++*counter;
  if (slot.kind == ItemKind::kContact &&
      (r.state == WorkState::kWaiting || r.state == WorkState::kOffered)) {
    ++line.waiting_contacts;
    m.counted_contact = true;
  }
  for (const Deadline& d : deadlinesOf(slot)) deadlines_.insert(d);
}

void ContactCenter::unindexItem(const ItemSlot& slot) {
  ItemMarks& m = *slot.marks;
  if (m.group) {
    Group& g = *m.group;
    QueueEntry e = queueEntryOf(slot);
    bool was_head = sameEntry(*g.items.begin(), e);
    g.items.erase(e);
    if (was_head) {
      heads_.erase(e);
      if (!g.items.empty()) heads_.emplace(*g.items.begin(), &g);
    }
    if (g.items.empty()) {
      LineIndex& line = *g.line;
      line.groups.erase(line.groups.find(*g.requirements));
    }
    m.group = nullptr;
  }
  if (m.line) {
    if (int* counter = counterFor(*m.line, slot.routing->state)) --*counter;
    if (m.counted_contact) --m.line->waiting_contacts;
  }
  m.line = nullptr;
  m.counted_contact = false;
  for (const Deadline& d : deadlinesOf(slot)) deadlines_.erase(d);
}

// ---- Agent indexes -----------------------------------------------------------------------------

namespace {

void countReady(LineIndex& line, int kind, const AgentProfile& p, int delta) {
  auto bump = [&](std::map<std::string, int, std::less<>>& counts, const std::string& key) {
    auto [it, inserted] = counts.try_emplace(key, 0);
    it->second += delta;
    if (it->second <= 0) counts.erase(it);
  };
  for (const auto& language : p.languages) bump(line.ready_languages[kind], language);
  for (const auto& skill : p.skills) bump(line.ready_skills[kind], skill);
}

Deadline wrapUpDeadline(const AgentEntry& a) {
  return {micros(*a.doc.state.wrap_up_until), DeadlineKind::kWrapUpEnd, ItemKind::kContact,
          &a.doc.agent_id};
}

}  // namespace

void ContactCenter::indexAgent(AgentEntry& a) {
  const PresenceState& s = a.doc.state;
  const AgentProfile& p = a.doc.profile;
  bool working = s.chosen == PresenceStatus::kAvailable && s.status != PresenceStatus::kOffline;
  if (working) {
    for (const Membership& m : p.memberships) {
      LineIndex& line = lineIndex(m.line_id);
      ++line.staffed;
      a.staffed_in.push_back(&line);
    }
  }
  if (working && !s.wrap_up_until && a.offered == 0) {
    for (CapacityKind kind : {CapacityKind::kCalls, CapacityKind::kChats}) {
      if (!a.hasRoom(kind)) continue;
      int k = static_cast<int>(kind);
      for (const Membership& m : p.memberships) {
        LineIndex& line = lineIndex(m.line_id);
        ReadyKey key{m.tier, a.load(), micros(s.idle_since), &a.doc.agent_id, &a};
        line.ready[k].insert(key);
        countReady(line, k, p, +1);
        a.ready_marks.push_back({&line, k, key});
      }
    }
    if (!a.ready_marks.empty()) {
      ++ready_agents_;
      a.counted_ready = true;
    }
  }
  if (s.wrap_up_until) {
    deadlines_.insert(wrapUpDeadline(a));
    a.has_deadline = true;
  }
}

void ContactCenter::unindexAgent(AgentEntry& a) {
  for (auto& mark : a.ready_marks) {
    mark.line->ready[mark.kind].erase(mark.key);
    countReady(*mark.line, mark.kind, a.doc.profile, -1);
  }
  a.ready_marks.clear();
  for (LineIndex* line : a.staffed_in) --line->staffed;
  a.staffed_in.clear();
  if (a.counted_ready) --ready_agents_;
  a.counted_ready = false;
  if (a.has_deadline) deadlines_.erase(wrapUpDeadline(a));
  a.has_deadline = false;
}

void ContactCenter::attach(const std::string& agent_id, const ItemRef& ref, const WorkRouting& item,
                           bool active) {
  AgentEntry& a = agentEntry(agent_id, floor_);
  unindexAgent(a);
  a.held.push_back(ref);
  (active ? a.active : a.offered) += 1;
  ++a.by_capacity[static_cast<int>(capacityKindOf(item.channel))];
  indexAgent(a);
}

void ContactCenter::detach(const std::string& agent_id, const ItemRef& ref,
                           const WorkRouting& item) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  AgentEntry& a = it->second;
  auto held = std::find(a.held.begin(), a.held.end(), ref);
  if (held == a.held.end()) return;
  unindexAgent(a);
  a.held.erase(held);
  (item.state == WorkState::kActive ? a.active : a.offered) -= 1;
  --a.by_capacity[static_cast<int>(capacityKindOf(item.channel))];
  indexAgent(a);
}

void ContactCenter::attachGuest(ContactEntry& contact, const std::string& agent_id) {
  if (std::find(contact.guests.begin(), contact.guests.end(), agent_id) != contact.guests.end()) {
    return;
  }
  contact.guests.push_back(agent_id);
  AgentEntry& a = agentEntry(agent_id, floor_);
  unindexAgent(a);
  ++a.guest;
  ++a.by_capacity[static_cast<int>(CapacityKind::kChats)];
  indexAgent(a);
}

void ContactCenter::detachGuest(ContactEntry& contact, const std::string& agent_id) {
  auto guest = std::find(contact.guests.begin(), contact.guests.end(), agent_id);
  if (guest == contact.guests.end()) return;
  contact.guests.erase(guest);
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  AgentEntry& a = it->second;
  unindexAgent(a);
  --a.guest;
  --a.by_capacity[static_cast<int>(CapacityKind::kChats)];
  indexAgent(a);
}

void ContactCenter::removeContact(const std::string& id) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return;
  // Its guests go with it: a chat that ended or was cut off holds nobody.
  while (!it->second.guests.empty()) detachGuest(it->second, it->second.guests.back());
  ItemSlot slot = slotOf({ItemKind::kContact, id});
  unindexItem(slot);
  const WorkRouting& r = it->second.doc.routing;
  if (r.state == WorkState::kOffered || r.state == WorkState::kActive) {
    detach(r.agent_id, {ItemKind::kContact, id}, r);
  }
  contacts_.erase(it);
}

void ContactCenter::removeTask(const std::string& id) {
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return;
  ItemSlot slot = slotOf({ItemKind::kTask, id});
  unindexItem(slot);
  const Task& t = it->second.doc;
  if (t.routing.state == WorkState::kOffered || t.routing.state == WorkState::kActive) {
    detach(t.routing.agent_id, {ItemKind::kTask, id}, t.routing);
  }
  auto open = open_tasks_.find({t.routing.line_id, t.number});
  if (open != open_tasks_.end() && *open->second == id) open_tasks_.erase(open);
  tasks_.erase(it);
}

void ContactCenter::recordHandling(const std::string& line_id, std::chrono::microseconds handled) {
  auto [it, inserted] = line_stats_.try_emplace(line_id);
  LineStats& s = it->second;
  if (inserted) s.line_id = line_id;
  std::int64_t sample = std::max<std::int64_t>(0, handled.count());
  s.average_handle_us =
      s.completed == 0 ? sample : s.average_handle_us + (sample - s.average_handle_us) / 16;
  ++s.completed;
}

}  // namespace luukku::core::routing
