// StoreWriter: the one thread that appends to the event store, with group commit.
//
// Submitted batches are written in submission order. While one transaction commits, new
// submissions queue up; the next transaction takes all of them (up to max_batch_events), so
// a burst costs one durable commit for many commands. Each batch's `done` is called, in
// submission order and on the writer thread, once its transaction has committed (OK) or
// failed. After a failure the writer stops writing: every later batch fails at once, because
// the engine's state has run ahead of the store and must be rebuilt from it.
//
// Thread-safety: submit() is thread-safe. `done` callbacks run on the writer thread and must
// be short (post elsewhere).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::engine {

class StoreWriter {
 public:
  using Done = std::function<void(const Status&)>;

  StoreWriter(store::EventStore& store, std::size_t max_batch_events,
              metrics::Registry& metrics);
  // Writes what is queued, then stops.
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  void submit(store::AppendBatch batch, Done done);
  // Events submitted and not yet committed.
  std::size_t pendingEvents() const;

 private:
  struct Item {
    store::AppendBatch batch;
    Done done;
  };
  void run();

  store::EventStore& store_;
  const std::size_t max_batch_events_;
  metrics::Counter& appended_;
  metrics::Counter& commits_;
  metrics::Histogram& commit_seconds_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;          // guarded by mu_
  std::size_t pending_events_ = 0;  // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  Status failure_;                  // guarded by mu_
  std::thread thread_;
};

}  // namespace luukku::engine
