// Routes for a chat visitor's strong identification (docs/chat.md, "Identification"):
//
//   POST /api/v1/chat/identification/start     the visitor, with the chat's id and token (a
//        chat under way), or with a line that requires identification, its language and the
//        visitor's name (a chat to start): answers the provider's URL to open, and sets the
//        flow's state in a cookie
//   GET  /api/v1/chat/identification/callback  the provider's redirect back: the code is
//        exchanged and the identity code sealed for the chat. A chat under way records it
//        (chat.identified) and a short page in the chat's language says so; a chat to start
//        starts identified and the browser goes back to the chat page with a one-time code
//   POST /api/v1/chat/identification/pick-up   that page exchanges the code for the chat's id
//        and token
//   POST /api/v1/chats/{id}/identification-request   the professional who holds the chat asks
//   GET  /api/v1/chats/{id}/identity           that professional sees the identity code, and
//        that of the person the visitor acts for (routes_chat_on_behalf.cc), after an access-log
//        row for each; the professional acts for nobody else here
//
// The identity code exists in the clear only in the callback's handler (sealed at once) and
// in the answer of /identity; it is never logged.
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>

#include "api/access_logging.h"
#include "api/acting.h"
#include "api/authorize.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "chat/chat_service.h"
#include "chat/chat_text.h"
#include "codec/json_reader.h"
#include "concurrency/blocking_pool.h"
#include "core/text.h"
#include "identity/citizen_identification.h"
#include "identity/sealing.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

constexpr std::string_view kStateCookie = "luukku_citizen_oidc";
constexpr std::string_view kCookiePath = "/api/v1/chat/identification";
const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});

bool configured(const Services& s) {
  return s.chat && s.citizen_identification && s.sealer;
}

HttpResponse notConfigured() {
  return errorResponse(404, "not_found", "identification is not configured on this server");
}

// What the chat routes answer for the chat service's refusals.
HttpResponse refusalOf(const Status& st) {
  switch (st.code()) {
    case ErrorCode::kConflict:
      return errorResponse(409, "ended", st.message());
    case ErrorCode::kAlreadyExists:
      return errorResponse(409, "identified", st.message());
    case ErrorCode::kFailedPrecondition:
      return errorResponse(409, "not_identified", st.message());
    default:
      return errorResponse(st);
  }
}

std::string escapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct PageText {
  std::string_view lang, title, done, failed, back, closed, not_started;
};
constexpr PageText kPageTexts[] = {
    {"fi", "Tunnistautuminen", "Olet tunnistautunut nimellä", "Tunnistautuminen ei onnistunut.",
     "Voit sulkea tämän ikkunan ja jatkaa keskustelua.", "Palvelu on nyt suljettu.",
     "Keskustelua ei voitu aloittaa. Yritä hetken päästä uudelleen."},
    {"sv", "Identifiering", "Du har identifierat dig som", "Identifieringen misslyckades.",
     "Du kan stänga det här fönstret och fortsätta chatten.", "Tjänsten är stängd nu.",
     "Chatten kunde inte startas. Försök igen om en stund."},
    {"en", "Identification", "You have identified yourself as", "The identification failed.",
     "You can close this window and go on with the chat.", "The service is closed now.",
     "The chat could not be started. Try again in a moment."},
};

const PageText& pageText(std::string_view lang) {
  for (const PageText& t : kPageTexts) {
    if (t.lang == lang) return t;
  }
  return kPageTexts[0];
}

// The page the provider's redirect ends on, in the chat's language: no script, nothing but
// the outcome in words.
HttpResponse resultPage(int status, std::string_view lang, std::string_view heading,
                        std::string_view detail) {
  const PageText& t = pageText(lang);
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html><html lang=\"" + std::string(t.lang) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>" +
           std::string(t.title) + "</title></head><body><main><h1>" + std::string(t.title) +
           "</h1><p>" + escapeHtml(heading) + "</p>" +
           (detail.empty() ? "" : "<p>" + escapeHtml(detail) + "</p>") + "<p>" +
           std::string(t.back) + "</p></main></body></html>";
  return r;
}

bool isLanguage(std::string_view l) {
  return l == "fi" || l == "sv" || l == "en";
}

