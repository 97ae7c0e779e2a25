// Owning handles for SQLite's connection and statement objects, shared by the event store and
// the identity store (each holds connections of its own to one database file).
#pragma once

#include <sqlite3.h>

#include <memory>

namespace luukku::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

}  // namespace luukku::store::sqlite
