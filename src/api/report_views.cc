#include "api/report_views.h"

#include <array>
#include <boost/json.hpp>
#include <map>

#include "core/routing/helsinki_time.h"

namespace luukku::api {
namespace json = boost::json;
using core::reports::CallRecord;
using core::reports::formatBasisPoints;

namespace {

// Every label of the CSV files, in Finnish, Swedish and English.
const std::map<std::string_view, std::array<std::string_view, 3>, std::less<>> kLabels = {
    {"period", {"Jakso", "Period", "Period"}},
    {"line", {"Palvelulinja", "Servicelinje", "Service line"}},
    {"all_lines", {"Kaikki linjat", "Alla linjer", "All lines"}},
    {"before_routing", {"Ennen linjaa", "Före linjen", "Before a line"}},
    {"total", {"Yhteensä", "Totalt", "Total"}},
    {"answered", {"Vastatut", "Besvarade", "Answered"}},
    {"lost", {"Menetetyt", "Förlorade", "Lost"}},
    {"called_back", {"Takaisinsoitetut", "Uppringda", "Called back"}},
    {"outgoing", {"Lähtevät", "Utgående", "Outgoing"}},
    {"date", {"Päivä", "Datum", "Date"}},
    {"time", {"Kellonaika", "Klockslag", "Time"}},
    {"number", {"Numero", "Nummer", "Number"}},
    {"direction", {"Suunta", "Riktning", "Direction"}},
    {"outcome", {"Tulos", "Resultat", "Outcome"}},
    {"wait", {"Odotus (s)", "Väntetid (s)", "Wait (s)"}},
    {"talk", {"Puheaika (s)", "Samtalstid (s)", "Talk (s)"}},
    {"wrap_up", {"Jälkityö (s)", "Efterarbete (s)", "Wrap-up (s)"}},
    {"agent", {"Ammattilainen", "Yrkesperson", "Professional"}},
    {"handled", {"Käsitellyt", "Hanterade", "Handled"}},
    {"outgoing_calls", {"Lähtevät puhelut", "Utgående samtal", "Outgoing calls"}},
    {"callback_attempts",
     {"Takaisinsoittoyritykset", "Återuppringningsförsök", "Callback attempts"}},
    {"callbacks_completed",
     {"Valmiit takaisinsoitot", "Slutförda återuppringningar", "Callbacks completed"}},
    {"inbound", {"saapuva", "inkommande", "inbound"}},
    {"outgoing_direction", {"lähtevä", "utgående", "outgoing"}},
    {"o_pending", {"kesken", "pågår", "pending"}},
    {"o_answered", {"vastattu", "besvarat", "answered"}},
    {"o_lost", {"menetetty", "förlorat", "lost"}},
    {"o_called_back", {"takaisinsoitettu", "uppringt", "called back"}},
    {"o_outgoing", {"lähtevä", "utgående", "outgoing"}},
    {"o_callback_attempt", {"takaisinsoittoyritys", "återuppringningsförsök", "callback attempt"}},
};

std::string label(std::string_view key, ReportLanguage lang) {
  return std::string(kLabels.at(key)[static_cast<std::size_t>(lang)]);
}

std::string share(std::string_view key, ReportLanguage lang) {
  return label(key, lang) + " %";
}

std::string seconds(std::chrono::microseconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

json::value optionalNumber(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value optionalDouble(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value percent(const std::optional<std::int64_t>& bp) {
  return bp ? json::value(formatBasisPoints(*bp)) : json::value(nullptr);
}

json::object waitJson(const reports::WaitFigures& w) {
  return {{"count", w.count},
          {"mean_s", optionalDouble(w.mean_s)},
          {"median_s", optionalNumber(w.median_s)},
          {"p90_s", optionalNumber(w.p90_s)}};
}

std::string localTime(Timestamp t) {
  const auto local = core::routing::toHelsinki(t);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local.time_of_day).count();
  const auto secs =
      std::chrono::duration_cast<std::chrono::seconds>(local.time_of_day).count() % 60;
  std::string out = formatMinuteOfDay(static_cast<int>(minutes)) + ":";
  if (secs < 10) out += "0";
  return out + std::to_string(secs);
}

}  // namespace

std::optional<ReportLanguage> reportLanguageFromName(std::string_view name) {
  if (name == "fi") return ReportLanguage::kFi;
  if (name == "sv") return ReportLanguage::kSv;
  if (name == "en") return ReportLanguage::kEn;
  return std::nullopt;
}

std::string outcomesJson(const std::vector<reports::OutcomeRow>& rows) {
  json::array items;
  for (const auto& r : rows) {
    json::object shares{{"answered", formatBasisPoints(r.shares[0])},
                        {"lost", formatBasisPoints(r.shares[1])},
                        {"called_back", formatBasisPoints(r.shares[2])},
                        {"outgoing", formatBasisPoints(r.shares[3])}};
    items.push_back(json::object{{"period", r.period},
                                 {"line", r.line_id},
                                 {"total", r.counts.total()},
                                 {"answered", r.counts.answered},
                                 {"lost", r.counts.lost},
                                 {"called_back", r.counts.called_back},
                                 {"outgoing", r.counts.outgoing},
                                 {"shares_percent", std::move(shares)}});
  }
  return json::serialize(json::object{{"items", std::move(items)}});
}

std::string outcomesCsv(const std::vector<reports::OutcomeRow>& rows, ReportLanguage lang,
                        CsvStyle style) {
  CsvWriter csv(style);
  csv.row({label("period", lang), label("line", lang), label("total", lang),
           label("answered", lang), share("answered", lang), label("lost", lang),
           share("lost", lang), label("called_back", lang), share("called_back", lang),
           label("outgoing", lang), share("outgoing", lang)});
  for (const auto& r : rows) {
    const std::string line = r.line_id == "*"    ? label("all_lines", lang)
                             : r.line_id.empty() ? label("before_routing", lang)
                                                 : r.line_id;
    csv.row({r.period, line, std::to_string(r.counts.total()), std::to_string(r.counts.answered),
             csv.decimal(formatBasisPoints(r.shares[0])), std::to_string(r.counts.lost),
             csv.decimal(formatBasisPoints(r.shares[1])), std::to_string(r.counts.called_back),
             csv.decimal(formatBasisPoints(r.shares[2])), std::to_string(r.counts.outgoing),
             csv.decimal(formatBasisPoints(r.shares[3]))});
  }
  return std::move(csv).str();
}

std::string callsJson(const std::vector<CallRecord>& calls, bool more) {
  json::array items;
  for (const auto& c : calls) {
    auto wait = core::reports::waitOf(c);
    items.push_back(
        json::object{{"id", c.id},
                     {"date", formatDate(core::routing::toHelsinki(c.arrived_at).date)},
                     {"time", localTime(c.arrived_at)},
                     {"arrived_at", formatTimestamp(c.arrived_at)},
                     {"number", c.number},
                     {"line", c.line_id},
                     {"direction", core::reports::callDirectionName(c.direction)},
                     {"outcome", core::reports::callOutcomeName(core::reports::outcomeOf(c))},
                     {"agent", c.agent_id},
                     {"task", c.task_id},
                     {"wait_s", wait ? json::value(std::chrono::duration<double>(*wait).count())
                                     : json::value(nullptr)},
                     {"talk_s", std::chrono::duration<double>(core::reports::talkOf(c)).count()},
                     {"wrap_up_s", std::chrono::duration<double>(c.wrap_up).count()},
                     {"voice_message", json::value(c.voice_message)},
                     {"repeat", json::value(c.repeat)}});
  }
  return json::serialize(json::object{{"items", std::move(items)}, {"more", more}});
}

std::string callsCsv(const std::vector<CallRecord>& calls, ReportLanguage lang, CsvStyle style) {
  CsvWriter csv(style);
  csv.row({label("date", lang), label("time", lang), label("number", lang), label("line", lang),
           label("direction", lang), label("outcome", lang), label("agent", lang),
           label("wait", lang), label("talk", lang), label("wrap_up", lang)});
  for (const auto& c : calls) {
    auto wait = core::reports::waitOf(c);
    const std::string outcome(core::reports::callOutcomeName(core::reports::outcomeOf(c)));
    csv.row({formatDate(core::routing::toHelsinki(c.arrived_at).date), localTime(c.arrived_at),
             c.number, c.line_id,
             label(c.direction == core::reports::CallDirection::kInbound ? "inbound"
                                                                         : "outgoing_direction",
                   lang),
             label("o_" + outcome, lang), c.agent_id, wait ? seconds(*wait) : std::string(),
             seconds(core::reports::talkOf(c)), seconds(c.wrap_up)});
  }
  return std::move(csv).str();
}

std::string responseTimesJson(const reports::ResponseTimes& r) {
  json::array distribution;
  for (std::size_t i = 0; i < r.answer_distribution.size(); ++i) {
    json::object band{{"from_s", reports::kDistributionBounds[i]},
                      {"count", r.answer_distribution[i]}};
    band["to_s"] = i + 1 < reports::kDistributionBounds.size()
                       ? json::value(reports::kDistributionBounds[i + 1])
                       : json::value(nullptr);
    distribution.push_back(std::move(band));
  }
  return json::serialize(json::object{{"arrivals", r.arrivals},
                                      {"answer", waitJson(r.answer)},
                                      {"answer_distribution", std::move(distribution)},
                                      {"target_s", r.target_s},
                                      {"answered_within_target", r.answered_within_target},
                                      {"service_level_percent", percent(r.service_level_bp)},
                                      {"abandon", waitJson(r.abandon)},
                                      {"abandonment_percent", percent(r.abandonment_bp)}});
}

std::string lineServiceLevelJson(const std::string& line_id, const reports::ResponseTimes& r) {
  return json::serialize(json::object{{"line", line_id},
                                      {"target_s", r.target_s},
                                      {"answered", r.answer.count},
                                      {"answered_within_target", r.answered_within_target},
                                      {"service_level_percent", percent(r.service_level_bp)}});
}

std::string callbacksJson(const reports::CallbackFigures& c) {
  return json::serialize(json::object{{"created", c.created},
                                      {"completed", c.completed},
                                      {"unreachable", c.unreachable},
                                      {"open", c.open},
                                      {"overdue", c.overdue},
                                      {"to_first_attempt", waitJson(c.to_first_attempt)},
                                      {"to_completion", waitJson(c.to_completion)},
                                      {"completed_by_due", c.completed_by_due},
                                      {"completed_by_due_percent", percent(c.completed_by_due_bp)},
                                      {"attempts_per_task", optionalDouble(c.attempts_per_task)},
                                      {"inbound_calls", c.inbound_calls},
                                      {"repeat_contacts", c.repeat_contacts},
                                      {"repeat_percent", percent(c.repeat_bp)}});
}

namespace {
json::array signedIn(const std::array<std::array<double, 24>, 7>& g) {
  json::array days;
  for (const auto& day : g) days.push_back(json::value_from(day));
  return days;
}
}  // namespace

std::string peakHoursJson(const reports::PeakHours& p) {
  auto grid = [](const std::array<std::array<std::int64_t, 24>, 7>& g) {
    json::array days;
    for (const auto& day : g) days.push_back(json::value_from(day));
    return days;
  };
  json::array needed;
  for (const auto& day : p.agents_needed) needed.push_back(json::value_from(day));
  return json::serialize(
      json::object{{"weekdays", json::value_from(p.days)},
                   {"arrivals", grid(p.arrivals)},
                   {"lost", grid(p.lost)},
                   {"callbacks", grid(p.callbacks)},
                   {"signed_in", signedIn(p.signed_in)},
                   {"planner", json::object{{"agents_needed", std::move(needed)},
                                            {"mean_handle_s", p.mean_handle_s},
                                            {"target_service_level", p.target_service_level},
                                            {"target_answer_s", p.target_answer_s}}}});
}

std::string agentsJson(const std::vector<reports::AgentFigures>& agents) {
  json::array items;
  for (const auto& a : agents) {
    items.push_back(json::object{{"agent", a.agent_id},
                                 {"handled", a.handled},
                                 {"talk_s", std::chrono::duration<double>(a.talk).count()},
                                 {"wrap_up_s", std::chrono::duration<double>(a.wrap_up).count()},
                                 {"outgoing", a.outgoing},
                                 {"callback_attempts", a.callback_attempts},
                                 {"callbacks_completed", a.callbacks_completed}});
  }
  return json::serialize(json::object{{"items", std::move(items)}});
}

std::string agentsCsv(const std::vector<reports::AgentFigures>& agents, ReportLanguage lang,
                      CsvStyle style) {
  CsvWriter csv(style);
  csv.row({label("agent", lang), label("handled", lang), label("talk", lang),
           label("wrap_up", lang), label("outgoing_calls", lang), label("callback_attempts", lang),
           label("callbacks_completed", lang)});
  for (const auto& a : agents) {
    csv.row({a.agent_id, std::to_string(a.handled), seconds(a.talk), seconds(a.wrap_up),
             std::to_string(a.outgoing), std::to_string(a.callback_attempts),
             std::to_string(a.callbacks_completed)});
  }
  return std::move(csv).str();
}

}  // namespace luukku::api
