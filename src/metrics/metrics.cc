#include "metrics/metrics.h"

#include <cstdio>

namespace luukku::metrics {
namespace {

std::string renderLabels(const Labels& labels, std::string_view extra_name = {},
                         std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string out = "{";
  auto put = [&](std::string_view name, std::string_view value) {
    if (out.size() > 1) out += ',';
    out += name;
    out += "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  };
  for (const auto& [name, value] : labels) put(name, value);
  if (!extra_name.empty()) put(extra_name, extra_value);
  out += '}';
  return out;
}

std::string formatDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Histogram::observe(std::chrono::nanoseconds d) {
  double seconds = std::chrono::duration<double>(d).count();
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(static_cast<std::uint64_t>(d.count() > 0 ? d.count() : 0),
                       std::memory_order_relaxed);
}

std::array<std::uint64_t, Histogram::kBounds.size() + 1> Histogram::cumulativeCounts() const {
  std::array<std::uint64_t, kBounds.size() + 1> out{};
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

Registry::Series& Registry::find(std::string_view name, std::string_view help, Type type,
                                 Labels labels) {
  std::lock_guard lock(mu_);
  std::size_t family = families_.size();
  for (std::size_t i = 0; i < families_.size(); ++i) {
    if (families_[i].name == name) family = i;
  }
  if (family == families_.size()) families_.push_back({std::string(name), std::string(help), type});
  for (auto& s : series_) {
    if (s.family == family && s.labels == labels) return s;
  }
  Series& s = series_.emplace_back();
  s.family = family;
  s.labels = std::move(labels);
  switch (type) {
    case Type::kCounter: s.counter = std::make_unique<Counter>(); break;
    case Type::kGauge: s.gauge = std::make_unique<Gauge>(); break;
    case Type::kHistogram: s.histogram = std::make_unique<Histogram>(); break;
  }
  return s;
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
  return *find(name, help, Type::kCounter, std::move(labels)).counter;
}
Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
  return *find(name, help, Type::kGauge, std::move(labels)).gauge;
}
Histogram& Registry::histogram(std::string_view name, std::string_view help, Labels labels) {
  return *find(name, help, Type::kHistogram, std::move(labels)).histogram;
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (std::size_t f = 0; f < families_.size(); ++f) {
    const Family& family = families_[f];
    static constexpr const char* kTypeNames[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + family.name + " " + family.help + "\n";
    out += "# TYPE " + family.name + " " + kTypeNames[static_cast<int>(family.type)] + "\n";
    for (const Series& s : series_) {
      if (s.family != f) continue;
      if (s.counter) {
        out += family.name + renderLabels(s.labels) + " " + std::to_string(s.counter->value()) + "\n";
      } else if (s.gauge) {
        out += family.name + renderLabels(s.labels) + " " + std::to_string(s.gauge->value()) + "\n";
      } else {
        auto counts = s.histogram->cumulativeCounts();
        for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i) {
          out += family.name + "_bucket" +
                 renderLabels(s.labels, "le", formatDouble(Histogram::kBounds[i])) + " " +
                 std::to_string(counts[i]) + "\n";
        }
        out += family.name + "_bucket" + renderLabels(s.labels, "le", "+Inf") + " " +
               std::to_string(counts.back()) + "\n";
        out += family.name + "_sum" + renderLabels(s.labels) + " " +
               formatDouble(static_cast<double>(s.histogram->sumNanos()) / 1e9) + "\n";
        out += family.name + "_count" + renderLabels(s.labels) + " " +
               std::to_string(counts.back()) + "\n";
      }
    }
  }
  return out;
}

}  // namespace luukku::metrics
