#include "codec/routing_json.h"

#include <algorithm>
#include <boost/json.hpp>

#include "codec/json_reader.h"
#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;
using namespace luukku::core;
using namespace luukku::core::routing;
using std::chrono::microseconds;
using std::chrono::seconds;

void putTime(json::object& o, std::string_view key, Timestamp t) {
  o[key] = formatTimestamp(t);
}

namespace {

// A time, or why `v` is not one (without its path).
Result<Timestamp> timeFrom(const json::value& v) {
  const json::string* s = v.if_string();
  if (!s) return invalidArgument("expected a time such as 2026-11-22T08:00:00Z");
  return parseTimestamp(*s);
}

}  // namespace

Result<Timestamp> decodeTime(const json::value& v, const std::string& path) {
  auto t = timeFrom(v);
  if (!t) return invalidArgument(path + ": " + t.status().message());
  return t;
}

namespace {

// ---- small pieces ---------------------------------------------------------------------------

json::array strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

void putOptionalTime(json::object& o, std::string_view key, const std::optional<Timestamp>& t) {
  if (t) putTime(o, key, *t);
}

// Reads a time field into `out` (a Timestamp or an optional one). Its path is spelled out only
// when the value is wrong: a stored task holds up to seven times.
template <typename Out>
void readTimeField(ObjectReader& r, std::string_view key, bool required, Out& out) {
  const json::value* v = r.field(key, required);
  if (!v || !r.ok()) return;
  auto t = timeFrom(*v);
  if (!t) {
    r.fail(invalidArgument(r.pathOf(key) + ": " + t.status().message()));
    return;
  }
  out = *t;
}

void readTime(ObjectReader& r, std::string_view key, Timestamp& out) {
  readTimeField(r, key, true, out);
}

void readOptionalTime(ObjectReader& r, std::string_view key, std::optional<Timestamp>& out) {
  readTimeField(r, key, false, out);
}

template <typename Enum>
void readEnum(ObjectReader& r, std::string_view key, bool required, Enum& out,
              std::optional<Enum> (*from_name)(std::string_view)) {
  std::string name;
  if (required) {
    r.required(key, name);
  } else {
    r.optional(key, name);
  }
  if (!r.ok() || name.empty()) return;
  auto value = from_name(name);
  if (!value) {
    r.fail(invalidArgument(r.pathOf(key) + ": unknown value '" + printable(name) + "'"));
    return;
  }
  out = *value;
}

void readSeconds(ObjectReader& r, std::string_view key, seconds& out) {
  std::int64_t s = out.count();
  r.optional(key, s);
  out = seconds(s);
}

// A duration in seconds that may be null ("none").
void readOptionalSeconds(ObjectReader& r, std::string_view key, std::optional<seconds>& out) {
  const json::value* v = r.field(key, false);
  if (!v || !r.ok()) return;
  if (v->is_null()) {
    out.reset();
    return;
  }
  if (!v->is_int64()) {
    r.fail(invalidArgument(r.pathOf(key) + ": expected a whole number of seconds or null"));
    return;
  }
  out = seconds(v->get_int64());
}

json::value optionalSeconds(const std::optional<seconds>& s) {
  return s ? json::value(s->count()) : json::value(nullptr);
}

std::optional<Channel> channelFrom(std::string_view name) {
  return channelFromName(name);
}

// ---- policies -------------------------------------------------------------------------------

json::value encodeCallback(const CallbackPolicy& c) {
  json::array delays;
  for (auto d : c.retry_delays) delays.emplace_back(d.count());
  return json::object{{"when_closed", overflowActionName(c.when_closed)},
                      {"when_busy", overflowActionName(c.when_busy)},
                      {"when_queue_full", overflowActionName(c.when_queue_full)},
                      {"when_wait_too_long", overflowActionName(c.when_wait_too_long)},
                      {"on_abandon_after_s", optionalSeconds(c.on_abandon_after)},
                      {"due", json::object{{"rule", dueRuleName(c.due.rule)},
                                           {"within_s", c.due.within.count()},
                                           {"same_day_cutoff_s", c.due.same_day_cutoff.count()}}},
                      {"max_attempts", c.max_attempts},
                      {"retry_delays_s", std::move(delays)},
                      {"escalate_before_due_s", c.escalate_before_due.count()}};
}

Result<CallbackPolicy> decodeCallback(const json::value& v, const std::string& path) {
  CallbackPolicy c;
  ObjectReader r(v, path);
  readEnum(r, "when_closed", false, c.when_closed, overflowActionFromName);
  readEnum(r, "when_busy", false, c.when_busy, overflowActionFromName);
  readEnum(r, "when_queue_full", false, c.when_queue_full, overflowActionFromName);
  readEnum(r, "when_wait_too_long", false, c.when_wait_too_long, overflowActionFromName);
  readOptionalSeconds(r, "on_abandon_after_s", c.on_abandon_after);
  readNested(r, "due", false, c.due,
             [](const json::value& dv, const std::string& dpath) -> Result<DuePolicy> {
               DuePolicy d;
               ObjectReader dr(dv, dpath);
               readEnum(dr, "rule", false, d.rule, dueRuleFromName);
               readSeconds(dr, "within_s", d.within);
               readSeconds(dr, "same_day_cutoff_s", d.same_day_cutoff);
               RETURN_IF_ERROR(dr.finish());
               return d;
             });
  std::int64_t attempts = c.max_attempts;
  r.optional("max_attempts", attempts);
  c.max_attempts = static_cast<int>(std::clamp<std::int64_t>(attempts, -1, 1000));
  readArray<seconds>(r, "retry_delays_s", false, c.retry_delays,
                     [](const json::value& item, const std::string& ipath) -> Result<seconds> {
                       if (!item.is_int64()) {
                         return invalidArgument(ipath + ": expected a whole number of seconds");
                       }
                       return seconds(item.get_int64());
                     });
  readSeconds(r, "escalate_before_due_s", c.escalate_before_due);
  RETURN_IF_ERROR(r.finish());
  return c;
}

}  // namespace

