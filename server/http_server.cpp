#include "server/http_server.hpp"

#include "server/answer_cache.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>

namespace cadre::server {
namespace {

thread_local bool t_close_after_response = false;
thread_local HttpServer::HeadRefusal t_head_refusal = HttpServer::HeadRefusal::none;
thread_local bool t_accepts_gzip = false;

/// Run by httplib on each request after its head is read, before routing (see the header).
void take_accept_encoding(httplib::Request& req) {
  t_accepts_gzip = cadre::server::accepts_gzip(req.get_header_value("Accept-Encoding"));
  req.headers.erase("Accept-Encoding");
}

void describe(const sockaddr_storage& address, std::string& ip, int& port) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, buffer, sizeof buffer);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, buffer, sizeof buffer);
    port = ntohs(v6.sin6_port);
  }
  ip = buffer;
}

using Clock = std::chrono::steady_clock;

/// A buffered socket stream that counts what the request in progress has consumed, and the
/// time it has taken: reading the request head fails once it exceeds its budget in bytes or
/// in time (the read timeout), and t_head_refusal says which.
class BudgetStream : public httplib::Stream {
public:
  BudgetStream(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : m_sock(sock), m_read_timeout_ms(read_timeout_ms), m_write_timeout_ms(write_timeout_ms) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe(address, m_remote_ip, m_remote_port);
    length = sizeof address;
    if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe(address, m_local_ip, m_local_port);
  }

  void start_request() {
    m_consumed = 0;
    m_line_bytes = 0;
    m_in_request_line = true;
    m_deadline = Clock::now() + std::chrono::milliseconds(m_read_timeout_ms);
    t_head_refusal = HttpServer::HeadRefusal::none;
  }
  /// The request head overran its budget in bytes or time: the connection must close.
  bool exhausted() const { return m_exhausted; }
  bool has_buffered() const { return m_begin < m_end; }

  /// Waits for the next request for up to `timeout_ms`, in short slices so that a stopping
  /// server (`stopping` true) is noticed.
  bool wait_for_request(int timeout_ms, const std::function<bool()>& stopping) const {
    if (has_buffered()) return true;
    for (int waited = 0; waited < timeout_ms && !stopping(); waited += 100) {
      const int rc = poll_for(POLLIN, std::min(100, timeout_ms - waited));
      if (rc != 0) return rc > 0;
    }
    return false;
  }

  bool is_readable() const override { return has_buffered() || poll_for(POLLIN, remaining_ms()) > 0; }
  bool is_writable() const override { return poll_for(POLLOUT, m_write_timeout_ms) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (m_consumed >= HttpServer::k_max_request_head_bytes) return refuse(HttpServer::HeadRefusal::head_too_large);
    size = std::min(size, HttpServer::k_max_request_head_bytes - m_consumed);
    if (!has_buffered()) {
      if (remaining_ms() == 0) return refuse(HttpServer::HeadRefusal::too_slow);
      if (!is_readable()) return remaining_ms() == 0 ? refuse(HttpServer::HeadRefusal::too_slow) : -1;
      const ssize_t n = recv_retrying(m_buffer.data(), m_buffer.size());
      if (n <= 0) return n;
      m_begin = 0;
      m_end = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, m_end - m_begin);
    std::copy_n(m_buffer.data() + m_begin, n, ptr);
    m_begin += n;
    m_consumed += n;
    track_lines(ptr, n);
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    std::size_t sent = 0;
    while (sent < size) {
      if (!is_writable()) return sent ? static_cast<ssize_t>(sent) : -1;
      const ssize_t n = ::send(m_sock, ptr + sent, size - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return sent ? static_cast<ssize_t>(sent) : -1;
      sent += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(sent);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = m_remote_ip;
    port = m_remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = m_local_ip;
    port = m_local_port;
  }
  socket_t socket() const override { return m_sock; }

private:
  ssize_t refuse(HttpServer::HeadRefusal why) {
    // The request line is refused by closing (httplib sends nothing): only header trouble is named.
    if (!m_in_request_line) t_head_refusal = why;
    m_exhausted = true;
    return -1;
  }

  /// Notes a header line over httplib's limit, which httplib refuses with a bare 400.
  void track_lines(const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (data[i] == '\n') {
        m_in_request_line = false;
        m_line_bytes = 0;
      } else if (++m_line_bytes > HttpServer::k_max_header_line_bytes && !m_in_request_line) {
        t_head_refusal = HttpServer::HeadRefusal::header_line_too_long;
        m_exhausted = true; // the rest of that line must not be read as another request
      }
    }
  }

  /// Milliseconds left before the request head's deadline (0 when it has passed).
  int remaining_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }

