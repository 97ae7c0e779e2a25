// StoreWriter: the one thread that appends to the event store, with group commit (a
// concurrency::GroupCommitWriter that refuses everything after a failure).
//
// Submitted batches are written in submission order. While one transaction commits, new
// submissions queue up; the next transaction takes all of them (up to max_batch_events), so
// a burst costs one durable commit for many commands. Each batch's `done` is called, in
// submission order and on the writer thread, once its transaction has committed (OK) or
// failed. After a failure the writer stops writing: every later batch fails at once, because
// the engine's state has run ahead of the store and must be rebuilt from it.
//
// Commit times for the metrics are read from the injected clock (the engine's), never from the
// wall clock directly.
//
// Thread-safety: submit() is thread-safe. `done` callbacks run on the writer thread (or in
// submit() once the writer has failed) and must be short (post elsewhere). The destructor
// writes what is queued, then stops.
#pragma once

#include <cstddef>
#include <functional>

#include "concurrency/group_commit_writer.h"
#include "core/time.h"
#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::engine {

class StoreWriter {
 public:
  using Done = std::function<void(const Status&)>;

  // Borrows `store`, `clock` and `metrics`, which must outlive it.
  StoreWriter(store::EventStore& store, std::size_t max_batch_events, const Clock& clock,
              metrics::Registry& metrics);
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
  Status commit(std::vector<Item>& group);

  store::EventStore& store_;
  const Clock& clock_;
  metrics::Counter& appended_;
  metrics::Counter& commits_;
  metrics::Histogram& commit_seconds_;
  concurrency::GroupCommitWriter<Item> writer_;  // last: its thread uses the fields above
};

}  // namespace luukku::engine
