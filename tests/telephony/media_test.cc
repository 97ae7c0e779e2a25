#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cmath>
#include <filesystem>
#include <future>

#include "support/temp_dir.h"
#include "telephony/media/audio.h"
#include "telephony/media/media_engine.h"
#include "telephony/media/packet_batch.h"
#include "telephony/media/rtp.h"
#include "telephony/media_peer.h"

namespace luukku::telephony::media {
namespace {
namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;
using testing::Peer;
using testing::rtpPacket;
using testing::runUntil;
using testing::settle;
using testing::speechPayload;
using testing::tone;

using TempDir = luukku::testing::TempDir;

// Binds the peer's closed socket to `port` again (a phone that went away and came back).
void bindAgain(Peer& peer, std::uint16_t port) {
  peer.socket.open(udp::v4());
  peer.socket.bind(udp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

// Waits until the kernel has reported a refusal (ICMP port unreachable) to a connected socket.
bool refusalReported(udp::socket& socket) {
  pollfd p{socket.native_handle(), 0, 0};
  return ::poll(&p, 1, 2000) == 1 && (p.revents & POLLERR) != 0;
}

// Keeps the media thread busy until release() (or the end of the scope), so that packets sent
// meanwhile wait in the sockets, as they do when the media thread is not scheduled.
class MediaThreadHold {
 public:
  explicit MediaThreadHold(MediaEngine& engine) {
    asio::post(engine.context(), [held = released_.get_future().share()] { held.wait(); });
  }
  ~MediaThreadHold() { release(); }
  void release() {
    if (!done_) released_.set_value();
    done_ = true;
  }

 private:
  std::promise<void> released_;
  bool done_ = false;
};

class MediaTest : public testing::MediaEngineTest {
 protected:
  // Opens the caller's and the agent's session, heard from those ports (PCMU, telephone-event
  // 101), and bridges them; null if the engine had no ports.
  std::pair<MediaSessionPtr, MediaSessionPtr> openBridged(std::uint16_t caller_port,
                                                          std::uint16_t agent_port,
                                                          MediaEvents caller_events = {}) {
    auto a = engine.open(events.get_executor(), std::move(caller_events));
    auto b = engine.open(events.get_executor(), {});
    if (!a.isOk() || !b.isOk()) return {};
    (*a)->setRemote("127.0.0.1", caller_port, Codec::kPcmu, 101);
    (*b)->setRemote("127.0.0.1", agent_port, Codec::kPcmu, 101);
    (*a)->bridge(*b);
    return {*a, *b};
  }
  // Closes both and waits until their ports are back.
  bool closeBoth(const MediaSessionPtr& a, const MediaSessionPtr& b) {
    a->close();
    b->close();
    return runUntil(events, [&] { return engine.openPorts() == 0; });
  }
};

TEST(Rtp, ParsesAndRefuses) {
  auto p = rtpPacket(0, 7, 160, std::vector<std::uint8_t>(160, 0xff));
  auto h = parseRtp(p);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->seq, 7);
  EXPECT_EQ(h->timestamp, 160u);
  EXPECT_EQ(h->payload_size, 160u);
  EXPECT_FALSE(parseRtp(std::vector<std::uint8_t>(5, 0x80)).has_value());
  std::vector<std::uint8_t> bad_version = p;
  bad_version[0] = 0x40;
  EXPECT_FALSE(parseRtp(bad_version).has_value());
  std::vector<std::uint8_t> many_csrc = p;
  many_csrc.resize(14);
  many_csrc[0] = 0x8f;
  EXPECT_FALSE(parseRtp(many_csrc).has_value());
}

TEST(Rtp, G711RoundTripsWithinQuantisation) {
  auto t = tone(0.02);
  for (Codec c : {Codec::kPcmu, Codec::kPcma}) {
    std::vector<std::uint8_t> enc(kFrameSamples);
    std::vector<std::int16_t> dec(kFrameSamples);
    encodeG711(c, t->samples, enc);
    decodeG711(c, enc, dec);
    for (int i = 0; i < kFrameSamples; ++i) EXPECT_NEAR(dec[i], t->samples[i], 300);
  }
}

TEST(Rtp, TelephoneEvents) {
  auto e = parseTelephoneEvent(std::vector<std::uint8_t>{11, 0x8a, 0x03, 0x20});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(dtmfDigit(e->event), '#');
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->duration, 800);
  EXPECT_EQ(dtmfDigit(200), 0);
  EXPECT_EQ(dtmfEvent('*'), 10);
  EXPECT_FALSE(parseTelephoneEvent(std::vector<std::uint8_t>{1, 2}).has_value());
}

// A latched session's socket is connected, and the kernel then reports an ICMP refusal of one
// send as the error of the next call on that socket, which itself does nothing. Connects
// `relay` to `remote`, has a send refused while the remote's port is closed, and opens the
// port again; true once the refusal is pending on `relay`.
bool refusedThenBack(Peer& relay, Peer& remote, const std::vector<std::uint8_t>& packet) {
  std::uint16_t port = remote.port();
  relay.socket.connect(remote.socket.local_endpoint());
  remote.socket.close();
  relay.socket.send(asio::buffer(packet));
  bool reported = refusalReported(relay.socket);
  bindAgain(remote, port);
  return reported;
}

TEST(PacketBatch, SendsAPacketWhoseSendReportedAnEarlierRefusal) {
  Peer relay, remote;
  auto packet = rtpPacket(0, 1, 160, {1, 2, 3});
  ASSERT_TRUE(refusedThenBack(relay, remote, packet));
  PacketBatch batch;
  batch.queue(relay.socket.native_handle(), packet, nullptr);
  EXPECT_EQ(batch.send(), 1u);
  auto got = remote.receive(1, 2000ms);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], packet);
}

