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
// - framing: each header line is checked as it is read (a token name right before the colon,
//   CRLF endings, no folding, no NUL or bare CR, one Content-Length of digits, at most one
//   Transfer-Encoding and never with a Content-Length); a line that fails stops the read, and
//   the request is refused;
// - any refused request (a status of 400 or more) is answered once with "Connection: close",
//   and its connection is closed: whatever follows on it is never parsed as another request;
// - ranges: httplib 0.11.4 answers every range of a multi-range request (a cheap way to make
//   it send gigabytes) and slices a body without changing its status; the Range header is taken
//   off each request, a single range is kept for the handler (requested_range()), and a
//   request for several ranges is answered whole.
// - fairness: httplib gives each connection a thread for its whole keep-alive life, so with
//   more connections than threads the extra ones would wait for whole keep-alive sessions;
//   while connections wait for a thread, a connection that has had its share of requests is
//   closed after its next answer ("Connection: close") so that threads rotate between clients.
// - idle and slow connections do not hold threads: a connection gets a worker only once a whole
//   request head has arrived. Until then (a new connection, or a kept-alive one between
//   requests) it waits in the WaitingRoom, one epoll thread for all of them: one with nothing
//   sent is closed after the keep-alive time (new: the read timeout), one with part of a head
//   is answered 408 once the read timeout has passed since its first byte. The room holds at
//   most `threads * k_waiting_per_thread` connections; beyond, a new connection is answered 503
//   at once and closed.
// - graceful stop (stop_gracefully()): the listening socket stays open until the connections
//   the kernel already accepted have been taken from the backlog, each connection gets its
//   request in progress answered ("Connection: close"), then the workers end.
// The pool that runs connections is bounded: a fixed set of threads and a bounded queue.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace cadre::server {

class BoundedPool;
class WaitingRoom;

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

  /// Connections waiting for a request head, per worker thread (see WaitingRoom).
  static constexpr std::size_t k_waiting_per_thread = 64;

  ~HttpServer() override;

  /// Stops accepting and serves what was accepted before returning from listen: connections
  /// queued in the listen backlog are taken and served first, requests in flight are answered,
  /// idle connections are closed. Call instead of stop(); safe from any thread, not from a
  /// signal handler.
  void stop_gracefully();

  /// Connections in the waiting room now (for tests and figures).
  std::size_t waiting_connections() const;

  /// Call from a handler running for the current request: close the connection after the
  /// response (its body was not read).
  static void close_after_response();

  /// Why httplib refused the current request head with a bare 400, when it was not malformed:
  /// for the error handler to answer with the right status (431 or 408) instead.
  enum class HeadRefusal { none, header_line_too_long, head_too_large, too_slow, malformed_framing };
  static HeadRefusal head_refusal();

  /// The one byte range the current request asked for, as httplib parsed it (first or last may
  /// be -1: "bytes=-N" or "bytes=N-"); nullopt when it asked for none, or for several (answered
  /// whole).
  static std::optional<std::pair<long long, long long>> requested_range();

  /// Installs `handler` behind the server's own: every response of status 400 or more closes
  /// its connection, and a request line httplib refused for its method gets 501.
  void set_error_handler(HandlerWithResponse handler);

  /// Whether the current request's Accept-Encoding accepted gzip.
  static bool accepts_gzip();

private:
  friend class WaitingRoom;
  bool process_and_close_socket(socket_t sock) override;
  /// Serves requests on `sock` while they come without waiting; parks it in the waiting room
  /// when none is ready, or closes it. `served`: requests already answered on it.
  void serve_connection(socket_t sock, std::size_t served, bool fresh);
  /// Hands `sock` to a worker (false when the pool has stopped).
  bool dispatch(socket_t sock, std::size_t served);

  std::mutex m_pool_mutex; ///< held to use m_pool from outside its workers
  std::unique_ptr<WaitingRoom> m_room; ///< owned here; replaced only by the listening thread
  /// The room for every other thread: stop_gracefully() runs on another thread than the one
  /// that creates the room when listening starts.
  std::atomic<WaitingRoom*> m_room_ptr{nullptr};
  std::size_t m_threads;
  std::atomic<bool> m_draining{false};

  HandlerWithResponse m_error_handler;
  std::atomic<BoundedPool*> m_pool{nullptr}; ///< owned by httplib (new_task_queue), alive while listening
};

/// A fixed set of workers and a bounded queue: when the queue is full, the accept loop waits,
/// and new connections wait in the listen backlog instead of growing memory without limit.
class BoundedPool : public httplib::TaskQueue {
public:
  /// `on_shutdown` runs when shutdown() starts, before the workers are joined.
  BoundedPool(std::size_t threads, std::size_t max_pending, std::function<void()> on_shutdown = {});
  ~BoundedPool() override;
  void enqueue(std::function<void()> task) override;
  /// Enqueues without waiting for room (for connections already held by the waiting room,
  /// bounded by its capacity); false once the pool is shut down.
  bool enqueue_ready(std::function<void()> task);
  void shutdown() override;
  /// True when accepted connections wait for a worker.
  bool has_waiting() const { return m_waiting.load(std::memory_order_relaxed) > 0; }

private:
  void work();

  const std::size_t m_max_pending;
  std::function<void()> m_on_shutdown;
  std::mutex m_mutex;
  std::condition_variable m_not_empty, m_not_full;
  std::deque<std::function<void()>> m_pending;
  std::vector<std::thread> m_threads;
  bool m_shutdown = false;
  std::atomic<std::size_t> m_waiting{0};
};

} // namespace cadre::server
