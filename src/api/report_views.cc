#include "api/report_views.h"

#include <array>
#include <boost/json.hpp>
#include <cstdio>
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
    {"figure", {"Luku", "Mått", "Figure"}},
    {"value", {"Arvo", "Värde", "Value"}},
    {"arrivals", {"Saapuneet puhelut", "Inkommande samtal", "Inbound calls"}},
    {"answer_mean",
     {"Vastausaika, keskiarvo (s)", "Svarstid, medelvärde (s)", "Time to answer, mean (s)"}},
    {"answer_median",
     {"Vastausaika, mediaani (s)", "Svarstid, median (s)", "Time to answer, median (s)"}},
    {"answer_p90", {"Vastausaika, 90 % (s)", "Svarstid, 90 % (s)", "Time to answer, p90 (s)"}},
    {"answered_wait", {"Vastatut, odotus", "Besvarade, väntetid", "Answered, wait"}},
    {"target", {"Tavoite (s)", "Mål (s)", "Target (s)"}},
    {"within_target", {"Vastattu tavoiteajassa", "Besvarade inom målet", "Answered within target"}},
    {"service_level", {"Palvelutaso", "Servicenivå", "Service level"}},
    {"abandoned", {"Jonosta luopuneet", "Avbrutna i kön", "Abandoned"}},
    {"abandon_mean",
     {"Odotus ennen luopumista, keskiarvo (s)", "Väntetid före avbrott, medelvärde (s)",
      "Wait before hanging up, mean (s)"}},
    {"abandon_median",
     {"Odotus ennen luopumista, mediaani (s)", "Väntetid före avbrott, median (s)",
      "Wait before hanging up, median (s)"}},
    {"abandon_p90",
     {"Odotus ennen luopumista, 90 % (s)", "Väntetid före avbrott, 90 % (s)",
      "Wait before hanging up, p90 (s)"}},
    {"abandonment", {"Luopuneet", "Avbrutna", "Abandonment"}},
    {"created", {"Luodut tehtävät", "Skapade uppgifter", "Tasks created"}},
    {"completed", {"Valmiit", "Slutförda", "Completed"}},
    {"unreachable", {"Ei tavoitettu", "Ej nådda", "Unreachable"}},
    {"open", {"Avoimet", "Öppna", "Open"}},
    {"overdue", {"Myöhässä", "Försenade", "Overdue"}},
    {"first_attempt_median",
     {"Viive ensimmäiseen yritykseen, mediaani (s)", "Tid till första försöket, median (s)",
      "Delay to first attempt, median (s)"}},
    {"first_attempt_p90",
     {"Viive ensimmäiseen yritykseen, 90 % (s)", "Tid till första försöket, 90 % (s)",
      "Delay to first attempt, p90 (s)"}},
    {"completion_median",
     {"Viive valmistumiseen, mediaani (s)", "Tid till slutförande, median (s)",
      "Delay to completion, median (s)"}},
    {"completion_p90",
     {"Viive valmistumiseen, 90 % (s)", "Tid till slutförande, 90 % (s)",
      "Delay to completion, p90 (s)"}},
    {"completed_by_due", {"Valmiit määräajassa", "Slutförda i tid", "Completed by the due time"}},
    {"attempts_per_task", {"Yrityksiä tehtävää kohden", "Försök per uppgift", "Attempts per task"}},
    {"repeat_contacts", {"Toistuvat yhteydenotot", "Upprepade kontakter", "Repeat contacts"}},
    {"weekday", {"Viikonpäivä", "Veckodag", "Weekday"}},
    {"hour", {"Tunti", "Timme", "Hour"}},
    {"days", {"Päiviä", "Dagar", "Days"}},
    {"signed_in",
     {"Kirjautuneita keskimäärin", "Inloggade i medeltal", "Agents signed in, average"}},
    {"agents_needed", {"Tarve (suunnittelija)", "Behov (planerare)", "Agents needed (planner)"}},
    {"chats_offered", {"Aloitetut chatit", "Påbörjade chattar", "Chats offered"}},
    {"chats_answered", {"Vastatut chatit", "Besvarade chattar", "Chats answered"}},
    {"chats_abandoned",
     {"Jonosta poistuneet chatit", "Chattar avbrutna i kön", "Chats abandoned in queue"}},
    {"chat_wait_mean",
     {"Odotus, keskiarvo (s)", "Väntetid, medelvärde (s)", "Waiting time, mean (s)"}},
    {"chat_wait_median",
     {"Odotus, mediaani (s)", "Väntetid, median (s)", "Waiting time, median (s)"}},
    {"chat_wait_p90", {"Odotus, 90 % (s)", "Väntetid, 90 % (s)", "Waiting time, p90 (s)"}},
    {"chat_duration_mean", {"Kesto, keskiarvo (s)", "Längd, medelvärde (s)", "Duration, mean (s)"}},
    {"chat_duration_median", {"Kesto, mediaani (s)", "Längd, median (s)", "Duration, median (s)"}},
    {"chat_duration_p90", {"Kesto, 90 % (s)", "Längd, 90 % (s)", "Duration, p90 (s)"}},
    {"feedback", {"Palautteet", "Respons", "Feedback"}},
    {"mean_rating", {"Arvio, keskiarvo", "Betyg, medelvärde", "Rating, mean"}},
    {"rating", {"Arvio", "Betyg", "Rating"}},
    {"wd0", {"maanantai", "måndag", "Monday"}},
    {"wd1", {"tiistai", "tisdag", "Tuesday"}},
    {"wd2", {"keskiviikko", "onsdag", "Wednesday"}},
    {"wd3", {"torstai", "torsdag", "Thursday"}},
    {"wd4", {"perjantai", "fredag", "Friday"}},
    {"wd5", {"lauantai", "lördag", "Saturday"}},
    {"wd6", {"sunnuntai", "söndag", "Sunday"}},
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

