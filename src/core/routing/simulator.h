// A discrete-event simulation of the contact center over whole days, running the real
// ContactCenter decisions on a ManualClock: random (Poisson) arrivals per hour and line,
// handling times from a distribution, agents on shift per hour, callers who give up after a
// random patience, and the lines' callback policies, with simulated agents who answer offers,
// talk, wrap up and work callback tasks.
//
// Runs are deterministic for a given spec (seed included) on a given standard library: the
// random numbers come from std::mt19937_64 and the standard distributions.
//
// Thread-safety: simulate() is a pure function of its input; runs may proceed in parallel.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/routing/config.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::core::routing {

struct HandlingTime {
  enum class Shape { kExponential, kLognormal, kFixed };
  Shape shape = Shape::kExponential;
  double mean_s = 240;
  double sd_s = 120;  // kLognormal only
};

struct SimulatedLine {
  std::string line_id;                      // a line of the spec's configuration
  std::array<double, 24> calls_per_hour{};  // mean arrivals by local hour
  Channel channel = Channel::kPhone;
  HandlingTime handling;                        // talk time; wrap-up comes from the policy
  std::optional<double> mean_patience_s = 180;  // exponential; nullopt: nobody hangs up
  double share_with_number = 0.95;              // callers whose number is shown
  double callback_reach_probability = 0.75;     // a callback attempt reaches the citizen
  HandlingTime callback_handling{HandlingTime::Shape::kExponential, 300, 0};
};

struct SimulationSpec {
  RoutingConfig config;  // lines with their policies, agents with their memberships
  Date date;             // the first local day simulated
  int days = 1;          // the profile repeats every day
  std::vector<SimulatedLine> lines;
  // Agents on shift by local hour: the first n configured agents (in id order) are available,
  // the others finish what they hold and sign out.
  std::array<int, 24> agents_per_hour{};
  double answer_delay_s = 0;  // how long an agent takes to accept an offer
  double dial_s = 20;         // a callback attempt: dialling and ringing
  double answer_target_s = 60;
  std::uint64_t seed = 1;
  std::uint64_t number_pool = 100'000;  // distinct caller numbers (repeat callers happen)
};

// Figures for one hour (contacts by the hour they arrived, tasks by the hour made).
struct HourStats {
  int day = 0;
  int hour = 0;  // local hour of day
  int agents = 0;
  int arrivals = 0;
  int queued = 0;
  int answered = 0;
  int answered_in_target = 0;
  int abandoned = 0;
  int waited = 0;  // queued callers not offered at once (answered later or hung up)
  int diverted = 0;
  int rejected = 0;
  double total_wait_s = 0;  // of answered callers
  int callbacks_created = 0;
  int callbacks_completed = 0;
  int callbacks_unreachable = 0;
  double total_callback_delay_s = 0;  // creation to completion, of completed callbacks
};

struct SimulationReport {
  int arrivals = 0;
  int queued = 0;
  int answered = 0;
  int abandoned = 0;
  int diverted = 0;  // became callback tasks on arrival
  int rejected = 0;
  // Of the callers who queued and were answered or hung up:
  double service_level = 0;              // answered within the target
  double average_speed_of_answer_s = 0;  // mean wait of answered callers
  double abandonment_rate = 0;           // hung up before an answer
  double probability_of_waiting = 0;     // not offered at once
  int callbacks_created = 0;
  int callbacks_completed = 0;
  int callbacks_unreachable = 0;
  int callbacks_open_at_end = 0;
  double mean_callback_delay_s = 0;  // creation to completion
  std::size_t events = 0;            // events the simulation applied
  std::vector<HourStats> hours;      // days x 24 rows
};

// Fails with kInvalidArgument when the spec names unknown lines or has no agents to staff it.
Result<SimulationReport> simulate(const SimulationSpec& spec);

// One row per simulated hour, with a header:
// day,hour,agents,arrivals,queued,answered,abandoned,diverted,rejected,service_level,
// asa_s,callbacks_created,callbacks_completed,callbacks_unreachable,mean_callback_delay_min
void writeCsv(const SimulationReport& report, std::ostream& out);

}  // namespace luukku::core::routing
