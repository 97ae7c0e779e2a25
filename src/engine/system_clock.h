// The wall clock, for the running server. The domain only ever sees core's Clock interface.
#pragma once

#include "core/time.h"

namespace luukku::engine {

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

}  // namespace luukku::engine