// A chat to start once identified: a line that requires identification, open and serving chat.
Result<identity::IdentificationPurpose> chatToStart(Services& s, std::string line_id,
                                                    std::string language, std::string name) {
  if (!isLanguage(language)) return invalidArgument("language is fi, sv or en");
  identity::IdentificationPurpose purpose{"", std::move(line_id), std::move(language), ""};
  if (!name.empty()) {
    auto checked = chat::checkText(name, chat::kMaxNameChars);
    if (checked.problem != chat::TextProblem::kNone) {
      return invalidArgument("name is 1 to " + std::to_string(chat::kMaxNameChars) +
                             " characters of UTF-8");
    }
    purpose.visitor_name = std::move(checked.text);
  }
  auto snapshot = s.engine.region();
  const core::ServiceLine* line = snapshot->state.findLine(purpose.line_id);
  if (!line || !line->active) {
    return notFound("service line '" + printable(purpose.line_id) + "' does not exist");
  }
  if (line->chat_identification != core::ChatIdentification::kRequired) {
    return Status(ErrorCode::kFailedPrecondition,
                  "service line '" + line->id +
                      "' does not require identification: start the chat, then identify in it");
  }
  return purpose;
}

Handler startIdentification(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    struct Body {
      std::string chat_id, token, line, language, name;
    };
    auto body = commandFromBody(ctx.request, Body{}, [](codec::ObjectReader& r, Body& b) {
      r.optional("chat_id", b.chat_id);
      r.optional("token", b.token);
      r.optional("line", b.line);
      r.optional("language", b.language);
      r.optional("name", b.name);
    });
    if (!body) co_return errorResponse(body.status());
    identity::IdentificationPurpose purpose;
    if (!body->line.empty()) {
      if (!body->chat_id.empty()) {
        co_return errorResponse(invalidArgument("name either a chat (chat_id, token) or a line"));
      }
      auto to_start = chatToStart(s, body->line, body->language, body->name);
      if (!to_start) {
        if (to_start.status().code() == ErrorCode::kFailedPrecondition) {
          co_return errorResponse(409, "not_required", to_start.status().message());
        }
        co_return errorResponse(to_start.status());
      }
      // Counted as the chat it will start.
      if (!s.chat->admitStart(ctx.request.remote_address)) {
        co_return errorResponse(429, "rate_limited",
                                "too many chats started from this address; try again later");
      }
      purpose = std::move(*to_start);
    } else {
      if (body->chat_id.empty() || body->token.empty()) {
        co_return errorResponse(invalidArgument("chat_id and token, or line, are needed"));
      }
      auto ids = std::make_shared<const Body>(*body);
      chat::ChatService& service = *s.chat;
      auto check = [&service, ids](chat::Done<chat::ChatView> done) {
        service.visitorView(ids->chat_id, ids->token, std::move(done));
      };
      auto chat = co_await fromCallback<Result<chat::ChatView>>(std::move(check));
      if (!chat) co_return refusalOf(chat.status());
      if (chat->state == chat::ChatState::kEnded) {
        co_return errorResponse(409, "ended", "the chat has ended");
      }
      if (chat->identification == "anonymous") {
        co_return errorResponse(409, "anonymous",
                                "this chat's line does not identify its visitors");
      }
      purpose.chat_id = chat->chat_id;
    }
    auto discover = [&s] { return s.citizen_identification->discover(); };
    Status found = co_await s.blocking.run(std::move(discover), asio::use_awaitable);
    if (!found) {
      spdlog::error("citizen identification is unavailable: {}", found.message());
      co_return errorResponse(503, "unavailable",
                              "the identification service cannot be reached; try again later");
    }
    identity::OidcStart start = s.citizen_identification->start(std::move(purpose));
    // Lax, not Strict: it must come back with the provider's redirect.
    std::string cookie = std::string(kStateCookie) + "=" + start.state +
                         "; Path=" + std::string(kCookiePath) +
                         "; HttpOnly; SameSite=Lax; Max-Age=600";
    if (s.tls) cookie += "; Secure";
    co_return jsonResponse(200, json::serialize(json::object{{"url", start.authorization_url}}))
        .withHeader("Set-Cookie", std::move(cookie));
  };
}

// What chat.identified records: the code sealed for the chat `chat_id`.
core::ChatIdentified identifiedAs(const identity::Sealer& sealer,
                                  const identity::IdentifiedPerson& person,
                                  const std::string& chat_id) {
  return core::ChatIdentified{person.name, sealer.seal(person.identity_code, chat_id), "oidc",
                              person.issuer};
}

