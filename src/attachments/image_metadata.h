// Removes what a picture says about where, when and with what it was taken before anyone else
// sees it: a phone's photo carries its GPS position, time and device in EXIF, and editors add
// XMP, IPTC and comments. A citizen sending a photo of a rash should not also send their home's
// coordinates.
//
// Only the metadata containers are dropped; the picture's own data is copied byte for byte,
// never decoded or re-encoded (no decoder runs on untrusted input here). Kept because the
// picture needs them: JPEG's JFIF header, ICC colour profile and Adobe colour transform; PNG's
// and WebP's image, palette, transparency, colour and animation chunks. A dropped EXIF also
// drops its orientation tag, so a photo taken sideways may be shown sideways.
//
// A file whose structure does not hold together (a segment running past the end, a missing
// image) is refused rather than passed on half-cleaned.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "attachments/file_type.h"
#include "core/status.h"

namespace luukku::attachments {

// `image` without its metadata; `kind` is the image's detected kind (file_type.h). Other kinds
// are returned unchanged.
Result<std::string> withoutMetadata(FileKind kind, std::string_view image);

}  // namespace luukku::attachments
