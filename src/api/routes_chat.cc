// Routes for chats (docs/chat.md). Visitors, who do not sign in: the lines that serve chat,
// starting a chat, and the chat's WebSocket (served by chat_socket.cc; its route here answers
// a request without the upgrade). Professionals: a chat in full (access-logged), writing,
// typing, read marks and ending, and the WebSocket of the chats an agent holds.
//
// Who may act on a chat: the agent who holds it, or a supervisor or administrator on their
// behalf (the events then name both, api/acting.h). Reading a chat in full also allows a
// supervisor when nobody holds it yet.
#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <variant>

#include "api/access_logging.h"
#include "api/acting.h"
#include "api/chat_access.h"
#include "api/chat_json.h"
#include "api/chat_record.h"
#include "api/clickbot_live.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "chat/chat_service.h"
#include "chat/chat_text.h"
#include "codec/chat_events_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/routing/opening_hours.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/store_reader.h"
#include "identity/crypto.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});
// Citizens: public, and a stale staff cookie in the same browser does not stop them (as on
// the sign-in routes).
const Access kVisitor = Access::signIn();

HttpResponse noContent() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

HttpResponse textError(chat::TextProblem problem, std::string_view what, std::size_t max) {
  switch (problem) {
    case chat::TextProblem::kEmpty:
      return errorResponse(422, "empty", std::string(what) + " is empty");
    case chat::TextProblem::kTooLong:
      return errorResponse(
          422, "too_long",
          std::string(what) + " is longer than " + std::to_string(max) + " characters");
    default:
      return errorResponse(422, "invalid_text", std::string(what) + " is not valid UTF-8");
  }
}

bool isLanguage(std::string_view l) {
  return l == "fi" || l == "sv" || l == "en";
}

const std::string& nameIn(const core::LocalizedText& text, std::string_view lang) {
  const std::string& named = lang == "sv" ? text.sv : lang == "en" ? text.en : text.fi;
  return named.empty() ? text.fi : named;
}

bool servesChat(const core::ServiceLine& line) {
  return line.active && std::find(line.channels.begin(), line.channels.end(),
                                  core::Channel::kChat) != line.channels.end();
}

bool takesContactRequests(const core::ServiceLine& line) {
  return line.active && std::find(line.channels.begin(), line.channels.end(),
                                  core::Channel::kContactRequest) != line.channels.end();
}

Handler listLines(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (Status st = onlyQueryParams(ctx.request, {"lang"}); !st) co_return errorResponse(st);
    std::string lang(ctx.request.queryParam("lang").value_or("fi"));
    if (!isLanguage(lang)) co_return errorResponse(invalidArgument("lang is fi, sv or en"));
    auto snapshot = s.engine.region();
    Timestamp now = s.engine.clock().now();
    json::array lines;
    for (const auto& [id, line] : snapshot->state.lines()) {
      if (!servesChat(line)) continue;
      json::object entry{{"id", id}, {"name", nameIn(line.name, lang)}};
      for (auto& [key, value] : lineAvailability(line, snapshot->state.settings(), now)) {
        entry[key] = value;
      }
      entry["identification"] = core::chatIdentificationName(line.chat_identification);
      entry["contact_requests"] = takesContactRequests(line);
      lines.push_back(std::move(entry));
    }
    co_return jsonResponse(200, json::serialize(json::object{{"lines", std::move(lines)}}));
  };
}