json::value encode(const LinePolicy& p) {
  return json::object{
      {"priority_head_start_s", p.priority_head_start.count()},
      {"wrap_up_s", p.wrap_up.count()},
      {"offer_timeout_s", p.offer_timeout.count()},
      {"max_offers_per_minute", p.max_offers_per_minute},
      {"queue_limit", p.queue_limit ? json::value(*p.queue_limit) : json::value(nullptr)},
      {"max_estimated_wait_s", optionalSeconds(p.max_estimated_wait)},
      {"continuity_wait_s", p.continuity_wait.count()},
      {"area_wait_s", p.area_wait.count()},
      {"required_skills", strings(p.required_skills)},
      {"assumed_handle_time_s", p.assumed_handle_time.count()},
      {"service_level_target_s", p.service_level_target.count()},
      {"callback", encodeCallback(p.callback)}};
}

Result<LinePolicy> decodeLinePolicy(const json::value& v, const std::string& path) {
  LinePolicy p;
  ObjectReader r(v, path);
  readSeconds(r, "priority_head_start_s", p.priority_head_start);
  readSeconds(r, "wrap_up_s", p.wrap_up);
  readSeconds(r, "offer_timeout_s", p.offer_timeout);
  std::int64_t max_offers = p.max_offers_per_minute;
  r.optional("max_offers_per_minute", max_offers);
  p.max_offers_per_minute = static_cast<int>(std::clamp<std::int64_t>(max_offers, 0, 100'000));
  if (const json::value* q = r.field("queue_limit", false); q && r.ok()) {
    if (q->is_null()) {
      p.queue_limit.reset();
    } else if (q->is_int64() && q->get_int64() >= 0 && q->get_int64() <= 1'000'000) {
      p.queue_limit = static_cast<int>(q->get_int64());
    } else {
      r.fail(invalidArgument(r.pathOf("queue_limit") + ": expected a whole number or null"));
    }
  }
  readOptionalSeconds(r, "max_estimated_wait_s", p.max_estimated_wait);
  readSeconds(r, "continuity_wait_s", p.continuity_wait);
  readSeconds(r, "area_wait_s", p.area_wait);
  r.optional("required_skills", p.required_skills);
  readSeconds(r, "assumed_handle_time_s", p.assumed_handle_time);
  readSeconds(r, "service_level_target_s", p.service_level_target);
  readNested(r, "callback", false, p.callback, decodeCallback);
  RETURN_IF_ERROR(r.finish());
  return p;
}

json::value encode(const AgentPolicy& p) {
  json::array memberships;
  for (const auto& m : p.memberships) {
    memberships.push_back(json::object{{"line", m.line_id}, {"tier", m.tier}});
  }
  return json::object{
      {"memberships", std::move(memberships)},
      {"capacity", json::object{{"calls", p.capacity.calls},
                                {"chats", p.capacity.chats},
                                {"mix_calls_and_chats", p.capacity.mix_calls_and_chats}}}};
}

Result<AgentPolicy> decodeAgentPolicy(const json::value& v, const std::string& path) {
  AgentPolicy p;
  ObjectReader r(v, path);
  readArray<Membership>(
      r, "memberships", false, p.memberships,
      [](const json::value& item, const std::string& ipath) -> Result<Membership> {
        Membership m;
        ObjectReader mr(item, ipath);
        mr.required("line", m.line_id);
        std::int64_t tier = 1;
        mr.optional("tier", tier);
        m.tier = static_cast<int>(std::clamp<std::int64_t>(tier, -1, 100));
        RETURN_IF_ERROR(mr.finish());
        return m;
      });
  readNested(r, "capacity", false, p.capacity,
             [](const json::value& cv, const std::string& cpath) -> Result<Capacity> {
               Capacity c;
               ObjectReader cr(cv, cpath);
               std::int64_t calls = c.calls, chats = c.chats;
               cr.optional("calls", calls);
               cr.optional("chats", chats);
               cr.optional("mix_calls_and_chats", c.mix_calls_and_chats);
               c.calls = static_cast<int>(std::clamp<std::int64_t>(calls, -1, 100));
               c.chats = static_cast<int>(std::clamp<std::int64_t>(chats, -1, 100));
               RETURN_IF_ERROR(cr.finish());
               return c;
             });
  RETURN_IF_ERROR(r.finish());
  return p;
}

// ---- documents ------------------------------------------------------------------------------

namespace {

json::value encodeState(const PresenceState& s) {
  json::object o{
      {"status", presenceName(s.status)}, {"chosen", presenceName(s.chosen)}, {"reason", s.reason}};
  putTime(o, "since", s.since);
  putOptionalTime(o, "wrap_up_until", s.wrap_up_until);
  putTime(o, "idle_since", s.idle_since);
  return o;
}

Result<PresenceState> decodeState(const json::value& v, const std::string& path) {
  PresenceState s;
  ObjectReader r(v, path);
  readEnum(r, "status", true, s.status, presenceFromName);
  readEnum(r, "chosen", true, s.chosen, presenceFromName);
  r.optional("reason", s.reason);
  readTime(r, "since", s.since);
  readOptionalTime(r, "wrap_up_until", s.wrap_up_until);
  readTime(r, "idle_since", s.idle_since);
  RETURN_IF_ERROR(r.finish());
  return s;
}

json::value encodeProfile(const AgentProfile& p) {
  json::object o = encode(AgentPolicy{p.memberships, p.capacity}).as_object();
  o["languages"] = strings(p.languages);
  o["skills"] = strings(p.skills);
  o["teams"] = strings(p.teams);
  o["area"] = p.area;
  return o;
}

Result<AgentProfile> decodeProfile(const json::value& v, const std::string& path) {
  AgentProfile p;
  ObjectReader r(v, path);
  r.optional("languages", p.languages);
  r.optional("skills", p.skills);
  r.optional("teams", p.teams);
  r.optional("area", p.area);
  // memberships and capacity share the agent policy's shape
  json::object policy;
  if (const auto* m = r.field("memberships", false)) policy["memberships"] = *m;
  if (const auto* c = r.field("capacity", false)) policy["capacity"] = *c;
  RETURN_IF_ERROR(r.finish());
  ASSIGN_OR_RETURN(AgentPolicy ap, decodeAgentPolicy(policy, path));
  p.memberships = std::move(ap.memberships);
  p.capacity = ap.capacity;
  return p;
}

json::value encodeRouting(const WorkRouting& w) {
  json::object o{{"line", w.line_id},      {"channel", channelName(w.channel)},
                 {"language", w.language}, {"skills", strings(w.skills)},
                 {"band", w.band},         {"state", workStateName(w.state)},
                 {"agent", w.agent_id},    {"declined_by", strings(w.declined_by)}};
  putTime(o, "queue_time", w.queue_time);
  putTime(o, "created_at", w.created_at);
  putOptionalTime(o, "offer_expires_at", w.offer_expires_at);
  putOptionalTime(o, "accepted_at", w.accepted_at);
  return o;
}

Result<WorkRouting> decodeRouting(const json::value& v, const std::string& path) {
  WorkRouting w;
  ObjectReader r(v, path);
  r.required("line", w.line_id);
  readEnum(r, "channel", true, w.channel, channelFrom);
  r.optional("language", w.language);
  r.optional("skills", w.skills);
  std::int64_t band = 0;
  r.optional("band", band);
  w.band = static_cast<int>(band);
  readEnum(r, "state", true, w.state, workStateFromName);
  r.optional("agent", w.agent_id);
  r.optional("declined_by", w.declined_by);
  readTime(r, "queue_time", w.queue_time);
  readTime(r, "created_at", w.created_at);
  readOptionalTime(r, "offer_expires_at", w.offer_expires_at);
  readOptionalTime(r, "accepted_at", w.accepted_at);
  RETURN_IF_ERROR(r.finish());
  return w;
}

json::value encodeAttempt(const Attempt& a) {
  json::object o{{"agent", a.agent_id}, {"outcome", attemptOutcomeName(a.outcome)}};
  putTime(o, "at", a.at);
  return o;
}

Result<Attempt> decodeAttempt(const json::value& v, const std::string& path) {
  Attempt a;
  ObjectReader r(v, path);
  r.required("agent", a.agent_id);
  readEnum(r, "outcome", true, a.outcome, attemptOutcomeFromName);
  readTime(r, "at", a.at);
  RETURN_IF_ERROR(r.finish());
  return a;
}

}  // namespace

json::value encode(const ItemRef& item) {
  return json::object{{"kind", itemKindName(item.kind)}, {"id", item.id}};
}

Result<ItemRef> decodeItemRef(const json::value& v, const std::string& path) {
  ItemRef item;
  ObjectReader r(v, path);
  readEnum(r, "kind", true, item.kind, itemKindFromName);
  r.required("id", item.id);
  RETURN_IF_ERROR(r.finish());
  return item;
}

json::value encode(const AgentPresence& p) {
  return json::object{{"agent", p.agent_id},
                      {"state", encodeState(p.state)},
                      {"profile", encodeProfile(p.profile)}};
}

Result<AgentPresence> decodeAgentPresence(const json::value& v, const std::string& path) {
  AgentPresence p;
  ObjectReader r(v, path);
  r.required("agent", p.agent_id);
  readNested(r, "state", true, p.state, decodeState);
  readNested(r, "profile", true, p.profile, decodeProfile);
  RETURN_IF_ERROR(r.finish());
  return p;
}

json::value encode(const Contact& c) {
  json::object preference{
      {"agent", c.preference.agent_id}, {"team", c.preference.team}, {"area", c.preference.area}};
  putOptionalTime(preference, "until", c.preference.until);
  json::object o{{"id", c.id},
                 {"routing", encodeRouting(c.routing)},
                 {"preference", std::move(preference)},
                 {"from_number", c.from_number},
                 {"end", contactEndName(c.end)},
                 {"overflow", overflowReasonName(c.overflow)},
                 {"task", c.task_id}};
  if (c.direction == ContactDirection::kOutgoing) {
    o["direction"] = contactDirectionName(c.direction);
    o["to_number"] = c.to_number;
    o["callback_task"] = c.callback_task_id;
  }
  if (!c.arrival_line_id.empty()) o["arrival_line"] = c.arrival_line_id;
  putOptionalTime(o, "answered_at", c.answered_at);
  putOptionalTime(o, "ended_at", c.ended_at);
  return o;
}

Result<Contact> decodeContact(const json::value& v, const std::string& path) {
  Contact c;
  ObjectReader r(v, path);
  r.required("id", c.id);
  readNested(r, "routing", true, c.routing, decodeRouting);
  readNested(r, "preference", false, c.preference,
             [](const json::value& pv, const std::string& ppath) -> Result<Preference> {
               Preference p;
               ObjectReader pr(pv, ppath);
               pr.optional("agent", p.agent_id);
               pr.optional("team", p.team);
               pr.optional("area", p.area);
               readOptionalTime(pr, "until", p.until);
               RETURN_IF_ERROR(pr.finish());
               return p;
             });
  r.optional("from_number", c.from_number);
  // Stored by an older version as written: matched from now on in the normal form.
  c.from_number = normalizeStoredPhoneNumber(c.from_number);
  readEnum(r, "end", true, c.end, contactEndFromName);
  readEnum(r, "overflow", false, c.overflow, overflowReasonFromName);
  r.optional("task", c.task_id);
  readEnum(r, "direction", false, c.direction, contactDirectionFromName);
  r.optional("to_number", c.to_number);
  r.optional("callback_task", c.callback_task_id);
  r.optional("arrival_line", c.arrival_line_id);
  readOptionalTime(r, "answered_at", c.answered_at);
  readOptionalTime(r, "ended_at", c.ended_at);
  RETURN_IF_ERROR(r.finish());
  return c;
}

json::value encode(const Task& t) {
  json::array attempts;
  for (const auto& a : t.attempts) attempts.push_back(encodeAttempt(a));
  json::object o{{"id", t.id},
                 {"routing", encodeRouting(t.routing)},
                 {"number", t.number},
                 {"reason", taskReasonName(t.reason)},
                 {"first_contact", t.first_contact_id},
                 {"contact_count", t.contact_count},
                 {"voice_message", t.voice_message_ref},
                 {"requester_name", t.requester_name},
                 {"description", t.description},
                 {"escalated", t.escalated},
                 {"attempts", std::move(attempts)},
                 {"end", taskEndName(t.end)},
                 {"outcome", t.outcome},
                 {"ended_by", t.ended_by}};
  putTime(o, "last_contact_at", t.last_contact_at);
  putTime(o, "due_at", t.due_at);
  putTime(o, "escalate_at", t.escalate_at);
  putOptionalTime(o, "next_attempt_at", t.next_attempt_at);
  putOptionalTime(o, "ended_at", t.ended_at);
  return o;
}

Result<Task> decodeTask(const json::value& v, const std::string& path) {
  Task t;
  ObjectReader r(v, path);
  r.required("id", t.id);
  readNested(r, "routing", true, t.routing, decodeRouting);
  r.optional("number", t.number);
  t.number = normalizeStoredPhoneNumber(t.number);  // as for a contact's from_number
  readEnum(r, "reason", true, t.reason, taskReasonFromName);
  r.optional("first_contact", t.first_contact_id);
  std::int64_t count = 1;
  r.optional("contact_count", count);
  t.contact_count = static_cast<int>(count);
  r.optional("voice_message", t.voice_message_ref);
  r.optional("requester_name", t.requester_name);
  r.optional("description", t.description);
  r.optional("escalated", t.escalated);
  readArray<Attempt>(r, "attempts", false, t.attempts, decodeAttempt);
  readEnum(r, "end", true, t.end, taskEndFromName);
  r.optional("outcome", t.outcome);
  r.optional("ended_by", t.ended_by);
  readTime(r, "last_contact_at", t.last_contact_at);
  readTime(r, "due_at", t.due_at);
  readTime(r, "escalate_at", t.escalate_at);
  readOptionalTime(r, "next_attempt_at", t.next_attempt_at);
  readOptionalTime(r, "ended_at", t.ended_at);
  RETURN_IF_ERROR(r.finish());
  return t;
}

json::value encode(const LineStats& s) {
  return json::object{
      {"line", s.line_id}, {"completed", s.completed}, {"average_handle_us", s.average_handle_us}};
}

Result<LineStats> decodeLineStats(const json::value& v, const std::string& path) {
  LineStats s;
  ObjectReader r(v, path);
  r.required("line", s.line_id);
  r.required("completed", s.completed);
  r.required("average_handle_us", s.average_handle_us);
  RETURN_IF_ERROR(r.finish());
  return s;
}

}  // namespace luukku::codec
