// The two IdentityStore backends; openIdentityStore() picks one by URL.
#pragma once

#include <string>

#include "store/identity_store.h"

namespace luukku::store {

Result<IdentityStorePtr> openSqliteIdentityStore(const std::string& path);
Result<IdentityStorePtr> openPostgresIdentityStore(const std::string& url);

}  // namespace luukku::store
