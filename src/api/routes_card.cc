// Routes of the customer card: a number's earlier contacts on any line, and logging a contact
// (its reason, a note, whether a service-need assessment was initiated); and a call's own
// events, from which a desktop reloaded during a call rebuilds the call it shows.
//
// The history comes from the reports' call records (one row per call, indexed by number) and
// each call's latest log entry (its "contact_log" document): a page is one indexed query and
// one document read per call shown. Every call listed is written to the access log before the
// page is sent.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/access_logging.h"
#include "api/acting.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/contact_log_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "concurrency/blocking_pool.h"
#include "core/call_events.h"
#include "core/phone_number.h"
#include "core/reports/call_outcomes.h"
#include "core/routing/routing_events.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/event_json.h"
#include "engine/store_reader.h"
#include "reports/report_service.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using core::reports::CallRecord;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});

constexpr std::size_t kDefaultPage = 20;
constexpr std::int64_t kMaxPage = 100;
// More than any call's stream holds (each hold, consultation and transfer is a few events).
constexpr std::size_t kMaxCallEvents = 5000;

struct HistoryQuery {
  store::NumberCallsQuery calls;
};

Result<HistoryQuery> historyQuery(const HttpRequest& request) {
  RETURN_IF_ERROR(onlyQueryParams(request, {"number", "before", "before_id", "limit"}));
  HistoryQuery q;
  auto number = request.queryParam("number");
  if (!number || number->empty()) return invalidArgument("number: required");
  auto normal = core::normalizePhoneNumber(*number);
  if (!normal) return invalidArgument("number: " + normal.status().message());
  q.calls.number = std::move(normal).value();
  ASSIGN_OR_RETURN(
      std::int64_t limit,
      intQueryParam(request, "limit", static_cast<std::int64_t>(kDefaultPage), 1, kMaxPage));
  q.calls.limit = static_cast<std::size_t>(limit);
  auto before = request.queryParam("before");
  auto before_id = request.queryParam("before_id");
  if (before.has_value() != before_id.has_value()) {
    return invalidArgument("before and before_id: give both (a page's next_before) or neither");
  }
  if (before) {
    auto t = parseTimestamp(*before);
    if (!t) return invalidArgument("before: " + t.status().message());
    q.calls.before = *t;
    q.calls.before_id = std::string(*before_id);
  }
  return q;
}

json::value logView(const core::ContactLogEntry& e) {
  json::object o{{"reason", e.logged.log.reason},
                 {"note", e.logged.log.note},
                 {"service_need_assessment", e.logged.log.service_need_assessment},
                 {"agent", e.logged.agent_id},
                 {"by", e.actor_name},
                 {"seq", e.seq}};
  codec::putTime(o, "time", e.at);
  return o;
}

void putOptionalTime(json::object& o, const char* key, const std::optional<Timestamp>& t) {
  if (t)
    codec::putTime(o, key, *t);
  else
    o[key] = nullptr;
}

json::value callView(const CallRecord& c, const core::RegionState& region,
                     const std::map<std::string, core::ContactLogEntry>& logs) {
  json::object o{{"id", c.id},
                 {"line", c.line_id},
                 {"direction", core::reports::callDirectionName(c.direction)},
                 {"outcome", core::reports::callOutcomeName(core::reports::outcomeOf(c))},
                 {"end", c.end},
                 {"agent", c.agent_id},
                 {"voice_message", c.voice_message}};
  const core::Agent* agent = c.agent_id.empty() ? nullptr : region.findAgent(c.agent_id);
  o["agent_name"] = agent ? agent->name : c.agent_id;
  codec::putTime(o, "time", c.arrived_at);
  putOptionalTime(o, "answered_at", c.answered_at);
  putOptionalTime(o, "ended_at", c.ended_at);
  auto log = logs.find(c.id);
  o["log"] = log == logs.end() ? json::value(nullptr) : logView(log->second);
  return o;
}

