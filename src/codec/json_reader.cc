#include "codec/json_reader.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;

void readPhoneNumber(ObjectReader& r, std::string_view key, std::string& out) {
  std::string text;
  r.optional(key, text);
  if (!r.ok()) return;
  auto normal = core::normalizePhoneNumber(text);
  if (!normal) {
    r.fail(invalidArgument(r.pathOf(key) + ": " + normal.status().message()));
    return;
  }
  out = std::move(normal).value();
}

std::string_view jsonKindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

Result<json::value> parseJson(std::string_view text, int max_depth, json::storage_ptr storage) {
  json::parse_options options;
  options.max_depth = static_cast<std::size_t>(max_depth);
  options.allow_comments = false;
  options.allow_trailing_commas = false;
  options.allow_invalid_utf8 = false;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, std::move(storage), options);
  if (ec) {
    if (!isValidUtf8(text)) return invalidArgument("the body is not valid UTF-8");
    return invalidArgument("the body is not valid JSON: " + ec.message());
  }
  return v;
}

ObjectReader::ObjectReader(const json::value& value, std::string path) : path_(std::move(path)) {
  object_ = value.if_object();
  if (!object_) {
    fail(invalidArgument((path_.empty() ? std::string("the body") : path_) +
                         ": expected an object, got " + std::string(jsonKindName(value))));
  }
}

std::string ObjectReader::pathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ObjectReader::fail(Status status) {
  if (status_.isOk()) status_ = std::move(status);
}

const json::value* ObjectReader::field(std::string_view key, bool required) {
  if (!object_) return nullptr;
  // Decoders read fields in the order the encoders write them, so the member after the last
  // one read is usually the one asked for; only otherwise is the object searched.
  auto it = object_->begin() + next_;
  if (next_ >= object_->size() || it->key() != key) it = object_->find(key);
  if (it == object_->end()) {
    if (required) fail(invalidArgument(pathOf(key) + ": is required"));
    return nullptr;
  }
  next_ = static_cast<std::size_t>(it - object_->begin());
  markRead(next_++);
  return &it->value();
}

void ObjectReader::markRead(std::size_t index) {
  if (index < 64) {
    read_first_ |= std::uint64_t{1} << index;
    return;
  }
  if (read_beyond_first_.empty()) read_beyond_first_.resize(object_->size() - 64);
  read_beyond_first_[index - 64] = true;
}

bool ObjectReader::wasRead(std::size_t index) const {
  if (index < 64) return (read_first_ >> index) & 1;
  return index - 64 < read_beyond_first_.size() && read_beyond_first_[index - 64];
}

namespace {

// A field's path, spelled out only when its value is wrong.
struct FieldPath {
  const ObjectReader& reader;
  std::string_view key;
  std::string str() const { return reader.pathOf(key); }
};

Status typeError(const std::string& path, std::string_view wanted, const json::value& got) {
  return invalidArgument(path + ": expected " + std::string(wanted) + ", got " +
                         std::string(jsonKindName(got)));
}

Status decode(const FieldPath& path, const json::value& v, std::string& out) {
  if (!v.is_string()) return typeError(path.str(), "a string", v);
  out.assign(v.get_string().begin(), v.get_string().end());
  return Status::ok();
}

Status decode(const FieldPath& path, const json::value& v, bool& out) {
  if (!v.is_bool()) return typeError(path.str(), "true or false", v);
  out = v.get_bool();
  return Status::ok();
}

Status decode(const FieldPath& path, const json::value& v, std::int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
    return Status::ok();
  }
  if (v.is_uint64()) return invalidArgument(path.str() + ": the number is too large");
  if (v.is_double()) {
    double d = v.get_double();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d > -9e15 && d < 9e15) {
      out = static_cast<std::int64_t>(d);
      return Status::ok();
    }
    return invalidArgument(path.str() + ": expected a whole number");
  }
  return typeError(path.str(), "a whole number", v);
}

Status decode(const FieldPath& path, const json::value& v, double& out) {
  if (!v.is_number()) return typeError(path.str(), "a number", v);
  out = v.to_number<double>();
  return Status::ok();
}

Status decode(const FieldPath& path, const json::value& v, std::vector<std::string>& out) {
  if (!v.is_array()) return typeError(path.str(), "an array of strings", v);
  std::vector<std::string> result;
  result.reserve(v.get_array().size());
  std::size_t i = 0;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) {
      return typeError(path.str() + "[" + std::to_string(i) + "]", "a string", item);
    }
    result.emplace_back(item.get_string().begin(), item.get_string().end());
    ++i;
  }
  out = std::move(result);
  return Status::ok();
}

}  // namespace

template <typename T>
void ObjectReader::read(std::string_view key, T& out, bool required) {
  const json::value* v = field(key, required);
  if (!v || !ok()) return;
  fail(decode(FieldPath{*this, key}, *v, out));
}

template void ObjectReader::read(std::string_view, std::string&, bool);
template void ObjectReader::read(std::string_view, std::int64_t&, bool);
template void ObjectReader::read(std::string_view, bool&, bool);
template void ObjectReader::read(std::string_view, double&, bool);
template void ObjectReader::read(std::string_view, std::vector<std::string>&, bool);

Status ObjectReader::finish() {
  if (!status_.isOk() || !object_) return status_;
  for (std::size_t i = 0; i < object_->size(); ++i) {
    if (!wasRead(i)) {
      return invalidArgument(pathOf(printable(object_->begin()[i].key())) + ": unknown field");
    }
  }
  return Status::ok();
}

}  // namespace luukku::codec
