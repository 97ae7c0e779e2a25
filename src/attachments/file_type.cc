#include "attachments/file_type.h"

namespace luukku::attachments {
namespace {

bool startsWith(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

}  // namespace

Result<FileType> detectFileType(std::string_view bytes) {
  using namespace std::string_view_literals;
  // JPEG: SOI then the first marker's 0xFF.
  if (startsWith(bytes, "\xFF\xD8\xFF"sv)) {
    return FileType{FileKind::kJpeg, "image/jpeg", "jpg", true};
  }
  if (startsWith(bytes, "\x89PNG\r\n\x1A\n"sv)) {
    return FileType{FileKind::kPng, "image/png", "png", true};
  }
  // RIFF, a 4-byte size, then the form type.
  if (bytes.size() >= 12 && startsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
    return FileType{FileKind::kWebp, "image/webp", "webp", true};
  }
  if (startsWith(bytes, "%PDF-")) {
    return FileType{FileKind::kPdf, "application/pdf", "pdf", false};
  }
  if (bytes.empty()) return invalidArgument("the file is empty");
  return invalidArgument(
      "this kind of file is not accepted: send a photo or picture (JPEG, PNG or WebP) or a "
      "PDF document");
}

}  // namespace luukku::attachments
