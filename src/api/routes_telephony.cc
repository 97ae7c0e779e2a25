// Routes for telephony: agents' phones and their registrations, prompts (replaceable by an
// administrator's recording) and callers' voice messages.
#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/access_logging.h"
#include "api/audit.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/text.h"
#include "core/time.h"
#include "engine/engine.h"
#include "engine/store_reader.h"
#include "identity/crypto.h"
#include "ports/telephony_port.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using ports::PromptStatus;

namespace {

HttpResponse notConfigured() {
  return errorResponse(notFound("telephony is not configured on this server"));
}

// The citizen whose voice a message is: the caller's number, or the number they keyed in for
// the callback when theirs was withheld; failing both, the contact itself.
asio::awaitable<std::string> voiceMessageCitizen(Services& s, std::string contact_id) {
  std::string kind = "contact";
  std::string id = contact_id;
  auto stored = co_await s.reader.loadDocument(std::move(kind), std::move(id), asio::use_awaitable);
  std::string task_id;
  if (stored && *stored) {
    auto body = codec::parseJson((*stored)->body, 64);
    auto contact =
        body ? codec::decodeContact(*body) : Result<core::routing::Contact>(body.status());
    if (contact && !contact->from_number.empty()) co_return "phone:" + contact->from_number;
    if (contact) task_id = contact->task_id;
  }
  if (!task_id.empty()) {
    std::string task_kind = "task";
    auto stored_task = co_await s.reader.loadDocument(std::move(task_kind), std::move(task_id),
                                                      asio::use_awaitable);
    if (stored_task && *stored_task) {
      auto body = codec::parseJson((*stored_task)->body, 64);
      auto task = body ? codec::decodeTask(*body) : Result<core::routing::Task>(body.status());
      if (task && !task->number.empty()) co_return "phone:" + task->number;
    }
  }
  co_return "customer:" + contact_id;
}

bool promptNameShaped(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Whether callers can hear a prompt of this name, so a recording may replace it: one the
// library lists (in any language; music on hold and the beep too), or a listed one as a
// service line's own version, "<name>-<line id>", for a line of the region. Anything else
// would be a file nobody plays. (The numbers the composer says are not listed, so they are
// not replaced one by one either.)
bool knownPrompt(const std::vector<PromptStatus>& prompts, const core::RegionState& region,
                 std::string_view name) {
  auto listed = [&](std::string_view n) {
    return std::any_of(prompts.begin(), prompts.end(),
                       [&](const PromptStatus& p) { return p.name == n; });
  };
  if (listed(name)) return true;
  for (const auto& [id, line] : region.lines()) {
    if (name.size() > id.size() + 1 && name.ends_with(id) &&
        name[name.size() - id.size() - 1] == '-' &&
        listed(name.substr(0, name.size() - id.size() - 1))) {
      return true;
    }
  }
  return false;
}

// A sound file as the answer: prompts and voice messages are WAV.
HttpResponse wavResponse(std::ifstream& in) {
  std::ostringstream data;
  data << in.rdbuf();
  HttpResponse r;
  r.content_type = "audio/wav";
  r.body = data.str();
  return r;
}

json::object promptJson(const PromptStatus& p) {
  return {
      {"language", p.language}, {"name", p.name}, {"seconds", p.seconds}, {"recorded", p.recorded}};
}

}  // namespace

void addTelephonyRoutes(Router& router, Services& s) {
  router.add(
      {"GET", "/api/v1/telephony/phones", "listPhones",
       Access::anyOf({Role::kSupervisor, Role::kAdmin}),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
         if (!s.telephony) co_return notConfigured();
         json::array items;
         for (const auto& p : s.telephony->phones()) {
           json::object o{
               {"extension", p.extension}, {"agent_id", p.agent_id}, {"registered", p.registered}};
           if (p.registered) {
             o["contact"] = p.contact;
             o["user_agent"] = p.user_agent;
             o["expires_at"] = formatTimestamp(p.expires_at);
           }
           items.push_back(std::move(o));
         }
         co_return jsonResponse(200, json::serialize(json::object{{"items", std::move(items)}}));
       }});

