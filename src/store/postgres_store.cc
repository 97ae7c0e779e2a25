#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>

#include "store/migrations.h"
#include "store/postgres_support.h"

namespace luukku::store {
namespace {

using pg::Cells;
using pg::PgResultPtr;

// Element type OIDs (pg_type.h) for the binary arrays sent to unnest().
constexpr std::uint32_t kBoolOid = 16;
constexpr std::uint32_t kInt8Oid = 20;
constexpr std::uint32_t kTextOid = 25;

// Advisory lock keys are (class << 32 | oid of the store's schema), so each schema holding a
// Luukku store has its own writer and migration locks within a shared database.
constexpr std::int64_t kWriterLockClass = 0x4C75756B;     // "Luuk"
constexpr std::int64_t kMigrationLockClass = 0x4C75756D;  // "Luum"

// One statement carries at most this many bytes of text: PostgreSQL takes at most 1 GB in a
// value or a message, and smaller statements keep the server's memory use flat. Bigger
// batches become several statements in one transaction. A single event or document over
// kMaxItemBytes is refused outright.
constexpr std::size_t kMaxStatementBytes = 32u << 20;
constexpr std::size_t kMaxItemBytes = 256u << 20;

void putUint32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void putInt64(std::string& out, std::int64_t v) {
  auto u = static_cast<std::uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((u >> shift) & 0xff));
}
std::int64_t getInt64(const char* p) {
  std::uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<std::int64_t>(u);
}

// A one-dimensional array in PostgreSQL's binary wire format (array_recv): no escaping, so
// any text travels byte for byte.
class BinaryArray {
 public:
  BinaryArray(std::uint32_t element_oid, std::size_t count) {
    putUint32(bytes_, count == 0 ? 0 : 1);  // dimensions: an empty array has none
    putUint32(bytes_, 0);                   // no NULLs
    putUint32(bytes_, element_oid);
    if (count == 0) return;
    putUint32(bytes_, static_cast<std::uint32_t>(count));
    putUint32(bytes_, 1);  // lower bound
  }
  void addInt64(std::int64_t v) {
    putUint32(bytes_, 8);
    putInt64(bytes_, v);
  }
  void addBool(bool v) {
    putUint32(bytes_, 1);
    bytes_.push_back(v ? 1 : 0);
  }
  void addText(std::string_view text) {
    putUint32(bytes_, static_cast<std::uint32_t>(text.size()));
    bytes_.append(text);
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Query parameters, all in binary format. Text is sent as its bytes; the storage for every
// value lives here until the query has run.
class Params {
 public:
  void addInt64(std::int64_t v) {
    std::string bytes;
    putInt64(bytes, v);
    addOwned(std::move(bytes));
  }
  void addText(std::string_view text) { addOwned(std::string(text)); }
  void addNull() {
    values_.push_back(nullptr);
    lengths_.push_back(0);
    formats_.push_back(1);
  }
  void addOwned(std::string bytes) {
    const std::string& kept = storage_.emplace_back(std::move(bytes));
    values_.push_back(kept.data());  // never NULL: "" is an empty value, not SQL NULL
    lengths_.push_back(static_cast<int>(kept.size()));
    formats_.push_back(1);
  }
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }
  pg::ParamList list() const { return {count(), values(), lengths(), formats()}; }

 private:
  std::deque<std::string> storage_;  // a deque keeps each string's address stable
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// Reads binary-format cells. A NULL or wrongly sized cell (a schema changed by hand) is
// remembered and reported instead of being read past its end.
class CellReader {
 public:
  explicit CellReader(const PGresult* result) : result_(result) {}
  std::int64_t int64(int row, int col) {
    if (!has(row, col, 8)) return 0;
    return getInt64(PQgetvalue(result_, row, col));
  }
  bool boolean(int row, int col) {
    if (!has(row, col, 1)) return false;
    return PQgetvalue(result_, row, col)[0] != 0;
  }
  std::string text(int row, int col) {
    if (PQgetisnull(result_, row, col)) {
      malformed_ = true;
      return {};
    }
    return std::string(PQgetvalue(result_, row, col),
                       static_cast<std::size_t>(PQgetlength(result_, row, col)));
  }
  Status status(std::string_view reading) const {
    if (!malformed_) return Status::ok();
    return internalError("PostgreSQL returned a NULL or malformed value while reading " +
                         std::string(reading) + "; has the schema been changed by hand?");
  }

 private:
  bool has(int row, int col, int length) {
    if (PQgetisnull(result_, row, col) || PQgetlength(result_, row, col) != length) {
      malformed_ = true;
      return false;
    }
    return true;
  }
  const PGresult* result_;
  bool malformed_ = false;
};

// Statements used on every call are prepared once per connection.
enum Statement : std::size_t {
  kLastGlobalSeq,
  kLastStreamSeq,
  kReadAll,
  kReadStream,
  kLoadAllDocuments,
  kLoadLiveDocuments,
  kLoadDocument,
  kAppend,
  kStatementCount,
};

// Documents are ordered by id in bytewise ("C") order, as SQLite orders them, whatever the
// database's default collation.
constexpr std::array<pg::PreparedStatement, kStatementCount> kStatements = {{
    {"luukku_last_global_seq", "SELECT COALESCE(MAX(global_seq), 0)::int8 FROM events", 0},
    {"luukku_last_stream_seq",
     "SELECT COALESCE(MAX(stream_seq), 0)::int8 FROM events WHERE stream_id = $1::text", 1},
    {"luukku_read_all",
     "SELECT global_seq, stream_id, stream_seq, recorded_at, type, payload FROM events "
     "WHERE global_seq > $1::int8 ORDER BY global_seq LIMIT $2::int8",
     2},
    {"luukku_read_stream",
     "SELECT global_seq, stream_id, stream_seq, recorded_at, type, payload FROM events "
     "WHERE stream_id = $1::text AND stream_seq > $2::int8 ORDER BY stream_seq LIMIT $3::int8",
     3},
    {"luukku_load_all_documents",
     "SELECT kind, id, version, live, body FROM documents WHERE kind = $1::text "
     "ORDER BY id COLLATE \"C\"",
     1},
    {"luukku_load_live_documents",
     "SELECT kind, id, version, live, body FROM documents WHERE kind = $1::text AND live "
     "ORDER BY id COLLATE \"C\"",
     1},
    {"luukku_load_document",
     "SELECT kind, id, version, live, body FROM documents WHERE kind = $1::text AND id = $2::text",
     2},
    // Appends a slice of a batch in one statement. The arrays arrive in binary and unnest()
    // turns them back into rows, many times faster than a statement per row. $12, unless
    // NULL, is the batch's first global_seq: every part of the statement sees the log as it
    // was before the statement (one snapshot), so if the events do not continue the log
    // nothing is written. It returns the log's last global_seq as it was before.
    {"luukku_append",
     "WITH last AS (SELECT COALESCE(MAX(global_seq), 0)::int8 AS seq FROM events), "
     "continues AS (SELECT $12::int8 IS NULL OR seq = $12::int8 - 1 AS ok FROM last), "
     "new_events AS (INSERT INTO events (global_seq, stream_id, stream_seq, recorded_at, type, "
     "payload) SELECT * FROM unnest($1::int8[], $2::text[], $3::int8[], $4::int8[], $5::text[], "
     "$6::text[]) WHERE (SELECT ok FROM continues)), "
     "new_documents AS (INSERT INTO documents (kind, id, version, live, body) "
     "SELECT * FROM unnest($7::text[], $8::text[], $9::int8[], $10::bool[], $11::text[]) "
     "WHERE (SELECT ok FROM continues) ON CONFLICT (kind, id) DO UPDATE SET "
     "version = excluded.version, live = excluded.live, body = excluded.body) "
     "SELECT seq FROM last",
     12},
}};

class PostgresStore final : public EventStore {
 public:
  explicit PostgresStore(pg::Session session) : session_(std::move(session)) {}

  std::string_view backendName() const override { return "postgresql"; }

  Result<int> schemaVersion() override {
    RETURN_IF_ERROR(ensureConnected());
    ASSIGN_OR_RETURN(
        PgResultPtr exists,
        query("SELECT to_regclass('schema_migrations') IS NOT NULL", {}, "reading the catalog"));
    CellReader cells(exists.get());
    bool has_table = cells.boolean(0, 0);
    RETURN_IF_ERROR(cells.status("the catalog"));
    if (!has_table) return 0;
    return readSchemaVersion();
  }

  Status migrate() override {
    ASSIGN_OR_RETURN(int current, schemaVersion());
    if (current > latestSchemaVersion()) return checkSchema();
    if (current == latestSchemaVersion()) return Status::ok();
    RETURN_IF_ERROR(session_.transaction("creating schema_migrations",
                                         [&] { return createMigrationsTable(); }));
    for (const Migration& m : allMigrations()) {
      if (m.version <= current) continue;
      bool newer_than_us = false;
      RETURN_IF_ERROR(session_.transaction("applying a migration",
                                           [&] { return applyMigration(m, &newer_than_us); }));
      if (newer_than_us) return checkSchema();
    }
    return Status::ok();
  }

  Status claimWriter() override {
    RETURN_IF_ERROR(ensureConnected());  // a writer whose session died has lost the lock
    if (writer_) return Status::ok();
    ASSIGN_OR_RETURN(
        PgResultPtr claim,
        query("SELECT pg_try_advisory_lock((" + std::to_string(kWriterLockClass) +
                  "::int8 << 32) | n.oid::int8), n.oid::int8, n.nspname::text, "
                  "current_database()::text FROM pg_namespace n WHERE n.nspname = current_schema()",
              {}, "claiming the writer role"));
    if (PQntuples(claim.get()) != 1) {
      return {ErrorCode::kFailedPrecondition,
              "the connection's search_path names no existing schema to hold the store"};
    }
    CellReader cells(claim.get());
    bool claimed = cells.boolean(0, 0);
    std::int64_t schema_oid = cells.int64(0, 1);
    std::string where =
        "schema \"" + cells.text(0, 2) + "\" of database \"" + cells.text(0, 3) + "\"";
    RETURN_IF_ERROR(cells.status("the writer lock"));
    if (claimed) {
      writer_ = true;
      return Status::ok();
    }
    return conflict("another Luukku process is writing to this store (" + where +
                    describeLockHolder(schema_oid) + "); stop it first");
  }

  Status append(const AppendBatch& batch) override {
    if (batch.events.empty() && batch.documents.empty()) return Status::ok();
    RETURN_IF_ERROR(checkBatchSequence(batch));
    RETURN_IF_ERROR(ensureConnected());
    std::vector<const Document*> documents = lastVersions(batch.documents);
    ASSIGN_OR_RETURN(std::vector<Range> event_slices,
                     slices(batch.events.size(), [&](std::size_t i) {
                       const StoredEvent& e = batch.events[i];
                       return e.stream_id.size() + e.type.size() + e.payload.size();
                     }));
    ASSIGN_OR_RETURN(std::vector<Range> document_slices,
                     slices(documents.size(), [&](std::size_t i) {
                       const Document& d = *documents[i];
                       return d.kind.size() + d.id.size() + d.body.size();
                     }));
    std::optional<std::int64_t> first;
    if (!batch.events.empty()) first = batch.events.front().global_seq;
    if (event_slices.size() > 1 || document_slices.size() > 1) {
      return session_.transaction("appending events", [&] {
        return appendSlices(batch.events, event_slices, documents, document_slices, first);
      });
    }
    // The usual case: one statement, committed on its own, so an append costs one round trip
    // and one WAL flush.
    session_.rollback();
    Status status =
        appendSlice(batch.events, event_slices.empty() ? Range{} : event_slices[0], documents,
                    document_slices.empty() ? Range{} : document_slices[0], first);
    if (!status.isOk() && !session_.connected()) {
      // The server may have committed just before the connection went; only reading the log
      // again can tell.
      return unavailable(status.message() +
                         "; the connection was lost, so whether the batch was recorded is unknown");
    }
    return status;
  }

  Result<std::int64_t> lastGlobalSeq() override {
    RETURN_IF_ERROR(ensureConnected());
    return readInt64(kLastGlobalSeq, {}, "the last sequence");
  }

  Result<std::int64_t> lastStreamSeq(std::string_view stream_id) override {
    RETURN_IF_ERROR(ensureConnected());
    Params params;
    params.addText(stream_id);
    return readInt64(kLastStreamSeq, params, "a stream's last sequence");
  }

  Result<std::vector<StoredEvent>> readAll(std::int64_t after, std::size_t limit) override {
    RETURN_IF_ERROR(ensureConnected());
    Params params;
    params.addInt64(after);
    params.addInt64(clampLimit(limit));
    return readEvents(kReadAll, params);
  }

  Result<std::vector<StoredEvent>> readStream(std::string_view stream_id, std::int64_t after,
                                              std::size_t limit) override {
    RETURN_IF_ERROR(ensureConnected());
    Params params;
    params.addText(stream_id);
    params.addInt64(after);
    params.addInt64(clampLimit(limit));
    return readEvents(kReadStream, params);
  }

  Result<std::vector<Document>> loadDocuments(std::string_view kind, bool live_only) override {
    RETURN_IF_ERROR(ensureConnected());
    Params params;
    params.addText(kind);
    return readDocuments(live_only ? kLoadLiveDocuments : kLoadAllDocuments, params);
  }

  Result<std::optional<Document>> loadDocument(std::string_view kind,
                                               std::string_view id) override {
    RETURN_IF_ERROR(ensureConnected());
    Params params;
    params.addText(kind);
    params.addText(id);
    ASSIGN_OR_RETURN(std::vector<Document> found, readDocuments(kLoadDocument, params));
    if (found.empty()) return std::optional<Document>();
    return std::optional<Document>(std::move(found.front()));
  }

 private:
  // A half-open range of indexes into a batch's events or documents.
  struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
  };

  // Splits [0, count) into ranges of about kMaxStatementBytes each.
  template <typename SizeOf>
  static Result<std::vector<Range>> slices(std::size_t count, SizeOf size_of) {
    std::vector<Range> out;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t size = size_of(i);
      if (size > kMaxItemBytes) {
        return Status(ErrorCode::kPayloadTooLarge, "an event or document of " +
                                                       std::to_string(size) +
                                                       " bytes is larger than the store takes (" +
                                                       std::to_string(kMaxItemBytes) + ")");
      }
      if (out.empty() || bytes + size > kMaxStatementBytes) {
        out.push_back({i, i});
        bytes = 0;
      }
      out.back().end = i + 1;
      bytes += size;
    }
    return out;
  }