TEST(PacketBatch, ReceivesWhatWaitsBehindAnEarlierRefusal) {
  Peer relay, remote;
  auto packet = rtpPacket(0, 1, 160, {1, 2, 3});
  ASSERT_TRUE(refusedThenBack(relay, remote, packet));
  remote.send(relay.port(), packet);
  // Until it has come (poll reports the refusal at once each time, and does not consume it).
  auto until = std::chrono::steady_clock::now() + 2000ms;
  pollfd p{relay.socket.native_handle(), POLLIN, 0};
  while (::poll(&p, 1, 2000) == 1 && (p.revents & POLLIN) == 0 &&
         std::chrono::steady_clock::now() < until) {
  }
  ASSERT_NE(p.revents & POLLIN, 0);
  PacketBatch batch;
  ASSERT_EQ(batch.receive(relay.socket.native_handle()), 1u);
  EXPECT_TRUE(std::ranges::equal(batch.packet(0), packet));
  EXPECT_EQ(batch.from(0), remote.socket.local_endpoint());
}

TEST(Audio, WritesAndReadsWav) {
  TempDir dir;
  std::string path = dir.file("x.wav");
  auto t = tone(0.5);
  ASSERT_TRUE(writeWav(path, t->samples).isOk());
  auto back = loadAudioFile(path);
  ASSERT_TRUE(back.isOk());
  EXPECT_EQ((*back)->samples.size(), t->samples.size());
  EXPECT_GT(frameLevel((*back)->samples), 1000);
  EXPECT_FALSE(loadAudioFile(dir.file("missing.wav")).isOk());
  std::vector<std::uint8_t> junk(100, 7);
  EXPECT_FALSE(decodeAudio(junk, 10).isOk());
}

TEST_F(MediaTest, PlaysPromptsAsTwentyMillisecondPackets) {
  Peer peer;
  std::uint64_t played = 0;
  auto s = engine.open(events.get_executor(),
                       {nullptr, [&](std::uint64_t id) { played = id; }, nullptr});
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(engine.openPorts(), 1u);
  (*s)->setRemote("127.0.0.1", peer.port(), Codec::kPcmu, 101);
  (*s)->play({tone(0.2), tone(0.1)}, false, 42);
  // However late a busy machine delivers them: 15 packets, then nothing once the play ended.
  auto packets = peer.receive(15, 10s);
  ASSERT_TRUE(runUntil(events, [&] { return played == 42; }));
  for (auto& p : peer.receive(100ms)) packets.push_back(std::move(p));
  ASSERT_EQ(packets.size(), 15u);
  auto first = parseRtp(packets[0]);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->marker);
  EXPECT_EQ(first->payload_type, 0);
  EXPECT_EQ(first->payload_size, 160u);
  auto second = parseRtp(packets[1]);
  EXPECT_EQ(static_cast<std::uint16_t>(first->seq + 1), second->seq);
  EXPECT_EQ(first->timestamp + 160, second->timestamp);
  (*s)->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 0; }));
}

