#include "core/rate_limit.h"

#include <algorithm>

namespace luukku::core {

RateLimiter::RateLimiter(const Clock& clock, RateLimit limit, std::size_t max_keys)
    : clock_(clock), limit_(limit), max_keys_(max_keys) {}

double RateLimiter::refilled(const Bucket& b, Timestamp now) const {
  double elapsed = std::chrono::duration<double>(now - b.at).count();
  // A clock stepped back refills nothing.
  return std::min(limit_.burst, b.tokens + std::max(0.0, elapsed) * limit_.per_second);
}

void RateLimiter::prune(Timestamp now) {
  std::erase_if(buckets_, [&](const auto& kv) { return refilled(kv.second, now) >= limit_.burst; });
}

bool RateLimiter::take(const std::string& key) {
  Timestamp now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) prune(now);
    if (buckets_.size() >= max_keys_) return false;
    it = buckets_.emplace(key, Bucket{limit_.burst, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = refilled(b, now);
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace luukku::core
