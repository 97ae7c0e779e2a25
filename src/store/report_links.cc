#include "store/report_links.h"

#include <sqlite3.h>

#include <charconv>
#include <map>

#include "store/migrations.h"
#include "store/postgres_support.h"
#include "store/report_store.h"
#include "store/sqlite_handles.h"
#include "store/sqlite_write_gate.h"

namespace luukku::store::report_sql {
namespace {

class SqliteLink final : public Link {
 public:
  SqliteLink(sqlite::DbPtr db, const std::string& path)
      : db_(std::move(db)), path_(path), write_gate_(sqlite::writeGateFor(path)) {}

  Status init() {
    sqlite3_busy_timeout(db_.get(), 5000);
    RETURN_IF_ERROR(plain("PRAGMA journal_mode=WAL"));
    // Every table of this file is folded from the event log and records, in the same
    // transaction, the seq it reached; so a commit lost to a power cut only takes the roll-ups
    // back to an earlier seq, from which they resume. They need not wait for the disk.
    RETURN_IF_ERROR(plain("PRAGMA synchronous=NORMAL"));
    // In WAL mode with NORMAL the disk is waited for only at a checkpoint, which writes the
    // WAL's pages into the file and syncs both. At SQLite's default (every 1,000 pages) those
    // syncs, a few a second while the follower caught up, stalled the log's own commits on the
    // same disk; every 20,000 pages (an 80 MB WAL, kept at that size) they are rare.
    RETURN_IF_ERROR(plain("PRAGMA wal_autocheckpoint=20000"));
    return migrate();
  }

  // Brings the file's schema up to rollUpSchema(), counted in its user_version.
  Status migrate() {
    const auto schema = rollUpSchema();
    const int latest = schema.back().version;
    return transaction("migrating the roll-ups", [&]() -> Status {
      ASSIGN_OR_RETURN(auto rows, query("PRAGMA user_version", {}, "reading the roll-ups' schema"));
      const int current = rows.empty() ? 0 : static_cast<int>(std::stoll(rows[0][0].value_or("0")));
      if (current > latest) {
        return Status(ErrorCode::kFailedPrecondition,
                      "the roll-up file " + path_ + " was made by a newer Luukku (schema " +
                          std::to_string(current) + "); remove it to rebuild the roll-ups");
      }
      for (const Migration& m : schema) {
        if (m.version > current) RETURN_IF_ERROR(plain(std::string(m.sqlite_sql).c_str()));
      }
      if (current == latest) return Status::ok();
      return plain(("PRAGMA user_version = " + std::to_string(latest)).c_str());
    });
  }

  Result<std::int64_t> execute(const std::string& sql, const std::vector<Cell>& args,
                               std::string_view doing) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s, bound(sql, args, doing));
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return error(doing);
    return static_cast<std::int64_t>(sqlite3_changes(db_.get()));
  }

  Result<std::vector<Row>> query(const std::string& sql, const std::vector<Cell>& args,
                                 std::string_view doing) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s, bound(sql, args, doing));
    std::vector<Row> rows;
    int rc;
    const int columns = sqlite3_column_count(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      Row row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) {
          row.emplace_back();
        } else {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          row.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return error(doing);
    return rows;
  }

  Status transaction(std::string_view /*doing*/, const std::function<Status()>& body) override {
    std::lock_guard gate(*write_gate_);
    RETURN_IF_ERROR(plain("BEGIN IMMEDIATE"));
    Status status = body();
    if (status.isOk()) status = plain("COMMIT");
    if (!status.isOk()) {
      (void)plain("ROLLBACK");
      return status;
    }
    return status;
  }

 private:
  // The statement for `sql`, prepared once per connection, with `args` bound.
  Result<sqlite3_stmt*> bound(const std::string& sql, const std::vector<Cell>& args,
                              std::string_view doing) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
          SQLITE_OK) {
        return error(std::string(doing) + " (is the store migrated?)");
      }
      it = statements_.emplace(sql, sqlite::StmtPtr(s)).first;
    }
    sqlite3_stmt* s = it->second.get();
    sqlite3_clear_bindings(s);
    for (std::size_t i = 0; i < args.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (!args[i]) {
        sqlite3_bind_null(s, at);
        continue;
      }
      // Text throughout: the columns' affinity stores integers as integers, and compares a
      // parameter with an integer column as a number.
      sqlite3_bind_text(s, at, args[i]->data(), static_cast<int>(args[i]->size()),
                        SQLITE_TRANSIENT);
    }
    return s;
  }

  Status plain(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return Status::ok();
    std::string text = "SQLite: " + std::string(message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return classify(rc, std::move(text));
  }

  Status error(std::string_view doing) {
    return classify(sqlite3_errcode(db_.get()),
                    "SQLite error while " + std::string(doing) + ": " + sqlite3_errmsg(db_.get()));
  }

  static Status classify(int rc, std::string text) {
    const int primary = rc & 0xFF;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
                   primary == SQLITE_FULL
               ? unavailable(std::move(text))
               : internalError(std::move(text));
  }

  sqlite::DbPtr db_;
  std::string path_;
  std::shared_ptr<sqlite::WriteGate> write_gate_;
  std::map<std::string, sqlite::StmtPtr, std::less<>> statements_;
};

