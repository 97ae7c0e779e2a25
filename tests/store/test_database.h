// TestDatabase: a fresh, empty place for one test's store, on either backend.
//
// SQLite gets a new temporary directory; PostgreSQL gets a new schema in the test cluster's
// database (the store's URL sets search_path to it), dropped again when the TestDatabase is
// destroyed. The PostgreSQL URL comes from LUUKKU_TEST_PG_URL, or from the file named by
// LUUKKU_TEST_PG_URL_FILE (written by scripts/pg-test-cluster.sh; ctest sets this).
//
// Thread-safety: not thread-safe; one per test.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace luukku::store::testing {

enum class Backend { kSqlite, kPostgres };

// "sqlite" or "postgresql", as EventStore::backendName() says.
std::string backendName(Backend backend);

class TestDatabase {
 public:
  virtual ~TestDatabase() = default;

  // The URL to give openStore(); it names the same store every time.
  virtual const std::string& url() const = 0;
  // Runs SQL on the store's database over a connection of its own, bypassing EventStore, as
  // an operator with a SQL console could.
  virtual Status execDirectly(const std::string& sql) = 0;
  // SQL that records `version` in schema_migrations (its columns differ by backend).
  virtual std::string recordSchemaVersionSql(int version) const = 0;
};

using TestDatabasePtr = std::unique_ptr<TestDatabase>;

// Fails, saying why, when the backend cannot be reached: PostgreSQL tests fail rather than
// skip when the cluster is missing.
Result<TestDatabasePtr> makeTestDatabase(Backend backend);

}  // namespace luukku::store::testing
