// OfferCap: the safety net against offer loops. An item is offered at most its line's
// `max_offers_per_minute` times within any minute; routing holds it back beyond that until the
// minute has passed (docs/routing.md). A phone that fails at once or a desktop that declines by
// itself would otherwise have the same item offered thousands of times a second, each offer
// written durably.
//
// It remembers when each item was offered, from the OfferMade events routing makes. That memory
// is not stored: a restart forgets it, which loosens the net for one minute at most (and after a
// restart no call survives anyway). Each time an item is newly held back it logs a warning and
// counts it in luukku_routing_offers_capped_total.
//
// Cost: noting an offer and forgetting an old one are O(log n); heldBack() touches only the
// offers that expired since the last call and the items held back.
//
// Thread-safety: none; owned by the engine's thread.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/routing/contact_center.h"
#include "metrics/metrics.h"

namespace luukku::engine {

class OfferCap {
 public:
  explicit OfferCap(metrics::Registry& metrics);

  // The items to hold back at `now`. Offers a minute old or more are forgotten first.
  const std::set<core::routing::ItemRef>& heldBack(const core::routing::RoutingConfig& config,
                                                   const core::routing::ContactCenter& center,
                                                   Timestamp now);
  // Notes the offers among `events` (before they are applied), holding back the items that
  // reach their line's cap.
  void noteOffers(const core::routing::RoutingConfig& config,
                  const core::routing::ContactCenter& center, const core::routing::Events& events);
  // When the first held-back item may be offered again; nullopt when none is held back.
  std::optional<Timestamp> liftsAt(const core::routing::RoutingConfig& config,
                                   const core::routing::ContactCenter& center) const;

 private:
  static int capOf(const core::routing::RoutingConfig& config,
                   const core::routing::WorkRouting& item);

  std::map<core::routing::ItemRef, std::deque<Timestamp>> offered_;  // per item, oldest first
  std::deque<std::pair<Timestamp, core::routing::ItemRef>> log_;     // every offer, oldest first
  std::set<core::routing::ItemRef> held_;
  metrics::Counter& capped_;
};

}  // namespace luukku::engine
