// AccessLog: the käyttöloki. Every staff read of a citizen's personal data — a contact's
// person or phone number, a task, a transcript, a recording, a customer card — is recorded
// here before the data leaves the server: who, when, which record, which citizen, and why.
// The client data act (703/2023 § 11) gives the citizen the right to know this, and a
// registrar answers with find().
//
// In a route handler, through api/access_logging.h:
//
//   Status logged = co_await recordAccess(s, ctx, {.citizen = "hetu:" + task.hetu,
//                                                  .record_kind = "task",
//                                                  .record_id = task.id,
//                                                  .purpose = "callback task"});
//   if (!logged) co_return errorResponse(logged);   // no log row, no data
//
// The citizen is named by an identifier with a kind prefix: "hetu:<henkilötunnus>",
// "phone:<number>" (normalised to E.164 before it is hashed; find() also asks for the
// spellings older versions hashed as written) or "customer:<id>". The log stores only a keyed
// hash of it (BLAKE2b with the server's secret key), so the log itself holds no identity
// code, yet a registrar who knows the identifier finds every row.
//
// Records are written by one writer thread with group commit (concurrency::GroupCommitWriter,
// up to 1,000 rows a transaction, going on after a failure): concurrent reads share one
// durable transaction, and each record() completes only after its row is durable. If the
// store fails, record() completes with the error and the handler must not send the data.
//
// The rows form a hash chain (AccessChain) so that a row deleted or changed with direct
// database access is found by verifyAccessChain(): at server start and with
// `luukku access-log verify`.
//
// Thread-safety: all methods are thread-safe. The destructor writes what is queued, then
// stops; completions run on their handlers' executors, so those must outlive it.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "concurrency/group_commit_writer.h"
#include "core/status.h"
#include "core/time.h"
#include "identity/crypto.h"
#include "identity/identity.h"
#include "store/identity_store.h"

namespace luukku::identity {

// What a handler says about one read.
struct AccessEntry {
  std::string citizen;      // "hetu:131052-308T", "phone:+358401234567", "customer:c-1"
  std::string record_kind;  // "task", "contact", "transcript", "recording", "customer"
  std::string record_id;
  std::string purpose;  // why the professional looked: "callback task", "chat"
};

// The links of the access log's chain: HMAC-SHA-256 under a key derived from the identity
// key, so that someone with only the database cannot recompute the chain after removing a
// row. A row's hash covers, each length-prefixed (8 bytes, big-endian), the tag
// "luukku access log v1", prev_hash, seq, at (microseconds; both decimal), actor id, name and
// roles, citizen_ref, record kind and id, purpose and route; lowercase hex. The first chained
// row's prev_hash is the same HMAC over "luukku access log genesis v1", genesis_seq and
// legacy_rows (store::AccessChainStart). The format is fixed: a change is a new tag.
//
// Thread-safety: immutable after construction; safe from any thread.
class AccessChain final : public store::AccessChainHasher {
 public:
  explicit AccessChain(const HashKey& identity_key);
  std::string genesis(const store::AccessChainStart& start) const override;
  std::string link(const store::AccessRecord& record) const override;

