// mustStop: for destructors that stop threads. Stopping throws only when a thread cannot be
// joined, and that thread would then run on freed memory: rather than unwind past it (or let
// the exception escape a destructor), say what could not stop and why, and end the process.
//
// Thread-safety: whatever `stop` has.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace luukku::core {

template <typename Stop>
void mustStop(const char* what, Stop&& stop) noexcept {
  try {
    stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "luukku: %s cannot stop: %s\n", what, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "luukku: %s cannot stop\n", what);
    std::abort();
  }
}

}  // namespace luukku::core
