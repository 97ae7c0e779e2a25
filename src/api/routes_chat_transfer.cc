// Routes for handing a chat on (docs/chat.md, "Transfer and invite"): the professional who
// holds a chat transfers it to a line's queue or to a colleague, or invites a colleague; the
// colleague asked accepts or declines; an invited colleague leaves.
//
// Who may act: transferring and inviting, the holder or a supervisor on their behalf (as for
// writing, api/chat_access.h); answering and leaving, only the colleague themselves.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>

#include "api/chat_access.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "chat/chat_service.h"
#include "codec/json_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});

// A refusal the professional can act on (engine::HandOnRefusal), with its status.
HttpResponse refusal(const std::string& code) {
  if (code == "unknown_line") return errorResponse(404, code, "there is no such service line");
  if (code == "unknown_colleague") return errorResponse(404, code, "there is no such colleague");
  if (code == "line_without_chat") {
    return errorResponse(422, code, "the service line does not serve chat");
  }
  if (code == "self") return errorResponse(422, code, "a chat is handed to someone else");
  if (code == "line_closed") return errorResponse(409, code, "the service line is closed now");
  if (code == "nobody_on_line") {
    return errorResponse(409, code, "nobody is signed in to the service line");
  }
  if (code == "colleague_unavailable") {
    return errorResponse(409, code,
                         "the colleague is not signed in and ready, or does not serve chat");
  }
  if (code == "colleague_busy") {
    return errorResponse(409, code, "the colleague has no room for another chat");
  }
  if (code == "not_held") return errorResponse(409, code, "the chat is no longer yours");
  return errorResponse(409, code, "the chat could not be handed on");
}

// The chat service's refusals of a transfer or an invitation.
HttpResponse handOnError(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kAlreadyExists:
      return errorResponse(409, "transfer_pending", s.message());
    case ErrorCode::kFailedPrecondition:
      return errorResponse(409, "colleague_in_chat", s.message());
    default:
      return chatError(s);
  }
}

json::object queueJson(const chat::QueueInfo& q) {
  json::object o{{"position", q.position}};
  o["estimated_wait_s"] =
      q.estimated_wait ? json::value(q.estimated_wait->count()) : json::value(nullptr);
  return o;
}

struct Target {
  std::string line;
  std::string agent;
};