// A caller put back in line and offered at once has no place or wait to be told: the flow
// plays nothing and starts the music when that ends. Before the fix it never ended, and the
// caller waited in silence.
TEST_F(MediaTest, ReportsAPlaybackOfNothingAsEndedAtOnce) {
  Peer peer;
  std::uint64_t played = 0;
  auto s = engine.open(events.get_executor(),
                       {nullptr, [&](std::uint64_t id) { played = id; }, nullptr});
  ASSERT_TRUE(s.isOk());
  (*s)->setRemote("127.0.0.1", peer.port(), Codec::kPcmu, 101);
  (*s)->play({}, false, 9);
  ASSERT_TRUE(runUntil(events, [&] { return played == 9; }));
  EXPECT_TRUE(peer.receive(100ms).empty());
  (*s)->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 0; }));
}

TEST_F(MediaTest, ReportsEachDtmfDigitOnceAndIgnoresGarbage) {
  Peer peer;
  std::string digits;
  auto s = engine.open(events.get_executor(), {[&](char d) { digits += d; }, nullptr, nullptr});
  ASSERT_TRUE(s.isOk());
  (*s)->setRemote("127.0.0.1", peer.port(), Codec::kPcma, 101);
  runUntil(
      events, [] { return false; }, 50ms);
  std::uint16_t seq = 1;
  for (std::uint8_t event : {5, 11}) {
    std::uint32_t ts = 1000u * event;
    for (int i = 0; i < 3; ++i) {
      peer.send((*s)->localPort(),
                rtpPacket(101, seq++, ts,
                          {event, static_cast<std::uint8_t>(i == 2 ? 0x8a : 0x0a), 0, 160}));
    }
  }
  peer.send((*s)->localPort(), rtpPacket(101, seq++, 99999, {200, 0x8a, 0, 160}));  // not DTMF
  peer.send((*s)->localPort(), rtpPacket(101, seq++, 99998, {1}));                  // too short
  peer.send((*s)->localPort(), {0x80, 0x65});                                       // not RTP
  ASSERT_TRUE(runUntil(events, [&] { return digits.size() >= 2; }));
  runUntil(
      events, [] { return false; }, 100ms);
  EXPECT_EQ(digits, "5#");
  // Packets from a stranger are dropped, not reported.
  Peer stranger;
  stranger.send((*s)->localPort(), rtpPacket(101, 1, 5, {1, 0x8a, 0, 160}));
  runUntil(
      events, [] { return false; }, 100ms);
  EXPECT_EQ(digits, "5#");
  EXPECT_GE(engine.packets_dropped.value(), 3u);
}

