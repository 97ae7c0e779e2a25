// The access log's hash chain and the configuration audit from the real binary: `luukku
// access-log verify` passes an intact log and fails naming the seq of a deleted row, a server
// started on a broken log still serves and says so in /metrics, and `luukku import-config`
// leaves an audit row. Also `luukku report rebuild`, the other command over the whole log. Each
// test has a store of its own (SQLite, or a PostgreSQL schema when the cluster's URL file is set).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "e2e/server_process.h"
#include "identity/access_log.h"
#include "store/event_store.h"
#include "store/identity_store.h"
#include "store/report_store.h"
#include "store/test_database.h"
#include "support/metrics_text.h"
#include "support/temp_dir.h"

namespace luukku::testing {
namespace {

using store::testing::Backend;
using ::testing::HasSubstr;

Backend backend() {
  const char* url_file = std::getenv("LUUKKU_TEST_PG_URL_FILE");
  return url_file && *url_file ? Backend::kPostgres : Backend::kSqlite;
}

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CliResult run(const std::vector<std::string>& global_args, const std::string& command) {
  std::string line = luukkuBinary();
  for (const auto& a : global_args) line += " '" + a + "'";
  line += " --log-level warn " + command + " 2>&1";
  CliResult result;
  FILE* out = ::popen(line.c_str(), "r");
  if (!out) return result;
  char buf[512];
  while (::fgets(buf, sizeof buf, out)) result.output += buf;
  int status = ::pclose(out);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class AccessLogCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::testing::makeTestDatabase(backend());
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(db).value();
    args_ = {"--data-dir", dir_.path().string(), "--store-url", db_->url()};
    auto events = store::openStore(db_->url());
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    ASSERT_EQ((*events)->migrate(), Status::ok());
  }

  // Writes `count` access-log rows as the server would, with the key file the binary uses.
  void writeRows(int count) {
    auto key = identity::loadOrCreateKey(dir_.file("identity.key"));
    ASSERT_TRUE(key.isOk()) << key.status().toString();
    ManualClock clock(fromMicros(1795335330000000));
    auto log = identity::AccessLog::open(db_->url(), clock, *key);
    ASSERT_TRUE(log.isOk()) << log.status().toString();
    identity::Principal anna;
    anna.id = "u-1";
    anna.name = "anna";
    for (int i = 0; i < count; ++i) {
      identity::AccessEntry entry{"phone:+358401234567", "task", "t-" + std::to_string(i),
                                  "callback task"};
      ASSERT_EQ((*log)->recordNow(anna, "GET /api/v1/tasks/{id}", std::move(entry)), Status::ok());
    }
  }

  void deleteRow(int seq) {
    std::string unguard = backend() == Backend::kSqlite
                              ? "DROP TRIGGER access_log_is_never_deleted"
                              : "DROP TRIGGER access_log_is_append_only ON access_log";
    ASSERT_EQ(db_->execDirectly(unguard), Status::ok());
    ASSERT_EQ(db_->execDirectly("DELETE FROM access_log WHERE seq = " + std::to_string(seq)),
              Status::ok());
  }

  TempDir dir_;
  store::testing::TestDatabasePtr db_;
  std::vector<std::string> args_;
};

TEST_F(AccessLogCli, VerifyPassesAnIntactLog) {
  writeRows(5);
  auto verified = run(args_, "access-log verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_THAT(verified.output, HasSubstr("access log intact: 5 chained rows up to seq 5"));
}

TEST_F(AccessLogCli, VerifyFailsNamingTheSeqOfADeletedRow) {
  writeRows(5);
  deleteRow(3);
  auto verified = run(args_, "access-log verify");
  EXPECT_EQ(verified.exit_code, 1) << verified.output;
  EXPECT_THAT(verified.output, HasSubstr("BROKEN at seq 3: row 3 is missing (deleted)"));
}

TEST_F(AccessLogCli, VerifyWithoutTheKeyFileCannotCheck) {
  auto verified = run(args_, "access-log verify");
  EXPECT_EQ(verified.exit_code, 2) << verified.output;
  EXPECT_THAT(verified.output, HasSubstr("identity.key does not exist"));
}

TEST_F(AccessLogCli, ServerStartedOnABrokenLogServesAndReportsTheBreakInMetrics) {
  writeRows(4);
  deleteRow(2);
  ServerProcess server(args_);
  std::string text;
  for (int i = 0; i < 3000 && metricValue(text, "luukku_access_log_chain_verified") != 1; ++i) {
    text = server.client().get("/metrics").body;
    if (metricValue(text, "luukku_access_log_chain_verified") != 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_EQ(metricValue(text, "luukku_access_log_chain_broken"), 1) << text;
  EXPECT_EQ(metricValue(text, "luukku_access_log_chain_broken_seq"), 2) << text;
  EXPECT_EQ(server.client().get("/healthz").status, 200);
}

TEST_F(AccessLogCli, ReportRebuildProjectsTheWholeLog) {
  std::string file = std::string(LUUKKU_SOURCE_DIR) + "/config/demo-region.toml";
  ASSERT_EQ(run(args_, "import-config '" + file + "'").exit_code, 0);
  auto events = store::openStore(db_->url());
  ASSERT_TRUE(events.isOk());
  auto last = (*events)->lastGlobalSeq();
  ASSERT_TRUE(last.isOk());
  ASSERT_GT(*last, 0);
  auto rebuilt = run(args_, "report rebuild");
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.output;
  EXPECT_THAT(rebuilt.output,
              HasSubstr("report roll-ups rebuilt up to seq " + std::to_string(*last) + " in"));
  auto reports = store::openReportStore(db_->url());
  ASSERT_TRUE(reports.isOk());
  auto projected = (*reports)->projection();
  ASSERT_TRUE(projected.isOk());
  EXPECT_EQ(projected->seq, *last);
}

TEST_F(AccessLogCli, ImportConfigFromTheCliIsAuditedWithWhatChanged) {
  std::string file = std::string(LUUKKU_SOURCE_DIR) + "/config/demo-region.toml";
  auto imported = run(args_, "import-config '" + file + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  auto again = run(args_, "import-config '" + file + "'");  // changes nothing: no audit row
  ASSERT_EQ(again.exit_code, 0) << again.output;
  auto identity_store = store::openIdentityStore(db_->url());
  ASSERT_TRUE(identity_store.isOk());
  auto audit = (*identity_store)->listAudit(0, 100);
  ASSERT_TRUE(audit.isOk()) << audit.status().toString();
  ASSERT_EQ(audit->size(), 1u);
  const store::AuditRecord& row = audit->front();
  EXPECT_EQ(row.actor_id, "cli");
  EXPECT_EQ(row.action, "region.imported");
  auto before = boost::json::parse(row.before).as_object();
  auto after = boost::json::parse(row.after).as_object();
  EXPECT_EQ(before.at("service_lines").as_int64(), 0);
  EXPECT_GT(after.at("service_lines").as_int64(), 0);
  EXPECT_GT(after.at("agents").as_int64(), 0);
  EXPECT_GT(after.at("as_of_seq").as_int64(), before.at("as_of_seq").as_int64());
  EXPECT_NE(after.at("sha256").as_string(), before.at("sha256").as_string());
  EXPECT_EQ(after.at("file_sha256").as_string().size(), 64u);
  EXPECT_GT(after.at("created").as_int64(), 0);
}

}  // namespace
}  // namespace luukku::testing
