#include "identity/access_log.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <fstream>
#include <tuple>

#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::identity {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxBatch = 1000;
constexpr std::size_t kMaxFieldBytes = 512;
constexpr std::size_t kVerifyPage = 5000;

void complete(asio::any_completion_handler<void(Status)> handler, Status status) {
  auto ex = asio::get_associated_executor(handler, asio::system_executor());
  asio::dispatch(ex, [h = std::move(handler), s = std::move(status)]() mutable {
    std::move(h)(std::move(s));
  });
}

std::string clipped(std::string s) {
  if (s.size() > kMaxFieldBytes) s.resize(kMaxFieldBytes);
  return s;
}

// The chain's key, apart from the one that hashes citizens: one key, two uses that cannot
// be confused.
HashKey chainKey(const HashKey& identity_key) {
  auto bytes = fromHex(keyedHash(identity_key, "luukku access log chain key v1"));
  HashKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

// The first problem with one chained row, given what the row before it says; "" when none.
std::string linkProblem(const AccessChain& chain, const store::AccessRecord& row,
                        std::int64_t expected_seq, const std::string& expected_prev) {
  if (row.seq != expected_seq) {
    std::string missing =
        row.seq - 1 > expected_seq
            ? "rows " + std::to_string(expected_seq) + " to " + std::to_string(row.seq - 1) + " are"
            : "row " + std::to_string(expected_seq) + " is";
    return missing + " missing (deleted): the next row is seq " + std::to_string(row.seq);
  }
  if (row.prev_hash != expected_prev) {
    return "seq " + std::to_string(row.seq) +
           " does not continue the chain: the row before it was replaced, or this row's link "
           "was changed";
  }
  if (!constantTimeEquals(chain.link(row), row.hash)) {
    return "seq " + std::to_string(row.seq) + " was changed after it was written";
  }
  return "";
}

}  // namespace

AccessChain::AccessChain(const HashKey& identity_key) : key_(chainKey(identity_key)) {}

std::string AccessChain::mac(const std::vector<std::string_view>& fields) const {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
  for (std::string_view f : fields) {
    unsigned char length[8];
    std::uint64_t n = f.size();
    for (int i = 7; i >= 0; --i, n >>= 8) length[i] = static_cast<unsigned char>(n & 0xFF);
    crypto_auth_hmacsha256_update(&state, length, sizeof length);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(f.data()),
                                  f.size());
  }
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, out);
  return toHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string AccessChain::genesis(const store::AccessChainStart& start) const {
  std::string seq = std::to_string(start.genesis_seq);
  std::string rows = std::to_string(start.legacy_rows);
  return mac({"luukku access log genesis v1", seq, rows});
}

std::string AccessChain::link(const store::AccessRecord& r) const {
  std::string seq = std::to_string(r.seq);
  std::string at = std::to_string(toMicros(r.at));
  return mac({"luukku access log v1", r.prev_hash, seq, at, r.actor_id, r.actor_name, r.actor_roles,
              r.citizen_ref, r.record_kind, r.record_id, r.purpose, r.route});
}

Result<AccessChainReport> verifyAccessChain(store::IdentityStore& store, const HashKey& key,
                                            std::stop_token stop) {
  AccessChain chain(key);
  AccessChainReport report;
  ASSIGN_OR_RETURN(std::optional<store::AccessChainStart> start, store.accessChainStart());
  if (!start) {
    report.broken_seq = 1;
    report.problem = "the record of where the chain begins (table access_log_chain) is gone";
    return report;
  }
  ASSIGN_OR_RETURN(report.legacy_rows, store.countAccessThrough(start->genesis_seq));
  if (report.legacy_rows != start->legacy_rows) {
    report.broken_seq = start->genesis_seq;
    report.problem = "rows written before the chain began were removed or added: there were " +
                     std::to_string(start->legacy_rows) + " up to seq " +
                     std::to_string(start->genesis_seq) + ", now there are " +
                     std::to_string(report.legacy_rows);
    return report;
  }
  std::int64_t seq = start->genesis_seq;
  std::string prev = chain.genesis(*start);
  for (;;) {
    if (stop.stop_requested()) return unavailable("verifying the access log was stopped");
    ASSIGN_OR_RETURN(std::vector<store::AccessRecord> page, store.readAccess(seq, kVerifyPage));
    for (const store::AccessRecord& row : page) {
      std::string problem = linkProblem(chain, row, seq + 1, prev);
      if (!problem.empty()) {
        report.broken_seq = row.seq != seq + 1 ? seq + 1 : row.seq;
        report.problem = std::move(problem);
        return report;
      }
      seq = row.seq;
      prev = row.hash;
      ++report.chained_rows;
    }
    if (page.size() < kVerifyPage) break;
  }
  if (report.chained_rows > 0) {
    report.head_seq = seq;
    report.head_hash = prev;
  }
  return report;
}

