#include "engine/store_writer.h"

#include <chrono>

namespace luukku::engine {

StoreWriter::StoreWriter(store::EventStore& store, std::size_t max_batch_events,
                         metrics::Registry& metrics)
    : store_(store),
      max_batch_events_(max_batch_events),
      appended_(metrics.counter("luukku_events_appended_total",
                                "Events durably appended to the event log")),
      commits_(metrics.counter("luukku_store_commits_total",
                               "Transactions committed by the store writer")),
      commit_seconds_(metrics.histogram("luukku_store_commit_seconds",
                                        "Time to write and commit one group of batches")),
      thread_([this] { run(); }) {}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void StoreWriter::submit(store::AppendBatch batch, Done done) {
  Status failure;
  {
    std::lock_guard lock(mu_);
    if (failure_.isOk()) {
      pending_events_ += batch.events.size();
      queue_.push_back({std::move(batch), std::move(done)});
      wake_.notify_one();
      return;
    }
    failure = failure_;
  }
  done(failure);
}

std::size_t StoreWriter::pendingEvents() const {
  std::lock_guard lock(mu_);
  return pending_events_;
}

void StoreWriter::run() {
  std::vector<Item> group;
  for (;;) {
    group.clear();
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, everything written
      std::size_t events = 0;
      while (!queue_.empty() &&
             (group.empty() || events + queue_.front().batch.events.size() <= max_batch_events_)) {
        events += queue_.front().batch.events.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }

    store::AppendBatch merged;
    if (group.size() == 1) {
      merged = std::move(group.front().batch);
    } else {
      for (Item& item : group) {
        for (auto& e : item.batch.events) merged.events.push_back(std::move(e));
        for (auto& d : item.batch.documents) merged.documents.push_back(std::move(d));
      }
    }
    auto started = std::chrono::steady_clock::now();
    Status status = store_.append(merged);
    commit_seconds_.observe(std::chrono::steady_clock::now() - started);
    if (status.isOk()) {
      commits_.add();
      appended_.add(merged.events.size());
    }
    {
      std::lock_guard lock(mu_);
      pending_events_ -= merged.events.size();
      if (!status.isOk()) failure_ = status;
    }
    for (Item& item : group) item.done(status);
    if (!status.isOk()) {
      // Fail everything still queued; later submissions fail in submit().
      std::deque<Item> rest;
      {
        std::lock_guard lock(mu_);
        rest.swap(queue_);
        pending_events_ = 0;
      }
      for (Item& item : rest) item.done(status);
    }
  }
}

}  // namespace luukku::engine
