// What route handlers may use. Handlers hold no state of their own: everything they change
// goes through the engine as a command, and everything they read comes from the engine's
// snapshots or the store reader.
#pragma once

#include <string>

namespace luukku::engine {
class Engine;
class StoreReader;
}  // namespace luukku::engine
namespace luukku::metrics {
class Registry;
}

namespace luukku::api {

struct Services {
  engine::Engine& engine;
  engine::StoreReader& reader;
  metrics::Registry& metrics;
};

}  // namespace luukku::api
