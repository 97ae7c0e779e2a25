// Media under load: N bridged calls relayed by Luukku's MediaEngine (two sessions per call) or
// by MinimalRelay, the baseline (one thread, epoll, recvmmsg/sendmmsg; minimal_relay.h), or
// both one after the other in the same run with the same load (RtpLoad, rtp_load.h: a caller
// stream per call sends one 20 ms G.711 packet every 20 ms into the caller-side port, and the
// agent-side socket receives what the relay forwards). Reported per target: packets sent and
// received (loss: never arrived; late packets count as delay), the added jitter (each
// packet's delay minus its stream's least delay: p50/p99/max), the relay's memory per
// concurrent call (RSS growth from before the relay exists to all calls set up, / N), and the
// CPU time of the relay's thread over the traffic. The load is the same code for both
// targets; its own CPU time is printed beside.
//
//   media_bench [calls=500] [seconds=20] [luukku|minimal|both=both]
#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "minimal_relay.h"
#include "rtp_load.h"
#include "telephony/media/media_engine.h"

namespace asio = boost::asio;
using namespace luukku::telephony::media;
using luukku::bench::MinimalRelay;
using luukku::bench::RtpLoad;

namespace {

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

// The machine's 1-minute load average: the cores are shared, so each result says how busy.
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one;
}

double cpuSeconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Each call needs two sockets in the generator and two in the relay.
bool ensureDescriptors(int calls) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  rlim_t need = 4 * static_cast<rlim_t>(calls) + 256;
  if (limit.rlim_cur >= need) return true;
  if (limit.rlim_max < need) {
    std::fprintf(stderr, "%d calls need %lu descriptors; the hard limit is %lu\n", calls,
                 static_cast<unsigned long>(need), static_cast<unsigned long>(limit.rlim_max));
    return false;
  }
  limit.rlim_cur = need;
  return setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

// A relay under test: the port each caller sends to, and the CPU clock of its thread.
class Target {
 public:
  virtual ~Target() = default;
  virtual std::uint16_t callerSidePort(std::size_t call) const = 0;
  virtual clockid_t cpuClock() const = 0;
};

class LuukkuTarget : public Target {
 public:
  explicit LuukkuTarget(std::size_t calls)
      : engine_(MediaOptions{"127.0.0.1", kPortMin, portMax(calls), 300}, registry_) {}
  ~LuukkuTarget() override {
    for (auto& s : sessions_) s->close();
    engine_.stop();
  }

  luukku::Status open(const RtpLoad& load) {
    RETURN_IF_ERROR(engine_.start());
    for (std::size_t i = 0; i < load.calls(); ++i) {
      auto a = engine_.open(events_.get_executor(), {});
      if (!a) return a.status();
      auto b = engine_.open(events_.get_executor(), {});
      if (!b) return b.status();
      (*a)->setRemote("127.0.0.1", load.callerPort(i), Codec::kPcma, 101);
      (*b)->setRemote("127.0.0.1", load.agentPort(i), Codec::kPcma, 101);
      (*a)->bridge(*b);
      sessions_.push_back(*a);
      sessions_.push_back(*b);
    }
    // The media thread runs what was posted in order: once this runs, every call is bridged.
    std::promise<clockid_t> ready;
    asio::post(engine_.context(), [&ready] {
      clockid_t clock{};
      pthread_getcpuclockid(pthread_self(), &clock);
      ready.set_value(clock);
    });
    clock_ = ready.get_future().get();
    return luukku::Status::ok();
  }
  std::uint16_t callerSidePort(std::size_t call) const override {
    return sessions_[2 * call]->localPort();
  }
  clockid_t cpuClock() const override { return clock_; }

 private:
  static constexpr std::uint16_t kPortMin = 20000;  // below the ephemeral range
  // Two sessions per call and room for ports other programs hold.
  static std::uint16_t portMax(std::size_t calls) {
    return static_cast<std::uint16_t>(
        std::min<std::size_t>(65534, kPortMin + 2 * (2 * calls + 1000)));
  }

  luukku::metrics::Registry registry_;
  MediaEngine engine_;
  asio::io_context events_;
  std::vector<MediaSessionPtr> sessions_;
  clockid_t clock_{};
};

class MinimalTarget : public Target {
 public:
  luukku::Status open(const RtpLoad& load) {
    std::vector<MinimalRelay::Remotes> remotes;
    for (std::size_t i = 0; i < load.calls(); ++i) {
      remotes.push_back({load.callerPort(i), load.agentPort(i)});
    }
    auto relay = MinimalRelay::open(remotes);
    if (!relay) return relay.status();
    relay_ = std::move(*relay);
    return relay_->start();
  }
  std::uint16_t callerSidePort(std::size_t call) const override {
    return relay_->callerSidePort(call);
  }
  clockid_t cpuClock() const override { return relay_->cpuClock(); }

 private:
  std::unique_ptr<MinimalRelay> relay_;
};

