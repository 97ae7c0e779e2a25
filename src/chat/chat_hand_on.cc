// ChatService: handing a chat on — transfer to a line or a colleague, and inviting a colleague.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "chat/chat_service.h"
#include "chat/conversation.h"

namespace luukku::chat {
namespace asio = boost::asio;

// ---- transfer and invite ----------------------------------------------------------------------

namespace {

// Whether `writer` may hand `chat` on now: its holder, while it is live and nothing else is
// being handed on.
Status mayHandOn(const ChatView& chat, const Writer& writer) {
  if (chat.state == ChatState::kEnded) return chatEnded();
  if (chat.state == ChatState::kWaiting) {
    return Status(ErrorCode::kFailedPrecondition, "the chat has not been accepted yet");
  }
  if (writer.visitor || writer.agent_id != chat.agent_id) {
    return Status(ErrorCode::kPermissionDenied,
                  "only the professional who holds the chat hands it on");
  }
  if (!chat.asked_colleague.empty()) {
    return Status(ErrorCode::kAlreadyExists, "a colleague is asked already; wait for their answer");
  }
  return Status::ok();
}

Status colleagueWrites() {
  return Status(ErrorCode::kFailedPrecondition,
                "a colleague writes in the chat: they leave before it is handed on");
}

}  // namespace

std::string ChatService::lineNameOf(const std::string& line_id, const std::string& language) const {
  auto snapshot = engine_.region();
  const core::ServiceLine* line = snapshot->state.findLine(line_id);
  if (!line) return line_id;
  const std::string& name = language == "sv"   ? line->name.sv
                            : language == "en" ? line->name.en
                                               : line->name.fi;
  return name.empty() ? line->name.fi : name;
}

void ChatService::toAgent(const std::string& agent_id, const ChatUpdate& update) {
  for (auto it = desks_.begin(); it != desks_.end();) {
    if (it->second.agent_id == agent_id && !it->second.sink(update)) {
      it = desks_.erase(it);
      desktop_sockets_gauge_.add(-1);
    } else {
      ++it;
    }
  }
}

// The chat left its holder (routing says so): the visitor is told where it went, and the
// desktop it left lets go of it. A colleague who takes it is told by the TellJoined after.
void ChatService::onTransferred(Conversation& chat, const TellTransferred& told) {
  chat.transferring = false;
  ChatUpdate update = ChatUpdate::of(ChatUpdate::Kind::kTransferred, chat.id);
  update.to = told.to;
  if (told.to == "line") {
    chat.line_id = told.line_id;
    chat.professional_name.clear();
    chat.queue.reset();
    update.line_id = told.line_id;
    update.line_name = lineNameOf(told.line_id, chat.language);
  } else {
    update.agent_id = chat.flow.agent_id;
    update.name = firstNameOf(chat.flow.agent_id);
  }
  toVisitors(chat, update);
  toAgent(told.from_agent_id, update);
}

// Ends the question to a colleague, if one is open: it is recorded (while the chat is live),
// the colleague's desktop lets go of it and, when `tell_holder`, the holder hears why.
void ChatService::settleColleague(Conversation& chat, const std::string& reason, bool tell_holder) {
  if (chat.asked_colleague.empty()) return;
  std::string colleague = std::exchange(chat.asked_colleague, {});
  bool invite = std::exchange(chat.asked_to_join, false);
  std::string by = std::exchange(chat.asked_by, {});
  chat.answering = false;
  if (chat.flow.state != ChatState::kEnded) {
    core::ChatEvent event = invite
                                ? core::ChatEvent(core::ChatLeft{colleague, reason})
                                : core::ChatEvent(core::ChatTransferRefused{by, colleague, reason});
    engine::NoteChatColleague note{chat.id, std::move(event), {}};
    engine_.execute(std::move(note), onThread<Timestamp>(context_, [id = chat.id](auto r) {
                      if (!r && r.status().code() != ErrorCode::kNotFound) {
                        spdlog::warn("chat {}: a colleague's answer was not recorded: {}", id,
                                     r.status().message());
                      }
                    }));
  }
  ChatUpdate answer = ChatUpdate::of(ChatUpdate::Kind::kColleagueAnswer, chat.id);
  answer.agent_id = colleague;
  answer.name = firstNameOf(colleague);
  answer.invite = invite;
  answer.reason = reason;
  toAgent(colleague, answer);
  if (tell_holder && !chat.flow.agent_id.empty()) toAgent(chat.flow.agent_id, answer);
}

void ChatService::expireColleagueQuestions(Timestamp now) {
  for (auto& [id, chat] : chats_) {
    if (!chat->asked_colleague.empty() && !chat->answering && chat->asked_until <= now) {
      settleColleague(*chat, "no_answer", true);
    }
  }
}

void ChatService::transferToLine(std::string chat_id, Writer writer, std::string line_id,
                                 Done<HandOn> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        line_id = std::move(line_id), done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (Status may = mayHandOn(viewOf(*chat, INT64_MAX), writer); !may) return done(may);
    if (chat->transferring) {
      return done(Status(ErrorCode::kAlreadyExists, "the chat is being transferred already"));
    }
    if (!chat->colleagues.empty()) return done(colleagueWrites());
    chat->transferring = true;
    engine::TransferChatToLine command{chat_id, writer.agent_id, std::move(line_id), writer.actor};
    engine_.execute(
        std::move(command),
        onThread<engine::ChatHandedOn>(context_, [this, chat_id, done = std::move(done)](auto r) {
          Conversation* live = find(chat_id);
          if (!r || r->refused != engine::HandOnRefusal::kNone) {
            if (live) live->transferring = false;
          }
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          HandOn out;
          out.refused = std::string(engine::handOnRefusalCode(r->refused));
          out.until = r->at;
          if (r->arrival && r->arrival->waiting) {
            out.queue =
                QueueInfo{r->arrival->waiting->position, r->arrival->waiting->estimated_wait};
          }
          done(std::move(out));
        }));
  });
}

