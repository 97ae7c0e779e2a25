// The API's route tables, grouped by subject. Each add*Routes() registers its routes with
// their operation ids, which docs/openapi.json must describe (a test checks both ways).
#pragma once

#include "api/router.h"
#include "api/services.h"

namespace luukku::api {

// /api/v1/service-lines, /api/v1/agents, /api/v1/region
void addRegionRoutes(Router& router, Services& services);
// /api/v1/presence, /api/v1/agents/{id}/..., /api/v1/contacts, /api/v1/queues,
// /api/v1/service-lines/{id}/hours, /api/v1/tasks
void addRoutingRoutes(Router& router, Services& services);
// GET /api/v1/contacts?number=, POST /api/v1/contacts/{id}/log: the customer card;
// GET /api/v1/calls/{id}/events: a call's stream, for a desktop loaded during the call
void addContactCardRoutes(Router& router, Services& services);
// /healthz, /metrics, /api/v1/openapi.json, /api/v1/events
void addSystemRoutes(Router& router, Services& services);
// /api/v1/telephony/...: phones, prompts, voice messages
void addTelephonyRoutes(Router& router, Services& services);
// /api/v1/phone/...: the browser phone's credential, the development test caller
void addPhoneRoutes(Router& router, Services& services);
// /api/v1/calls, /api/v1/tasks/{id}/call-back: professionals' outgoing calls
void addCallRoutes(Router& router, Services& services);
// /api/v1/auth/...: sign-in, sign-out, the caller's session, single sign-on
void addAuthRoutes(Router& router, Services& services);
// /api/v1/auth/methods: which ways of signing in this server offers
void addAuthMethodRoutes(Router& router, Services& services);
// /api/v1/users, /api/v1/tokens, /api/v1/audit-log (admin)
void addUserRoutes(Router& router, Services& services);
// /api/v1/access-log/query (registrar)
void addAccessLogRoutes(Router& router, Services& services);

// /api/v1/chat/... (visitors: lines, start, the chat socket) and /api/v1/chats/...,
// /api/v1/agents/{id}/chats/feed (professionals)
void addChatRoutes(Router& router, Services& services);
// /api/v1/chat/identification/... (a chat's visitor identifies) and
// /api/v1/chats/{id}/identification-request, /identity (the professional who holds the chat)
void addChatIdentificationRoutes(Router& router, Services& services);
// /api/v1/chat/on-behalf/options and /api/v1/chat/on-behalf (an identified visitor acts for a
// child in their custody or an adult who gave them a mandate)
void addChatOnBehalfRoutes(Router& router, Services& services);
// /api/v1/chat/{chat_id}/files (the visitor) and /api/v1/chats/{id}/files (professionals):
// files sent in a chat, both ways; called by addChatRoutes
void addChatFileRoutes(Router& router, Services& services);
// /api/v1/chats/{id}/transfer, /invite, /colleague/accept|decline, /leave: handing a chat on
// to a line or a colleague, and inviting one; called by addChatRoutes
void addChatTransferRoutes(Router& router, Services& services);
// /api/v1/clickbot/trees/... (admin: drafts, versions, publishing) and /api/v1/chat/clickbot
// (visitors: the live tree)
void addClickbotRoutes(Router& router, Services& services);

// /api/v1/reports/...: calls by outcome, the drill-down, response times, callbacks, peak hours,
// per professional and today (supervisors; a professional their own figures)
void addReportRoutes(Router& router, Services& services);

// The complete table.
Router buildRouter(Services& services);

}  // namespace luukku::api
