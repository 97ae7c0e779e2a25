// ReportService: the reports as a server reads them. It owns a connection to the event log
// and one to the roll-ups and a projector over them; every read first brings the roll-ups up
// to the log's last durable event, so a report (and "today") always includes every event
// committed before it was asked for. follow() also keeps them up on a thread of its own, so
// a read finds little to catch up.
//
// Reads block (SQLite, libpq): call them off the I/O threads (the API runs them on its
// blocking pool). Thread-safety: thread-safe; reads run one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
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

class ReportService {
 public:
  ReportService(const ReportService&) = delete;
  ReportService& operator=(const ReportService&) = delete;

  // Opens both connections to the (migrated) store at `url`. `clock` is borrowed.
  static Result<std::unique_ptr<ReportService>> open(std::string_view url, const Clock& clock);

  // Catches the roll-ups up with the log, then runs `read` on them.
  template <typename T>
  Result<T> read(const std::function<Result<T>(store::ReportStore&, Timestamp now)>& read) {
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(catchUpLocked());
    return read(*reports_, clock_.now());
  }

  // Brings the roll-ups up to date.
  Status catchUp();

  // Catches up now and then every `interval` on a thread of its own until destroyed. A failed
  // catch-up (the store unreachable) is tried again at the next interval; lastError() says
  // what the last one met.
  void follow(std::chrono::milliseconds interval);
  Status lastError() const;

  ~ReportService();

 private:
  ReportService(store::EventStorePtr events, store::ReportStorePtr reports, const Clock& clock);
  Status catchUpLocked();

  mutable std::mutex mu_;
  store::EventStorePtr events_;    // guarded by mu_
  store::ReportStorePtr reports_;  // guarded by mu_
  ReportProjector projector_;      // guarded by mu_
  const Clock& clock_;
  Status last_error_;  // guarded by mu_
  std::condition_variable_any wake_;
  std::jthread follower_;  // last: stopped and joined first
};

}  // namespace luukku::reports
