// Assertions shared by the API tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/http_client.h"

namespace luukku::testing {

inline boost::json::value parsed(const RawResponse& r) { return boost::json::parse(r.body); }

// Checks the API's one error shape and returns the error code.
inline std::string errorCode(const RawResponse& r) {
  auto v = boost::json::parse(r.body);
  const auto& error = v.at("error");
  EXPECT_TRUE(error.at("message").is_string());
  EXPECT_FALSE(error.at("message").as_string().empty());
  return std::string(error.at("code").as_string());
}

inline std::string errorMessage(const RawResponse& r) {
  return std::string(boost::json::parse(r.body).at("error").at("message").as_string());
}

// POST with a JSON body.
inline RawResponse postJson(const HttpClient& client, const std::string& path,
                            const boost::json::value& body) {
  return client.request("POST", path, boost::json::serialize(body));
}

inline std::int64_t durableSeq(const HttpClient& client) {
  return boost::json::parse(client.get("/healthz").body).at("durable_seq").as_int64();
}

}  // namespace luukku::testing