// A chat on a line that requires identification starts once its visitor has identified; the
// browser goes back to the chat page with a one-time code for it (never the token itself).
asio::awaitable<HttpResponse> startIdentified(Services& s,
                                              const identity::IdentificationPurpose& purpose,
                                              const identity::IdentifiedPerson& person) {
  const PageText& t = pageText(purpose.language);
  chat::StartRequest request;
  request.line_id = purpose.line_id;
  request.language = purpose.language;
  request.visitor_name = purpose.visitor_name;
  request.identification = "required";
  const identity::Sealer& sealer = *s.sealer;
  request.identified = [&sealer, person](const std::string& chat_id) {
    return identifiedAs(sealer, person, chat_id);
  };
  chat::ChatService& service = *s.chat;
  auto shared = std::make_shared<const chat::StartRequest>(std::move(request));
  auto start = [&service, shared](chat::Done<chat::Started> done) {
    service.startChat(*shared, std::move(done));
  };
  auto started = co_await fromCallback<Result<chat::Started>>(std::move(start));
  if (!started) co_return resultPage(503, purpose.language, t.failed, t.not_started);
  if (!started->refused.empty()) {
    co_return resultPage(409, purpose.language, t.failed,
                         started->refused == "closed" ? t.closed : t.not_started);
  }
  std::string code = service.holdForPickUp(std::move(*started));
  HttpResponse r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", "/chat/?lang=" + purpose.language + "&pick_up=" + code);
  co_return r;
}

// The chat page picks up the chat started for it after identification.
Handler pickUp(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    std::string code;
    auto body = commandFromBody(
        ctx.request, code, [](codec::ObjectReader& r, std::string& c) { r.required("code", c); });
    if (!body) co_return errorResponse(body.status());
    auto started = s.chat->pickUp(*body);
    if (!started) {
      co_return errorResponse(notFound("this code is unknown, used or expired; start again"));
    }
    co_return jsonResponse(200, json::serialize(json::object{{"chat_id", started->chat_id},
                                                             {"token", started->token}}));
  };
}

Handler finishIdentification(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    std::string cleared = std::string(kStateCookie) + "=; Path=" + std::string(kCookiePath) +
                          "; HttpOnly; SameSite=Lax; Max-Age=0";
    if (auto error = ctx.request.queryParam("error")) {
      spdlog::warn("a citizen's identification was refused by the provider: {}",
                   printable(error->substr(0, 64)));
      co_return resultPage(401, "fi", pageText("fi").failed, "")
          .withHeader("Set-Cookie", std::move(cleared));
    }
    std::string code(ctx.request.queryParam("code").value_or(""));
    std::string state(ctx.request.queryParam("state").value_or(""));
    std::string cookie(cookieValue(ctx.request, kStateCookie));
    auto finish = [&s, code, state, cookie] {
      return s.citizen_identification->finish(code, state, cookie);
    };
    auto found = co_await s.blocking.run(std::move(finish), asio::use_awaitable);
    if (!found) {
      spdlog::warn("a citizen's identification from {} was refused: {}", ctx.request.remote_address,
                   found.status().message());
      co_return resultPage(400, "fi", pageText("fi").failed, found.status().message())
          .withHeader("Set-Cookie", std::move(cleared));
    }
    if (found->purpose.chat_id.empty()) {
      co_return (co_await startIdentified(s, found->purpose, found->person))
          .withHeader("Set-Cookie", std::move(cleared));
    }
    const std::string chat_id = found->purpose.chat_id;
    core::ChatIdentified identified = identifiedAs(*s.sealer, found->person, chat_id);
    chat::ChatService& service = *s.chat;
    auto shared = std::make_shared<core::ChatIdentified>(std::move(identified));
    auto record = [&service, chat_id, shared](chat::Done<bool> done) {
      service.identify(chat_id, std::move(*shared), std::move(done));
    };
    auto recorded = co_await fromCallback<Result<bool>>(std::move(record));
    auto view_of = [&service, chat_id](chat::Done<chat::ChatView> done) {
      service.view(chat_id, std::move(done));
    };
    auto chat = co_await fromCallback<Result<chat::ChatView>>(std::move(view_of));
    std::string lang = chat ? chat->language : "fi";
    const PageText& t = pageText(lang);
    if (!recorded) {
      co_return resultPage(409, lang, t.failed, recorded.status().message())
          .withHeader("Set-Cookie", std::move(cleared));
    }
    co_return resultPage(200, lang, std::string(t.done) + " " + found->person.name + ".", "")
        .withHeader("Set-Cookie", std::move(cleared));
  };
}

