#include "store/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "store/migrations.h"
#include "store/sqlite_handles.h"
#include "store/sqlite_write_gate.h"

namespace luukku::store {
namespace {

using sqlite::DbPtr;
using sqlite::StmtPtr;

// Resets a statement on scope exit so it never holds a read transaction open.
class StmtScope {
 public:
  explicit StmtScope(sqlite3_stmt* s) : s_(s) {}
  ~StmtScope() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  StmtScope(const StmtScope&) = delete;
  StmtScope& operator=(const StmtScope&) = delete;

 private:
  sqlite3_stmt* s_;
};

class FileLock {
 public:
  FileLock() = default;
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  Status acquire(const std::string& path) {
    if (fd_ >= 0) return Status::ok();
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return unavailable("cannot open lock file " + path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return conflict("another Luukku process is writing to this store (" + path +
                      " is locked); stop it first");
    }
    fd_ = fd;
    return Status::ok();
  }

 private:
  int fd_ = -1;
};

class SqliteStore final : public EventStore {
 public:
  SqliteStore(DbPtr db, std::string path)
      : db_(std::move(db)), path_(std::move(path)), write_gate_(sqlite::writeGateFor(path_)) {}

  std::string_view backendName() const override { return "sqlite"; }

  Status init() {
    RETURN_IF_ERROR(exec("PRAGMA journal_mode=WAL"));
    RETURN_IF_ERROR(exec("PRAGMA synchronous=FULL"));
    RETURN_IF_ERROR(exec("PRAGMA foreign_keys=ON"));
    sqlite3_busy_timeout(db_.get(), 5000);
    return Status::ok();
  }

  Result<int> schemaVersion() override {
    ASSIGN_OR_RETURN(bool exists, tableExists("schema_migrations"));
    if (!exists) return 0;
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    StmtScope scope(s);
    if (sqlite3_step(s) != SQLITE_ROW) return error("reading the schema version");
    return sqlite3_column_int(s, 0);
  }

  Status migrate() override {
    RETURN_IF_ERROR(
        exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "description TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
    ASSIGN_OR_RETURN(int current, schemaVersion());
    if (current > latestSchemaVersion()) RETURN_IF_ERROR(checkSchema());
    for (const Migration& m : allMigrations()) {
      if (m.version <= current) continue;
      std::lock_guard gate(*write_gate_);
      RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
      Status st = exec(std::string(m.sqlite_sql));
      if (st.isOk()) st = recordMigration(m);
      if (st.isOk()) st = exec("COMMIT");
      if (!st.isOk()) {
        (void)exec("ROLLBACK");
        return st;
      }
    }
    return Status::ok();
  }

  Status claimWriter() override { return writer_lock_.acquire(path_ + ".writer-lock"); }

  Status append(const AppendBatch& batch) override {
    if (batch.events.empty() && batch.documents.empty()) return Status::ok();
    RETURN_IF_ERROR(checkBatchSequence(batch));
    std::lock_guard gate(*write_gate_);
    RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
    Status st = appendInTransaction(batch);
    if (st.isOk()) st = exec("COMMIT");
    if (!st.isOk()) (void)exec("ROLLBACK");
    return st;
  }

  Result<std::int64_t> lastGlobalSeq() override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s, prepare("SELECT COALESCE(MAX(global_seq), 0) FROM events"));
    StmtScope scope(s);
    if (sqlite3_step(s) != SQLITE_ROW) return error("reading the last sequence");
    return static_cast<std::int64_t>(sqlite3_column_int64(s, 0));
  }

  Result<std::int64_t> lastStreamSeq(std::string_view stream_id) override {
    ASSIGN_OR_RETURN(
        sqlite3_stmt * s,
        prepare("SELECT COALESCE(MAX(stream_seq), 0) FROM events WHERE stream_id = ?"));
    StmtScope scope(s);
    bindText(s, 1, stream_id);
    if (sqlite3_step(s) != SQLITE_ROW) return error("reading a stream's last sequence");
    return static_cast<std::int64_t>(sqlite3_column_int64(s, 0));
  }

