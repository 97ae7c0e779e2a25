#include "api/http.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace luukku::api {

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::queryParam(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

HttpResponse jsonResponse(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

int httpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kFailedPrecondition: return 412;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

HttpResponse errorResponse(int http_status, std::string_view code, std::string_view message) {
  boost::json::object error{{"code", code}, {"message", message}};
  return jsonResponse(http_status, boost::json::serialize(boost::json::object{{"error", error}}));
}

HttpResponse errorResponse(const Status& status) {
  return errorResponse(httpStatusFor(status.code()), errorCodeName(status.code()),
                       status.message());
}

}  // namespace luukku::api
