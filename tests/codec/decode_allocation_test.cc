// Start-up decodes every stored document, so decoding one must not allocate beyond the values
// it produces. This binary counts the allocations made through operator new.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "codec/json_reader.h"
#include "codec/routing_json.h"

namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace luukku::codec {
namespace {
namespace json = boost::json;
using namespace core::routing;

// Allocations made while `f` runs.
template <typename F>
long allocationsDuring(F&& f) {
  long before = allocations.load();
  f();
  return allocations.load() - before;
}

TEST(DecodeAllocations, ReadingFieldsThatDecodeAllocatesNothing) {
  std::vector<std::string> keys;
  json::object o;
  for (int i = 0; i < 40; ++i) {
    keys.push_back("a_field_name_past_inline_" + std::to_string(i));
    o[keys.back()] = i;
  }
  json::value v = o;
  ObjectReader r(v, "a.path.longer.than.a.short.string");
  std::int64_t sum = 0;
  long n = allocationsDuring([&] {
    for (const auto& key : keys) {
      std::int64_t x = 0;
      r.required(key, x);
      sum += x;
    }
    ASSERT_TRUE(r.finish().isOk());
  });
  EXPECT_EQ(sum, 780);
  EXPECT_EQ(n, 0);
}

TEST(DecodeAllocations, AStoredTaskWithShortValuesDecodesWithoutAllocating) {
  Task task;
  task.id = "t-00000001";
  task.routing.line_id = "line-1";
  task.routing.channel = core::Channel::kCallback;
  task.routing.band = 1;
  task.routing.created_at = task.routing.queue_time = fromMicros(1'795'400'000'000'000);
  task.number = "+358401000001";
  task.reason = TaskReason::kBusy;
  task.last_contact_at = task.routing.created_at;
  task.due_at = task.routing.created_at + std::chrono::hours(48);
  task.escalate_at = task.routing.created_at + std::chrono::hours(47);
  task.next_attempt_at = task.routing.created_at + std::chrono::hours(1);
  json::value stored = encode(task);
  long n = allocationsDuring([&] {
    auto decoded = decodeTask(stored, "task");
    ASSERT_TRUE(decoded.isOk()) << decoded.status().message();
    EXPECT_EQ(decoded->number, task.number);
    EXPECT_EQ(decoded->next_attempt_at, task.next_attempt_at);
  });
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace luukku::codec
