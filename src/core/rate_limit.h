// RateLimiter: token buckets by key ("chat:c-1", "addr:10.0.0.5"), for flooding from outside —
// chats started from one address, messages from one chat's visitor.
//
// Each key has a bucket of `burst` tokens that refills at `per_second`; take() spends one when
// there is one. State is in memory, per process. Buckets that have refilled completely say
// nothing a new bucket would not, so they are pruned, and the table is bounded: when it is
// full of keys still draining, a new key is refused (a flood of made-up keys costs bounded
// memory and gains nothing).
//
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace luukku::core {

struct RateLimit {
  double per_second = 5;
  double burst = 10;
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimit limit, std::size_t max_keys = 100'000);

  // Spends a token of `key`'s bucket; false when it is empty (the caller is refused).
  bool take(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    Timestamp at{};
  };
  double refilled(const Bucket& b, Timestamp now) const;
  void prune(Timestamp now);

  const Clock& clock_;
  const RateLimit limit_;
  const std::size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace luukku::core
