#include "telephony/sdp.h"

#include <gtest/gtest.h>

namespace luukku::telephony {
namespace {

TEST(Sdp, ReadsAudioStreamAndTelephoneEvents) {
  std::string sdp =
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n"
      "a=fmtp:101 0-15\r\n";
  auto offer = parseSdp(sdp);
  ASSERT_TRUE(offer.isOk()) << offer.status().toString();
  EXPECT_EQ(offer->address, "10.0.0.1");
  EXPECT_EQ(offer->port, 4000);
  EXPECT_EQ(offer->payload_types, (std::vector<int>{0, 8, 101}));
  EXPECT_EQ(offer->telephone_event_pt, 101);
  EXPECT_EQ(chooseCodec(*offer), media::Codec::kPcmu);
  EXPECT_FALSE(offer->hold);
  EXPECT_EQ(offer->direction, Direction::kSendRecv);  // no attribute: sendrecv
}

TEST(Sdp, MediaConnectionOverridesSessionAndHoldIsSeen) {
  std::string sdp =
      "v=0\nc=IN IP4 1.2.3.4\nm=video 5000 RTP/AVP 96\nm=audio 6000 RTP/AVP 8\n"
      "c=IN IP4 0.0.0.0\na=sendonly\n";
  auto offer = parseSdp(sdp);
  ASSERT_TRUE(offer.isOk());
  EXPECT_EQ(offer->address, "0.0.0.0");
  EXPECT_TRUE(offer->hold);
  EXPECT_EQ(offer->direction, Direction::kSendOnly);
  EXPECT_EQ(chooseCodec(*offer), media::Codec::kPcma);
}

std::string audioWith(const std::string& session_attributes, const std::string& media_attributes) {
  return "v=0\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n" + session_attributes +
         "m=audio 4000 RTP/AVP 8\r\n" + media_attributes;
}

TEST(Sdp, ReportsEachDirectionAndWhichOnesHold) {
  struct Case {
    const char* attribute;
    Direction direction;
    bool hold;
  };
  for (auto c :
       {Case{"sendrecv", Direction::kSendRecv, false}, Case{"sendonly", Direction::kSendOnly, true},
        Case{"recvonly", Direction::kRecvOnly, false},
        Case{"inactive", Direction::kInactive, true}}) {
    auto offer = parseSdp(audioWith("", std::string("a=") + c.attribute + "\r\n"));
    ASSERT_TRUE(offer.isOk()) << c.attribute;
    EXPECT_EQ(offer->direction, c.direction) << c.attribute;
    EXPECT_EQ(offer->hold, c.hold) << c.attribute;
  }
}

TEST(Sdp, SessionDirectionAppliesUnlessTheStreamHasItsOwn) {
  auto session_only = parseSdp(audioWith("a=sendonly\r\n", ""));
  ASSERT_TRUE(session_only.isOk());
  EXPECT_EQ(session_only->direction, Direction::kSendOnly);
  EXPECT_TRUE(session_only->hold);
  auto overridden = parseSdp(audioWith("a=inactive\r\n", "a=sendrecv\r\n"));
  ASSERT_TRUE(overridden.isOk());
  EXPECT_EQ(overridden->direction, Direction::kSendRecv);
  EXPECT_FALSE(overridden->hold);
}

TEST(Sdp, DirectionOfAnotherStreamDoesNotCount) {
  auto offer = parseSdp(
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=video 5000 RTP/AVP 96\r\na=inactive\r\n"
      "m=audio 4000 RTP/AVP 8\r\n");
  ASSERT_TRUE(offer.isOk());
  EXPECT_EQ(offer->direction, Direction::kSendRecv);
  EXPECT_FALSE(offer->hold);
}

TEST(Sdp, ZeroAddressHoldsWhateverTheDirection) {
  auto offer = parseSdp("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 4000 RTP/AVP 8\r\na=sendrecv\r\n");
  ASSERT_TRUE(offer.isOk());
  EXPECT_EQ(offer->direction, Direction::kSendRecv);
  EXPECT_TRUE(offer->hold);
}

TEST(Sdp, RefusesGarbage) {
  EXPECT_FALSE(parseSdp("").isOk());
  EXPECT_FALSE(parseSdp("hello world").isOk());
  EXPECT_FALSE(parseSdp("v=0\nm=audio 99999 RTP/AVP 0\nc=IN IP4 1.1.1.1\n").isOk());
  EXPECT_FALSE(parseSdp("v=0\nm=audio 4000 RTP/AVP 0\n").isOk());  // no address
  EXPECT_FALSE(parseSdp(std::string(9000, 'a')).isOk());
  auto g722 = parseSdp("v=0\nc=IN IP4 1.1.1.1\nm=audio 4000 RTP/AVP 9\n");
  ASSERT_TRUE(g722.isOk());
  EXPECT_FALSE(chooseCodec(*g722).has_value());
}

TEST(Sdp, BuildsWhatItParses) {
  SdpParams p;
  p.address = "127.0.0.1";
  p.port = 20000;
  p.codecs = {media::Codec::kPcma};
  std::string sdp = buildSdp(p);
  auto back = parseSdp(sdp);
  ASSERT_TRUE(back.isOk());
  EXPECT_EQ(back->port, 20000);
  EXPECT_EQ(back->telephone_event_pt, 101);
  EXPECT_EQ(chooseCodec(*back), media::Codec::kPcma);
  EXPECT_EQ(back->direction, Direction::kSendRecv);
}

TEST(Sdp, WritesTheDirectionAsked) {
  SdpParams p;
  p.address = "127.0.0.1";
  p.port = 20000;
  p.codecs = {media::Codec::kPcma};
  for (auto d :
       {Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive, Direction::kSendRecv}) {
    p.direction = d;
    auto back = parseSdp(buildSdp(p));
    ASSERT_TRUE(back.isOk());
    EXPECT_EQ(back->direction, d);
  }
  p.direction = Direction::kSendOnly;
  std::string held = buildSdp(p);
  EXPECT_NE(held.find("\r\na=sendonly\r\n"), std::string::npos) << held;
  EXPECT_EQ(held.find("sendrecv"), std::string::npos) << held;
}

}  // namespace
}  // namespace luukku::telephony
