// Queueing theory for one service line: Erlang C (M/M/c, callers never hang up) and the
// staffing planner built on it.
//
// With calls arriving at random (Poisson) at rate lambda, handling times exponential with mean
// h (talk plus wrap-up) and c agents, the offered load is a = lambda * h erlangs. When c > a:
//   P(wait > 0)           = C(c, a)                           (the Erlang C formula)
//   mean wait             = C(c, a) * h / (c - a)
//   P(wait <= t)          = 1 - C(c, a) * exp(-(c - a) * t / h)
// When c <= a the queue grows without bound: everyone waits, forever on average.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <vector>

namespace luukku::core::routing {

// Probability that a caller has to wait.
double erlangC(int agents, double offered_load_erlangs);

struct ErlangResult {
  double probability_of_waiting = 1;
  double mean_wait_s = 0;    // over all callers, +infinity when overloaded
  double service_level = 0;  // share answered within the target
  double occupancy = 1;      // share of agents' time spent handling
};
ErlangResult erlangCModel(int agents, double calls_per_hour, double mean_handle_s,
                          double target_answer_s);

// The fewest agents for which the service level reaches the target (at least one when there
// are calls; zero for an hour without calls).
int agentsNeeded(double calls_per_hour, double mean_handle_s, double target_service_level,
                 double target_answer_s);

struct StaffingRequest {
  std::array<double, 24> calls_per_hour{};  // by local hour of day
  double mean_handle_s = 240;               // talk plus wrap-up
  double target_service_level = 0.8;        // 80 % ...
  double target_answer_s = 60;              // ... answered within 60 s
};

struct HourPlan {
  int hour = 0;
  double calls = 0;
  int agents = 0;
  ErlangResult predicted;
};

std::vector<HourPlan> planStaffing(const StaffingRequest& request);

}  // namespace luukku::core::routing
