#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "codec/call_events_json.h"
#include "codec/routing_json.h"
#include "reports/call_ledger.h"
#include "reports/call_log.h"

namespace luukku::reports {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::CallLog;
using testing::helsinki;

// Folds the log into `ledger` as the projector does.
void applyAll(CallLedger& ledger, const std::vector<store::StoredEvent>& events) {
  Changes changes;
  for (const store::StoredEvent& e : events) {
    const auto payload = boost::json::parse(e.payload);
    if (codec::isRoutingEventType(e.type)) {
      auto event = codec::decodeRoutingEvent(e.type, payload);
      ASSERT_TRUE(event.isOk()) << event.status().toString();
      ledger.apply(*event, changes);
    } else if (codec::isCallEventType(e.type)) {
      auto event = codec::decodeCallEvent(e.type, payload);
      ASSERT_TRUE(event.isOk()) << event.status().toString();
      ledger.apply(std::string_view(e.stream_id).substr(5), *event, e.recorded_at, changes);
    }
  }
  ledger.finish(events.back().recorded_at, changes);
}

// A projector forgets after every batch. Lost calls are kept for 7 days, so a month of ten
// million calls holds millions of them: looking at each after every batch made each batch
// slower than the one before.
TEST(Ledger, ForgetLooksOnlyAtRecordsWhoseTimeHasCome) {
  CallLog log;
  for (int i = 0; i < 2000; ++i) {
    log.abandoned("c" + std::to_string(i), "neuvola", "+35840" + std::to_string(1000000 + i),
                  helsinki(2025, 3, 3, 8) + seconds{i}, seconds{30});
  }
  CallLedger ledger;
  applyAll(ledger, log.log());
  const Timestamp morning = helsinki(2025, 3, 3, 9);
  ledger.forget(morning);  // the first look at each new call
  ASSERT_EQ(ledger.callsHeld(), 2000u);
  const std::size_t first = ledger.examined();
  for (int batch = 1; batch <= 100; ++batch) ledger.forget(morning + minutes{batch});
  EXPECT_EQ(ledger.examined(), first);  // none was due
  EXPECT_EQ(ledger.callsHeld(), 2000u);
  ledger.forget(morning + hours{24 * 8});
  EXPECT_EQ(ledger.callsHeld(), 0u);
}

TEST(Ledger, ALostCallIsForgottenOnlyAfterTheCallbackWindow) {
  CallLog log;
  const Timestamp at = helsinki(2025, 3, 3, 8);
  log.abandoned("lost", "neuvola", "+358401000001", at, seconds{30});
  log.answered("answered", "neuvola", "+358401000002", at, seconds{5}, minutes{2}, "aino");
  CallLedger ledger;
  applyAll(ledger, log.log());
  ledger.forget(at + hours{2});  // the answered call ended more than an hour ago
  EXPECT_EQ(ledger.callsHeld(), 1u);
  ledger.forget(at + hours{24 * 7});
  EXPECT_EQ(ledger.callsHeld(), 1u);
  ledger.forget(at + hours{24 * 7} + seconds{31});
  EXPECT_EQ(ledger.callsHeld(), 0u);
}

}  // namespace
}  // namespace luukku::reports
