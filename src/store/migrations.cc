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

// Staff identity: users, sessions and API tokens (each credential stored only as a hash), and
// the two logs that are never changed: the access log (käyttöloki, every staff read of a
// citizen's personal data) and the audit log (admin changes with before and after).
constexpr std::string_view kV2Sqlite = R"sql(
CREATE TABLE users (
  id            TEXT    PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  roles         TEXT    NOT NULL,
  external_id   TEXT    UNIQUE,
  disabled      INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL
);
CREATE TABLE sessions (
  id_hash      TEXT    PRIMARY KEY,
  user_id      TEXT    NOT NULL REFERENCES users (id),
  method       TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  end_reason   TEXT    NOT NULL
);
CREATE INDEX sessions_of_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE TABLE api_tokens (
  id         TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  token_hash TEXT    NOT NULL UNIQUE,
  roles      TEXT    NOT NULL,
  created_by TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE access_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  actor_roles TEXT    NOT NULL,
  citizen_ref TEXT    NOT NULL,
  record_kind TEXT    NOT NULL,
  record_id   TEXT    NOT NULL,
  purpose     TEXT    NOT NULL,
  route       TEXT    NOT NULL
);
CREATE INDEX access_log_by_citizen ON access_log (citizen_ref, at);
CREATE TRIGGER access_log_is_never_updated BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_is_never_deleted BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_kind TEXT    NOT NULL,
  target_id   TEXT    NOT NULL,
  before      TEXT    NOT NULL,
  after       TEXT    NOT NULL
);
CREATE TRIGGER audit_log_is_never_updated BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// luukku_refuse_change() comes from version 1.
constexpr std::string_view kV2Postgres = R"sql(
CREATE TABLE users (
  id            TEXT    PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  roles         TEXT    NOT NULL,
  external_id   TEXT    UNIQUE,
  disabled      BOOLEAN NOT NULL,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  version       BIGINT  NOT NULL
);
CREATE TABLE sessions (
  id_hash      TEXT    PRIMARY KEY,
  user_id      TEXT    NOT NULL REFERENCES users (id),
  method       TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  last_seen_at BIGINT  NOT NULL,
  expires_at   BIGINT  NOT NULL,
  ended_at     BIGINT,
  end_reason   TEXT    NOT NULL
);
CREATE INDEX sessions_of_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE TABLE api_tokens (
  id         TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  token_hash TEXT    NOT NULL UNIQUE,
  roles      TEXT    NOT NULL,
  created_by TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE TABLE access_log (
  seq         BIGSERIAL PRIMARY KEY,
  at          BIGINT  NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  actor_roles TEXT    NOT NULL,
  citizen_ref TEXT    NOT NULL,
  record_kind TEXT    NOT NULL,
  record_id   TEXT    NOT NULL,
  purpose     TEXT    NOT NULL,
  route       TEXT    NOT NULL
);
CREATE INDEX access_log_by_citizen ON access_log (citizen_ref, at);
CREATE TRIGGER access_log_is_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION luukku_refuse_change();
CREATE TRIGGER access_log_is_never_truncated BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION luukku_refuse_change();
CREATE TABLE audit_log (
  seq         BIGSERIAL PRIMARY KEY,
  at          BIGINT  NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_kind TEXT    NOT NULL,
  target_id   TEXT    NOT NULL,
  before      TEXT    NOT NULL,
  after       TEXT    NOT NULL
);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION luukku_refuse_change();
CREATE TRIGGER audit_log_is_never_truncated BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION luukku_refuse_change();
)sql";

// The access log becomes a hash chain (tamper evidence): each row keeps the previous row's
// hash and its own. Rows already written are not hashed (SQL alone cannot compute the keyed
// hash); the one row of access_log_chain records where the chain begins — the last existing
// seq and how many rows there were — and the first chained row's previous hash is derived
// from both, so changing that record breaks the chain too. Like the logs, it never changes.
constexpr std::string_view kV3Sqlite = R"sql(
ALTER TABLE access_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE access_log_chain (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  genesis_seq INTEGER NOT NULL,
  legacy_rows INTEGER NOT NULL
);
INSERT INTO access_log_chain (id, genesis_seq, legacy_rows)
  SELECT 1, COALESCE(MAX(seq), 0), COUNT(*) FROM access_log;
CREATE TRIGGER access_log_chain_is_never_updated BEFORE UPDATE ON access_log_chain
BEGIN SELECT RAISE(ABORT, 'access_log_chain is append-only'); END;
CREATE TRIGGER access_log_chain_is_never_deleted BEFORE DELETE ON access_log_chain
BEGIN SELECT RAISE(ABORT, 'access_log_chain is append-only'); END;
)sql";

constexpr std::string_view kV3Postgres = R"sql(
ALTER TABLE access_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE access_log_chain (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  genesis_seq BIGINT  NOT NULL,
  legacy_rows BIGINT  NOT NULL
);
INSERT INTO access_log_chain (id, genesis_seq, legacy_rows)
  SELECT 1, COALESCE(MAX(seq), 0), COUNT(*) FROM access_log;
CREATE TRIGGER access_log_chain_is_append_only BEFORE UPDATE OR DELETE ON access_log_chain
  FOR EACH ROW EXECUTE FUNCTION luukku_refuse_change();
CREATE TRIGGER access_log_chain_is_never_truncated BEFORE TRUNCATE ON access_log_chain
  FOR EACH STATEMENT EXECUTE FUNCTION luukku_refuse_change();
)sql";

// Sign-in accounts linked to routing agents: an account acts as its own agent, and an agent
// belongs to at most one account.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE users ADD COLUMN agent_id TEXT;
CREATE UNIQUE INDEX users_by_agent ON users (agent_id) WHERE agent_id IS NOT NULL;
)sql";

