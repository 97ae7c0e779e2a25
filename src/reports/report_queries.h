// The reports, read from the roll-ups (never from the event log): calls by outcome, response
// times, callbacks, peak hours and per professional, for a range of Helsinki days. Each
// function states what it counts; docs/reports.md defines every figure for its readers.
//
// Thread-safety: pure functions over a ReportStore the caller owns (not thread-safe).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/reports/call_outcomes.h"
#include "core/status.h"
#include "core/time.h"
#include "store/report_store.h"

namespace luukku::reports {

// Helsinki days [from, to], both included, optionally one line.
struct DayRange {
  Date from;
  Date to;
  std::optional<std::string> line_id;
};
// The instants of a day range: [Helsinki midnight of `from`, Helsinki midnight after `to`).
struct UtcRange {
  Timestamp begin;
  Timestamp end;
};
UtcRange utcRangeOf(const DayRange& range);

// Checks a range: from <= to and at most `max_days` days long.
Status checkRange(const DayRange& range, int max_days = 400);

enum class Period { kDay, kWeek, kMonth, kAll };
std::optional<Period> periodFromName(std::string_view name);  // "day", "week", "month", "all"
// "2025-03-14", "2025-W11" (ISO week), "2025-03", or "all".
std::string periodLabel(Date day, Period period);

// ---- Calls by outcome ----------------------------------------------------------------------

struct OutcomeRow {
  std::string period;   // periodLabel()
  std::string line_id;  // "*" for all lines together; "" for calls that never reached a line
  core::reports::OutcomeCounts counts;
  std::array<std::int64_t, 4> shares{};  // basis points: answered, lost, called back, outgoing
};
// One row per period for all lines, then (with `by_line`) one per period and line.
Result<std::vector<OutcomeRow>> callsByOutcome(store::ReportStore& store, const DayRange& range,
                                               Period period, bool by_line);

// ---- Response times ------------------------------------------------------------------------

struct WaitFigures {
  std::int64_t count = 0;
  std::optional<double> mean_s;
  std::optional<std::int64_t> median_s;
  std::optional<std::int64_t> p90_s;
};
struct ResponseTimes {
  std::int64_t arrivals = 0;  // inbound calls
  WaitFigures answer;         // time to answer, answered calls
  // Answered calls by wait: [0,10) [10,20) [20,30) [30,60) [60,120) [120,300) [300,...) s.
  std::array<std::int64_t, 7> answer_distribution{};
  std::int64_t target_s = 60;
  std::int64_t answered_within_target = 0;
  std::optional<std::int64_t> service_level_bp;  // of answered calls, basis points
  WaitFigures abandon;                           // callers who hung up while waiting
  std::optional<std::int64_t> abandonment_bp;    // abandoned of arrivals, basis points
};
inline constexpr std::array<std::int64_t, 7> kDistributionBounds = {0, 10, 20, 30, 60, 120, 300};
Result<ResponseTimes> responseTimes(store::ReportStore& store, const DayRange& range,
                                    std::int64_t target_s);

// A line and its own service-level target (its routing policy's service_level_target_s).
struct LineTarget {
  std::string line_id;
  std::int64_t target_s = 60;
};
struct LineResponseTimes {
  std::string line_id;
  ResponseTimes times;
};
// Each line's response times against its own target, in the order given, from one read of
// the range's counters (the range's own line is not used): the supervisors' live view asks
// for every line every few seconds, and one query per line grows with the lines.
Result<std::vector<LineResponseTimes>> responseTimesByLine(store::ReportStore& store,
                                                           const DayRange& range,
                                                           const std::vector<LineTarget>& lines);

// ---- Callbacks -----------------------------------------------------------------------------

struct CallbackFigures {
  std::int64_t created = 0;
  std::int64_t completed = 0;
  std::int64_t unreachable = 0;
  std::int64_t open = 0;
  std::int64_t overdue = 0;  // open past due at `now`, or ended after their due time
  WaitFigures to_first_attempt;
  WaitFigures to_completion;
  std::int64_t completed_by_due = 0;  // completed by the due time the line's rule gave
  std::optional<std::int64_t> completed_by_due_bp;  // of completed
  std::optional<double> attempts_per_task;
  std::int64_t inbound_calls = 0;
  std::int64_t repeat_contacts = 0;  // inbound calls from a number that called within 7 days
  std::optional<std::int64_t> repeat_bp;
};
// Tasks created in the range; `now` decides which open tasks are overdue.
Result<CallbackFigures> callbacks(store::ReportStore& store, const DayRange& range, Timestamp now);

// ---- Peak hours ----------------------------------------------------------------------------

struct PeakHours {
  // [weekday 0 = Monday .. 6][hour 0..23], summed over the range's days.
  std::array<std::array<std::int64_t, 24>, 7> arrivals{};
  std::array<std::array<std::int64_t, 24>, 7> lost{};
  std::array<std::array<std::int64_t, 24>, 7> callbacks{};  // callback attempts made
  std::array<std::int64_t, 7> days{};  // how many of each weekday the range holds
  // Agents signed in, on average over the hour, summed over the range's days (divide by
  // `days` for the average day): with a line, the agents who were members of it; without,
  // every agent once.
  std::array<std::array<double, 24>, 7> signed_in{};
  // The planner's answer for the same arrivals (core/routing/erlang.h, as `luukku simulate
  // --plan`): agents needed for `target_service_level` of calls answered within
  // `target_answer_s`, for the average day of that weekday, with the range's mean handling
  // time (talk plus wrap-up of handled calls; 240 s when none was handled).
  std::array<std::array<int, 24>, 7> agents_needed{};
  double mean_handle_s = 240;
  double target_service_level = 0.8;
  double target_answer_s = 60;
};
Result<PeakHours> peakHours(store::ReportStore& store, const DayRange& range);

// ---- Today ---------------------------------------------------------------------------------

struct TodayFigures {
  Date date;                                      // today in Helsinki
  std::vector<OutcomeRow> calls;                  // by day, all lines and each line
  ResponseTimes response_times;                   // against `target_s`
  std::vector<LineResponseTimes> service_levels;  // each of `lines` against its own target
  PeakHours hours;
};
// Today so far (the Helsinki day of `now`), on one line or all: what the live view shows.
Result<TodayFigures> today(store::ReportStore& store, Timestamp now,
                           const std::optional<std::string>& line_id, std::int64_t target_s,
                           const std::vector<LineTarget>& lines);

// ---- Chats ---------------------------------------------------------------------------------

struct ChatRow {
  std::string period;                     // periodLabel()
  std::string line_id;                    // "*" for all lines together
  std::int64_t offered = 0;               // chats queued
  std::int64_t answered = 0;              // accepted by a professional, contact ended
  std::int64_t abandoned = 0;             // left the queue before anyone accepted
  WaitFigures wait;                       // queued to accepted, answered chats
  WaitFigures duration;                   // accepted to the contact's end, answered chats
  std::array<std::int64_t, 5> ratings{};  // feedback given, by rating 1-5
  std::int64_t feedback = 0;              // the sum of `ratings`
  std::optional<double> mean_rating;
};
// One row per period for all lines, then (with `by_line`) one per period and line, each
// counted on the Helsinki day the chat started (docs/reports.md, "Chats").
Result<std::vector<ChatRow>> chatFigures(store::ReportStore& store, const DayRange& range,
                                         Period period, bool by_line);

// ---- Per professional ----------------------------------------------------------------------

struct AgentFigures {
  std::string agent_id;
  std::int64_t handled = 0;
  std::chrono::microseconds talk{0};
  std::chrono::microseconds wrap_up{0};
  std::int64_t outgoing = 0;
  std::int64_t callback_attempts = 0;
  std::int64_t callbacks_completed = 0;
};
// Every agent with figures in the range, or only `agent_id`.
Result<std::vector<AgentFigures>> perAgent(store::ReportStore& store, const DayRange& range,
                                           const std::optional<std::string>& agent_id);

}  // namespace luukku::reports
