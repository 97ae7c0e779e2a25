// The IdentityStore contract, checked against both backends with the same tests.
#include "store/identity_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "identity/access_log.h"
#include "store/event_store.h"
#include "store/test_database.h"

namespace luukku::store {
namespace {

using testing::Backend;
using ::testing::HasSubstr;

constexpr std::int64_t kT0 = 1795335330000000;  // 2026-11-22T08:15:30Z
Timestamp at(std::int64_t seconds) {
  return fromMicros(kT0 + seconds * 1'000'000);
}

// The store keeps a password hash as opaque text; this one has the form libsodium writes.
constexpr const char* kPasswordHash =
    "$argon2id$v=19$m=65536,t=3,p=1$bHV1a2t1LXRlc3Qtc2FsdA$"
    "2bXvN1yq0Q3b5o7m4wq9f1c8kq2Jm0Xh6v5z3t1r0Ls";

UserRecord user(std::string id, std::string username) {
  return {id, username, "Anna Agentti", kPasswordHash, "agent,supervisor", "", false, at(0), at(0),
          1,  ""};
}

SessionRecord session(std::string id_hash, std::string user_id) {
  return {std::move(id_hash), std::move(user_id), "password", at(0), at(0),
          at(3600),           std::nullopt,       ""};
}

AuditRecord audit(std::string action, std::string target) {
  return {0, at(1), "u-admin", "admin", std::move(action), "user", std::move(target), "", "{}"};
}

AccessRecord access(std::string citizen, std::int64_t second, std::string record = "t-1") {
  AccessRecord r;
  r.at = at(second);
  r.actor_id = "u-1";
  r.actor_name = "anna";
  r.actor_roles = "agent";
  r.citizen_ref = std::move(citizen);
  r.record_kind = "task";
  r.record_id = std::move(record);
  r.purpose = "callback task";
  r.route = "GET /api/v1/tasks/{id}";
  return r;
}

class IdentityStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = testing::makeTestDatabase(GetParam());
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(db).value();
    auto events = openStore(db_->url());
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    ASSERT_TRUE((*events)->migrate().isOk());
    auto opened = openIdentityStore(db_->url());
    ASSERT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
  }

  std::optional<UserRecord> byId(const std::string& id) {
    auto found = store_->findUser(UserKey::kId, id);
    EXPECT_TRUE(found.isOk()) << found.status().toString();
    return found.isOk() ? *found : std::nullopt;
  }

  std::vector<AuditRecord> audits() {
    auto all = store_->listAudit(0, 1000);
    EXPECT_TRUE(all.isOk()) << all.status().toString();
    return all.isOk() ? *all : std::vector<AuditRecord>{};
  }

  testing::TestDatabasePtr db_;
  IdentityStorePtr store_;
  const identity::AccessChain chain_{identity::HashKey{}};
};

TEST_P(IdentityStoreTest, CreatedUserIsFoundByIdAndUsername) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  EXPECT_EQ(byId("u-1"), user("u-1", "anna"));
  auto by_name = store_->findUser(UserKey::kUsername, "anna");
  ASSERT_TRUE(by_name.isOk());
  EXPECT_EQ(*by_name, user("u-1", "anna"));
}

TEST_P(IdentityStoreTest, UsernameIsUniqueAndTheLoserWritesNoAudit) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  AuditRecord a = audit("user.created", "u-2");
  Status st = store_->createUser(user("u-2", "anna"), &a);
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.toString();
  EXPECT_EQ(byId("u-2"), std::nullopt);
  EXPECT_TRUE(audits().empty());
}

