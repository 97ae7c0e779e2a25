#include "reports/report_service.h"

namespace luukku::reports {

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
      projector_(*events_, *reports_),
      clock_(clock) {}

Status ReportService::catchUp() {
  std::lock_guard lock(mu_);
  return catchUpLocked();
}

Status ReportService::catchUpLocked() {
  return projector_.catchUp().status();
}

}  // namespace luukku::reports
