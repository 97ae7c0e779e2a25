// The access log's hash chain on both backends: appends chain in order (batched, and from two
// connections at once), and verification finds a row removed or changed with direct SQL —
// as by someone who dropped the append-only triggers — at its seq.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "identity/access_log.h"
#include "store/event_store.h"
#include "store/identity_store.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace luukku::store {
namespace {

using testing::Backend;
using ::testing::HasSubstr;

constexpr std::int64_t kT0 = 1795335330000000;  // 2026-11-22T08:15:30Z

identity::HashKey testKey() {
  identity::HashKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i * 7 + 1);
  return key;
}

AccessRecord access(int n) {
  AccessRecord r;
  r.at = fromMicros(kT0 + n);
  r.actor_id = "u-1";
  r.actor_name = "anna";
  r.actor_roles = "agent";
  r.citizen_ref = "ref-" + std::to_string(n % 7);
  r.record_kind = "task";
  r.record_id = "t-" + std::to_string(n);
  r.purpose = "callback task";
  r.route = "GET /api/v1/tasks/{id}";
  return r;
}

// The SQL an operator with a console would use to lift the append-only guard.
std::string dropDeleteGuard(Backend b) {
  return b == Backend::kSqlite ? "DROP TRIGGER access_log_is_never_deleted"
                               : "DROP TRIGGER access_log_is_append_only ON access_log";
}
std::string dropUpdateGuard(Backend b) {
  return b == Backend::kSqlite ? "DROP TRIGGER access_log_is_never_updated"
                               : "DROP TRIGGER access_log_is_append_only ON access_log";
}

class AccessChainTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = testing::makeTestDatabase(GetParam());
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(db).value();
  }

  void migrate() {
    auto events = openStore(db_->url());
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    ASSERT_EQ((*events)->migrate(), Status::ok());
  }

  IdentityStorePtr open() {
    auto opened = openIdentityStore(db_->url());
    EXPECT_TRUE(opened.isOk()) << opened.status().toString();
    return opened.isOk() ? std::move(opened).value() : nullptr;
  }

  void append(IdentityStore& store, int from, int count) {
    std::vector<AccessRecord> batch;
    for (int i = from; i < from + count; ++i) batch.push_back(access(i));
    ASSERT_EQ(store.appendAccess(batch, chain_), Status::ok());
  }

  identity::AccessChainReport verify() {
    auto store = open();
    auto report = identity::verifyAccessChain(*store, testKey());
    EXPECT_TRUE(report.isOk()) << report.status().toString();
    return report.isOk() ? *report : identity::AccessChainReport{};
  }

  testing::TestDatabasePtr db_;
  const identity::AccessChain chain_{testKey()};
};

TEST_P(AccessChainTest, ManyBatchedAppendsThroughTheWriterFormOneIntactChain) {
  migrate();
  ManualClock clock(fromMicros(kT0));
  identity::AccessLog log(open(), open(), clock, testKey());
  identity::Principal anna;
  anna.id = "u-1";
  anna.name = "anna";
  constexpr int kRecords = 2500;  // more than one group commit holds
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  int failed = 0;
  for (int i = 0; i < kRecords; ++i) {
    identity::AccessEntry entry{"phone:+35840" + std::to_string(1000000 + i), "task",
                                "t-" + std::to_string(i), "callback task"};
    log.record(anna, "GET /api/v1/tasks/{id}", std::move(entry), [&](Status st) {
      std::lock_guard lock(mu);
      ++done;
      if (!st) ++failed;
      cv.notify_one();
    });
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done == kRecords; });
  }
  EXPECT_EQ(failed, 0);
  auto report = verify();
  EXPECT_TRUE(report.intact()) << report.problem;
  EXPECT_EQ(report.chained_rows, kRecords);
  EXPECT_EQ(report.head_seq, kRecords);
}

