// The call flow's transitions (telephony/call_flow.h): whole calls driven through step() with
// the inputs the switchboard would feed, reported per transition. Target: a transition takes
// at most 1 µs (median of the repetitions).
//
//   call_flow_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "telephony/call_flow.h"

namespace {
using namespace luukku;
using namespace luukku::telephony::flow;
using namespace std::chrono_literals;

const Timestamp kNow = fromMicros(1'800'000'000'000'000);

CallState newCall(std::string from_number) {
  CallState s;
  s.line.line_id = "duty";
  s.line.language = "fi";
  s.from_number = std::move(from_number);
  return s;
}

telephony::ArrivalResult queuedAt(int position) {
  telephony::ArrivalResult r;
  r.position = position;
  r.wait = 120s;
  return r;
}

// Counts transitions: start() and every step().
struct Driver {
  CallState state;
  Settings settings;
  int transitions = 0;

  void begin() {
    benchmark::DoNotOptimize(start(state, settings, kNow));
    ++transitions;
  }
  void feed(const Input& input) {
    benchmark::DoNotOptimize(step(state, input, settings, kNow));
    ++transitions;
  }
};

// Runs `call` (one whole call on a fresh driver) per iteration; reports time per transition.
template <typename Call>
void perTransition(benchmark::State& st, const char* from_number, Call call) {
  std::int64_t transitions = 0;
  for (auto _ : st) {
    Driver d;
    d.state = newCall(from_number);
    d.begin();
    call(d);
    transitions += d.transitions;
  }
  st.counters["per_transition"] = benchmark::Counter(
      static_cast<double>(transitions), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The common call: queued, hears its place, an agent's phone rings and answers, they talk,
// the caller hangs up, routing replies.
void BM_AnsweredCall(benchmark::State& st) {
  const Input started = Started{telephony::StartResult{"c-00000001", queuedAt(2)}};
  perTransition(st, "+358401234567", [&](Driver& d) {
    d.feed(started);
    d.feed(Played{d.state.play_id});
    d.feed(OfferMade{"agent-1", true});
    d.feed(AgentAnswered{true});
    d.feed(AcceptReplied{Status::ok()});
    d.feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  });
}
BENCHMARK(BM_AnsweredCall);

// A withheld caller asks for a callback: keys a number digit by digit, confirms it, leaves a
// voice message, hears the farewell.
void BM_CallbackWithKeyedNumber(benchmark::State& st) {
  const Input started = Started{telephony::StartResult{"c-00000001", queuedAt(5)}};
  perTransition(st, "", [&](Driver& d) {
    d.feed(started);
    d.feed(Digit{'1'});
    for (char c : std::string_view("0401234567#")) d.feed(Digit{c});
    d.feed(Played{d.state.play_id});
    d.feed(Digit{'1'});
    d.feed(TaskReplied{TaskReplied::For::kRequestCallback, std::string("t-00000002")});
    d.feed(Played{d.state.play_id});
    d.feed(Recorded{12.5, true, "pound"});
    d.feed(Played{d.state.play_id});
  });
}
BENCHMARK(BM_CallbackWithKeyedNumber);

// One transition on a waiting call that changes nothing (a digit that means nothing there).
void BM_IgnoredDigitWhileQueued(benchmark::State& st) {
  Driver d;
  d.state = newCall("+358401234567");
  d.begin();
  d.feed(Started{telephony::StartResult{"c-00000001", queuedAt(1)}});
  const Input digit = Digit{'7'};
  for (auto _ : st) benchmark::DoNotOptimize(step(d.state, digit, d.settings, kNow));
}
BENCHMARK(BM_IgnoredDigitWhileQueued);

}  // namespace