// The professional's own agent must hold the chat: asking for and seeing a citizen's identity
// is not done on someone else's behalf.
asio::awaitable<Result<chat::Writer>> holderOf(Services& s, RequestContext& ctx,
                                               const std::string& chat_id) {
  chat::ChatService& service = *s.chat;
  auto view_of = [&service, chat_id](chat::Done<chat::ChatView> done) {
    service.view(chat_id, std::move(done));
  };
  auto chat = co_await fromCallback<Result<chat::ChatView>>(std::move(view_of));
  if (!chat) co_return chat.status();
  const identity::Principal& p = *ctx.principal;
  if (chat->agent_id.empty() || p.agent_id != chat->agent_id) {
    co_return Status(ErrorCode::kPermissionDenied,
                     "only the professional who holds the chat may do this");
  }
  co_return chat::Writer::professional(p.agent_id, actorOf(p));
}

Handler askIdentification(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    auto body = commandFromBody(
        ctx.request, 0, [](codec::ObjectReader&, int&) {}, true);
    if (!body) co_return errorResponse(body.status());
    std::string chat_id(ctx.param("id"));
    auto writer = co_await holderOf(s, ctx, chat_id);
    if (!writer) co_return refusalOf(writer.status());
    chat::ChatService& service = *s.chat;
    auto shared = std::make_shared<const chat::Writer>(std::move(*writer));
    auto ask = [&service, chat_id, shared](chat::Done<bool> done) {
      service.askIdentification(chat_id, *shared, std::move(done));
    };
    auto asked = co_await fromCallback<Result<bool>>(std::move(ask));
    if (!asked && asked.status().code() == ErrorCode::kFailedPrecondition) {
      co_return errorResponse(409, "anonymous", asked.status().message());
    }
    if (!asked) co_return refusalOf(asked.status());
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    co_return r;
  };
}

Handler showIdentity(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!configured(s)) co_return notConfigured();
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    std::string chat_id(ctx.param("id"));
    auto writer = co_await holderOf(s, ctx, chat_id);
    if (!writer) co_return refusalOf(writer.status());
    chat::ChatService& service = *s.chat;
    auto shared = std::make_shared<const chat::Writer>(std::move(*writer));
    auto get = [&service, chat_id, shared](chat::Done<chat::SealedIdentity> done) {
      service.identityOf(chat_id, *shared, std::move(done));
    };
    auto sealed = co_await fromCallback<Result<chat::SealedIdentity>>(std::move(get));
    if (!sealed) co_return refusalOf(sealed.status());
    auto code = s.sealer->open(sealed->identity_code_sealed, chat_id);
    if (!code) {
      spdlog::error("chat {}: the identity code does not open: {}", chat_id,
                    code.status().message());
      co_return errorResponse(500, "internal", "the identity code cannot be shown");
    }
    // The person the visitor acts for, if anyone (routes_chat_on_behalf.cc).
    std::string principal_code;
    if (!sealed->principal_code_sealed.empty()) {
      auto opened = s.sealer->open(sealed->principal_code_sealed, chat_id + "/principal");
      if (!opened) {
        spdlog::error("chat {}: the principal's identity code does not open: {}", chat_id,
                      opened.status().message());
        co_return errorResponse(500, "internal", "the identity code cannot be shown");
      }
      principal_code = std::move(*opened);
    }
    std::vector<identity::AccessEntry> entries{
        {"hetu:" + *code, "chat_identity", chat_id, "chat identification"}};
    if (!principal_code.empty()) {
      entries.push_back({"hetu:" + principal_code, "chat_identity", chat_id, "chat on behalf"});
    }
    Status logged = co_await recordAccesses(s, ctx, std::move(entries));
    if (!logged) co_return errorResponse(logged);
    json::value on_behalf = nullptr;
    if (!principal_code.empty()) {
      on_behalf = json::object{{"name", sealed->principal_name},
                               {"identity_code", principal_code},
                               {"basis", sealed->basis}};
    }
    co_return jsonResponse(200, json::serialize(json::object{{"chat_id", chat_id},
                                                             {"name", sealed->name},
                                                             {"identity_code", *code},
                                                             {"on_behalf", std::move(on_behalf)}}));
  };
}

}  // namespace

void addChatIdentificationRoutes(Router& router, Services& services) {
  router.add({"POST", "/api/v1/chat/identification/start", "startChatIdentification",
              Access::signIn(), startIdentification(services)});
  router.add({"GET", "/api/v1/chat/identification/callback", "finishChatIdentification",
              Access::signIn(), finishIdentification(services)});
  router.add({"POST", "/api/v1/chat/identification/pick-up", "pickUpIdentifiedChat",
              Access::signIn(), pickUp(services)});
  router.add({"POST", "/api/v1/chats/{id}/identification-request", "askChatIdentification", kStaff,
              askIdentification(services)});
  router.add(
      {"GET", "/api/v1/chats/{id}/identity", "showChatIdentity", kStaff, showIdentity(services)});
}

}  // namespace luukku::api
