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
#include <string>
#include <vector>

#include "core/status.h"
#include "reports/call_ledger.h"
#include "store/event_store.h"
#include "store/report_store.h"

namespace luukku::reports {

// The version of what the fold counts. Raise it with any change after which roll-ups folded
// before it differ from a fold of the same log now (a new figure, a figure counted another
// way): roll-ups of another version are rebuilt when a projector resumes on them.
//   1: the first version recorded with the roll-ups. Those made before it say 0 and are
//      rebuilt once: some lack the chats' figures or the staffing per line.
//   2: a contact transferred to another line's queue counts on the line it arrived on, a
//      chat's wait until its first acceptance (before: the chat's answer, wait and duration
//      on its last line, the call on its last line).
inline constexpr int kFoldVersion = 2;

class ReportProjector {
 public:
  ReportProjector(store::EventStore& events, store::ReportStore& reports,
                  std::size_t batch_size = 5000);

  // Reads where the roll-ups stand and what the ledger needs to go on from there. Called by
  // catchUp() the first time; again after someone else moved the roll-ups. Roll-ups folded by
  // another kFoldVersion, or from another log (their last event is not the log's event of that
  // seq), are emptied to be rebuilt; rebuiltBecause() then says why.
  Status resume();
  // Projects every durable event after the roll-ups' seq. Returns how many it projected.
  Result<std::int64_t> catchUp();
  // Projects at most one batch of events; returns how many (0: the roll-ups are up to date).
  Result<std::int64_t> projectOneBatch();
  // Empties the roll-ups and projects the whole log again.
  Status rebuild();

  std::int64_t projectedSeq() const { return seq_; }
  // How many durable events the roll-ups lack (resuming first, which may empty them to be
  // rebuilt).
  Result<std::int64_t> behind();
  // Why the last resume() emptied the roll-ups; empty when it did not.
  const std::string& rebuiltBecause() const { return rebuilt_because_; }

 private:
  Status project(const std::vector<store::StoredEvent>& events);
  // Why roll-ups standing at `at` cannot be gone on from; empty when they can.
  Result<std::string> whyNotResumable(const store::Projection& at);

  store::EventStore& events_;
  store::ReportStore& reports_;
  std::size_t batch_size_;
  bool resumed_ = false;
  std::int64_t seq_ = 0;
  std::string rebuilt_because_;
  Timestamp now_;  // the latest time the log has shown
  CallLedger ledger_;
};

}  // namespace luukku::reports
