#include "concurrency/blocking_pool.h"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>

#include "core/status.h"

namespace luukku::concurrency {
namespace {

namespace asio = boost::asio;

TEST(BlockingPool, RunsOnAPoolThreadAndCompletesOnTheCallersExecutor) {
  BlockingPool pool(1);
  asio::io_context io;
  std::thread::id ran_on, completed_on;
  Result<int> got = internalError("not completed");
  pool.run(
      [&] {
        ran_on = std::this_thread::get_id();
        return Result<int>(42);
      },
      asio::bind_executor(io, [&](Result<int> r) {
        completed_on = std::this_thread::get_id();
        got = std::move(r);
      }));
  io.run();  // returns only after the completion: the pending result keeps it busy
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, 42);
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_EQ(completed_on, std::this_thread::get_id());
}

TEST(BlockingPool, HandsBackAMoveOnlyResult) {
  BlockingPool pool(2);
  asio::io_context io;
  std::unique_ptr<std::string> got;
  pool.run([] { return std::make_unique<std::string>("hello"); },
           asio::bind_executor(io, [&](std::unique_ptr<std::string> r) { got = std::move(r); }));
  io.run();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "hello");
}

TEST(BlockingPool, TheDestructorWaitsForRunningWork) {
  asio::io_context io;
  bool finished = false;
  {
    BlockingPool pool(1);
    pool.run([&] { return finished = true; }, asio::bind_executor(io, [](bool) {}));
  }
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace luukku::concurrency
