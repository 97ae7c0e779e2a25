#include "engine/store_writer.h"

namespace luukku::engine {

StoreWriter::StoreWriter(store::EventStore& store, std::size_t max_batch_events, const Clock& clock,
                         metrics::Registry& metrics)
    : store_(store),
      clock_(clock),
      appended_(metrics.counter("luukku_events_appended_total",
                                "Events durably appended to the event log")),
      commits_(metrics.counter("luukku_store_commits_total",
                               "Transactions committed by the store writer")),
      commit_seconds_(metrics.histogram("luukku_store_commit_seconds",
                                        "Time to write and commit one group of batches")),
      writer_(max_batch_events, concurrency::AfterFailure::kRefuseAll,
              {.weight = [](const Item& item) { return item.batch.events.size(); },
               .commit = [this](std::vector<Item>& group) { return commit(group); },
               .finish = [](Item& item, const Status& status) { item.done(status); }}) {}

void StoreWriter::submit(store::AppendBatch batch, Done done) {
  writer_.submit({std::move(batch), std::move(done)});
}

std::size_t StoreWriter::pendingEvents() const {
  return writer_.pendingWeight();
}

Status StoreWriter::commit(std::vector<Item>& group) {
  store::AppendBatch merged;
  if (group.size() == 1) {
    merged = std::move(group.front().batch);
  } else {
    for (Item& item : group) {
      for (auto& e : item.batch.events) merged.events.push_back(std::move(e));
      for (auto& d : item.batch.documents) merged.documents.push_back(std::move(d));
    }
  }
  Timestamp started = clock_.now();
  Status status = store_.append(merged);
  commit_seconds_.observe(clock_.now() - started);
  if (status.isOk()) {
    commits_.add();
    appended_.add(merged.events.size());
  }
  return status;
}

}  // namespace luukku::engine