TEST_P(IdentityStoreTest, AnAgentIsLinkedToAtMostOneUser) {
  UserRecord anna = user("u-1", "anna");
  anna.agent_id = "anna-peltola";
  ASSERT_TRUE(store_->createUser(anna, nullptr).isOk());
  EXPECT_EQ(byId("u-1")->agent_id, "anna-peltola");
  UserRecord other = user("u-2", "other");
  other.agent_id = "anna-peltola";
  EXPECT_EQ(store_->createUser(other, nullptr).code(), ErrorCode::kAlreadyExists);
  other.agent_id = "";
  ASSERT_TRUE(store_->createUser(other, nullptr).isOk());
  UserRecord linked = other;
  linked.agent_id = "anna-peltola";
  linked.version = 2;
  EXPECT_EQ(store_->updateUser(linked, 1, nullptr).code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(byId("u-2")->agent_id, "");
}

TEST_P(IdentityStoreTest, ExternalIdFindsAnSsoUser) {
  UserRecord u = user("u-1", "anna");
  u.external_id = "https://idp.example|abc";
  ASSERT_EQ(store_->createUser(u, nullptr), Status::ok());
  auto found = store_->findUser(UserKey::kExternalId, "https://idp.example|abc");
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(*found, u);
}

TEST_P(IdentityStoreTest, UpdateWithTheCurrentVersionWritesUserAndAudit) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  UserRecord changed = user("u-1", "anna");
  changed.roles = "admin";
  changed.version = 2;
  AuditRecord a = audit("user.changed", "u-1");
  ASSERT_EQ(store_->updateUser(changed, 1, &a), Status::ok());
  EXPECT_EQ(byId("u-1"), changed);
  ASSERT_EQ(audits().size(), 1u);
  EXPECT_EQ(audits()[0].action, "user.changed");
}

TEST_P(IdentityStoreTest, UpdateWithAStaleVersionConflictsAndChangesNothing) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  UserRecord changed = user("u-1", "anna");
  changed.roles = "admin";
  changed.version = 6;
  AuditRecord a = audit("user.changed", "u-1");
  EXPECT_EQ(store_->updateUser(changed, 5, &a).code(), ErrorCode::kConflict);
  EXPECT_EQ(byId("u-1"), user("u-1", "anna"));
  EXPECT_TRUE(audits().empty());
}

TEST_P(IdentityStoreTest, DisablingAUserEndsTheirOpenSessions) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  ASSERT_EQ(store_->createSession(session("s-1", "u-1")), Status::ok());
  ASSERT_EQ(store_->createSession(session("s-2", "u-1")), Status::ok());
  UserRecord disabled = user("u-1", "anna");
  disabled.disabled = true;
  disabled.version = 2;
  disabled.updated_at = at(60);
  ASSERT_EQ(store_->updateUser(disabled, 1, nullptr), Status::ok());
  for (const char* id : {"s-1", "s-2"}) {
    auto s = store_->findSession(id);
    ASSERT_TRUE(s.isOk() && s->has_value());
    EXPECT_EQ((*s)->ended_at, at(60));
    EXPECT_EQ((*s)->end_reason, "disabled");
  }
}

TEST_P(IdentityStoreTest, SessionIsTouchedAndEndedOnce) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  ASSERT_EQ(store_->createSession(session("s-1", "u-1")), Status::ok());
  ASSERT_EQ(store_->touchSession("s-1", at(30)), Status::ok());
  ASSERT_EQ(store_->touchSession("s-1", at(10)), Status::ok());  // never goes back
  ASSERT_EQ(store_->endSession("s-1", at(40), "logout"), Status::ok());
  ASSERT_EQ(store_->endSession("s-1", at(50), "again"), Status::ok());
  auto s = store_->findSession("s-1");
  ASSERT_TRUE(s.isOk() && s->has_value());
  EXPECT_EQ((*s)->last_seen_at, at(30));
  EXPECT_EQ((*s)->ended_at, at(40));
  EXPECT_EQ((*s)->end_reason, "logout");
}

TEST_P(IdentityStoreTest, EndUserSessionsCountsWhatItEnded) {
  ASSERT_EQ(store_->createUser(user("u-1", "anna"), nullptr), Status::ok());
  ASSERT_EQ(store_->createSession(session("s-1", "u-1")), Status::ok());
  ASSERT_EQ(store_->createSession(session("s-2", "u-1")), Status::ok());
  ASSERT_EQ(store_->endSession("s-1", at(5), "logout"), Status::ok());
  auto ended = store_->endUserSessions("u-1", at(9), "password changed");
  ASSERT_TRUE(ended.isOk()) << ended.status().toString();
  EXPECT_EQ(*ended, 1);
}