  // A group commit may carry several versions of one document; PostgreSQL refuses to upsert
  // a row twice in one statement, so only the last of each (kind, id) is kept, which is what
  // upserting them one after another would leave.
  static std::vector<const Document*> lastVersions(const std::vector<Document>& documents) {
    std::unordered_map<std::string, std::size_t> last_of;
    last_of.reserve(documents.size());
    auto key = [](const Document& d) { return d.kind + '\0' + d.id; };
    for (std::size_t i = 0; i < documents.size(); ++i) last_of[key(documents[i])] = i;
    std::vector<const Document*> kept;
    kept.reserve(last_of.size());
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if (last_of[key(documents[i])] == i) kept.push_back(&documents[i]);
    }
    return kept;
  }

  // A batch too big for one statement, inside a transaction: the first statement checks
  // that the events continue the log.
  Status appendSlices(const std::vector<StoredEvent>& events,
                      const std::vector<Range>& event_slices,
                      const std::vector<const Document*>& documents,
                      const std::vector<Range>& document_slices,
                      std::optional<std::int64_t> first) {
    for (std::size_t i = 0; i < event_slices.size(); ++i) {
      RETURN_IF_ERROR(
          appendSlice(events, event_slices[i], documents, {}, i == 0 ? first : std::nullopt));
    }
    for (const Range& slice : document_slices) {
      RETURN_IF_ERROR(appendSlice(events, {}, documents, slice, std::nullopt));
    }
    return Status::ok();
  }

