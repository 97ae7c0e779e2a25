#include "core/routing/erlang.h"

#include <cmath>
#include <limits>

namespace luukku::core::routing {

double erlangC(int agents, double a) {
  if (a <= 0) return 0;
  if (agents <= 0 || agents <= a) return 1;
  // Erlang B by its stable recursion, then C from B.
  double b = 1;
  for (int k = 1; k <= agents; ++k) b = a * b / (k + a * b);
  double c = static_cast<double>(agents);
  return c * b / (c - a * (1 - b));
}

ErlangResult erlangCModel(int agents, double calls_per_hour, double mean_handle_s,
                          double target_answer_s) {
  ErlangResult r;
  double a = calls_per_hour * mean_handle_s / 3600.0;
  if (a <= 0) {
    r.probability_of_waiting = 0;
    r.service_level = 1;
    r.occupancy = 0;
    return r;
  }
  if (agents <= a) {
    r.mean_wait_s = std::numeric_limits<double>::infinity();
    return r;
  }
  double c = static_cast<double>(agents);
  r.probability_of_waiting = erlangC(agents, a);
  r.mean_wait_s = r.probability_of_waiting * mean_handle_s / (c - a);
  r.service_level =
      1 - r.probability_of_waiting * std::exp(-(c - a) * target_answer_s / mean_handle_s);
  r.occupancy = a / c;
  return r;
}

int agentsNeeded(double calls_per_hour, double mean_handle_s, double target_service_level,
                 double target_answer_s) {
  if (calls_per_hour <= 0) return 0;
  double a = calls_per_hour * mean_handle_s / 3600.0;
  int agents = std::max(1, static_cast<int>(std::floor(a)) + 1);
  while (erlangCModel(agents, calls_per_hour, mean_handle_s, target_answer_s).service_level <
             target_service_level &&
         agents < 100'000) {
    ++agents;
  }
  return agents;
}

std::vector<HourPlan> planStaffing(const StaffingRequest& request) {
  std::vector<HourPlan> plan;
  for (int h = 0; h < 24; ++h) {
    HourPlan p;
    p.hour = h;
    p.calls = request.calls_per_hour[static_cast<std::size_t>(h)];
    p.agents = agentsNeeded(p.calls, request.mean_handle_s, request.target_service_level,
                            request.target_answer_s);
    p.predicted = erlangCModel(p.agents, p.calls, request.mean_handle_s, request.target_answer_s);
    plan.push_back(p);
  }
  return plan;
}

}  // namespace luukku::core::routing
