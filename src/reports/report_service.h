// ReportService: the reports as a server reads them. It owns a connection to the event log
// and one to the roll-ups and a projector over them; every read first brings the roll-ups up
// to the log's last durable event, so a report (and "today") always includes every event
// committed before it was asked for.
//
// Reads block (SQLite, libpq): call them off the I/O threads (the API runs them on its
// blocking pool). Thread-safety: thread-safe; reads run one at a time.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "reports/projector.h"
#include "store/event_store.h"
#include "store/report_store.h"

namespace luukku::reports {

class ReportService {
 public:
  // Opens both connections to the (migrated) store at `url`. `clock` is borrowed.
  static Result<std::unique_ptr<ReportService>> open(std::string_view url, const Clock& clock);

  // Catches the roll-ups up with the log, then runs `read` on them.
  template <typename T>
  Result<T> read(const std::function<Result<T>(store::ReportStore&, Timestamp now)>& read) {
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(catchUpLocked());
    return read(*reports_, clock_.now());
  }

  // Brings the roll-ups up to date (at start, so the first report need not wait for it).
  Status catchUp();

 private:
  ReportService(store::EventStorePtr events, store::ReportStorePtr reports, const Clock& clock);
  Status catchUpLocked();

  std::mutex mu_;
  store::EventStorePtr events_;    // guarded by mu_
  store::ReportStorePtr reports_;  // guarded by mu_
  ReportProjector projector_;      // guarded by mu_
  const Clock& clock_;
};

}  // namespace luukku::reports