  // Writes events[event_range] and documents[document_range] in one statement. Given
  // `first`, writes nothing and returns kConflict unless the events continue the log there.
  Status appendSlice(const std::vector<StoredEvent>& events, Range event_range,
                     const std::vector<const Document*>& documents, Range document_range,
                     std::optional<std::int64_t> first) {
    std::size_t n = event_range.end - event_range.begin;
    BinaryArray global_seqs(kInt8Oid, n), stream_ids(kTextOid, n), stream_seqs(kInt8Oid, n),
        recorded_ats(kInt8Oid, n), types(kTextOid, n), payloads(kTextOid, n);
    for (std::size_t i = event_range.begin; i < event_range.end; ++i) {
      const StoredEvent& e = events[i];
      global_seqs.addInt64(e.global_seq);
      stream_ids.addText(e.stream_id);
      stream_seqs.addInt64(e.stream_seq);
      recorded_ats.addInt64(toMicros(e.recorded_at));
      types.addText(e.type);
      payloads.addText(e.payload);
    }
    std::size_t m = document_range.end - document_range.begin;
    BinaryArray kinds(kTextOid, m), ids(kTextOid, m), versions(kInt8Oid, m), lives(kBoolOid, m),
        bodies(kTextOid, m);
    for (std::size_t i = document_range.begin; i < document_range.end; ++i) {
      const Document& d = *documents[i];
      kinds.addText(d.kind);
      ids.addText(d.id);
      versions.addInt64(d.version);
      lives.addBool(d.live);
      bodies.addText(d.body);
    }
    Params params;
    for (BinaryArray* array : {&global_seqs, &stream_ids, &stream_seqs, &recorded_ats, &types,
                               &payloads, &kinds, &ids, &versions, &lives, &bodies}) {
      params.addOwned(array->take());
    }
    if (first) {
      params.addInt64(*first);
    } else {
      params.addNull();
    }
    auto appended = run(kAppend, params, "appending events");
    if (!appended.isOk()) {
      if (appended.status().code() != ErrorCode::kAlreadyExists) return appended.status();
      return conflict("the batch repeats a sequence number already in the log: " +
                      appended.status().message() + "; nothing was written");
    }
    if (PQntuples(appended->get()) != 1) {
      return internalError("PostgreSQL returned no result for an append");
    }
    CellReader cells(appended->get());
    std::int64_t last = cells.int64(0, 0);
    RETURN_IF_ERROR(cells.status("the last sequence"));
    if (first && *first != last + 1) {
      return conflict("the batch starts at global sequence " + std::to_string(*first) +
                      " but the log ends at " + std::to_string(last) +
                      " (another writer may have appended since this one started)");
    }
    return Status::ok();
  }

