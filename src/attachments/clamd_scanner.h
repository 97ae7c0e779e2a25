// ClamdScanner: asks a running clamd (ClamAV's daemon) whether a file carries malware, over its
// INSTREAM command: the bytes go in chunks on the socket, so clamd needs no access to where
// Luukku keeps files, and nothing is written to disk before it is scanned.
//
// A scanner is optional (AttachmentIntake takes one or none). Where one is given, a file is
// accepted only after clamd said OK: a scanner that cannot be reached, answers late or refuses
// the stream is an error (kUnavailable), never a pass.
//
// The address is `unix:/path/to/clamd.sock` or `IP:port` (numeric; clamd's TCPSocket).
//
// Thread-safety: const and blocking; each scan opens its own connection, so any number of
// threads may scan at once. Call it off I/O threads (concurrency/blocking_pool.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace luukku::attachments {

struct ScanVerdict {
  bool clean = false;
  std::string signature;  // what clamd found, when not clean ("Eicar-Signature" ...)
  friend bool operator==(const ScanVerdict&, const ScanVerdict&) = default;
};

class ClamdScanner {
 public:
  // Fails with kInvalidArgument when `address` has neither form.
  static Result<ClamdScanner> create(std::string address,
                                     std::chrono::milliseconds timeout = std::chrono::seconds{30});

  // Sends `bytes` to clamd and reads its verdict. kUnavailable: clamd could not be reached,
  // did not answer within the timeout, or refused the stream (over its StreamMaxLength).
  Result<ScanVerdict> scan(std::string_view bytes) const;
  // PING -> PONG: whether clamd answers.
  Status ping() const;

  const std::string& address() const { return address_; }

  // Where clamd listens, as create() parsed it.
  struct Endpoint {
    int family = 0;      // AF_UNIX, AF_INET or AF_INET6
    std::string target;  // the socket's path, or the IP address
    std::uint16_t port = 0;
  };

 private:
  ClamdScanner(std::string address, Endpoint endpoint, std::chrono::milliseconds timeout)
      : address_(std::move(address)), endpoint_(std::move(endpoint)), timeout_(timeout) {}

  std::string address_;
  Endpoint endpoint_;
  std::chrono::milliseconds timeout_;
};

}  // namespace luukku::attachments
