// Time in the domain: instants, calendar dates and the injected clock.
//
// The domain never reads the wall clock; whoever drives it passes a Clock. Instants are UTC
// with microsecond precision (the store keeps the same precision).
//
// Thread-safety: free functions are pure. A Clock implementation states its own rules;
// ManualClock is not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace luukku {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using Date = std::chrono::year_month_day;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// A clock that moves only when told to: for tests and the simulator.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_; }
  void set(Timestamp t) { now_ = t; }
  void advance(std::chrono::microseconds d) { now_ += d; }

 private:
  Timestamp now_;
};

inline std::int64_t toMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp fromMicros(std::int64_t us) { return Timestamp(std::chrono::microseconds(us)); }

// "2026-11-22T08:15:30.123456Z" (always UTC, always six fractional digits).
std::string formatTimestamp(Timestamp t);
// Accepts RFC 3339 with 'Z' or a numeric offset and 0-9 fractional digits.
Result<Timestamp> parseTimestamp(std::string_view text);

// "2027-01-06". parseDate rejects anything but a valid calendar date in that form.
std::string formatDate(Date d);
Result<Date> parseDate(std::string_view text);

// Minutes after local midnight as "HH:MM"; 1440 is written "24:00" (end of day).
std::string formatMinuteOfDay(int minutes);
Result<int> parseMinuteOfDay(std::string_view text);

}  // namespace luukku
