// Routes for telephony: agents' phones and their registrations, prompts (replaceable by an
// administrator's recording) and callers' voice messages.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/access_logging.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "api/telephony_port.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/text.h"
#include "core/time.h"
#include "engine/store_reader.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

HttpResponse notConfigured() {
  return errorResponse(notFound("telephony is not configured on this server"));
}

std::string isoTime(std::chrono::system_clock::time_point t) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
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
             o["expires_at"] = isoTime(p.expires_at);
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

  router.add(
      {"PUT", "/api/v1/telephony/prompts/{language}/{name}", "replacePrompt",
       Access::anyOf({Role::kAdmin}), [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (!s.telephony) co_return notConfigured();
         const std::string& body = ctx.request.body;
         std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(body.data()),
                                             body.size());
         std::string language(ctx.param("language")), name(ctx.param("name"));
         if (Status st = s.telephony->replacePrompt(language, name, bytes); !st) {
           co_return errorResponse(st);
         }
         for (const auto& p : s.telephony->prompts()) {
           if (p.language == language && p.name == name) {
             co_return jsonResponse(200, json::serialize(json::object{{"language", p.language},
                                                                      {"name", p.name},
                                                                      {"seconds", p.seconds},
                                                                      {"recorded", p.recorded}}));
           }
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
                std::ostringstream data;
                data << in.rdbuf();
                HttpResponse r;
                r.content_type = "audio/wav";
                r.body = data.str();
                co_return r;
              }});
}

}  // namespace luukku::api
