// Routes for presence, offers, contacts, queues, opening hours and callback tasks.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <optional>
#include <type_traits>

#include "api/access_logging.h"
#include "api/acting.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "api/routing_json_views.h"
#include "chat/chat_service.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/routing/opening_hours.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/store_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace core::routing;
using core::Channel;
using core::channelFromName;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});
const Access kLeads = Access::anyOf({Role::kSupervisor, Role::kAdmin});

// The citizens' personal data a reply carries, for the access log: a caller's or a task's
// phone number. Contacts without a number (an anonymous chat) name nobody.
using Accesses = std::vector<identity::AccessEntry>;

void addAccess(Accesses& out, const Contact& c) {
  if (!c.from_number.empty())
    out.push_back({"phone:" + c.from_number, "contact", c.id, "contact handling"});
  if (!c.to_number.empty())
    out.push_back({"phone:" + c.to_number, "contact", c.id, "outgoing call"});
}
void addAccess(Accesses& out, const Task& t) {
  if (!t.number.empty()) {
    out.push_back({"phone:" + t.number, "task", t.id, "callback task"});
  } else if (!t.description.empty() || !t.requester_name.empty()) {
    // A contact request without a number still tells what a citizen wrote.
    out.push_back({"customer:" + t.id, "task", t.id, "contact request"});
  }
}
void addAccess(Accesses&, const QueueSnapshot&) {}
void addAccess(Accesses&, const AgentPresence&) {}
void addAccess(Accesses& out, const engine::WorkItem& w) {
  if (w.contact) addAccess(out, *w.contact);
  if (w.task) addAccess(out, *w.task);
}
void addAccess(Accesses& out, const engine::ArrivalOutcome& a) {
  addAccess(out, a.contact);
  if (a.task) addAccess(out, *a.task);
}
void addAccess(Accesses& out, const engine::ContactOutcome& o) {
  addAccess(out, o.contact);
  if (o.task) addAccess(out, *o.task);
}
template <typename T>
void addAccess(Accesses& out, const std::vector<T>& all) {
  for (const auto& v : all) addAccess(out, v);
}

// A command route that replies as soon as the engine has answered.
struct Answered {};

// Accepting an offer of a chat replies once the chat service holds the chat too, so the
// professional's next read of it is theirs (ChatService::afterAccept).
struct ChatHeldToo {
  asio::awaitable<void> operator()(Services& s, const engine::AcceptOffer& accepted) const {
    if (!s.chat || accepted.item.kind != ItemKind::kContact) co_return;
    auto wait = [&s, id = accepted.item.id](auto done) {
      s.chat->afterAccept(id, [done = std::move(done)] { done(true); });
    };
    co_await fromCallback<bool>(std::move(wait));
  }
};

// A route that turns a request into an engine command and its reply into JSON. The reply's
// personal data is written to the access log before it is sent (no log row, no data).
template <typename Build, typename View, typename After = Answered>
Handler commandHandler(Services& s, Build build, View view, int ok_status = 200, After after = {}) {
  return [&s, build, view, ok_status, after](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    auto command = build(ctx);
    if (!command) co_return errorResponse(command.status());
    // A copy of the command for what comes after its answer, only for routes that need one.
    constexpr bool kAfter = !std::is_same_v<After, Answered>;
    std::optional<std::decay_t<decltype(*command)>> sent;
    if constexpr (kAfter) sent = *command;
    auto reply = co_await s.engine.execute(std::move(*command), asio::use_awaitable);
    if (!reply) co_return errorResponse(reply.status());
    if constexpr (kAfter) co_await after(s, *sent);
    Accesses accesses;
    addAccess(accesses, *reply);
    if (!accesses.empty()) {
      Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
      if (!logged) co_return errorResponse(logged);
    }
    co_return jsonResponse(ok_status, json::serialize(view(*reply)));
  };
}