void ChatService::askColleague(std::string chat_id, Writer writer, std::string agent_id,
                               bool invite, Done<HandOn> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        agent_id = std::move(agent_id), invite, done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (Status may = mayHandOn(viewOf(*chat, INT64_MAX), writer); !may) return done(may);
    if (chat->transferring) {
      return done(Status(ErrorCode::kAlreadyExists, "the chat is being transferred already"));
    }
    if (!invite && !chat->colleagues.empty()) return done(colleagueWrites());
    if (std::find(chat->colleagues.begin(), chat->colleagues.end(), agent_id) !=
        chat->colleagues.end()) {
      return done(Status(ErrorCode::kAlreadyExists, "the colleague is in the chat already"));
    }
    // Held while the engine checks, so a second question meanwhile is refused.
    chat->asked_colleague = agent_id;
    chat->asked_to_join = invite;
    chat->asked_by = writer.agent_id;
    chat->asked_until = clock_.now() + settings_.colleague_answer_within;
    chat->answering = true;
    engine::OfferChatToColleague command{chat_id, writer.agent_id, agent_id, invite, writer.actor};
    engine_.execute(
        std::move(command),
        onThread<engine::ChatHandedOn>(
            context_, [this, chat_id, agent_id, invite, done = std::move(done)](auto r) {
              Conversation* live = find(chat_id);
              bool made = r && r->refused == engine::HandOnRefusal::kNone;
              if (!live || live->asked_colleague != agent_id) {
                // The chat ended meanwhile (which withdrew the question).
                return done(r ? Result<HandOn>(chatEnded()) : Result<HandOn>(r.status()));
              }
              if (!made) {
                live->asked_colleague.clear();
                live->asked_to_join = false;
                live->asked_by.clear();
                live->answering = false;
                if (!r) {
                  return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
                }
                HandOn refused;
                refused.refused = std::string(engine::handOnRefusalCode(r->refused));
                return done(std::move(refused));
              }
              live->answering = false;
              live->asked_until = r->at + settings_.colleague_answer_within;
              schedule(live->asked_until);
              ChatUpdate asked = ChatUpdate::of(ChatUpdate::Kind::kColleagueAsked, chat_id);
              asked.agent_id = live->flow.agent_id;
              asked.name = live->professional_name;
              asked.invite = invite;
              asked.until = live->asked_until;
              asked.line_id = live->line_id;
              asked.line_name = lineNameOf(live->line_id, "fi");
              toAgent(agent_id, asked);
              HandOn out;
              out.until = live->asked_until;
              done(std::move(out));
            }));
  });
}