TEST_P(AccessChainTest, TwoConnectionsAppendingAtOnceKeepOneChain) {
  migrate();
  auto first = open();
  auto second = open();
  std::atomic<bool> go = false;
  auto appender = [&](IdentityStore& store, int base) {
    while (!go) std::this_thread::yield();
    for (int b = 0; b < 40; ++b) append(store, base + b * 10, 10);
  };
  std::thread a(appender, std::ref(*first), 0);
  std::thread b(appender, std::ref(*second), 100000);
  go = true;
  a.join();
  b.join();
  auto report = verify();
  EXPECT_TRUE(report.intact()) << report.problem << " at seq " << report.broken_seq;
  EXPECT_EQ(report.chained_rows, 800);
}

TEST_P(AccessChainTest, AppendedRowsCarryTheirLinks) {
  migrate();
  auto store = open();
  std::vector<AccessRecord> batch = {access(1), access(2)};
  ASSERT_EQ(store->appendAccess(batch, chain_), Status::ok());
  EXPECT_EQ(batch[0].seq, 1);
  EXPECT_EQ(batch[0].prev_hash, chain_.genesis({0, 0}));
  EXPECT_EQ(batch[1].prev_hash, batch[0].hash);
  EXPECT_EQ(batch[1].hash, chain_.link(batch[1]));
  auto stored = store->readAccess(0, 10);
  ASSERT_TRUE(stored.isOk()) << stored.status().toString();
  EXPECT_EQ(*stored, batch);
}

TEST_P(AccessChainTest, DeletedRowIsReportedAtItsSeq) {
  migrate();
  append(*open(), 1, 10);
  ASSERT_EQ(db_->execDirectly(dropDeleteGuard(GetParam())), Status::ok());
  ASSERT_EQ(db_->execDirectly("DELETE FROM access_log WHERE seq = 5"), Status::ok());
  auto report = verify();
  EXPECT_FALSE(report.intact());
  EXPECT_EQ(report.broken_seq, 5);
  EXPECT_THAT(report.problem, HasSubstr("row 5 is missing"));
  EXPECT_EQ(report.chained_rows, 4);
}

TEST_P(AccessChainTest, ModifiedRowIsReportedAtItsSeq) {
  migrate();
  append(*open(), 1, 10);
  ASSERT_EQ(db_->execDirectly(dropUpdateGuard(GetParam())), Status::ok());
  ASSERT_EQ(db_->execDirectly("UPDATE access_log SET purpose = 'registrar request' WHERE seq = 7"),
            Status::ok());
  auto report = verify();
  EXPECT_EQ(report.broken_seq, 7);
  EXPECT_THAT(report.problem, HasSubstr("seq 7 was changed"));
}

TEST_P(AccessChainTest, RowReplacedWithALinkOfItsOwnIsReportedAtTheNextSeq) {
  migrate();
  append(*open(), 1, 10);
  // Someone with the key's output for a row of their own (here: a row computed with the
  // right key but other content) cannot splice it in: the next row still points at the old.
  AccessRecord forged = access(99);
  forged.seq = 4;
  auto stored = open()->readAccess(3, 1);
  ASSERT_TRUE(stored.isOk());
  forged.prev_hash = (*stored)[0].prev_hash;
  forged.hash = chain_.link(forged);
  ASSERT_EQ(db_->execDirectly(dropUpdateGuard(GetParam())), Status::ok());
  ASSERT_EQ(db_->execDirectly(
                "UPDATE access_log SET record_id = 't-99', at = " + std::to_string(kT0 + 99) +
                ", citizen_ref = 'ref-1', hash = '" + forged.hash + "' WHERE seq = 4"),
            Status::ok());
  auto report = verify();
  EXPECT_EQ(report.broken_seq, 5);
  EXPECT_THAT(report.problem, HasSubstr("seq 5 does not continue the chain"));
}

