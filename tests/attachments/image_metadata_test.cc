#include "attachments/image_metadata.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace luukku::attachments {
namespace {

using namespace std::string_literals;

// A JPEG segment: marker, big-endian length (of itself and the payload), payload.
std::string segment(std::uint8_t marker, const std::string& payload) {
  const std::size_t n = payload.size() + 2;
  return "\xFF"s + static_cast<char>(marker) + static_cast<char>(n >> 8) +
         static_cast<char>(n & 0xFF) + payload;
}

// A PNG chunk; the CRC is not checked by the code under test, so zeros will do.
std::string chunk(const std::string& type, const std::string& data) {
  const std::size_t n = data.size();
  return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)} +
         type + data + "\0\0\0\0"s;
}

// A RIFF chunk, padded to an even length.
std::string riffChunk(const std::string& code, const std::string& data) {
  const std::size_t n = data.size();
  std::string c = code +
                  std::string{static_cast<char>(n), static_cast<char>(n >> 8),
                              static_cast<char>(n >> 16), static_cast<char>(n >> 24)} +
                  data;
  if (n % 2) c += '\0';
  return c;
}

std::string riff(const std::string& chunks) {
  const std::size_t n = chunks.size() + 4;
  return "RIFF"s + static_cast<char>(n) + static_cast<char>(n >> 8) + static_cast<char>(n >> 16) +
         static_cast<char>(n >> 24) + "WEBP" + chunks;
}

const std::string kJfif = segment(0xE0, "JFIF\0\1\2\0\0\1\0\1\0\0"s);
const std::string kIcc = segment(0xE2, "ICC_PROFILE\0\1\1profile"s);
const std::string kTables = segment(0xDB, std::string(65, '\1'));
const std::string kFrame = segment(0xC0, "\x08\0\x10\0\x10\x01\x01\x11\0"s);
const std::string kScan = segment(0xDA, "\x01\x01\0\0\x3F\0"s) + "\x12\x34\xFF\0\x56\xFF\xD9"s;

TEST(ImageMetadata, AJpegLosesItsExifXmpIptcAndCommentsAndKeepsItsPicture) {
  const std::string exif = segment(0xE1, "Exif\0\0GPS 60.1699N 24.9384E"s);
  const std::string xmp = segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"s);
  const std::string iptc = segment(0xED, "Photoshop 3.0\0by-line"s);
  const std::string comment = segment(0xFE, "taken at home"s);
  const std::string photo =
      "\xFF\xD8"s + kJfif + exif + xmp + kIcc + iptc + comment + kTables + kFrame + kScan;

  auto cleaned = withoutMetadata(FileKind::kJpeg, photo);
  ASSERT_TRUE(cleaned.isOk()) << cleaned.status().toString();
  EXPECT_EQ(*cleaned, "\xFF\xD8"s + kJfif + kIcc + kTables + kFrame + kScan);
}

TEST(ImageMetadata, AJpegWhoseSegmentRunsPastTheEndIsRefused) {
  const std::string cut = "\xFF\xD8"s + kJfif + "\xFF\xE1\x40\x00Exif"s;
  auto cleaned = withoutMetadata(FileKind::kJpeg, cut);
  ASSERT_FALSE(cleaned.isOk());
  EXPECT_EQ(cleaned.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(cleaned.status().message().find("JPEG picture is damaged"), std::string::npos);
}

TEST(ImageMetadata, AJpegWithoutImageDataIsRefused) {
  EXPECT_FALSE(withoutMetadata(FileKind::kJpeg, "\xFF\xD8"s + kJfif + "\xFF\xD9"s).isOk());
  EXPECT_FALSE(withoutMetadata(FileKind::kJpeg, "\xFF\xD8"s + kJfif).isOk());
}

TEST(ImageMetadata, APngLosesItsTextExifAndTimeChunksAndAnythingAfterItsEnd) {
  const std::string header = chunk("IHDR", std::string(13, '\1'));
  const std::string data = chunk("IDAT", "pixels");
  const std::string end = chunk("IEND", "");
  const std::string picture = "\x89PNG\r\n\x1A\n"s + header + chunk("tEXt", "Author\0Aino"s) +
                              chunk("eXIf", "MM\0*GPS") + chunk("iTXt", "XML:com.adobe.xmp") +
                              data + chunk("zTXt", "Comment\0\0x") + chunk("tIME", "\7\xEA\1\1") +
                              end + "hidden after the end";

  auto cleaned = withoutMetadata(FileKind::kPng, picture);
  ASSERT_TRUE(cleaned.isOk()) << cleaned.status().toString();
  EXPECT_EQ(*cleaned, "\x89PNG\r\n\x1A\n"s + header + data + end);
}

TEST(ImageMetadata, APngThatDoesNotStartWithItsHeaderOrNeverEndsIsRefused) {
  const std::string header = chunk("IHDR", std::string(13, '\1'));
  EXPECT_FALSE(withoutMetadata(FileKind::kPng, "\x89PNG\r\n\x1A\n"s + chunk("IDAT", "x") + header +
                                                   chunk("IEND", ""))
                   .isOk());
  EXPECT_FALSE(withoutMetadata(FileKind::kPng, "\x89PNG\r\n\x1A\n"s + header).isOk());
}

TEST(ImageMetadata, AWebpLosesItsExifAndXmpChunksAndStopsAnnouncingThem) {
  const char kAlpha = 0x10, kExif = 0x08, kXmp = 0x04;
  const std::string extended =
      riffChunk("VP8X", std::string(1, kAlpha | kExif | kXmp) + "\0\0\0" + "\x0F\0\0\x0F\0\0"s);
  const std::string image = riffChunk("VP8 ", "odd!!");  // padded to an even length
  const std::string picture = riff(extended + image + riffChunk("EXIF", "MM\0*GPS 60N"s) +
                                   riffChunk("XMP ", "<x:xmpmeta/>"));

  auto cleaned = withoutMetadata(FileKind::kWebp, picture);
  ASSERT_TRUE(cleaned.isOk()) << cleaned.status().toString();
  const std::string expected_extended =
      riffChunk("VP8X", std::string(1, kAlpha) + "\0\0\0" + "\x0F\0\0\x0F\0\0"s);
  EXPECT_EQ(*cleaned, riff(expected_extended + image));
}

TEST(ImageMetadata, AWebpShorterThanItSaysIsRefused) {
  std::string picture = riff(riffChunk("VP8 ", "data"));
  picture.resize(picture.size() - 3);
  EXPECT_FALSE(withoutMetadata(FileKind::kWebp, picture).isOk());
}

TEST(ImageMetadata, APdfIsLeftAsItIs) {
  EXPECT_EQ(*withoutMetadata(FileKind::kPdf, "%PDF-1.7\n/Author (Aino)"),
            "%PDF-1.7\n/Author (Aino)");
}

}  // namespace
}  // namespace luukku::attachments