  Result<std::vector<StoredEvent>> readAll(std::int64_t after, std::size_t limit) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("SELECT global_seq, stream_id, stream_seq, recorded_at, type, payload "
                             "FROM events WHERE global_seq > ? ORDER BY global_seq LIMIT ?"));
    StmtScope scope(s);
    sqlite3_bind_int64(s, 1, after);
    sqlite3_bind_int64(s, 2, static_cast<sqlite3_int64>(limit));
    return readEvents(s);
  }

  Result<std::vector<StoredEvent>> readStream(std::string_view stream_id, std::int64_t after,
                                              std::size_t limit) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("SELECT global_seq, stream_id, stream_seq, recorded_at, type, payload "
                             "FROM events WHERE stream_id = ? AND stream_seq > ? "
                             "ORDER BY stream_seq LIMIT ?"));
    StmtScope scope(s);
    bindText(s, 1, stream_id);
    sqlite3_bind_int64(s, 2, after);
    sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(limit));
    return readEvents(s);
  }

  Result<std::vector<Document>> loadDocuments(std::string_view kind, bool live_only) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare(live_only ? "SELECT kind, id, version, live, body FROM documents "
                                         "WHERE kind = ? AND live = 1 ORDER BY id"
                                       : "SELECT kind, id, version, live, body FROM documents "
                                         "WHERE kind = ? ORDER BY id"));
    StmtScope scope(s);
    bindText(s, 1, kind);
    std::vector<Document> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(readDocument(s));
    if (rc != SQLITE_DONE) return error("reading documents");
    return out;
  }

  Result<std::optional<Document>> loadDocument(std::string_view kind,
                                               std::string_view id) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("SELECT kind, id, version, live, body FROM documents "
                             "WHERE kind = ? AND id = ?"));
    StmtScope scope(s);
    bindText(s, 1, kind);
    bindText(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return std::optional<Document>(readDocument(s));
    if (rc != SQLITE_DONE) return error("reading a document");
    return std::optional<Document>();
  }

 private:
  Status appendInTransaction(const AppendBatch& batch) {
    if (!batch.events.empty()) {
      ASSIGN_OR_RETURN(std::int64_t last, lastGlobalSeq());
      if (batch.events.front().global_seq != last + 1) {
        return conflict("the log is at sequence " + std::to_string(last) +
                        "; another writer appended since this one started");
      }
    }
    ASSIGN_OR_RETURN(sqlite3_stmt * ins,
                     prepare("INSERT INTO events (global_seq, stream_id, stream_seq, recorded_at, "
                             "type, payload) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const StoredEvent& e : batch.events) {
      StmtScope scope(ins);
      sqlite3_bind_int64(ins, 1, e.global_seq);
      bindText(ins, 2, e.stream_id);
      sqlite3_bind_int64(ins, 3, e.stream_seq);
      sqlite3_bind_int64(ins, 4, toMicros(e.recorded_at));
      bindText(ins, 5, e.type);
      bindText(ins, 6, e.payload);
      int rc = sqlite3_step(ins);
      if (rc == SQLITE_CONSTRAINT) {
        return conflict("sequence number " + std::to_string(e.stream_seq) + " of stream " +
                        e.stream_id + " (or global " + std::to_string(e.global_seq) +
                        ") is already taken");
      }
      if (rc != SQLITE_DONE) return error("appending an event");
    }
    ASSIGN_OR_RETURN(
        sqlite3_stmt * put,
        prepare("INSERT INTO documents (kind, id, version, live, body) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
                "version = excluded.version, live = excluded.live, body = excluded.body"));
    // A merged batch may carry several versions of one document; only the last one counts.
    std::map<std::pair<std::string_view, std::string_view>, const Document*> latest;
    for (const Document& d : batch.documents) latest[{d.kind, d.id}] = &d;
    for (const auto& [key, doc] : latest) {
      const Document& d = *doc;
      StmtScope scope(put);
      bindText(put, 1, d.kind);
      bindText(put, 2, d.id);
      sqlite3_bind_int64(put, 3, d.version);
      sqlite3_bind_int(put, 4, d.live ? 1 : 0);
      bindText(put, 5, d.body);
      if (sqlite3_step(put) != SQLITE_DONE) return error("writing a document");
    }
    return Status::ok();
  }

  Status recordMigration(const Migration& m) {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("INSERT INTO schema_migrations (version, description, applied_at) "
                             "VALUES (?, ?, CAST(strftime('%s','now') AS INTEGER))"));
    StmtScope scope(s);
    sqlite3_bind_int(s, 1, m.version);
    bindText(s, 2, m.description);
    if (sqlite3_step(s) != SQLITE_DONE) return error("recording a migration");
    return Status::ok();
  }

  static void bindText(sqlite3_stmt* s, int index, std::string_view text) {
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }

  static std::string columnText(sqlite3_stmt* s, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
             : std::string();
  }

  Result<std::vector<StoredEvent>> readEvents(sqlite3_stmt* s) {
    std::vector<StoredEvent> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      StoredEvent e;
      e.global_seq = sqlite3_column_int64(s, 0);
      e.stream_id = columnText(s, 1);
      e.stream_seq = sqlite3_column_int64(s, 2);
      e.recorded_at = fromMicros(sqlite3_column_int64(s, 3));
      e.type = columnText(s, 4);
      e.payload = columnText(s, 5);
      out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return error("reading events");
    return out;
  }

  static Document readDocument(sqlite3_stmt* s) {
    Document d;
    d.kind = columnText(s, 0);
    d.id = columnText(s, 1);
    d.version = sqlite3_column_int64(s, 2);
    d.live = sqlite3_column_int(s, 3) != 0;
    d.body = columnText(s, 4);
    return d;
  }

  Result<bool> tableExists(std::string_view name) {
    ASSIGN_OR_RETURN(sqlite3_stmt * s,
                     prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    StmtScope scope(s);
    bindText(s, 1, name);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("reading the catalog");
    return rc == SQLITE_ROW;
  }

  // Statements are prepared once per connection and reused.
  Result<sqlite3_stmt*> prepare(const char* sql) {
    for (auto& [text, stmt] : statements_) {
      if (text == sql) return stmt.get();
    }
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
        SQLITE_OK) {
      return error("preparing a statement");
    }
    statements_.emplace_back(sql, StmtPtr(s));
    return s;
  }

  Status exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = "SQLite: " + std::string(message ? message : sqlite3_errstr(rc));
      sqlite3_free(message);
      int primary = rc & 0xFF;
      bool transient = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ||
                       primary == SQLITE_IOERR || primary == SQLITE_FULL ||
                       primary == SQLITE_CANTOPEN;
      return transient ? unavailable(std::move(text)) : internalError(std::move(text));
    }
    return Status::ok();
  }

  Status error(const std::string& doing) {
    int code = sqlite3_errcode(db_.get());
    std::string text = "SQLite error while " + doing + ": " + sqlite3_errmsg(db_.get());
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR ||
        code == SQLITE_FULL) {
      return unavailable(std::move(text));
    }
    return internalError(std::move(text));
  }

  DbPtr db_;
  std::string path_;
  FileLock writer_lock_;
  std::shared_ptr<sqlite::WriteGate> write_gate_;
  std::vector<std::pair<const char*, StmtPtr>> statements_;
};

}  // namespace

Result<EventStorePtr> openSqliteStore(const std::string& path) {
  ASSIGN_OR_RETURN(DbPtr db, sqlite::openDatabase(path));
  auto store = std::make_unique<SqliteStore>(std::move(db), path);
  RETURN_IF_ERROR(store->init());
  return EventStorePtr(std::move(store));
}

}  // namespace luukku::store
