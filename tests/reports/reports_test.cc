// The reports from generated event streams with known answers, on both store backends: the
// region's own monthly table, Helsinki days across the clock changes, calls across midnight
// and a month's end, callbacks reached the next day, and roll-ups kept up batch by batch
// against a rebuild from the whole log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "core/routing/helsinki_time.h"
#include "reports/call_log.h"
#include "reports/projector.h"
#include "reports/report_queries.h"
#include "reports/report_service.h"
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

// An agent signed in (available) at `from` and signed out at `to`.
void shift(CallLog& log, const std::string& agent, Timestamp from, std::optional<Timestamp> to) {
  core::routing::PresenceState on;
  on.status = core::routing::PresenceStatus::kAvailable;
  on.chosen = core::routing::PresenceStatus::kAvailable;
  on.since = from;
  on.idle_since = from;
  log.routing(core::routing::PresenceChanged{agent, on, from}, from);
  if (!to) return;
  core::routing::PresenceState off;
  off.since = *to;
  off.idle_since = *to;
  log.routing(core::routing::PresenceChanged{agent, off, *to}, *to);
}

// The agent's service lines from `at` on, as the engine writes them when the agent signs in
// or the configuration changes.
void memberOf(CallLog& log, const std::string& agent, const std::vector<std::string>& lines,
              Timestamp at) {
  core::routing::AgentProfile profile;
  for (const auto& line : lines) profile.memberships.push_back({line, 1});
  log.routing(core::routing::ProfileChanged{agent, profile, at}, at);
}

