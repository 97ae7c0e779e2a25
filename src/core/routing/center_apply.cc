// ContactCenter: applying events, and the stream versions they belong to.
#include <algorithm>
#include <type_traits>

#include "core/routing/contact_center.h"

namespace luukku::core::routing {
using namespace detail;

// ---- apply -------------------------------------------------------------------------------------

void ContactCenter::apply(const RoutingEvent& event, std::int64_t stream_seq) {
  Timestamp at = eventTime(event);
  if (at > floor_) floor_ = at;
  std::visit([&](const auto& e) { applyOne(e, stream_seq); }, event);
}

template <typename E>
void ContactCenter::applyOne(const E& e, std::int64_t seq) {
  // Moves an item: out of the indexes and away from its agent, change, back in.
  auto change = [&](const ItemRef& ref, auto&& mutate) {
    ItemSlot slot = slotOf(ref);
    if (!slot.routing) return;
    WorkRouting& r = *slot.routing;
    unindexItem(slot);
    if (r.state == WorkState::kOffered || r.state == WorkState::kActive) detach(r.agent_id, ref, r);
    mutate(r, slot);
    *slot.version = seq;
    indexItem(slot);
    if (r.state == WorkState::kOffered || r.state == WorkState::kActive) {
      attach(r.agent_id, ref, r, r.state == WorkState::kActive);
    }
  };
  auto backInLine = [](WorkRouting& r) {
    r.state = WorkState::kWaiting;
    r.agent_id.clear();
    r.offer_expires_at.reset();
    r.accepted_at.reset();
  };
  auto taskRef = [](const std::string& id) { return ItemRef{ItemKind::kTask, id}; };

  if constexpr (std::is_same_v<E, ProfileChanged>) {
    AgentEntry& a = agentEntry(e.agent_id, e.at);
    unindexAgent(a);
    a.doc.profile = e.profile;
    a.doc.version = seq;
    indexAgent(a);
  } else if constexpr (std::is_same_v<E, PresenceChanged>) {
    AgentEntry& a = agentEntry(e.agent_id, e.at);
    unindexAgent(a);
    a.doc.state = e.state;
    a.doc.version = seq;
    indexAgent(a);
  } else if constexpr (std::is_same_v<E, ContactQueued>) {
    removeContact(e.contact.id);
    auto& entry = contacts_[e.contact.id];
    entry.doc = e.contact;
    entry.doc.version = seq;
    indexItem(slotOf({ItemKind::kContact, e.contact.id}));
  } else if constexpr (std::is_same_v<E, ContactDiverted> || std::is_same_v<E, ContactRejected> ||
                       std::is_same_v<E, ContactAbandoned> ||
                       std::is_same_v<E, ContactCallbackRequested> ||
                       std::is_same_v<E, ContactInterrupted>) {
    removeContact(e.contact.id);
  } else if constexpr (std::is_same_v<E, ContactDialled>) {
    removeContact(e.contact.id);
    auto& entry = contacts_[e.contact.id];
    entry.doc = e.contact;
    entry.doc.version = seq;
    ItemSlot slot = slotOf({ItemKind::kContact, e.contact.id});
    indexItem(slot);
    attach(e.contact.routing.agent_id, {ItemKind::kContact, e.contact.id}, e.contact.routing, true);
  } else if constexpr (std::is_same_v<E, ContactCompleted>) {
    const Contact& c = e.contact;
    // Wait estimates are of inbound work: a professional's own calls do not count.
    if (c.direction == ContactDirection::kInbound && c.routing.accepted_at && c.ended_at) {
      recordHandling(c.routing.line_id, (*c.ended_at - *c.routing.accepted_at) + e.wrap_up);
    }
    removeContact(c.id);
  } else if constexpr (std::is_same_v<E, TaskCreated>) {
    removeTask(e.task.id);
    auto [it, inserted] = tasks_.try_emplace(e.task.id);
    it->second.doc = e.task;
    it->second.doc.version = seq;
    const Task& t = it->second.doc;
    ItemSlot slot = slotOf(taskRef(t.id));
    indexItem(slot);
    if (t.routing.state == WorkState::kOffered || t.routing.state == WorkState::kActive) {
      attach(t.routing.agent_id, taskRef(t.id), t.routing, t.routing.state == WorkState::kActive);
    }
    if (!t.number.empty()) open_tasks_[{t.routing.line_id, t.number}] = &it->first;
  } else if constexpr (std::is_same_v<E, TaskContactAdded>) {
    auto it = tasks_.find(e.task_id);
    if (it == tasks_.end()) return;
    Task& t = it->second.doc;
    ++t.contact_count;
    t.last_contact_at = e.at;
    if (!e.voice_message_ref.empty()) t.voice_message_ref = e.voice_message_ref;
    if (!e.requester_name.empty()) t.requester_name = e.requester_name;
    if (!e.description.empty()) {
      t.description += t.description.empty() ? e.description : "\n\n" + e.description;
    }
    t.version = seq;
  } else if constexpr (std::is_same_v<E, TaskClaimed>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot& slot) {
      r.state = WorkState::kActive;
      r.agent_id = e.agent_id;
      r.offer_expires_at.reset();
      r.accepted_at = e.at;
      slot.task->next_attempt_at.reset();
    });
  } else if constexpr (std::is_same_v<E, TaskReleased>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot&) { backInLine(r); });
  } else if constexpr (std::is_same_v<E, TaskAttemptRecorded>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot& slot) {
      slot.task->attempts.push_back(e.attempt);
      if (e.next_attempt_at) {
        backInLine(r);
        r.state = WorkState::kParked;
        slot.task->next_attempt_at = e.next_attempt_at;
      }
    });
  } else if constexpr (std::is_same_v<E, TaskRequeued>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot& slot) {
      if (r.state == WorkState::kParked) r.state = WorkState::kWaiting;
      slot.task->next_attempt_at.reset();
    });
  } else if constexpr (std::is_same_v<E, TaskEscalated>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot& slot) {
      slot.task->escalated = true;
      r.band = 0;
    });
  } else if constexpr (std::is_same_v<E, TaskRescheduled>) {
    change(taskRef(e.task_id), [&](WorkRouting& r, const ItemSlot& slot) {
      Task* t = slot.task;
      t->due_at = e.due_at;
      t->escalate_at = e.escalate_at;
      t->escalated = e.escalated;
      r.band = e.escalated ? 0 : 1;
      if (e.not_before && (r.state == WorkState::kWaiting || r.state == WorkState::kParked)) {
        r.state = WorkState::kParked;
        t->next_attempt_at = e.not_before;
      }
    });
  } else if constexpr (std::is_same_v<E, TaskCompleted>) {
    const Task& t = e.task;
    if (t.routing.accepted_at && t.ended_at) {
      recordHandling(t.routing.line_id, (*t.ended_at - *t.routing.accepted_at) + e.wrap_up);
    }
    removeTask(t.id);
  } else if constexpr (std::is_same_v<E, TaskUnreachable>) {
    removeTask(e.task.id);
  } else if constexpr (std::is_same_v<E, OfferMade>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot&) {
      r.state = WorkState::kOffered;
      r.agent_id = e.agent_id;
      r.offer_expires_at = e.expires_at;
    });
  } else if constexpr (std::is_same_v<E, OfferAccepted>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot& slot) {
      r.state = WorkState::kActive;
      r.agent_id = e.agent_id;
      r.offer_expires_at.reset();
      r.accepted_at = e.at;
      if (slot.contact && !slot.contact->answered_at) slot.contact->answered_at = e.at;
      if (slot.preference) slot.preference->until.reset();
      if (slot.task) slot.task->next_attempt_at.reset();
    });
  } else if constexpr (std::is_same_v<E, OfferDeclined>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot&) {
      backInLine(r);
      if (std::find(r.declined_by.begin(), r.declined_by.end(), e.agent_id) ==
          r.declined_by.end()) {
        r.declined_by.push_back(e.agent_id);
      }
    });
  } else if constexpr (std::is_same_v<E, OfferExpired> || std::is_same_v<E, OfferWithdrawn>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot&) { backInLine(r); });
  } else if constexpr (std::is_same_v<E, ContactTransferred>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot& slot) {
      backInLine(r);
      if (slot.contact && slot.contact->arrival_line_id.empty() && e.line_id != r.line_id) {
        slot.contact->arrival_line_id = r.line_id;
      }
      r.line_id = e.line_id;
      if (std::find(r.declined_by.begin(), r.declined_by.end(), e.agent_id) ==
          r.declined_by.end()) {
        r.declined_by.push_back(e.agent_id);
      }
    });
  } else if constexpr (std::is_same_v<E, ContactHandedOver>) {
    change(e.item, [&](WorkRouting& r, const ItemSlot&) { r.agent_id = e.to_agent_id; });
  } else if constexpr (std::is_same_v<E, ContactGuestJoined> ||
                       std::is_same_v<E, ContactGuestLeft>) {
    auto it = contacts_.find(e.item.id);
    if (it == contacts_.end()) return;
    it->second.doc.version = seq;
    if constexpr (std::is_same_v<E, ContactGuestJoined>) {
      attachGuest(it->second, e.agent_id);
    } else {
      detachGuest(it->second, e.agent_id);
    }
  } else if constexpr (std::is_same_v<E, PreferenceExpired>) {
    change(e.item, [&](WorkRouting&, const ItemSlot& slot) {
      if (slot.preference) slot.preference->until.reset();
    });
  } else {
    static_assert(sizeof(E) == 0, "an event type without apply");
  }
}

