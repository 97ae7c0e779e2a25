// The OpenAPI 3 document describing every route, compiled in from docs/openapi.json.
#pragma once

#include <string_view>

namespace luukku::api {

std::string_view openApiDocument();

}  // namespace luukku::api
