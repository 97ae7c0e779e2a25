// Conference mixing (telephony/media/media_mix.h): real UDP peers on 127.0.0.1, each sending a
// constant level of its own. The levels are powers of two (1000, 2000, 4000), so the level a
// member hears tells exactly whose audio it contains: every sum of a subset is distinct.
#include "telephony/media/media_mix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "telephony/media/media_engine.h"
#include "telephony/media/mixer.h"
#include "telephony/media_peer.h"

namespace luukku::telephony::media {
namespace {
using namespace std::chrono_literals;
using testing::Peer;
using testing::rtpPacket;
using testing::runUntil;
using testing::settle;

Frame constantFrame(std::int16_t level) {
  Frame f;
  f.fill(level);
  return f;
}

std::vector<std::uint8_t> levelPayload(Codec codec, std::int16_t level) {
  Frame f = constantFrame(level);
  std::vector<std::uint8_t> out(kFrameSamples);
  encodeG711(codec, f, out);
  return out;
}

// The mean of a received packet's decoded samples.
int decodedLevel(const std::vector<std::uint8_t>& packet) {
  auto h = parseRtp(packet);
  if (!h) return -100000;
  std::vector<std::int16_t> pcm(h->payload_size);
  decodeG711(static_cast<Codec>(h->payload_type),
             std::span(packet).subspan(h->payload_offset, h->payload_size), pcm);
  long sum = 0;
  for (std::int16_t s : pcm) sum += s;
  return pcm.empty() ? 0 : static_cast<int>(sum / static_cast<long>(pcm.size()));
}

// A party to the conference: its phone (a UDP peer), its session, what it says (if anything)
// and what it heard.
struct Member {
  Member(Codec c, std::optional<std::int16_t> l) : codec(c), level(l) {}

  Codec codec;
  std::optional<std::int16_t> level;  // none: says nothing
  Peer peer;
  MediaSessionPtr session;
  std::uint16_t seq = 0;
  std::vector<std::vector<std::uint8_t>> heard;

  void say() {
    if (!level) return;
    ++seq;
    peer.send(session->localPort(), rtpPacket(static_cast<std::uint8_t>(codec), seq, 160u * seq,
                                              levelPayload(codec, *level)));
  }
};

// Whether every frame `m` heard is the sum of some of `others`' levels (within G.711's
// quantisation, twice over), and at least one is the sum of all of them.
::testing::AssertionResult heardExactly(const Member& m, const std::vector<int>& others) {
  std::set<int> sums{0};
  for (int level : others) {
    std::set<int> more = sums;
    for (int s : sums) more.insert(s + level);
    sums = std::move(more);
  }
  int all = 0;
  for (int level : others) all += level;
  bool heard_all = false;
  for (const auto& p : m.heard) {
    int got = decodedLevel(p);
    bool known = std::ranges::any_of(sums, [&](int s) { return std::abs(got - s) <= 300; });
    if (!known) return ::testing::AssertionFailure() << "heard level " << got;
    heard_all = heard_all || std::abs(got - all) <= 300;
  }
  if (!heard_all) {
    return ::testing::AssertionFailure()
           << "never heard " << all << " in " << m.heard.size() << " frames";
  }
  return ::testing::AssertionSuccess();
}

class MediaMixTest : public testing::MediaEngineTest {
 protected:
  // Opens `m`'s session, heard from its peer's port (telephone-event 101).
  void open(Member& m, MediaEvents events_for = {}) {
    auto s = engine.open(events.get_executor(), std::move(events_for));
    ASSERT_TRUE(s.isOk());
    m.session = *s;
    m.session->setRemote("127.0.0.1", m.peer.port(), m.codec, 101);
  }
  // Opens the sessions of those not yet open, and mixes them all. The silence the mix sent
  // before anyone spoke is forgotten, however long opening took.
  MediaMixPtr mixOf(std::vector<Member*> members) {
    auto mix = engine.mix();
    for (Member* m : members) {
      if (!m->session) open(*m);
      mix->add(m->session);
    }
    forgetHeard(members);
    return mix;
  }
  // `rounds` times: every member that speaks sends a frame, then every member in `listening`
  // waits for the next frame the mix sends it and takes any others already waiting too, so a
  // test thread slower than the mix's 20 ms never falls behind on stale frames.
  void talk(std::vector<Member*> speaking, std::vector<Member*> listening, int rounds) {
    for (int r = 0; r < rounds; ++r) {
      for (Member* m : speaking) m->say();
      for (Member* m : listening) {
        auto got = m->peer.receiveOne(2000ms);
        ASSERT_TRUE(got.has_value()) << "round " << r;
        m->heard.push_back(std::move(*got));
        for (auto& more : m->peer.receiveQueued()) m->heard.push_back(std::move(more));
      }
    }
  }
  // Waits until what was posted to the media thread has run, then forgets what the members
  // were sent until then (frames already on their way).
  void forgetHeard(std::vector<Member*> ms) {
    settle(engine);
    for (Member* m : ms) {
      m->peer.receive(20ms);
      m->heard.clear();
    }
  }

