#include "store/identity_store.h"

#include "store/event_store.h"
#include "store/identity_backends.h"

namespace luukku::store {

Result<IdentityStorePtr> openIdentityStore(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return invalidArgument("the SQLite store URL needs a file path");
    return openSqliteIdentityStore(path);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return openPostgresIdentityStore(std::string(url));
  }
  return invalidArgument("unsupported store URL '" + redactStoreUrl(url) +
                         "'; use sqlite:<path> or postgresql://...");
}

}  // namespace luukku::store
