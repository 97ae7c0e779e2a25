// Process-wide logging on spdlog: text lines for people or JSON lines for log collectors,
// both on stderr, both passed through redactPersonalData().
//
//   text: 2026-11-22T08:00:00.123Z info listening on http://127.0.0.1:8080
//   json: {"time":"2026-11-22T08:00:00.123Z","level":"info","msg":"listening on ..."}
//
// Thread-safety: call setupLogging() once at start-up; spdlog's logger is thread-safe.
#pragma once

#include <string>

namespace luukku::app {

void setupLogging(const std::string& level, const std::string& format);

}  // namespace luukku::app
