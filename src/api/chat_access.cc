#include "api/chat_access.h"

#include <algorithm>
#include <memory>

#include "api/from_callback.h"

namespace luukku::api {
namespace asio = boost::asio;

HttpResponse noChat() {
  return errorResponse(503, "unavailable", "chat is not running on this server");
}

HttpResponse chatError(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kConflict:
      return errorResponse(409, "ended", s.message());
    case ErrorCode::kFailedPrecondition:
      return errorResponse(409, "not_accepted", s.message());
    default:
      return errorResponse(s);
  }
}

asio::awaitable<Result<chat::ChatView>> viewOf(chat::ChatService& service, std::string id) {
  auto shared = std::make_shared<const std::string>(std::move(id));
  auto get = [&service, shared](chat::Done<chat::ChatView> done) {
    service.view(*shared, std::move(done));
  };
  co_return co_await fromCallback<Result<chat::ChatView>>(std::move(get));
}

Result<Acting> actingOnChat(const identity::Principal& principal, const chat::ChatView& chat) {
  if (chat.state == chat::ChatState::kWaiting) {
    return Status(ErrorCode::kFailedPrecondition, "the chat has not been accepted yet");
  }
  if (mayActForOthers(principal)) return actingAs(principal, chat.agent_id);
  ASSIGN_OR_RETURN(Acting acting, actingAs(principal, ""));
  // A colleague invited into the chat writes in it as themselves.
  bool colleague = std::find(chat.colleagues.begin(), chat.colleagues.end(), acting.agent_id) !=
                   chat.colleagues.end();
  if (acting.agent_id != chat.agent_id && !colleague) {
    return Status(ErrorCode::kPermissionDenied, "the chat is held by another professional");
  }
  return acting;
}

Status mayReadChat(const identity::Principal& principal, const chat::ChatView& chat) {
  const bool holder = !chat.agent_id.empty() && principal.agent_id == chat.agent_id;
  const bool colleague =
      !principal.agent_id.empty() && std::find(chat.colleagues.begin(), chat.colleagues.end(),
                                               principal.agent_id) != chat.colleagues.end();
  if (holder || colleague || mayActForOthers(principal)) return Status::ok();
  return Status(ErrorCode::kPermissionDenied,
                "only the professional who holds the chat or a supervisor may read it");
}

}  // namespace luukku::api