  // Once what was posted has run, `mix` (of a, b and c) has two members left, and b and c hear
  // only each other.
  void expectOnlyBAndCLeft(const MediaMixPtr& mix) {
    forgetHeard({&b, &c});
    EXPECT_EQ(mix->members(), 2u);
    talk({&a, &b, &c}, {&b, &c}, 10);
    EXPECT_TRUE(heardExactly(b, {4000}));
    EXPECT_TRUE(heardExactly(c, {2000}));
  }

  Member a{Codec::kPcma, 1000}, b{Codec::kPcmu, 2000}, c{Codec::kPcmu, 4000};
};

TEST(JitterBuffer, DropsTheOldestFramesWhenFullAndCountsThem) {
  JitterBuffer buffer;
  for (std::int16_t i = 1; i <= 6; ++i) {
    Frame f = constantFrame(i);
    EXPECT_EQ(buffer.push(f), i <= 4 ? 0u : 1u);
  }
  Frame out;
  for (std::int16_t expected : {3, 4, 5, 6}) {
    ASSERT_TRUE(buffer.pop(out));
    EXPECT_EQ(out, constantFrame(expected));
  }
  EXPECT_FALSE(buffer.pop(out));
  EXPECT_EQ(out, constantFrame(0));
}

TEST(JitterBuffer, TakesPacketsOfAnyLengthAsTwentyMillisecondFrames) {
  JitterBuffer buffer;
  std::vector<std::int16_t> thirty_ms(240, 7);
  EXPECT_EQ(buffer.push(thirty_ms), 0u);
  Frame out;
  ASSERT_TRUE(buffer.pop(out));
  EXPECT_EQ(out, constantFrame(7));
  ASSERT_TRUE(buffer.pop(out));  // the 80 samples left, then silence
  EXPECT_EQ(out[79], 7);
  EXPECT_EQ(out[80], 0);
  EXPECT_EQ(buffer.samples(), 0u);
}

TEST(JitterBuffer, GivesBackLatencyThatJitterLeftStanding) {
  JitterBuffer buffer;
  std::size_t dropped = 0;
  for (std::int16_t i = 1; i <= 3; ++i) dropped += buffer.push(constantFrame(i));
  // Then one frame in and one out every tick: two of the three frames waiting are not needed.
  Frame out;
  for (int tick = 0; tick < 4 * JitterBuffer::kTrimTicks; ++tick) {
    buffer.pop(out);
    dropped += buffer.push(constantFrame(static_cast<std::int16_t>(100 + tick)));
  }
  EXPECT_EQ(dropped, 2u);
  EXPECT_EQ(buffer.samples(), static_cast<std::size_t>(kFrameSamples));
}

TEST(Mixing, EachHearsTheOthersSaturatedToSixteenBits) {
  std::vector<Frame> in{constantFrame(30000), constantFrame(20000), constantFrame(-5)};
  std::vector<Frame> out(3);
  mixMinusOwn(in, out);
  EXPECT_EQ(out[0], constantFrame(19995));
  EXPECT_EQ(out[1], constantFrame(29995));
  EXPECT_EQ(out[2], constantFrame(32767));  // 50,000 saturated
  in = {constantFrame(-30000), constantFrame(-20000), constantFrame(0)};
  mixMinusOwn(in, out);
  EXPECT_EQ(out[2], constantFrame(-32768));
}

TEST_F(MediaMixTest, EachMemberHearsTheOtherTwoInItsOwnCodecAndNeverItself) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 25);
  EXPECT_EQ(mix->members(), 3u);
  EXPECT_TRUE(heardExactly(a, {2000, 4000}));
  EXPECT_TRUE(heardExactly(b, {1000, 4000}));
  EXPECT_TRUE(heardExactly(c, {1000, 2000}));
  // Each in its own codec and its own stream: one SSRC, consecutive numbers, 20 ms apart.
  std::set<std::uint32_t> ssrcs;
  for (Member* m : {&a, &b, &c}) {
    auto first = parseRtp(m->heard.front());
    ASSERT_TRUE(first.has_value());
    ssrcs.insert(first->ssrc);
    for (std::size_t i = 1; i < m->heard.size(); ++i) {
      auto h = parseRtp(m->heard[i]);
      ASSERT_TRUE(h.has_value());
      EXPECT_EQ(h->payload_type, static_cast<std::uint8_t>(m->codec));
      EXPECT_EQ(h->ssrc, first->ssrc);
      EXPECT_EQ(h->seq, static_cast<std::uint16_t>(first->seq + i));
      EXPECT_EQ(h->timestamp, first->timestamp + 160 * i);
    }
  }
  EXPECT_EQ(ssrcs.size(), 3u);
  EXPECT_GE(engine.frames_mixed.value(), 75u);
  EXPECT_EQ(engine.mixes_open.value(), 1);
  mix->close();
  EXPECT_EQ(engine.mixes_open.value(), 0);
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, AMemberThatSaysNothingStillHearsTheOthers) {
  a.level.reset();
  auto mix = mixOf({&a, &b, &c});
  talk({&b, &c}, {&a, &b, &c}, 25);
  EXPECT_TRUE(heardExactly(a, {2000, 4000}));
  EXPECT_TRUE(heardExactly(b, {4000}));
  EXPECT_TRUE(heardExactly(c, {2000}));
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, ARemovedMemberNeitherHearsNorIsHeard) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 5);
  mix->remove(c.session);
  forgetHeard({&a, &b, &c});
  EXPECT_EQ(mix->members(), 2u);
  talk({&a, &b, &c}, {&a, &b}, 25);
  EXPECT_TRUE(heardExactly(a, {2000}));
  EXPECT_TRUE(heardExactly(b, {1000}));
  EXPECT_TRUE(c.peer.receive(100ms).empty());
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, ClosingTheMixWhilePacketsFlowLeavesTheSessionsOpenAndIdle) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 5);
  for (Member* m : {&a, &b, &c}) m->say();
  mix->close();
  mix->close();
  for (Member* m : {&a, &b, &c}) m->say();
  forgetHeard({&a, &b, &c});
  EXPECT_EQ(mix->members(), 0u);
  EXPECT_EQ(engine.mixes_open.value(), 0);
  mix->add(a.session);  // a closed mix takes no one
  for (Member* m : {&a, &b, &c}) m->say();
  settle(engine);
  EXPECT_EQ(mix->members(), 0u);
  for (Member* m : {&a, &b, &c}) EXPECT_TRUE(m->peer.receive(100ms).empty());
  EXPECT_EQ(engine.openPorts(), 3u);
  // The sessions still work: two of them bridged relay as before.
  a.session->bridge(b.session);
  settle(engine);
  a.say();
  EXPECT_EQ(b.peer.receive(1, 2000ms).size(), 1u);
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, TheLastReferenceGoingAwayClosesTheMix) {
  auto mix = mixOf({&a, &b});
  talk({&a, &b}, {&a, &b}, 3);
  mix.reset();
  EXPECT_EQ(engine.mixes_open.value(), 0);
  forgetHeard({&a, &b});
  for (Member* m : {&a, &b}) EXPECT_TRUE(m->peer.receive(100ms).empty());
  for (Member* m : {&a, &b}) m->session->close();
}

