// Owning handles for SQLite's connection and statement objects, shared by the event store and
// the identity store (each holds connections of its own to one database file).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace luukku::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Opens (creating if need be) the database file at `path` for one thread's use.
inline Result<DbPtr> openDatabase(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return unavailable("cannot open SQLite database " + path + ": " +
                       (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  return db;
}

}  // namespace luukku::store::sqlite
