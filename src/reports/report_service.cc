#include "reports/report_service.h"

namespace luukku::reports {
namespace {
// Events per roll-up transaction. The larger the batch, the more of a call's events fold into
// one write of its record and of each counter: the follower kept up with a month's appends at
// full speed in half the time with 10,000 as with 1,000. The roll-ups have a write lock of
// their own (store/report_store.h), so a long transaction holds up no one else.
constexpr std::size_t kBatchEvents = 10000;
}  // namespace

Result<std::unique_ptr<ReportService>> ReportService::open(std::string_view url,
                                                           const Clock& clock) {
  ASSIGN_OR_RETURN(store::EventStorePtr events, store::openStore(url));
  RETURN_IF_ERROR(events->checkSchema());
  ASSIGN_OR_RETURN(store::ReportStorePtr reports, store::openReportStore(url));
  return std::unique_ptr<ReportService>(
      new ReportService(std::move(events), std::move(reports), clock));
}

ReportService::ReportService(store::EventStorePtr events, store::ReportStorePtr reports,
                             const Clock& clock)
    : events_(std::move(events)),
      reports_(std::move(reports)),
      projector_(*events_, *reports_, kBatchEvents),
      clock_(clock) {}

Status ReportService::catchUp() {
  std::lock_guard lock(mu_);
  return catchUpLocked();
}

Status ReportService::catchUpLocked() {
  last_error_ = projector_.catchUp().status();
  return last_error_;
}

void ReportService::follow(std::chrono::milliseconds interval) {
  follower_ = std::jthread([this, interval](std::stop_token stop) {
    std::unique_lock lock(mu_);
    while (!stop.stop_requested()) {
      (void)catchUpLocked();
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
