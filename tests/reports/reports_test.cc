// The reports from generated event streams with known answers, on both store backends: the
// region's own monthly table, Helsinki days across the clock changes, calls across midnight
// and a month's end, callbacks reached the next day, and roll-ups kept up batch by batch
// against a rebuild from the whole log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/call_log.h"
#include "reports/projector.h"
#include "reports/report_queries.h"
#include "store/event_store.h"
#include "store/report_store.h"
#include "store/test_database.h"

namespace luukku {
namespace store {
void PrintTo(const CounterRow& r, std::ostream* out) {
  *out << "{" << r.day << " h" << r.hour << " " << r.line_id << " " << r.agent_id << " " << r.metric
       << "=" << r.value << "}";
}
}  // namespace store
namespace core::reports {
void PrintTo(const CallRecord& c, std::ostream* out) {
  *out << "{" << c.id << " " << c.line_id << " " << callDirectionName(c.direction) << " "
       << c.number << " " << formatTimestamp(c.arrived_at) << " " << callOutcomeName(outcomeOf(c))
       << "}";
}
}  // namespace core::reports
namespace reports {
namespace {

using core::reports::formatBasisPoints;
using core::reports::OutcomeCounts;
using core::routing::AttemptOutcome;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using store::testing::Backend;
using testing::CallLog;
using testing::helsinki;

Date date(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

std::string number(int i) {
  std::string digits = std::to_string(1000000 + i);
  return "+35840" + digits.substr(digits.size() - 7);
}

// The region's November 2024: before the callback system, 620 calls: 397 answered, 60 lost,
// 163 outgoing.
void november2024(CallLog& log) {
  for (int i = 0; i < 620; ++i) {
    const auto day = static_cast<unsigned>(1 + i % 30);
    const Timestamp at = helsinki(2024, 11, day, 8 + (i / 30) % 9, (i * 7) % 60);
    const std::string id = "n-" + std::to_string(i);
    if (i < 397) {
      log.answered(id, "terveysneuvonta", number(i), at, seconds{i % 50}, minutes{4}, "aino");
    } else if (i < 457) {
      log.abandoned(id, "terveysneuvonta", number(i), at, seconds{45});
    } else {
      log.outgoing(id, "terveysneuvonta", number(i), "aino", at, minutes{3});
    }
  }
}

// March 2025, with callbacks: 1,426 calls: 894 answered, 242 called back, 290 outgoing. Every
// fifth callback reaches the caller only on the next working day's morning, after a failed try.
void march2025(CallLog& log) {
  for (int i = 0; i < 1426; ++i) {
    const auto day = static_cast<unsigned>(1 + i % 31);
    const Timestamp at = helsinki(2025, 3, day, 8 + (i / 31) % 9, (i * 11) % 60);
    const std::string id = "m-" + std::to_string(i);
    if (i < 894) {
      log.answered(id, "paivystysapu", number(i), at, seconds{i % 90}, minutes{5}, "ville");
    } else if (i < 1136) {
      const std::string task = "t-" + std::to_string(i);
      log.abandoned(id, "paivystysapu", number(i), at, seconds{40}, task);
      if (i % 5 == 0) {
        log.callbackAttempt("cb-" + std::to_string(i) + "-1", task, "paivystysapu", number(i),
                            "ville", at + minutes{20}, AttemptOutcome::kNoAnswer);
        log.callbackAttempt("cb-" + std::to_string(i) + "-2", task, "paivystysapu", number(i),
                            "ville", at + hours{18}, AttemptOutcome::kReached);
      } else {
        log.callbackAttempt("cb-" + std::to_string(i) + "-1", task, "paivystysapu", number(i),
                            "ville", at + minutes{30}, AttemptOutcome::kReached);
      }
    } else {
      log.outgoing(id, "paivystysapu", number(i), "ville", at, minutes{3});
    }
  }
}

class ReportsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = store::testing::makeTestDatabase(GetParam());
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(*db);
    auto events = store::openStore(db_->url());
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    events_ = std::move(*events);
    ASSERT_TRUE(events_->migrate().isOk());
    ASSERT_TRUE(events_->claimWriter().isOk());
    reports_ = openReports();
  }

  store::ReportStorePtr openReports() {
    auto reports = store::openReportStore(db_->url());
    EXPECT_TRUE(reports.isOk()) << reports.status().toString();
    return reports.isOk() ? std::move(*reports) : nullptr;
  }

  void append(const std::vector<store::StoredEvent>& events) {
    store::AppendBatch batch;
    batch.events = events;
    Status st = events_->append(batch);
    ASSERT_TRUE(st.isOk()) << st.toString();
  }

