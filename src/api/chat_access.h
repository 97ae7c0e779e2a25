// What the professionals' chat routes share (routes_chat.cc, routes_chat_files.cc): reading a
// chat from the chat service, who may act on it, and the refusals the chat contract names.
//
// Who may act on a chat: the agent who holds it, or a supervisor or administrator on their
// behalf (the events then name both, api/acting.h).
//
// Thread-safety: the functions hold no state; the coroutines run on the caller's executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "api/acting.h"
#include "api/http.h"
#include "api/router.h"
#include "api/services.h"
#include "chat/chat_service.h"

namespace luukku::api {

// 503: the server runs without chat.
HttpResponse noChat();
// The chat refusals the contract names (409 `ended`, 409 `not_accepted`); other errors as the
// API's own.
HttpResponse chatError(const Status& s);

// The chat `id` as the chat service holds it.
boost::asio::awaitable<Result<chat::ChatView>> viewOf(chat::ChatService& service, std::string id);

// The agent a professional's request on `chat` acts as: the holder, for a principal who may
// act for others; otherwise the principal's own agent, who must hold it.
Result<Acting> actingOnChat(const identity::Principal& principal, const chat::ChatView& chat);

// Whether `principal` may read `chat` in full (its messages and files): the agent who holds
// it, or a supervisor or administrator, also while nobody holds it yet.
Status mayReadChat(const identity::Principal& principal, const chat::ChatView& chat);

// What a professional does on a chat they hold, once the chat is known to be live and theirs
// (or theirs to act on): `act(service, chat id, writer)` answers.
template <typename Act>
boost::asio::awaitable<HttpResponse> onHeldChat(Services& s, RequestContext& ctx, Act act) {
  if (!s.chat) co_return noChat();
  std::string id(ctx.param("id"));
  auto chat = co_await viewOf(*s.chat, std::move(id));
  if (!chat) co_return errorResponse(chat.status());
  if (chat->state == chat::ChatState::kEnded) {
    co_return chatError(Status(ErrorCode::kConflict, "the chat has ended"));
  }
  auto acting = actingOnChat(*ctx.principal, *chat);
  if (!acting) co_return chatError(acting.status());
  chat::Writer writer = chat::Writer::professional(acting->agent_id, acting->actor);
  std::string chat_id = chat->chat_id;
  co_return co_await act(*s.chat, std::move(chat_id), std::move(writer));
}

}  // namespace luukku::api
