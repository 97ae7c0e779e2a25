// /api/v1/reports/...: the figures managers read (docs/reports.md), as JSON or CSV. Every
// report names a range of Helsinki days (from, to; both included); bad dates, an empty or too
// long range and unknown parameters are 400s that say which. The drill-down lists calls with
// their numbers and writes the access log for each call it shows.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include "api/access_logging.h"
#include "api/report_views.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "concurrency/blocking_pool.h"
#include "core/routing/helsinki_time.h"
#include "core/text.h"
#include "engine/engine.h"
#include "identity/identity.h"
#include "reports/report_service.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

using reports::DayRange;

constexpr std::int64_t kMaxCallsListed = 1000;

// What every report asks: the days, the line, and how to render.
struct ReportParams {
  DayRange range;
  bool csv = false;
  ReportLanguage lang = ReportLanguage::kFi;
  CsvStyle style{',', true, false};
};

Result<Date> dayParam(const HttpRequest& request, std::string_view name) {
  auto text = request.queryParam(name);
  if (!text) return invalidArgument("query parameter '" + std::string(name) + "' is required");
  auto day = parseDate(*text);
  if (!day) {
    return invalidArgument("query parameter '" + std::string(name) +
                           "' must be a date as YYYY-MM-DD, got '" + printable(*text) + "'");
  }
  return *day;
}

Result<ReportParams> reportParams(const HttpRequest& request,
                                  std::initializer_list<std::string_view> allowed) {
  RETURN_IF_ERROR(onlyQueryParams(request, allowed));
  ReportParams p;
  ASSIGN_OR_RETURN(p.range.from, dayParam(request, "from"));
  ASSIGN_OR_RETURN(p.range.to, dayParam(request, "to"));
  RETURN_IF_ERROR(reports::checkRange(p.range));
  if (auto line = request.queryParam("line")) p.range.line_id = std::string(*line);
  const auto format = request.queryParam("format").value_or("json");
  if (format != "json" && format != "csv") {
    return invalidArgument("query parameter 'format' must be json or csv");
  }
  p.csv = format == "csv";
  auto lang = reportLanguageFromName(request.queryParam("lang").value_or("fi"));
  if (!lang) return invalidArgument("query parameter 'lang' must be fi, sv or en");
  p.lang = *lang;
  const auto separator = request.queryParam("separator").value_or("comma");
  if (separator != "comma" && separator != "semicolon") {
    return invalidArgument("query parameter 'separator' must be comma or semicolon");
  }
  if (separator == "semicolon") p.style = {';', true, true};
  return p;
}

// A report by period: the range's parameters, `period` (day, week, month, all; month by
// default) and `by_line`.
struct PeriodReportParams : ReportParams {
  reports::Period period = reports::Period::kMonth;
  bool by_line = false;
};

Result<PeriodReportParams> periodReportParams(const HttpRequest& request) {
  PeriodReportParams p;
  ASSIGN_OR_RETURN(static_cast<ReportParams&>(p),
                   reportParams(request, {"from", "to", "line", "format", "lang", "separator",
                                          "period", "by_line"}));
  auto period = reports::periodFromName(request.queryParam("period").value_or("month"));
  if (!period) return invalidArgument("query parameter 'period' must be day, week, month or all");
  p.period = *period;
  ASSIGN_OR_RETURN(p.by_line, boolQueryParam(request, "by_line", false));
  return p;
}

HttpResponse csvResponse(std::string body, std::string_view name) {
  HttpResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + std::string(name) + ".csv\"");
  return r;
}

// Runs a report on the blocking pool, on roll-ups brought up to date first. Refused because
// they are far behind the log, it fills in `far`.
template <typename T>
asio::awaitable<Result<T>> runReport(Services& s,
                                     std::function<Result<T>(store::ReportStore&, Timestamp)> read,
                                     reports::CatchingUp& far) {
  if (!s.reports) co_return Result<T>(unavailable("reports are not available on this server"));
  auto work = [&s, &far, read = std::move(read)]() { return s.reports->read<T>(read, &far); };
  co_return co_await s.blocking.run(std::move(work), asio::use_awaitable);
}

