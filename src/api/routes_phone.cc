// Routes for the phone in the browser: the signed-in professional's credential for registering
// their own extension through the WebRTC-SIP gateway (Janus), and, where the server's settings
// enable it, what the development test caller page needs to call a service line.
//
// The credential is the session's: a digest user name and a random secret that Luukku's
// registrar accepts for the agent's extension until the session's absolute expiry, and no
// longer once the session ends, however it ends (PhoneSessions). The secret is in the reply
// only; nothing logs it.
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "api/acting.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "core/time.h"
#include "engine/engine.h"
#include "identity/crypto.h"
#include "ports/telephony_port.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using identity::Role;

namespace {

HttpResponse noBrowserPhone() {
  return errorResponse(notFound("the browser phone is not configured on this server"));
}

// The SIP side as Janus's SIP plugin wants it: the domain of the phone's URI and the proxy
// to send its requests to.
json::object sipTarget(const std::string& address) {
  auto colon = address.rfind(':');
  std::string host = colon == std::string::npos ? address : address.substr(0, colon);
  return {{"domain", host}, {"proxy", "sip:" + address}};
}

}  // namespace

void addPhoneRoutes(Router& router, Services& services) {
  Services& s = services;

  router.add({"POST", "/api/v1/phone/session", "startPhoneSession", Access::anyOf({Role::kAgent}),
              [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
                if (!s.telephony || s.janus_url.empty()) co_return noBrowserPhone();
                const identity::Principal& who = *ctx.principal;
                if (who.kind != identity::Principal::Kind::kSession) {
                  co_return errorResponse(Status{
                      ErrorCode::kPermissionDenied,
                      "a browser phone belongs to a signed-in person's session, not to a token"});
                }
                // Only the person's own agent: nothing in the request names another.
                auto acting = actingAs(who, "");
                if (!acting) co_return errorResponse(acting.status());
                auto issued = s.telephony->issuePhoneCredential(
                    acting->agent_id, "web-" + identity::randomHex(12), identity::randomSecret(24),
                    who.session_hash, who.expires_at);
                if (!issued) co_return errorResponse(issued.status());
                s.phone_sessions->issued(who.session_hash);
                json::object view = sipTarget(s.telephony->sipAddress());
                view["extension"] = issued->extension;
                view["username"] = issued->username;
                view["secret"] = issued->secret;
                view["expires_at"] = formatTimestamp(issued->expires_at);
                view["janus_url"] = s.janus_url;
                co_return jsonResponse(201, json::serialize(view));
              }});

  router.add(
      {"GET", "/api/v1/phone/test-caller", "getTestCaller",
       Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin}),
       [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
         if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
         if (!s.test_caller || !s.telephony || s.janus_url.empty()) {
           co_return errorResponse(notFound("the test caller is not enabled on this server"));
         }
         json::array numbers;
         auto region = s.engine.region();
         for (const auto& [id, line] : region->state.lines()) {
           if (!line.active) continue;
           for (const auto& number : line.phone_numbers) {
             numbers.push_back(json::object{
                 {"number", number},
                 {"line", id},
                 {"name",
                  json::object{{"fi", line.name.fi}, {"sv", line.name.sv}, {"en", line.name.en}}}});
           }
         }
         json::object view = sipTarget(s.telephony->sipAddress());
         view["janus_url"] = s.janus_url;
         view["numbers"] = std::move(numbers);
         co_return jsonResponse(200, json::serialize(view));
       }});
}

}  // namespace luukku::api
