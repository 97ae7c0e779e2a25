#include "reports/report_queries.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/routing/erlang.h"
#include "core/routing/helsinki_time.h"

namespace luukku::reports {
namespace {

using core::reports::SecondsHistogram;
using std::chrono::sys_days;

// Basis points of part in whole; none when whole is zero.
std::optional<std::int64_t> basisPoints(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  // Rounded half up, in integers.
  return (part * 20000 + whole) / (2 * whole);
}

WaitFigures figuresOf(const SecondsHistogram& h) {
  return {h.total, h.meanSeconds(), h.quantile(0.5), h.quantile(0.9)};
}

// Exact figures of durations of any length (callback delays run to days), in whole seconds
// by the same nearest-rank rule as the histograms.
WaitFigures figuresOf(std::vector<std::chrono::microseconds> durations) {
  WaitFigures out;
  out.count = static_cast<std::int64_t>(durations.size());
  if (durations.empty()) return out;
  std::sort(durations.begin(), durations.end());
  std::chrono::microseconds sum{0};
  for (auto d : durations) sum += d;
  out.mean_s = static_cast<double>(sum.count()) / 1e6 / static_cast<double>(out.count);
  auto rank = [&](double q) {
    auto r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(durations.size())));
    return std::chrono::duration_cast<std::chrono::seconds>(
               durations[std::max<std::size_t>(r, 1) - 1])
        .count();
  };
  out.median_s = rank(0.5);
  out.p90_s = rank(0.9);
  return out;
}

store::CounterQuery counterQuery(const DayRange& range, bool by_agent = false) {
  return {formatDate(range.from),
          formatDate(range.to),
          range.line_id,
          by_agent,
          std::nullopt,
          {},
          false,
          {}};
}

// "answer_wait:12" -> 12 when metric starts with "answer_wait:".
std::optional<std::int64_t> bucketOf(const std::string& metric, std::string_view prefix) {
  if (!metric.starts_with(prefix)) return std::nullopt;
  std::int64_t s = 0;
  auto [end, ec] = std::from_chars(metric.data() + prefix.size(), metric.data() + metric.size(), s);
  if (ec != std::errc() || end != metric.data() + metric.size()) return std::nullopt;
  return s;
}

Date parsedDay(const std::string& day) {
  auto d = parseDate(day);
  return d.isOk() ? *d : Date{};
}

int weekdayIndex(Date d) {  // 0 = Monday
  return static_cast<int>(std::chrono::weekday(sys_days(d)).iso_encoding()) - 1;
}

// Adds one observation per second bucket `s`, whose exact sum is spread from the total later.
void addBucket(SecondsHistogram& h, std::int64_t s, std::int64_t n) {
  h.addSeconds(s, n, std::chrono::microseconds{0});
}

}  // namespace

UtcRange utcRangeOf(const DayRange& range) {
  return {core::routing::fromHelsinki(range.from, std::chrono::minutes{0}),
          core::routing::fromHelsinki(Date(sys_days(range.to) + std::chrono::days{1}),
                                      std::chrono::minutes{0})};
}

Status checkRange(const DayRange& range, int max_days) {
  if (!range.from.ok() || !range.to.ok()) return invalidArgument("not a calendar date");
  if (sys_days(range.from) > sys_days(range.to)) {
    return invalidArgument("the range ends (" + formatDate(range.to) + ") before it starts (" +
                           formatDate(range.from) + ")");
  }
  if ((sys_days(range.to) - sys_days(range.from)).count() >= max_days) {
    return invalidArgument("the range is longer than " + std::to_string(max_days) + " days");
  }
  return Status::ok();
}

std::optional<Period> periodFromName(std::string_view name) {
  if (name == "day") return Period::kDay;
  if (name == "week") return Period::kWeek;
  if (name == "month") return Period::kMonth;
  if (name == "all") return Period::kAll;
  return std::nullopt;
}

std::string periodLabel(Date day, Period period) {
  switch (period) {
    case Period::kDay:
      return formatDate(day);
    case Period::kMonth:
      return formatDate(day).substr(0, 7);
    case Period::kAll:
      return "all";
    case Period::kWeek: {
      // ISO 8601: the week belongs to the year of its Thursday.
      const sys_days d(day);
      const sys_days thursday = d + std::chrono::days{3 - weekdayIndex(day)};
      const Date t(thursday);
      const sys_days first = sys_days(t.year() / std::chrono::January / 1);
      const auto week = (thursday - first).count() / 7 + 1;
      std::string label = std::to_string(static_cast<int>(t.year())) + "-W";
      if (week < 10) label += "0";
      return label + std::to_string(week);
    }
  }
  return "all";
}

