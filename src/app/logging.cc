#include "app/logging.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include "app/log_redaction.h"
#include "core/time.h"

namespace luukku::app {
namespace {

class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(bool json) : json_(json) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string time = formatTimestamp(
        std::chrono::time_point_cast<std::chrono::microseconds>(msg.time));
    time.erase(23, 3);  // milliseconds are enough: "...:00.123Z"
    auto level = spdlog::level::to_string_view(msg.level);
    std::string text = redactPersonalData(std::string_view(msg.payload.data(), msg.payload.size()));
    std::string line;
    if (json_) {
      line = R"({"time":")" + time + R"(","level":")" +
             std::string(level.data(), level.size()) + R"(","msg":)" +
             boost::json::serialize(boost::json::string_view(text)) + "}\n";
    } else {
      for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';  // one event, one line
      }
      line = time + " " + std::string(level.data(), level.size()) + " " + text + "\n";
    }
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(json_);
  }

 private:
  bool json_;
};

}  // namespace

void setupLogging(const std::string& level, const std::string& format) {
  auto logger = std::make_shared<spdlog::logger>(
      "luukku", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(std::make_unique<LineFormatter>(format == "json"));
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace luukku::app
