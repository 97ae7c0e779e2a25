// EngineCallRouting: CallRouting on the engine — each request an engine command, offers from
// an in-process routing listener (Engine::listen), service lines and opening hours from its
// region snapshot and the engine's clock.
//
// Completions and offer events are delivered on the executor given at construction (the
// switchboard's; a single-threaded io_context or a strand): the engine completes a command's
// reply before it delivers the offers the command made, so they arrive in that order. The
// listener is registered in start() and leaves in stop().
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
  EngineCallRouting(engine::Engine& engine, const TelephonyConfig& config,
                    boost::asio::any_io_executor executor);
  ~EngineCallRouting() override;

  // Listens for offers: those of every command the engine runs after this call.
  void start();
  void stop();

  std::optional<LineInfo> lineForNumber(const std::string& dialled) override;
  std::optional<LineInfo> line(const std::string& line_id) override;
  void startCall(CallStart call, std::function<void(Result<StartResult>)> done) override;
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
  void transferToQueue(std::string agent_id, std::string contact_id, std::string line_id,
                       core::CallTransferred event,
                       std::function<void(Result<ArrivalResult>)> done) override;
  void dialOut(OutgoingStart call, std::function<void(Result<OutgoingStarted>)> done) override;
  void recordAttempt(std::string agent_id, std::string task_id,
                     core::routing::AttemptOutcome outcome,
                     std::function<void(Status)> done) override;
  void phoneEngaged(std::string agent_id, bool engaged) override;
  void availableAgents(std::string line_id,
                       std::function<void(std::vector<std::string>)> done) override;
  void waiting(std::string line_id,
               std::function<void(std::map<std::string, WaitingInfo>)> done) override;
  void phoneRegistration(std::string agent_id, bool registered, bool ready_on_register) override;
  void phoneReachable(std::string agent_id, bool reachable) override;
  void recordCallEvent(std::string contact_id, core::CallEvent event) override;
  void onOffers(std::function<void(OfferEvent)> listener) override;

 private:
  std::optional<LineInfo> lineOf(const engine::RegionSnapshot& snapshot,
                                 const std::string& line_id) const;

  engine::Engine& engine_;
  const TelephonyConfig config_;
  const boost::asio::any_io_executor executor_;
  std::function<void(OfferEvent)> listener_;
  engine::RoutingListenerPtr offers_;
};

}  // namespace luukku::telephony