// A decimal with two places, as a CSV cell in the style's notation.
std::string fixed2(const CsvWriter& csv, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return csv.decimal(buf);
}

std::string optionalCell(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string();
}
std::string optionalCell(const CsvWriter& csv, const std::optional<double>& v) {
  return v ? fixed2(csv, *v) : std::string();
}
std::string percentCell(const CsvWriter& csv, const std::optional<std::int64_t>& bp) {
  return bp ? csv.decimal(formatBasisPoints(*bp)) : std::string();
}

// A figure-and-value document: the header row, then one row per figure (an absent figure,
// such as the median of no calls, is an empty cell).
class FigureCsv {
 public:
  FigureCsv(ReportLanguage lang, CsvStyle style) : lang_(lang), csv_(style) {
    csv_.row({label("figure", lang), label("value", lang)});
  }
  const CsvWriter& writer() const { return csv_; }
  FigureCsv& add(std::string name, std::string value) {
    csv_.row({std::move(name), std::move(value)});
    return *this;
  }
  FigureCsv& add(std::string_view key, std::int64_t value) {
    return add(label(key, lang_), std::to_string(value));
  }
  std::string str() && { return std::move(csv_).str(); }

 private:
  ReportLanguage lang_;
  CsvWriter csv_;
};

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

std::string chatsJson(const std::vector<reports::ChatRow>& rows) {
  json::array items;
  for (const auto& r : rows) {
    json::array ratings;
    for (std::int64_t n : r.ratings) ratings.push_back(n);
    items.push_back(
        json::object{{"period", r.period},
                     {"line", r.line_id},
                     {"offered", r.offered},
                     {"answered", r.answered},
                     {"abandoned", r.abandoned},
                     {"wait", waitJson(r.wait)},
                     {"duration", waitJson(r.duration)},
                     {"feedback", json::object{{"count", r.feedback},
                                               {"mean_rating", optionalDouble(r.mean_rating)},
                                               {"ratings", std::move(ratings)}}}});
  }
  return json::serialize(json::object{{"items", std::move(items)}});
}

std::string chatsCsv(const std::vector<reports::ChatRow>& rows, ReportLanguage lang,
                     CsvStyle style) {
  CsvWriter csv(style);
  std::vector<std::string> header = {label("period", lang),
                                     label("line", lang),
                                     label("chats_offered", lang),
                                     label("chats_answered", lang),
                                     label("chats_abandoned", lang),
                                     label("chat_wait_mean", lang),
                                     label("chat_wait_median", lang),
                                     label("chat_wait_p90", lang),
                                     label("chat_duration_mean", lang),
                                     label("chat_duration_median", lang),
                                     label("chat_duration_p90", lang),
                                     label("feedback", lang),
                                     label("mean_rating", lang)};
  for (int rating = 1; rating <= 5; ++rating) {
    header.push_back(label("rating", lang) + " " + std::to_string(rating));
  }
  csv.row(header);
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.period,
                                      r.line_id == "*" ? label("all_lines", lang) : r.line_id,
                                      std::to_string(r.offered),
                                      std::to_string(r.answered),
                                      std::to_string(r.abandoned),
                                      optionalCell(csv, r.wait.mean_s),
                                      optionalCell(r.wait.median_s),
                                      optionalCell(r.wait.p90_s),
                                      optionalCell(csv, r.duration.mean_s),
                                      optionalCell(r.duration.median_s),
                                      optionalCell(r.duration.p90_s),
                                      std::to_string(r.feedback),
                                      optionalCell(csv, r.mean_rating)};
    for (std::int64_t n : r.ratings) cells.push_back(std::to_string(n));
    csv.row(cells);
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

