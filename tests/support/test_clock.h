// Clocks for tests, safe to read from server threads (TestClock also while the test moves it),
// and helsinki() for readable instants.
#pragma once

#include <atomic>
#include <chrono>

#include "core/routing/helsinki_time.h"
#include "core/time.h"

namespace luukku::testing {

class TestClock final : public Clock {
 public:
  explicit TestClock(Timestamp start = fromMicros(1795335330000000))  // 2026-11-22T08:15:30Z
      : micros_(toMicros(start)) {}
  Timestamp now() const override { return fromMicros(micros_.load()); }
  void advance(std::chrono::microseconds d) { micros_ += d.count(); }
  void set(Timestamp t) { micros_ = toMicros(t); }

 private:
  std::atomic<std::int64_t> micros_;
};

// A clock that runs at real speed from a chosen instant: for tests with real peers, whose
// timeouts (SIP, offers) run on real time, while opening hours see the day the test chose.
class RunningClock final : public Clock {
 public:
  explicit RunningClock(Timestamp start)
      : start_(start), origin_(std::chrono::steady_clock::now()) {}
  Timestamp now() const override {
    return start_ + std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - origin_);
  }

 private:
  const Timestamp start_;
  const std::chrono::steady_clock::time_point origin_;
};

// The instant of `hour`:`minute` on `day` November 2026, Helsinki time (Monday the 23rd).
inline Timestamp helsinki(int day, int hour, int minute) {
  using namespace std::chrono;
  return core::routing::fromHelsinki(year(2026) / November / static_cast<unsigned>(day),
                                     minutes(hour * 60 + minute));
}

}  // namespace luukku::testing
