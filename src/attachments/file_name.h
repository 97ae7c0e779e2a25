// The name a file sent in a conversation is shown and downloaded under: what the sender
// called it, made harmless. The name is shown as text only and never used on disk (the file
// store names files by id), but it reaches other people's screens and their download folders:
//   - control characters and the bidirectional overrides that make "gpj.exe" look like
//     "exe.jpg" are dropped, path separators become "_", leading dots and spaces go;
//   - it is at most kMaxFileNameChars characters;
//   - it ends in the extension of what the file really is (file_type.h): "kuva.exe" that is a
//     PNG becomes "kuva.exe.png", so the receiver's computer opens it as what it is;
//   - nothing left: "file" and the extension.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace luukku::attachments {

inline constexpr std::size_t kMaxFileNameChars = 120;

// `name` must be valid UTF-8 (the caller refuses anything else); `extension` is the detected
// type's ("png").
std::string safeFileName(std::string_view name, std::string_view extension);

// Content-Disposition for a download (RFC 6266): `disposition` ("inline" or "attachment"),
// an ASCII filename for old clients and the name itself as filename* (RFC 8187, UTF-8).
std::string contentDisposition(std::string_view disposition, std::string_view file_name);

}  // namespace luukku::attachments
