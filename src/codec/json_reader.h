// ObjectReader: strict decoding of a JSON object into C++ values, with exact error messages.
//
// Every field read is marked as known; finish() rejects any field that was not read, so a
// typo ("phone_number" for "phone_numbers") is an error instead of a silently ignored value.
// The first error wins and names its path: "weekly_hours.monday[1]: expected a string".
// Reading a field that decodes allocates nothing beyond its value (the engine decodes every
// stored document at start-up): which fields were read is kept as bits by position, and a
// path is spelled out only for an error.
//
//   ObjectReader r(value, "agent");
//   r.required("id", agent.id);
//   r.optional("teams", agent.teams);
//   RETURN_IF_ERROR(r.finish());
//
// Thread-safety: none; a reader is a short-lived local.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::codec {

class ObjectReader {
 public:
  ObjectReader(const boost::json::value& value, std::string path);

  void required(std::string_view key, std::string& out) { read(key, out, true); }
  void required(std::string_view key, std::int64_t& out) { read(key, out, true); }
  void required(std::string_view key, bool& out) { read(key, out, true); }
  void required(std::string_view key, std::vector<std::string>& out) { read(key, out, true); }
  void optional(std::string_view key, std::string& out) { read(key, out, false); }
  void optional(std::string_view key, std::int64_t& out) { read(key, out, false); }
  void optional(std::string_view key, bool& out) { read(key, out, false); }
  void optional(std::string_view key, double& out) { read(key, out, false); }
  void optional(std::string_view key, std::vector<std::string>& out) { read(key, out, false); }

  // The raw field for nested decoding (nullptr when absent; records an error when required).
  const boost::json::value* field(std::string_view key, bool required);
  // The path of a field, for nested readers' messages: "<path>.<key>".
  std::string pathOf(std::string_view key) const;

  // Records an error unless one is already recorded.
  void fail(Status status);
  bool ok() const { return status_.isOk(); }
  // The first error, or an error for the first unknown field.
  Status finish();

 private:
  template <typename T>
  void read(std::string_view key, T& out, bool required);
  // Marks the object's member at `index` (its position) as read, or asks whether it was.
  void markRead(std::size_t index);
  bool wasRead(std::size_t index) const;

  const boost::json::object* object_ = nullptr;
  std::string path_;
  // The members read: a bit each for the first 64 (more than any object the codec reads has),
  // the rest, if any, in read_beyond_first_.
  std::uint64_t read_first_ = 0;
  std::vector<bool> read_beyond_first_;
  std::size_t next_ = 0;  // the position after the member last read
  Status status_;
};

// Decodes field `key` with `decoder(value, path)` into `out` when present; errors (and a
// missing required field) are recorded in `r`.
template <typename T, typename Decoder>
void readNested(ObjectReader& r, std::string_view key, bool required, T& out, Decoder decoder) {
  const boost::json::value* v = r.field(key, required);
  if (!v || !r.ok()) return;
  auto decoded = decoder(*v, r.pathOf(key));
  if (!decoded) {
    r.fail(decoded.status());
    return;
  }
  out = std::move(decoded).value();
}

// Decodes an array element by element with `decoder(value, "path[i]")`.
template <typename T, typename Decoder>
Result<std::vector<T>> decodeArray(const boost::json::value& v, const std::string& path,
                                   Decoder decoder) {
  const boost::json::array* a = v.if_array();
  if (!a) return invalidArgument(path + ": expected an array");
  std::vector<T> out;
  out.reserve(a->size());
  std::size_t i = 0;
  for (const auto& item : *a) {
    ASSIGN_OR_RETURN(T decoded, decoder(item, path + "[" + std::to_string(i++) + "]"));
    out.push_back(std::move(decoded));
  }
  return out;
}

// Decodes an optional array field into `out`.
template <typename T, typename Decoder>
void readArray(ObjectReader& r, std::string_view key, bool required, std::vector<T>& out,
               Decoder decoder) {
  readNested(r, key, required, out, [&](const boost::json::value& v, const std::string& path) {
    return decodeArray<T>(v, path, decoder);
  });
}

// Reads an optional phone number in its normal form (see core/phone_number.h): what arrives
// in a request is normalised here, before it is matched or stored; a value that is not a
// phone number is an error naming the field. Absent or empty: no number.
void readPhoneNumber(ObjectReader& r, std::string_view key, std::string& out);

// Describes a JSON value's kind for messages: "a string", "a number", ...
std::string_view jsonKindName(const boost::json::value& v);

// Parses a request body strictly: valid UTF-8, no comments, at most `max_depth` levels.
// `storage`: where the value's nodes live (default: the heap), e.g. an arena for a document
// that is decoded and dropped at once.
Result<boost::json::value> parseJson(std::string_view text, int max_depth = 32,
                                     boost::json::storage_ptr storage = {});

}  // namespace luukku::codec
