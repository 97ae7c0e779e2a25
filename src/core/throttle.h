// LoginThrottle: brute-force protection for sign-in — staff signing in over HTTP, and phones
// and trunks answering SIP digest challenges.
//
// Failures are counted per key ("user:anna", "addr:10.0.0.5") in a sliding window. When a
// key reaches its limit it is locked for a while; the lock lifts by itself when the time has
// passed. A success clears the account's failures (not the address's: one right password
// does not excuse a thousand wrong ones from the same address). Unknown usernames are
// counted like known ones, so the answers never tell them apart.
//
// State is in memory, per process: a restart forgives. Entries that have nothing left to
// say are pruned, and the table is bounded, so a flood of made-up usernames costs bounded
// memory.
//
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace luukku::core {

struct ThrottleLimit {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds lock{15 * 60};
};

struct ThrottleOptions {
  ThrottleLimit per_account{5, std::chrono::seconds(15 * 60), std::chrono::seconds(15 * 60)};
  ThrottleLimit per_address{20, std::chrono::seconds(15 * 60), std::chrono::seconds(15 * 60)};
  std::size_t max_entries = 100'000;
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options);

  // Seconds until the account or the address may try again; 0 when both may try now.
  std::chrono::seconds retryAfter(const std::string& account, const std::string& address);
  void recordFailure(const std::string& account, const std::string& address);
  void recordSuccess(const std::string& account);

 private:
  struct Entry {
    std::deque<Timestamp> failures;
    Timestamp locked_until{};
  };
  std::chrono::seconds lockedFor(const std::string& key, Timestamp now);
  void fail(const std::string& key, const ThrottleLimit& limit, Timestamp now);
  void prune(Timestamp now);

  const Clock& clock_;
  const ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace luukku::core
