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
}

TEST(Sdp, MediaConnectionOverridesSessionAndHoldIsSeen) {
  std::string sdp =
      "v=0\nc=IN IP4 1.2.3.4\nm=video 5000 RTP/AVP 96\nm=audio 6000 RTP/AVP 8\n"
      "c=IN IP4 0.0.0.0\na=sendonly\n";
  auto offer = parseSdp(sdp);
  ASSERT_TRUE(offer.isOk());
  EXPECT_EQ(offer->address, "0.0.0.0");
  EXPECT_TRUE(offer->hold);
  EXPECT_EQ(chooseCodec(*offer), media::Codec::kPcma);
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
}

}  // namespace
}  // namespace luukku::telephony