TEST_P(IdentityStoreTest, TokenIsFoundByHashAndRevokedOnce) {
  TokenRecord t{"tok-1", "prometheus", "hash-1",     "supervisor",
                "cli",   at(0),        std::nullopt, std::nullopt};
  ASSERT_EQ(store_->createToken(t, nullptr), Status::ok());
  auto found = store_->findToken("hash-1");
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(*found, t);
  AuditRecord a = audit("token.revoked", "tok-1");
  ASSERT_EQ(store_->revokeToken("tok-1", at(5), &a), Status::ok());
  ASSERT_EQ(store_->revokeToken("tok-1", at(9), nullptr), Status::ok());
  EXPECT_EQ((*store_->findToken("hash-1"))->revoked_at, at(5));
  EXPECT_EQ(store_->revokeToken("tok-404", at(5), nullptr).code(), ErrorCode::kNotFound);
  EXPECT_EQ(audits().size(), 1u);
}

TEST_P(IdentityStoreTest, AccessLogReturnsOneCitizensPeriodOldestFirst) {
  std::vector<AccessRecord> batch = {access("c-A", 20, "t-2"), access("c-B", 10),
                                     access("c-A", 10, "t-1"), access("c-A", 99, "t-3")};
  ASSERT_EQ(store_->appendAccess(batch, chain_), Status::ok());
  EXPECT_GT(batch[0].seq, 0);
  EXPECT_LT(batch[0].seq, batch[1].seq);
  auto found = store_->findAccess("c-A", at(10), at(99), 100);
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].record_id, "t-1");
  EXPECT_EQ((*found)[1].record_id, "t-2");
  EXPECT_EQ((*found)[1], batch[0]);
}

TEST_P(IdentityStoreTest, StoreRefusesUpdatingTheAccessLog) {
  std::vector<AccessRecord> batch = {access("c-A", 1)};
  ASSERT_EQ(store_->appendAccess(batch, chain_), Status::ok());
  Status st = db_->execDirectly("UPDATE access_log SET purpose = 'nothing'");
  EXPECT_THAT(st.message(), HasSubstr("append-only"));
  EXPECT_EQ((*store_->findAccess("c-A", at(0), at(9), 10))[0].purpose, "callback task");
}

TEST_P(IdentityStoreTest, StoreRefusesDeletingFromTheAccessLog) {
  std::vector<AccessRecord> batch = {access("c-A", 1)};
  ASSERT_EQ(store_->appendAccess(batch, chain_), Status::ok());
  Status st = db_->execDirectly("DELETE FROM access_log");
  EXPECT_THAT(st.message(), HasSubstr("append-only"));
  EXPECT_EQ(store_->findAccess("c-A", at(0), at(9), 10)->size(), 1u);
}

TEST_P(IdentityStoreTest, StoreRefusesChangingTheAuditLog) {
  ASSERT_EQ(store_->appendAudit(audit("user.created", "u-1")), Status::ok());
  EXPECT_THAT(db_->execDirectly("UPDATE audit_log SET after = ''").message(),
              HasSubstr("append-only"));
  EXPECT_THAT(db_->execDirectly("DELETE FROM audit_log").message(), HasSubstr("append-only"));
  EXPECT_EQ(audits().size(), 1u);
}

TEST_P(IdentityStoreTest, AuditLogPagesBySeq) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(store_->appendAudit(audit("user.changed", "u-" + std::to_string(i))), Status::ok());
  }
  auto first = store_->listAudit(0, 2);
  ASSERT_TRUE(first.isOk());
  ASSERT_EQ(first->size(), 2u);
  auto rest = store_->listAudit(first->back().seq, 10);
  ASSERT_TRUE(rest.isOk());
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ(rest->front().target_id, "u-2");
}

std::string backendOf(const ::testing::TestParamInfo<Backend>& test) {
  return testing::backendName(test.param);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, IdentityStoreTest, ::testing::Values(Backend::kSqlite), backendOf);
INSTANTIATE_TEST_SUITE_P(Postgres, IdentityStoreTest, ::testing::Values(Backend::kPostgres),
                         backendOf);

}  // namespace
}  // namespace luukku::store