// The principal acting on a command, for the agent the path or the body names (or its own,
// when nothing does): fills the command's agent and actor (see api/acting.h).
template <typename Command>
Result<Command> actingOn(const RequestContext& ctx, Command command) {
  ASSIGN_OR_RETURN(Acting acting, actingAs(*ctx.principal, command.agent_id));
  command.agent_id = std::move(acting.agent_id);
  command.actor = std::move(acting.actor);
  return command;
}

// A command a person gives without acting for an agent (a contact or a task they create).
template <typename Command>
Command byPrincipal(const RequestContext& ctx, Command command) {
  command.actor = actorOf(*ctx.principal);
  return command;
}

// The agent a command names in its body: optional, the caller's own agent by default.
void readAgent(codec::ObjectReader& r, std::string& agent_id) {
  r.optional("agent", agent_id);
}

template <typename Enum>
void readEnum(codec::ObjectReader& r, std::string_view key, Enum& out,
              std::optional<Enum> (*from)(std::string_view), std::string_view allowed) {
  std::string name;
  r.required(key, name);
  if (!r.ok()) return;
  auto value = from(name);
  if (!value) {
    r.fail(invalidArgument(std::string(key) + ": '" + printable(name) + "' is not one of " +
                           std::string(allowed)));
    return;
  }
  out = *value;
}

void readTime(codec::ObjectReader& r, std::string_view key, bool required,
              std::optional<Timestamp>& out) {
  codec::readNested(
      r, key, required, out,
      [](const json::value& v, const std::string& path) -> Result<std::optional<Timestamp>> {
        ASSIGN_OR_RETURN(Timestamp t, codec::decodeTime(v, path));
        return std::optional<Timestamp>(t);
      });
}

json::value items(const auto& values, auto view) {
  json::array a;
  for (const auto& v : values) a.push_back(view(v));
  return json::object{{"items", std::move(a)}};
}

void addPresenceRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/presence", "listPresence", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) -> Result<engine::PresenceQuery> {
                    RETURN_IF_ERROR(onlyQueryParams(ctx.request, {"team", "line"}));
                    engine::PresenceQuery q;
                    q.team = std::string(ctx.request.queryParam("team").value_or(""));
                    q.line_id = std::string(ctx.request.queryParam("line").value_or(""));
                    return q;
                  },
                  [](const auto& all) { return items(all, presenceView); })});

  router.add({"PUT", "/api/v1/agents/{id}/presence", "setPresence", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) -> Result<engine::SetPresence> {
                    engine::SetPresence c;
                    c.agent_id = std::string(ctx.param("id"));
                    ASSIGN_OR_RETURN(c, actingOn(ctx, std::move(c)));
                    return commandFromBody(ctx.request, std::move(c), [](auto& r, auto& cmd) {
                      readEnum(r, "status", cmd.status, presenceFromName,
                               "available, break, offline");
                      r.optional("reason", cmd.reason);
                    });
                  },
                  presenceView)});

  router.add({"GET", "/api/v1/agents/{id}/work", "getAgentWork", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) -> Result<engine::AgentWorkQuery> {
                    // An agent reads only their own work; supervisors read anyone's.
                    ASSIGN_OR_RETURN(Acting acting, actingAs(*ctx.principal, ctx.param("id")));
                    return engine::AgentWorkQuery{std::move(acting.agent_id)};
                  },
                  [](const auto& work) { return items(work, workItemView); })});

  auto offerRoute = [&](const char* verb, const char* op, auto make, auto after) {
    router.add({"POST", std::string("/api/v1/agents/{id}/offers/") + verb, op, kStaff,
                commandHandler(
                    s,
                    [make](RequestContext& ctx) -> Result<decltype(make())> {
                      auto c = make();
                      c.agent_id = std::string(ctx.param("id"));
                      ASSIGN_OR_RETURN(c, actingOn(ctx, std::move(c)));
                      return commandFromBody(ctx.request, std::move(c), [](auto& r, auto& cmd) {
                        readEnum(r, "kind", cmd.item.kind, itemKindFromName, "contact, task");
                        r.required("id", cmd.item.id);
                      });
                    },
                    workItemView, 200, after)});
  };
  offerRoute(
      "accept", "acceptOffer", [] { return engine::AcceptOffer{}; }, ChatHeldToo{});
  offerRoute(
      "decline", "declineOffer", [] { return engine::DeclineOffer{}; }, Answered{});
}