  router.add(
      {"GET", "/api/v1/telephony/prompts", "listPrompts", Access::anyOf({Role::kAdmin}),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
         if (!s.telephony) co_return notConfigured();
         json::array items;
         for (const auto& p : s.telephony->prompts()) {
           json::object o{{"name", p.name}, {"seconds", p.seconds}, {"recorded", p.recorded}};
           if (!p.language.empty()) o["language"] = p.language;
           items.push_back(std::move(o));
         }
         co_return jsonResponse(200, json::serialize(json::object{{"items", std::move(items)}}));
       }});

  // The prompt as callers hear it, for an administrator to listen to before replacing it.
  router.add({"GET", "/api/v1/telephony/prompts/{language}/{name}", "getPrompt",
              Access::anyOf({Role::kAdmin}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
                if (!s.telephony) co_return notConfigured();
                std::string language(ctx.param("language")), name(ctx.param("name"));
                std::string path = s.telephony->promptPath(language, name);
                std::ifstream in(path, std::ios::binary);
                if (path.empty() || !in) {
                  co_return errorResponse(notFound("there is no prompt '" + printable(language) +
                                                   "/" + printable(name) + "'"));
                }
                co_return wavResponse(in);
              }});

  router.add({"PUT", "/api/v1/telephony/prompts/{language}/{name}", "replacePrompt",
              Access::anyOf({Role::kAdmin}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (!s.telephony) co_return notConfigured();
                const std::string& body = ctx.request.body;
                std::span<const std::uint8_t> bytes(
                    reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
                std::string language(ctx.param("language")), name(ctx.param("name"));
                // Music on hold and the beep serve every language (listed without one).
                bool shared = name == "moh" || name == "beep";
                auto find = [&]() -> std::optional<PromptStatus> {
                  for (auto& p : s.telephony->prompts()) {
                    if (p.name == name && p.language == (shared ? "" : language)) return p;
                  }
                  return std::nullopt;
                };
                if (!knownPrompt(s.telephony->prompts(), s.engine.region()->state, name)) {
                  co_return errorResponse(
                      promptNameShaped(name)
                          ? notFound("there is no prompt '" + printable(name) +
                                     "' to replace: name one of GET /api/v1/telephony/prompts, or "
                                     "'<prompt>-<service line id>' for a line's own version")
                          : invalidArgument("a prompt name is 1-64 characters of a-z, 0-9, '-' and "
                                            "'_'"));
                }
                std::optional<PromptStatus> before = find();
                if (Status st = s.telephony->replacePrompt(language, name, bytes); !st) {
                  co_return errorResponse(st);
                }
                if (std::optional<PromptStatus> after = find()) {
                  // The audit row never holds the audio: its length, and for the new recording the
                  // size and SHA-256 of the file the administrator sent.
                  json::object recording = promptJson(*after);
                  recording["bytes"] = body.size();
                  recording["sha256"] = identity::toHex(identity::sha256(body));
                  std::string target = shared ? name : language + "/" + name;
                  std::string was = before ? json::serialize(promptJson(*before)) : "";
                  std::string is = json::serialize(recording);
                  co_await auditChange(s, ctx, "prompt.replaced", "prompt", std::move(target),
                                       std::move(was), std::move(is));
                  co_return jsonResponse(200, json::serialize(promptJson(*after)));
                }
                co_return errorResponse(internalError("the prompt was saved but is not listed"));
              }});

  router.add({"GET", "/api/v1/telephony/voice-messages/{ref}", "getVoiceMessage",
              Access::anyOf({Role::kAgent, Role::kSupervisor}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (!s.telephony) co_return notConfigured();
                std::string ref(ctx.param("ref"));
                std::string path = s.telephony->voiceMessagePath(ref);
                std::ifstream in(path, std::ios::binary);
                if (path.empty() || !in) {
                  co_return errorResponse(
                      notFound("voice message '" + printable(ref) + "' does not exist"));
                }
                std::string contact_id = ref.substr(0, ref.size() - 4);  // "<contact id>.wav"
                std::string citizen = co_await voiceMessageCitizen(s, contact_id);
                identity::AccessEntry entry{std::move(citizen), "recording", ref,
                                            "callback task: the caller's voice message"};
                Status logged = co_await recordAccess(s, ctx, std::move(entry));
                if (!logged) co_return errorResponse(logged);
                co_return wavResponse(in);
              }});
}

}  // namespace luukku::api