Result<std::vector<OutcomeRow>> callsByOutcome(store::ReportStore& store, const DayRange& range,
                                               Period period, bool by_line) {
  RETURN_IF_ERROR(checkRange(range));
  // The outcomes are counted by hour; a day's sum is all this report needs.
  store::CounterQuery query = counterQuery(range);
  query.metrics = {"answered", "lost", "called_back", "outgoing"};
  query.sum_hours = true;
  ASSIGN_OR_RETURN(auto rows, store.counters(query));
  std::map<std::string, core::reports::OutcomeCounts> all;
  std::map<std::pair<std::string, std::string>, core::reports::OutcomeCounts> lines;
  // Every period of the range gets a row, with zeros when nothing happened.
  for (sys_days d = sys_days(range.from); d <= sys_days(range.to); d += std::chrono::days{1}) {
    all[periodLabel(Date(d), period)];
  }
  for (const store::CounterRow& r : rows) {
    auto outcome = core::reports::callOutcomeFromName(r.metric);
    if (!outcome || !core::reports::countsInTotal(*outcome)) continue;
    const std::string label = periodLabel(parsedDay(r.day), period);
    all[label].add(*outcome, r.value);
    if (by_line) lines[{label, r.line_id}].add(*outcome, r.value);
  }
  std::vector<OutcomeRow> out;
  for (const auto& [label, counts] : all) {
    out.push_back({label, "*", counts, core::reports::shareBasisPoints(counts)});
  }
  for (const auto& [key, counts] : lines) {
    out.push_back({key.first, key.second, counts, core::reports::shareBasisPoints(counts)});
  }
  return out;
}

namespace {

// The response times the counter rows added hold (whatever their lines), against a target.
class ResponseTimesFold {
 public:
  explicit ResponseTimesFold(std::int64_t target_s) { out_.target_s = target_s; }

  void add(const store::CounterRow& r) {
    if (r.metric == "arrivals") out_.arrivals += r.value;
    if (r.metric == "abandoned") abandoned_ += r.value;
    if (r.metric == "answer_wait_us") answer_.sum += std::chrono::microseconds{r.value};
    if (r.metric == "abandon_wait_us") abandon_.sum += std::chrono::microseconds{r.value};
    if (auto s = bucketOf(r.metric, "answer_wait:")) addBucket(answer_, *s, r.value);
    if (auto s = bucketOf(r.metric, "abandon_wait:")) addBucket(abandon_, *s, r.value);
  }

  ResponseTimes finish() const {
    ResponseTimes out = out_;
    out.answer = figuresOf(answer_);
    for (std::size_t s = 0; s < answer_.counts.size(); ++s) {
      const auto seconds = static_cast<std::int64_t>(s);
      std::size_t bucket = 0;
      while (bucket + 1 < kDistributionBounds.size() &&
             seconds >= kDistributionBounds[bucket + 1]) {
        ++bucket;
      }
      out.answer_distribution[bucket] += answer_.counts[s];
    }
    out.answered_within_target = answer_.under(out.target_s);
    out.service_level_bp = basisPoints(out.answered_within_target, answer_.total);
    out.abandon = figuresOf(abandon_);
    out.abandonment_bp = basisPoints(abandoned_, out.arrivals);
    return out;
  }

 private:
  ResponseTimes out_;
  SecondsHistogram answer_;
  SecondsHistogram abandon_;
  std::int64_t abandoned_ = 0;
};

}  // namespace

Result<ResponseTimes> responseTimes(store::ReportStore& store, const DayRange& range,
                                    std::int64_t target_s) {
  RETURN_IF_ERROR(checkRange(range));
  ASSIGN_OR_RETURN(auto rows, store.counters(counterQuery(range)));
  ResponseTimesFold fold(target_s);
  for (const store::CounterRow& r : rows) fold.add(r);
  return fold.finish();
}

namespace {

// Each of `lines` on its own target, from counter rows of any lines.
std::vector<LineResponseTimes> byLine(const std::vector<store::CounterRow>& rows,
                                      const std::vector<LineTarget>& lines) {
  std::map<std::string, std::vector<const store::CounterRow*>> of_line;
  for (const store::CounterRow& r : rows) of_line[r.line_id].push_back(&r);
  std::vector<LineResponseTimes> out;
  for (const LineTarget& l : lines) {
    ResponseTimesFold fold(l.target_s);
    if (auto it = of_line.find(l.line_id); it != of_line.end()) {
      for (const store::CounterRow* r : it->second) fold.add(*r);
    }
    out.push_back({l.line_id, fold.finish()});
  }
  return out;
}

}  // namespace

