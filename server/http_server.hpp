// cpp-httplib 0.11.4's Server with its connection loop replaced, to stay safe with a library
// that predates many upstream fixes:
// - every read is counted against a budget per request (the request line and headers only,
//   since bodies are refused before they are read): httplib 0.11.4 reads a request line or a
//   header line of any length into memory, and any number of headers;
// - the whole request head must arrive within the read timeout (httplib's timeout applies to
//   each read, so a client trickling a byte at a time could hold a thread for ever); a client
//   too slow is answered 408 and its connection closed;
// - a connection whose request was refused with a body still unread is closed right after the
//   response, instead of parsing that body as further requests;
// - TCP_NODELAY on every connection, and idle keep-alive waits that sleep in poll().
// - no compression by httplib: it would compress every response again, with Brotli at its
//   slowest setting (about 190 ms of CPU for a 150 KB comparison, a cheap way to load the
//   server) when the client accepts "br", as every browser does. The Accept-Encoding header is
//   taken off each request before routing; accepts_gzip() tells the handler what it said, and
//   the server sends gzip bodies it encoded once (server/answer_cache.hpp).
// - fairness: httplib gives each connection a thread for its whole keep-alive life, so with
//   more connections than threads the extra ones would wait for whole keep-alive sessions;
//   while connections wait for a thread, a connection that has had its share of requests is
//   closed after its next answer ("Connection: close") so that threads rotate between clients.
// The pool that runs connections is bounded: a fixed set of threads and a bounded queue.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cadre::server {

class BoundedPool;

class HttpServer : public httplib::Server {
public:
  /// `threads` workers; at most `threads * queue_per_thread` accepted connections waiting.
  HttpServer(std::size_t threads, std::size_t queue_per_thread);

  /// Bytes a request may make the server read: request line (httplib answers 414 above 8 KB)
  /// plus headers (we answer 431 above Limits::max_header_bytes), with room for both.
  static constexpr std::size_t k_max_request_head_bytes = 32 * 1024;
  /// Requests a connection keeps its thread for while others wait: small enough to bound their
  /// wait, large enough that reconnecting stays cheap against serving.
  static constexpr std::size_t k_requests_before_yielding = 8;

  /// Longest header line httplib accepts (CPPHTTPLIB_HEADER_MAX_LENGTH); it answers 400 above.
  static constexpr std::size_t k_max_header_line_bytes = 8192;

  /// Call from a handler running for the current request: close the connection after the
  /// response (its body was not read).
  static void close_after_response();

  /// Why httplib refused the current request head with a bare 400, when it was not malformed:
  /// for the error handler to answer with the right status (431 or 408) instead.
  enum class HeadRefusal { none, header_line_too_long, head_too_large, too_slow };
  static HeadRefusal head_refusal();

  /// Whether the current request's Accept-Encoding accepted gzip.
  static bool accepts_gzip();

private:
  bool process_and_close_socket(socket_t sock) override;

  std::atomic<BoundedPool*> m_pool{nullptr}; ///< owned by httplib (new_task_queue), alive while listening
};

/// A fixed set of workers and a bounded queue: when the queue is full, the accept loop waits,
/// and new connections wait in the listen backlog instead of growing memory without limit.
class BoundedPool : public httplib::TaskQueue {
public:
  BoundedPool(std::size_t threads, std::size_t max_pending);
  ~BoundedPool() override;
  void enqueue(std::function<void()> task) override;
  void shutdown() override;
  /// True when accepted connections wait for a worker.
  bool has_waiting() const { return m_waiting.load(std::memory_order_relaxed) > 0; }

private:
  void work();

  const std::size_t m_max_pending;
  std::mutex m_mutex;
  std::condition_variable m_not_empty, m_not_full;
  std::deque<std::function<void()>> m_pending;
  std::vector<std::thread> m_threads;
  bool m_shutdown = false;
  std::atomic<std::size_t> m_waiting{0};
};

} // namespace cadre::server
