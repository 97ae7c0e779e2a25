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
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "concurrency/blocking_pool.h"
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
          readOnPool<std::vector<store::StoredEvent>>(
              [a, l](store::EventStore& s) { return s.readAll(a, l); },
              boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, after, limit);
  }

  // Completes with Result<std::vector<Document>>: the documents of `kind` with these ids that
  // exist, in the order of `ids` (one pooled connection for all of them).
  template <typename CompletionToken>
  auto loadDocumentsById(std::string kind, std::vector<std::string> ids, CompletionToken&& token) {
    using Signature = void(Result<std::vector<store::Document>>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, std::string k, std::vector<std::string> i) {
          readOnPool<std::vector<store::Document>>(
              [k = std::move(k),
               i = std::move(i)](store::EventStore& s) -> Result<std::vector<store::Document>> {
                std::vector<store::Document> out;
                for (const auto& id : i) {
                  ASSIGN_OR_RETURN(auto doc, s.loadDocument(k, id));
                  if (doc) out.push_back(std::move(*doc));
                }
                return out;
              },
              boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, std::move(kind), std::move(ids));
  }

  // Completes with Result<std::vector<StoredEvent>>: a stream's events with stream_seq > after,
  // in order, at most `limit`.
  template <typename CompletionToken>
  auto readStream(std::string stream_id, std::int64_t after, std::size_t limit,
                  CompletionToken&& token) {
    using Signature = void(Result<std::vector<store::StoredEvent>>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, std::string stream, std::int64_t a, std::size_t l) {
          readOnPool<std::vector<store::StoredEvent>>(
              [stream = std::move(stream), a, l](store::EventStore& s) {
                return s.readStream(stream, a, l);
              },
              boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, std::move(stream_id), after, limit);
  }

  // Completes with Result<std::int64_t>: how far a stream goes in the log (0: no events).
  template <typename CompletionToken>
  auto lastStreamSeq(std::string stream_id, CompletionToken&& token) {
    using Signature = void(Result<std::int64_t>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, std::string stream) {
          readOnPool<std::int64_t>(
              [stream = std::move(stream)](store::EventStore& s) {
                return s.lastStreamSeq(stream);
              },
              boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, std::move(stream_id));
  }

  // Completes with Result<std::optional<Document>>.
  template <typename CompletionToken>
  auto loadDocument(std::string kind, std::string id, CompletionToken&& token) {
    using Signature = void(Result<std::optional<store::Document>>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, std::string k, std::string i) {
          readOnPool<std::optional<store::Document>>(
              [k = std::move(k), i = std::move(i)](store::EventStore& s) {
                return s.loadDocument(k, i);
              },
              boost::asio::any_completion_handler<Signature>(std::move(handler)));
        },
        token, std::move(kind), std::move(id));
  }

 private:
  // Runs `read` on a pooled connection on the reader's threads; completes on the caller's
  // executor. A connection whose read failed is dropped; the next read opens a fresh one.
  template <typename T>
  void readOnPool(std::function<Result<T>(store::EventStore&)> read,
                  boost::asio::any_completion_handler<void(Result<T>)> handler) {
    pool_.run(
        [this, read = std::move(read)]() -> Result<T> {
          ASSIGN_OR_RETURN(store::EventStorePtr store, acquire());
          Result<T> result = read(*store);
          if (result) release(std::move(store));
          return result;
        },
        std::move(handler));
  }
  Result<store::EventStorePtr> acquire();
  void release(store::EventStorePtr store);

  const std::string url_;
  std::mutex mu_;
  std::vector<store::EventStorePtr> idle_;  // guarded by mu_
  concurrency::BlockingPool pool_;          // last: joined before the connections go
};

}  // namespace luukku::engine