  Status createMigrationsTable() {
    RETURN_IF_ERROR(lockMigrations());
    return command(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        "creating schema_migrations");
  }

  // Applies one migration unless another process got there first while this one waited for
  // the lock; sets *newer_than_us when that process was a newer Luukku.
  Status applyMigration(const Migration& m, bool* newer_than_us) {
    RETURN_IF_ERROR(lockMigrations());
    ASSIGN_OR_RETURN(int now_at, readSchemaVersion());
    *newer_than_us = now_at > latestSchemaVersion();
    if (now_at >= m.version) return Status::ok();
    RETURN_IF_ERROR(
        command(std::string(m.postgres_sql), "applying migration " + std::to_string(m.version)));
    Params params;
    params.addInt64(m.version);
    params.addText(m.description);
    return query("INSERT INTO schema_migrations (version, description) VALUES ($1::int8, $2::text)",
                 params, "recording a migration")
        .status();
  }

  Result<std::vector<StoredEvent>> readEvents(Statement statement, const Params& params) {
    ASSIGN_OR_RETURN(PgResultPtr rows, run(statement, params, "reading events"));
    PGresult* r = rows.get();
    if (PQnfields(r) != 6) return internalError("PostgreSQL returned events of the wrong shape");
    CellReader cells(r);
    std::vector<StoredEvent> out(static_cast<std::size_t>(PQntuples(r)));
    for (int row = 0; row < PQntuples(r); ++row) {
      StoredEvent& e = out[static_cast<std::size_t>(row)];
      e.global_seq = cells.int64(row, 0);
      e.stream_id = cells.text(row, 1);
      e.stream_seq = cells.int64(row, 2);
      e.recorded_at = fromMicros(cells.int64(row, 3));
      e.type = cells.text(row, 4);
      e.payload = cells.text(row, 5);
    }
    RETURN_IF_ERROR(cells.status("events"));
    return out;
  }

