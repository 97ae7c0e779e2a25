// What a file sent in a conversation really is, by its bytes — never by its name or the type a
// browser declares, which a sender chooses freely.
//
// Only kinds a citizen or a professional has reason to send are let in: photographs and
// screenshots (JPEG, PNG, WebP) and documents (PDF). Everything else — programs, scripts,
// archives, HTML and SVG (which a browser would run) — is refused, so nothing stored can be
// executed by whoever opens it. The list is short on purpose: a kind is added when someone
// needs it, together with what makes it safe to serve.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "core/status.h"

namespace luukku::attachments {

enum class FileKind { kJpeg, kPng, kWebp, kPdf };

struct FileType {
  FileKind kind;
  std::string_view media_type;  // "image/jpeg" ...: what the file is served as
  std::string_view extension;   // "jpg" ...: for the name it is downloaded under
  bool image = false;           // shown inline; its metadata is removed (image_metadata.h)
  friend bool operator==(const FileType&, const FileType&) = default;
};

// The type of `bytes`, or kInvalidArgument saying which kinds are accepted.
Result<FileType> detectFileType(std::string_view bytes);

}  // namespace luukku::attachments
