#include "store/test_database.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace luukku::store::testing {
namespace {

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnCloser>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultClearer>;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

class SqliteTestDatabase final : public TestDatabase {
 public:
  explicit SqliteTestDatabase(std::filesystem::path dir)
      : dir_(std::move(dir)), path_((dir_ / "store.db").string()), url_("sqlite:" + path_) {}
  ~SqliteTestDatabase() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  const std::string& url() const override { return url_; }

  Status execDirectly(const std::string& sql) override {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    SqlitePtr db(raw);
    if (rc != SQLITE_OK) return unavailable("cannot open " + path_);
    sqlite3_busy_timeout(db.get(), 5000);
    char* message = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return internalError(text);
    }
    return Status::ok();
  }

  std::string recordSchemaVersionSql(int version) const override {
    return "INSERT INTO schema_migrations (version, description, applied_at) VALUES (" +
           std::to_string(version) + ", 'from a newer Luukku', 0)";
  }

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::string url_;
};

Result<PgConnPtr> connectPostgres(const std::string& url) {
  PgConnPtr conn(PQconnectdb(url.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return unavailable("cannot connect to the test cluster at " + url + ": " +
                       (conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

Status execPostgres(PGconn* conn, const std::string& sql) {
  PgResultPtr result(PQexec(conn, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return internalError(PQresultErrorMessage(result.get()));
  }
  return Status::ok();
}

class PostgresTestDatabase final : public TestDatabase {
 public:
  PostgresTestDatabase(PgConnPtr admin, std::string schema, std::string url)
      : admin_(std::move(admin)), schema_(std::move(schema)), url_(std::move(url)) {}
  ~PostgresTestDatabase() override {
    (void)execPostgres(admin_.get(), "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  const std::string& url() const override { return url_; }

  Status execDirectly(const std::string& sql) override {
    ASSIGN_OR_RETURN(PgConnPtr conn, connectPostgres(url_));
    return execPostgres(conn.get(), sql);
  }

  std::string recordSchemaVersionSql(int version) const override {
    return "INSERT INTO schema_migrations (version, description) VALUES (" +
           std::to_string(version) + ", 'from a newer Luukku')";
  }

 private:
  PgConnPtr admin_;
  std::string schema_;
  std::string url_;
};

// The file (set by ctest, naming the fixture's cluster) wins over a URL from the environment.
Result<std::string> postgresUrl() {
  const char* file = std::getenv("LUUKKU_TEST_PG_URL_FILE");
  if (file == nullptr || *file == '\0') {
    if (const char* url = std::getenv("LUUKKU_TEST_PG_URL"); url && *url) return std::string(url);
    return unavailable(
        "PostgreSQL is not available: set LUUKKU_TEST_PG_URL, or LUUKKU_TEST_PG_URL_FILE to the "
        "url file of `scripts/pg-test-cluster.sh start DIR` (ctest -L store does this)");
  }
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    return unavailable(std::string("PostgreSQL is not available: no URL in ") + file +
                       "; did `scripts/pg-test-cluster.sh start` (the store_postgres_cluster_start "
                       "test) succeed? Is PostgreSQL 15 installed (scripts/install-deps.sh test)?");
  }
  return url;
}

Result<TestDatabasePtr> makeSqlite() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "luukku-store-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return unavailable("cannot create a temp directory");
  return TestDatabasePtr(std::make_unique<SqliteTestDatabase>(pattern));
}

// A schema of its own per test: far quicker than a database per test, and just as empty.
Result<TestDatabasePtr> makePostgres() {
  ASSIGN_OR_RETURN(std::string base, postgresUrl());
  ASSIGN_OR_RETURN(PgConnPtr admin, connectPostgres(base));
  static int counter = 0;
  std::string schema = "store_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  RETURN_IF_ERROR(execPostgres(admin.get(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  RETURN_IF_ERROR(execPostgres(admin.get(), "CREATE SCHEMA " + schema));
  // libpq decodes %3D to '=': options=-csearch_path=<schema>.
  std::string url = base + (base.find('?') == std::string::npos ? "?" : "&") +
                    "options=-csearch_path%3D" + schema;
  return TestDatabasePtr(std::make_unique<PostgresTestDatabase>(std::move(admin), schema, url));
}

}  // namespace

std::string backendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

Result<TestDatabasePtr> makeTestDatabase(Backend backend) {
  return backend == Backend::kSqlite ? makeSqlite() : makePostgres();
}

}  // namespace luukku::store::testing
