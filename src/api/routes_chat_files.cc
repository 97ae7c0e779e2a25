// Files in chats, both ways (docs/chat.md, "Files"). The visitor, who does not sign in, proves
// the chat with its token (`Authorization: Bearer <token>`, as the socket's hello does); a
// professional acts on a chat they hold, or a supervisor on their behalf (chat_access.h).
//
// A file arrives as the raw body, its name and client_id in the query. It goes through the
// intake (attachments/intake.h: size, type by its bytes, virus scan when configured, pictures
// without metadata, stored outside the database) on the blocking pool, then becomes a message
// of the chat carrying it. A file that never becomes a message — refused, or the chat ended
// meanwhile, or a resend of one already sent — is removed again.
//
// Served only to the chat's visitor and to the professional who holds it (or a supervisor),
// as what its bytes are, inline for pictures and as a download otherwise, in a sandbox that
// runs nothing; a file id of another chat is not found, like an unknown one.
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <tuple>

#include "api/access_logging.h"
#include "api/authorize.h"
#include "api/chat_access.h"
#include "api/chat_json.h"
#include "api/from_callback.h"
#include "api/request_body.h"
#include "api/routes.h"
#include "attachments/file_name.h"
#include "attachments/intake.h"
#include "concurrency/blocking_pool.h"
#include "core/text.h"
#include "identity/identity.h"

namespace luukku::api {
namespace asio = boost::asio;
namespace json = boost::json;
using attachments::IntakeStep;
using identity::Role;

namespace {

const Access kStaff = Access::anyOf({Role::kAgent, Role::kSupervisor, Role::kAdmin});
// The visitor's token is not a staff credential: the routes read it themselves.
const Access kVisitor = Access::signIn();

HttpResponse noFiles() {
  return errorResponse(503, "unavailable", "files are not received on this server");
}

HttpResponse fileNotFound() {
  return errorResponse(404, "not_found", "no such file in this chat");
}

// The chat of a visitor's request: 404 for an unknown chat, a wrong token and no token alike
// (the routes are public: no credential is refused as such, and ids cannot be probed).
asio::awaitable<Result<chat::ChatView>> visitorChat(chat::ChatService& service,
                                                    const RequestContext& ctx) {
  // Read as a staff token would be (authorize.h); here it is the chat's. None hashes to no
  // chat's token hash.
  std::string token(credentialsOf(ctx.request).bearer_token);
  auto ids = std::make_shared<const std::pair<std::string, std::string>>(
      std::string(ctx.param("chat_id")), std::move(token));
  auto get = [&service, ids](chat::Done<chat::ChatView> done) {
    service.visitorView(ids->first, ids->second, std::move(done));
  };
  co_return co_await fromCallback<Result<chat::ChatView>>(std::move(get));
}

struct Upload {
  std::string client_id;
  std::string name;  // as sent; cleaned once the file's type is known
};

Result<Upload> uploadOf(const HttpRequest& request) {
  RETURN_IF_ERROR(onlyQueryParams(request, {"name", "client_id"}));
  Upload up{std::string(request.queryParam("client_id").value_or("")),
            std::string(request.queryParam("name").value_or(""))};
  if (up.client_id.empty() || up.client_id.size() > 128) {
    return invalidArgument("client_id is 1 to 128 characters");
  }
  if (up.name.size() > 1024) return invalidArgument("name is at most 1024 bytes");
  return up;
}

// What the intake's refusal means to the sender.
HttpResponse intakeRefusal(const Status& st, IntakeStep step, const std::string& chat_id) {
  switch (step) {
    case IntakeStep::kSize:
      return errorResponse(413, "too_large", st.message());
    case IntakeStep::kType:
      return errorResponse(415, "unsupported_type", st.message());
    case IntakeStep::kScan:
      if (st.code() == ErrorCode::kUnavailable) {
        spdlog::error("chat {}: a file was not accepted: the virus scanner did not answer: {}",
                      chat_id, st.message());
        return errorResponse(503, "scanner_unavailable",
                             "files cannot be checked for viruses now; try again later");
      }
      // The scanner's find, never the file's name or contents: the log holds no personal data.
      spdlog::warn("chat {}: a file was refused: {}", chat_id, st.message());
      return errorResponse(422, "infected", st.message());
    case IntakeStep::kMetadata:
      return errorResponse(422, "damaged", "the picture is damaged: " + st.message());
    case IntakeStep::kStore:
      spdlog::error("chat {}: a file could not be stored: {}", chat_id, st.message());
      return errorResponse(503, "unavailable", "the file could not be stored; try again later");
  }
  return errorResponse(st);
}

// Runs `upload`'s body through the intake and posts it to the chat as `writer`.
asio::awaitable<HttpResponse> receive(Services& s, const RequestContext& ctx, std::string chat_id,
                                      chat::Writer writer) {
  auto upload = uploadOf(ctx.request);
  if (!upload) co_return errorResponse(upload.status());
  if (ctx.request.body.empty()) co_return errorResponse(422, "empty", "the file is empty");
  const attachments::AttachmentIntake& intake = *s.chat_files;
  IntakeStep step{};
  auto accept = [&intake, &ctx, &step] { return intake.accept(ctx.request.body, &step); };
  auto accepted = co_await s.blocking.run(std::move(accept), asio::use_awaitable);
  if (!accepted) co_return intakeRefusal(accepted.status(), step, chat_id);
  auto file = std::make_shared<const core::ChatAttachment>(core::ChatAttachment{
      accepted->id, attachments::safeFileName(upload->name, accepted->type.extension),
      std::string(accepted->type.media_type), static_cast<std::int64_t>(accepted->size)});
  chat::ChatService& service = *s.chat;
  auto args = std::make_shared<const std::tuple<std::string, chat::Writer, std::string>>(
      chat_id, std::move(writer), upload->client_id);
  auto send = [&service, args, file](chat::Done<chat::Posted> done) {
    service.sendFile(std::get<0>(*args), std::get<1>(*args), std::get<2>(*args), *file,
                     std::move(done));
  };
  auto posted = co_await fromCallback<Result<chat::Posted>>(std::move(send));
  const bool kept =
      posted && posted->message.attachment && posted->message.attachment->id == file->id;
  if (!kept) {
    // Refused (the chat ended meanwhile), or a resend answered with the message sent before.
    auto remove = [&intake, file] { return intake.store().remove(file->id); };
    Status removed = co_await s.blocking.run(std::move(remove), asio::use_awaitable);
    if (!removed) spdlog::warn("chat {}: a file not sent stays: {}", chat_id, removed.message());
  }
  if (!posted) co_return chatError(posted.status());
  json::object view = chatMessageJson(posted->message);
  view.erase("type");
  co_return jsonResponse(201, json::serialize(view));
}

Handler visitorUpload(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    if (!s.chat_files) co_return noFiles();
    auto chat = co_await visitorChat(*s.chat, ctx);
    if (!chat) co_return errorResponse(chat.status());
    if (chat->state == chat::ChatState::kEnded) {
      co_return chatError(Status(ErrorCode::kConflict, "the chat has ended"));
    }
    if (!s.chat->admitVisitorMessage(chat->chat_id, ctx.request.remote_address)) {
      co_return errorResponse(429, "rate_limited", "too many messages; try again in a moment");
    }
    std::string chat_id = chat->chat_id;
    co_return co_await receive(s, ctx, std::move(chat_id), chat::Writer::theVisitor());
  };
}

Handler professionalUpload(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat_files) co_return noFiles();
    auto act = [&s, &ctx](chat::ChatService&, std::string id,
                          chat::Writer writer) -> asio::awaitable<HttpResponse> {
      co_return co_await receive(s, ctx, std::move(id), std::move(writer));
    };
    co_return co_await onHeldChat(s, ctx, std::move(act));
  };
}

