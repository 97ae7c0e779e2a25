#include "core/region_state.h"

#include <gtest/gtest.h>

#include "test_region.h"

namespace luukku::core {
namespace {

// Applies a decided event the way the engine does.
void commit(RegionState& state, const Result<std::optional<RegionEvent>>& decided) {
  ASSERT_TRUE(decided) << decided.status().toString();
  ASSERT_TRUE(decided->has_value());
  state.apply(**decided, state.streamVersion(**decided) + 1);
}

TEST(RegionState, CreatingALineRecordsCreatedAndSetsVersionOne) {
  RegionState state;
  auto decided = state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt);
  ASSERT_TRUE(decided);
  EXPECT_TRUE(std::holds_alternative<ServiceLineCreated>(**decided));
  EXPECT_EQ(streamOf(**decided), "service_line/neuvola");
  commit(state, decided);
  EXPECT_EQ(state.findLine("neuvola")->version, 1);
  EXPECT_EQ(state.lineForNumber("+358600100")->id, "neuvola");
}

TEST(RegionState, DecisionsDoNotChangeState) {
  RegionState state;
  (void)state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt);
  EXPECT_EQ(state.findLine("neuvola"), nullptr);
}

TEST(RegionState, CreateRefusesAnExistingId) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt));
  auto again = state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt);
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
}

TEST(RegionState, ReplaceRefusesAnUnknownId) {
  RegionState state;
  auto r = state.defineServiceLine(testLine("neuvola"), WriteMode::kReplace, std::nullopt);
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

TEST(RegionState, IdenticalDefinitionRecordsNothing) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt));
  auto same = state.defineServiceLine(testLine("neuvola"), WriteMode::kUpsert, std::nullopt);
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->has_value());
}

TEST(RegionState, StaleVersionIsAConflict) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt));
  ServiceLine changed = testLine("neuvola");
  changed.name.en = "Maternity clinic";
  commit(state, state.defineServiceLine(changed, WriteMode::kReplace, 1));
  EXPECT_EQ(state.findLine("neuvola")->version, 2);
  changed.name.en = "Another";
  EXPECT_EQ(state.defineServiceLine(changed, WriteMode::kReplace, 1).status().code(),
            ErrorCode::kConflict);
}

TEST(RegionState, APhoneNumberBelongsToOneActiveLine) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola", "+358600100"), WriteMode::kCreate,
                                        std::nullopt));
  auto clash = state.defineServiceLine(testLine("hammas", "+358600100"), WriteMode::kCreate,
                                       std::nullopt);
  EXPECT_EQ(clash.status().code(), ErrorCode::kConflict);
}

TEST(RegionState, RetiringALineFreesItsNumber) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt));
  ServiceLine retired = testLine("neuvola");
  retired.active = false;
  commit(state, state.defineServiceLine(retired, WriteMode::kReplace, std::nullopt));
  EXPECT_EQ(state.lineForNumber("+358600100"), nullptr);
  commit(state, state.defineServiceLine(testLine("hammas"), WriteMode::kCreate, std::nullopt));
  EXPECT_EQ(state.lineForNumber("+358600100")->id, "hammas");
}

TEST(RegionState, ChangingANumberMovesTheLookup) {
  RegionState state;
  commit(state, state.defineServiceLine(testLine("neuvola", "+358600100"), WriteMode::kCreate,
                                        std::nullopt));
  commit(state, state.defineServiceLine(testLine("neuvola", "+358600200"), WriteMode::kReplace,
                                        std::nullopt));
  EXPECT_EQ(state.lineForNumber("+358600100"), nullptr);
  EXPECT_EQ(state.lineForNumber("+358600200")->id, "neuvola");
}

TEST(RegionState, ReplayingTheEventsRebuildsTheSameState) {
  RegionState live;
  std::vector<std::pair<RegionEvent, std::int64_t>> log;
  auto record = [&](Result<std::optional<RegionEvent>> decided) {
    ASSERT_TRUE(decided && decided->has_value());
    std::int64_t seq = live.streamVersion(**decided) + 1;
    live.apply(**decided, seq);
    log.emplace_back(**decided, seq);
  };
  record(live.changeSettings(testSettings(), std::nullopt));
  record(live.defineServiceLine(testLine("neuvola"), WriteMode::kCreate, std::nullopt));
  record(live.defineAgent(testAgent("anna"), WriteMode::kCreate, std::nullopt));
  Agent moved = testAgent("anna");
  moved.area = "lapua";
  record(live.defineAgent(moved, WriteMode::kReplace, 1));

  RegionState replayed;
  for (const auto& [event, seq] : log) replayed.apply(event, seq);
  EXPECT_EQ(replayed, live);
  EXPECT_EQ(replayed.findAgent("anna")->version, 2);
}

}  // namespace
}  // namespace luukku::core
