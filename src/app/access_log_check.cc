#include "app/access_log_check.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "store/event_store.h"
#include "store/identity_store.h"

namespace luukku::app {
namespace {

struct ChainGauges {
  explicit ChainGauges(metrics::Registry& r)
      : verified(r.gauge("luukku_access_log_chain_verified",
                         "1 once the access log's hash chain has been verified since start")),
        broken(r.gauge("luukku_access_log_chain_broken",
                       "1 when the access log's hash chain is broken (rows removed or changed)")),
        broken_seq(r.gauge("luukku_access_log_chain_broken_seq",
                           "The first access-log seq where the chain breaks; 0 when intact")),
        rows(r.gauge("luukku_access_log_chain_rows", "Access-log rows whose chain was verified")) {}
  metrics::Gauge& verified;
  metrics::Gauge& broken;
  metrics::Gauge& broken_seq;
  metrics::Gauge& rows;
};

Result<identity::AccessChainReport> verifyAt(const std::string& store_url,
                                             const identity::HashKey& key, std::stop_token stop) {
  ASSIGN_OR_RETURN(store::IdentityStorePtr store, store::openIdentityStore(store_url));
  return identity::verifyAccessChain(*store, key, std::move(stop));
}

std::string describe(const identity::AccessChainReport& r) {
  return std::to_string(r.chained_rows) + " chained rows" +
         (r.head_seq > 0 ? " up to seq " + std::to_string(r.head_seq) + " (hash " +
                               r.head_hash.substr(0, 16) + "...)"
                         : "") +
         ", " + std::to_string(r.legacy_rows) + " rows from before the chain";
}

}  // namespace

Result<identity::AccessChainReport> checkAccessChain(const std::string& store_url,
                                                     const identity::HashKey& key,
                                                     metrics::Registry& registry,
                                                     std::stop_token stop) {
  ChainGauges gauges(registry);
  auto report = verifyAt(store_url, key, std::move(stop));
  if (!report) {
    spdlog::error("the access log's hash chain could not be verified: {}",
                  report.status().message());
    return report;
  }
  gauges.rows.set(report->chained_rows);
  gauges.broken.set(report->intact() ? 0 : 1);
  gauges.broken_seq.set(report->broken_seq);
  gauges.verified.set(1);
  if (report->intact()) {
    spdlog::info("access log hash chain intact: {}", describe(*report));
  } else {
    spdlog::error(
        "ACCESS LOG TAMPERING: the access log's hash chain is broken at seq {}: {}. Rows were "
        "removed or changed outside Luukku; keep a copy of the database and investigate "
        "(`luukku access-log verify`)",
        report->broken_seq, report->problem);
  }
  return report;
}

AccessChainCheck::AccessChainCheck(std::string store_url, identity::HashKey key,
                                   metrics::Registry& registry) {
  ChainGauges gauges(registry);  // listed in /metrics (as not yet verified) from the start
  thread_ = std::jthread([url = std::move(store_url), key, &registry](std::stop_token stop) {
    (void)checkAccessChain(url, key, registry, stop);
  });
}

int accessLogVerify(const Settings& settings) {
  auto fail = [](const Status& st) {
    std::cerr << "luukku: the access log could not be verified: " << st.message() << "\n";
    return 2;
  };
  std::string url = settings.effectiveStoreUrl();
  auto events = store::openStore(url);
  if (!events) return fail(events.status());
  auto version = (*events)->schemaVersion();
  if (!version) return fail(version.status());
  if (*version < 3) {
    return fail(invalidArgument("the store is at schema version " + std::to_string(*version) +
                                ", before the access log was chained; run `luukku migrate`"));
  }
  auto key = identity::loadKey(settings.effectiveIdentityKeyFile());
  if (!key) return fail(key.status());
  auto report = verifyAt(url, *key, {});
  if (!report) return fail(report.status());
  if (!report->intact()) {
    std::cerr << "luukku: the access log's hash chain is BROKEN at seq " << report->broken_seq
              << ": " << report->problem << "\n";
    return 1;
  }
  std::cout << "access log intact: " << describe(*report) << "\n";
  return 0;
}

}  // namespace luukku::app