// March 2025, with callbacks: 1,426 calls: 894 answered, 242 called back, 290 outgoing. Every
// fifth callback reaches the caller only on the next working day's morning, after a failed try.
void march2025(CallLog& log) {
  for (unsigned d = 1; d <= 31; ++d) {
    shift(log, "ville", helsinki(2025, 3, d, 7, 50), helsinki(2025, 3, d, 17, 10));
  }
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

// Chats on two lines in March 2025: 300 started, every tenth left the queue, the others were
// answered (waits 0-119 s, 2-31 min long), and two in three of those rated 1-5.
void chatsMarch2025(CallLog& log) {
  for (int i = 0; i < 300; ++i) {
    const auto day = static_cast<unsigned>(1 + i % 31);
    const Timestamp at = helsinki(2025, 3, day, 8 + (i / 31) % 9, (i * 13) % 60);
    const std::string id = "ch-" + std::to_string(i);
    const std::string line = i % 2 == 0 ? "terveysasemat" : "neuvola";
    if (i % 10 == 9) {
      log.chatAbandoned(id, line, at, seconds{30 + i % 60});
    } else {
      log.chatAnswered(id, line, at, seconds{i % 120}, minutes{2 + i % 30}, "ville",
                       i % 3 == 2 ? 0 : 1 + i % 5);
    }
  }
}

class ReportsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void expectRebuiltWhenResumed(const std::function<store::Projection(store::Projection)>& spoilt,
                                const std::string& why);

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

  OutcomeCounts day(Date d, std::optional<std::string> line = std::nullopt) {
    auto rows = callsByOutcome(*reports_, {d, d, std::move(line)}, Period::kDay, false);
    EXPECT_TRUE(rows.isOk()) << rows.status().toString();
    return rows.isOk() && rows->size() == 1 ? rows->front().counts : OutcomeCounts{};
  }

  // Everything the roll-ups hold, for comparing two of them.
  std::vector<store::CounterRow> allCounters() {
    std::vector<store::CounterRow> out;
    for (bool by_agent : {false, true}) {
      auto rows = reports_->counters(
          {"0000-01-01", "9999-12-31", std::nullopt, by_agent, std::nullopt, {}, false, {}});
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
  chatsMarch2025(log);
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
  // Every call, and every callback attempt (49 tasks needed two); chats are not calls.
  EXPECT_EQ(allCalls().size(), 1426u + 242u + 49u);
  auto chats = chatFigures(*reports_, {date(2025, 3, 1), date(2025, 3, 31), std::nullopt},
                           Period::kMonth, false);
  ASSERT_TRUE(chats.isOk()) << chats.status().toString();
  EXPECT_EQ(chats->at(0).offered, 300);
  EXPECT_EQ(chats->at(0).answered, 270);
  EXPECT_EQ(chats->at(0).abandoned, 30);
  EXPECT_EQ(chats->at(0).feedback, 180);
}

// The chat figures of `range` for all lines, one period.
ChatRow chatsOf(store::ReportStore& store, DayRange range, Period period = Period::kAll) {
  auto rows = chatFigures(store, range, period, range.line_id.has_value());
  EXPECT_TRUE(rows.isOk()) << rows.status().toString();
  if (!rows.isOk() || rows->empty()) return {};
  return rows->back();
}

TEST_P(ReportsTest, ChatFiguresFromKnownChats) {
  CallLog log;
  const Timestamp at = helsinki(2025, 3, 14, 10, 0);
  // Waits 10, 20, 30, 40 and 100 s; 1 to 5 minutes long; rated 5, 4, 4, 2 and not at all.
  const std::array<int, 5> waits = {10, 20, 30, 40, 100};
  const std::array<int, 5> ratings = {5, 4, 4, 2, 0};
  for (int i = 0; i < 5; ++i) {
    log.chatAnswered("c-" + std::to_string(i), "terveysasemat", at + minutes{10 * i},
                     seconds{waits[i]}, minutes{i + 1}, "aino", ratings[i]);
  }
  log.chatAbandoned("c-5", "terveysasemat", at, seconds{50});
  log.chatAbandoned("c-6", "neuvola", at, seconds{70});
  // A call the same day is no chat, and a chat no call.
  log.answered("k-1", "terveysasemat", number(1), at, seconds{5}, minutes{3}, "aino");
  append(log.log());
  project();
  ChatRow all = chatsOf(*reports_, {date(2025, 3, 14), date(2025, 3, 14), std::nullopt});
  EXPECT_EQ(all.offered, 7);
  EXPECT_EQ(all.answered, 5);
  EXPECT_EQ(all.abandoned, 2);
  EXPECT_EQ(all.wait.count, 5);
  EXPECT_DOUBLE_EQ(*all.wait.mean_s, 40.0);
  EXPECT_EQ(all.wait.median_s, 30);
  EXPECT_EQ(all.wait.p90_s, 100);
  EXPECT_DOUBLE_EQ(*all.duration.mean_s, 180.0);
  EXPECT_EQ(all.duration.median_s, 180);
  EXPECT_EQ(all.duration.p90_s, 300);
  EXPECT_EQ(all.feedback, 4);
  EXPECT_DOUBLE_EQ(*all.mean_rating, 3.75);
  EXPECT_EQ(all.ratings, (std::array<std::int64_t, 5>{0, 1, 0, 2, 1}));
  EXPECT_EQ(day(date(2025, 3, 14)).answered, 1);
  ChatRow neuvola = chatsOf(*reports_, {date(2025, 3, 14), date(2025, 3, 14), "neuvola"});
  EXPECT_EQ(neuvola.line_id, "neuvola");
  EXPECT_EQ(neuvola.offered, 1);
  EXPECT_EQ(neuvola.abandoned, 1);
  EXPECT_EQ(neuvola.answered, 0);
  EXPECT_FALSE(neuvola.wait.median_s);
  EXPECT_FALSE(neuvola.mean_rating);
}

TEST_P(ReportsTest, AChatTransferredToAnotherLineCountsWholeOnTheLineItArrivedOn) {
  CallLog log;
  const Timestamp at = helsinki(2025, 3, 14, 10, 0);
  // Waited 30 s for Aino on terveysasemat, who sent it to neuvola after 2 minutes, where Emma
  // took it 40 s later and ended it 5 minutes after that.
  log.transferred("c-1", {.line = "terveysasemat",
                          .to_line = "neuvola",
                          .channel = core::Channel::kChat,
                          .start = at,
                          .wait = seconds{30},
                          .held = minutes{2},
                          .wait_again = seconds{40},
                          .talk = minutes{5},
                          .agent = "aino",
                          .colleague = "emma"});
  append(log.log());
  project();
  ChatRow first = chatsOf(*reports_, {date(2025, 3, 14), date(2025, 3, 14), "terveysasemat"});
  EXPECT_EQ(first.offered, 1);
  EXPECT_EQ(first.answered, 1);
  EXPECT_EQ(first.abandoned, 0);
  EXPECT_EQ(first.wait.median_s, 30);
  // From Aino's acceptance to the end: 2 min + 40 s + 5 min.
  EXPECT_DOUBLE_EQ(*first.duration.mean_s, 460.0);
  ChatRow second = chatsOf(*reports_, {date(2025, 3, 14), date(2025, 3, 14), "neuvola"});
  EXPECT_EQ(second.offered, 0);
  EXPECT_EQ(second.answered, 0);
}

TEST_P(ReportsTest, ACallTransferredToAnotherLineCountsAnsweredOnTheLineItArrivedOn) {
  CallLog log;
  const Timestamp at = helsinki(2025, 3, 14, 10, 0);
  log.transferred("k-1", {.line = "terveysasemat",
                          .to_line = "neuvola",
                          .number = number(1),
                          .start = at,
                          .wait = seconds{20},
                          .held = minutes{1},
                          .wait_again = seconds{50},
                          .talk = minutes{4},
                          .agent = "aino",
                          .colleague = "emma"});
  append(log.log());
  project();
  EXPECT_EQ(day(date(2025, 3, 14), "terveysasemat").total(), 1);
  EXPECT_EQ(day(date(2025, 3, 14), "terveysasemat").answered, 1);
  EXPECT_EQ(day(date(2025, 3, 14), "neuvola").total(), 0);
  auto r = responseTimes(*reports_, {date(2025, 3, 14), date(2025, 3, 14), "terveysasemat"}, 60);
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(r->answer.count, 1);
  EXPECT_EQ(r->answer.median_s, 20);  // to Aino's answer, not Emma's
}

TEST_P(ReportsTest, ChatsCountOnTheHelsinkiDayTheyStartedAcrossTheSpringClockChange) {
  // 30 March 2025 has 23 hours: one chat starting each of them, and one starting at 23:50 the
  // evening before, ended and rated after midnight, which counts on the 29th.
  CallLog log;
  const Timestamp start = helsinki(2025, 3, 30, 0, 10);
  for (int h = 0; h < 23; ++h) {
    log.chatAnswered("s-" + std::to_string(h), "neuvola", start + hours{h}, seconds{h}, minutes{5},
                     "aino", 3);
  }
  log.chatAnswered("eve", "neuvola", helsinki(2025, 3, 29, 23, 50), seconds{30}, minutes{30},
                   "aino", 1);
  append(log.log());
  project();
  ChatRow sunday = chatsOf(*reports_, {date(2025, 3, 30), date(2025, 3, 30), std::nullopt});
  EXPECT_EQ(sunday.offered, 23);
  EXPECT_EQ(sunday.answered, 23);
  EXPECT_EQ(sunday.ratings, (std::array<std::int64_t, 5>{0, 0, 23, 0, 0}));
  ChatRow saturday = chatsOf(*reports_, {date(2025, 3, 29), date(2025, 3, 29), std::nullopt});
  EXPECT_EQ(saturday.offered, 1);
  EXPECT_EQ(saturday.answered, 1);
  EXPECT_EQ(saturday.ratings, (std::array<std::int64_t, 5>{1, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(*saturday.duration.mean_s, 1800.0);
  // By ISO week: the 29th and 30th are both in week 13.
  auto weeks = chatFigures(*reports_, {date(2025, 3, 29), date(2025, 3, 30), std::nullopt},
                           Period::kWeek, false);
  ASSERT_TRUE(weeks.isOk());
  ASSERT_EQ(weeks->size(), 1u);
  EXPECT_EQ(weeks->at(0).period, "2025-W13");
  EXPECT_EQ(weeks->at(0).offered, 24);
}

TEST_P(ReportsTest, TheSpringClockChangeDayHas23HoursOfCalls) {
  // 30 March 2025: 03:00 EET becomes 04:00 EEST. One call each UTC hour of the Helsinki day.
  CallLog log;
  const Timestamp start = helsinki(2025, 3, 30, 0, 10);
  for (int h = 0; h < 23; ++h) {
    log.answered("s-" + std::to_string(h), "neuvola", number(h), start + hours{h}, seconds{5},
                 minutes{2}, "aino");
  }
  append(log.log());
  project();
  EXPECT_EQ(day(date(2025, 3, 30)).answered, 23);
  EXPECT_EQ(day(date(2025, 3, 31)).total(), 0);
  auto peaks = peakHours(*reports_, {date(2025, 3, 30), date(2025, 3, 30), std::nullopt});
  ASSERT_TRUE(peaks.isOk());
  const auto& sunday = peaks->arrivals[6];
  EXPECT_EQ(sunday[3], 0) << "the hour 03-04 does not exist that day";
  EXPECT_EQ(sunday[2], 1);
  EXPECT_EQ(sunday[4], 1);
  EXPECT_EQ(sunday[23], 1);
  // The planner beside it: 2 min of talk and 30 s of wrap-up each; one call an hour needs one
  // agent, an hour without calls none.
  EXPECT_DOUBLE_EQ(peaks->mean_handle_s, 150.0);
  EXPECT_EQ(peaks->agents_needed[6][2], 1);
  EXPECT_EQ(peaks->agents_needed[6][3], 0);
}

TEST_P(ReportsTest, TheAutumnClockChangeDayHas25HoursOfCallsAndHourThreeTwice) {
  // 26 October 2025: 04:00 EEST becomes 03:00 EET.
  CallLog log;
  const Timestamp start = helsinki(2025, 10, 26, 0, 10);
  for (int h = 0; h < 25; ++h) {
    log.abandoned("a-" + std::to_string(h), "neuvola", number(h), start + hours{h}, seconds{20});
  }
  append(log.log());
  project();
  EXPECT_EQ(day(date(2025, 10, 26)).lost, 25);
  auto peaks = peakHours(*reports_, {date(2025, 10, 26), date(2025, 10, 26), std::nullopt});
  ASSERT_TRUE(peaks.isOk());
  EXPECT_EQ(peaks->lost[6][3], 2);
  EXPECT_EQ(peaks->lost[6][2], 1);
  EXPECT_EQ(peaks->days[6], 1);
}

TEST_P(ReportsTest, AgentsSignedInAreCountedByTheHourBesideTheArrivals) {
  CallLog log;
  // Monday 3 March 2025: aino 08:30-10:15; ville from 08:00 and still signed in when the log's
  // last event (aino signing out at 10:15) comes, so counted until then.
  shift(log, "aino", helsinki(2025, 3, 3, 8, 30), helsinki(2025, 3, 3, 10, 15));
  shift(log, "ville", helsinki(2025, 3, 3, 8, 0), std::nullopt);
  log.answered("x1", "neuvola", number(1), helsinki(2025, 3, 3, 9, 19, 55), seconds{5}, minutes{10},
               "ville");
  append(log.log());
  project();
  auto peaks = peakHours(*reports_, {date(2025, 3, 3), date(2025, 3, 3), std::nullopt});
  ASSERT_TRUE(peaks.isOk());
  const auto& monday = peaks->signed_in[0];
  EXPECT_DOUBLE_EQ(monday[8], 1.5);
  EXPECT_DOUBLE_EQ(monday[9], 2.0);
  EXPECT_DOUBLE_EQ(monday[10], 0.5);
  EXPECT_DOUBLE_EQ(monday[11], 0.0);
}

TEST_P(ReportsTest, AgentsSignedInAreCountedOnEachLineTheyAreMembersOf) {
  CallLog log;
  // Monday 3 March 2025: aino (neuvola) 08:30-10:15, ville (neuvola and hammashoito)
  // 08:00-11:00; each profile written as the agent signs in, as the engine does.
  memberOf(log, "aino", {"neuvola"}, helsinki(2025, 3, 3, 8, 30));
  shift(log, "aino", helsinki(2025, 3, 3, 8, 30), helsinki(2025, 3, 3, 10, 15));
  memberOf(log, "ville", {"neuvola", "hammashoito"}, helsinki(2025, 3, 3, 8, 0));
  shift(log, "ville", helsinki(2025, 3, 3, 8, 0), helsinki(2025, 3, 3, 11, 0));
  append(log.log());
  project();
  auto staffed = [&](std::optional<std::string> line) {
    auto peaks = peakHours(*reports_, {date(2025, 3, 3), date(2025, 3, 3), std::move(line)});
    EXPECT_TRUE(peaks.isOk()) << peaks.status().toString();
    const auto& monday = peaks->signed_in[0];
    return std::vector<double>{monday[7], monday[8], monday[9], monday[10], monday[11]};
  };
  EXPECT_EQ(staffed("neuvola"), (std::vector<double>{0, 1.5, 2, 1.25, 0}));
  EXPECT_EQ(staffed("hammashoito"), (std::vector<double>{0, 1, 1, 1, 0}));
  EXPECT_EQ(staffed("terveysneuvonta"), (std::vector<double>{0, 0, 0, 0, 0}));
  // All lines count each agent once, however many lines they serve.
  EXPECT_EQ(staffed(std::nullopt), (std::vector<double>{0, 1.5, 2, 1.25, 0}));
}

TEST_P(ReportsTest, AnAgentMovedToAnotherLineMidShiftCountsOnTheNewLineFromThen) {
  CallLog log;
  memberOf(log, "ville", {"neuvola"}, helsinki(2025, 3, 3, 8, 0));
  shift(log, "ville", helsinki(2025, 3, 3, 8, 0), helsinki(2025, 3, 3, 11, 0));
  memberOf(log, "ville", {"hammashoito"}, helsinki(2025, 3, 3, 9, 30));
  append(log.log());
  project();
  auto staffed = [&](std::optional<std::string> line) {
    auto peaks = peakHours(*reports_, {date(2025, 3, 3), date(2025, 3, 3), std::move(line)});
    EXPECT_TRUE(peaks.isOk()) << peaks.status().toString();
    const auto& monday = peaks->signed_in[0];
    return std::vector<double>{monday[8], monday[9], monday[10]};
  };
  EXPECT_EQ(staffed("neuvola"), (std::vector<double>{1, 0.5, 0}));
  EXPECT_EQ(staffed("hammashoito"), (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(staffed(std::nullopt), (std::vector<double>{1, 1, 1}));
}

// The engine names an agent's lines only when they change, so the next day's sign-in comes
// without them: a projector that resumed in between still knows them.
TEST_P(ReportsTest, AnAgentsLinesOutlastAProjectorRestartBetweenSignIns) {
  CallLog log;
  memberOf(log, "aino", {"neuvola"}, helsinki(2025, 3, 3, 8, 0));
  shift(log, "aino", helsinki(2025, 3, 3, 8, 0), helsinki(2025, 3, 3, 9, 0));
  shift(log, "aino", helsinki(2025, 3, 4, 8, 0), helsinki(2025, 3, 4, 9, 0));
  append(log.log());
  for (;;) {  // a new projector for every event
    ReportProjector projector(*events_, *reports_, 1);
    auto n = projector.projectOneBatch();
    ASSERT_TRUE(n.isOk()) << n.status().toString();
    if (*n == 0) break;
  }
  auto tuesday = peakHours(*reports_, {date(2025, 3, 4), date(2025, 3, 4), "neuvola"});
  ASSERT_TRUE(tuesday.isOk()) << tuesday.status().toString();
  EXPECT_DOUBLE_EQ(tuesday->signed_in[1][8], 1.0);
  auto kept_up = allCounters();
  ReportProjector rebuilder(*events_, *reports_);
  ASSERT_TRUE(rebuilder.rebuild().isOk());
  EXPECT_EQ(allCounters(), kept_up);
}

TEST_P(ReportsTest, ACallAcrossMidnightAndTheMonthsEndCountsOnItsArrivalDay) {
  CallLog log;
  log.answered("late", "paivystysapu", number(1), helsinki(2025, 1, 31, 23, 58), seconds{90},
               minutes{6}, "ville");
  append(log.log());
  project();
  EXPECT_EQ(day(date(2025, 1, 31)).answered, 1);
  EXPECT_EQ(day(date(2025, 2, 1)).total(), 0);
  EXPECT_EQ(month(date(2025, 2, 1), date(2025, 2, 28)).counts.total(), 0);
  auto agents = perAgent(*reports_, {date(2025, 1, 31), date(2025, 1, 31), std::nullopt}, "ville");
  ASSERT_TRUE(agents.isOk());
  ASSERT_EQ(agents->size(), 1u);
  EXPECT_EQ(agents->front().handled, 1);
  EXPECT_EQ(agents->front().talk, minutes{6});
}

TEST_P(ReportsTest, ACallbackReachedTheNextDayTurnsYesterdaysLostCallIntoCalledBack) {
  CallLog log;
  log.abandoned("c1", "terveysneuvonta", number(7), helsinki(2025, 3, 13, 16, 50), seconds{45},
                "t1", hours{16});
  log.callbackAttempt("cb1", "t1", "terveysneuvonta", number(7), "aino",
                      helsinki(2025, 3, 14, 8, 15), AttemptOutcome::kReached);
  // The day of the call, then the next morning.
  const auto events = log.log();
  const auto morning = std::find_if(events.begin(), events.end(), [](const auto& e) {
    return e.recorded_at >= helsinki(2025, 3, 14, 0, 0);
  });
  append({events.begin(), morning});
  project();
  EXPECT_EQ(day(date(2025, 3, 13)), (OutcomeCounts{0, 1, 0, 0}));
  append({morning, events.end()});
  project();
  EXPECT_EQ(day(date(2025, 3, 13)), (OutcomeCounts{0, 0, 1, 0}));
  EXPECT_EQ(day(date(2025, 3, 14)).total(), 0) << "the attempt is not a call of the total";
  auto cb = callbacks(*reports_, {date(2025, 3, 13), date(2025, 3, 13), std::nullopt},
                      helsinki(2025, 3, 14, 12, 0));
  ASSERT_TRUE(cb.isOk());
  EXPECT_EQ(cb->created, 1);
  EXPECT_EQ(cb->completed, 1);
  EXPECT_EQ(cb->completed_by_due, 1);
  EXPECT_EQ(cb->overdue, 0);
  // From the task (as the caller hung up, 16:50:45) to the attempt (recorded as the citizen
  // answered, 08:15:15).
  EXPECT_EQ(cb->to_first_attempt.median_s, 15 * 3600 + 24 * 60 + 30);
}

TEST_P(ReportsTest, ACallbackAfterSevenDaysLeavesTheCallLost) {
  CallLog log;
  log.abandoned("c1", "terveysneuvonta", number(7), helsinki(2025, 3, 3, 10, 0), seconds{45}, "t1",
                hours{24 * 9});
  log.callbackAttempt("cb1", "t1", "terveysneuvonta", number(7), "aino",
                      helsinki(2025, 3, 11, 10, 0), AttemptOutcome::kReached);
  append(log.log());
  project();
  EXPECT_EQ(day(date(2025, 3, 3)), (OutcomeCounts{0, 1, 0, 0}));
}

TEST_P(ReportsTest, ACallerWhoHangsUpInTheMenuIsLostBeforeAnyLine) {
  CallLog log;
  log.endedInMenu("m1", helsinki(2025, 5, 6, 9, 0), seconds{8});
  append(log.log());
  project();
  auto rows = callsByOutcome(*reports_, {date(2025, 5, 6), date(2025, 5, 6), std::nullopt},
                             Period::kDay, true);
  ASSERT_TRUE(rows.isOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].line_id, "*");
  EXPECT_EQ((*rows)[0].counts, (OutcomeCounts{0, 1, 0, 0}));
  EXPECT_EQ((*rows)[1].line_id, "");
}

TEST_P(ReportsTest, ResponseTimesFromKnownWaits) {
  CallLog log;
  // Waits 10, 20, ..., 100 s: mean 55, median 50, p90 90; 5 answered within 60 s (10-50).
  for (int i = 1; i <= 10; ++i) {
    log.answered("r-" + std::to_string(i), "neuvola", number(i), helsinki(2025, 4, 2, 9, i),
                 seconds{10 * i}, minutes{3}, "aino");
  }
  log.abandoned("ab-1", "neuvola", number(20), helsinki(2025, 4, 2, 10, 0), seconds{30});
  log.abandoned("ab-2", "neuvola", number(21), helsinki(2025, 4, 2, 10, 5), seconds{90});
  append(log.log());
  project();
  auto r = responseTimes(*reports_, {date(2025, 4, 2), date(2025, 4, 2), "neuvola"}, 60);
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(r->arrivals, 12);
  EXPECT_EQ(r->answer.count, 10);
  EXPECT_DOUBLE_EQ(r->answer.mean_s.value_or(0), 55.0);
  EXPECT_EQ(r->answer.median_s, 50);
  EXPECT_EQ(r->answer.p90_s, 90);
  EXPECT_EQ(r->answered_within_target, 5);
  EXPECT_EQ(r->service_level_bp, 5000);
  EXPECT_THAT(r->answer_distribution, ::testing::ElementsAre(0, 1, 1, 3, 5, 0, 0));
  EXPECT_EQ(r->abandon.count, 2);
  EXPECT_DOUBLE_EQ(r->abandon.mean_s.value_or(0), 60.0);
  EXPECT_EQ(r->abandonment_bp, 1667);
}

TEST_P(ReportsTest, EachLinesServiceLevelOnItsOwnTargetFromOneRead) {
  CallLog log;
  // neuvola: waits 10, 20, ..., 100 s; hammashoito: 15, 45, 75 s and a caller who hung up.
  for (int i = 1; i <= 10; ++i) {
    log.answered("n-" + std::to_string(i), "neuvola", number(i), helsinki(2025, 4, 2, 9, i),
                 seconds{10 * i}, minutes{3}, "aino");
  }
  for (int i = 0; i < 3; ++i) {
    log.answered("h-" + std::to_string(i), "hammashoito", number(30 + i),
                 helsinki(2025, 4, 2, 11, i), seconds{15 + 30 * i}, minutes{3}, "ville");
  }
  log.abandoned("h-ab", "hammashoito", number(40), helsinki(2025, 4, 2, 11, 30), seconds{20});
  append(log.log());
  project();
  const DayRange day{date(2025, 4, 2), date(2025, 4, 2), std::nullopt};
  auto levels = responseTimesByLine(
      *reports_, day, {{"neuvola", 30}, {"hammashoito", 60}, {"sosiaalipalvelut", 60}});
  ASSERT_TRUE(levels.isOk()) << levels.status().toString();
  ASSERT_EQ(levels->size(), 3u);
  EXPECT_EQ((*levels)[0].line_id, "neuvola");
  EXPECT_EQ((*levels)[0].times.answered_within_target, 2);  // 10 and 20 s
  EXPECT_EQ((*levels)[0].times.service_level_bp, 2000);
  EXPECT_EQ((*levels)[1].line_id, "hammashoito");
  EXPECT_EQ((*levels)[1].times.answered_within_target, 2);  // 15 and 45 s
  EXPECT_EQ((*levels)[1].times.service_level_bp, 6667);
  EXPECT_EQ((*levels)[1].times.arrivals, 4);
  EXPECT_EQ((*levels)[1].times.abandonment_bp, 2500);
  EXPECT_EQ((*levels)[2].line_id, "sosiaalipalvelut");  // no calls: no service level
  EXPECT_EQ((*levels)[2].times.answer.count, 0);
  EXPECT_EQ((*levels)[2].times.service_level_bp, std::nullopt);
  // The same as each line's own report.
  for (const auto& own : *levels) {
    auto alone = responseTimes(*reports_, {day.from, day.to, own.line_id}, own.times.target_s);
    ASSERT_TRUE(alone.isOk());
    EXPECT_EQ(alone->answered_within_target, own.times.answered_within_target);
    EXPECT_EQ(alone->answer.mean_s, own.times.answer.mean_s);
    EXPECT_EQ(alone->answer_distribution, own.times.answer_distribution);
    EXPECT_EQ(alone->abandon.median_s, own.times.abandon.median_s);
  }
}

TEST_P(ReportsTest, TodayHasTheResponseTimesOfTheLineAskedForOrOfAllLines) {
  CallLog log;
  for (int i = 1; i <= 4; ++i) {
    log.answered("n-" + std::to_string(i), "neuvola", number(i), helsinki(2025, 4, 2, 9, i),
                 seconds{20 * i}, minutes{3}, "aino");
    log.answered("h-" + std::to_string(i), "hammashoito", number(10 + i),
                 helsinki(2025, 4, 2, 10, i), seconds{5 * i}, minutes{3}, "ville");
  }
  append(log.log());
  project();
  const Timestamp now = helsinki(2025, 4, 2, 12);
  const DayRange day{date(2025, 4, 2), date(2025, 4, 2), std::nullopt};
  const std::vector<LineTarget> lines = {{"neuvola", 30}, {"hammashoito", 60}};
  for (std::optional<std::string> line :
       {std::optional<std::string>(), std::optional<std::string>("neuvola")}) {
    auto figures = today(*reports_, now, line, 50, lines);
    ASSERT_TRUE(figures.isOk()) << figures.status().toString();
    auto alone = responseTimes(*reports_, {day.from, day.to, line}, 50);
    ASSERT_TRUE(alone.isOk());
    EXPECT_EQ(figures->response_times.arrivals, alone->arrivals);
    EXPECT_EQ(figures->response_times.answered_within_target, alone->answered_within_target);
    EXPECT_EQ(figures->response_times.answer.mean_s, alone->answer.mean_s);
    EXPECT_EQ(figures->response_times.answer_distribution, alone->answer_distribution);
  }
  auto all = today(*reports_, now, std::nullopt, 50, lines);
  ASSERT_TRUE(all.isOk());
  EXPECT_EQ(all->response_times.arrivals, 8);
  EXPECT_EQ(all->response_times.answered_within_target, 6);  // 20, 40; 5, 10, 15, 20 s
  ASSERT_EQ(all->service_levels.size(), 2u);
  EXPECT_EQ(all->service_levels[0].times.answered_within_target, 1);  // neuvola: 20 s < 30
  EXPECT_EQ(all->service_levels[1].times.answered_within_target, 4);
}

TEST_P(ReportsTest, TheSameNumberAgainWithinSevenDaysIsARepeatContact) {
  CallLog log;
  log.answered("f1", "neuvola", number(1), helsinki(2025, 4, 1, 9, 0), seconds{5}, minutes{2},
               "aino");
  log.answered("f2", "neuvola", number(1), helsinki(2025, 4, 7, 9, 0), seconds{5}, minutes{2},
               "aino");
  log.answered("f3", "neuvola", number(1), helsinki(2025, 4, 20, 9, 0), seconds{5}, minutes{2},
               "aino");
  append(log.log());
  project();
  auto cb = callbacks(*reports_, {date(2025, 4, 1), date(2025, 4, 30), std::nullopt},
                      helsinki(2025, 5, 1, 0, 0));
  ASSERT_TRUE(cb.isOk());
  EXPECT_EQ(cb->inbound_calls, 3);
  EXPECT_EQ(cb->repeat_contacts, 1);
}

TEST_P(ReportsTest, TwoProjectorsNeverCountTheSameEventsTwice) {
  CallLog log;
  november2024(log);
  append(log.log());
  auto other_store = openReports();
  ReportProjector first(*events_, *reports_, 100);
  ReportProjector second(*events_, *other_store, 100);
  ASSERT_TRUE(first.resume().isOk());
  ASSERT_TRUE(second.resume().isOk());
  ASSERT_TRUE(first.projectOneBatch().isOk());
  auto late = second.projectOneBatch();
  EXPECT_EQ(late.status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(second.catchUp().isOk()) << "it takes the roll-ups back and goes on";
  EXPECT_EQ(month(date(2024, 11, 1), date(2024, 11, 30)).counts.total(), 620);
}

// November 2024 projected, then the roll-ups moved on to where `spoilt` says (given where they
// stand) with 1,000 answered calls that no event supports: roll-ups that must not be gone on
// from. A projector resuming on them must rebuild them, saying `why`, and count right again.
void ReportsTest::expectRebuiltWhenResumed(
    const std::function<store::Projection(store::Projection)>& spoilt, const std::string& why) {
  CallLog log;
  november2024(log);
  append(log.log());
  project();
  auto at = reports_->projection();
  ASSERT_TRUE(at.isOk());
  EXPECT_EQ(at->fold_version, kFoldVersion);
  store::ProjectionBatch batch;
  batch.from_seq = at->seq;
  batch.to = spoilt(*at);
  batch.deltas.push_back({"2024-11-01", 9, "terveysneuvonta", "", "answered", 1000});
  ASSERT_TRUE(reports_->applyProjection(batch).isOk());
  const Date first = date(2024, 11, 1), last = date(2024, 11, 30);
  ASSERT_EQ(month(first, last).counts.answered, 1397) << "spoilt";
  ReportProjector projector(*events_, *reports_);
  ASSERT_TRUE(projector.catchUp().isOk());
  EXPECT_THAT(projector.rebuiltBecause(), ::testing::HasSubstr(why));
  EXPECT_EQ(month(first, last).counts.answered, 397);
  EXPECT_EQ(reports_->projection()->fold_version, kFoldVersion);
}

TEST_P(ReportsTest, RollUpsCountedByAnotherFoldVersionAreRebuiltWhenResumed) {
  expectRebuiltWhenResumed(
      [](store::Projection at) {
        at.fold_version = kFoldVersion - 1;
        return at;
      },
      "fold version");
}

TEST_P(ReportsTest, RollUpsFoldedFromAnotherLogAreRebuiltWhenResumed) {
  // The same seq, but not the log's event there: a log restored or replaced under them.
  expectRebuiltWhenResumed(
      [](store::Projection at) {
        at.last_recorded_at += seconds{1};
        return at;
      },
      "another log");
}

TEST_P(ReportsTest, RollUpsAheadOfTheLogAreRebuiltWhenResumed) {
  expectRebuiltWhenResumed(
      [](store::Projection at) {
        at.seq += 10;
        return at;
      },
      "which the log does not have");
}

TEST_P(ReportsTest, RollUpsThatFollowTheLogAreNotRebuilt) {
  CallLog log;
  november2024(log);
  append(log.log());
  project();
  ReportProjector projector(*events_, *reports_);
  ASSERT_TRUE(projector.resume().isOk());
  EXPECT_EQ(projector.rebuiltBecause(), "");
}

// On SQLite the roll-ups are a file of their own (PostgreSQL keeps them in the log's database):
// the log's file holds no roll-up table (so keeping them never takes the log's write lock), and
// a removed roll-up file is made again and filled from the log.
class SqliteRollUpFileTest : public ReportsTest {};

TEST_P(SqliteRollUpFileTest, TheRollUpsLiveInAFileOfTheirOwnMadeAgainWhenRemoved) {
  CallLog log;
  november2024(log);
  append(log.log());
  project();
  EXPECT_FALSE(db_->execDirectly("SELECT COUNT(*) FROM report_calls").isOk());
  const std::string log_path = db_->url().substr(std::string_view("sqlite:").size());
  const std::string roll_ups = store::sqliteRollUpPath(log_path);
  ASSERT_TRUE(std::filesystem::exists(roll_ups));
  reports_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(roll_ups + suffix);
  reports_ = openReports();
  ASSERT_NE(reports_, nullptr);
  EXPECT_EQ(reports_->projection()->seq, 0);
  project();
  EXPECT_EQ(month(date(2024, 11, 1), date(2024, 11, 30)).counts.total(), 620);
}

TEST_P(ReportsTest, AFollowingServiceReportsEveryDurableEventAndStopsAtOnce) {
  CallLog log;
  log.answered("f1", "neuvola", number(1), helsinki(2025, 4, 1, 9, 0), seconds{5}, minutes{2},
               "aino");
  append(log.log());
  ManualClock clock(helsinki(2025, 4, 1, 12, 0));
  auto service = ReportService::open(db_->url(), clock);
  ASSERT_TRUE(service.isOk()) << service.status().toString();
  (*service)->follow(hours{1});  // the destructor must not wait for the hour
  std::function<Result<OutcomeCounts>(store::ReportStore&, Timestamp)> today =
      [](store::ReportStore& st, Timestamp now) -> Result<OutcomeCounts> {
    const Date d = core::routing::toHelsinki(now).date;
    ASSIGN_OR_RETURN(auto rows, callsByOutcome(st, {d, d, std::nullopt}, Period::kDay, false));
    return rows.front().counts;
  };
  auto counts = (*service)->read(today);
  ASSERT_TRUE(counts.isOk()) << counts.status().toString();
  EXPECT_EQ(counts->answered, 1);
  EXPECT_TRUE((*service)->lastError().isOk());
}

std::string backendOf(const ::testing::TestParamInfo<Backend>& test) {
  return store::testing::backendName(test.param);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, ReportsTest, ::testing::Values(Backend::kSqlite), backendOf);
INSTANTIATE_TEST_SUITE_P(Postgres, ReportsTest, ::testing::Values(Backend::kPostgres), backendOf);
INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteRollUpFileTest, ::testing::Values(Backend::kSqlite),
                         backendOf);

}  // namespace
}  // namespace reports
}  // namespace luukku