TEST_F(MediaTest, RecordsUntilSilenceAndEndsOnPound) {
  TempDir dir;
  Peer peer;
  std::optional<RecordResult> result;
  auto s =
      engine.open(events.get_executor(), {nullptr, nullptr, [&](RecordResult r) { result = r; }});
  ASSERT_TRUE(s.isOk());
  (*s)->setRemote("127.0.0.1", peer.port(), Codec::kPcmu, 101);
  (*s)->record(dir.file("vm.wav"), 60, 0.3);
  runUntil(
      events, [] { return false; }, 30ms);
  auto speech = speechPayload(Codec::kPcmu);
  for (std::uint16_t i = 0; i < 25; ++i) {
    peer.send((*s)->localPort(), rtpPacket(0, i, 160u * i, speech));
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(runUntil(events, [&] { return result.has_value(); }));
  EXPECT_EQ(result->end, RecordResult::End::kSilence);
  EXPECT_TRUE(result->heard_voice);
  EXPECT_TRUE(result->written.isOk());
  auto wav = loadAudioFile(dir.file("vm.wav"));
  ASSERT_TRUE(wav.isOk());
  EXPECT_NEAR((*wav)->seconds(), 0.5, 0.01);
  EXPECT_GT(frameLevel((*wav)->samples), 1000);

  result.reset();
  (*s)->record(dir.file("vm2.wav"), 60, 5);
  runUntil(
      events, [] { return false; }, 30ms);
  for (std::uint16_t i = 0; i < 5; ++i)
    peer.send((*s)->localPort(), rtpPacket(0, i, 160u * i, speech));
  peer.send((*s)->localPort(), rtpPacket(101, 9, 5000, {11, 0x8a, 0, 160}));
  ASSERT_TRUE(runUntil(events, [&] { return result.has_value(); }));
  EXPECT_EQ(result->end, RecordResult::End::kPound);
  EXPECT_TRUE(std::filesystem::exists(dir.file("vm2.wav")));
}

TEST_F(MediaTest, RelaysBothWaysAndTranscodes) {
  Peer caller, agent;
  auto a = engine.open(events.get_executor(), {});
  auto b = engine.open(events.get_executor(), {});
  ASSERT_TRUE(a.isOk() && b.isOk());
  EXPECT_EQ(engine.openPorts(), 2u);
  (*a)->setRemote("127.0.0.1", caller.port(), Codec::kPcma, 101);
  (*b)->setRemote("127.0.0.1", agent.port(), Codec::kPcmu, 96);
  (*a)->bridge(*b);
  runUntil(
      events, [] { return false; }, 30ms);
  auto speech = speechPayload(Codec::kPcma);
  for (std::uint16_t i = 0; i < 10; ++i)
    caller.send((*a)->localPort(), rtpPacket(8, i, 160u * i, speech));
  caller.send((*a)->localPort(), rtpPacket(101, 10, 1600, {3, 0x8a, 0, 160}));
  for (std::uint16_t i = 0; i < 10; ++i)
    agent.send((*b)->localPort(), rtpPacket(0, i, 160u * i, speechPayload(Codec::kPcmu)));
  auto at_agent = agent.receive(200ms);
  auto at_caller = caller.receive(100ms);
  ASSERT_EQ(at_agent.size(), 11u);
  EXPECT_EQ(parseRtp(at_agent[0])->payload_type, 0);    // transcoded to the agent's law
  EXPECT_EQ(parseRtp(at_agent[10])->payload_type, 96);  // the agent's telephone-event type
  ASSERT_EQ(at_caller.size(), 10u);
  EXPECT_EQ(parseRtp(at_caller[0])->payload_type, 8);
  std::vector<std::int16_t> pcm(kFrameSamples);
  decodeG711(Codec::kPcmu, std::span(at_agent[3]).subspan(kRtpHeaderSize), pcm);
  EXPECT_GT(frameLevel(pcm), 1000);
  (*a)->close();
  (*b)->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 0; }));
}

TEST_F(MediaTest, RelayedPacketsContinueTheStreamTheLegWasHearing) {
  Peer caller, agent;
  std::uint64_t played = 0;
  auto a = engine.open(events.get_executor(),
                       {nullptr, [&](std::uint64_t id) { played = id; }, nullptr});
  auto b = engine.open(events.get_executor(), {});
  ASSERT_TRUE(a.isOk() && b.isOk());
  (*a)->setRemote("127.0.0.1", caller.port(), Codec::kPcma, 101);
  (*b)->setRemote("127.0.0.1", agent.port(), Codec::kPcma, 101);
  // Music first (Luukku's own stream), then the agent's packets relayed: one stream to the
  // caller, whose sequence goes on where the music left it, whatever the agent's numbers.
  (*a)->play({tone(0.1)}, false, 7);
  auto music = caller.receive(300ms);
  ASSERT_TRUE(runUntil(events, [&] { return played == 7; }));
  ASSERT_EQ(music.size(), 5u);
  auto last = *parseRtp(music.back());
  (*a)->bridge(*b);
  runUntil(
      events, [] { return false; }, 30ms);
  auto speech = speechPayload(Codec::kPcma);
  for (std::uint16_t i = 0; i < 5; ++i)
    agent.send((*b)->localPort(), rtpPacket(8, static_cast<std::uint16_t>(100 + i), 900u, speech));
  auto relayed = caller.receive(200ms);
  ASSERT_EQ(relayed.size(), 5u);
  for (std::size_t i = 0; i < relayed.size(); ++i) {
    auto h = *parseRtp(relayed[i]);
    EXPECT_EQ(h.ssrc, last.ssrc);
    EXPECT_EQ(h.seq, static_cast<std::uint16_t>(last.seq + 1 + i));
    EXPECT_EQ(h.marker, i == 0);  // a new talkspurt where the source changed
    EXPECT_EQ(h.payload_size, 160u);
  }
  // The relayed packets' timestamps keep their own spacing (here: the same, as in one event).
  EXPECT_EQ(parseRtp(relayed[0])->timestamp, last.timestamp + 160);
  EXPECT_EQ(parseRtp(relayed[4])->timestamp, last.timestamp + 160);
  (*a)->close();
  (*b)->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 0; }));
}

