#include "store/migrations.h"

#include <array>

namespace luukku::store {
namespace {

constexpr std::string_view kV1Sqlite = R"sql(
CREATE TABLE events (
  global_seq  INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  stream_seq  INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  UNIQUE (stream_id, stream_seq)
);
CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE documents (
  kind    TEXT    NOT NULL,
  id      TEXT    NOT NULL,
  version INTEGER NOT NULL,
  live    INTEGER NOT NULL,
  body    TEXT    NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX documents_live ON documents (kind) WHERE live = 1;
)sql";

constexpr std::string_view kV1Postgres = R"sql(
CREATE TABLE events (
  global_seq  BIGINT  PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  stream_seq  BIGINT  NOT NULL,
  recorded_at BIGINT  NOT NULL,
  type        TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  UNIQUE (stream_id, stream_seq)
);
CREATE FUNCTION luukku_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION luukku_refuse_change();
CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION luukku_refuse_change();
CREATE TABLE documents (
  kind    TEXT    NOT NULL,
  id      TEXT    NOT NULL,
  version BIGINT  NOT NULL,
  live    BOOLEAN NOT NULL,
  body    TEXT    NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX documents_live ON documents (kind) WHERE live;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "event log and documents", kV1Sqlite, kV1Postgres},
};

}  // namespace

std::span<const Migration> allMigrations() { return kMigrations; }

}  // namespace luukku::store