// A citizen's contact-request form (a closed chat line, or a site's own form): it becomes a
// task on the line, to be called back. The answer says only when, not the task's id: the
// citizen has no use for it and a guessable id would tell others about the task.
Handler sendContactRequest(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    auto body = commandFromBody(ctx.request, core::routing::TaskRequest{},
                                [](codec::ObjectReader& r, core::routing::TaskRequest& t) {
                                  r.required("line", t.line_id);
                                  r.required("language", t.language);
                                  codec::readPhoneNumber(r, "number", t.number);
                                  r.optional("name", t.requester_name);
                                  r.required("description", t.description);
                                });
    if (!body) co_return errorResponse(body.status());
    core::routing::TaskRequest request = std::move(*body);
    if (!isLanguage(request.language)) {
      co_return errorResponse(invalidArgument("language is fi, sv or en"));
    }
    if (request.number.empty()) {
      co_return errorResponse(invalidArgument("number: the number to call back is needed"));
    }
    request.description = withLineFeeds(request.description);
    if (isBlank(request.description)) {
      co_return errorResponse(invalidArgument("description: say briefly what it is about"));
    }
    auto snapshot = s.engine.region();
    const core::ServiceLine* line = snapshot->state.findLine(request.line_id);
    if (!line || !line->active) {
      co_return errorResponse(
          notFound("service line '" + printable(request.line_id) + "' does not exist"));
    }
    if (!takesContactRequests(*line)) {
      co_return errorResponse(409, "closed",
                              "service line '" + line->id + "' takes no contact requests");
    }
    if (!s.chat->admitContactRequest(ctx.request.remote_address)) {
      co_return errorResponse(429, "rate_limited",
                              "too many requests from this address; try again later");
    }
    request.channel = core::Channel::kContactRequest;
    request.reason = core::routing::TaskReason::kContactRequest;
    // A named command, not a temporary in the co_await: see the GCC 12 note in event_stream.cc.
    engine::CreateTask command{std::move(request), {}};
    auto task = co_await s.engine.execute(std::move(command), asio::use_awaitable);
    if (!task) co_return errorResponse(task.status());
    json::object answer{{"received", true}};
    codec::putTime(answer, "due_at", task->due_at);
    co_return jsonResponse(201, json::serialize(answer));
  };
}

Handler startChat(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    struct Body {
      std::string line, language, name;
      std::vector<std::string> path;  // the clickbot nodes walked, if any
    };
    auto body = commandFromBody(ctx.request, Body{}, [](codec::ObjectReader& r, Body& b) {
      r.required("line", b.line);
      r.required("language", b.language);
      r.optional("name", b.name);
      r.optional("path", b.path);
    });
    if (!body) co_return errorResponse(body.status());
    if (!isLanguage(body->language)) {
      co_return errorResponse(invalidArgument("language is fi, sv or en"));
    }
    std::string name;
    if (!body->name.empty()) {
      auto checked = chat::checkText(body->name, chat::kMaxNameChars);
      if (checked.problem == chat::TextProblem::kTooLong ||
          checked.problem == chat::TextProblem::kNotUtf8) {
        co_return textError(checked.problem, "name", chat::kMaxNameChars);
      }
      name = std::move(checked.text);
    }
    auto snapshot = s.engine.region();
    const core::ServiceLine* line = snapshot->state.findLine(body->line);
    if (!line || !line->active) {
      co_return errorResponse(
          notFound("service line '" + printable(body->line) + "' does not exist"));
    }
    if (!servesChat(*line)) {
      co_return errorResponse(409, "closed", "service line '" + line->id + "' does not serve chat");
    }
    if (!core::routing::isOpen(*line, snapshot->state.settings(), s.engine.clock().now())) {
      co_return errorResponse(409, "closed", "service line '" + line->id + "' is closed now");
    }
    if (line->chat_identification == core::ChatIdentification::kRequired) {
      co_return errorResponse(409, "identification_required",
                              "service line '" + line->id +
                                  "' chats only with identified visitors: start by identifying "
                                  "(POST /api/v1/chat/identification/start with the line)");
    }
    std::optional<core::ClickbotWalk> walk;
    if (!body->path.empty()) {
      auto checked = checkedWalk(*snapshot, body->path, line->id, body->language);
      if (!checked) co_return errorResponse(422, "invalid_path", checked.status().message());
      walk = std::move(*checked);
    }
    if (!s.chat->admitStart(ctx.request.remote_address)) {
      co_return errorResponse(429, "rate_limited",
                              "too many chats started from this address; try again later");
    }
    chat::StartRequest start_request;
    start_request.line_id = line->id;
    start_request.language = body->language;
    start_request.visitor_name = std::move(name);
    start_request.clickbot = std::move(walk);
    // Without [citizen_identification] nobody can identify: the page offers nothing.
    start_request.identification = s.citizen_identification
                                       ? core::chatIdentificationName(line->chat_identification)
                                       : "anonymous";
    auto request = std::make_shared<const chat::StartRequest>(std::move(start_request));
    chat::ChatService& service = *s.chat;
    auto start = [&service, request](chat::Done<chat::Started> done) {
      service.startChat(*request, std::move(done));
    };
    auto started = co_await fromCallback<Result<chat::Started>>(std::move(start));
    if (!started) co_return chatError(started.status());
    if (!started->refused.empty()) {
      if (started->refused == "closed") {
        co_return errorResponse(409, "closed", "service line '" + line->id + "' is closed now");
      }
      co_return errorResponse(
          409, "unavailable",
          "nobody can take a chat on this line now (" + started->refused + "); try again later");
    }
    co_return jsonResponse(201, json::serialize(json::object{{"chat_id", started->chat_id},
                                                             {"token", started->token}}));
  };
}

