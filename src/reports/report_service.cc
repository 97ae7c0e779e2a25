#include "reports/report_service.h"

#include <string>

namespace luukku::reports {

// Events per roll-up transaction (ReportLimits::batch_events). The larger the batch, the more of
// a call's events fold into one write of its record and of each counter: the follower kept up
// with a month's appends at full speed in half the time with 10,000 as with 1,000. The roll-ups
// have a write lock of their own (store/report_store.h), so a long transaction holds up no one
// else.

Result<std::unique_ptr<ReportService>> ReportService::open(std::string_view url, const Clock& clock,
                                                           ReportLimits limits) {
  ASSIGN_OR_RETURN(store::EventStorePtr events, store::openStore(url));
  RETURN_IF_ERROR(events->checkSchema());
  ASSIGN_OR_RETURN(store::ReportStorePtr reports, store::openReportStore(url));
  return std::unique_ptr<ReportService>(
      new ReportService(std::move(events), std::move(reports), clock, limits));
}

ReportService::ReportService(store::EventStorePtr events, store::ReportStorePtr reports,
                             const Clock& clock, ReportLimits limits)
    : events_(std::move(events)),
      reports_(std::move(reports)),
      limits_(limits),
      projector_(*events_, *reports_, limits.batch_events),
      clock_(clock) {}

std::unique_lock<std::mutex> ReportService::lockForRead() {
  ++reads_waiting_;
  std::unique_lock lock(mu_);
  --reads_waiting_;
  wake_.notify_all();  // a follower stepping aside may go on once no read waits
  return lock;
}

Status ReportService::catchUpForReadLocked(CatchingUp* far) {
  auto behind = projector_.behind();
  if (!behind.isOk()) {
    last_error_ = behind.status();
    return last_error_;
  }
  if (*behind <= limits_.read_catch_up) return catchUpLocked();
  const std::int64_t events = projector_.projectedSeq() + *behind;
  // One batch towards it, so the count goes on even where nothing follows the log.
  if (auto folded = foldBatchLocked(); !folded.isOk()) return folded.status();
  const std::int64_t counted = projector_.projectedSeq();
  if (far) *far = {counted, events};
  return unavailable("the reports are being brought up to date: " + std::to_string(counted) +
                     " of the log's " + std::to_string(events) +
                     " events are counted; try again shortly");
}

Status ReportService::catchUp() {
  std::lock_guard lock(mu_);
  return catchUpLocked();
}

Status ReportService::catchUpLocked() {
  last_error_ = projector_.catchUp().status();
  return last_error_;
}

Result<std::int64_t> ReportService::foldBatchLocked() {
  auto folded = projector_.projectOneBatch();
  last_error_ = folded.status();
  return folded;
}

void ReportService::follow(std::chrono::milliseconds interval) {
  follower_ = std::jthread([this, interval](std::stop_token stop) {
    std::unique_lock lock(mu_);
    while (!stop.stop_requested()) {
      auto folded = foldBatchLocked();
      if (folded.isOk() && *folded == static_cast<std::int64_t>(limits_.batch_events)) {
        // More to come. A read waiting for the lock goes first (it is told, at once, how far
        // the count has got, or catches up the little that is left itself).
        wake_.wait(lock, stop, [this] { return reads_waiting_.load() == 0; });
        continue;
      }
      wake_.wait_for(lock, stop, interval, [] { return false; });
    }
  });
}

Status ReportService::lastError() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

ReportService::~ReportService() {
  follower_.request_stop();
  if (follower_.joinable()) follower_.join();
}

}  // namespace luukku::reports
