// Routes for professionals' calls: calling back a callback task they hold, calling any number on
// a service line's behalf (click-to-call), hanging up; and on an answered call hold, transfer
// (to a line's queue, an agent, an extension or a number), consultation, swap, attended
// transfer and conference. Agent first: telephony
// rings the professional's own phone and dials the number once it is answered; the reply comes
// as soon as the call is recorded, with its id (the call's events follow on the event stream).
//
// Who may be dialled is telephony's dial policy; a refusal is answered 403 and written to the
// audit log with the number, so attempts at toll fraud leave a trace.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>

#include "api/access_logging.h"
#include "api/acting.h"
#include "api/audit.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "core/phone_number.h"
#include "core/text.h"
#include "engine/engine.h"
#include "ports/telephony_port.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});

HttpResponse notConfigured() {
  return errorResponse(notFound("telephony is not configured on this server"));
}

// Places the call; a refusal by the dial policy is audited. The reply names the call.
asio::awaitable<HttpResponse> placeCall(Services& s, RequestContext& ctx,
                                        ports::DialRequest request) {
  ports::TelephonyPort& port = *s.telephony;
  // Shared, not captured by value: GCC 12 relocates a coroutine's captured strings unsafely.
  auto shared = std::make_shared<const ports::DialRequest>(request);
  auto dial = [&port, shared](std::function<void(Result<ports::DialStarted>)> done) {
    port.dial(*shared, std::move(done));
  };
  auto started = co_await fromCallback<Result<ports::DialStarted>>(std::move(dial));
  if (!started) {
    if (started.status().code() == ErrorCode::kPermissionDenied) {
      json::object attempted{{"agent", request.agent_id},
                             {"number", request.number},
                             {"task", request.task_id},
                             {"reason", started.status().message()}};
      co_await auditChange(s, ctx, "call.refused", "service_line", request.line_id, "",
                           json::serialize(attempted));
    }
    co_return errorResponse(started.status());
  }
  // The reply carries the citizen's number: its reading is logged first.
  std::vector<identity::AccessEntry> accesses{
      {"phone:" + started->number, "contact", started->contact_id, "outgoing call"}};
  Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
  if (!logged) co_return errorResponse(logged);
  json::object view{{"call", started->contact_id},
                    {"line", started->line_id},
                    {"number", started->number},
                    {"agent", request.agent_id}};
  if (!request.task_id.empty()) view["task"] = request.task_id;
  co_return jsonResponse(202, json::serialize(view));
}

// Reads the body's optional "agent" (and nothing else): the agent the request acts as.
Result<Acting> actingFromBody(RequestContext& ctx) {
  std::string agent;
  ASSIGN_OR_RETURN(
      agent, commandFromBody(
                 ctx.request, std::string(),
                 [](codec::ObjectReader& r, std::string& a) { r.optional("agent", a); }, true));
  return actingAs(*ctx.principal, agent);
}

// What a professional asks of their own live call {id}: the body's optional "agent" acts.
using CallCommand =
    std::function<void(ports::TelephonyPort&, const std::string& agent, const std::string& call,
                       std::function<void(Status)>, ports::RequestedAt)>;

// Runs `command` on the acting agent's call; answers `status` with the call's id and `view`.
// A refusal by the dial policy (kPermissionDenied) is written to the audit log as
// `refused_audit`, when one is named.
asio::awaitable<HttpResponse> actOnCall(Services& s, RequestContext& ctx, CallCommand command,
                                        int status, json::object view,
                                        std::string_view refused_audit = {}) {
  if (!s.telephony) co_return notConfigured();
  auto acting = actingFromBody(ctx);
  if (!acting) co_return errorResponse(acting.status());
  ports::TelephonyPort& port = *s.telephony;
  std::string agent = acting->agent_id;
  std::string call(ctx.param("id"));
  // Named and shared, not captured by value: GCC 12 mishandles closures that own strings in
  // co_await expressions (see placeCall).
  auto ids = std::make_shared<const std::pair<std::string, std::string>>(agent, call);
  auto act = [&port, &command, ids,
              read_at = ctx.request.read_at](std::function<void(Status)> done) {
    command(port, ids->first, ids->second, std::move(done), read_at);
  };
  Status st = co_await fromCallback<Status>(std::move(act));
  if (!st) {
    if (st.code() == ErrorCode::kPermissionDenied && !refused_audit.empty()) {
      json::object attempted{{"agent", agent}, {"reason", st.message()}};
      co_await auditChange(s, ctx, std::string(refused_audit), "call", call, "",
                           json::serialize(attempted));
    }
    co_return errorResponse(st);
  }
  view["call"] = call;
  co_return jsonResponse(status, json::serialize(view));
}

