// The store's schema history. A migration is never edited once released; changes are new
// migrations. Each has the SQL for both backends.
#pragma once

#include <span>
#include <string_view>

namespace luukku::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

std::span<const Migration> allMigrations();

// The schema of SQLite's roll-up file (store/report_store.h), which keeps a history of its own.
std::span<const Migration> rollUpSchema();

}  // namespace luukku::store
