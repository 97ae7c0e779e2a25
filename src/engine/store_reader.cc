#include "engine/store_reader.h"

namespace luukku::engine {

StoreReader::StoreReader(std::string store_url, std::size_t threads)
    : url_(std::move(store_url)), pool_(threads) {}

StoreReader::~StoreReader() = default;

Result<store::EventStorePtr> StoreReader::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      store::EventStorePtr s = std::move(idle_.back());
      idle_.pop_back();
      return s;
    }
  }
  return store::openStore(url_);
}

void StoreReader::release(store::EventStorePtr store) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(store));
}

}  // namespace luukku::engine