  int poll_for(short events, int timeout_ms) const {
    pollfd p{m_sock, events, 0};
    for (;;) {
      const int rc = ::poll(&p, 1, timeout_ms);
      if (rc < 0 && errno == EINTR) continue;
      if (rc > 0 && (p.revents & (POLLERR | POLLNVAL))) return -1;
      return rc;
    }
  }

  ssize_t recv_retrying(char* ptr, std::size_t size) {
    for (;;) {
      const ssize_t n = ::recv(m_sock, ptr, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  socket_t m_sock;
  int m_read_timeout_ms;
  int m_write_timeout_ms;
  std::string m_remote_ip, m_local_ip;
  int m_remote_port = -1, m_local_port = -1;
  std::array<char, 4096> m_buffer{};
  std::size_t m_begin = 0, m_end = 0;
  std::size_t m_consumed = 0;
  std::size_t m_line_bytes = 0;
  bool m_in_request_line = true;
  Clock::time_point m_deadline = Clock::now();
  bool m_exhausted = false;
};

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

} // namespace

HttpServer::HttpServer(std::size_t threads, std::size_t queue_per_thread) {
  new_task_queue = [this, threads, queue_per_thread] {
    auto* pool = new BoundedPool(threads, threads * queue_per_thread);
    m_pool = pool;
    return pool;
  };
}

void HttpServer::close_after_response() { t_close_after_response = true; }

HttpServer::HeadRefusal HttpServer::head_refusal() { return t_head_refusal; }

bool HttpServer::accepts_gzip() { return t_accepts_gzip; }

bool HttpServer::process_and_close_socket(socket_t sock) {
  int yes = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  BudgetStream stream(sock, to_ms(read_timeout_sec_, read_timeout_usec_), to_ms(write_timeout_sec_, write_timeout_usec_));
  const auto stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
  bool ok = false;
  std::size_t served = 0;
  for (std::size_t left = keep_alive_max_count_; left > 0 && !stopping(); --left) {
    if (!stream.wait_for_request(static_cast<int>(keep_alive_timeout_sec_ * 1000), stopping)) break;
    stream.start_request();
    t_close_after_response = false;
    t_accepts_gzip = false;
    bool connection_closed = false;
    const BoundedPool* pool = m_pool;
    const bool yield = served >= k_requests_before_yielding && pool != nullptr && pool->has_waiting();
    const bool last = left == 1 || yield;
    ++served;
    ok = process_request(stream, last, connection_closed, take_accept_encoding);
    if (last) break;
    if (!ok || connection_closed || t_close_after_response || stream.exhausted()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

BoundedPool::BoundedPool(std::size_t threads, std::size_t max_pending) : m_max_pending(max_pending) {
  for (std::size_t i = 0; i < threads; ++i) m_threads.emplace_back([this] { work(); });
}

BoundedPool::~BoundedPool() { shutdown(); }

void BoundedPool::enqueue(std::function<void()> task) {
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [this] { return m_pending.size() < m_max_pending || m_shutdown; });
  m_pending.push_back(std::move(task));
  m_waiting = m_pending.size();
  m_not_empty.notify_one();
}

void BoundedPool::shutdown() {
  {
    std::lock_guard lock(m_mutex);
    if (m_shutdown) return;
    m_shutdown = true;
  }
  m_not_empty.notify_all();
  m_not_full.notify_all();
  for (auto& t : m_threads) t.join();
}

void BoundedPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(m_mutex);
      m_not_empty.wait(lock, [this] { return !m_pending.empty() || m_shutdown; });
      if (m_pending.empty()) return; // shut down and drained
      task = std::move(m_pending.front());
      m_pending.pop_front();
      m_waiting = m_pending.size();
      m_not_full.notify_one();
    }
    task();
  }
}

} // namespace cadre::server