  Result<std::vector<Document>> readDocuments(Statement statement, const Params& params) {
    ASSIGN_OR_RETURN(PgResultPtr rows, run(statement, params, "reading documents"));
    PGresult* r = rows.get();
    if (PQnfields(r) != 5) return internalError("PostgreSQL returned documents of the wrong shape");
    CellReader cells(r);
    std::vector<Document> out(static_cast<std::size_t>(PQntuples(r)));
    for (int row = 0; row < PQntuples(r); ++row) {
      Document& d = out[static_cast<std::size_t>(row)];
      d.kind = cells.text(row, 0);
      d.id = cells.text(row, 1);
      d.version = cells.int64(row, 2);
      d.live = cells.boolean(row, 3);
      d.body = cells.text(row, 4);
    }
    RETURN_IF_ERROR(cells.status("documents"));
    return out;
  }

  Result<std::int64_t> readInt64(Statement statement, const Params& params, std::string_view what) {
    ASSIGN_OR_RETURN(PgResultPtr rows, run(statement, params, "reading " + std::string(what)));
    if (PQntuples(rows.get()) != 1 || PQnfields(rows.get()) != 1) {
      return internalError("PostgreSQL returned no value for " + std::string(what));
    }
    CellReader cells(rows.get());
    std::int64_t value = cells.int64(0, 0);
    RETURN_IF_ERROR(cells.status(what));
    return value;
  }

