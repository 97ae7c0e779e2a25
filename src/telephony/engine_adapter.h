// EngineCallRouting: CallRouting on the engine — each request an engine command, offers read
// from the engine's live event feed, service lines and opening hours from its region snapshot.
//
// Completions and offer events are delivered on the executor given at construction (the
// switchboard's). The feed subscription starts in start() and ends in stop().
//
// Thread-safety: thread-safe; lineForNumber() reads the immutable region snapshot.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "telephony/call_routing.h"
#include "telephony/telephony_config.h"

namespace luukku::telephony {

class EngineCallRouting final : public CallRouting {
 public:
  EngineCallRouting(engine::Engine& engine, const TelephonyConfig& config);
  // Where completions and offers are delivered; set once, before start().
  void setExecutor(boost::asio::any_io_executor executor) { executor_ = std::move(executor); }
  ~EngineCallRouting() override;

  // Subscribes to the feed (offers); returns once subscribed.
  void start();
  void stop();

  std::optional<LineInfo> lineForNumber(const std::string& dialled) override;
  void arrive(CallArrival arrival, std::function<void(Result<ArrivalResult>)> done) override;
  void abandon(std::string contact_id, std::function<void(Result<std::string>)> done) override;
  void requestCallback(std::string contact_id, std::string number, std::string voice_message_ref,
                       std::function<void(Result<std::string>)> done) override;
  void createCallbackTask(std::string line_id, std::string number, std::string language,
                          std::string contact_id,
                          std::function<void(Result<std::string>)> done) override;
  void accept(std::string agent_id, std::string contact_id,
              std::function<void(Status)> done) override;
  void decline(std::string agent_id, std::string contact_id,
               std::function<void(Status)> done) override;
  void complete(std::string agent_id, std::string contact_id,
                std::function<void(Status)> done) override;
  void waiting(std::string line_id,
               std::function<void(std::map<std::string, WaitingInfo>)> done) override;
  void phoneRegistration(std::string agent_id, bool registered, bool ready_on_register) override;
  void phoneReachable(std::string agent_id, bool reachable) override;
  void recordCallEvent(std::string contact_id, std::int64_t seq, std::string type,
                       std::string data_json) override;
  void onOffers(std::function<void(OfferEvent)> listener) override;

 private:
  struct Feed;
  engine::Engine& engine_;
  const TelephonyConfig config_;
  boost::asio::any_io_executor executor_;
  std::function<void(OfferEvent)> listener_;
  std::shared_ptr<Feed> feed_;
};

}  // namespace luukku::telephony
