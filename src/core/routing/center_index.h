// Internal to ContactCenter: the records it keeps per aggregate and the indexes it derives
// from them. Everything here is rebuilt from the aggregates alone (see
// ContactCenter::rebuildIndexes), so it is never stored and never compared.
//
// Pointers in these structures point into nodes of ContactCenter's own std::maps, whose
// addresses never change while the element lives; they are re-made when a ContactCenter is
// copied. Not for use outside src/core/routing.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/routing/model.h"

namespace luukku::core::routing::detail {

inline std::int64_t micros(Timestamp t) {
  return t.time_since_epoch().count();
}

// An item's place in line (see WorkRouting), with pointers to the item.
struct QueueEntry {
  int band = 0;
  std::int64_t queue_time = 0;
  std::int64_t created = 0;
  const std::string* id = nullptr;
  ItemKind kind = ItemKind::kContact;
  const WorkRouting* item = nullptr;
  const Preference* preference = nullptr;  // contacts only

  friend bool operator<(const QueueEntry& a, const QueueEntry& b) {
    if (a.band != b.band) return a.band < b.band;
    if (a.queue_time != b.queue_time) return a.queue_time < b.queue_time;
    if (a.created != b.created) return a.created < b.created;
    if (int c = a.id->compare(*b.id); c != 0) return c < 0;
    return a.kind < b.kind;
  }
};

// Items with equal requirements form a group. Inside a group, when the first item without a
// preference finds no agent, no later item can, so routing stops looking at the group there.
struct Requirements {
  CapacityKind capacity = CapacityKind::kCalls;
  std::string language;
  std::vector<std::string> skills;  // sorted
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const Requirements&, const Requirements&) = default;
  friend bool operator==(const Requirements&, const Requirements&) = default;
};

struct AgentEntry;
struct LineIndex;

struct Group {
  LineIndex* line = nullptr;
  const Requirements* requirements = nullptr;
  std::set<QueueEntry> items;
};

// An agent ready for more work on a line: asked in this order.
struct ReadyKey {
  int tier = 1;
  int load = 0;  // items held now; the least loaded is asked first
  std::int64_t idle_since = 0;
  const std::string* agent_id = nullptr;
  const AgentEntry* agent = nullptr;

  friend bool operator<(const ReadyKey& a, const ReadyKey& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.load != b.load) return a.load < b.load;
    if (a.idle_since != b.idle_since) return a.idle_since < b.idle_since;
    return *a.agent_id < *b.agent_id;
  }
};

struct LineIndex {
  std::string id;
  std::map<Requirements, Group> groups;
  std::array<std::set<ReadyKey>, 2> ready;  // by CapacityKind
  // How many of the ready agents speak each language and have each skill, so a group that
  // nobody ready can serve is passed over without looking at the agents.
  std::array<std::map<std::string, int, std::less<>>, 2> ready_languages;
  std::array<std::map<std::string, int, std::less<>>, 2> ready_skills;
  int staffed = 0;           // members whose chosen presence is available (busy or not)
  int waiting_contacts = 0;  // live contacts waiting or being offered
  int waiting = 0;           // items waiting (contacts and tasks)
  int offered = 0;           // items being offered
  int parked = 0;            // tasks waiting for their next attempt time
};

enum class DeadlineKind { kOfferExpiry, kPreferenceEnd, kWrapUpEnd, kRetryDue, kEscalation };

struct Deadline {
  std::int64_t at = 0;
  DeadlineKind kind = DeadlineKind::kOfferExpiry;
  ItemKind item_kind = ItemKind::kContact;  // for item deadlines
  const std::string* id = nullptr;          // item id, or agent id for kWrapUpEnd

  friend bool operator<(const Deadline& a, const Deadline& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.item_kind != b.item_kind) return a.item_kind < b.item_kind;
    return *a.id < *b.id;
  }
};

// Where an item currently sits in the indexes. Its queue entry and deadlines are not kept:
// they follow from the item's document, which never changes while it is indexed (every change
// is unindex, change, index), and 100,000 open tasks make every byte count.
struct ItemMarks {
  Group* group = nullptr;
  LineIndex* line = nullptr;     // whose counters count it
  bool counted_contact = false;  // in the line's waiting_contacts
};

struct ContactEntry {
  Contact doc;
  ItemMarks marks;
  // Colleagues who joined the contact's chat beside its holder (ContactGuestJoined). Not in
  // the document: no chat outlives a restart, so neither do they.
  std::vector<std::string> guests;
};

struct TaskEntry {
  Task doc;
  ItemMarks marks;
};

struct AgentEntry {
  AgentPresence doc;
  // Derived from the items: what the agent has been offered or holds.
  std::vector<ItemRef> held;
  int offered = 0;
  int active = 0;
  int guest = 0;                         // chats joined as a colleague (ContactGuestJoined)
  std::array<int, 2> by_capacity{0, 0};  // offered + active (+ guest, chats), by CapacityKind
  // Where the agent sits in the indexes.
  struct ReadyMark {
    LineIndex* line;
    int kind;
    ReadyKey key;
  };
  std::vector<ReadyMark> ready_marks;
  std::vector<LineIndex*> staffed_in;
  bool counted_ready = false;
  bool has_deadline = false;  // its wrap-up end is in the deadlines

  int load() const { return offered + active + guest; }
  // Whether one more item of `kind` fits the agent's capacity beside what they have.
  bool hasRoom(CapacityKind kind) const {
    const Capacity& cap = doc.profile.capacity;
    int calls = by_capacity[static_cast<int>(CapacityKind::kCalls)];
    int chats = by_capacity[static_cast<int>(CapacityKind::kChats)];
    if (kind == CapacityKind::kCalls)
      return calls < cap.calls && (cap.mix_calls_and_chats || chats == 0);
    return chats < cap.chats && (cap.mix_calls_and_chats || calls == 0);
  }
};

}  // namespace luukku::core::routing::detail
