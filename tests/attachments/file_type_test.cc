#include "attachments/file_type.h"

#include <gtest/gtest.h>

#include <string>

namespace luukku::attachments {
namespace {

using namespace std::string_literals;

TEST(FileType, PicturesAndPdfsAreKnownByTheirFirstBytes) {
  EXPECT_EQ(detectFileType("\xFF\xD8\xFF\xE0rest"s)->kind, FileKind::kJpeg);
  EXPECT_EQ(detectFileType("\x89PNG\r\n\x1A\nrest"s)->kind, FileKind::kPng);
  EXPECT_EQ(detectFileType("RIFF\x10\0\0\0WEBPVP8 "s)->kind, FileKind::kWebp);
  EXPECT_EQ(detectFileType("%PDF-1.7\n"s)->kind, FileKind::kPdf);
  EXPECT_EQ(detectFileType("%PDF-1.7\n"s)->media_type, "application/pdf");
  EXPECT_TRUE(detectFileType("\xFF\xD8\xFF\xE1"s)->image);
  EXPECT_FALSE(detectFileType("%PDF-1.4"s)->image);
}

TEST(FileType, ProgramsScriptsArchivesAndMarkupAreRefused) {
  for (const std::string& bytes :
       {"MZ\x90\0\3\0\0\0"s,
        "\x7F"
        "ELF\2\1\1"s,
        "#!/bin/sh\nrm -rf /\n"s, "PK\3\4zip"s, "<html><script>alert(1)</script>"s,
        "<?xml version=\"1.0\"?><svg onload=\"x()\"/>"s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"s, "RIFF\x10\0\0\0WAVEfmt "s, "GIF89a"s}) {
    auto type = detectFileType(bytes);
    ASSERT_FALSE(type.isOk()) << bytes;
    EXPECT_EQ(type.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(type.status().message().find("JPEG, PNG or WebP"), std::string::npos);
  }
}

TEST(FileType, AnEmptyFileIsRefusedAsEmpty) {
  auto type = detectFileType("");
  ASSERT_FALSE(type.isOk());
  EXPECT_EQ(type.status().message(), "the file is empty");
}

}  // namespace
}  // namespace luukku::attachments