// `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...); the statements are ours
// and have no `?` inside literals.
std::string numbered(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresLink final : public Link {
 public:
  explicit PostgresLink(pg::Session session) : session_(std::move(session)) {}

  Result<std::int64_t> execute(const std::string& sql, const std::vector<Cell>& args,
                               std::string_view doing) override {
    ASSIGN_OR_RETURN(auto result, run(sql, args, doing));
    std::int64_t changed = 0;
    const char* tuples = PQcmdTuples(result.get());
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
    return changed;
  }

  Result<std::vector<Row>> query(const std::string& sql, const std::vector<Cell>& args,
                                 std::string_view doing) override {
    ASSIGN_OR_RETURN(auto result, run(sql, args, doing));
    const PGresult* r = result.get();
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(PQntuples(r)));
    for (int i = 0; i < PQntuples(r); ++i) {
      Row row;
      for (int c = 0; c < PQnfields(r); ++c) {
        if (PQgetisnull(r, i, c)) {
          row.emplace_back();
        } else {
          row.emplace_back(
              std::string(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Status transaction(std::string_view doing, const std::function<Status()>& body) override {
    // Nothing of this store lives in the session: a dropped connection is simply made again.
    RETURN_IF_ERROR(session_.reconnect());
    in_transaction_ = true;
    // Asynchronous commit, for this transaction only: as on SQLite (above), the roll-ups and
    // the seq they reached commit together and are rebuilt from the log, so a commit lost in
    // a crash only takes them back to an earlier seq. The log's own commits stay synchronous.
    Status status = session_.transaction(doing, [&]() -> Status {
      RETURN_IF_ERROR(session_.command("SET LOCAL synchronous_commit = off",
                                       "committing roll-ups asynchronously"));
      return body();
    });
    in_transaction_ = false;
    return status;
  }

 private:
  Result<pg::PgResultPtr> run(const std::string& sql, const std::vector<Cell>& args,
                              std::string_view doing) {
    if (!in_transaction_) RETURN_IF_ERROR(session_.reconnect());
    std::vector<const char*> values;
    values.reserve(args.size());
    for (const Cell& a : args) values.push_back(a ? a->c_str() : nullptr);
    auto [it, fresh] = numbered_.try_emplace(sql);
    if (fresh) it->second = numbered(sql);
    return session_.query(it->second, {static_cast<int>(values.size()), values.data()},
                          pg::Cells::kText, doing);
  }

  pg::Session session_;
  bool in_transaction_ = false;
  std::map<std::string, std::string, std::less<>> numbered_;
};

}  // namespace

Result<std::unique_ptr<Link>> openSqliteLink(const std::string& log_path) {
  const std::string path = sqliteRollUpPath(log_path);
  ASSIGN_OR_RETURN(sqlite::DbPtr db, sqlite::openDatabase(path));
  auto link = std::make_unique<SqliteLink>(std::move(db), path);
  RETURN_IF_ERROR(link->init());
  return std::unique_ptr<Link>(std::move(link));
}

Result<std::unique_ptr<Link>> openPostgresLink(const std::string& url) {
  ASSIGN_OR_RETURN(pg::Session session, pg::Session::open(url, "luukku-reports"));
  return std::unique_ptr<Link>(std::make_unique<PostgresLink>(std::move(session)));
}

}  // namespace luukku::store::report_sql
