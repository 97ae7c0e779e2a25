// pg::Session against the test cluster: what a failure becomes, and transactions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/identity_backends.h"
#include "store/postgres_support.h"
#include "store/test_database.h"

namespace luukku::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostgresSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::makeTestDatabase(testing::Backend::kPostgres);
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(db).value();
    auto session = pg::Session::open(db_->url(), "luukku-test");
    ASSERT_TRUE(session.isOk()) << session.status().toString();
    session_.emplace(std::move(session).value());
  }

  // The Status of a statement that fails with `sqlstate`.
  Status raise(const std::string& sqlstate) {
    return session_->command(
        "DO $$ BEGIN RAISE EXCEPTION 'raised' USING ERRCODE = '" + sqlstate + "'; END $$",
        "raising " + sqlstate);
  }

  testing::TestDatabasePtr db_;
  std::optional<pg::Session> session_;
};

TEST_F(PostgresSessionTest, RetryableErrorsAreUnavailableAndSayWhatFailed) {
  for (const char* sqlstate : {"40001", "40P01", "53100", "55P03", "57014", "58030"}) {
    Status st = raise(sqlstate);
    EXPECT_EQ(st.code(), ErrorCode::kUnavailable) << st.toString();
    EXPECT_THAT(st.message(), HasSubstr(std::string("raised [SQLSTATE ") + sqlstate + "]"));
  }
}

TEST_F(PostgresSessionTest, PermanentErrorsAreInternal) {
  for (const char* sqlstate : {"58P01", "23503", "P0001"}) {
    EXPECT_EQ(raise(sqlstate).code(), ErrorCode::kInternal) << sqlstate;
  }
}

TEST_F(PostgresSessionTest, UniqueViolationIsAlreadyExistsNamingTheKey) {
  ASSERT_TRUE(session_->command("CREATE TABLE t (k TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')",
                                "creating a table"));
  Status st = session_->command("INSERT INTO t VALUES ('a')", "inserting");
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.toString();
  EXPECT_THAT(st.message(), HasSubstr("Key (k)=(a) already exists"));
}

TEST_F(PostgresSessionTest, FailedTransactionBodyRollsBack) {
  ASSERT_TRUE(session_->command("CREATE TABLE t (k TEXT PRIMARY KEY)", "creating a table"));
  Status st = session_->transaction("writing", [&] {
    RETURN_IF_ERROR(session_->command("INSERT INTO t VALUES ('a')", "inserting"));
    return conflict("changed my mind");
  });
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  auto count = session_->query("SELECT count(*) FROM t", {}, pg::Cells::kText, "counting");
  ASSERT_TRUE(count.isOk()) << count.status().toString();
  EXPECT_EQ(std::string(PQgetvalue(count->get(), 0, 0)), "0");
}

TEST_F(PostgresSessionTest, CommitOfAFailedTransactionIsAnError) {
  // The body swallows its statement's failure; PostgreSQL turns COMMIT into ROLLBACK.
  Status st = session_->transaction("writing", [&] {
    (void)raise("P0001");
    return Status::ok();
  });
  EXPECT_EQ(st.code(), ErrorCode::kInternal) << st.toString();
  EXPECT_THAT(st.message(), HasSubstr("rolled the transaction back"));
}

TEST_F(PostgresSessionTest, ReadCommittedTransactionRunsAtThatLevel) {
  std::string level;
  Status st = session_->transaction(
      "reading",
      [&]() -> Status {
        ASSIGN_OR_RETURN(auto r, session_->query("SHOW transaction_isolation", {}, pg::Cells::kText,
                                                 "reading the level"));
        level = PQgetvalue(r.get(), 0, 0);
        return Status::ok();
      },
      pg::Isolation::kReadCommitted);
  ASSERT_TRUE(st) << st.toString();
  EXPECT_EQ(level, "read committed");
}

// The identity store once left libpq's reason out of its connection errors.
TEST(PostgresStore, IdentityStoreConnectionErrorsSayWhyWithoutThePassword) {
  auto opened = openPostgresIdentityStore("postgresql://luukku:Sal4sana-x9@127.0.0.1:1/luukku");
  ASSERT_FALSE(opened.isOk());
  EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(opened.status().message(), HasSubstr("Connection refused"));
  EXPECT_THAT(opened.status().message(), Not(HasSubstr("Sal4sana")));
}

}  // namespace
}  // namespace luukku::store