void addContactRoutes(Router& router, Services& s) {
  router.add({"POST", "/api/v1/contacts", "createContact", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) {
                    return commandFromBody(
                        ctx.request, byPrincipal(ctx, engine::ArriveContact{}),
                        [](auto& r, auto& c) {
                          Arrival& a = c.arrival;
                          // Ids of new records come from the engine: a client-chosen id could
                          // name a contact that exists or ended, or one the engine will mint.
                          if (r.field("id", false)) {
                            r.fail(invalidArgument(
                                "id: contact ids are assigned by the server; leave id out"));
                          }
                          r.required("line", a.line_id);
                          // Only calls are made here: a chat starts at the chat service
                          // (POST /api/v1/chat/start), which holds its conversation; a chat
                          // contact made here would be offered with nobody to write with.
                          std::string channel = "phone";
                          r.optional("channel", channel);
                          if (channelFromName(channel) != Channel::kPhone) {
                            r.fail(invalidArgument("channel: '" + printable(channel) +
                                                   "' is not phone (chats start at "
                                                   "POST /api/v1/chat/start)"));
                          } else {
                            a.channel = Channel::kPhone;
                          }
                          codec::readPhoneNumber(r, "from_number", a.from_number);
                          r.optional("language", a.language);
                          r.optional("skills", a.skills);
                          r.optional("area", a.area);
                          r.optional("preferred_agent", a.preferred_agent);
                          r.optional("preferred_team", a.preferred_team);
                          r.optional("wants_callback", a.wants_callback);
                        });
                  },
                  arrivalView, 201)});

  auto endRoute = [&](const char* verb, const char* op, auto make, bool needs_agent) {
    router.add({"POST", std::string("/api/v1/contacts/{id}/") + verb, op, kStaff,
                commandHandler(
                    s,
                    [make, needs_agent](RequestContext& ctx) -> Result<decltype(make())> {
                      auto c = byPrincipal(ctx, make());
                      c.contact_id = std::string(ctx.param("id"));
                      ASSIGN_OR_RETURN(c, commandFromBody(
                                              ctx.request, std::move(c),
                                              [needs_agent](auto& r, auto& cmd) {
                                                if constexpr (requires { cmd.agent_id; }) {
                                                  if (needs_agent) readAgent(r, cmd.agent_id);
                                                }
                                              },
                                              true));
                      if constexpr (requires { c.agent_id; }) return actingOn(ctx, std::move(c));
                      return c;
                    },
                    contactOutcomeView)});
  };
  endRoute(
      "abandon", "abandonContact", [] { return engine::AbandonContact{}; }, false);
  endRoute(
      "callback", "requestContactCallback", [] { return engine::RequestCallback{}; }, false);
  endRoute(
      "complete", "completeContact", [] { return engine::CompleteContact{}; }, true);
}

void addQueueRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/queues", "listQueues", kStaff,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
                json::array queues;
                auto snapshot = s.engine.region();
                for (const auto& [id, line] : snapshot->state.lines()) {
                  if (!line.active) continue;
                  engine::QueueQuery query{id, 0};
                  auto q = co_await s.engine.execute(std::move(query), asio::use_awaitable);
                  if (!q) co_return errorResponse(q.status());
                  queues.push_back(queueView(*q));
                }
                co_return jsonResponse(200, json::serialize(json::object{{"items", queues}}));
              }});

  router.add({"GET", "/api/v1/queues/{line}", "getQueue", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) -> Result<engine::QueueQuery> {
                    RETURN_IF_ERROR(onlyQueryParams(ctx.request, {"limit"}));
                    ASSIGN_OR_RETURN(std::int64_t limit,
                                     intQueryParam(ctx.request, "limit", 50, 0, 1000));
                    return engine::QueueQuery{std::string(ctx.param("line")),
                                              static_cast<std::size_t>(limit)};
                  },
                  queueView)});

  router.add({"GET", "/api/v1/service-lines/{id}/hours", "getServiceLineHours",
              Access::publicRoute(), [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {"at"}); !st)
                  co_return errorResponse(st);
                Timestamp at = s.engine.clock().now();
                if (auto text = ctx.request.queryParam("at")) {
                  auto parsed = parseTimestamp(*text);
                  if (!parsed)
                    co_return errorResponse(invalidArgument("at: " + parsed.status().message()));
                  at = *parsed;
                }
                auto snapshot = s.engine.region();
                const core::ServiceLine* line = snapshot->state.findLine(ctx.param("id"));
                if (!line || !line->active) {
                  co_return errorResponse(
                      notFound("service line '" + printable(ctx.param("id")) + "' does not exist"));
                }
                const auto& region = snapshot->state.settings();
                json::object o{{"line", line->id}, {"open", isOpen(*line, region, at)}};
                codec::putTime(o, "at", at);
                auto put = [&](const char* key, std::optional<Timestamp> t) {
                  if (t)
                    codec::putTime(o, key, *t);
                  else
                    o[key] = nullptr;
                };
                put("next_opening", nextOpening(*line, region, at));
                put("next_closing", nextClosing(*line, region, at));
                co_return jsonResponse(200, json::serialize(o));
              }});
}