Handler transfer(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    auto body = commandFromBody(ctx.request, Target{}, [](codec::ObjectReader& r, Target& t) {
      r.optional("line", t.line);
      r.optional("agent", t.agent);
    });
    if (!body) co_return errorResponse(body.status());
    if (body->line.empty() == body->agent.empty()) {
      co_return errorResponse(invalidArgument("name exactly one of line and agent"));
    }
    auto target = std::make_shared<const Target>(std::move(*body));
    auto act = [target](chat::ChatService& service, std::string id,
                        chat::Writer writer) -> asio::awaitable<HttpResponse> {
      auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(std::move(id),
                                                                                 std::move(writer));
      auto hand = [&service, shared, target](chat::Done<chat::HandOn> done) {
        if (!target->line.empty()) {
          service.transferToLine(shared->first, shared->second, target->line, std::move(done));
        } else {
          service.askColleague(shared->first, shared->second, target->agent, false,
                               std::move(done));
        }
      };
      auto handed = co_await fromCallback<Result<chat::HandOn>>(std::move(hand));
      if (!handed) co_return handOnError(handed.status());
      if (!handed->refused.empty()) co_return refusal(handed->refused);
      if (!target->line.empty()) {
        json::object o{{"to", "line"}, {"line", target->line}};
        o["queue"] = handed->queue ? json::value(queueJson(*handed->queue)) : json::value(nullptr);
        co_return jsonResponse(200, json::serialize(o));
      }
      co_return jsonResponse(
          202, json::serialize(json::object{{"to", "agent"},
                                            {"agent", target->agent},
                                            {"until", formatTimestamp(handed->until)}}));
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

Handler invite(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    std::string agent;
    auto body = commandFromBody(
        ctx.request, agent, [](codec::ObjectReader& r, std::string& a) { r.required("agent", a); });
    if (!body) co_return errorResponse(body.status());
    auto colleague = std::make_shared<const std::string>(std::move(*body));
    auto act = [colleague](chat::ChatService& service, std::string id,
                           chat::Writer writer) -> asio::awaitable<HttpResponse> {
      auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(std::move(id),
                                                                                 std::move(writer));
      auto ask = [&service, shared, colleague](chat::Done<chat::HandOn> done) {
        service.askColleague(shared->first, shared->second, *colleague, true, std::move(done));
      };
      auto asked = co_await fromCallback<Result<chat::HandOn>>(std::move(ask));
      if (!asked) co_return handOnError(asked.status());
      if (!asked->refused.empty()) co_return refusal(asked->refused);
      co_return jsonResponse(
          202, json::serialize(
                   json::object{{"agent", *colleague}, {"until", formatTimestamp(asked->until)}}));
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

// The colleague's own agent: answering and leaving are never done on someone's behalf.
Result<chat::Writer> colleagueOf(const RequestContext& ctx) {
  ASSIGN_OR_RETURN(Acting acting, actingAs(*ctx.principal, ""));
  return chat::Writer::professional(acting.agent_id, acting.actor);
}

Handler answer(Services& s, bool accept) {
  return [&s, accept](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    auto body = commandFromBody(
        ctx.request, 0, [](codec::ObjectReader&, int&) {}, true);
    if (!body) co_return errorResponse(body.status());
    auto writer = colleagueOf(ctx);
    if (!writer) co_return errorResponse(writer.status());
    auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(
        std::string(ctx.param("id")), std::move(*writer));
    chat::ChatService& service = *s.chat;
    auto give = [&service, shared, accept](chat::Done<chat::HandOn> done) {
      service.answerColleague(shared->first, shared->second, accept, std::move(done));
    };
    auto answered = co_await fromCallback<Result<chat::HandOn>>(std::move(give));
    if (!answered) {
      if (answered.status().code() == ErrorCode::kFailedPrecondition) {
        co_return errorResponse(409, "nothing_asked", answered.status().message());
      }
      co_return chatError(answered.status());
    }
    if (!answered->refused.empty()) co_return refusal(answered->refused);
    co_return jsonResponse(200, json::serialize(json::object{{"accepted", accept}}));
  };
}

Handler leave(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    auto body = commandFromBody(
        ctx.request, 0, [](codec::ObjectReader&, int&) {}, true);
    if (!body) co_return errorResponse(body.status());
    auto writer = colleagueOf(ctx);
    if (!writer) co_return errorResponse(writer.status());
    auto shared = std::make_shared<const std::pair<std::string, chat::Writer>>(
        std::string(ctx.param("id")), std::move(*writer));
    chat::ChatService& service = *s.chat;
    auto go = [&service, shared](chat::Done<bool> done) {
      service.leaveChat(shared->first, shared->second, std::move(done));
    };
    auto left = co_await fromCallback<Result<bool>>(std::move(go));
    if (!left) {
      if (left.status().code() == ErrorCode::kFailedPrecondition) {
        co_return errorResponse(409, "not_in_chat", left.status().message());
      }
      co_return chatError(left.status());
    }
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    co_return r;
  };
}

}  // namespace

void addChatTransferRoutes(Router& router, Services& services) {
  router.add({"POST", "/api/v1/chats/{id}/transfer", "transferChat", kStaff, transfer(services)});
  router.add({"POST", "/api/v1/chats/{id}/invite", "inviteToChat", kStaff, invite(services)});
  router.add({"POST", "/api/v1/chats/{id}/colleague/accept", "acceptChatColleague", kStaff,
              answer(services, true)});
  router.add({"POST", "/api/v1/chats/{id}/colleague/decline", "declineChatColleague", kStaff,
              answer(services, false)});
  router.add({"POST", "/api/v1/chats/{id}/leave", "leaveChat", kStaff, leave(services)});
}

}  // namespace luukku::api
