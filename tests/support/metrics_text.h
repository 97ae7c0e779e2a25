// Reading figures out of the Prometheus text that /metrics serves, for tests.
#pragma once

#include <string>

namespace luukku::testing {

// The value of an unlabelled metric `name` in `text`; -1 when it is absent.
inline long metricValue(const std::string& text, const std::string& name) {
  auto at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stol(text.substr(at + name.size() + 2));
}

}  // namespace luukku::testing