// A store at schema version 2 with rows, as an older Luukku left it.
void makeVersion2Store(testing::TestDatabase& db, Backend backend, int rows) {
  ASSERT_TRUE(openStore(db.url()).isOk());  // creates the SQLite file; migrates nothing
  std::string sql = backend == Backend::kSqlite
                        ? "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                          "description TEXT NOT NULL, applied_at INTEGER NOT NULL);"
                        : "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                          "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT "
                          "now());";
  for (const Migration& m : allMigrations()) {
    if (m.version > 2) break;
    sql += backend == Backend::kSqlite ? m.sqlite_sql : m.postgres_sql;
    sql += ";" + db.recordSchemaVersionSql(m.version) + ";";
  }
  for (int i = 0; i < rows; ++i) {
    sql +=
        "INSERT INTO access_log (at, actor_id, actor_name, actor_roles, citizen_ref, "
        "record_kind, record_id, purpose, route) VALUES (" +
        std::to_string(kT0 + i) + ", 'u-1', 'anna', 'agent', 'ref', 'task', 't', 'chat', 'GET');";
  }
  Status made = db.execDirectly(sql);
  ASSERT_EQ(made, Status::ok()) << made.toString();
}

TEST_P(AccessChainTest, RowsFromBeforeTheChainAreCountedAndTheChainFollowsThem) {
  makeVersion2Store(*db_, GetParam(), 3);
  migrate();
  auto store = open();
  auto start = store->accessChainStart();
  ASSERT_TRUE(start.isOk()) << start.status().toString();
  EXPECT_EQ(*start, (AccessChainStart{3, 3}));
  std::vector<AccessRecord> batch = {access(1), access(2)};
  ASSERT_EQ(store->appendAccess(batch, chain_), Status::ok());
  EXPECT_EQ(batch[0].seq, 4);
  EXPECT_EQ(batch[0].prev_hash, chain_.genesis({3, 3}));
  auto report = verify();
  EXPECT_TRUE(report.intact()) << report.problem;
  EXPECT_EQ(report.legacy_rows, 3);
  EXPECT_EQ(report.chained_rows, 2);
}

TEST_P(AccessChainTest, DeletedRowFromBeforeTheChainIsReported) {
  makeVersion2Store(*db_, GetParam(), 3);
  migrate();
  append(*open(), 1, 2);
  ASSERT_EQ(db_->execDirectly(dropDeleteGuard(GetParam())), Status::ok());
  ASSERT_EQ(db_->execDirectly("DELETE FROM access_log WHERE seq = 2"), Status::ok());
  auto report = verify();
  EXPECT_FALSE(report.intact());
  EXPECT_EQ(report.broken_seq, 3);
  EXPECT_THAT(report.problem, HasSubstr("there were 3 up to seq 3, now there are 2"));
}

TEST_P(AccessChainTest, MovedChainStartIsReported) {
  migrate();
  append(*open(), 1, 5);
  std::string unguard = GetParam() == Backend::kSqlite
                            ? "DROP TRIGGER access_log_chain_is_never_updated"
                            : "DROP TRIGGER access_log_chain_is_append_only ON access_log_chain";
  ASSERT_EQ(db_->execDirectly(unguard), Status::ok());
  // Claiming the first three rows predate the chain would leave them unprotected.
  ASSERT_EQ(db_->execDirectly("UPDATE access_log_chain SET genesis_seq = 3, legacy_rows = 3"),
            Status::ok());
  auto report = verify();
  EXPECT_EQ(report.broken_seq, 4);
  EXPECT_THAT(report.problem, HasSubstr("seq 4 does not continue the chain"));
}

TEST_P(AccessChainTest, TheChainStartCannotBeChangedWithTheGuardInPlace) {
  migrate();
  EXPECT_THAT(db_->execDirectly("DELETE FROM access_log_chain").message(),
              HasSubstr("append-only"));
  EXPECT_THAT(db_->execDirectly("UPDATE access_log_chain SET genesis_seq = 9").message(),
              HasSubstr("append-only"));
}

std::string backendOf(const ::testing::TestParamInfo<Backend>& test) {
  return testing::backendName(test.param);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, AccessChainTest, ::testing::Values(Backend::kSqlite), backendOf);
INSTANTIATE_TEST_SUITE_P(Postgres, AccessChainTest, ::testing::Values(Backend::kPostgres),
                         backendOf);

}  // namespace
}  // namespace luukku::store
