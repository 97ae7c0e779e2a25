// A clock for tests that is safe to read from server threads while the test moves it, and
// helsinki() for readable instants.
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

// The instant of `hour`:`minute` on `day` November 2026, Helsinki time (Monday the 23rd).
inline Timestamp helsinki(int day, int hour, int minute) {
  using namespace std::chrono;
  return core::routing::fromHelsinki(year(2026) / November / static_cast<unsigned>(day),
                      minutes(hour * 60 + minute));
}

}  // namespace luukku::testing