namespace {

// A chat row's figures as the counter rows add them up.
class ChatFold {
 public:
  void add(const store::CounterRow& r) {
    if (r.metric == "chats_offered") row_.offered += r.value;
    if (r.metric == "chats_answered") row_.answered += r.value;
    if (r.metric == "chats_abandoned") row_.abandoned += r.value;
    if (r.metric == "chat_wait_us") wait_.sum += std::chrono::microseconds{r.value};
    if (r.metric == "chat_duration_us") duration_.sum += std::chrono::microseconds{r.value};
    if (auto s = bucketOf(r.metric, "chat_wait:")) addBucket(wait_, *s, r.value);
    if (auto s = bucketOf(r.metric, "chat_duration:")) addBucket(duration_, *s, r.value);
    if (auto rating = bucketOf(r.metric, "chat_feedback:");
        rating && *rating >= 1 && *rating <= 5) {
      row_.ratings[static_cast<std::size_t>(*rating - 1)] += r.value;
    }
  }

  ChatRow finish(std::string period, std::string line_id) const {
    ChatRow out = row_;
    out.period = std::move(period);
    out.line_id = std::move(line_id);
    out.wait = figuresOf(wait_);
    out.duration = figuresOf(duration_);
    std::int64_t points = 0;
    for (std::size_t i = 0; i < out.ratings.size(); ++i) {
      out.feedback += out.ratings[i];
      points += out.ratings[i] * static_cast<std::int64_t>(i + 1);
    }
    if (out.feedback > 0) {
      out.mean_rating = static_cast<double>(points) / static_cast<double>(out.feedback);
    }
    return out;
  }

 private:
  ChatRow row_;
  SecondsHistogram wait_;
  SecondsHistogram duration_;
};

}  // namespace

Result<std::vector<ChatRow>> chatFigures(store::ReportStore& store, const DayRange& range,
                                         Period period, bool by_line) {
  RETURN_IF_ERROR(checkRange(range));
  store::CounterQuery query = counterQuery(range);
  query.metric_prefix = "chat";  // chats_offered, chat_wait:12, chat_feedback:5, ...
  query.sum_hours = true;
  ASSIGN_OR_RETURN(auto rows, store.counters(query));
  std::map<std::string, ChatFold> all;
  std::map<std::pair<std::string, std::string>, ChatFold> lines;
  for (sys_days d = sys_days(range.from); d <= sys_days(range.to); d += std::chrono::days{1}) {
    all[periodLabel(Date(d), period)];
  }
  for (const store::CounterRow& r : rows) {
    const std::string label = periodLabel(parsedDay(r.day), period);
    all[label].add(r);
    if (by_line) lines[{label, r.line_id}].add(r);
  }
  std::vector<ChatRow> out;
  for (const auto& [label, fold] : all) out.push_back(fold.finish(label, "*"));
  for (const auto& [key, fold] : lines) out.push_back(fold.finish(key.first, key.second));
  return out;
}

Result<std::vector<LineResponseTimes>> responseTimesByLine(store::ReportStore& store,
                                                           const DayRange& range,
                                                           const std::vector<LineTarget>& lines) {
  RETURN_IF_ERROR(checkRange(range));
  ASSIGN_OR_RETURN(auto rows, store.counters(counterQuery({range.from, range.to, std::nullopt})));
  return byLine(rows, lines);
}

Result<CallbackFigures> callbacks(store::ReportStore& store, const DayRange& range, Timestamp now) {
  RETURN_IF_ERROR(checkRange(range));
  const UtcRange utc = utcRangeOf(range);
  ASSIGN_OR_RETURN(auto tasks, store.tasks(utc.begin, utc.end, range.line_id));
  CallbackFigures out;
  std::vector<std::chrono::microseconds> first;
  std::vector<std::chrono::microseconds> completion;
  std::int64_t attempts = 0;
  for (const core::reports::TaskRecord& t : tasks) {
    ++out.created;
    attempts += t.attempts;
    if (t.first_attempt_at) first.push_back(*t.first_attempt_at - t.created_at);
    if (t.end == "completed") {
      ++out.completed;
      if (t.ended_at) {
        completion.push_back(*t.ended_at - t.created_at);
        if (*t.ended_at <= t.due_at) ++out.completed_by_due;
      }
    } else if (t.end == "unreachable") {
      ++out.unreachable;
    } else {
      ++out.open;
    }
    const bool late = t.ended_at ? *t.ended_at > t.due_at : now > t.due_at;
    if (late) ++out.overdue;
  }
  out.to_first_attempt = figuresOf(std::move(first));
  out.to_completion = figuresOf(std::move(completion));
  out.completed_by_due_bp = basisPoints(out.completed_by_due, out.completed);
  if (out.created > 0) {
    out.attempts_per_task = static_cast<double>(attempts) / static_cast<double>(out.created);
  }
  ASSIGN_OR_RETURN(auto rows, store.counters(counterQuery(range)));
  for (const store::CounterRow& r : rows) {
    if (r.metric == "arrivals") out.inbound_calls += r.value;
    if (r.metric == "repeats") out.repeat_contacts += r.value;
  }
  out.repeat_bp = basisPoints(out.repeat_contacts, out.inbound_calls);
  return out;
}

