// Helpers shared by handlers for reading request bodies and query strings strictly.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "api/http.h"
#include "codec/json_reader.h"
#include "core/status.h"

namespace luukku::api {

// The body as JSON: requires Content-Type application/json and a well-formed UTF-8 document.
Result<boost::json::value> jsonBody(const HttpRequest& request);

// Fails with kInvalidArgument naming the first query parameter not in `allowed`.
Status onlyQueryParams(const HttpRequest& request, std::initializer_list<std::string_view> allowed);

// An optional integer parameter within [min, max]; `fallback` when absent.
Result<std::int64_t> intQueryParam(const HttpRequest& request, std::string_view name,
                                   std::int64_t fallback, std::int64_t min, std::int64_t max);

// An optional boolean parameter, "true" or "false"; `fallback` when absent.
Result<bool> boolQueryParam(const HttpRequest& request, std::string_view name, bool fallback);

// Reads "version" from a JSON object body when present (the version the writer expects).
std::optional<std::int64_t> expectedVersion(const boost::json::value& body);

// Reads a JSON object body with `read(ObjectReader&, Command&)`; an empty body is an empty
// object for commands whose fields are all optional.
template <typename Command, typename Read>
Result<Command> commandFromBody(const HttpRequest& request, Command command, Read read,
                                bool body_optional = false) {
  boost::json::value body = boost::json::object{};
  if (!(body_optional && request.body.empty())) {
    ASSIGN_OR_RETURN(body, jsonBody(request));
  }
  codec::ObjectReader r(body, "");
  read(r, command);
  RETURN_IF_ERROR(r.finish());
  return command;
}

}  // namespace luukku::api
