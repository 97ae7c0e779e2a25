#include "core/reports/call_outcomes.h"

#include <algorithm>
#include <numeric>

namespace luukku::core::reports {

std::string_view callDirectionName(CallDirection d) {
  return d == CallDirection::kInbound ? "inbound" : "outgoing";
}

std::optional<CallDirection> callDirectionFromName(std::string_view name) {
  if (name == "inbound") return CallDirection::kInbound;
  if (name == "outgoing") return CallDirection::kOutgoing;
  return std::nullopt;
}

namespace {
constexpr std::array<std::pair<CallOutcome, std::string_view>, 6> kOutcomeNames = {{
    {CallOutcome::kPending, "pending"},
    {CallOutcome::kAnswered, "answered"},
    {CallOutcome::kLost, "lost"},
    {CallOutcome::kCalledBack, "called_back"},
    {CallOutcome::kOutgoing, "outgoing"},
    {CallOutcome::kCallbackAttempt, "callback_attempt"},
}};
}  // namespace

std::string_view callOutcomeName(CallOutcome o) {
  for (const auto& [outcome, name] : kOutcomeNames) {
    if (outcome == o) return name;
  }
  return "pending";
}

std::optional<CallOutcome> callOutcomeFromName(std::string_view name) {
  for (const auto& [outcome, n] : kOutcomeNames) {
    if (n == name) return outcome;
  }
  return std::nullopt;
}

bool countsInTotal(CallOutcome o) {
  return o == CallOutcome::kAnswered || o == CallOutcome::kLost || o == CallOutcome::kCalledBack ||
         o == CallOutcome::kOutgoing;
}

CallOutcome outcomeOf(const CallRecord& call) {
  if (call.direction == CallDirection::kOutgoing) {
    return call.task_id.empty() ? CallOutcome::kOutgoing : CallOutcome::kCallbackAttempt;
  }
  if (call.answered_at) return CallOutcome::kAnswered;
  // A callback that reached the number settles the call even if the reports saw the attempt
  // before the call's own end (a caller still recording a message while being called back).
  if (call.reached_at) return CallOutcome::kCalledBack;
  if (call.ended_at) return CallOutcome::kLost;
  return CallOutcome::kPending;
}

std::optional<std::chrono::microseconds> waitOf(const CallRecord& call) {
  if (call.answered_at) return *call.answered_at - call.arrived_at;
  if (call.ended_at) return *call.ended_at - call.arrived_at;
  return std::nullopt;
}

std::chrono::microseconds talkOf(const CallRecord& call) {
  if (!call.answered_at || !call.ended_at) return std::chrono::microseconds{0};
  return std::max(std::chrono::microseconds{0}, *call.ended_at - *call.answered_at);
}

bool abandoned(const CallRecord& call) {
  return call.direction == CallDirection::kInbound && !call.answered_at && call.end == "abandoned";
}

void OutcomeCounts::add(CallOutcome o, std::int64_t n) {
  switch (o) {
    case CallOutcome::kAnswered:
      answered += n;
      break;
    case CallOutcome::kLost:
      lost += n;
      break;
    case CallOutcome::kCalledBack:
      called_back += n;
      break;
    case CallOutcome::kOutgoing:
      outgoing += n;
      break;
    case CallOutcome::kPending:
    case CallOutcome::kCallbackAttempt:
      break;
  }
}

OutcomeCounts& OutcomeCounts::operator+=(const OutcomeCounts& other) {
  answered += other.answered;
  lost += other.lost;
  called_back += other.called_back;
  outgoing += other.outgoing;
  return *this;
}

std::array<std::int64_t, 4> shareBasisPoints(const OutcomeCounts& counts) {
  const std::array<std::int64_t, 4> parts = {counts.answered, counts.lost, counts.called_back,
                                             counts.outgoing};
  const std::int64_t total = counts.total();
  std::array<std::int64_t, 4> shares{};
  if (total <= 0) return shares;
  std::array<std::int64_t, 4> remainders{};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    shares[i] = parts[i] * 10000 / total;
    remainders[i] = parts[i] * 10000 % total;
  }
  std::int64_t missing = 10000 - std::accumulate(shares.begin(), shares.end(), std::int64_t{0});
  std::array<std::size_t, 4> order = {0, 1, 2, 3};
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; missing > 0; k = (k + 1) % order.size(), --missing) {
    ++shares[order[k]];
  }
  return shares;
}

std::string formatBasisPoints(std::int64_t basis_points) {
  const std::int64_t hundredths = basis_points % 100;
  std::string out = std::to_string(basis_points / 100);
  out += '.';
  out += static_cast<char>('0' + hundredths / 10);
  out += static_cast<char>('0' + hundredths % 10);
  return out;
}

std::int64_t histogramBucket(std::chrono::microseconds d) {
  const std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return std::clamp<std::int64_t>(seconds, 0, 3600);
}

void SecondsHistogram::add(std::chrono::microseconds d, std::int64_t n) {
  addSeconds(histogramBucket(d), n, d * n);
}

void SecondsHistogram::addSeconds(std::int64_t seconds, std::int64_t n,
                                  std::chrono::microseconds sum_us) {
  counts[static_cast<std::size_t>(std::clamp<std::int64_t>(seconds, 0, 3600))] += n;
  total += n;
  sum += sum_us;
}

std::optional<std::int64_t> SecondsHistogram::quantile(double q) const {
  if (total <= 0) return std::nullopt;
  // The nearest rank: ceil(q * total), at least 1.
  auto rank = static_cast<std::int64_t>(q * static_cast<double>(total));
  if (static_cast<double>(rank) < q * static_cast<double>(total)) ++rank;
  rank = std::max<std::int64_t>(rank, 1);
  std::int64_t seen = 0;
  for (std::size_t s = 0; s < counts.size(); ++s) {
    seen += counts[s];
    if (seen >= rank) return static_cast<std::int64_t>(s);
  }
  return static_cast<std::int64_t>(counts.size() - 1);
}

std::optional<double> SecondsHistogram::meanSeconds() const {
  if (total <= 0) return std::nullopt;
  return static_cast<double>(sum.count()) / 1e6 / static_cast<double>(total);
}

std::int64_t SecondsHistogram::under(std::int64_t seconds) const {
  std::int64_t n = 0;
  for (std::int64_t s = 0; s < std::min<std::int64_t>(seconds, 3601); ++s) {
    n += counts[static_cast<std::size_t>(s)];
  }
  return n;
}

}  // namespace luukku::core::reports
