#include "core/throttle.h"

#include <algorithm>

namespace luukku::core {

namespace {
std::string accountKey(const std::string& account) { return "user:" + account; }
std::string addressKey(const std::string& address) { return "addr:" + address; }
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleOptions options)
    : clock_(clock), options_(options) {}

std::chrono::seconds LoginThrottle::lockedFor(const std::string& key, Timestamp now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.locked_until <= now) return std::chrono::seconds(0);
  // Round up: "Retry-After: 0" while still locked would invite an immediate retry.
  auto left = it->second.locked_until - now;
  return std::chrono::ceil<std::chrono::seconds>(left);
}

std::chrono::seconds LoginThrottle::retryAfter(const std::string& account,
                                               const std::string& address) {
  std::lock_guard lock(mu_);
  Timestamp now = clock_.now();
  return std::max(lockedFor(accountKey(account), now), lockedFor(addressKey(address), now));
}

void LoginThrottle::fail(const std::string& key, const ThrottleLimit& limit, Timestamp now) {
  Entry& e = entries_[key];
  while (!e.failures.empty() && e.failures.front() <= now - limit.window) e.failures.pop_front();
  e.failures.push_back(now);
  if (static_cast<int>(e.failures.size()) >= limit.max_failures) {
    e.locked_until = now + limit.lock;
    e.failures.clear();
  }
}

void LoginThrottle::recordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  Timestamp now = clock_.now();
  if (entries_.size() >= options_.max_entries) prune(now);
  fail(accountKey(account), options_.per_account, now);
  fail(addressKey(address), options_.per_address, now);
}

void LoginThrottle::recordSuccess(const std::string& account) {
  std::lock_guard lock(mu_);
  entries_.erase(accountKey(account));
}

void LoginThrottle::prune(Timestamp now) {
  auto window = std::max(options_.per_account.window, options_.per_address.window);
  std::erase_if(entries_, [&](const auto& kv) {
    const Entry& e = kv.second;
    bool locked = e.locked_until > now;
    bool recent = !e.failures.empty() && e.failures.back() > now - window;
    return !locked && !recent;
  });
  // Still full (a flood of distinct keys within the window): forget the unlocked ones.
  if (entries_.size() >= options_.max_entries) {
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.locked_until <= now; });
  }
}

}  // namespace luukku::core
