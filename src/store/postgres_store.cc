#include "store/postgres_store.h"

namespace luukku::store {

Result<EventStorePtr> openPostgresStore(const std::string&) {
  return unavailable("PostgreSQL support is being written");
}

}  // namespace luukku::store