// Holds or resumes the professional's answered call.
asio::awaitable<HttpResponse> holdOrResume(Services& s, RequestContext& ctx, bool hold) {
  return actOnCall(
      s, ctx,
      [hold](ports::TelephonyPort& port, const std::string& agent, const std::string& call,
             std::function<void(Status)> done, ports::RequestedAt read_at) {
        port.holdCall(agent, call, hold, std::move(done), read_at);
      },
      200, json::object{{"held", hold}});
}

// {"line": ...} | {"agent": ...} | {"extension": ...} | {"number": ...}: exactly one.
Result<ports::TransferTarget> transferTarget(const json::value* body_to) {
  const json::object* o = body_to ? body_to->if_object() : nullptr;
  if (!o || o->size() != 1) {
    return invalidArgument(
        "to: one of {\"line\": ...}, {\"agent\": ...}, {\"extension\": ...}, {\"number\": ...}");
  }
  const auto& [key, value] = *o->begin();
  const json::string* text = value.if_string();
  if (!text || text->empty()) return invalidArgument("to." + std::string(key) + ": a string");
  std::string to(*text);
  if (key == "line") return ports::TransferTarget{ports::TransferTarget::Kind::kLine, to};
  if (key == "agent") return ports::TransferTarget{ports::TransferTarget::Kind::kAgent, to};
  if (key == "extension") {
    return ports::TransferTarget{ports::TransferTarget::Kind::kExtension, to};
  }
  if (key == "number") {
    auto number = core::normalizePhoneNumber(to);
    if (!number || number->empty()) return invalidArgument("to.number: not a phone number");
    return ports::TransferTarget{ports::TransferTarget::Kind::kNumber, *number};
  }
  return invalidArgument("to." + printable(key) + ": unknown kind of target");
}

std::string_view targetKindName(ports::TransferTarget::Kind kind) {
  switch (kind) {
    case ports::TransferTarget::Kind::kLine:
      return "line";
    case ports::TransferTarget::Kind::kAgent:
      return "agent";
    case ports::TransferTarget::Kind::kExtension:
      return "extension";
    case ports::TransferTarget::Kind::kNumber:
      return "number";
  }
  return "unknown";
}

// Transfers the professional's call to, or consults, the party the body's "to" names. A number
// the line may not call is refused 403 and audited, like a refused dial.
asio::awaitable<HttpResponse> callParty(Services& s, RequestContext& ctx, bool consult) {
  if (!s.telephony) co_return notConfigured();
  struct Body {
    std::string agent;
    json::value to;
  };
  auto body = commandFromBody(ctx.request, Body{}, [](auto& r, Body& b) {
    r.optional("agent", b.agent);
    if (const json::value* to = r.field("to", true)) b.to = *to;
  });
  if (!body) co_return errorResponse(body.status());
  auto to = transferTarget(&body->to);
  if (!to) co_return errorResponse(to.status());
  auto acting = actingAs(*ctx.principal, body->agent);
  if (!acting) co_return errorResponse(acting.status());
  ports::TelephonyPort& port = *s.telephony;
  std::string agent = acting->agent_id;
  std::string call(ctx.param("id"));
  struct Request {
    std::string agent, call;
    ports::TransferTarget target;
    bool consult;
  };
  auto shared = std::make_shared<const Request>(Request{agent, call, *to, consult});
  auto act = [&port, shared, read_at = ctx.request.read_at](std::function<void(Status)> done) {
    if (shared->consult) {
      port.consultCall(shared->agent, shared->call, shared->target, std::move(done), read_at);
    } else {
      port.transferCall(shared->agent, shared->call, shared->target, std::move(done), read_at);
    }
  };
  Status st = co_await fromCallback<Status>(std::move(act));
  if (!st) {
    if (st.code() == ErrorCode::kPermissionDenied) {
      json::object attempted{{"agent", agent}, {"number", to->to}, {"reason", st.message()}};
      co_await auditChange(s, ctx, consult ? "call.consult_refused" : "call.transfer_refused",
                           "call", call, "", json::serialize(attempted));
    }
    co_return errorResponse(st);
  }
  json::object target{{"kind", targetKindName(to->kind)}, {"to", to->to}};
  co_return jsonResponse(200, json::serialize(json::object{{"call", call}, {"to", target}}));
}

