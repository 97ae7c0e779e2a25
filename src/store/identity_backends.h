// The two IdentityStore backends; openIdentityStore() picks one by URL. They share one schema
// (store/migrations.cc), so the columns each reads and writes, in the order its row readers
// expect, are listed once here.
#pragma once

#include <string>

#include "store/identity_store.h"

namespace luukku::store {

namespace identity_columns {
inline constexpr const char* kUserColumns =
    "id, username, display_name, password_hash, roles, COALESCE(external_id, ''), disabled, "
    "created_at, updated_at, version, COALESCE(agent_id, '')";
inline constexpr const char* kUserInsertColumns =
    "id, username, display_name, password_hash, roles, external_id, disabled, created_at, "
    "updated_at, version, agent_id";
inline constexpr const char* kSessionColumns =
    "id_hash, user_id, method, created_at, last_seen_at, expires_at, ended_at, end_reason";
inline constexpr const char* kTokenColumns =
    "id, name, token_hash, roles, created_by, created_at, expires_at, revoked_at";
inline constexpr const char* kAccessColumns =
    "seq, at, actor_id, actor_name, actor_roles, citizen_ref, record_kind, record_id, purpose, "
    "route, prev_hash, hash";
}  // namespace identity_columns

Result<IdentityStorePtr> openSqliteIdentityStore(const std::string& path);
Result<IdentityStorePtr> openPostgresIdentityStore(const std::string& url);

}  // namespace luukku::store
