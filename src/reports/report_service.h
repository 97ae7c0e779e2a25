// ReportService: the reports as a server reads them. It owns a connection to the event log
// and one to the roll-ups and a projector over them. A read first brings the roll-ups up to
// the log's last durable event, so a report (and "today") includes every event committed
// before it was asked for. follow() keeps them up on a thread of its own, so a read finds
// little to catch up.
//
// Far behind — a long log counted again after an upgrade raised kFoldVersion, or a server
// started on a log others wrote for hours — a read does not wait for the count: it answers
// kUnavailable at once and says how far the count has got (CatchingUp), and the follower goes
// on. The follower holds the roll-ups one batch at a time and lets a waiting read in between
// batches, so a read waits for one batch at most.
//
// Reads block (SQLite, libpq): call them off the I/O threads (the API runs them on its
// blocking pool). Thread-safety: thread-safe; reads run one at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/status.h"
#include "core/time.h"
#include "reports/projector.h"
#include "store/event_store.h"
#include "store/report_store.h"

namespace luukku::reports {

struct ReportLimits {
  // Events folded in one roll-up transaction (see report_service.cc).
  std::size_t batch_events = 10000;
  // A read that finds the roll-ups at most this many events behind folds them itself and
  // answers; further behind it answers kUnavailable. 50,000 events fold in about a second.
  std::int64_t read_catch_up = 50000;
};

// A read refused because the roll-ups are far behind the log: they hold its events up to
// `counted` of `events`.
struct CatchingUp {
  std::int64_t counted = 0;
  std::int64_t events = 0;
};

class ReportService {
 public:
  ReportService(const ReportService&) = delete;
  ReportService& operator=(const ReportService&) = delete;

  // Opens both connections to the (migrated) store at `url`. `clock` is borrowed.
  static Result<std::unique_ptr<ReportService>> open(std::string_view url, const Clock& clock,
                                                     ReportLimits limits = {});

  // Catches the roll-ups up with the log, then runs `read` on them. Far behind, answers
  // kUnavailable without running it and, given `far`, fills it in.
  template <typename T>
  Result<T> read(const std::function<Result<T>(store::ReportStore&, Timestamp now)>& read,
                 CatchingUp* far = nullptr) {
    std::unique_lock lock = lockForRead();
    RETURN_IF_ERROR(catchUpForReadLocked(far));
    return read(*reports_, clock_.now());
  }

  // Brings the roll-ups up to date, however far behind.
  Status catchUp();

  // Catches up now and then every `interval` on a thread of its own until destroyed. A failed
  // catch-up (the store unreachable) is tried again at the next interval; lastError() says
  // what the last one met.
  void follow(std::chrono::milliseconds interval);
  Status lastError() const;

  ~ReportService();

 private:
  ReportService(store::EventStorePtr events, store::ReportStorePtr reports, const Clock& clock,
                ReportLimits limits);
  // mu_, taken ahead of the follower: it steps aside between batches while a read waits.
  std::unique_lock<std::mutex> lockForRead();
  Status catchUpForReadLocked(CatchingUp* far);
  Status catchUpLocked();
  // One batch; how many events it folded.
  Result<std::int64_t> foldBatchLocked();

  mutable std::mutex mu_;
  store::EventStorePtr events_;    // guarded by mu_
  store::ReportStorePtr reports_;  // guarded by mu_
  ReportLimits limits_;
  ReportProjector projector_;  // guarded by mu_
  const Clock& clock_;
  Status last_error_;  // guarded by mu_
  std::atomic<int> reads_waiting_{0};
  std::condition_variable_any wake_;
  std::jthread follower_;  // last: stopped and joined first
};

}  // namespace luukku::reports
