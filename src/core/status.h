// Status and Result<T>: errors as values for the domain and the store.
//
// A Status is either OK or an error code with a human-readable message meant for the
// person who sent the request (it must never contain secrets or personal identity codes).
// Success costs nothing beyond an enum compare. Result<T> holds a T or an error Status.
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace luukku {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,     // the request is malformed or violates a rule
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // creating something that exists
  kConflict,            // a version check failed or the state does not allow it now
  kFailedPrecondition,  // the system is not in a state to do this (e.g. schema too old)
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // who are you?
  kPayloadTooLarge,     // a body or field over its limit
  kUnavailable,         // try again later (store down, shutting down)
  kInternal,            // a bug or an unexpected failure of a dependency
};

// Stable, lowercase names used in API error bodies ("invalid_argument", ...).
std::string_view errorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }

  bool isOk() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return isOk(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "not_found: service line 'x' does not exist"
  std::string toString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status invalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}
inline Status notFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
inline Status alreadyExists(std::string message) {
  return {ErrorCode::kAlreadyExists, std::move(message)};
}
inline Status conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
inline Status unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message)};
}
inline Status internalError(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}

// Holds either a value or an error. Accessing the value of an error is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    assert(!std::get<1>(state_).isOk() && "a Result needs a value or an error");
  }

  bool isOk() const { return state_.index() == 0; }
  explicit operator bool() const { return isOk(); }

  const T& value() const& {
    assert(isOk());
    return std::get<0>(state_);
  }
  T& value() & {
    assert(isOk());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(isOk());
    return std::get<0>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; OK when a value is held.
  Status status() const { return isOk() ? Status::ok() : std::get<1>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace luukku

#define LUUKKU_CONCAT_INNER(a, b) a##b
#define LUUKKU_CONCAT(a, b) LUUKKU_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is an error.
#define RETURN_IF_ERROR(expr) RETURN_IF_ERROR_IMPL(LUUKKU_CONCAT(luukku_status_, __COUNTER__), expr)
#define RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                  \
    ::luukku::Status tmp = (expr);      \
    if (!tmp.isOk()) return tmp;        \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, makeX());` binds the value or returns the error.
#define ASSIGN_OR_RETURN(decl, expr) \
  ASSIGN_OR_RETURN_IMPL(LUUKKU_CONCAT(luukku_result_, __COUNTER__), decl, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                           \
  if (!tmp.isOk()) return tmp.status();        \
  decl = std::move(tmp).value()
