#include "app/log_redaction.h"

#include <gtest/gtest.h>

#include "store/event_store.h"

namespace luukku::app {
namespace {

TEST(LogRedaction, ReplacesIdentityCodesOfEveryCentury) {
  EXPECT_EQ(redactPersonalData("caller 131052-308T asked"), "caller [hetu] asked");
  EXPECT_EQ(redactPersonalData("010199+123A,010105A987X"), "[hetu],[hetu]");
  EXPECT_EQ(redactPersonalData("new sign 010110B123Y"), "new sign [hetu]");
}

TEST(LogRedaction, LeavesOrdinaryNumbersAlone) {
  for (const char* text : {"seq 1310523087", "+358401234567", "2026-11-22T08:00:00Z",
                           "990199-123A", "x131052-308Tx"}) {
    EXPECT_EQ(redactPersonalData(text), text) << text;
  }
}

TEST(StoreUrlRedaction, HidesPasswordsInTheAuthorityAndTheQuery) {
  EXPECT_EQ(store::redactStoreUrl("postgresql://luukku:s3cret@db:5432/luukku"),
            "postgresql://luukku:***@db:5432/luukku");
  EXPECT_EQ(store::redactStoreUrl("postgresql://db/luukku?user=x&password=s3cret&sslmode=require"),
            "postgresql://db/luukku?user=x&password=***&sslmode=require");
  EXPECT_EQ(store::redactStoreUrl("sqlite:data/luukku.db"), "sqlite:data/luukku.db");
}

}  // namespace
}  // namespace luukku::app
