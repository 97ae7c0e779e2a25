// The embedded SQLite backend: one file under the data directory, in WAL mode with
// synchronous=FULL, so a committed append survives a crash and a power cut while readers on
// other connections keep reading.
#pragma once

#include <string>

#include "store/event_store.h"

namespace luukku::store {

// Opens (creating if absent) the database at `path`.
Result<EventStorePtr> openSqliteStore(const std::string& path);

}  // namespace luukku::store
