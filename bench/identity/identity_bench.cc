// Identity benchmarks (docs/performance.md, "Identity"):
//   BM_LoginStandardCost        a whole password sign-in at the production argon2id cost
//   BM_AuthorizeCachedSession   authentication from the cache + the route's rule + CSRF
//   BM_AccessLogDurable         one access-log row made durable, alone (fsync-bound latency)
//   BM_AuthorizeAndLogPerRequest authorization + access-log row for requests in flight
//                               together, as a busy server has them (group commit)
#include <benchmark/benchmark.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "api/authorize.h"
#include "engine/system_clock.h"
#include "identity/access_log.h"
#include "identity/identity.h"
#include "store/event_store.h"

namespace luukku {
namespace {

constexpr const char* kPassword = "Kahvia-ja-pullaa-42";

// A migrated SQLite store in a fresh temp directory (WAL, synchronous=FULL, as in production).
struct Store {
  Store() {
    dir = std::filesystem::temp_directory_path() /
          ("luukku-identity-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url = "sqlite:" + (dir / "luukku.db").string();
    auto store = store::openStore(url);
    if (!store || !(*store)->migrate()) throw std::runtime_error("cannot migrate");
  }
  ~Store() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  std::string url;
};

identity::Identity& identityFor(Store& s, identity::PasswordCost cost) {
  static engine::SystemClock clock;
  identity::IdentityOptions options;
  options.password_cost = cost;
  static std::unique_ptr<identity::Identity> identity;
  identity = std::move(identity::Identity::open(s.url, clock, options)).value();
  identity::NewUser u{"anna", "Anna Agentti", std::string(kPassword),
                      identity::RoleSet{identity::Role::kAgent}, ""};
  if (!identity->createUser(u, identity::Actor::commandLine())) throw std::runtime_error("user");
  return *identity;
}

void BM_LoginStandardCost(benchmark::State& state) {
  Store store;
  auto& identity = identityFor(store, identity::PasswordCost::standard());
  for (auto _ : state) {
    auto result = identity.login("anna", kPassword, "127.0.0.1");
    if (!result.session) state.SkipWithError("sign-in failed");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_LoginStandardCost)->Unit(benchmark::kMillisecond)->Iterations(20)->UseRealTime();

void BM_AuthorizeCachedSession(benchmark::State& state) {
  Store store;
  auto& identity = identityFor(store, identity::PasswordCost::fastest());
  auto session = identity.login("anna", kPassword, "127.0.0.1").session;
  api::HttpRequest request;
  request.method = "POST";
  request.headers = {{"cookie", "theme=dark; luukku_session=" + session->cookie_value},
                     {"x-csrf-token", session->principal.csrf_token}};
  api::Access access = api::Access::anyOf({identity::Role::kAgent, identity::Role::kSupervisor});
  for (auto _ : state) {
    auto credentials = api::credentialsOf(request);
    auto principal = identity.authenticateCached(credentials);
    if (!principal || !*principal) {
      state.SkipWithError("not answered from the cache");
      break;
    }
    Status allowed = api::authorize(access, **principal, request);
    benchmark::DoNotOptimize(allowed);
  }
}
BENCHMARK(BM_AuthorizeCachedSession);

identity::Principal agent() {
  identity::Principal p;
  p.id = "u-0123456789abcdef";
  p.name = "anna";
  p.roles = identity::RoleSet{identity::Role::kAgent};
  return p;
}

identity::AccessEntry entry(int i) {
  return {"hetu:131052-308T", "task", "t-" + std::to_string(i), "callback task"};
}

void BM_AccessLogDurable(benchmark::State& state) {
  Store store;
  engine::SystemClock clock;
  auto log =
      std::move(identity::AccessLog::open(store.url, clock, identity::randomHashKey())).value();
  auto who = agent();
  int i = 0;
  for (auto _ : state) {
    Status st = log->recordNow(who, "GET /api/v1/tasks/{id}", entry(i++));
    if (!st) state.SkipWithError("write failed");
  }
}
BENCHMARK(BM_AccessLogDurable)->Unit(benchmark::kMicrosecond)->UseRealTime();

// `in_flight` requests at once, each: authenticate from the cache, check the rule and CSRF,
// record one access-log row and wait until it is durable. Time per request.
void BM_AuthorizeAndLogPerRequest(benchmark::State& state) {
  const int in_flight = static_cast<int>(state.range(0));
  Store store;
  engine::SystemClock clock;
  auto& identity = identityFor(store, identity::PasswordCost::fastest());
  auto log =
      std::move(identity::AccessLog::open(store.url, clock, identity::randomHashKey())).value();
  auto session = identity.login("anna", kPassword, "127.0.0.1").session;
  api::HttpRequest request;
  request.method = "GET";
  request.headers = {{"cookie", "luukku_session=" + session->cookie_value}};
  api::Access access = api::Access::anyOf({identity::Role::kAgent});
  int n = 0;
  for (auto _ : state) {
    std::mutex mu;
    std::condition_variable cv;
    int done = 0;
    for (int r = 0; r < in_flight; ++r) {
      auto principal = identity.authenticateCached(api::credentialsOf(request));
      if (!principal || !*principal || !api::authorize(access, **principal, request)) {
        state.SkipWithError("refused");
        return;
      }
      log->record(**principal, "GET /api/v1/tasks/{id}", entry(n++), [&](Status st) {
        if (!st) std::abort();
        std::lock_guard lock(mu);
        ++done;
        cv.notify_one();
      });
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done == in_flight; });
  }
  state.SetItemsProcessed(state.iterations() * in_flight);
  state.counters["us_per_request"] =
      benchmark::Counter(static_cast<double>(state.iterations() * in_flight),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_AuthorizeAndLogPerRequest)
    ->Arg(1)
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
}  // namespace luukku

BENCHMARK_MAIN();
