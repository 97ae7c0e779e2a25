// ChatService: identification of a chat's visitor, and their acting on another's behalf.
#include <boost/asio/post.hpp>

#include "chat/chat_service.h"
#include "chat/conversation.h"
#include "identity/crypto.h"

namespace luukku::chat {
namespace asio = boost::asio;

// ---- identification ----------------------------------------------------------------------------

void ChatService::askIdentification(std::string chat_id, Writer writer, Done<bool> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (writer.visitor) return done(invalidArgument("only a professional asks for identification"));
    if (Status may = mayWrite(viewOf(*chat, INT64_MAX), writer); !may) return done(may);
    if (!chat->identity_code_sealed.empty()) {
      return done(Status(ErrorCode::kAlreadyExists, "the visitor has identified already"));
    }
    if (chat->identification == "anonymous") {
      return done(Status(ErrorCode::kFailedPrecondition,
                         "this chat's line does not identify its visitors"));
    }
    engine::AskChatIdentification command{chat_id, core::ChatIdentificationAsked{writer.agent_id},
                                          writer.actor};
    engine_.execute(
        std::move(command),
        onThread<std::int64_t>(context_, [this, chat_id, done = std::move(done)](auto r) {
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          Conversation* live = find(chat_id);
          if (!live) return done(chatEnded());
          live->identification_asked = true;
          auto asked = ChatUpdate::of(ChatUpdate::Kind::kIdentificationAsked, chat_id);
          toVisitors(*live, asked);
          toProfessional(*live, asked);
          done(true);
        }));
  });
}

void ChatService::identify(std::string chat_id, core::ChatIdentified identified, Done<bool> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), identified = std::move(identified),
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (chat->flow.state == ChatState::kEnded) return done(chatEnded());
    if (!chat->identity_code_sealed.empty()) {
      return done(Status(ErrorCode::kAlreadyExists, "the visitor has identified already"));
    }
    std::string name = identified.person_name;
    std::string sealed = identified.identity_code_sealed;
    engine::IdentifyChat command{chat_id, std::move(identified), {}};
    engine_.execute(
        std::move(command),
        onThread<Timestamp>(context_, [this, chat_id, name = std::move(name),
                                       sealed = std::move(sealed), done = std::move(done)](auto r) {
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          Conversation* live = find(chat_id);
          if (!live) return done(chatEnded());
          live->identified_name = name;
          live->identity_code_sealed = sealed;
          auto update = ChatUpdate::of(ChatUpdate::Kind::kIdentified, chat_id);
          update.name = name;
          toVisitors(*live, update);
          toProfessional(*live, update);
          done(true);
        }));
  });
}

void ChatService::identityOf(std::string chat_id, Writer writer, Done<SealedIdentity> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        done = std::move(done)] {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (writer.visitor || writer.agent_id != chat->flow.agent_id) {
      return done(Status(ErrorCode::kPermissionDenied,
                         "only the professional who holds the chat sees who the visitor is"));
    }
    if (chat->identity_code_sealed.empty()) {
      return done(Status(ErrorCode::kFailedPrecondition, "the visitor has not identified"));
    }
    done(SealedIdentity{chat->identified_name, chat->identity_code_sealed, chat->on_behalf_name,
                        chat->principal_code_sealed, chat->on_behalf_basis});
  });
}

// ---- on behalf ---------------------------------------------------------------------------------

namespace {

bool tokenMatches(const std::string& token, const std::string& token_hash) {
  return identity::constantTimeEquals(identity::secretHash(token), token_hash);
}

}  // namespace

void ChatService::ownIdentity(std::string chat_id, std::string token, Done<SealedIdentity> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), token = std::move(token),
                        done = std::move(done)] {
    Conversation* chat = find(chat_id);
    // The same answer for an unknown id and a wrong token, as visitorView gives.
    if (!chat || !tokenMatches(token, chat->token_hash)) return done(unknownChat());
    if (chat->identity_code_sealed.empty()) {
      return done(Status(ErrorCode::kFailedPrecondition, "the visitor has not identified"));
    }
    done(SealedIdentity{chat->identified_name, chat->identity_code_sealed, chat->on_behalf_name,
                        chat->principal_code_sealed, chat->on_behalf_basis});
  });
}

void ChatService::actOnBehalf(std::string chat_id, std::string token, core::ChatOnBehalf on_behalf,
                              Done<bool> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), token = std::move(token),
                        on_behalf = std::move(on_behalf), done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat || !tokenMatches(token, chat->token_hash)) return done(unknownChat());
    if (chat->flow.state == ChatState::kEnded) return done(chatEnded());
    if (chat->identity_code_sealed.empty()) {
      return done(Status(ErrorCode::kFailedPrecondition, "the visitor has not identified"));
    }
    if (!chat->on_behalf_name.empty()) {
      return done(Status(ErrorCode::kAlreadyExists, "the visitor acts for someone already"));
    }
    core::ChatOnBehalf kept = on_behalf;
    engine::ActOnBehalfInChat command{chat_id, std::move(on_behalf), {}};
    engine_.execute(
        std::move(command), onThread<Timestamp>(context_, [this, chat_id, kept = std::move(kept),
                                                           done = std::move(done)](auto r) {
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          Conversation* live = find(chat_id);
          if (!live) return done(chatEnded());
          live->on_behalf_name = kept.principal_name;
          live->on_behalf_basis = kept.basis;
          live->principal_code_sealed = kept.principal_code_sealed;
          auto update = ChatUpdate::of(ChatUpdate::Kind::kOnBehalf, chat_id);
          update.name = kept.principal_name;
          update.basis = kept.basis;
          toVisitors(*live, update);
          toProfessional(*live, update);
          done(true);
        }));
  });
}

}  // namespace luukku::chat
