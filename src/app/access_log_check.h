// Verifying the access log's hash chain (identity::verifyAccessChain) from the server and the
// command line, and saying what was found: a break is an error in the log naming the first
// broken seq, and the gauges
//
//   luukku_access_log_chain_verified   1 once a verification has finished, 0 before
//   luukku_access_log_chain_broken     1 when the chain is broken
//   luukku_access_log_chain_broken_seq the first broken seq (0 when intact)
//   luukku_access_log_chain_rows       chained rows verified
//
// The server still starts on a broken chain: refusing would stop every read of personal
// data, which the log exists to record, and the evidence stays in the database either way.
//
// Thread-safety: checkAccessChain() may run on any thread; AccessChainCheck is not meant to
// be shared (construct and destroy it on one thread).
#pragma once

#include <stop_token>
#include <string>
#include <thread>

#include "core/status.h"
#include "identity/access_log.h"
#include "metrics/metrics.h"

namespace luukku::app {

// Verifies the chain of the store at `store_url` over a connection of its own, logs the
// outcome and sets the gauges in `registry`. Blocking.
Result<identity::AccessChainReport> checkAccessChain(const std::string& store_url,
                                                     const identity::HashKey& key,
                                                     metrics::Registry& registry,
                                                     std::stop_token stop = {});

// checkAccessChain() on a thread of its own, started by the constructor, so that a long log
// does not delay the start. The destructor stops it and waits.
class AccessChainCheck {
 public:
  AccessChainCheck(std::string store_url, identity::HashKey key, metrics::Registry& registry);
  AccessChainCheck(const AccessChainCheck&) = delete;
  AccessChainCheck& operator=(const AccessChainCheck&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace luukku::app
