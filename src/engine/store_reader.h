// StoreReader: reads the event store off the I/O threads.
//
// Reads block (SQLite and libpq are synchronous), so they run on the reader's own small
// thread pool, each on a connection of its own, and complete on the caller's executor. Used
// for history: catching a reconnecting subscriber up, and the events API.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "store/event_store.h"

namespace luukku::engine {

class StoreReader {
 public:
  StoreReader(std::string store_url, std::size_t threads);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // Completes with Result<std::vector<StoredEvent>>: events with global_seq > after, in order.
  template <typename CompletionToken>
  auto readAll(std::int64_t after, std::size_t limit, CompletionToken&& token) {
    using Signature = void(Result<std::vector<store::StoredEvent>>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, std::int64_t a, std::size_t l) {
          readAllOnPool(a, l, boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, after, limit);
  }

 private:
  void readAllOnPool(
      std::int64_t after, std::size_t limit,
      boost::asio::any_completion_handler<void(Result<std::vector<store::StoredEvent>>)> handler);
  Result<store::EventStorePtr> acquire();
  void release(store::EventStorePtr store);

  const std::string url_;
  boost::asio::thread_pool pool_;
  std::mutex mu_;
  std::vector<store::EventStorePtr> idle_;  // guarded by mu_
};

}  // namespace luukku::engine