Handler listHistory(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    auto query = historyQuery(ctx.request);
    if (!query) co_return errorResponse(query.status());
    if (!s.reports) co_return errorResponse(unavailable("contact history is not available"));
    store::NumberCallsQuery calls_query = query->calls;
    auto work = [&s, calls_query]() {
      return s.reports->read<std::vector<CallRecord>>(
          [&calls_query](store::ReportStore& r, Timestamp) {
            return r.callsOfNumber(calls_query);
          });
    };
    auto calls = co_await s.blocking.run(std::move(work), asio::use_awaitable);
    if (!calls) co_return errorResponse(calls.status());

    std::vector<std::string> ids;
    for (const auto& c : *calls) ids.push_back(c.id);
    auto docs =
        co_await s.reader.loadDocumentsById("contact_log", std::move(ids), asio::use_awaitable);
    if (!docs) co_return errorResponse(docs.status());
    std::map<std::string, core::ContactLogEntry> logs;
    for (const auto& d : *docs) {
      auto body = codec::parseJson(d.body, 16);
      auto entry = body ? codec::decodeContactLogDocument(*body)
                        : Result<core::ContactLogEntry>(body.status());
      if (!entry) co_return errorResponse(internalError("a stored contact log is unreadable"));
      logs.emplace(d.id, std::move(entry).value());
    }

    // The citizen is named by the page whether or not it lists anything: the lookup itself
    // tells that the number was looked at.
    std::vector<identity::AccessEntry> accesses;
    const std::string citizen = "phone:" + calls_query.number;
    for (const auto& c : *calls) accesses.push_back({citizen, "contact", c.id, "customer card"});
    if (accesses.empty()) accesses.push_back({citizen, "contact_history", "", "customer card"});
    Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
    if (!logged) co_return errorResponse(logged);

    auto region = s.engine.region();
    json::array items;
    for (const auto& c : *calls) items.push_back(callView(c, region->state, logs));
    json::object o{{"number", calls_query.number}, {"items", std::move(items)}};
    if (calls->size() == calls_query.limit) {
      json::object next{{"before_id", calls->back().id}};
      codec::putTime(next, "before", calls->back().arrived_at);
      o["next_before"] = std::move(next);
    } else {
      o["next_before"] = nullptr;
    }
    co_return jsonResponse(200, json::serialize(o));
  };
}

// Who logs: an agent-only account as its own agent, which must hold or have handled the
// contact; a supervisor or admin any contact, naming their own agent when they have one.
Result<engine::LogContact> logCommand(const RequestContext& ctx) {
  engine::LogContact c;
  c.contact_id = std::string(ctx.param("id"));
  c.actor = actorOf(*ctx.principal);
  if (mayActForOthers(*ctx.principal)) {
    c.any_contact = true;
    c.agent_id = ctx.principal->agent_id;
  } else {
    ASSIGN_OR_RETURN(Acting acting, actingAs(*ctx.principal, ""));
    c.agent_id = std::move(acting.agent_id);
  }
  return commandFromBody(ctx.request, std::move(c), [](auto& r, engine::LogContact& cmd) {
    r.required("reason", cmd.log.reason);
    r.optional("note", cmd.log.note);
    r.optional("service_need_assessment", cmd.log.service_need_assessment);
  });
}

Handler logContact(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    auto command = logCommand(ctx);
    if (!command) co_return errorResponse(command.status());
    // A contact the engine no longer holds is known from the store: its final record and how
    // far its stream goes (the engine prefers what it knows itself).
    std::string kind = "contact";
    std::string id = command->contact_id;
    auto stored =
        co_await s.reader.loadDocument(std::move(kind), std::move(id), asio::use_awaitable);
    if (!stored) co_return errorResponse(stored.status());
    if (*stored && !(*stored)->live) {
      auto seq = co_await s.reader.lastStreamSeq(core::routing::contactStream(command->contact_id),
                                                 asio::use_awaitable);
      if (!seq) co_return errorResponse(seq.status());
      auto body = codec::parseJson((*stored)->body, 64);
      auto contact =
          body ? codec::decodeContact(*body) : Result<core::routing::Contact>(body.status());
      if (!contact) co_return errorResponse(internalError("a stored contact is unreadable"));
      command->stored = engine::StoredContact{std::move(contact).value(), *seq};
    }
    auto entry = co_await s.engine.execute(std::move(*command), asio::use_awaitable);
    if (!entry) co_return errorResponse(entry.status());
    json::value view = logView(*entry);
    view.as_object()["contact_id"] = entry->logged.contact_id;
    co_return jsonResponse(201, json::serialize(view));
  };
}

// A call's own stream, without personal data (as the event feed sends it to a desktop): what
// a desktop loaded in the middle of a call rebuilds the call's state from.
Handler callEvents(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    auto events = co_await s.reader.readStream(core::callStream(ctx.param("id")), 0, kMaxCallEvents,
                                               asio::use_awaitable);
    if (!events) co_return errorResponse(events.status());
    if (events->empty()) {
      co_return errorResponse(notFound("call '" + printable(ctx.param("id")) + "' does not exist"));
    }
    std::string body = R"({"items":[)";
    for (std::size_t i = 0; i < events->size(); ++i) {
      if (i > 0) body += ',';
      body += engine::renderEventJsonWithoutPersonalData((*events)[i]);
    }
    body += "]}";
    co_return jsonResponse(200, std::move(body));
  };
}

}  // namespace

void addContactCardRoutes(Router& router, Services& services) {
  router.add({"GET", "/api/v1/contacts", "listContactsOfNumber", kStaff, listHistory(services)});
  router.add({"POST", "/api/v1/contacts/{id}/log", "logContact", kStaff, logContact(services)});
  router.add({"GET", "/api/v1/calls/{id}/events", "getCallEvents", kStaff, callEvents(services)});
}

}  // namespace luukku::api
