#include "api/request_body.h"

#include <charconv>

#include "codec/json_reader.h"
#include "core/text.h"

namespace luukku::api {

Result<boost::json::value> jsonBody(const HttpRequest& request) {
  auto type = request.header("content-type");
  if (!type || !(type->starts_with("application/json"))) {
    return invalidArgument("send the body as JSON with Content-Type: application/json");
  }
  if (request.body.empty()) return invalidArgument("the body is empty; expected a JSON object");
  return codec::parseJson(request.body);
}

Status onlyQueryParams(const HttpRequest& request,
                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : request.query) {
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) return invalidArgument("unknown query parameter '" + printable(name) + "'");
  }
  return Status::ok();
}

Result<std::int64_t> intQueryParam(const HttpRequest& request, std::string_view name,
                                   std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto text = request.queryParam(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return invalidArgument("query parameter '" + std::string(name) +
                           "' must be a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max));
  }
  return value;
}

Result<bool> boolQueryParam(const HttpRequest& request, std::string_view name, bool fallback) {
  auto text = request.queryParam(name);
  if (!text) return fallback;
  if (*text == "true") return true;
  if (*text == "false") return false;
  return invalidArgument("query parameter '" + std::string(name) + "' must be true or false");
}

std::optional<std::int64_t> expectedVersion(const boost::json::value& body) {
  const auto* object = body.if_object();
  if (!object) return std::nullopt;
  const auto* v = object->if_contains("version");
  if (!v || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

}  // namespace luukku::api
