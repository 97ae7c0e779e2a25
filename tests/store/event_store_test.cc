// The EventStore contract, checked against both backends with the same tests.
#include "store/event_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/test_database.h"

namespace luukku {

// Readable failure messages: gtest would otherwise print these as raw bytes, megabytes of
// them for the long payloads.
void PrintTo(const Status& status, std::ostream* out) {
  *out << status.toString();
}

namespace store {

static std::string abbreviated(const std::string& text) {
  return text.size() <= 80 ? text
                           : text.substr(0, 60) + "... (" + std::to_string(text.size()) + " bytes)";
}
void PrintTo(const StoredEvent& e, std::ostream* out) {
  *out << "{" << e.global_seq << " " << e.stream_id << "#" << e.stream_seq << " "
       << formatTimestamp(e.recorded_at) << " " << e.type << " " << abbreviated(e.payload) << "}";
}
void PrintTo(const Document& d, std::ostream* out) {
  *out << "{" << d.kind << "/" << d.id << " v" << d.version << (d.live ? " live " : " ended ")
       << abbreviated(d.body) << "}";
}

namespace {

using testing::Backend;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestDatabasePtr;

// 2026-11-22T08:15:30.123456Z: microseconds that a millisecond or float store would lose.
constexpr std::int64_t kSomeInstantMicros = 1795335330123456;

StoredEvent event(std::int64_t global_seq, std::string stream_id, std::int64_t stream_seq,
                  std::string payload = R"({"n":1})") {
  return {global_seq,       std::move(stream_id),
          stream_seq,       fromMicros(kSomeInstantMicros + global_seq),
          "contact.queued", std::move(payload)};
}

Document document(std::string id, std::int64_t version, bool live = true,
                  std::string body = R"({"state":"open"})") {
  return {"task", std::move(id), version, live, std::move(body)};
}

// `count` events after `last`, spread over streams of five events each.
std::vector<StoredEvent> events(std::int64_t last, int count) {
  std::vector<StoredEvent> out;
  for (std::int64_t seq = last + 1; seq <= last + count; ++seq) {
    out.push_back(event(seq, "contact/" + std::to_string((seq - 1) / 5), (seq - 1) % 5 + 1,
                        R"({"seq":)" + std::to_string(seq) + "}"));
  }
  return out;
}

class EventStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = testing::makeTestDatabase(GetParam());
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(db).value();
    auto opened = openStore(db_->url());
    ASSERT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
  }

  // Another connection to the same store.
  EventStorePtr openAgain() {
    auto opened = openStore(db_->url());
    EXPECT_TRUE(opened.isOk()) << opened.status().toString();
    return opened.isOk() ? std::move(opened).value() : nullptr;
  }

  void migrate() { ASSERT_EQ(store_->migrate(), Status::ok()); }

  void append(AppendBatch batch) { ASSERT_EQ(store_->append(batch), Status::ok()); }

  std::vector<StoredEvent> everything() {
    auto all = store_->readAll(0, 1'000'000);
    EXPECT_TRUE(all.isOk()) << all.status().toString();
    return all.isOk() ? *all : std::vector<StoredEvent>();
  }

  std::optional<Document> loaded(const std::string& id) {
    auto found = store_->loadDocument("task", id);
    EXPECT_TRUE(found.isOk()) << found.status().toString();
    return found.isOk() ? *found : std::nullopt;
  }

