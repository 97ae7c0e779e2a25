#include "attachments/image_metadata.h"

#include <cstdint>

namespace luukku::attachments {
namespace {

using namespace std::string_view_literals;

std::uint8_t byteAt(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(s[i]);
}

std::uint32_t bigEndian32(std::string_view s, std::size_t i) {
  return std::uint32_t{byteAt(s, i)} << 24 | std::uint32_t{byteAt(s, i + 1)} << 16 |
         std::uint32_t{byteAt(s, i + 2)} << 8 | std::uint32_t{byteAt(s, i + 3)};
}

std::uint32_t littleEndian32(std::string_view s, std::size_t i) {
  return std::uint32_t{byteAt(s, i)} | std::uint32_t{byteAt(s, i + 1)} << 8 |
         std::uint32_t{byteAt(s, i + 2)} << 16 | std::uint32_t{byteAt(s, i + 3)} << 24;
}

void putLittleEndian32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}

Status damaged(std::string_view kind, std::string_view what) {
  return invalidArgument("the " + std::string(kind) + " picture is damaged: " + std::string(what));
}

// JPEG: markers up to the first scan (SOS). APPn and COM segments hold metadata, except the
// three the picture needs; after SOS comes the image data, copied as it is.
bool jpegSegmentKept(std::uint8_t marker, std::string_view payload) {
  const bool app = marker >= 0xE0 && marker <= 0xEF;
  if (!app && marker != 0xFE) return true;
  if (marker == 0xE0) return payload.starts_with("JFIF\0"sv) || payload.starts_with("JFXX\0"sv);
  if (marker == 0xE2) return payload.starts_with("ICC_PROFILE\0"sv);
  if (marker == 0xEE) return payload.starts_with("Adobe"sv);
  return false;
}

Result<std::string> jpegWithoutMetadata(std::string_view in) {
  std::string out("\xFF\xD8", 2);
  out.reserve(in.size());
  std::size_t pos = 2;
  for (;;) {
    if (pos >= in.size() || byteAt(in, pos) != 0xFF) return damaged("JPEG", "a segment is cut");
    while (pos < in.size() && byteAt(in, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= in.size()) return damaged("JPEG", "it ends before its image data");
    const std::uint8_t marker = byteAt(in, pos++);
    if (marker == 0xD9) return damaged("JPEG", "it has no image data");
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length follows
      out += '\xFF';
      out += static_cast<char>(marker);
      continue;
    }
    if (pos + 2 > in.size()) return damaged("JPEG", "a segment is cut");
    const std::size_t length = std::size_t{byteAt(in, pos)} << 8 | byteAt(in, pos + 1);
    if (length < 2 || pos + length > in.size()) return damaged("JPEG", "a segment is cut");
    if (marker == 0xDA) {  // start of scan: the rest is image data
      out += '\xFF';
      out += static_cast<char>(marker);
      out.append(in.substr(pos));
      return out;
    }
    if (jpegSegmentKept(marker, in.substr(pos + 2, length - 2))) {
      out += '\xFF';
      out += static_cast<char>(marker);
      out.append(in.substr(pos, length));
    }
    pos += length;
  }
}

// PNG: chunks of length, type, data and CRC. The text chunks, EXIF and the modification time
// go; IHDR must come first and IEND ends the file (anything after it is dropped too).
Result<std::string> pngWithoutMetadata(std::string_view in) {
  constexpr std::size_t kSignature = 8;
  if (in.size() < kSignature) return damaged("PNG", "it is cut");
  std::string out(in.substr(0, kSignature));
  out.reserve(in.size());
  std::size_t pos = kSignature;
  bool first = true;
  while (pos + 12 <= in.size()) {
    const std::size_t length = bigEndian32(in, pos);
    const std::string_view type = in.substr(pos + 4, 4);
    if (length > in.size() - pos - 12) return damaged("PNG", "a chunk is cut");
    if (first && type != "IHDR") return damaged("PNG", "it does not start with its header");
    first = false;
    const std::size_t whole = 12 + length;
    const bool metadata =
        type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "eXIf" || type == "tIME";
    if (!metadata) out.append(in.substr(pos, whole));
    pos += whole;
    if (type == "IEND") return out;
  }
  return damaged("PNG", "it has no end");
}

// WebP: a RIFF container of chunks (four-character code, little-endian size, data padded to an
// even length). EXIF and XMP chunks go, and the extended header (VP8X) stops announcing them.
Result<std::string> webpWithoutMetadata(std::string_view in) {
  if (in.size() < 12) return damaged("WebP", "it is cut");
  const std::size_t riff_end = std::size_t{8} + littleEndian32(in, 4);
  if (riff_end > in.size()) return damaged("WebP", "it is shorter than it says");
  std::string out(in.substr(0, 12));
  out.reserve(in.size());
  bool has_image = false;
  std::size_t pos = 12;
  while (pos + 8 <= riff_end) {
    const std::string_view code = in.substr(pos, 4);
    const std::size_t size = littleEndian32(in, pos + 4);
    if (size > riff_end - pos - 8) return damaged("WebP", "a chunk is cut");
    const std::size_t whole = std::min(8 + size + (size & 1), riff_end - pos);
    if (code == "VP8 " || code == "VP8L" || code == "ANIM") has_image = true;
    if (code != "EXIF" && code != "XMP ") {
      const std::size_t at = out.size();
      out.append(in.substr(pos, whole));
      if (code == "VP8X" && size >= 1) {
        constexpr std::uint8_t kExifAndXmpFlags = 0x08 | 0x04;
        out[at + 8] = static_cast<char>(byteAt(out, at + 8) & ~kExifAndXmpFlags);
      }
    }
    pos += whole;
  }
  if (!has_image) return damaged("WebP", "it has no image data");
  putLittleEndian32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  return out;
}

}  // namespace

Result<std::string> withoutMetadata(FileKind kind, std::string_view image) {
  switch (kind) {
    case FileKind::kJpeg:
      return jpegWithoutMetadata(image);
    case FileKind::kPng:
      return pngWithoutMetadata(image);
    case FileKind::kWebp:
      return webpWithoutMetadata(image);
    case FileKind::kPdf:
      break;
  }
  return std::string(image);
}

}  // namespace luukku::attachments