 private:
  std::string mac(const std::vector<std::string_view>& fields) const;
  HashKey key_;
};

// What verifyAccessChain() found. It stops at the first break.
struct AccessChainReport {
  std::int64_t legacy_rows = 0;   // rows written before the chain began (not hashed)
  std::int64_t chained_rows = 0;  // rows whose links were checked
  std::int64_t head_seq = 0;      // the last row checked (0: none)
  std::string head_hash;
  std::int64_t broken_seq = 0;  // the first seq where the chain breaks; 0 when it holds
  std::string problem;          // what is wrong there, in words; "" when intact
  bool intact() const { return problem.empty(); }
};

// Reads the whole access log from `store`, oldest first, checking that the rows before the
// chain are all still there, that chained seqs follow without gaps, and that every row's
// prev_hash and hash are what `key` gives. Blocking; reads in pages, so rows appended
// meanwhile are checked too. Fails with kUnavailable when `stop` is requested, and on store
// errors; a break is a report, not an error.
Result<AccessChainReport> verifyAccessChain(store::IdentityStore& store, const HashKey& key,
                                            std::stop_token stop = {});

class AccessLog {
 public:
  // `writer` and `reader` are two connections to one migrated store.
  AccessLog(store::IdentityStorePtr writer, store::IdentityStorePtr reader, const Clock& clock,
            HashKey key);
  static Result<std::unique_ptr<AccessLog>> open(const std::string& store_url, const Clock& clock,
                                                 HashKey key);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Records that `who` read `entry` through `route` ("GET /api/v1/tasks/{id}"). Completes
  // with Status on the handler's executor once the row is durable.
  template <typename CompletionToken>
  auto record(const Principal& who, std::string route, AccessEntry entry, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(Status)>(
        [this](auto handler, store::AccessRecord r) {
          submit(std::move(r),
                 boost::asio::any_completion_handler<void(Status)>(std::move(handler)));
        },
        token, makeRecord(who, std::move(route), std::move(entry)));
  }

  // Several records read in one response: submitted together (so they share a commit);
  // completes once all are durable, with the first error if any failed.
  template <typename CompletionToken>
  auto recordMany(const Principal& who, std::string route, std::vector<AccessEntry> entries,
                  CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(Status)>(
        [this](auto handler, std::vector<store::AccessRecord> rs) {
          submitMany(std::move(rs),
                     boost::asio::any_completion_handler<void(Status)>(std::move(handler)));
        },
        token, makeRecords(who, route, std::move(entries)));
  }

  // Blocking form, for tools and tests.
  Status recordNow(const Principal& who, std::string route, AccessEntry entry);

  // Every recorded read of `citizen`'s data with from <= at < to, oldest first, at most
  // `limit` (blocking).
  Result<std::vector<store::AccessRecord>> find(std::string_view citizen, Timestamp from,
                                                Timestamp to, std::size_t limit);

  // The stored form of a citizen identifier; fails on one without a known kind prefix. A
  // phone number is hashed in its normal form (core/phone_number.h), however it is written.
  Result<std::string> citizenRef(std::string_view citizen) const;

  // Records written so far (for metrics and benchmarks).
  std::uint64_t written() const;

 private:
  struct Item {
    store::AccessRecord record;
    boost::asio::any_completion_handler<void(Status)> done;
  };
  // The identifiers "kind:value" a citizen's rows may be stored under, the one written today
  // first: for a phone number, also the spellings older versions hashed as written.
  static Result<std::vector<std::string>> citizenSpellings(std::string_view citizen);
  store::AccessRecord makeRecord(const Principal& who, std::string route, AccessEntry entry);
  std::vector<store::AccessRecord> makeRecords(const Principal& who, const std::string& route,
                                               std::vector<AccessEntry> entries);
  void submit(store::AccessRecord record, boost::asio::any_completion_handler<void(Status)> done);
  void submitMany(std::vector<store::AccessRecord> records,
                  boost::asio::any_completion_handler<void(Status)> done);
  Status commit(std::vector<Item>& group);

  const Clock& clock_;
  const HashKey key_;
  const AccessChain chain_;
  std::mutex reader_mu_;
  store::IdentityStorePtr reader_;  // guarded by reader_mu_
  store::IdentityStorePtr writer_;  // writer thread only
  std::atomic<std::uint64_t> written_ = 0;
  concurrency::GroupCommitWriter<Item> group_writer_;  // last: its thread uses the fields above
};

// Reads a key file of 64 hex digits, creating it (mode 0600) with a random key when absent.
Result<HashKey> loadOrCreateKey(const std::string& path);
// Reads a key file of 64 hex digits; kNotFound when it does not exist.
Result<HashKey> loadKey(const std::string& path);

}  // namespace luukku::identity