HttpResponse unknownChat() {
  return errorResponse(404, "not_found", "unknown chat");
}

// The visitor's feedback after a chat (either side ended it): a rating 1-5 and a few words.
// The token proves it is the visitor's; the log says whether the chat has ended, when, and
// whether feedback was given already.
Handler giveFeedback(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    struct Body {
      std::string chat_id, token, text;
      std::int64_t rating = 0;
    };
    auto body = commandFromBody(ctx.request, Body{}, [](codec::ObjectReader& r, Body& b) {
      r.required("chat_id", b.chat_id);
      r.required("token", b.token);
      r.required("rating", b.rating);
      r.optional("text", b.text);
    });
    if (!body) co_return errorResponse(body.status());
    if (body->rating < 1 || body->rating > 5) {
      co_return errorResponse(422, "invalid_rating", "rating is a whole number from 1 to 5");
    }
    std::string text;
    if (!body->text.empty()) {
      auto checked = chat::checkText(body->text, chat::kMaxFeedbackChars);
      if (checked.problem == chat::TextProblem::kTooLong ||
          checked.problem == chat::TextProblem::kNotUtf8) {
        co_return textError(checked.problem, "text", chat::kMaxFeedbackChars);
      }
      text = std::move(checked.text);
    }
    if (body->chat_id.empty() || body->chat_id.size() > 64 || body->token.empty()) {
      co_return unknownChat();
    }
    if (!s.chat->admitVisitorMessage(body->chat_id, ctx.request.remote_address)) {
      co_return errorResponse(429, "rate_limited", "too many requests; try again shortly");
    }
    auto chat = co_await chatFromLog(s.reader, body->chat_id);
    if (!chat) co_return errorResponse(chat.status());
    // A wrong token and an unknown chat are the same answer, so ids cannot be probed.
    if (!chat->heldBy(body->token)) co_return unknownChat();
    if (!chat->ended_at) co_return errorResponse(409, "not_ended", "the chat has not ended");
    if (chat->has_feedback) {
      co_return errorResponse(409, "already_given", "feedback on this chat was given already");
    }
    engine::GiveChatFeedback command{
        body->chat_id,
        chat->last_seq,
        *chat->ended_at,
        core::ChatFeedback{static_cast<int>(body->rating), std::move(text), chat->line_id,
                           chat->started_at},
        {}};
    auto given = co_await s.engine.execute(std::move(command), asio::use_awaitable);
    if (!given) {
      switch (given.status().code()) {
        case ErrorCode::kFailedPrecondition:
          co_return errorResponse(409, "not_ended", given.status().message());
        case ErrorCode::kAlreadyExists:
          co_return errorResponse(409, "already_given", given.status().message());
        case ErrorCode::kConflict:
          co_return errorResponse(409, "expired", given.status().message());
        default:
          co_return errorResponse(given.status());
      }
    }
    co_return jsonResponse(201, json::serialize(json::object{{"received", true}}));
  };
}

// The WebSocket routes answer a request without the upgrade.
Handler upgradeRequired() {
  return [](RequestContext&) -> asio::awaitable<HttpResponse> {
    co_return errorResponse(426, "upgrade_required", "this endpoint is a WebSocket")
        .withHeader("Upgrade", "websocket");
  };
}

// The chat in full, after its access-log row.
asio::awaitable<HttpResponse> chatResponse(Services& s, RequestContext& ctx, int status,
                                           const chat::ChatView& chat) {
  identity::AccessEntry entry{"customer:" + chat.chat_id, "chat", chat.chat_id, "chat"};
  Status logged = co_await recordAccess(s, ctx, std::move(entry));
  if (!logged) co_return errorResponse(logged);
  co_return jsonResponse(status, json::serialize(chatJson(chat)));
}

Handler getChat(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    std::string id(ctx.param("id"));
    auto chat = co_await viewOf(*s.chat, std::move(id));
    if (!chat) co_return errorResponse(chat.status());
    if (Status may = mayReadChat(*ctx.principal, *chat); !may) co_return errorResponse(may);
    co_return co_await chatResponse(s, ctx, 200, *chat);
  };
}