TEST_F(MediaTest, RelaysABurstThatQueuedWhileTheMediaThreadWasBusyAllInOrder) {
  Peer caller, agent;
  auto [a, b] = openBridged(caller.port(), agent.port());
  ASSERT_TRUE(a && b);
  // More than three reads' worth, less than a socket's receive buffer holds.
  constexpr std::uint16_t kBurst = 100;
  std::vector<std::vector<std::uint8_t>> sent;
  {
    MediaThreadHold hold(engine);
    auto speech = speechPayload(Codec::kPcmu);
    for (std::uint16_t i = 0; i < kBurst; ++i) {
      sent.push_back(rtpPacket(0, i, 160u * i, speech));
      caller.send(a->localPort(), sent.back());
    }
  }
  auto at_agent = agent.receive(kBurst, 5000ms);
  ASSERT_EQ(at_agent.size(), kBurst);
  // Restamped into the agent's stream (one SSRC, its own numbering), in order, payloads intact.
  std::uint16_t base = parseRtp(at_agent[0])->seq;
  for (std::size_t i = 0; i < kBurst; ++i) {
    EXPECT_EQ(parseRtp(at_agent[i])->seq, static_cast<std::uint16_t>(base + i)) << "packet " << i;
    EXPECT_TRUE(std::equal(at_agent[i].begin() + kRtpHeaderSize, at_agent[i].end(),
                           sent[i].begin() + kRtpHeaderSize, sent[i].end()))
        << "packet " << i;
  }
  EXPECT_EQ(engine.packets_relayed.value(), kBurst);
  EXPECT_TRUE(closeBoth(a, b));
}

// Symmetric RTP: the first packet from the remote's address fixes the port (a NAT may have
// changed it); from then on only that endpoint is heard, and replies go to it.
TEST_F(MediaTest, LatchesTheFirstPortHeardFromTheRemoteAddressAndOnlyThat) {
  Peer announced, nat, agent;
  auto [a, b] = openBridged(announced.port(), agent.port());
  ASSERT_TRUE(a && b);
  auto speech = speechPayload(Codec::kPcmu);
  nat.send(a->localPort(), rtpPacket(0, 1, 160, speech));
  auto latched = agent.receive(1, 2000ms);
  ASSERT_EQ(latched.size(), 1u);
  std::uint16_t base = parseRtp(latched[0])->seq;  // what seq 1 became in the agent's stream
  announced.send(a->localPort(), rtpPacket(0, 2, 320, speech));
  agent.send(b->localPort(), rtpPacket(0, 1, 160, speech));
  ASSERT_EQ(nat.receive(1, 2000ms).size(), 1u);
  nat.send(a->localPort(), rtpPacket(0, 3, 480, speech));
  auto at_agent = agent.receive(1, 2000ms);
  ASSERT_EQ(at_agent.size(), 1u);
  // The announced port's packet (seq 2) was not relayed.
  EXPECT_EQ(parseRtp(at_agent[0])->seq, static_cast<std::uint16_t>(base + 2));
  EXPECT_TRUE(announced.receive(50ms).empty());
  EXPECT_TRUE(closeBoth(a, b));
}