// A report's failure. While the roll-ups are counted again (far behind the log), 503
// `catching_up` with how far the count has got, for the reports view to show and try again.
HttpResponse reportError(const Status& status, const reports::CatchingUp& far) {
  if (status.code() != ErrorCode::kUnavailable || far.events == 0) return errorResponse(status);
  json::object error{{"code", "catching_up"},
                     {"message", status.message()},
                     {"counted", far.counted},
                     {"events", far.events}};
  HttpResponse r = jsonResponse(503, json::serialize(json::object{{"error", std::move(error)}}));
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

// Supervisors and admins read every report, as they lead in the rest of the API (acting.h);
// a professional reads only their own figures.
const Access kLeads = Access::anyOf({Role::kSupervisor, Role::kAdmin});

bool supervises(const RequestContext& ctx) {
  return ctx.principal &&
         (ctx.principal->roles.has(Role::kSupervisor) || ctx.principal->roles.has(Role::kAdmin));
}

const std::initializer_list<std::string_view> kRangeParams = {"from",   "to",   "line",
                                                              "format", "lang", "separator"};

}  // namespace

void addReportRoutes(Router& router, Services& s) {
  router.add(
      {"GET", "/api/v1/reports/calls", "getCallsByOutcome", kLeads,
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto p = periodReportParams(ctx.request);
         if (!p) co_return errorResponse(p.status());
         std::function<Result<std::vector<reports::OutcomeRow>>(store::ReportStore&, Timestamp)>
             read = [range = p->range, pd = p->period, bl = p->by_line](store::ReportStore& st,
                                                                        Timestamp) {
               return reports::callsByOutcome(st, range, pd, bl);
             };
         reports::CatchingUp far;
         auto rows = co_await runReport(s, std::move(read), far);
         if (!rows) co_return reportError(rows.status(), far);
         if (p->csv) co_return csvResponse(outcomesCsv(*rows, p->lang, p->style), "calls");
         co_return jsonResponse(200, outcomesJson(*rows));
       }});

  router.add(
      {"GET", "/api/v1/reports/chats", "getChatReport", kLeads,
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto p = periodReportParams(ctx.request);
         if (!p) co_return errorResponse(p.status());
         std::function<Result<std::vector<reports::ChatRow>>(store::ReportStore&, Timestamp)> read =
             [range = p->range, pd = p->period, bl = p->by_line](store::ReportStore& st,
                                                                 Timestamp) {
               return reports::chatFigures(st, range, pd, bl);
             };
         reports::CatchingUp far;
         auto rows = co_await runReport(s, std::move(read), far);
         if (!rows) co_return reportError(rows.status(), far);
         if (p->csv) co_return csvResponse(chatsCsv(*rows, p->lang, p->style), "chats");
         co_return jsonResponse(200, chatsJson(*rows));
       }});

  router.add({"GET", "/api/v1/reports/calls/list", "listReportCalls", kLeads,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto p =
                    reportParams(ctx.request, {"from", "to", "line", "format", "lang", "separator",
                                               "outcome", "agent", "limit", "offset"});
                if (!p) co_return errorResponse(p.status());
                store::CallQuery q;
                const auto utc = reports::utcRangeOf(p->range);
                q.from = utc.begin;
                q.to = utc.end;
                q.line_id = p->range.line_id;
                if (auto outcome = ctx.request.queryParam("outcome")) {
                  if (!core::reports::callOutcomeFromName(*outcome)) {
                    co_return errorResponse(invalidArgument(
                        "query parameter 'outcome' must be answered, lost, called_back, outgoing, "
                        "callback_attempt or pending"));
                  }
                  q.outcome = std::string(*outcome);
                }
                if (auto agent = ctx.request.queryParam("agent")) q.agent_id = std::string(*agent);
                auto limit = intQueryParam(ctx.request, "limit", 100, 1, kMaxCallsListed);
                if (!limit) co_return errorResponse(limit.status());
                auto offset = intQueryParam(ctx.request, "offset", 0, 0, 10'000'000);
                if (!offset) co_return errorResponse(offset.status());
                q.limit = static_cast<std::size_t>(*limit) + 1;  // one more: is there a next page?
                q.offset = static_cast<std::size_t>(*offset);
                std::function<Result<std::vector<core::reports::CallRecord>>(store::ReportStore&,
                                                                             Timestamp)>
                    read = [q](store::ReportStore& st, Timestamp) { return st.calls(q); };
                reports::CatchingUp far;
                auto calls = co_await runReport(s, std::move(read), far);
                if (!calls) co_return reportError(calls.status(), far);
                const bool more = calls->size() > static_cast<std::size_t>(*limit);
                if (more) calls->pop_back();
                std::vector<identity::AccessEntry> entries;
                for (const auto& c : *calls) {
                  if (!c.number.empty()) {
                    entries.push_back({"phone:" + c.number, "contact", c.id, "report drill-down"});
                  }
                }
                Status logged = co_await recordAccesses(s, ctx, std::move(entries));
                if (!logged) co_return errorResponse(logged);
                if (p->csv)
                  co_return csvResponse(callsCsv(*calls, p->lang, p->style), "calls-list");
                co_return jsonResponse(200, callsJson(*calls, more));
              }});

  router.add({"GET", "/api/v1/reports/response-times", "getResponseTimes", kLeads,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto p = reportParams(
                    ctx.request, {"from", "to", "line", "format", "lang", "separator", "target_s"});
                if (!p) co_return errorResponse(p.status());
                auto target = intQueryParam(ctx.request, "target_s", 60, 1, 3600);
                if (!target) co_return errorResponse(target.status());
                std::function<Result<reports::ResponseTimes>(store::ReportStore&, Timestamp)> read =
                    [range = p->range, t = *target](store::ReportStore& st, Timestamp) {
                      return reports::responseTimes(st, range, t);
                    };
                reports::CatchingUp far;
                auto r = co_await runReport(s, std::move(read), far);
                if (!r) co_return reportError(r.status(), far);
                if (p->csv) {
                  co_return csvResponse(responseTimesCsv(*r, p->lang, p->style), "response-times");
                }
                co_return jsonResponse(200, responseTimesJson(*r));
              }});

  router.add(
      {"GET", "/api/v1/reports/callbacks", "getCallbackReport", kLeads,
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto p = reportParams(ctx.request, kRangeParams);
         if (!p) co_return errorResponse(p.status());
         std::function<Result<reports::CallbackFigures>(store::ReportStore&, Timestamp)> read =
             [range = p->range](store::ReportStore& st, Timestamp now) {
               return reports::callbacks(st, range, now);
             };
         reports::CatchingUp far;
         auto r = co_await runReport(s, std::move(read), far);
         if (!r) co_return reportError(r.status(), far);
         if (p->csv) co_return csvResponse(callbacksCsv(*r, p->lang, p->style), "callbacks");
         co_return jsonResponse(200, callbacksJson(*r));
       }});

  router.add({"GET", "/api/v1/reports/peak-hours", "getPeakHours", kLeads,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                auto p = reportParams(ctx.request, kRangeParams);
                if (!p) co_return errorResponse(p.status());
                std::function<Result<reports::PeakHours>(store::ReportStore&, Timestamp)> read =
                    [range = p->range](store::ReportStore& st, Timestamp) {
                      return reports::peakHours(st, range);
                    };
                reports::CatchingUp far;
                auto r = co_await runReport(s, std::move(read), far);
                if (!r) co_return reportError(r.status(), far);
                if (p->csv) {
                  co_return csvResponse(peakHoursCsv(*r, p->lang, p->style), "peak-hours");
                }
                co_return jsonResponse(200, peakHoursJson(*r));
              }});

  // A supervisor sees every professional (or one, with `agent`); a professional only
  // themself, whatever they ask.
  router.add(
      {"GET", "/api/v1/reports/agents", "getAgentReport",
       Access::anyOf({Role::kSupervisor, Role::kAdmin, Role::kAgent}),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         auto p = reportParams(ctx.request,
                               {"from", "to", "line", "format", "lang", "separator", "agent"});
         if (!p) co_return errorResponse(p.status());
         std::optional<std::string> agent;
         if (auto a = ctx.request.queryParam("agent")) agent = std::string(*a);
         if (!supervises(ctx)) {
           const std::string& own = ctx.principal->agent_id;
           if (own.empty()) {
             co_return errorResponse(
                 Status(ErrorCode::kPermissionDenied,
                        "this account acts for no agent: only supervisors see others' figures"));
           }
           if (agent && *agent != own) {
             co_return errorResponse(Status(ErrorCode::kPermissionDenied,
                                            "a professional sees only their own figures"));
           }
           agent = own;
         }
         std::function<Result<std::vector<reports::AgentFigures>>(store::ReportStore&, Timestamp)>
             read = [range = p->range, agent](store::ReportStore& st, Timestamp) {
               return reports::perAgent(st, range, agent);
             };
         reports::CatchingUp far;
         auto rows = co_await runReport(s, std::move(read), far);
         if (!rows) co_return reportError(rows.status(), far);
         if (p->csv) co_return csvResponse(agentsCsv(*rows, p->lang, p->style), "agents");
         co_return jsonResponse(200, agentsJson(*rows));
       }});

  // Today so far, by the server's clock: calls by outcome and by hour, for the live view.
  router.add({"GET", "/api/v1/reports/today", "getReportToday", kLeads,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                Status only = onlyQueryParams(ctx.request, {"line", "target_s"});
                if (!only) co_return errorResponse(only);
                auto target = intQueryParam(ctx.request, "target_s", 60, 1, 3600);
                if (!target) co_return errorResponse(target.status());
                std::optional<std::string> line;
                if (auto l = ctx.request.queryParam("line")) line = std::string(*l);
                // Each line's service level against its own target (its routing policy's
                // service_level_target_s), for the supervisor's view.
                std::vector<reports::LineTarget> targets;
                for (const auto& [id, l] : s.engine.region()->state.lines()) {
                  if (line && id != *line) continue;
                  targets.push_back({id, l.routing.service_level_target.count()});
                }
                std::function<Result<std::string>(store::ReportStore&, Timestamp)> read =
                    [line, t = *target, targets = std::move(targets)](
                        store::ReportStore& st, Timestamp now) -> Result<std::string> {
                  ASSIGN_OR_RETURN(auto today, reports::today(st, now, line, t, targets));
                  std::string levels;
                  for (const auto& own : today.service_levels) {
                    levels +=
                        (levels.empty() ? "" : ",") + lineServiceLevelJson(own.line_id, own.times);
                  }
                  return "{\"date\":\"" + formatDate(today.date) + "\",\"at\":\"" +
                         formatTimestamp(now) + "\",\"calls\":" + outcomesJson(today.calls) +
                         ",\"response_times\":" + responseTimesJson(today.response_times) +
                         ",\"service_levels\":[" + levels + "]" +
                         ",\"hours\":" + peakHoursJson(today.hours) + "}";
                };
                reports::CatchingUp far;
                auto body = co_await runReport(s, std::move(read), far);
                if (!body) co_return reportError(body.status(), far);
                co_return jsonResponse(200, std::move(*body));
              }});
}

}  // namespace luukku::api