Handler sendMessage(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    struct Body {
      std::string client_id, text;
    };
    auto body = commandFromBody(ctx.request, Body{}, [](codec::ObjectReader& r, Body& b) {
      r.required("client_id", b.client_id);
      r.required("text", b.text);
    });
    if (!body) co_return errorResponse(body.status());
    if (body->client_id.empty() || body->client_id.size() > 128 || !isValidUtf8(body->client_id)) {
      co_return errorResponse(invalidArgument("client_id is 1 to 128 characters"));
    }
    auto checked = chat::checkText(body->text);
    if (checked.problem != chat::TextProblem::kNone) {
      co_return textError(checked.problem, "text", chat::kMaxTextChars);
    }
    auto message = std::make_shared<const Body>(Body{body->client_id, std::move(checked.text)});
    auto act = [message](chat::ChatService& service, std::string id,
                         chat::Writer writer) -> asio::awaitable<HttpResponse> {
      auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(std::move(id),
                                                                                 std::move(writer));
      auto send = [&service, shared, message](chat::Done<chat::Posted> done) {
        service.send(shared->first, shared->second, message->client_id, message->text,
                     std::move(done));
      };
      auto posted = co_await fromCallback<Result<chat::Posted>>(std::move(send));
      if (!posted) co_return chatError(posted.status());
      json::object view = chatMessageJson(posted->message);
      view.erase("type");
      co_return jsonResponse(201, json::serialize(view));
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

Handler typing(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    auto act = [](chat::ChatService& service, std::string id,
                  chat::Writer writer) -> asio::awaitable<HttpResponse> {
      service.typing(std::move(id), std::move(writer));
      co_return noContent();
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

Handler markRead(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    std::int64_t up_to = 0;
    auto body = commandFromBody(ctx.request, up_to, [](codec::ObjectReader& r, std::int64_t& n) {
      r.required("up_to", n);
    });
    if (!body) co_return errorResponse(body.status());
    std::int64_t mark = *body;
    auto act = [mark](chat::ChatService& service, std::string id,
                      chat::Writer writer) -> asio::awaitable<HttpResponse> {
      auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(std::move(id),
                                                                                 std::move(writer));
      auto read = [&service, shared, mark](chat::Done<bool> done) {
        service.read(shared->first, shared->second, mark, std::move(done));
      };
      auto r = co_await fromCallback<Result<bool>>(std::move(read));
      if (!r) co_return chatError(r.status());
      co_return noContent();
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

Handler endChat(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    // No body, or an empty object.
    auto body = commandFromBody(
        ctx.request, 0, [](codec::ObjectReader&, int&) {}, true);
    if (!body) co_return errorResponse(body.status());
    auto act = [&s, &ctx](chat::ChatService& service, std::string id,
                          chat::Writer writer) -> asio::awaitable<HttpResponse> {
      auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(std::move(id),
                                                                                 std::move(writer));
      auto end = [&service, shared](chat::Done<chat::ChatView> done) {
        service.end(shared->first, shared->second, std::move(done));
      };
      auto ended = co_await fromCallback<Result<chat::ChatView>>(std::move(end));
      if (!ended) co_return chatError(ended.status());
      co_return co_await chatResponse(s, ctx, 200, *ended);
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

}  // namespace

void addChatRoutes(Router& router, Services& services) {
  router.add({"GET", "/api/v1/chat/lines", "listChatLines", kVisitor, listLines(services)});
  router.add({"POST", "/api/v1/chat/start", "startChat", kVisitor, startChat(services)});
  router.add({"POST", "/api/v1/chat/contact-requests", "sendContactRequest", kVisitor,
              sendContactRequest(services)});
  router.add(
      {"POST", "/api/v1/chat/feedback", "giveChatFeedback", kVisitor, giveFeedback(services)});
  router.add({"GET", "/api/v1/chat/connect", "connectChat", kVisitor, upgradeRequired()});
  router.add({"GET", "/api/v1/chats/{id}", "getChat", kStaff, getChat(services)});
  router.add(
      {"POST", "/api/v1/chats/{id}/messages", "sendChatMessage", kStaff, sendMessage(services)});
  router.add({"POST", "/api/v1/chats/{id}/typing", "chatTyping", kStaff, typing(services)});
  router.add({"POST", "/api/v1/chats/{id}/read", "markChatRead", kStaff, markRead(services)});
  router.add({"POST", "/api/v1/chats/{id}/end", "endChat", kStaff, endChat(services)});
  router.add(
      {"GET", "/api/v1/agents/{id}/chats/feed", "watchAgentChats", kStaff, upgradeRequired()});
  addChatFileRoutes(router, services);
  addChatTransferRoutes(router, services);
}

}  // namespace luukku::api
