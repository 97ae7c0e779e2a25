#include "codec/region_json.h"

#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;
using namespace luukku::core;

namespace {

json::array encodeStrings(const std::vector<std::string>& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::array encodeDayHours(const DayHours& hours) {
  json::array a;
  for (const auto& r : hours) {
    a.emplace_back(formatMinuteOfDay(r.begin) + "-" + formatMinuteOfDay(r.end));
  }
  return a;
}

Result<DayHours> decodeDayHours(const json::value& v, const std::string& path) {
  if (!v.is_array()) {
    return invalidArgument(path + ": expected an array of periods such as \"08:00-16:00\"");
  }
  DayHours hours;
  std::size_t i = 0;
  for (const auto& item : v.get_array()) {
    std::string where = path + "[" + std::to_string(i++) + "]";
    const json::string* s = item.if_string();
    if (!s || s->size() != 11 || (*s)[5] != '-') {
      return invalidArgument(where + ": expected a period such as \"08:00-16:00\"");
    }
    std::string_view text(*s);
    auto begin = parseMinuteOfDay(text.substr(0, 5));
    auto end = parseMinuteOfDay(text.substr(6, 5));
    if (!begin || !end) return invalidArgument(where + ": " + begin.status().message());
    hours.push_back({*begin, *end});
  }
  return hours;
}

Result<Date> decodeDate(const json::value& v, const std::string& path) {
  const json::string* s = v.if_string();
  if (!s) return invalidArgument(path + ": expected a date as YYYY-MM-DD");
  auto d = parseDate(*s);
  if (!d) return invalidArgument(path + ": " + d.status().message());
  return d;
}

void putVersion(json::object& o, std::int64_t version, WithVersion v) {
  if (v == WithVersion::kYes) o["version"] = version;
}

}  // namespace

json::value encode(const LocalizedText& text) {
  return json::object{{"fi", text.fi}, {"sv", text.sv}, {"en", text.en}};
}

Result<LocalizedText> decodeLocalizedText(const json::value& v, const std::string& path) {
  LocalizedText text;
  ObjectReader r(v, path);
  r.required("fi", text.fi);
  r.required("sv", text.sv);
  r.required("en", text.en);
  RETURN_IF_ERROR(r.finish());
  return text;
}

json::value encode(const ServiceLine& line, WithVersion v) {
  json::object o;
  o["id"] = line.id;
  o["name"] = encode(line.name);
  o["phone_numbers"] = encodeStrings(line.phone_numbers);
  json::array channels;
  for (Channel c : line.channels) channels.emplace_back(channelName(c));
  o["channels"] = std::move(channels);
  o["chat_identification"] = chatIdentificationName(line.chat_identification);
  o["time_zone"] = line.time_zone;
  json::object week;
  for (std::size_t d = 0; d < 7; ++d) {
    week[kWeekdayNames[d]] = encodeDayHours(line.weekly_hours.days[d]);
  }
  o["weekly_hours"] = std::move(week);
  o["closed_on_public_holidays"] = line.closed_on_public_holidays;
  json::array exceptions;
  for (const auto& e : line.exceptions) {
    exceptions.push_back(json::object{{"date", formatDate(e.date)},
                                      {"hours", encodeDayHours(e.hours)},
                                      {"reason", encode(e.reason)}});
  }
  o["exceptions"] = std::move(exceptions);
  o["routing"] = encode(line.routing);
  o["active"] = line.active;
  putVersion(o, line.version, v);
  return o;
}

Result<ServiceLine> decodeServiceLine(const json::value& v, const std::string& path) {
  ServiceLine line;
  ObjectReader r(v, path);
  r.required("id", line.id);
  readNested(r, "name", true, line.name, decodeLocalizedText);
  r.optional("phone_numbers", line.phone_numbers);
  // Written in any common form in a region file or a request, or stored as written by an
  // older version; validateServiceLine() refuses what is not a phone number at all.
  for (auto& n : line.phone_numbers) n = normalizeStoredPhoneNumber(n);
  std::vector<std::string> channels;
  r.required("channels", channels);
  for (const auto& name : channels) {
    auto c = channelFromName(name);
    if (!c) {
      r.fail(invalidArgument(r.pathOf("channels") + ": unknown channel '" + printable(name) +
                             "' (phone, callback, chat, video, contact_request)"));
      break;
    }
    line.channels.push_back(*c);
  }
  std::string identification;
  r.optional("chat_identification", identification);
  if (!identification.empty()) {
    auto c = chatIdentificationFromName(identification);
    if (c) {
      line.chat_identification = *c;
    } else {
      r.fail(invalidArgument(r.pathOf("chat_identification") + ": '" + printable(identification) +
                             "' is not anonymous, optional or required"));
    }
  }
  r.optional("time_zone", line.time_zone);
  readNested(r, "weekly_hours", true, line.weekly_hours,
             [](const json::value& week, const std::string& where) -> Result<WeeklyHours> {
               WeeklyHours hours;
               ObjectReader days(week, where);
               for (std::size_t d = 0; d < 7; ++d) {
                 readNested(days, kWeekdayNames[d], false, hours.days[d], decodeDayHours);
               }
               RETURN_IF_ERROR(days.finish());
               return hours;
             });
  r.optional("closed_on_public_holidays", line.closed_on_public_holidays);
  if (const json::value* ex = r.field("exceptions", false); ex && r.ok()) {
    auto decoded = decodeArray<DateException>(
        *ex, r.pathOf("exceptions"),
        [](const json::value& item, const std::string& where) -> Result<DateException> {
          DateException e;
          ObjectReader er(item, where);
          readNested(er, "date", true, e.date, decodeDate);
          readNested(er, "hours", true, e.hours, decodeDayHours);
          readNested(er, "reason", false, e.reason, decodeLocalizedText);
          RETURN_IF_ERROR(er.finish());
          return e;
        });
    if (decoded)
      line.exceptions = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  readNested(r, "routing", false, line.routing, decodeLinePolicy);
  r.optional("active", line.active);
  r.optional("version", line.version);
  RETURN_IF_ERROR(r.finish());
  return line;
}

json::value encode(const Agent& agent, WithVersion v) {
  json::object o;
  o["id"] = agent.id;
  o["name"] = agent.name;
  o["languages"] = encodeStrings(agent.languages);
  o["teams"] = encodeStrings(agent.teams);
  o["skills"] = encodeStrings(agent.skills);
  o["area"] = agent.area;
  o["routing"] = encode(agent.routing);
  o["active"] = agent.active;
  putVersion(o, agent.version, v);
  return o;
}

Result<Agent> decodeAgent(const json::value& v, const std::string& path) {
  Agent agent;
  ObjectReader r(v, path);
  r.required("id", agent.id);
  r.required("name", agent.name);
  r.required("languages", agent.languages);
  r.optional("teams", agent.teams);
  r.optional("skills", agent.skills);
  r.optional("area", agent.area);
  readNested(r, "routing", false, agent.routing, decodeAgentPolicy);
  r.optional("active", agent.active);
  r.optional("version", agent.version);
  RETURN_IF_ERROR(r.finish());
  return agent;
}

json::value encode(const RegionSettings& s, WithVersion v) {
  json::object o;
  o["name"] = encode(s.name);
  o["time_zone"] = s.time_zone;
  json::array holidays;
  for (const auto& h : s.holidays) {
    holidays.push_back(json::object{{"date", formatDate(h.date)}, {"name", encode(h.name)}});
  }
  o["holidays"] = std::move(holidays);
  json::array reasons;
  for (const auto& c : s.contact_reasons) {
    reasons.push_back(json::object{{"id", c.id}, {"name", encode(c.name)}});
  }
  o["contact_reasons"] = std::move(reasons);
  putVersion(o, s.version, v);
  return o;
}

Result<RegionSettings> decodeRegionSettings(const json::value& v, const std::string& path) {
  RegionSettings s;
  ObjectReader r(v, path);
  readNested(r, "name", true, s.name, decodeLocalizedText);
  r.optional("time_zone", s.time_zone);
  if (const json::value* hv = r.field("holidays", false); hv && r.ok()) {
    auto decoded = decodeArray<Holiday>(
        *hv, r.pathOf("holidays"),
        [](const json::value& item, const std::string& where) -> Result<Holiday> {
          Holiday h;
          ObjectReader hr(item, where);
          readNested(hr, "date", true, h.date, decodeDate);
          readNested(hr, "name", true, h.name, decodeLocalizedText);
          RETURN_IF_ERROR(hr.finish());
          return h;
        });
    if (decoded)
      s.holidays = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  if (const json::value* cv = r.field("contact_reasons", false); cv && r.ok()) {
    auto decoded = decodeArray<ContactReason>(
        *cv, r.pathOf("contact_reasons"),
        [](const json::value& item, const std::string& where) -> Result<ContactReason> {
          ContactReason c;
          ObjectReader cr(item, where);
          cr.required("id", c.id);
          readNested(cr, "name", true, c.name, decodeLocalizedText);
          RETURN_IF_ERROR(cr.finish());
          return c;
        });
    if (decoded)
      s.contact_reasons = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  r.optional("version", s.version);
  RETURN_IF_ERROR(r.finish());
  return s;
}

Result<RegionConfig> decodeRegionConfig(const json::value& v) {
  RegionConfig config;
  ObjectReader r(v, "");
  if (const json::value* s = r.field("region", false); s && r.ok()) {
    auto decoded = decodeRegionSettings(*s, "region");
    if (decoded)
      config.settings = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  if (const json::value* lines = r.field("service_lines", false); lines && r.ok()) {
    auto decoded = decodeArray<ServiceLine>(*lines, "service_lines", decodeServiceLine);
    if (decoded)
      config.lines = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  if (const json::value* agents = r.field("agents", false); agents && r.ok()) {
    auto decoded = decodeArray<Agent>(*agents, "agents", decodeAgent);
    if (decoded)
      config.agents = std::move(decoded).value();
    else
      r.fail(decoded.status());
  }
  RETURN_IF_ERROR(r.finish());
  return config;
}

json::value encodePayload(const RegionEvent& event) {
  struct Visitor {
    json::value operator()(const RegionSettingsChanged& e) const {
      return encode(e.settings, WithVersion::kNo);
    }
    json::value operator()(const ServiceLineCreated& e) const {
      return encode(e.line, WithVersion::kNo);
    }
    json::value operator()(const ServiceLineChanged& e) const {
      return encode(e.line, WithVersion::kNo);
    }
    json::value operator()(const AgentCreated& e) const {
      return encode(e.agent, WithVersion::kNo);
    }
    json::value operator()(const AgentChanged& e) const {
      return encode(e.agent, WithVersion::kNo);
    }
  };
  return std::visit(Visitor{}, event);
}

bool isRegionEventType(std::string_view type) {
  return type == RegionSettingsChanged::kType || type == ServiceLineCreated::kType ||
         type == ServiceLineChanged::kType || type == AgentCreated::kType ||
         type == AgentChanged::kType;
}

Result<RegionEvent> decodeRegionEvent(std::string_view type, const json::value& event_payload) {
  const std::string path(type);
  ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(event_payload));
  const json::value& payload = split.payload;
  if (type == RegionSettingsChanged::kType) {
    ASSIGN_OR_RETURN(auto s, decodeRegionSettings(payload, path));
    return RegionEvent(RegionSettingsChanged{std::move(s)});
  }
  if (type == ServiceLineCreated::kType || type == ServiceLineChanged::kType) {
    ASSIGN_OR_RETURN(auto line, decodeServiceLine(payload, path));
    if (type == ServiceLineCreated::kType) return RegionEvent(ServiceLineCreated{std::move(line)});
    return RegionEvent(ServiceLineChanged{std::move(line)});
  }
  if (type == AgentCreated::kType || type == AgentChanged::kType) {
    ASSIGN_OR_RETURN(auto agent, decodeAgent(payload, path));
    if (type == AgentCreated::kType) return RegionEvent(AgentCreated{std::move(agent)});
    return RegionEvent(AgentChanged{std::move(agent)});
  }
  return invalidArgument("unknown event type '" + printable(type) + "'");
}

}  // namespace luukku::codec
