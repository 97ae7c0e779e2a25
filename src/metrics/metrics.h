// Prometheus-style metrics: counters, gauges and latency histograms, rendered in the
// Prometheus text exposition format (version 0.0.4) for /metrics.
//
// Metrics are created once at start-up through a Registry, which owns them and hands out
// references that stay valid for the registry's life. Updating a metric is a relaxed atomic
// operation, safe from any thread and cheap enough for every request.
//
//   Counter& appended = registry.counter("luukku_events_appended_total", "Events appended");
//   appended.add(batch.size());
//
// Thread-safety: Counter, Gauge and Histogram updates are thread-safe. Registry creation
// methods are thread-safe; render() may run concurrently with updates.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace luukku::metrics {

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// A histogram of durations in seconds with fixed buckets from 50 µs to 10 s. 15 and 20 ms are
// bounds so that a latency target of 20 ms (the switchboard's) is read off the buckets exactly.
class Histogram {
 public:
  static constexpr std::array<double, 16> kBounds = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.015,   0.02,   0.025,   0.05,   0.1,   0.5,    1.0,   10.0};
  void observe(std::chrono::nanoseconds d);
  // Cumulative counts per bound, then +Inf; the sum in nanoseconds.
  std::array<std::uint64_t, kBounds.size() + 1> cumulativeCounts() const;
  std::uint64_t sumNanos() const { return sum_nanos_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_nanos_{0};
};

// A label set rendered as {name="value",...}; values are escaped when rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, Labels labels = {});

  // The whole registry in the Prometheus text format.
  std::string render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Family {
    std::string name;
    std::string help;
    Type type;
  };
  struct Series {
    std::size_t family;
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  Series& find(std::string_view name, std::string_view help, Type type, Labels labels);

  mutable std::mutex mu_;
  std::vector<Family> families_;  // guarded by mu_
  std::deque<Series> series_;     // guarded by mu_; deque keeps references stable
};

}  // namespace luukku::metrics