void addTaskRoutes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/tasks", "listTasks", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) -> Result<engine::TaskListQuery> {
                    RETURN_IF_ERROR(onlyQueryParams(ctx.request, {"line", "after", "limit"}));
                    ASSIGN_OR_RETURN(std::int64_t limit,
                                     intQueryParam(ctx.request, "limit", 100, 1, 1000));
                    engine::TaskListQuery q;
                    q.line_id = std::string(ctx.request.queryParam("line").value_or(""));
                    q.after = std::string(ctx.request.queryParam("after").value_or(""));
                    q.limit = static_cast<std::size_t>(limit);
                    return q;
                  },
                  [](const auto& tasks) {
                    json::object o = items(tasks, taskView).as_object();
                    o["next_after"] =
                        tasks.empty() ? json::value(nullptr) : json::value(tasks.back().id);
                    return json::value(std::move(o));
                  })});

  router.add({"POST", "/api/v1/tasks", "createTask", kStaff,
              commandHandler(
                  s,
                  [](RequestContext& ctx) {
                    return commandFromBody(
                        ctx.request, byPrincipal(ctx, engine::CreateTask{}), [](auto& r, auto& c) {
                          TaskRequest& t = c.request;
                          r.required("line", t.line_id);
                          std::string channel = "callback";
                          r.optional("channel", channel);
                          if (channel == "callback")
                            t.channel = Channel::kCallback;
                          else if (channel == "contact_request")
                            t.channel = Channel::kContactRequest;
                          else
                            r.fail(invalidArgument("channel: '" + printable(channel) +
                                                   "' is not one of callback, contact_request"));
                          codec::readPhoneNumber(r, "number", t.number);
                          r.optional("language", t.language);
                          r.optional("voice_message", t.voice_message_ref);
                          r.optional("name", t.requester_name);
                          r.optional("description", t.description);
                          t.description = withLineFeeds(t.description);
                          t.reason = t.channel == Channel::kContactRequest
                                         ? TaskReason::kContactRequest
                                         : TaskReason::kManual;
                        });
                  },
                  taskView, 201)});

  router.add({"GET", "/api/v1/tasks/{id}", "getTask", kStaff,
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                engine::TaskQuery query{std::string(ctx.param("id"))};
                auto open = co_await s.engine.execute(std::move(query), asio::use_awaitable);
                if (open) {
                  Accesses accesses;
                  addAccess(accesses, *open);
                  Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
                  if (!logged) co_return errorResponse(logged);
                  co_return jsonResponse(200, json::serialize(taskView(*open)));
                }
                // Ended tasks stay in the store for good.
                std::string kind = "task";
                std::string id(ctx.param("id"));
                auto stored = co_await s.reader.loadDocument(std::move(kind), std::move(id),
                                                             asio::use_awaitable);
                if (!stored) co_return errorResponse(stored.status());
                if (!*stored) {
                  co_return errorResponse(
                      notFound("task '" + printable(ctx.param("id")) + "' does not exist"));
                }
                auto body = codec::parseJson((*stored)->body, 64);
                auto task = body ? codec::decodeTask(*body) : Result<Task>(body.status());
                if (!task) co_return errorResponse(internalError("a stored task is unreadable"));
                task->version = (*stored)->version;
                Accesses accesses;
                addAccess(accesses, *task);
                Status logged = co_await recordAccesses(s, ctx, std::move(accesses));
                if (!logged) co_return errorResponse(logged);
                co_return jsonResponse(200, json::serialize(taskView(*task)));
              }});

  auto taskAction = [&](const char* verb, const char* op, auto make, auto read) {
    router.add({"POST", std::string("/api/v1/tasks/{id}/") + verb, op, kStaff,
                commandHandler(
                    s,
                    [make, read](RequestContext& ctx) -> Result<decltype(make())> {
                      auto c = byPrincipal(ctx, make());
                      c.task_id = std::string(ctx.param("id"));
                      ASSIGN_OR_RETURN(
                          c, commandFromBody(
                                 ctx.request, std::move(c), read, !requires { c.agent_id; }));
                      if constexpr (requires { c.by; }) c.by = ctx.principal->name;
                      if constexpr (requires { c.agent_id; }) return actingOn(ctx, std::move(c));
                      return c;
                    },
                    taskView)});
  };
  taskAction(
      "claim", "claimTask", [] { return engine::ClaimTask{}; },
      [](auto& r, auto& c) { readAgent(r, c.agent_id); });
  taskAction(
      "release", "releaseTask", [] { return engine::ReleaseTask{}; },
      [](auto& r, auto& c) { readAgent(r, c.agent_id); });
  taskAction(
      "attempts", "recordTaskAttempt", [] { return engine::RecordAttempt{}; },
      [](auto& r, auto& c) {
        readAgent(r, c.agent_id);
        readEnum(r, "outcome", c.outcome, attemptOutcomeFromName,
                 "no_answer, busy, reached, wrong_number, voicemail, rejected, failed");
      });
  taskAction(
      "complete", "completeTask", [] { return engine::CompleteTask{}; },
      [](auto& r, auto& c) {
        readAgent(r, c.agent_id);
        r.required("outcome", c.outcome);
        if (r.ok() && (isBlank(c.outcome) || c.outcome.size() > 200 || !isValidUtf8(c.outcome))) {
          r.fail(invalidArgument("outcome: must be 1-200 characters"));
        }
      });
  taskAction(
      "reschedule", "rescheduleTask", [] { return engine::RescheduleTask{}; },
      [](auto& r, auto& c) {
        std::optional<Timestamp> due;
        readTime(r, "due_at", true, due);
        if (due) c.due_at = *due;
        readTime(r, "not_before", false, c.not_before);
        // Who rescheduled is the caller, recorded from their sign-in, never from the body.
        if (r.field("by", false)) {
          r.fail(invalidArgument("by: recorded from who you are; leave it out"));
        }
      });
}

}  // namespace

void addRoutingRoutes(Router& router, Services& services) {
  addPresenceRoutes(router, services);
  addContactRoutes(router, services);
  addQueueRoutes(router, services);
  addTaskRoutes(router, services);
}

}  // namespace luukku::api
