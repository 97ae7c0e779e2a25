// A value a callback delivers, awaited by a route handler: `start(done)` begins the work and
// `done` may run on any thread (telephony's, the chat thread); the awaiting coroutine resumes
// on its own executor. (Not a coroutine itself: what `start` captures is moved once into the
// operation, never into a frame.)
//
// Thread-safety: as the work `start` begins.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <utility>

namespace luukku::api {

template <typename T, typename Start>
auto fromCallback(Start start) {
  namespace asio = boost::asio;
  return asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      [](auto handler, Start begin) {
        auto ex = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        begin([ex, shared](T value) {
          asio::post(ex, [shared, value = std::move(value)]() mutable {
            std::move (*shared)(std::move(value));
          });
        });
      },
      asio::use_awaitable, std::move(start));
}

}  // namespace luukku::api