  Result<int> readSchemaVersion() {
    ASSIGN_OR_RETURN(PgResultPtr rows,
                     query("SELECT COALESCE(MAX(version), 0)::int8 FROM schema_migrations", {},
                           "reading the schema version"));
    CellReader cells(rows.get());
    std::int64_t version = PQntuples(rows.get()) == 1 ? cells.int64(0, 0) : 0;
    RETURN_IF_ERROR(cells.status("the schema version"));
    return static_cast<int>(version);
  }

  // Serializes migrations of this schema across processes until the transaction ends.
  Status lockMigrations() {
    return query("SELECT pg_advisory_xact_lock((" + std::to_string(kMigrationLockClass) +
                     "::int8 << 32) | n.oid::int8) FROM pg_namespace n "
                     "WHERE n.nspname = current_schema()",
                 {}, "locking the schema for migration")
        .status();
  }

  // ", held by PostgreSQL backend 1234 from 10.0.0.5", or "" when the holder cannot be seen.
  std::string describeLockHolder(std::int64_t schema_oid) {
    Params params;
    params.addInt64(kWriterLockClass);
    params.addInt64(schema_oid);
    auto holder = query(
        "SELECT l.pid::int8, COALESCE(host(a.client_addr), 'a local socket') FROM pg_locks l "
        "LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND "
        "l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = "
        "current_database()) AND l.classid = $1::int8::oid AND l.objid = $2::int8::oid AND "
        "l.objsubid = 1",
        params, "finding the writer");
    if (!holder.isOk() || PQntuples(holder->get()) < 1) return "";
    CellReader cells(holder->get());
    std::int64_t pid = cells.int64(0, 0);
    std::string from = cells.text(0, 1);
    if (!cells.status("").isOk()) return "";
    return ", held by PostgreSQL backend " + std::to_string(pid) + " from " + from;
  }

  // A statement whose result carries no rows.
  Status command(const std::string& sql, std::string_view doing) {
    return session_.command(sql, doing);
  }

  // A one-off statement with binary parameters and binary results.
  Result<PgResultPtr> query(const std::string& sql, const Params& params, std::string_view doing) {
    return session_.query(sql, params.list(), Cells::kBinary, doing);
  }

  // One of the prepared statements.
  Result<PgResultPtr> run(Statement statement, const Params& params, std::string_view doing) {
    return session_.run(kStatements[statement], params.list(), Cells::kBinary, doing);
  }

  // Reconnects a reader whose connection dropped. A writer is never silently reconnected:
  // its advisory lock died with the old session, so another process may be writing now.
  Status ensureConnected() {
    if (session_.connected()) return Status::ok();
    if (writer_) {
      return unavailable(
          "the connection to PostgreSQL was lost and with it this process's writer lock; "
          "reopen the store and claim the writer role again");
    }
    return session_.reconnect();
  }

  static std::int64_t clampLimit(std::size_t limit) {
    constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(limit < kMax ? limit : kMax);
  }

  pg::Session session_;
  bool writer_ = false;
};

}  // namespace

Result<EventStorePtr> openPostgresStore(const std::string& url) {
  ASSIGN_OR_RETURN(pg::Session session, pg::Session::open(url, "luukku"));
  return EventStorePtr(std::make_unique<PostgresStore>(std::move(session)));
}

}  // namespace luukku::store