std::string responseTimesCsv(const reports::ResponseTimes& r, ReportLanguage lang, CsvStyle style) {
  FigureCsv f(lang, style);
  const CsvWriter& csv = f.writer();
  f.add("arrivals", r.arrivals).add("answered", r.answer.count);
  f.add(label("answer_mean", lang), optionalCell(csv, r.answer.mean_s));
  f.add(label("answer_median", lang), optionalCell(r.answer.median_s));
  f.add(label("answer_p90", lang), optionalCell(r.answer.p90_s));
  for (std::size_t i = 0; i < r.answer_distribution.size(); ++i) {
    const auto from = std::to_string(reports::kDistributionBounds[i]);
    const std::string band = i + 1 < reports::kDistributionBounds.size()
                                 ? from + "-" + std::to_string(reports::kDistributionBounds[i + 1])
                                 : from + "+";
    f.add(label("answered_wait", lang) + " " + band + " s",
          std::to_string(r.answer_distribution[i]));
  }
  f.add("target", r.target_s).add("within_target", r.answered_within_target);
  f.add(share("service_level", lang), percentCell(csv, r.service_level_bp));
  f.add("abandoned", r.abandon.count);
  f.add(label("abandon_mean", lang), optionalCell(csv, r.abandon.mean_s));
  f.add(label("abandon_median", lang), optionalCell(r.abandon.median_s));
  f.add(label("abandon_p90", lang), optionalCell(r.abandon.p90_s));
  f.add(share("abandonment", lang), percentCell(csv, r.abandonment_bp));
  return std::move(f).str();
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

std::string callbacksCsv(const reports::CallbackFigures& c, ReportLanguage lang, CsvStyle style) {
  FigureCsv f(lang, style);
  const CsvWriter& csv = f.writer();
  f.add("created", c.created).add("completed", c.completed).add("unreachable", c.unreachable);
  f.add("open", c.open).add("overdue", c.overdue);
  f.add(label("first_attempt_median", lang), optionalCell(c.to_first_attempt.median_s));
  f.add(label("first_attempt_p90", lang), optionalCell(c.to_first_attempt.p90_s));
  f.add(label("completion_median", lang), optionalCell(c.to_completion.median_s));
  f.add(label("completion_p90", lang), optionalCell(c.to_completion.p90_s));
  f.add("completed_by_due", c.completed_by_due);
  f.add(share("completed_by_due", lang), percentCell(csv, c.completed_by_due_bp));
  f.add(label("attempts_per_task", lang), optionalCell(csv, c.attempts_per_task));
  f.add("arrivals", c.inbound_calls).add("repeat_contacts", c.repeat_contacts);
  f.add(share("repeat_contacts", lang), percentCell(csv, c.repeat_bp));
  return std::move(f).str();
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

std::string peakHoursCsv(const reports::PeakHours& p, ReportLanguage lang, CsvStyle style) {
  CsvWriter csv(style);
  csv.row({label("weekday", lang), label("hour", lang), label("days", lang),
           label("arrivals", lang), label("lost", lang), label("callback_attempts", lang),
           label("signed_in", lang), label("agents_needed", lang)});
  for (std::size_t d = 0; d < 7; ++d) {
    const std::string weekday = label("wd" + std::to_string(d), lang);
    for (std::size_t h = 0; h < 24; ++h) {
      const std::string hour = (h < 10 ? "0" : "") + std::to_string(h) + ":00";
      const double signed_in =
          p.days[d] > 0 ? p.signed_in[d][h] / static_cast<double>(p.days[d]) : 0.0;
      csv.row({weekday, hour, std::to_string(p.days[d]), std::to_string(p.arrivals[d][h]),
               std::to_string(p.lost[d][h]), std::to_string(p.callbacks[d][h]),
               fixed2(csv, signed_in), std::to_string(p.agents_needed[d][h])});
    }
  }
  return std::move(csv).str();
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