  TestDatabasePtr db_;  // outlives the store
  EventStorePtr store_;
};

TEST_P(EventStoreTest, NamesItsBackend) {
  EXPECT_EQ(store_->backendName(), testing::backendName(GetParam()));
}

TEST_P(EventStoreTest, EmptyStoreIsAtSchemaVersionZero) {
  auto version = store_->schemaVersion();
  ASSERT_TRUE(version.isOk()) << version.status().toString();
  EXPECT_EQ(*version, 0);
}

TEST_P(EventStoreTest, MigrateBringsAnEmptyStoreToTheLatestVersion) {
  migrate();
  auto version = store_->schemaVersion();
  ASSERT_TRUE(version.isOk()) << version.status().toString();
  EXPECT_EQ(*version, latestSchemaVersion());
  EXPECT_EQ(store_->checkSchema(), Status::ok());
}

TEST_P(EventStoreTest, MigratingAgainChangesNothing) {
  migrate();
  append({events(0, 3), {document("t1", 1)}});
  migrate();
  EXPECT_EQ(*store_->schemaVersion(), latestSchemaVersion());
  EXPECT_EQ(everything(), events(0, 3));
  EXPECT_EQ(loaded("t1"), document("t1", 1));
}

TEST_P(EventStoreTest, EmptyStoreTellsYouToRunLuukkuMigrate) {
  Status status = store_->checkSchema();
  EXPECT_EQ(status.code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("run `luukku migrate`"));
}

TEST_P(EventStoreTest, StoreFromANewerLuukkuIsRefusedByCheckSchema) {
  migrate();
  ASSERT_EQ(db_->execDirectly(db_->recordSchemaVersionSql(999)), Status::ok());
  Status status = store_->checkSchema();
  EXPECT_EQ(status.code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("run a newer Luukku"));
}

TEST_P(EventStoreTest, StoreFromANewerLuukkuIsRefusedByMigrate) {
  migrate();
  ASSERT_EQ(db_->execDirectly(db_->recordSchemaVersionSql(999)), Status::ok());
  Status status = store_->migrate();
  EXPECT_EQ(status.code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("run a newer Luukku"));
  EXPECT_EQ(*store_->schemaVersion(), 999);
}

TEST_P(EventStoreTest, AppendedEventsReadBackExactly) {
  migrate();
  std::vector<StoredEvent> written = {
      {1, "contact/äiti-ja-lapsi", 1, fromMicros(kSomeInstantMicros), "contact.created",
       R"({"name":"Äänekosken neuvola","sv":"Rådgivningen i Åbo","note":"öljy ÅÄÖ åäö","emoji":"📞👶🏽✅"})"},
      {2, "contact/äiti-ja-lapsi", 2, fromMicros(kSomeInstantMicros + 1), "contact.queued",
       R"({"quote":"\"lainaus\" ja \\kenoviiva\\","tab":"\t","empty":""})"},
      {3, "region", 1, fromMicros(-1), "region.settings_changed", "{}"},
      {4, "contact/2", 1, fromMicros(0), "contact.created", ""},
  };
  append({written, {}});
  EXPECT_EQ(everything(), written);
}

TEST_P(EventStoreTest, LongPayloadReadsBackExactly) {
  migrate();
  std::string payload = R"({"text":")";
  while (payload.size() < 2'000'000) payload += "Hyvää päivää, god dag, 🙂 ";
  payload += R"("})";
  append({{event(1, "contact/1", 1, payload)}, {document("t1", 1, true, payload)}});
  EXPECT_EQ(everything(), std::vector<StoredEvent>{event(1, "contact/1", 1, payload)});
  EXPECT_EQ(loaded("t1"), document("t1", 1, true, payload));
}

TEST_P(EventStoreTest, ReadAllPagesWithAfterAndLimit) {
  migrate();
  append({events(0, 25), {}});
  auto page = [&](std::int64_t after, std::size_t limit) {
    auto read = store_->readAll(after, limit);
    EXPECT_TRUE(read.isOk()) << read.status().toString();
    return read.isOk() ? *read : std::vector<StoredEvent>();
  };
  std::vector<StoredEvent> all = events(0, 25);
  EXPECT_EQ(page(0, 10), std::vector<StoredEvent>(all.begin(), all.begin() + 10));
  EXPECT_EQ(page(10, 10), std::vector<StoredEvent>(all.begin() + 10, all.begin() + 20));
  EXPECT_EQ(page(20, 10), std::vector<StoredEvent>(all.begin() + 20, all.end()));
  EXPECT_TRUE(page(25, 10).empty());
  EXPECT_TRUE(page(0, 0).empty());
}