Result<PeakHours> peakHours(store::ReportStore& store, const DayRange& range) {
  RETURN_IF_ERROR(checkRange(range));
  ASSIGN_OR_RETURN(auto rows, store.counters(counterQuery(range)));
  PeakHours out;
  for (sys_days d = sys_days(range.from); d <= sys_days(range.to); d += std::chrono::days{1}) {
    ++out.days[static_cast<std::size_t>(weekdayIndex(Date(d)))];
  }
  for (const store::CounterRow& r : rows) {
    if (r.hour < 0 || r.hour > 23) continue;
    const auto w = static_cast<std::size_t>(weekdayIndex(parsedDay(r.day)));
    const auto h = static_cast<std::size_t>(r.hour);
    if (r.metric == "arrivals") out.arrivals[w][h] += r.value;
    if (r.metric == "lost") out.lost[w][h] += r.value;
    if (r.metric == "callback_attempts") out.callbacks[w][h] += r.value;
  }
  // Staffing of all lines is kept under the line "", and each line's under its own.
  store::CounterQuery staffing =
      counterQuery({range.from, range.to, range.line_id.value_or(std::string())});
  staffing.metrics = {"signed_in_us"};
  ASSIGN_OR_RETURN(auto signed_in, store.counters(staffing));
  for (const store::CounterRow& r : signed_in) {
    if (r.hour < 0 || r.hour > 23) continue;
    const auto w = static_cast<std::size_t>(weekdayIndex(parsedDay(r.day)));
    out.signed_in[w][static_cast<std::size_t>(r.hour)] += static_cast<double>(r.value) / 3.6e9;
  }
  ASSIGN_OR_RETURN(auto agents, perAgent(store, range, std::nullopt));
  std::int64_t handled = 0;
  std::chrono::microseconds handling{0};
  for (const AgentFigures& a : agents) {
    handled += a.handled;
    handling += a.talk + a.wrap_up;
  }
  if (handled > 0) {
    out.mean_handle_s =
        std::chrono::duration<double>(handling).count() / static_cast<double>(handled);
  }
  for (std::size_t w = 0; w < 7; ++w) {
    if (out.days[w] == 0) continue;
    for (std::size_t h = 0; h < 24; ++h) {
      const double per_day =
          static_cast<double>(out.arrivals[w][h]) / static_cast<double>(out.days[w]);
      out.agents_needed[w][h] = core::routing::agentsNeeded(
          per_day, out.mean_handle_s, out.target_service_level, out.target_answer_s);
    }
  }
  return out;
}

Result<TodayFigures> today(store::ReportStore& store, Timestamp now,
                           const std::optional<std::string>& line_id, std::int64_t target_s,
                           const std::vector<LineTarget>& lines) {
  TodayFigures out;
  out.date = core::routing::toHelsinki(now).date;
  const DayRange range{out.date, out.date, line_id};
  ASSIGN_OR_RETURN(out.calls, callsByOutcome(store, range, Period::kDay, true));
  // The day's counters of every line, read once for the response times of the line asked
  // for (or all) and for each line's service level: most are per-second wait counts, some
  // 30,000 rows at 100 lines.
  ASSIGN_OR_RETURN(auto rows, store.counters(counterQuery({out.date, out.date, std::nullopt})));
  ResponseTimesFold asked(target_s);
  for (const store::CounterRow& r : rows) {
    if (!line_id || r.line_id == *line_id) asked.add(r);
  }
  out.response_times = asked.finish();
  out.service_levels = byLine(rows, lines);
  ASSIGN_OR_RETURN(out.hours, peakHours(store, range));
  return out;
}

Result<std::vector<AgentFigures>> perAgent(store::ReportStore& store, const DayRange& range,
                                           const std::optional<std::string>& agent_id) {
  RETURN_IF_ERROR(checkRange(range));
  store::CounterQuery query = counterQuery(range, true);
  query.agent_id = agent_id;
  ASSIGN_OR_RETURN(auto rows, store.counters(query));
  std::map<std::string, AgentFigures> agents;
  for (const store::CounterRow& r : rows) {
    AgentFigures& a = agents[r.agent_id];
    a.agent_id = r.agent_id;
    if (r.metric == "handled") a.handled += r.value;
    if (r.metric == "talk_us") a.talk += std::chrono::microseconds{r.value};
    if (r.metric == "wrap_up_us") a.wrap_up += std::chrono::microseconds{r.value};
    if (r.metric == "outgoing") a.outgoing += r.value;
    if (r.metric == "callback_attempts") a.callback_attempts += r.value;
    if (r.metric == "callbacks_completed") a.callbacks_completed += r.value;
  }
  std::vector<AgentFigures> out;
  for (auto& [id, figures] : agents) out.push_back(std::move(figures));
  return out;
}

}  // namespace luukku::reports
