// Which PostgreSQL errors are worth retrying: the table in store/postgres_support.h, row by row.
#include <gtest/gtest.h>

#include "store/postgres_support.h"

namespace luukku::store::pg {
namespace {

struct Case {
  const char* sqlstate;
  FailureClass expected;
};

class SqlstateTest : public ::testing::TestWithParam<Case> {};

TEST_P(SqlstateTest, IsClassifiedAsTheTableSays) {
  EXPECT_EQ(classifySqlstate(GetParam().sqlstate), GetParam().expected) << GetParam().sqlstate;
}

constexpr auto kRetryable = FailureClass::kRetryable;
constexpr auto kPermanent = FailureClass::kPermanent;

INSTANTIATE_TEST_SUITE_P(
    Table, SqlstateTest,
    ::testing::Values(Case{"", kRetryable},                 // no answer from the server
                      Case{"08006", kRetryable},            // connection_failure
                      Case{"08001", kRetryable},            // cannot connect
                      Case{"25P03", kRetryable},            // idle in transaction timeout
                      Case{"25P04", kRetryable},            // transaction_timeout
                      Case{"40001", kRetryable},            // serialization_failure
                      Case{"40P01", kRetryable},            // deadlock_detected
                      Case{"53100", kRetryable},            // disk_full
                      Case{"53300", kRetryable},            // too_many_connections
                      Case{"55P03", kRetryable},            // lock_not_available
                      Case{"57014", kRetryable},            // query_canceled
                      Case{"57P01", kRetryable},            // admin_shutdown
                      Case{"57P03", kRetryable},            // cannot_connect_now
                      Case{"58000", kRetryable},            // system_error
                      Case{"58030", kRetryable},            // io_error
                      Case{"58P01", kPermanent},            // undefined_file
                      Case{"58P02", kPermanent},            // duplicate_file
                      Case{"23505", FailureClass::kTaken},  // unique_violation
                      Case{"23503", kPermanent},            // foreign_key_violation
                      Case{"42601", kPermanent},            // syntax_error
                      Case{"42P01", kPermanent},            // undefined_table
                      Case{"25P02", kPermanent},            // in_failed_sql_transaction
                      Case{"55000", kPermanent},            // object_not_in_prerequisite_state
                      Case{"40002", kPermanent},            // transaction_integrity_constraint
                      Case{"P0001", kPermanent}));          // raise_exception

}  // namespace
}  // namespace luukku::store::pg