void ChatService::answerColleague(std::string chat_id, Writer writer, bool accept,
                                  Done<HandOn> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer), accept,
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (chat->flow.state == ChatState::kEnded) return done(chatEnded());
    if (writer.visitor || chat->asked_colleague.empty() ||
        chat->asked_colleague != writer.agent_id || chat->answering) {
      return done(Status(ErrorCode::kFailedPrecondition, "nothing is asked of you in this chat"));
    }
    if (!accept) {
      settleColleague(*chat, "declined", true);
      return done(HandOn{});
    }
    chat->answering = true;
    if (chat->asked_to_join) {
      engine::NoteChatColleague note{chat_id, core::ChatJoined{writer.agent_id}, writer.actor};
      engine_.execute(std::move(note),
                      onThread<Timestamp>(context_, [this, chat_id, agent_id = writer.agent_id,
                                                     done = std::move(done)](auto r) {
                        Conversation* live = find(chat_id);
                        if (!live || live->flow.state == ChatState::kEnded ||
                            (!r && r.status().code() == ErrorCode::kNotFound)) {
                          return done(chatEnded());
                        }
                        if (!r) {
                          // Routing would not let them in (signed out meanwhile, say): the
                          // chat stays as it was and both hear why.
                          live->answering = false;
                          settleColleague(*live, "unavailable", true);
                          return done(r.status());
                        }
                        live->asked_colleague.clear();
                        live->asked_to_join = false;
                        live->asked_by.clear();
                        live->answering = false;
                        live->colleagues.push_back(agent_id);
                        ChatUpdate joined = ChatUpdate::of(ChatUpdate::Kind::kColleague, chat_id);
                        joined.agent_id = agent_id;
                        joined.name = firstNameOf(agent_id);
                        joined.connected = true;
                        toVisitors(*live, joined);
                        toAgent(live->flow.agent_id, joined);
                        ChatUpdate full = ChatUpdate::of(ChatUpdate::Kind::kChat, chat_id);
                        full.chat = std::make_shared<const ChatView>(viewOf(*live));
                        toAgent(agent_id, full);
                        done(HandOn{});
                      }));
      return;
    }
    engine::HandChatOver command{chat_id, chat->asked_by, writer.agent_id, writer.actor};
    engine_.execute(
        std::move(command),
        onThread<engine::ChatHandedOn>(context_, [this, chat_id, done = std::move(done)](auto r) {
          Conversation* live = find(chat_id);
          if (!live || live->flow.state == ChatState::kEnded) return done(chatEnded());
          if (!r || r->refused != engine::HandOnRefusal::kNone) {
            // It could not be handed over after all: it stays with its holder.
            std::string code =
                r ? std::string(engine::handOnRefusalCode(r->refused)) : std::string("failed");
            live->answering = false;
            settleColleague(*live, "unavailable", true);
            if (!r) return done(r.status());
            HandOn refused;
            refused.refused = std::move(code);
            return done(std::move(refused));
          }
          // Routing's ContactHandedOver makes the colleague the holder (onRouting).
          live->asked_colleague.clear();
          live->asked_to_join = false;
          live->asked_by.clear();
          live->answering = false;
          done(HandOn{});
        }));
  });
}

void ChatService::leaveChat(std::string chat_id, Writer writer, Done<bool> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (chat->flow.state == ChatState::kEnded) return done(chatEnded());
    auto it = std::find(chat->colleagues.begin(), chat->colleagues.end(), writer.agent_id);
    if (writer.visitor || it == chat->colleagues.end()) {
      return done(Status(ErrorCode::kFailedPrecondition, "you are not invited into this chat"));
    }
    engine::NoteChatColleague note{chat_id, core::ChatLeft{writer.agent_id, "left"}, writer.actor};
    engine_.execute(
        std::move(note), onThread<Timestamp>(context_, [this, chat_id, agent_id = writer.agent_id,
                                                        done = std::move(done)](auto r) {
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          Conversation* live = find(chat_id);
          if (!live) return done(true);
          ChatUpdate left = ChatUpdate::of(ChatUpdate::Kind::kColleague, chat_id);
          left.agent_id = agent_id;
          left.name = firstNameOf(agent_id);
          left.connected = false;
          // Told while still a member, so their own desktop lets go too.
          toVisitors(*live, left);
          toProfessional(*live, left);
          std::erase(live->colleagues, agent_id);
          done(true);
        }));
  });
}

}  // namespace luukku::chat
