// ContactCenter: queue views — position and estimated wait of waiting items.
//
// The estimate is the classic one a supervisor can check by hand: an item at position p on a
// line with n agents signed in waits about p x (average handling time) / n. The average is
// the line's recent handling time (talk plus wrap-up, see LineStats), or the policy's
// assumption until the line has completed work.
#include <algorithm>
#include <set>

#include "core/routing/contact_center.h"

namespace luukku::core::routing {
using namespace detail;

namespace {

// The first `limit` waiting items of a line in place order: a merge of its groups.
std::vector<QueueEntry> firstWaiting(const LineIndex& line, std::size_t limit) {
  using It = std::set<QueueEntry>::const_iterator;
  struct Cursor {
    It at;
    It end;
  };
  auto later = [](const Cursor& a, const Cursor& b) { return *b.at < *a.at; };
  std::vector<Cursor> heap;
  for (const auto& [req, group] : line.groups) {
    if (!group.items.empty()) heap.push_back({group.items.begin(), group.items.end()});
  }
  std::make_heap(heap.begin(), heap.end(), later);
  std::vector<QueueEntry> out;
  while (!heap.empty() && out.size() < limit) {
    std::pop_heap(heap.begin(), heap.end(), later);
    Cursor& c = heap.back();
    out.push_back(*c.at);
    if (++c.at == c.end) {
      heap.pop_back();
    } else {
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  return out;
}

}  // namespace

std::optional<std::chrono::seconds> ContactCenter::estimateWait(const RoutingConfig& config,
                                                                const std::string& line_id,
                                                                int position) const {
  auto line = lines_.find(line_id);
  if (line == lines_.end() || line->second.staffed == 0) return std::nullopt;
  std::chrono::microseconds aht = config.linePolicy(line_id).assumed_handle_time;
  if (const LineStats* stats = lineStats(line_id); stats && stats->completed > 0) {
    aht = std::chrono::microseconds(stats->average_handle_us);
  }
  auto wait = aht * position / line->second.staffed;
  return std::chrono::ceil<std::chrono::seconds>(wait);
}

QueueSnapshot ContactCenter::queue(const RoutingConfig& config, std::string_view line_id,
                                   std::size_t limit) const {
  QueueSnapshot s;
  s.line_id = std::string(line_id);
  std::chrono::microseconds aht = config.linePolicy(line_id).assumed_handle_time;
  if (const LineStats* stats = lineStats(line_id); stats && stats->completed > 0) {
    aht = std::chrono::microseconds(stats->average_handle_us);
  }
  s.average_handle_time = std::chrono::round<std::chrono::seconds>(aht);
  auto line = lines_.find(line_id);
  if (line == lines_.end()) return s;
  const LineIndex& li = line->second;
  s.agents_signed_in = li.staffed;
  std::set<const AgentEntry*> ready;
  for (const auto& set : li.ready) {
    for (const ReadyKey& key : set) ready.insert(key.agent);
  }
  s.agents_ready = static_cast<int>(ready.size());
  s.waiting_total = li.waiting;
  s.offered = li.offered;
  s.parked = li.parked;
  int position = 0;
  for (const QueueEntry& e : firstWaiting(li, limit)) {
    ++position;
    WaitingItem w;
    w.item = {e.kind, *e.id};
    w.position = position;
    w.estimated_wait = estimateWait(config, li.id, position);
    w.created_at = e.item->created_at;
    w.escalated = e.kind == ItemKind::kTask && e.item->band == 0;
    s.waiting.push_back(std::move(w));
  }
  return s;
}

std::optional<WaitingItem> ContactCenter::waitingInfo(const RoutingConfig& config,
                                                      const ItemRef& item) const {
  const WorkRouting* r = findItem(item);
  if (!r || r->state != WorkState::kWaiting) return std::nullopt;
  auto line = lines_.find(r->line_id);
  if (line == lines_.end()) return std::nullopt;
  QueueEntry self{r->band, micros(r->queue_time), micros(r->created_at), &item.id, item.kind, r,
                  nullptr};
  int ahead = 0;
  for (const auto& [req, group] : line->second.groups) {
    ahead += static_cast<int>(std::distance(group.items.begin(), group.items.lower_bound(self)));
  }
  WaitingItem w;
  w.item = item;
  w.position = ahead + 1;
  w.estimated_wait = estimateWait(config, r->line_id, w.position);
  w.created_at = r->created_at;
  w.escalated = item.kind == ItemKind::kTask && r->band == 0;
  return w;
}

}  // namespace luukku::core::routing