TEST_P(EventStoreTest, ReadStreamReturnsOneStreamInStreamOrder) {
  migrate();
  append({{event(1, "contact/a", 1), event(2, "contact/b", 1), event(3, "contact/a", 2),
           event(4, "contact/b", 2), event(5, "contact/a", 3), event(6, "contact/a", 4)},
          {}});
  auto read = store_->readStream("contact/a", 1, 2);
  ASSERT_TRUE(read.isOk()) << read.status().toString();
  EXPECT_EQ(*read, (std::vector<StoredEvent>{event(3, "contact/a", 2), event(5, "contact/a", 3)}));
  auto none = store_->readStream("contact/nobody", 0, 10);
  ASSERT_TRUE(none.isOk()) << none.status().toString();
  EXPECT_TRUE(none->empty());
}

TEST_P(EventStoreTest, LastSequencesAreZeroWhenEmpty) {
  migrate();
  EXPECT_EQ(*store_->lastGlobalSeq(), 0);
  EXPECT_EQ(*store_->lastStreamSeq("contact/1"), 0);
}

TEST_P(EventStoreTest, LastSequencesFollowAppends) {
  migrate();
  append({{event(1, "contact/a", 1), event(2, "contact/b", 1), event(3, "contact/a", 2)}, {}});
  EXPECT_EQ(*store_->lastGlobalSeq(), 3);
  EXPECT_EQ(*store_->lastStreamSeq("contact/a"), 2);
  EXPECT_EQ(*store_->lastStreamSeq("contact/b"), 1);
  EXPECT_EQ(*store_->lastStreamSeq("contact/c"), 0);
}