Status ContactCenter::continueContactStream(std::string_view contact_id, std::int64_t stream_seq) {
  auto it = contacts_.find(contact_id);
  if (it == contacts_.end()) {
    return notFound("contact '" + std::string(contact_id) + "' is not live");
  }
  it->second.doc.version = stream_seq;
  return Status::ok();
}

// ---- Versions
// ------------------------------------------------------------------------------------

std::int64_t ContactCenter::streamVersion(const RoutingEvent& event) const {
  auto agentVersion = [&](const std::string& id) -> std::int64_t {
    auto it = agents_.find(id);
    return it == agents_.end() ? 0 : it->second.doc.version;
  };
  auto contactVersion = [&](const std::string& id) -> std::int64_t {
    auto it = contacts_.find(id);
    return it == contacts_.end() ? 0 : it->second.doc.version;
  };
  auto taskVersion = [&](const std::string& id) -> std::int64_t {
    auto it = tasks_.find(id);
    return it == tasks_.end() ? 0 : it->second.doc.version;
  };
  return std::visit(
      [&](const auto& e) -> std::int64_t {
        using E = std::decay_t<decltype(e)>;
        if constexpr (requires { e.contact; }) {
          return contactVersion(e.contact.id);
        } else if constexpr (requires { e.task; }) {
          return taskVersion(e.task.id);
        } else if constexpr (requires { e.task_id; }) {
          return taskVersion(e.task_id);
        } else if constexpr (requires { e.item; }) {
          return e.item.kind == ItemKind::kContact ? contactVersion(e.item.id)
                                                   : taskVersion(e.item.id);
        } else {
          static_assert(std::is_same_v<E, PresenceChanged> || std::is_same_v<E, ProfileChanged>);
          return agentVersion(e.agent_id);
        }
      },
      event);
}

}  // namespace luukku::core::routing
