// ReportProjector: keeps the reports' roll-ups (store/report_store.h) up to date with the
// event log. It reads the events after the roll-ups' seq, folds them (CallLedger), and writes
// each batch's records, counter deltas and new seq in one transaction; so a projector stopped
// at any point resumes from where the roll-ups say, and a rebuild from seq 0 ends with the
// same roll-ups as one that kept up event by event.
//
// Ownership: borrows both stores, which must outlive it. Thread-safety: not thread-safe; one
// owner (the stores are one connection each).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/status.h"
#include "reports/call_ledger.h"
#include "store/event_store.h"
#include "store/report_store.h"

namespace luukku::reports {

class ReportProjector {
 public:
  ReportProjector(store::EventStore& events, store::ReportStore& reports,
                  std::size_t batch_size = 5000);

  // Reads where the roll-ups stand and what the ledger needs to go on from there. Called by
  // catchUp() the first time; again after someone else moved the roll-ups.
  Status resume();
  // Projects every durable event after the roll-ups' seq. Returns how many it projected.
  Result<std::int64_t> catchUp();
  // Projects at most one batch of events; returns how many (0: the roll-ups are up to date).
  Result<std::int64_t> projectOneBatch();
  // Empties the roll-ups and projects the whole log again.
  Status rebuild();

  std::int64_t projectedSeq() const { return seq_; }

 private:
  Status project(const std::vector<store::StoredEvent>& events);

  store::EventStore& events_;
  store::ReportStore& reports_;
  std::size_t batch_size_;
  bool resumed_ = false;
  std::int64_t seq_ = 0;
  Timestamp now_;  // the latest time the log has shown
  CallLedger ledger_;
};

}  // namespace luukku::reports