TEST_F(MediaMixTest, BridgingAMixedSessionTakesItOutOfTheMix) {
  Member d{Codec::kPcmu, std::nullopt};
  open(d);
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 3);
  a.session->bridge(d.session);
  forgetHeard({&a, &b, &c});
  EXPECT_EQ(mix->members(), 2u);
  // a is now relayed to d, packet for packet, and b and c no longer hear it.
  talk({&a, &b, &c}, {&b, &c, &d}, 25);
  EXPECT_TRUE(heardExactly(b, {4000}));
  EXPECT_TRUE(heardExactly(c, {2000}));
  ASSERT_EQ(d.heard.size(), 25u);
  EXPECT_EQ(parseRtp(d.heard.back())->payload_type, 0);  // transcoded from a's PCMA
  EXPECT_NEAR(decodedLevel(d.heard.back()), 1000, 100);
  for (Member* m : {&a, &b, &c, &d}) m->session->close();
}

TEST_F(MediaMixTest, PlayingToAMixedSessionTakesItOutOfTheMix) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 3);
  a.session->play({testing::tone(1.0)}, false, 1);
  expectOnlyBAndCLeft(mix);
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, SeparatingAMixedSessionTakesItOutOfTheMix) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 3);
  a.session->separate();
  expectOnlyBAndCLeft(mix);
  for (Member* m : {&a, &b, &c}) m->session->close();
}

TEST_F(MediaMixTest, ClosingAMemberTakesItOutAndReturnsItsPort) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 3);
  c.session->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 2; }));
  EXPECT_EQ(mix->members(), 2u);
  forgetHeard({&a, &b});
  talk({&a, &b}, {&a, &b}, 10);
  EXPECT_TRUE(heardExactly(a, {2000}));
  for (Member* m : {&a, &b}) m->session->close();
}

TEST_F(MediaMixTest, StoppingTheEngineWithALiveMixReturnsEveryPort) {
  auto mix = mixOf({&a, &b, &c});
  talk({&a, &b, &c}, {&a, &b, &c}, 3);
  engine.stop();
  EXPECT_EQ(engine.openPorts(), 0u);
  EXPECT_EQ(mix->members(), 0u);
}

TEST_F(MediaMixTest, ReportsDtmfFromAMixedMember) {
  std::string digits;
  open(a, {[&](char d) { digits += d; }, nullptr, nullptr});
  auto mix = mixOf({&a, &b});
  talk({&a, &b}, {&a, &b}, 3);
  a.peer.send(a.session->localPort(), rtpPacket(101, 50, 9000, {7, 0x8a, 0, 160}));
  ASSERT_TRUE(runUntil(events, [&] { return digits == "7"; }));
  EXPECT_EQ(mix->members(), 2u);
  for (Member* m : {&a, &b}) m->session->close();
}

}  // namespace
}  // namespace luukku::telephony::media