  void project(std::size_t batch_size = 5000) {
    ReportProjector projector(*events_, *reports_, batch_size);
    auto n = projector.catchUp();
    ASSERT_TRUE(n.isOk()) << n.status().toString();
  }

  // The month's row for all lines.
  OutcomeRow month(Date first, Date last) {
    auto rows = callsByOutcome(*reports_, {first, last, std::nullopt}, Period::kMonth, false);
    EXPECT_TRUE(rows.isOk()) << rows.status().toString();
    if (!rows.isOk() || rows->size() != 1) return {};
    return rows->front();
  }

  std::vector<std::string> shares(const OutcomeRow& row) {
    std::vector<std::string> out;
    for (auto bp : row.shares) out.push_back(formatBasisPoints(bp));
    return out;
  }

  OutcomeCounts day(Date d) {
    auto rows = callsByOutcome(*reports_, {d, d, std::nullopt}, Period::kDay, false);
    EXPECT_TRUE(rows.isOk()) << rows.status().toString();
    return rows.isOk() && rows->size() == 1 ? rows->front().counts : OutcomeCounts{};
  }

  // Everything the roll-ups hold, for comparing two of them.
  std::vector<store::CounterRow> allCounters() {
    std::vector<store::CounterRow> out;
    for (bool by_agent : {false, true}) {
      auto rows = reports_->counters({"0000-01-01", "9999-12-31", std::nullopt, by_agent, {}});
      EXPECT_TRUE(rows.isOk());
      if (rows.isOk()) out.insert(out.end(), rows->begin(), rows->end());
    }
    return out;
  }
  std::vector<core::reports::CallRecord> allCalls() {
    auto rows = reports_->calls({Timestamp(), fromMicros(std::numeric_limits<std::int64_t>::max()),
                                 std::nullopt, std::nullopt, std::nullopt, 1000000, 0});
    EXPECT_TRUE(rows.isOk());
    return rows.isOk() ? *rows : std::vector<core::reports::CallRecord>{};
  }

  store::testing::TestDatabasePtr db_;
  store::EventStorePtr events_;
  store::ReportStorePtr reports_;
};

struct MonthRow {
  void (*generate)(CallLog&);
  Date first;
  Date last;
  std::string label;
  OutcomeCounts counts;
  std::vector<std::string> shares;
};

TEST_P(ReportsTest, ReproducesTheRegionsMonthlyTable) {
  const std::vector<MonthRow> table = {
      {november2024,
       date(2024, 11, 1),
       date(2024, 11, 30),
       "2024-11",
       {397, 60, 0, 163},
       {"64.03", "9.68", "0.00", "26.29"}},
      {march2025,
       date(2025, 3, 1),
       date(2025, 3, 31),
       "2025-03",
       {894, 0, 242, 290},
       {"62.69", "0.00", "16.97", "20.34"}},
  };
  CallLog log;
  for (const MonthRow& expected : table) expected.generate(log);
  append(log.log());
  project();
  for (const MonthRow& expected : table) {
    OutcomeRow row = month(expected.first, expected.last);
    EXPECT_EQ(row.period, expected.label);
    EXPECT_EQ(row.counts, expected.counts) << expected.label;
    EXPECT_EQ(shares(row), expected.shares) << expected.label;
  }
  EXPECT_EQ(month(date(2024, 11, 1), date(2024, 11, 30)).counts.total(), 620);
  EXPECT_EQ(month(date(2025, 3, 1), date(2025, 3, 31)).counts.total(), 1426);
}

TEST_P(ReportsTest, KeptUpBatchByBatchWithRestartsEqualsARebuild) {
  CallLog log;
  march2025(log);
  append(log.log());
  // Each batch by a new projector, which resumes from what the store kept.
  for (;;) {
    ReportProjector projector(*events_, *reports_, 97);
    auto n = projector.projectOneBatch();
    ASSERT_TRUE(n.isOk()) << n.status().toString();
    if (*n == 0) break;
  }
  auto incremental_counters = allCounters();
  auto incremental_calls = allCalls();
  ReportProjector rebuilder(*events_, *reports_);
  ASSERT_TRUE(rebuilder.rebuild().isOk());
  EXPECT_EQ(allCounters(), incremental_counters);
  EXPECT_EQ(allCalls(), incremental_calls);
  // Every call, and every callback attempt (49 tasks needed two).
  EXPECT_EQ(allCalls().size(), 1426u + 242u + 49u);
}

std::string backendOf(const ::testing::TestParamInfo<Backend>& test) {
  return store::testing::backendName(test.param);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, ReportsTest, ::testing::Values(Backend::kSqlite), backendOf);
INSTANTIATE_TEST_SUITE_P(Postgres, ReportsTest, ::testing::Values(Backend::kPostgres), backendOf);

}  // namespace
}  // namespace reports
}  // namespace luukku
