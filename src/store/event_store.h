// EventStore: the append-only contact event log and the projections kept beside it.
//
// Everything that happens in Luukku is an event in one log. Each event belongs to a stream
// (a contact's stream is "contact/<id>"; configuration has "region", "service_line/<id>",
// "agent/<id>") and carries two sequence numbers: its place in the whole log (global_seq,
// gapless from 1) and its place in its stream (stream_seq, gapless from 1). Events are never
// changed or removed; both backends refuse UPDATE and DELETE on the log.
//
// Beside the log the store keeps documents: the current state of one thing (a service line,
// an agent, an open task) as JSON, written in the same transaction as the events that
// produced it, so a restart loads current state without replaying history. A document marked
// not live (a completed task) stays in the store but is not loaded at start.
//
// One process writes (claimWriter); any number may read. append() is atomic and durable: when
// it returns OK the whole batch survives a crash or power cut, and when it fails none of it
// is visible.
//
// Thread-safety: an EventStore is one connection and is not thread-safe; open one per thread
// that needs it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace luukku::store {

struct StoredEvent {
  std::int64_t global_seq = 0;
  std::string stream_id;
  std::int64_t stream_seq = 0;
  Timestamp recorded_at;
  std::string type;     // "service_line.created", "contact.queued", ...
  std::string payload;  // a JSON document
  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

struct Document {
  std::string kind;  // "service_line", "agent", "region", "task", ...
  std::string id;
  std::int64_t version = 0;  // the stream_seq of the event that wrote it
  bool live = true;
  std::string body;  // a JSON document
  friend bool operator==(const Document&, const Document&) = default;
};

struct AppendBatch {
  // In global_seq order, continuing the log without a gap; each event continues its stream.
  std::vector<StoredEvent> events;
  // Upserted by (kind, id).
  std::vector<Document> documents;
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // "sqlite" or "postgresql".
  virtual std::string_view backendName() const = 0;

  // The schema version the store is at (0 when empty).
  virtual Result<int> schemaVersion() = 0;
  // Applies every migration this binary knows and the store lacks, each in its own
  // transaction. Fails, changing nothing, when the store is newer than this binary.
  virtual Status migrate() = 0;
  // OK when the store is exactly at this binary's schema version; otherwise an error that
  // says what to do (run `luukku migrate`, or upgrade Luukku).
  Status checkSchema();

  // Claims the single-writer role for as long as this object lives. Fails with kConflict
  // when another process holds it.
  virtual Status claimWriter() = 0;

  // Appends events and upserts documents in one durable transaction. Fails with kConflict,
  // writing nothing, when a sequence number is already taken or the first global_seq does not
  // follow the log's last one.
  virtual Status append(const AppendBatch& batch) = 0;

  // The highest global_seq in the log (0 when empty).
  virtual Result<std::int64_t> lastGlobalSeq() = 0;
  // The highest stream_seq of a stream (0 when it has no events).
  virtual Result<std::int64_t> lastStreamSeq(std::string_view stream_id) = 0;
  // Events with global_seq > after, ascending, at most `limit`.
  virtual Result<std::vector<StoredEvent>> readAll(std::int64_t after, std::size_t limit) = 0;
  // A stream's events with stream_seq > after, ascending, at most `limit`.
  virtual Result<std::vector<StoredEvent>> readStream(std::string_view stream_id,
                                                      std::int64_t after, std::size_t limit) = 0;

  virtual Result<std::vector<Document>> loadDocuments(std::string_view kind, bool live_only) = 0;
  virtual Result<std::optional<Document>> loadDocument(std::string_view kind,
                                                       std::string_view id) = 0;

 protected:
  EventStore() = default;
};

using EventStorePtr = std::unique_ptr<EventStore>;

// The schema version this binary writes and reads.
int latestSchemaVersion();

// Checks what a batch can be checked for on its own: its global sequence numbers are
// consecutive, and events of one stream in it have consecutive stream sequence numbers.
// Both backends call it before writing; the log's own continuity is checked in the
// transaction.
Status checkBatchSequence(const AppendBatch& batch);

// Where a store URL points: a SQLite file's path, or a PostgreSQL URL as given. Fails for
// any other URL, saying which are understood.
struct StoreLocation {
  enum Backend { kSqlite, kPostgres } backend = kSqlite;
  std::string target;
};
Result<StoreLocation> locateStore(std::string_view url);

// Opens a connection. `url` is "sqlite:<path>" (the file is created if absent, WAL mode) or
// "postgresql://user@host:port/db" / "postgres://...". Does not migrate.
Result<EventStorePtr> openStore(std::string_view url);

// The url with any password replaced by "***", fit for logs.
std::string redactStoreUrl(std::string_view url);

}  // namespace luukku::store
