// The PostgreSQL backend, for production: the region's system of record, replicated by
// PostgreSQL's own streaming replication. Appends are one transaction each, committed with
// synchronous_commit on, so an acknowledged append is on disk. The writer role is a
// session-level advisory lock, so two Luukku nodes cannot both write one region's log.
#pragma once

#include <string>

#include "store/event_store.h"

namespace luukku::store {

// Connects with a libpq connection URI ("postgresql://user@127.0.0.1:5432/luukku").
Result<EventStorePtr> openPostgresStore(const std::string& url);

}  // namespace luukku::store