struct Outcome {
  std::string name;
  RtpLoad::Figures load;
  double kb_per_call = 0;
  double relay_cpu = 0;      // seconds over the traffic
  std::string load_average;  // 1-minute, before and after
  bool ok = false;
};

Outcome measure(const std::string& name, int calls, int seconds) {
  Outcome out;
  out.name = name;
  auto load = RtpLoad::open(static_cast<std::size_t>(calls), seconds);
  if (!load) {
    std::fprintf(stderr, "cannot open the callers' sockets: %s\n", load.status().message().c_str());
    return out;
  }
  // The relay's memory: from before it exists to every call set up; the freed memory of an
  // earlier target is returned first, so that it does not hide this one's growth.
  malloc_trim(0);
  long rss_before = rssKb();
  std::unique_ptr<Target> target;
  luukku::Status opened = luukku::Status::ok();
  if (name == "luukku") {
    auto t = std::make_unique<LuukkuTarget>(static_cast<std::size_t>(calls));
    opened = t->open(**load);
    target = std::move(t);
  } else {
    auto t = std::make_unique<MinimalTarget>();
    opened = t->open(**load);
    target = std::move(t);
  }
  if (!opened.isOk()) {
    std::fprintf(stderr, "%s: cannot set up the calls: %s\n", name.c_str(),
                 opened.message().c_str());
    return out;
  }
  out.kb_per_call = static_cast<double>(rssKb() - rss_before) / calls;

  std::vector<std::uint16_t> ports;
  for (std::size_t i = 0; i < (*load)->calls(); ++i) ports.push_back(target->callerSidePort(i));
  double relay_cpu_before = cpuSeconds(target->cpuClock());
  if (auto ran = (*load)->run(ports); !ran.isOk()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), ran.message().c_str());
    return out;
  }
  out.relay_cpu = cpuSeconds(target->cpuClock()) - relay_cpu_before;
  target.reset();
  out.load = (*load)->figures();
  out.ok = true;
  return out;
}

void print(const Outcome& o, int calls, int seconds) {
  long lost = o.load.sent - o.load.received;
  std::printf("%s: %d calls, %d s at 20 ms ptime (load average %s)\n", o.name.c_str(), calls,
              seconds, o.load_average.c_str());
  std::printf("  sent %ld, received %ld, lost %ld (%.4f %%)\n", o.load.sent, o.load.received, lost,
              100.0 * static_cast<double>(lost) / static_cast<double>(o.load.sent));
  std::printf("  added jitter ms: p50 %.3f, p99 %.3f, max %.3f\n", o.load.p50, o.load.p99,
              o.load.max);
  std::printf("  memory: %.1f kB per call (RSS growth / calls)\n", o.kb_per_call);
  std::printf(
      "  relay thread CPU: %.2f s (%.1f %% of a core, %.2f us per packet); generator %.2f s\n",
      o.relay_cpu, 100.0 * o.relay_cpu / seconds,
      o.load.received > 0 ? 1e6 * o.relay_cpu / static_cast<double>(o.load.received) : 0.0,
      o.load.cpu_seconds);
}

void printRatio(const char* what, double luukku, double minimal, const char* unit) {
  if (minimal > 0) {
    std::printf("  %-16s %10.3f %-4s : %10.3f %-4s = %.2f\n", what, luukku, unit, minimal, unit,
                luukku / minimal);
  } else {
    std::printf("  %-16s %10.3f %-4s : %10.3f %-4s = -\n", what, luukku, unit, minimal, unit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int calls = argc > 1 ? std::atoi(argv[1]) : 500;
  int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
  std::string which = argc > 3 ? argv[3] : "both";
  if (calls <= 0 || seconds <= 0 || (which != "luukku" && which != "minimal" && which != "both")) {
    std::fprintf(stderr, "usage: media_bench [calls] [seconds] [luukku|minimal|both]\n");
    return 1;
  }
  if (!ensureDescriptors(calls)) return 1;
  std::vector<Outcome> outcomes;
  for (const char* name : {"luukku", "minimal"}) {
    if (which != "both" && which != name) continue;
    std::string load_before = loadAverage();
    outcomes.push_back(measure(name, calls, seconds));
    outcomes.back().load_average = load_before + " -> " + loadAverage();
    if (!outcomes.back().ok) return 1;
    print(outcomes.back(), calls, seconds);
  }
  if (outcomes.size() == 2) {
    const Outcome& l = outcomes[0];
    const Outcome& m = outcomes[1];
    std::printf("luukku : minimal\n");
    printRatio("lost packets", static_cast<double>(l.load.sent - l.load.received),
               static_cast<double>(m.load.sent - m.load.received), "");
    printRatio("jitter p99", l.load.p99, m.load.p99, "ms");
    printRatio("memory per call", l.kb_per_call, m.kb_per_call, "kB");
    printRatio("relay CPU", l.relay_cpu, m.relay_cpu, "s");
  }
  for (const Outcome& o : outcomes) {
    if (o.load.sent != o.load.received) return 2;
  }
  return 0;
}
