// ContactCenter: reading, copying, snapshots and restore.
#include <algorithm>

#include "core/routing/contact_center.h"

namespace luukku::core::routing {
using namespace detail;

ContactCenter::ContactCenter(const ContactCenter& other)
    : agents_(other.agents_),
      contacts_(other.contacts_),
      tasks_(other.tasks_),
      line_stats_(other.line_stats_),
      floor_(other.floor_) {
  rebuildIndexes();
}

ContactCenter& ContactCenter::operator=(const ContactCenter& other) {
  if (this != &other) {
    ContactCenter copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void ContactCenter::rebuildIndexes() {
  lines_.clear();
  heads_.clear();
  deadlines_.clear();
  open_tasks_.clear();
  ready_agents_ = 0;
  for (auto& [id, a] : agents_) {
    a.held.clear();
    a.offered = 0;
    a.active = 0;
    a.guest = 0;
    a.by_capacity = {0, 0};
    a.ready_marks.clear();
    a.staffed_in.clear();
    a.counted_ready = false;
    a.has_deadline = false;
  }
  // What each agent holds comes from the items.
  auto hold = [&](ItemKind kind, const std::string& id, const WorkRouting& r) {
    if (r.state != WorkState::kOffered && r.state != WorkState::kActive) return;
    AgentEntry& a = agentEntry(r.agent_id, floor_);
    a.held.push_back({kind, id});
    (r.state == WorkState::kActive ? a.active : a.offered) += 1;
    ++a.by_capacity[static_cast<int>(capacityKindOf(r.channel))];
  };
  for (auto& [id, c] : contacts_) {
    c.marks = ItemMarks{};
    hold(ItemKind::kContact, id, c.doc.routing);
    for (const std::string& guest : c.guests) {
      AgentEntry& a = agentEntry(guest, floor_);
      ++a.guest;
      ++a.by_capacity[static_cast<int>(CapacityKind::kChats)];
    }
  }
  for (auto& [id, t] : tasks_) {
    t.marks = ItemMarks{};
    hold(ItemKind::kTask, id, t.doc.routing);
  }
  for (auto& [id, a] : agents_) {
    std::sort(a.held.begin(), a.held.end());
    indexAgent(a);
  }
  for (auto& [id, c] : contacts_) indexItem(slotOf({ItemKind::kContact, id}));
  for (auto& [id, t] : tasks_) {
    indexItem(slotOf({ItemKind::kTask, id}));
    // The first by id when two share a number (see restore()).
    if (!t.doc.number.empty()) open_tasks_.try_emplace({t.doc.routing.line_id, t.doc.number}, &id);
  }
}

bool operator==(const ContactCenter& a, const ContactCenter& b) {
  auto same = [](const auto& x, const auto& y, auto docOf) {
    return x.size() == y.size() &&
           std::equal(x.begin(), x.end(), y.begin(), [&](const auto& p, const auto& q) {
             return p.first == q.first && docOf(p.second) == docOf(q.second);
           });
  };
  return same(
             a.agents_, b.agents_, [](const AgentEntry& e) -> const auto& { return e.doc; }) &&
         same(
             a.contacts_, b.contacts_,
             [](const ContactEntry& e) -> const auto& { return e.doc; }) &&
         same(
             a.tasks_, b.tasks_, [](const TaskEntry& e) -> const auto& { return e.doc; }) &&
         a.line_stats_ == b.line_stats_;
}

// ---- Reading
// -------------------------------------------------------------------------------------

const AgentPresence* ContactCenter::findAgent(std::string_view id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second.doc;
}

const Contact* ContactCenter::findContact(std::string_view id) const {
  auto it = contacts_.find(id);
  return it == contacts_.end() ? nullptr : &it->second.doc;
}

const Task* ContactCenter::findTask(std::string_view id) const {
  auto it = tasks_.find(id);
  return it == tasks_.end() ? nullptr : &it->second.doc;
}

const WorkRouting* ContactCenter::findItem(const ItemRef& ref) const {
  if (ref.kind == ItemKind::kContact) {
    const Contact* c = findContact(ref.id);
    return c ? &c->routing : nullptr;
  }
  const Task* t = findTask(ref.id);
  return t ? &t->routing : nullptr;
}

const Task* ContactCenter::openTaskFor(std::string_view line_id, std::string_view number) const {
  auto it = open_tasks_.find({line_id, number});
  return it == open_tasks_.end() ? nullptr : findTask(*it->second);
}

std::vector<ItemRef> ContactCenter::heldBy(std::string_view agent_id) const {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return {};
  std::vector<ItemRef> held = it->second.held;
  std::sort(held.begin(), held.end());
  return held;
}

std::vector<std::string> ContactCenter::guestsOf(std::string_view contact_id) const {
  const ContactEntry* entry = contactOf(contact_id);
  return entry ? entry->guests : std::vector<std::string>{};
}

bool ContactCenter::hasRoomFor(std::string_view agent_id, CapacityKind kind) const {
  const AgentEntry* agent = agentOf(agent_id);
  return agent && agent->doc.state.status != PresenceStatus::kOffline && agent->hasRoom(kind);
}

const LineStats* ContactCenter::lineStats(std::string_view line_id) const {
  auto it = line_stats_.find(line_id);
  return it == line_stats_.end() ? nullptr : &it->second;
}

std::optional<Timestamp> ContactCenter::nextDeadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return Timestamp(std::chrono::microseconds(deadlines_.begin()->at));
}

// ---- Snapshots
// -------------------------------------------------------------------------------------

RoutingSnapshot ContactCenter::snapshot() const {
  RoutingSnapshot s;
  s.agents.reserve(agents_.size());
  for (const auto& [id, a] : agents_) s.agents.push_back(a.doc);
  s.contacts.reserve(contacts_.size());
  for (const auto& [id, c] : contacts_) s.contacts.push_back(c.doc);
  s.tasks.reserve(tasks_.size());
  for (const auto& [id, t] : tasks_) s.tasks.push_back(t.doc);
  for (const auto& [id, l] : line_stats_) s.line_stats.push_back(l);
  return s;
}

Result<ContactCenter> ContactCenter::restore(RoutingSnapshot snapshot) {
  ContactCenter c;
  Timestamp floor{};
  auto see = [&](Timestamp t) { floor = std::max(floor, t); };
  auto bad = [](const std::string& what) {
    return internalError("routing state cannot be restored: " + what);
  };
  for (auto& a : snapshot.agents) {
    see(a.state.since);
    std::string id = a.agent_id;
    auto [it, inserted] = c.agents_.try_emplace(std::move(id));
    if (!inserted) return bad("agent '" + a.agent_id + "' appears twice");
    it->second.doc = std::move(a);
  }
  auto checkItem = [&](const std::string& what, const std::string& id,
                       const WorkRouting& r) -> Status {
    see(r.created_at);
    if (r.accepted_at) see(*r.accepted_at);
    bool held = r.state == WorkState::kOffered || r.state == WorkState::kActive;
    if (held && !c.agents_.count(r.agent_id)) {
      return bad(what + " '" + id + "' is held by unknown agent '" + r.agent_id + "'");
    }
    return Status::ok();
  };
  for (auto& contact : snapshot.contacts) {
    if (contact.end != ContactEnd::kOpen) return bad("contact '" + contact.id + "' has ended");
    RETURN_IF_ERROR(checkItem("contact", contact.id, contact.routing));
    if (contact.routing.state == WorkState::kParked) {
      return bad("contact '" + contact.id + "' is parked; only tasks park");
    }
    std::string id = contact.id;
    auto [it, inserted] = c.contacts_.try_emplace(std::move(id));
    if (!inserted) return bad("contact '" + contact.id + "' appears twice");
    it->second.doc = std::move(contact);
  }
  // Two open tasks may share a line and a number: older versions stored numbers as written,
  // so "0401234567" and "+358401234567" made two tasks that read back as one number. Both
  // stay open; later contacts join one of them (rebuildIndexes).
  for (auto& task : snapshot.tasks) {
    if (task.end != TaskEnd::kOpen) return bad("task '" + task.id + "' has ended");
    RETURN_IF_ERROR(checkItem("task", task.id, task.routing));
    see(task.last_contact_at);
    for (const auto& attempt : task.attempts) see(attempt.at);
    std::string id = task.id;
    auto [it, inserted] = c.tasks_.try_emplace(std::move(id));
    if (!inserted) return bad("task '" + task.id + "' appears twice");
    it->second.doc = std::move(task);
  }
  for (auto& stats : snapshot.line_stats) {
    std::string id = stats.line_id;
    c.line_stats_.insert_or_assign(std::move(id), std::move(stats));
  }
  c.floor_ = floor;
  c.rebuildIndexes();
  return c;
}

}  // namespace luukku::core::routing
