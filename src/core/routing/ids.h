// Where decisions get identifiers for the contacts and tasks they create.
//
// The engine passes a source that makes ids unique across restarts (e.g. from the store's
// sequence); tests and the simulator pass SequentialIds, so runs are reproducible. Ids must be
// lowercase slugs (a-z, 0-9, '-'); ids of up to 15 characters are stored without a separate
// allocation, which matters with 100,000 open tasks in memory.
//
// Thread-safety: an IdSource is used by one thread (the engine's).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/routing/model.h"

namespace luukku::core::routing {

class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual std::string newId(ItemKind kind) = 0;
};

// "c-000001", "t-000001", ... counting separately per kind.
class SequentialIds final : public IdSource {
 public:
  std::string newId(ItemKind kind) override {
    std::uint64_t& counter = kind == ItemKind::kContact ? contacts_ : tasks_;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c-%06llu", kind == ItemKind::kContact ? 'c' : 't',
                  static_cast<unsigned long long>(++counter));
    return buf;
  }

 private:
  std::uint64_t contacts_ = 0;
  std::uint64_t tasks_ = 0;
};

}  // namespace luukku::core::routing
