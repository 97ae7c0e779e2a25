// The reports' JSON and CSV forms. CSV headers (and outcome names in CSV cells) are in the
// language asked for, fi, sv or en; JSON keeps stable machine names, and the web app labels
// them. docs/reports.md defines every figure; docs/openapi.json describes the shapes.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/csv.h"
#include "core/reports/call_outcomes.h"
#include "reports/report_queries.h"

namespace luukku::api {

enum class ReportLanguage { kFi, kSv, kEn };
std::optional<ReportLanguage> reportLanguageFromName(std::string_view name);

std::string outcomesJson(const std::vector<reports::OutcomeRow>& rows);
std::string outcomesCsv(const std::vector<reports::OutcomeRow>& rows, ReportLanguage lang,
                        CsvStyle style);

std::string callsJson(const std::vector<core::reports::CallRecord>& calls, bool more);
std::string callsCsv(const std::vector<core::reports::CallRecord>& calls, ReportLanguage lang,
                     CsvStyle style);

// The single-figure reports are two columns in CSV, the figure (its unit in its name) and its
// value, one row per figure; peak hours is one row per weekday and hour.
std::string responseTimesJson(const reports::ResponseTimes& r);
std::string responseTimesCsv(const reports::ResponseTimes& r, ReportLanguage lang, CsvStyle style);
// One line's service level against its own target: {"line", "target_s", "answered",
// "answered_within_target", "service_level_percent"} (null before any call is answered).
std::string lineServiceLevelJson(const std::string& line_id, const reports::ResponseTimes& r);
std::string callbacksJson(const reports::CallbackFigures& c);
std::string callbacksCsv(const reports::CallbackFigures& c, ReportLanguage lang, CsvStyle style);
std::string peakHoursJson(const reports::PeakHours& p);
std::string peakHoursCsv(const reports::PeakHours& p, ReportLanguage lang, CsvStyle style);

// Chats per period (and line): a row each, in CSV too.
std::string chatsJson(const std::vector<reports::ChatRow>& rows);
std::string chatsCsv(const std::vector<reports::ChatRow>& rows, ReportLanguage lang,
                     CsvStyle style);

std::string agentsJson(const std::vector<reports::AgentFigures>& agents);
std::string agentsCsv(const std::vector<reports::AgentFigures>& agents, ReportLanguage lang,
                      CsvStyle style);

}  // namespace luukku::api
