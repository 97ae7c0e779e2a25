// Reading a flow's actions in tests (call_flow.h, talk_flow.h): how many of a kind, and the
// first of a kind. Works on any vector of variants.
#pragma once

#include <variant>

namespace luukku::telephony::testing {

template <typename A, typename Actions>
int count(const Actions& actions) {
  int n = 0;
  for (const auto& a : actions) n += std::holds_alternative<A>(a) ? 1 : 0;
  return n;
}

template <typename A, typename Actions>
const A* find(const Actions& actions) {
  for (const auto& a : actions) {
    if (const A* p = std::get_if<A>(&a)) return p;
  }
  return nullptr;
}

}  // namespace luukku::telephony::testing
