#include "api/openapi.h"

namespace luukku::embedded {
extern const std::string_view openapi_json;
}

namespace luukku::api {

std::string_view openApiDocument() { return embedded::openapi_json; }

}  // namespace luukku::api