AccessLog::AccessLog(store::IdentityStorePtr writer, store::IdentityStorePtr reader,
                     const Clock& clock, HashKey key)
    : clock_(clock),
      key_(key),
      chain_(key),
      reader_(std::move(reader)),
      writer_(std::move(writer)),
      group_writer_(
          kMaxBatch, concurrency::AfterFailure::kContinue,
          {.weight = [](const Item&) -> std::size_t { return 1; },
           .commit = [this](std::vector<Item>& group) { return commit(group); },
           .finish = [](Item& item,
                        const Status& status) { complete(std::move(item.done), status); }}) {}

AccessLog::~AccessLog() = default;

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& store_url, const Clock& clock,
                                                   HashKey key) {
  ASSIGN_OR_RETURN(store::IdentityStorePtr writer, store::openIdentityStore(store_url));
  ASSIGN_OR_RETURN(store::IdentityStorePtr reader, store::openIdentityStore(store_url));
  return std::make_unique<AccessLog>(std::move(writer), std::move(reader), clock, key);
}

Result<std::vector<std::string>> AccessLog::citizenSpellings(std::string_view citizen) {
  while (!citizen.empty() && citizen.front() == ' ') citizen.remove_prefix(1);
  while (!citizen.empty() && citizen.back() == ' ') citizen.remove_suffix(1);
  auto colon = citizen.find(':');
  std::string kind(citizen.substr(0, colon == std::string_view::npos ? 0 : colon));
  if (kind != "hetu" && kind != "phone" && kind != "customer") {
    return invalidArgument(
        "a citizen is named hetu:<identity code>, phone:<number> or "
        "customer:<id>");
  }
  std::string value(citizen.substr(colon + 1));
  if (value.empty() || value.size() > 128 || !isValidUtf8(value)) {
    return invalidArgument("the citizen's identifier is empty, too long or not UTF-8");
  }
  if (kind == "hetu") {
    for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (kind != "phone") return std::vector<std::string>{kind + ":" + value};
  // One number, however it is written, and every spelling an older version may have hashed:
  // the log is append-only, so its old rows are found by asking for them all.
  std::vector<std::string> numbers;
  if (auto normal = core::normalizePhoneNumber(value); normal && !normal->empty()) {
    numbers = core::legacyPhoneNumberSpellings(*normal);
  } else if (core::isLegacyPhoneNumber(value)) {
    numbers = {value};  // stored by an older version; it has no normal form
  } else {
    return invalidArgument("citizen: " +
                           (normal ? "no phone number after 'phone:'" : normal.status().message()));
  }
  for (auto& n : numbers) n.insert(0, "phone:");
  return numbers;
}

Result<std::string> AccessLog::citizenRef(std::string_view citizen) const {
  ASSIGN_OR_RETURN(auto spellings, citizenSpellings(citizen));
  return keyedHash(key_, spellings.front());
}

store::AccessRecord AccessLog::makeRecord(const Principal& who, std::string route,
                                          AccessEntry entry) {
  store::AccessRecord r;
  r.at = clock_.now();
  r.actor_id = who.id;
  r.actor_name = who.name;
  r.actor_roles = who.roles.toString();
  auto ref = citizenRef(entry.citizen);
  r.citizen_ref = ref ? *ref : "";
  r.record_kind = clipped(std::move(entry.record_kind));
  r.record_id = clipped(std::move(entry.record_id));
  r.purpose = clipped(std::move(entry.purpose));
  r.route = clipped(std::move(route));
  return r;
}

void AccessLog::submit(store::AccessRecord record,
                       asio::any_completion_handler<void(Status)> done) {
  if (record.citizen_ref.empty() || record.record_kind.empty() || record.purpose.empty()) {
    complete(std::move(done),
             internalError("an access-log entry needs a valid citizen, a record kind and a "
                           "purpose; the data was not sent"));
    return;
  }
  group_writer_.submit({std::move(record), std::move(done)});
}

std::vector<store::AccessRecord> AccessLog::makeRecords(const Principal& who,
                                                        const std::string& route,
                                                        std::vector<AccessEntry> entries) {
  std::vector<store::AccessRecord> out;
  out.reserve(entries.size());
  for (auto& e : entries) out.push_back(makeRecord(who, route, std::move(e)));
  return out;
}

void AccessLog::submitMany(std::vector<store::AccessRecord> records,
                           asio::any_completion_handler<void(Status)> done) {
  if (records.empty()) {
    complete(std::move(done), Status::ok());
    return;
  }
  // Constructed, never assigned: Boost 1.81's any_completion_handler move assignment wraps
  // the handler in itself without end.
  struct Join {
    Join(std::size_t n, asio::any_completion_handler<void(Status)> h)
        : left(n), done(std::move(h)) {}
    std::mutex mu;
    std::size_t left;
    Status first;
    asio::any_completion_handler<void(Status)> done;
  };
  auto join = std::make_shared<Join>(records.size(), std::move(done));
  for (auto& r : records) {
    submit(std::move(r), asio::any_completion_handler<void(Status)>([join](Status st) {
             std::unique_lock lock(join->mu);
             if (!st && join->first.isOk()) join->first = st;
             if (--join->left > 0) return;
             Status result = join->first;
             auto handler = std::move(join->done);
             lock.unlock();
             complete(std::move(handler), std::move(result));
           }));
  }
}

Status AccessLog::recordNow(const Principal& who, std::string route, AccessEntry entry) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<Status> result;
  submit(makeRecord(who, std::move(route), std::move(entry)),
         asio::any_completion_handler<void(Status)>([&](Status st) {
           std::lock_guard lock(m);
           result = std::move(st);
           cv.notify_one();
         }));
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return result.has_value(); });
  return *result;
}