// Swaps, cancels, completes or conferences the consultation under way. Completing a transfer
// to a number the line may not hand callers to is refused 403 and audited.
asio::awaitable<HttpResponse> controlConsultation(Services& s, RequestContext& ctx,
                                                  ports::CallControl what,
                                                  std::string_view done_as) {
  return actOnCall(
      s, ctx,
      [what](ports::TelephonyPort& port, const std::string& agent, const std::string& call,
             std::function<void(Status)> done, ports::RequestedAt read_at) {
        port.controlCall(agent, call, what, std::move(done), read_at);
      },
      200, json::object{{"done", done_as}}, "call.transfer_refused");
}

}  // namespace

void addCallRoutes(Router& router, Services& services) {
  Services& s = services;

  router.add({"POST", "/api/v1/tasks/{id}/call-back", "callBackTask", kStaff,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (!s.telephony) co_return notConfigured();
                auto acting = actingFromBody(ctx);
                if (!acting) co_return errorResponse(acting.status());
                engine::TaskQuery query{std::string(ctx.param("id"))};
                auto task = co_await s.engine.execute(std::move(query), asio::use_awaitable);
                if (!task) co_return errorResponse(task.status());
                if (task->routing.agent_id != acting->agent_id ||
                    task->routing.state != core::routing::WorkState::kActive) {
                  co_return errorResponse(conflict("task '" + task->id +
                                                   "' is not held by agent '" + acting->agent_id +
                                                   "': claim or accept it before calling back"));
                }
                ports::DialRequest request{acting->agent_id, task->routing.line_id, task->number,
                                           task->id, acting->actor};
                co_return co_await placeCall(s, ctx, std::move(request));
              }});

  router.add(
      {"POST", "/api/v1/calls", "dialNumber", kStaff,
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (!s.telephony) co_return notConfigured();
         struct Body {
           std::string agent, line, number;
         };
         auto body = commandFromBody(ctx.request, Body{}, [](auto& r, Body& b) {
           r.optional("agent", b.agent);
           r.required("line", b.line);
           r.required("number", b.number);
         });
         if (!body) co_return errorResponse(body.status());
         auto number = core::normalizePhoneNumber(body->number);
         if (!number) {
           co_return errorResponse(invalidArgument("number: " + number.status().message()));
         }
         if (number->empty()) co_return errorResponse(invalidArgument("number: required"));
         auto acting = actingAs(*ctx.principal, body->agent);
         if (!acting) co_return errorResponse(acting.status());
         ports::DialRequest request{acting->agent_id, body->line, *number, "", acting->actor};
         co_return co_await placeCall(s, ctx, std::move(request));
       }});

  router.add(
      {"POST", "/api/v1/calls/{id}/hang-up", "hangUpCall", kStaff, [&s](RequestContext& ctx) {
         return actOnCall(
             s, ctx,
             [](ports::TelephonyPort& port, const std::string& agent, const std::string& call,
                std::function<void(Status)> done,
                ports::RequestedAt read_at) { port.hangUp(agent, call, std::move(done), read_at); },
             202, json::object{});
       }});

  router.add({"POST", "/api/v1/calls/{id}/hold", "holdCall", kStaff,
              [&s](RequestContext& ctx) { return holdOrResume(s, ctx, true); }});
  router.add({"POST", "/api/v1/calls/{id}/resume", "resumeCall", kStaff,
              [&s](RequestContext& ctx) { return holdOrResume(s, ctx, false); }});

  router.add({"POST", "/api/v1/calls/{id}/transfer", "transferCall", kStaff,
              [&s](RequestContext& ctx) { return callParty(s, ctx, false); }});
  router.add({"POST", "/api/v1/calls/{id}/consult", "consultOnCall", kStaff,
              [&s](RequestContext& ctx) { return callParty(s, ctx, true); }});
  router.add({"POST", "/api/v1/calls/{id}/swap", "swapCall", kStaff, [&s](RequestContext& ctx) {
                return controlConsultation(s, ctx, ports::CallControl::kSwap, "swapped");
              }});
  router.add({"POST", "/api/v1/calls/{id}/cancel-consult", "cancelConsultation", kStaff,
              [&s](RequestContext& ctx) {
                return controlConsultation(s, ctx, ports::CallControl::kCancelConsult,
                                           "consultation_cancelled");
              }});
  router.add({"POST", "/api/v1/calls/{id}/complete-transfer", "completeTransfer", kStaff,
              [&s](RequestContext& ctx) {
                return controlConsultation(s, ctx, ports::CallControl::kCompleteTransfer,
                                           "transferred");
              }});
  router.add({"POST", "/api/v1/calls/{id}/conference", "conferenceCall", kStaff,
              [&s](RequestContext& ctx) {
                return controlConsultation(s, ctx, ports::CallControl::kConference, "conference");
              }});
}

}  // namespace luukku::api
