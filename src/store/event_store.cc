#include "store/event_store.h"

#include <map>

#include "store/migrations.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace luukku::store {

int latestSchemaVersion() {
  return allMigrations().back().version;
}

Status EventStore::checkSchema() {
  ASSIGN_OR_RETURN(int version, schemaVersion());
  int latest = latestSchemaVersion();
  if (version > latest) {
    return {ErrorCode::kFailedPrecondition, "the store is at schema version " +
                                                std::to_string(version) +
                                                ", newer than this Luukku understands (" +
                                                std::to_string(latest) + "); run a newer Luukku"};
  }
  if (version < latest) {
    return {ErrorCode::kFailedPrecondition, "the store is at schema version " +
                                                std::to_string(version) + ", this Luukku needs " +
                                                std::to_string(latest) + "; run `luukku migrate`"};
  }
  return Status::ok();
}

Status checkBatchSequence(const AppendBatch& batch) {
  std::map<std::string_view, std::int64_t> last_in_stream;
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    const StoredEvent& e = batch.events[i];
    if (i > 0 && e.global_seq != batch.events[i - 1].global_seq + 1) {
      return conflict("the batch's sequence numbers leave a gap after " +
                      std::to_string(batch.events[i - 1].global_seq));
    }
    if (e.stream_seq < 1) return conflict("stream sequence numbers start at 1");
    auto [it, first] = last_in_stream.try_emplace(e.stream_id, e.stream_seq);
    if (!first) {
      if (e.stream_seq != it->second + 1) {
        return conflict("stream " + e.stream_id + " leaves a gap after " +
                        std::to_string(it->second) + " in the batch");
      }
      it->second = e.stream_seq;
    }
  }
  return Status::ok();
}

Result<StoreLocation> locateStore(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return invalidArgument("the SQLite store URL needs a file path");
    return StoreLocation{StoreLocation::kSqlite, std::move(path)};
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return StoreLocation{StoreLocation::kPostgres, std::string(url)};
  }
  return invalidArgument("unsupported store URL '" + redactStoreUrl(url) +
                         "'; use sqlite:<path> or postgresql://...");
}

Result<EventStorePtr> openStore(std::string_view url) {
  ASSIGN_OR_RETURN(StoreLocation where, locateStore(url));
  return where.backend == StoreLocation::kSqlite ? openSqliteStore(where.target)
                                                 : openPostgresStore(where.target);
}

std::string redactStoreUrl(std::string_view url) {
  std::string out(url);
  // user:password@host
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    auto at = out.find('@', scheme + 3);
    auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ?password=... or &password=...
  for (std::size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
    std::size_t begin = pos + 9;
    std::size_t end = out.find('&', begin);
    out.replace(begin, (end == std::string::npos ? out.size() : end) - begin, "***");
  }
  return out;
}

}  // namespace luukku::store