TEST_P(EventStoreTest, BatchLeavingAGapIsRefusedAndWritesNothing) {
  migrate();
  append({events(0, 3), {}});
  Status status = store_->append({{event(5, "contact/x", 1)}, {document("gap", 1)}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_EQ(everything(), events(0, 3));
  EXPECT_EQ(loaded("gap"), std::nullopt);
}

TEST_P(EventStoreTest, BatchRepeatingTheLastSequenceIsRefusedAndWritesNothing) {
  migrate();
  append({events(0, 3), {}});
  Status status = store_->append({{event(3, "contact/x", 1)}, {document("repeat", 1)}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_EQ(everything(), events(0, 3));
  EXPECT_EQ(loaded("repeat"), std::nullopt);
}

TEST_P(EventStoreTest, FirstBatchThatDoesNotStartAtOneIsRefused) {
  migrate();
  Status status = store_->append({{event(0, "contact/x", 1)}, {}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_TRUE(everything().empty());
}

TEST_P(EventStoreTest, StreamSeqAlreadyInTheLogMidBatchIsRefusedAndWritesNothing) {
  migrate();
  append({{event(1, "contact/a", 1), event(2, "contact/a", 2)}, {}});
  Status status = store_->append(
      {{event(3, "contact/b", 1), event(4, "contact/a", 2), event(5, "contact/b", 2)},
       {document("b", 2)}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_EQ(*store_->lastGlobalSeq(), 2);
  EXPECT_TRUE(store_->readStream("contact/b", 0, 10)->empty());
  EXPECT_EQ(loaded("b"), std::nullopt);
}

TEST_P(EventStoreTest, StreamSeqRepeatedWithinTheBatchIsRefusedAndWritesNothing) {
  migrate();
  Status status = store_->append(
      {{event(1, "contact/a", 1), event(2, "contact/a", 1), event(3, "contact/b", 1)},
       {document("a", 1)}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_TRUE(everything().empty());
  EXPECT_EQ(loaded("a"), std::nullopt);
}

TEST_P(EventStoreTest, StoreAcceptsAGoodBatchAfterRefusingOne) {
  migrate();
  append({events(0, 2), {}});
  EXPECT_EQ(store_->append({{event(2, "contact/z", 1)}, {}}).code(), ErrorCode::kConflict);
  append({events(2, 2), {}});
  EXPECT_EQ(everything(), events(0, 4));
}

TEST_P(EventStoreTest, DocumentsAreUpsertedByKindAndId) {
  migrate();
  append({events(0, 1), {document("t1", 1), document("t2", 1)}});
  append({events(1, 1), {document("t1", 2, true, R"({"state":"called back"})")}});
  EXPECT_EQ(loaded("t1"), document("t1", 2, true, R"({"state":"called back"})"));
  EXPECT_EQ(loaded("t2"), document("t2", 1));
}

TEST_P(EventStoreTest, LastVersionOfADocumentInOneBatchWins) {
  migrate();
  // A group commit merges several commands' batches, each with its version of a document.
  append({events(0, 3),
          {document("t1", 1), document("t2", 1), document("t1", 2), document("t1", 3, false)}});
  EXPECT_EQ(loaded("t1"), document("t1", 3, false));
  EXPECT_EQ(loaded("t2"), document("t2", 1));
}

TEST_P(EventStoreTest, BatchOfOnlyDocumentsIsWritten) {
  migrate();
  append({{}, {document("t1", 1)}});
  EXPECT_EQ(loaded("t1"), document("t1", 1));
}

TEST_P(EventStoreTest, LoadDocumentsLiveOnlyLeavesOutDocumentsThatAreNotLive) {
  migrate();
  append({events(0, 1),
          {document("t3", 1), document("t1", 1, false), document("t2", 1),
           Document{"agent", "a1", 1, true, "{}"}}});
  auto live = store_->loadDocuments("task", true);
  ASSERT_TRUE(live.isOk()) << live.status().toString();
  EXPECT_EQ(*live, (std::vector<Document>{document("t2", 1), document("t3", 1)}));
  auto all = store_->loadDocuments("task", false);
  ASSERT_TRUE(all.isOk()) << all.status().toString();
  EXPECT_EQ(*all, (std::vector<Document>{document("t1", 1, false), document("t2", 1),
                                         document("t3", 1)}));
}

TEST_P(EventStoreTest, LoadDocumentOfAnUnknownIdFindsNothing) {
  migrate();
  append({events(0, 1), {document("t1", 1)}});
  EXPECT_EQ(loaded("t404"), std::nullopt);
  auto other_kind = store_->loadDocument("agent", "t1");
  ASSERT_TRUE(other_kind.isOk()) << other_kind.status().toString();
  EXPECT_EQ(*other_kind, std::nullopt);
}

TEST_P(EventStoreTest, StoreRefusesUpdatingAnEvent) {
  migrate();
  append({events(0, 2), {}});
  Status status = db_->execDirectly("UPDATE events SET payload = '{}' WHERE global_seq = 1");
  EXPECT_FALSE(status.isOk());
  EXPECT_THAT(status.message(), HasSubstr("append-only"));
  EXPECT_EQ(everything(), events(0, 2));
}

TEST_P(EventStoreTest, StoreRefusesDeletingAnEvent) {
  migrate();
  append({events(0, 2), {}});
  Status status = db_->execDirectly("DELETE FROM events");
  EXPECT_FALSE(status.isOk());
  EXPECT_THAT(status.message(), HasSubstr("append-only"));
  EXPECT_EQ(everything(), events(0, 2));
}

TEST_P(EventStoreTest, SecondWriterIsRefusedWhileTheFirstHoldsTheRole) {
  migrate();
  ASSERT_EQ(store_->claimWriter(), Status::ok());
  EventStorePtr second = openAgain();
  ASSERT_NE(second, nullptr);
  Status status = second->claimWriter();
  EXPECT_EQ(status.code(), ErrorCode::kConflict);
  EXPECT_THAT(status.message(), HasSubstr("another Luukku process is writing"));
}

TEST_P(EventStoreTest, WriterRoleIsFreeOnceItsHolderIsDestroyed) {
  migrate();
  ASSERT_EQ(store_->claimWriter(), Status::ok());
  EventStorePtr second = openAgain();
  ASSERT_NE(second, nullptr);
  ASSERT_EQ(second->claimWriter().code(), ErrorCode::kConflict);
  store_.reset();
  // PostgreSQL frees a session's advisory lock when its backend process ends, which follows
  // the client's disconnect asynchronously (under load, some milliseconds later): the role is
  // free once the holder's session has ended, so ask until then, within a bound.
  Status claimed = second->claimWriter();
  for (int i = 0; i < 500 && claimed.code() == ErrorCode::kConflict; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    claimed = second->claimWriter();
  }
  EXPECT_EQ(claimed, Status::ok());
}

TEST_P(EventStoreTest, TenThousandEventBatchIsAppendedAtOnce) {
  migrate();
  std::vector<StoredEvent> batch = events(0, 10'000);
  std::vector<Document> documents;
  for (int i = 0; i < 10'000; ++i) documents.push_back(document("t" + std::to_string(i % 700), i));
  append({batch, documents});
  EXPECT_EQ(*store_->lastGlobalSeq(), 10'000);
  EXPECT_EQ(everything(), batch);
  EXPECT_EQ(loaded("t699"), document("t699", 9'799));
}

// Forty 1 MB events: more than PostgreSQL's backend sends in one statement (32 MB).
std::vector<StoredEvent> hugeEvents() {
  std::vector<StoredEvent> out = events(0, 40);
  for (StoredEvent& e : out) e.payload = R"({"blob":")" + std::string(1 << 20, 'x') + R"("})";
  return out;
}

TEST_P(EventStoreTest, BatchOfManyMegabytesIsAppendedWhole) {
  migrate();
  std::vector<StoredEvent> batch = hugeEvents();
  append({batch, {document("t1", 1, true, batch.front().payload)}});
  EXPECT_EQ(everything(), batch);
  EXPECT_EQ(loaded("t1"), document("t1", 1, true, batch.front().payload));
}

TEST_P(EventStoreTest, BatchOfManyMegabytesEndingInARepeatWritesNothing) {
  migrate();
  std::vector<StoredEvent> batch = hugeEvents();
  batch.push_back(event(41, batch.front().stream_id, batch.front().stream_seq));
  Status status = store_->append({batch, {document("t1", 1)}});
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.toString();
  EXPECT_TRUE(everything().empty());
  EXPECT_EQ(loaded("t1"), std::nullopt);
}

std::string backendOf(const ::testing::TestParamInfo<Backend>& test) {
  return testing::backendName(test.param);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, EventStoreTest, ::testing::Values(Backend::kSqlite), backendOf);
INSTANTIATE_TEST_SUITE_P(Postgres, EventStoreTest, ::testing::Values(Backend::kPostgres),
                         backendOf);

// Behaviour of one backend only.

TEST(PostgresStore, ConnectionErrorsNeverShowThePassword) {
  for (const char* url : {"postgresql://luukku:Sal4sana-x9@127.0.0.1:1/luukku",
                          "postgresql://luukku:Sal4sana-x9@127.0.0.1:notaport/luukku",
                          "postgresql://luukku@127.0.0.1:1/luukku?password=Sal4sana-x9"}) {
    auto opened = openStore(url);
    ASSERT_FALSE(opened.isOk()) << url;
    EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable) << opened.status().toString();
    EXPECT_THAT(opened.status().message(), Not(HasSubstr("Sal4sana"))) << url;
  }
}

}  // namespace
}  // namespace store
}  // namespace luukku
