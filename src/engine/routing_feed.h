// listenAfter: an in-process routing listener (routing_listener.h) that starts from a given
// sequence: the events after `after_seq` already in the store first, then the live ones, with
// no gap and nothing twice. For a reader that resumes where it stopped (a restarted chat
// service, say) instead of from now.
//
// The live listener is registered first and its batches held back while the history up to
// the engine's head at registration is read through the StoreReader, decoded and filtered;
// the held batches follow. History comes in batches of up to a page of the log, not per
// command.
//
// Thread-safety: thread-safe. `reader` must outlive the catch-up (until the first live batch
// or `failed`); the handle works as Engine::listen's.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>

#include "core/status.h"
#include "engine/engine.h"
#include "engine/routing_listener.h"
#include "engine/store_reader.h"

namespace luukku::engine {

// `failed` runs on `executor` if the history cannot be read or decoded; the listener has then
// left and gets nothing more.
RoutingListenerPtr listenAfter(Engine& engine, StoreReader& reader, std::int64_t after_seq,
                               boost::asio::any_io_executor executor, RoutingFilter filter,
                               RoutingHandler handler, std::function<void(Status)> failed);

}  // namespace luukku::engine
