#include "engine/store_reader.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>

namespace luukku::engine {
namespace asio = boost::asio;

StoreReader::StoreReader(std::string store_url, std::size_t threads)
    : url_(std::move(store_url)), pool_(threads) {}

StoreReader::~StoreReader() {
  pool_.join();
}

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

void StoreReader::readAllOnPool(
    std::int64_t after, std::size_t limit,
    asio::any_completion_handler<void(Result<std::vector<store::StoredEvent>>)> handler) {
  auto work = asio::prefer(asio::get_associated_executor(handler, pool_.get_executor()),
                           asio::execution::outstanding_work.tracked);
  asio::post(pool_, [this, after, limit, work, h = std::move(handler)]() mutable {
    Result<std::vector<store::StoredEvent>> result = unavailable("no store connection");
    auto store = acquire();
    if (!store) {
      result = store.status();
    } else {
      result = (*store)->readAll(after, limit);
      // A connection that failed is dropped; the next read opens a fresh one.
      if (result) release(std::move(store).value());
    }
    asio::dispatch(work, [h = std::move(h), r = std::move(result)]() mutable {
      std::move(h)(std::move(r));
    });
  });
}

}  // namespace luukku::engine
