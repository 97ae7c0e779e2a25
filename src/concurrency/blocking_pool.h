// BlockingPool: a few threads for work that must not run on an I/O thread — password
// hashing (~100 ms of CPU and 64 MiB each), store reads, calls to an identity provider —
// handing each result back on the caller's executor.
//
//   Result<User> user = co_await pool.run([&] { return identity.getUser(id); },
//                                         boost::asio::use_awaitable);
//
// The function runs on a pool thread; its result is delivered on the caller's executor (the
// handler's associated executor, or the pool's when it has none), which is kept busy
// (outstanding work) until then. The function must not touch the caller's coroutine-local
// state after the caller could have gone (the caller waits, so references to its locals are
// safe). Anything the functions share, such as idle store connections, is theirs to guard.
//
// Thread-safety: run() is thread-safe. The destructor waits for running work.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <type_traits>

namespace luukku::concurrency {

class BlockingPool {
 public:
  explicit BlockingPool(std::size_t threads) : pool_(threads) {}
  ~BlockingPool() { pool_.join(); }
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  template <typename Function, typename CompletionToken>
  auto run(Function function, CompletionToken&& token) {
    using R = std::invoke_result_t<Function&>;
    return boost::asio::async_initiate<CompletionToken, void(R)>(
        [this](auto handler, Function f) {
          auto work = boost::asio::prefer(
              boost::asio::get_associated_executor(handler, pool_.get_executor()),
              boost::asio::execution::outstanding_work.tracked);
          boost::asio::post(pool_, [f = std::move(f), h = std::move(handler), work]() mutable {
            R result = f();
            boost::asio::dispatch(work, [h = std::move(h), r = std::move(result)]() mutable {
              std::move(h)(std::move(r));
            });
          });
        },
        token, std::move(function));
  }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace luukku::concurrency