// The reports' roll-ups (store/report_store.h): counters per Helsinki day, hour, line, agent
// and metric; one row per call and per callback task for the drill-down, one per time an agent
// was signed in; and the seq of the last event they include. Derived data: a rebuild empties and
// refills them from the log.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE report_projection (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT  NOT NULL
);
INSERT INTO report_projection (id, last_seq) VALUES (1, 0);
CREATE TABLE report_counters (
  day      TEXT    NOT NULL,
  hour     INTEGER NOT NULL,
  line_id  TEXT    NOT NULL,
  agent_id TEXT    NOT NULL,
  metric   TEXT    NOT NULL,
  value    BIGINT  NOT NULL,
  PRIMARY KEY (day, line_id, agent_id, hour, metric)
);
CREATE INDEX report_counters_by_metric ON report_counters (metric, day);
CREATE TABLE report_calls (
  id            TEXT    PRIMARY KEY,
  line_id       TEXT    NOT NULL,
  direction     TEXT    NOT NULL,
  number        TEXT    NOT NULL,
  agent_id      TEXT    NOT NULL,
  task_id       TEXT    NOT NULL,
  arrived_at    BIGINT  NOT NULL,
  answered_at   BIGINT,
  ended_at      BIGINT,
  reached_at    BIGINT,
  wrap_up_us    BIGINT  NOT NULL,
  end_state     TEXT    NOT NULL,
  voice_message INTEGER NOT NULL,
  is_repeat     INTEGER NOT NULL,
  outcome       TEXT    NOT NULL
);
CREATE INDEX report_calls_by_arrival ON report_calls (arrived_at);
CREATE INDEX report_calls_not_ended ON report_calls (id) WHERE ended_at IS NULL;
CREATE TABLE report_tasks (
  id               TEXT    PRIMARY KEY,
  line_id          TEXT    NOT NULL,
  number           TEXT    NOT NULL,
  reason           TEXT    NOT NULL,
  created_at       BIGINT  NOT NULL,
  due_at           BIGINT  NOT NULL,
  first_attempt_at BIGINT,
  reached_at       BIGINT,
  attempts         INTEGER NOT NULL,
  contacts         INTEGER NOT NULL,
  end_state        TEXT    NOT NULL,
  ended_at         BIGINT,
  ended_by         TEXT    NOT NULL
);
CREATE INDEX report_tasks_by_creation ON report_tasks (created_at);
CREATE TABLE report_presence (
  id         TEXT   PRIMARY KEY,
  agent_id   TEXT   NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at   BIGINT,
  seen_until BIGINT NOT NULL
);
CREATE INDEX report_presence_open ON report_presence (id) WHERE ended_at IS NULL;
)sql";

// The customer card lists a number's earlier calls, newest first, a page at a time.
constexpr std::string_view kV6 = R"sql(
CREATE INDEX report_calls_by_number ON report_calls (number, arrived_at, id);
)sql";

// Staffing per service line: a presence session keeps the lines its agent was a member of
// (space-separated), and each agent's lines are kept for their next sign-in. Roll-ups made
// before have no lines: `luukku report rebuild` counts the earlier sessions per line too.
constexpr std::string_view kV7 = R"sql(
ALTER TABLE report_presence ADD COLUMN lines TEXT NOT NULL DEFAULT '';
CREATE TABLE report_agent_lines (
  agent_id TEXT PRIMARY KEY,
  lines    TEXT NOT NULL
);
)sql";

// On SQLite the roll-ups leave the log's file for one of their own (store/report_store.h),
// built there from kRollUpSchema below: keeping them up then never holds the log's single
// write lock nor grows its WAL. On PostgreSQL they stay where they are.
constexpr std::string_view kV8Sqlite = R"sql(
DROP TABLE report_agent_lines;
DROP TABLE report_presence;
DROP TABLE report_tasks;
DROP TABLE report_calls;
DROP TABLE report_counters;
DROP TABLE report_projection;
)sql";
// Where the roll-ups stand also names the time of the last event they include and the version
// of the fold that made them (reports/projector.h): roll-ups folded from another log, or
// counted by another version, are rebuilt.
constexpr std::string_view kV8Postgres = R"sql(
ALTER TABLE report_projection ADD COLUMN last_recorded_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_projection ADD COLUMN fold_version INTEGER NOT NULL DEFAULT 0;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "event log and documents", kV1Sqlite, kV1Postgres},
    Migration{2, "staff identity, access log and audit log", kV2Sqlite, kV2Postgres},
    Migration{3, "access log hash chain", kV3Sqlite, kV3Postgres},
    Migration{4, "accounts linked to agents", kV4, kV4},
    Migration{5, "report roll-ups", kV5, kV5},
    Migration{6, "calls by number", kV6, kV6},
    Migration{7, "staffing per service line", kV7, kV7},
    Migration{8, "roll-ups in a file of their own on SQLite; their origin and fold version",
              kV8Sqlite, kV8Postgres},
};

// The roll-ups' own history, for SQLite's roll-up file: the same scripts as the log's
// migrations 5-7 and PostgreSQL's 8, numbered in that file's PRAGMA user_version. A change to the
// roll-ups' schema is a migration in both lists.
constexpr std::array kRollUpSchema = {
    Migration{1, "report roll-ups", kV5, kV5},
    Migration{2, "calls by number", kV6, kV6},
    Migration{3, "staffing per service line", kV7, kV7},
    Migration{4, "origin and fold version", kV8Postgres, kV8Postgres},
};

}  // namespace

std::span<const Migration> allMigrations() {
  return kMigrations;
}

std::span<const Migration> rollUpSchema() {
  return kRollUpSchema;
}

}  // namespace luukku::store
