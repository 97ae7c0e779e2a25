// The HTTP request and response as handlers see them, free of any networking library, so
// handlers and their tests compile without Boost.Beast.
//
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace luukku::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, without the query: "/api/v1/service-lines/neuvola"
  std::multimap<std::string, std::string, std::less<>> query;  // decoded parameters
  std::vector<std::pair<std::string, std::string>> headers;    // names lowercased
  std::string body;
  std::string remote_address;
  // When the whole request had been read (luukku_http_request_seconds starts there too).
  std::chrono::steady_clock::time_point read_at{};

  // The first header with this (lowercase) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // The first query parameter with this name.
  std::optional<std::string_view> queryParam(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  HttpResponse& withHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A JSON body with the given status.
HttpResponse jsonResponse(int status, std::string body);

// The one error shape of the API: {"error":{"code":"not_found","message":"..."}}, with the
// HTTP status that matches the error code.
HttpResponse errorResponse(const Status& status);
HttpResponse errorResponse(int http_status, std::string_view code, std::string_view message);

// The HTTP status for an error code (404 for kNotFound, 409 for kConflict, ...).
int httpStatusFor(ErrorCode code);

}  // namespace luukku::api
