#include "engine/offer_cap.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace luukku::engine {
using namespace core::routing;

namespace {
constexpr auto kWindow = std::chrono::minutes(1);
}

OfferCap::OfferCap(metrics::Registry& metrics)
    : capped_(metrics.counter("luukku_routing_offers_capped_total",
                              "Items held back for having been offered max_offers_per_minute "
                              "times within a minute")) {}

const std::set<ItemRef>& OfferCap::heldBack(const RoutingConfig& config,
                                            const ContactCenter& center, Timestamp now) {
  while (!log_.empty() && log_.front().first + kWindow <= now) {
    auto it = offered_.find(log_.front().second);
    if (it != offered_.end()) {
      it->second.pop_front();
      if (it->second.empty()) offered_.erase(it);
    }
    log_.pop_front();
  }
  for (auto it = held_.begin(); it != held_.end();) {
    // Held while it has its cap's worth of offers within the minute, and exists.
    auto offers = offered_.find(*it);
    const WorkRouting* item = center.findItem(*it);
    bool still = offers != offered_.end() && item &&
                 static_cast<int>(offers->second.size()) >= capOf(config, *item);
    it = still ? std::next(it) : held_.erase(it);
  }
  return held_;
}

int OfferCap::capOf(const RoutingConfig& config, const WorkRouting& item) {
  return config.linePolicy(item.line_id).max_offers_per_minute;
}

void OfferCap::noteOffers(const RoutingConfig& config, const ContactCenter& center,
                          const Events& events) {
  for (const auto& e : events) {
    const auto* offer = std::get_if<OfferMade>(&e);
    if (!offer) continue;
    log_.emplace_back(offer->at, offer->item);
    auto& times = offered_[offer->item];
    times.push_back(offer->at);
    const WorkRouting* item = center.findItem(offer->item);
    if (!item) continue;
    if (static_cast<int>(times.size()) >= capOf(config, *item) &&
        held_.insert(offer->item).second) {
      capped_.add();
      spdlog::warn(
          "{} was offered {} times within a minute (the last time to {}); held back "
          "until the minute has passed",
          streamOf(offer->item), times.size(), offer->agent_id);
    }
  }
}

std::optional<Timestamp> OfferCap::liftsAt(const RoutingConfig& config,
                                           const ContactCenter& center) const {
  std::optional<Timestamp> first;
  for (const auto& ref : held_) {
    auto it = offered_.find(ref);
    const WorkRouting* item = center.findItem(ref);
    if (it == offered_.end() || !item) continue;
    // One more offer is allowed once all but cap - 1 of the remembered ones are a minute old.
    const auto& times = it->second;
    std::size_t cap = static_cast<std::size_t>(std::max(1, capOf(config, *item)));
    if (times.size() < cap) continue;
    Timestamp at = times[times.size() - cap] + kWindow;
    if (!first || at < *first) first = at;
  }
  return first;
}

}  // namespace luukku::engine