const core::ChatAttachment* findFile(const chat::ChatView& chat, std::string_view file_id) {
  for (const chat::Message& m : chat.messages) {
    if (m.attachment && m.attachment->id == file_id) return &*m.attachment;
  }
  return nullptr;
}

// The file's bytes, served as what they are and so that a browser runs nothing in them.
asio::awaitable<HttpResponse> serve(Services& s, const core::ChatAttachment& file) {
  const attachments::AttachmentIntake& intake = *s.chat_files;
  std::string id = file.id;
  auto read = [&intake, id] { return intake.store().read(id); };
  auto bytes = co_await s.blocking.run(std::move(read), asio::use_awaitable);
  if (!bytes && bytes.status().code() == ErrorCode::kNotFound) co_return fileNotFound();
  if (!bytes) co_return errorResponse(bytes.status());
  // Typed by the bytes served, not by what the log says: only the kinds the intake lets in.
  auto type = attachments::detectFileType(*bytes);
  if (!type) co_return errorResponse(500, "internal", "a stored file is not of a served kind");
  HttpResponse r;
  r.content_type = std::string(type->media_type);
  r.body = std::move(*bytes);
  const std::string_view disposition = type->image ? "inline" : "attachment";
  r.withHeader("Content-Disposition", attachments::contentDisposition(disposition, file.file_name))
      .withHeader("Content-Security-Policy", "sandbox; default-src 'none'")
      .withHeader("Cache-Control", "private, no-store");
  co_return r;
}

Handler visitorDownload(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    if (!s.chat_files) co_return noFiles();
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    auto chat = co_await visitorChat(*s.chat, ctx);
    if (!chat) co_return errorResponse(chat.status());
    const core::ChatAttachment* file = findFile(*chat, ctx.param("file_id"));
    if (!file) co_return fileNotFound();
    co_return co_await serve(s, *file);
  };
}

Handler professionalDownload(Services& s) {
  return [&s](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    if (!s.chat) co_return noChat();
    if (!s.chat_files) co_return noFiles();
    if (Status st = onlyQueryParams(ctx.request, {}); !st) co_return errorResponse(st);
    std::string id(ctx.param("id"));
    auto chat = co_await viewOf(*s.chat, std::move(id));
    if (!chat) co_return errorResponse(chat.status());
    if (Status may = mayReadChat(*ctx.principal, *chat); !may) co_return errorResponse(may);
    const core::ChatAttachment* file = findFile(*chat, ctx.param("file_id"));
    if (!file) co_return fileNotFound();
    identity::AccessEntry entry{"customer:" + chat->chat_id, "chat_file", file->id, "chat"};
    Status logged = co_await recordAccess(s, ctx, std::move(entry));
    if (!logged) co_return errorResponse(logged);
    co_return co_await serve(s, *file);
  };
}

}  // namespace

void addChatFileRoutes(Router& router, Services& services) {
  // A file's body may be as large as the intake takes; every other route keeps the server's
  // small limit.
  const std::size_t limit = services.chat_files ? services.chat_files->maxBytes() : 0;
  router.add({"POST", "/api/v1/chat/{chat_id}/files", "sendVisitorChatFile", kVisitor,
              visitorUpload(services), limit});
  router.add({"GET", "/api/v1/chat/{chat_id}/files/{file_id}", "getVisitorChatFile", kVisitor,
              visitorDownload(services)});
  router.add({"POST", "/api/v1/chats/{id}/files", "sendChatFile", kStaff,
              professionalUpload(services), limit});
  router.add({"GET", "/api/v1/chats/{id}/files/{file_id}", "getChatFile", kStaff,
              professionalDownload(services)});
}

}  // namespace luukku::api
