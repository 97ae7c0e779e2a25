// The chat service's own record of one live chat, and the checks its request handlers share.
// Internal to chat/: chat_service.cc (the core: start, messages, routing, time),
// chat_identity.cc (identification and acting on another's behalf) and chat_hand_on.cc
// (transfer and invite) define ChatService's members over it.
//
// Thread-safety: the chat thread only, as every member of Conversation.
#pragma once

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chat/chat_flow.h"
#include "chat/chat_service.h"

namespace luukku::chat {

struct ChatService::Conversation {
  std::string id;
  std::string line_id;
  std::string language;
  std::string visitor_name;
  std::vector<std::string> path;
  std::string token_hash;
  Timestamp started_at;
  FlowState flow;
  std::string professional_name;
  std::vector<Message> messages;
  std::map<std::uint64_t, Sink> visitors;
  std::optional<QueueInfo> queue;
  std::int64_t visitor_read = 0;
  std::int64_t professional_read = 0;
  std::string ended_by;
  std::string ended_reason;
  std::optional<Timestamp> ended_at;
  // Callers of end() waiting for the end to be durable.
  std::vector<Done<ChatView>> ending;
  std::string identification = "anonymous";
  std::string identified_name;
  std::string identity_code_sealed;  // empty: not identified
  bool identification_asked = false;
  std::string on_behalf_name;  // empty: the visitor acts for themselves
  std::string on_behalf_basis;
  std::string principal_code_sealed;
  // Transfer and invite: colleagues writing alongside the holder, a colleague asked (offered
  // the chat, or invited) until `asked_until` by `asked_by`, and a handing on in flight.
  std::vector<std::string> colleagues;
  std::string asked_colleague;
  bool asked_to_join = false;
  std::string asked_by;
  Timestamp asked_until;
  bool answering = false;     // the colleague's acceptance is with the engine
  bool transferring = false;  // a transfer to a line is with the engine
};

Status unknownChat();
Status chatEnded();

// Whether `writer` may write to `chat` now.
Status mayWrite(const ChatView& chat, const Writer& writer);

// The engine's completion, run on the chat thread.
template <typename Reply, typename F>
auto onThread(boost::asio::io_context& context, F f) {
  return boost::asio::bind_executor(
      context.get_executor(), [f = std::move(f)](Result<Reply> r) mutable { f(std::move(r)); });
}

}  // namespace luukku::chat
