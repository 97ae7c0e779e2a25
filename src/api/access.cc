#include "api/access.h"

namespace luukku::api {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::kAgent: return "agent";
    case Role::kSupervisor: return "supervisor";
    case Role::kAdmin: return "admin";
    case Role::kRegistrar: return "registrar";
  }
  return "agent";
}

}  // namespace luukku::api