TEST_F(MediaTest, ANewRemoteOrHoldLetsTheLatchMoveToAnotherPort) {
  Peer announced, first, second, third, agent;
  auto [a, b] = openBridged(announced.port(), agent.port());
  ASSERT_TRUE(a && b);
  auto speech = speechPayload(Codec::kPcmu);
  first.send(a->localPort(), rtpPacket(0, 1, 160, speech));
  auto latched = agent.receive(1, 2000ms);
  ASSERT_EQ(latched.size(), 1u);
  std::uint16_t base = parseRtp(latched[0])->seq;  // what seq 1 became in the agent's stream
  // A re-offer with the same address: the next port heard is latched.
  a->setRemote("127.0.0.1", announced.port(), Codec::kPcmu, 101);
  settle(engine);
  second.send(a->localPort(), rtpPacket(0, 2, 320, speech));
  auto at_agent = agent.receive(1, 2000ms);
  ASSERT_EQ(at_agent.size(), 1u);
  EXPECT_EQ(parseRtp(at_agent[0])->seq, static_cast<std::uint16_t>(base + 1));
  // Hold (port 0) hears nobody; resuming latches again.
  a->setRemote("127.0.0.1", 0, Codec::kPcmu, 101);
  settle(engine);
  auto dropped = engine.packets_dropped.value();
  second.send(a->localPort(), rtpPacket(0, 3, 480, speech));
  ASSERT_TRUE(runUntil(events, [&] { return engine.packets_dropped.value() > dropped; }));
  a->setRemote("127.0.0.1", announced.port(), Codec::kPcmu, 101);
  settle(engine);
  third.send(a->localPort(), rtpPacket(0, 4, 640, speech));
  at_agent = agent.receive(1, 2000ms);
  ASSERT_EQ(at_agent.size(), 1u);
  EXPECT_EQ(parseRtp(at_agent[0])->seq, static_cast<std::uint16_t>(base + 3));
  agent.send(b->localPort(), rtpPacket(0, 1, 160, speech));
  EXPECT_EQ(third.receive(1, 2000ms).size(), 1u);
  EXPECT_TRUE(second.receive(50ms).empty());
  EXPECT_TRUE(closeBoth(a, b));
}

// Once latched the socket is connected, so the kernel reports refused sends (ICMP) to it;
// those reports must neither stop the session's reading nor cost it the next packet.
TEST_F(MediaTest, KeepsRelayingAfterTheRemoteRefusedPackets) {
  Peer caller, agent;
  std::string digits;
  auto [a, b] =
      openBridged(caller.port(), agent.port(), {[&](char d) { digits += d; }, nullptr, nullptr});
  ASSERT_TRUE(a && b);
  auto speech = speechPayload(Codec::kPcmu);
  caller.send(a->localPort(), rtpPacket(0, 1, 160, speech));
  ASSERT_EQ(agent.receive(1, 2000ms).size(), 1u);
  agent.send(b->localPort(), rtpPacket(0, 1, 160, speech));
  auto heard = caller.receive(1, 2000ms);
  ASSERT_EQ(heard.size(), 1u);
  std::uint16_t base = parseRtp(heard[0])->seq;  // what seq 1 became in the caller's stream
  // The caller's port closes: what the agent says is refused, and the refusals are reported
  // to the caller-side session's socket.
  std::uint16_t caller_port = caller.port();
  caller.socket.close();
  for (std::uint16_t i = 2; i < 6; ++i)
    agent.send(b->localPort(), rtpPacket(0, i, 160u * i, speech));
  ASSERT_TRUE(runUntil(events, [&] { return engine.packets_in.value() >= 6; }));
  settle(engine);  // the last of them has been relayed (and refused)
  // The same port opens again: everything is heard and relayed as before.
  Peer& back = caller;
  bindAgain(back, caller_port);
  agent.send(b->localPort(), rtpPacket(0, 6, 960, speech));
  auto at_caller = back.receive(1, 2000ms);
  ASSERT_EQ(at_caller.size(), 1u);
  EXPECT_EQ(parseRtp(at_caller[0])->seq, static_cast<std::uint16_t>(base + 5));
  back.send(a->localPort(), rtpPacket(101, 2, 320, {5, 0x8a, 0, 160}));
  ASSERT_TRUE(runUntil(events, [&] { return digits == "5"; }));
  EXPECT_EQ(agent.receive(1, 2000ms).size(), 1u);
  EXPECT_TRUE(closeBoth(a, b));
}

TEST_F(MediaTest, PortRangeRunsOutCleanly) {
  std::vector<MediaSessionPtr> open;
  for (int i = 0; i < 50; ++i) {
    auto s = engine.open(events.get_executor(), {});
    ASSERT_TRUE(s.isOk()) << i;
    EXPECT_EQ((*s)->localPort() % 2, 0);
    open.push_back(*s);
  }
  EXPECT_FALSE(engine.open(events.get_executor(), {}).isOk());
  for (auto& s : open) s->close();
  ASSERT_TRUE(runUntil(events, [&] { return engine.openPorts() == 0; }));
}

}  // namespace
}  // namespace luukku::telephony::media
