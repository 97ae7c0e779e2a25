// Routes for an identified chat visitor who acts for someone else (docs/chat.md, "On
// behalf"; identity/on_behalf.h):
//
//   POST /api/v1/chat/on-behalf/options   the visitor, with the chat's id and token: whom the
//        registers say they may act for today — children in their custody under the age limit,
//        and adults who gave them a mandate. Each comes with an opaque `option` that names the
//        person only to this server, for this chat.
//   POST /api/v1/chat/on-behalf           the visitor chooses one: the registers are asked
//        again (custody and mandates change), and the chat records whom the visitor acts for
//        (chat.on_behalf); both sides are told. Once per chat.
//
// The professional who holds the chat sees the principal's identity code with the visitor's
// (GET /api/v1/chats/{id}/identity, routes_chat_identification.cc), after an access-log row
// for each.
//
// The visitor sees only names of people the registers link to them; no identity code ever
// leaves the server here, and none is logged.
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>

#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "chat/chat_service.h"
#include "codec/json_reader.h"
#include "concurrency/blocking_pool.h"
#include "core/routing/helsinki_time.h"
#include "identity/on_behalf.h"
#include "identity/sealing.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

bool configured(const Services& s) {
  return s.chat && s.on_behalf && s.sealer;
}

HttpResponse notConfigured() {
  return errorResponse(404, "not_found", "acting on behalf is not configured on this server");
}

// The context an option is sealed for: it opens only for the chat it was offered in.
std::string optionContext(const std::string& chat_id) {
  return chat_id + "/on-behalf-option";
}

// The context a principal's identity code is sealed for in chat.on_behalf.
std::string principalContext(const std::string& chat_id) {
  return chat_id + "/principal";
}

HttpResponse refusalOf(const Status& st) {
  switch (st.code()) {
    case ErrorCode::kConflict:
      return errorResponse(409, "ended", st.message());
    case ErrorCode::kFailedPrecondition:
      return errorResponse(409, "not_identified", st.message());
    case ErrorCode::kAlreadyExists:
      return errorResponse(409, "on_behalf", st.message());
    default:
      return errorResponse(st);
  }
}

struct VisitorBody {
  std::string chat_id, token, option;
};

// Whom the registers say the chat's identified visitor may act for today. kUnavailable when a
// register cannot be asked.
asio::awaitable<Result<std::vector<identity::ActedFor>>> askRegisters(Services& s,
                                                                      const VisitorBody& body) {
  chat::ChatService& service = *s.chat;
  auto ids = std::make_shared<const VisitorBody>(body);
  auto get = [&service, ids](chat::Done<chat::SealedIdentity> done) {
    service.ownIdentity(ids->chat_id, ids->token, std::move(done));
  };
  auto sealed = co_await fromCallback<Result<chat::SealedIdentity>>(std::move(get));
  if (!sealed) co_return sealed.status();
  if (!sealed->principal_name.empty()) {
    co_return Status(ErrorCode::kAlreadyExists, "the visitor acts for someone already");
  }
  auto code = s.sealer->open(sealed->identity_code_sealed, body.chat_id);
  if (!code) {
    spdlog::error("chat {}: the identity code does not open: {}", body.chat_id,
                  code.status().message());
    co_return internalError("the identification cannot be read");
  }
  const Date today = core::routing::toHelsinki(s.engine.clock().now()).date;
  const identity::OnBehalf& registers = *s.on_behalf;
  auto ask = [&registers, agent = std::move(*code), today] {
    return registers.whomMayActFor(agent, today);
  };
  auto principals = co_await s.blocking.run(std::move(ask), asio::use_awaitable);
  if (!principals) {
    spdlog::error("chat {}: the registers for acting on behalf cannot be asked: {}", body.chat_id,
                  principals.status().message());
    co_return Status(ErrorCode::kUnavailable, "the registers cannot be asked now");
  }
  co_return std::move(*principals);
}

// Each question to the registers is counted as a message from the visitor: the same flood
// limits hold.
std::optional<HttpResponse> overLimit(Services& s, RequestContext& ctx, const VisitorBody& body) {
  if (s.chat->admitVisitorMessage(body.chat_id, ctx.request.remote_address)) return std::nullopt;
  return errorResponse(429, "rate_limited", "too many requests for this chat; try again later");
}

HttpResponse failureOf(const Status& st) {
  if (st.code() == ErrorCode::kUnavailable) {
    return errorResponse(503, "unavailable", "the registers cannot be asked now; try again later");
  }
  return refusalOf(st);
}

Result<VisitorBody> visitorBody(const HttpRequest& request, bool with_option) {
  return commandFromBody(request, VisitorBody{},
                         [with_option](codec::ObjectReader& r, VisitorBody& b) {
                           r.required("chat_id", b.chat_id);
                           r.required("token", b.token);
                           if (with_option) r.required("option", b.option);
                         });
}

Handler listOptions(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    auto body = visitorBody(ctx.request, false);
    if (!body) co_return errorResponse(body.status());
    if (auto refused = overLimit(s, ctx, *body)) co_return std::move(*refused);
    auto asked = co_await askRegisters(s, *body);
    if (!asked) co_return failureOf(asked.status());
    json::array options;
    for (const identity::ActedFor& p : *asked) {
      options.push_back(json::object{
          {"option", s.sealer->seal(p.person.identity_code, optionContext(body->chat_id))},
          {"name", p.person.name},
          {"basis", identity::basisName(p.basis)}});
    }
    co_return jsonResponse(200, json::serialize(json::object{{"options", std::move(options)}}));
  };
}

Handler choose(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    auto body = visitorBody(ctx.request, true);
    if (!body) co_return errorResponse(body.status());
    auto chosen_code = s.sealer->open(body->option, optionContext(body->chat_id));
    if (!chosen_code) {
      co_return errorResponse(400, "invalid_argument",
                              "option is not one offered for this chat; ask for the options again");
    }
    if (auto refused = overLimit(s, ctx, *body)) co_return std::move(*refused);
    auto asked = co_await askRegisters(s, *body);
    if (!asked) co_return failureOf(asked.status());
    const identity::ActedFor* principal = nullptr;
    for (const identity::ActedFor& p : *asked) {
      if (p.person.identity_code == *chosen_code) principal = &p;
    }
    if (!principal) {
      co_return errorResponse(403, "not_entitled",
                              "the registers do not let you act for this person today");
    }
    core::ChatOnBehalf on_behalf{
        principal->person.name,
        s.sealer->seal(principal->person.identity_code, principalContext(body->chat_id)),
        std::string(identity::basisName(principal->basis))};
    chat::ChatService& service = *s.chat;
    auto ids = std::make_shared<const VisitorBody>(*body);
    auto shared = std::make_shared<core::ChatOnBehalf>(on_behalf);
    auto record = [&service, ids, shared](chat::Done<bool> done) {
      service.actOnBehalf(ids->chat_id, ids->token, std::move(*shared), std::move(done));
    };
    auto recorded = co_await fromCallback<Result<bool>>(std::move(record));
    if (!recorded) co_return refusalOf(recorded.status());
    co_return jsonResponse(200, json::serialize(json::object{{"name", on_behalf.principal_name},
                                                             {"basis", on_behalf.basis}}));
  };
}

}  // namespace

void addChatOnBehalfRoutes(Router& router, Services& services) {
  router.add({"POST", "/api/v1/chat/on-behalf/options", "listChatOnBehalfOptions", Access::signIn(),
              listOptions(services)});
  router.add(
      {"POST", "/api/v1/chat/on-behalf", "actOnBehalfInChat", Access::signIn(), choose(services)});
}

}  // namespace luukku::api