// The rows are chained in the order they were submitted: appendAccess() links each to the
// one before it inside the group's transaction.
Status AccessLog::commit(std::vector<Item>& group) {
  std::vector<store::AccessRecord> records;
  records.reserve(group.size());
  for (auto& item : group) records.push_back(std::move(item.record));
  Status st = writer_->appendAccess(records, chain_);
  if (!st) {
    spdlog::error("the access log could not be written: {}", st.message());
    return unavailable("the access log could not be written; the data was not sent");
  }
  written_ += records.size();
  return Status::ok();
}

Result<std::vector<store::AccessRecord>> AccessLog::find(std::string_view citizen, Timestamp from,
                                                         Timestamp to, std::size_t limit) {
  ASSIGN_OR_RETURN(auto spellings, citizenSpellings(citizen));
  std::vector<store::AccessRecord> rows;
  std::lock_guard lock(reader_mu_);
  for (const auto& spelling : spellings) {
    ASSIGN_OR_RETURN(auto found, reader_->findAccess(keyedHash(key_, spelling), from, to, limit));
    rows.insert(rows.end(), std::make_move_iterator(found.begin()),
                std::make_move_iterator(found.end()));
  }
  // Oldest first across the spellings, as for one; at most `limit`.
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.at, a.seq) < std::tie(b.at, b.seq);
  });
  if (rows.size() > limit) rows.resize(limit);
  return rows;
}

std::uint64_t AccessLog::written() const {
  return written_;
}

Result<HashKey> loadKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) return notFound("the key file " + path + " does not exist");
  std::string hex;
  in >> hex;
  auto bytes = fromHex(hex);
  HashKey key{};
  if (!bytes || bytes->size() != key.size()) {
    return invalidArgument("the key file " + path + " does not hold 64 hex digits");
  }
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

Result<HashKey> loadOrCreateKey(const std::string& path) {
  auto existing = loadKey(path);
  if (existing || existing.status().code() != ErrorCode::kNotFound) return existing;
  HashKey key = randomHashKey();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return unavailable("cannot create the key file " + path);
  std::string hex =
      toHex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())) + "\n";
  bool ok =
      ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return unavailable("cannot write the key file " + path);
  spdlog::info("created the identity key file {} (back it up with the database)", path);
  return key;
}

}  // namespace luukku::identity
