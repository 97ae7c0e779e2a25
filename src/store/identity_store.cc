#include "store/identity_store.h"

#include "store/event_store.h"
#include "store/identity_backends.h"

namespace luukku::store {

Result<IdentityStorePtr> openIdentityStore(std::string_view url) {
  ASSIGN_OR_RETURN(StoreLocation where, locateStore(url));
  return where.backend == StoreLocation::kSqlite ? openSqliteIdentityStore(where.target)
                                                 : openPostgresIdentityStore(where.target);
}

}  // namespace luukku::store
