#include "store/sqlite_write_gate.h"

#include <filesystem>
#include <map>
#include <system_error>

namespace luukku::store::sqlite {

std::shared_ptr<WriteGate> writeGateFor(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<WriteGate>> registry;

  std::error_code ec;
  std::filesystem::path file = std::filesystem::weakly_canonical(path, ec);
  const std::string key = ec ? path : file.string();

  std::lock_guard lock(registry_mutex);
  for (auto it = registry.begin(); it != registry.end();) {
    it = it->second.expired() ? registry.erase(it) : std::next(it);
  }
  std::weak_ptr<WriteGate>& slot = registry[key];
  std::shared_ptr<WriteGate> gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriteGate>();
    slot = gate;
  }
  return gate;
}

}  // namespace luukku::store::sqlite
