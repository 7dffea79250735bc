#include "server/http_server.hpp"

#include "server/answer_cache.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <unordered_map>
#include <string_view>
#include <chrono>

namespace cadre::server {
namespace {

thread_local bool t_close_after_response = false;
thread_local HttpServer::HeadRefusal t_head_refusal = HttpServer::HeadRefusal::none;
thread_local bool t_accepts_gzip = false;
thread_local std::optional<std::pair<long long, long long>> t_range;

/// Run by httplib on each request after its head is read, before routing (see the header).
void take_accept_encoding(httplib::Request& req) {
  t_accepts_gzip = cadre::server::accepts_gzip(req.get_header_value("Accept-Encoding"));
  req.headers.erase("Accept-Encoding");
}

/// Takes the ranges httplib parsed off the request (it would slice or multiply the body
/// itself): one is kept for the handler, several are ignored and the answer is sent whole.
void take_ranges(httplib::Request& req) {
  t_range.reset();
  if (req.ranges.size() == 1) t_range = std::pair<long long, long long>(req.ranges.front().first, req.ranges.front().second);
  req.ranges.clear();
  req.headers.erase("Range");
}

bool is_tchar(unsigned char c) {
  return std::isalnum(c) != 0 || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

/// The framing headers of one request head, checked line by line as httplib reads them
/// (httplib 0.11.4 skips a line without a colon or a CRLF, and keeps "Content-Length :" as a
/// header of another name: a proxy in front may read either differently).
class HeadChecker {
public:
  void reset() {
    m_content_lengths = m_transfer_encodings = 0;
    m_done = false;
  }
  bool done() const { return m_done; }
  /// `line` is a request line with its line ending: false unless it is a method token, one
  /// space, a target of visible characters, one space, HTTP/1.0 or HTTP/1.1, CRLF (httplib
  /// splits at runs of spaces, so "GET  /x HTTP/1.1" was read as GET /x).
  static bool request_line(std::string_view line) {
    if (!line.ends_with("\r\n")) return false;
    line.remove_suffix(2);
    const auto first = line.find(' ');
    const auto last = line.rfind(' ');
    if (first == std::string_view::npos || first == 0 || last == first || last + 1 >= line.size()) return false;
    const auto method = line.substr(0, first);
    const auto target = line.substr(first + 1, last - first - 1);
    const auto version = line.substr(last + 1);
    return std::all_of(method.begin(), method.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); }) &&
           std::all_of(target.begin(), target.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; }) &&
           (version == "HTTP/1.1" || version == "HTTP/1.0");
  }
  /// `line` is one header line with its line ending; false when it makes the request malformed.
  bool header_line(std::string_view line) {
    if (!line.ends_with("\r\n")) return false;
    line.remove_suffix(2);
    if (line.empty()) {
      m_done = true;
      return true;
    }
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return false;
    const auto name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); })) return false;
    auto value = line.substr(colon + 1);
    if (value.find_first_of(std::string_view("\0\r", 2)) != std::string_view::npos) return false;
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (iequals(name, "Content-Length")) {
      if (++m_content_lengths > 1 || value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (++m_transfer_encodings > 1 || value.empty()) return false;
    }
    return m_content_lengths == 0 || m_transfer_encodings == 0;
  }

private:
  int m_content_lengths = 0, m_transfer_encodings = 0;
  bool m_done = false;
};

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
    m_line.clear();
    m_head.reset();
    m_writing = false;
    m_deadline = Clock::now() + std::chrono::milliseconds(m_read_timeout_ms);
    t_head_refusal = HttpServer::HeadRefusal::none;
  }
  /// The request head overran its budget in bytes or time: the connection must close.
  bool exhausted() const { return m_exhausted; }
  bool has_buffered() const { return m_begin < m_end; }

  bool is_readable() const override { return has_buffered() || poll_for(POLLIN, remaining_ms()) > 0; }
  /// Writable within what is left of the response's write deadline: the whole response must
  /// be taken by the client within the write timeout, so a client that reads slowly holds a
  /// worker for that long at most (httplib's timeout applies to each write).
  bool is_writable() const override {
    const auto now = Clock::now();
    if (!m_writing) {
      m_writing = true;
      m_write_deadline = now + std::chrono::milliseconds(m_write_timeout_ms);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_write_deadline - now).count();
    return left > 0 && poll_for(POLLOUT, static_cast<int>(left)) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (m_exhausted) return -1;
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

  /// Notes a header line over httplib's limit, which httplib refuses with a bare 400, and
  /// checks the framing of each header line (HeadChecker).
  void track_lines(const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!m_head.done() && m_line.size() <= HttpServer::k_max_header_line_bytes) m_line += data[i];
      if (data[i] == '\n') {
        const bool well_formed = m_in_request_line ? m_line.size() > HttpServer::k_max_header_line_bytes ||
                                                         HeadChecker::request_line(m_line)
                                                   : m_head.header_line(m_line);
        if (!m_head.done() && !m_exhausted && !well_formed) {
          t_head_refusal = HttpServer::HeadRefusal::malformed_framing;
          m_exhausted = true; // the next read fails: httplib answers 400, and the connection closes
        }
        m_line.clear();
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
  std::string m_line;
  HeadChecker m_head;
  Clock::time_point m_deadline = Clock::now();
  bool m_exhausted = false;
  mutable bool m_writing = false; ///< the current response has started to be written
  mutable Clock::time_point m_write_deadline;
};

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

/// A whole response written on a socket that no worker serves (best effort: the connection is
/// closed right after).
void send_canned(socket_t sock, int status, const char* reason, const std::string& body, const char* extra_headers) {
  const std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                               "\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
                               "X-Content-Type-Options: nosniff\r\nConnection: close\r\n" +
                               extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  ::send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/// True when a whole request head (or the end of the stream, or more than a head may hold)
/// waits unread on `sock`: a worker can then serve it without waiting on the client.
bool head_arrived(socket_t sock) {
  thread_local std::vector<char> peek(HttpServer::k_max_request_head_bytes + 1);
  const ssize_t n = ::recv(sock, peek.data(), peek.size(), MSG_PEEK | MSG_DONTWAIT);
  if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  if (n == 0 || static_cast<std::size_t>(n) >= peek.size()) return true;
  const std::string_view head(peek.data(), static_cast<std::size_t>(n));
  return head.find("\r\n\r\n") != std::string_view::npos || head.find("\n\n") != std::string_view::npos;
}

void close_socket(socket_t sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

/// How long a new connection may make a worker wait for its request when the room is full.
constexpr int k_full_room_grace_ms = 20;

} // namespace

/// Connections waiting for a whole request head (see the header). One thread watches them all
/// with epoll, edge-triggered, and looks at what has arrived without consuming it (MSG_PEEK):
/// a connection goes to a worker with its head complete, so no worker waits on a client.
class WaitingRoom {
public:
  WaitingRoom(HttpServer& server, std::size_t capacity, int idle_ms, int head_ms)
      : m_server(server), m_capacity(capacity), m_idle_ms(idle_ms), m_head_ms(head_ms),
        m_epoll(::epoll_create1(EPOLL_CLOEXEC)), m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
        m_peek(HttpServer::k_max_request_head_bytes + 1) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wake;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event);
    m_thread = std::thread([this] { run(); });
  }

  ~WaitingRoom() {
    m_stop = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wake, &one, sizeof one);
    m_thread.join();
    for (const auto& [fd, guest] : m_guests) close_socket(fd);
    ::close(m_wake);
    ::close(m_epoll);
  }

  /// Parks `sock` until a request head has arrived on it; false when the room is full.
  bool park(socket_t sock, std::size_t served, bool fresh) {
    {
      std::lock_guard lock(m_mutex);
      if (m_guests.size() >= m_capacity) return false;
      const auto wait = std::chrono::milliseconds(fresh ? m_head_ms : m_idle_ms);
      m_guests[sock] = Guest{Clock::now() + wait, false, served};
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    event.data.fd = sock;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, sock, &event);
    return true;
  }

  std::size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_guests.size();
  }

  /// From now on, connections that have sent nothing are closed instead of waited for.
  void drain() { m_draining = true; }

private:
  struct Guest {
    Clock::time_point deadline;
    bool partial = false; ///< part of a head has arrived
    std::size_t served = 0;
  };

  void run() {
    std::array<epoll_event, 64> events{};
    while (!m_stop) {
      const int n = ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 100);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == m_wake) continue;
        examine(events[i].data.fd);
      }
      expire();
    }
  }

  /// Takes `fd` out of the room; returns its guest record.
  std::optional<Guest> take(int fd) {
    std::lock_guard lock(m_mutex);
    const auto it = m_guests.find(fd);
    if (it == m_guests.end()) return std::nullopt;
    const Guest guest = it->second;
    m_guests.erase(it);
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    return guest;
  }

  void examine(int fd) {
    const ssize_t n = ::recv(fd, m_peek.data(), m_peek.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) { // closed by the client, or broken
      if (take(fd)) close_socket(fd);
      return;
    }
    const std::string_view head(m_peek.data(), static_cast<std::size_t>(n));
    const bool complete = head.find("\r\n\r\n") != std::string_view::npos ||
                          head.find("\n\n") != std::string_view::npos || static_cast<std::size_t>(n) >= m_peek.size() - 1;
    if (complete) {
      if (const auto guest = take(fd)) {
        if (!m_server.dispatch(fd, guest->served)) close_socket(fd);
      }
      return;
    }
    std::lock_guard lock(m_mutex);
    const auto it = m_guests.find(fd);
    if (it != m_guests.end() && !it->second.partial) {
      it->second.partial = true;
      it->second.deadline = Clock::now() + std::chrono::milliseconds(m_head_ms);
    }
  }

  void expire() {
    // While draining, a connection with nothing sent is closed. One parked after the last
    // epoll_wait may already hold a whole request, with its event not yet seen: look first.
    if (m_draining) {
      std::vector<int> idle;
      {
        std::lock_guard lock(m_mutex);
        for (const auto& [fd, guest] : m_guests)
          if (!guest.partial) idle.push_back(fd);
      }
      for (const int fd : idle) examine(fd);
    }
    const auto now = Clock::now();
    std::vector<std::pair<int, bool>> expired;
    {
      std::lock_guard lock(m_mutex);
      for (const auto& [fd, guest] : m_guests)
        if (guest.deadline <= now || (m_draining && !guest.partial)) expired.emplace_back(fd, guest.partial);
    }
    for (const auto& [fd, partial] : expired) {
      if (!take(fd)) continue;
      if (partial)
        send_canned(fd, 408, "Request Timeout",
                    R"({"error":{"code":"request_timeout","message":"the request headers did not arrive within )" +
                        std::to_string(m_head_ms / 1000) + R"( s"}})",
                    "");
      close_socket(fd);
    }
  }

  HttpServer& m_server;
  const std::size_t m_capacity;
  const int m_idle_ms, m_head_ms;
  int m_epoll, m_wake;
  std::vector<char> m_peek; ///< room thread only
  mutable std::mutex m_mutex;
  std::unordered_map<int, Guest> m_guests;
  std::atomic<bool> m_stop{false}, m_draining{false};
  std::thread m_thread;
};

HttpServer::HttpServer(std::size_t threads, std::size_t queue_per_thread) : m_threads(threads) {
  set_error_handler(HandlerWithResponse());
  new_task_queue = [this, threads, queue_per_thread] {
    // The room lives as long as a pool: connections it holds are dispatched to that pool.
    m_room_ptr = nullptr;
    m_room.reset();
    m_room = std::make_unique<WaitingRoom>(*this, m_threads * k_waiting_per_thread,
                                           static_cast<int>(keep_alive_timeout_sec_ * 1000),
                                           to_ms(read_timeout_sec_, read_timeout_usec_));
    m_room_ptr = m_room.get();
    auto* pool = new BoundedPool(threads, threads * queue_per_thread, [this] {
      std::lock_guard lock(m_pool_mutex);
      m_pool = nullptr; // httplib deletes the pool once shut down
    });
    m_pool = pool;
    return pool;
  };
}

HttpServer::~HttpServer() {
  stop();
  m_room_ptr = nullptr;
  m_room.reset();
}

std::size_t HttpServer::waiting_connections() const {
  const WaitingRoom* room = m_room_ptr.load();
  return room != nullptr ? room->size() : 0;
}

bool HttpServer::dispatch(socket_t sock, std::size_t served) {
  std::lock_guard lock(m_pool_mutex);
  BoundedPool* pool = m_pool;
  return pool != nullptr && pool->enqueue_ready([this, sock, served] { serve_connection(sock, served, false); });
}

void HttpServer::stop_gracefully() {
  if (!is_running()) return;
  m_draining = true;
  WaitingRoom* room = m_room_ptr.load();
  if (room != nullptr) room->drain();
  // Connections the kernel has accepted but httplib has not yet: let httplib's accept loop take
  // them from the backlog before the listening socket closes (closing would reset them).
  const socket_t listening = svr_sock_;
  const auto backlog_deadline = Clock::now() + std::chrono::milliseconds(to_ms(write_timeout_sec_, write_timeout_usec_));
  while (listening != INVALID_SOCKET && Clock::now() < backlog_deadline) {
    pollfd p{listening, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // Requests that are on their way (a head partly arrived) get until the read timeout.
  const auto deadline = Clock::now() + std::chrono::milliseconds(to_ms(read_timeout_sec_, read_timeout_usec_) + 500);
  while (room != nullptr && room->size() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop(); // the accept loop ends; httplib then shuts the pool down, which serves what is queued
}

void HttpServer::close_after_response() { t_close_after_response = true; }

HttpServer::HeadRefusal HttpServer::head_refusal() { return t_head_refusal; }

bool HttpServer::accepts_gzip() { return t_accepts_gzip; }

std::optional<std::pair<long long, long long>> HttpServer::requested_range() { return t_range; }

void HttpServer::set_error_handler(HandlerWithResponse handler) {
  m_error_handler = std::move(handler);
  httplib::Server::set_error_handler(HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
    // httplib refuses a request line with a method it does not know with a bare 400 (and reads
    // no header): the method is not implemented, whatever follows.
    static const std::set<std::string, std::less<>> known{"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    if (res.status == 400 && res.body.empty() && !req.method.empty() && !known.contains(req.method)) res.status = 501;
    // An error body is never sliced by a range httplib parsed before refusing the request (the
    // Request is httplib's own non-const object, handed to handlers as const).
    const_cast<httplib::Request&>(req).ranges.clear();
    t_close_after_response = true;
    if (!res.has_header("Connection")) res.set_header("Connection", "close");
    return m_error_handler ? m_error_handler(req, res) : HandlerResponse::Unhandled;
  }));
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  int yes = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  serve_connection(sock, 0, true);
  return true;
}

void HttpServer::serve_connection(socket_t sock, std::size_t served, bool fresh) {
  BudgetStream stream(sock, to_ms(read_timeout_sec_, read_timeout_usec_), to_ms(write_timeout_sec_, write_timeout_usec_));
  const auto stopping = [this] { return svr_sock_ == INVALID_SOCKET || m_draining; };
  std::size_t served_here = 0;
  while (served < keep_alive_max_count_) {
    // Nothing to read right now: wait in the room (a connection with buffered bytes of a next
    // request is served on). A connection accepted while the room is full is refused.
    if (!stream.has_buffered() && !head_arrived(sock)) {
      if (stopping() && !fresh) break;
      WaitingRoom* room = m_room_ptr.load();
      if (room != nullptr && room->park(sock, served, fresh)) return;
      // The room is full. A new client usually sends its request right after connecting: give
      // it a moment before refusing it.
      if (fresh && room != nullptr) {
        pollfd p{sock, POLLIN, 0};
        ::poll(&p, 1, k_full_room_grace_ms);
        if (head_arrived(sock)) continue;
      }
      if (fresh)
        send_canned(sock, 503, "Service Unavailable",
                    R"({"error":{"code":"unavailable","message":"the server has too many open connections; try again shortly"}})",
                    "Retry-After: 1\r\n");
      break;
    }
    fresh = false;
    stream.start_request();
    t_close_after_response = false;
    t_accepts_gzip = false;
    t_range.reset();
    bool connection_closed = false;
    const BoundedPool* pool = m_pool;
    const bool yield = served_here >= k_requests_before_yielding && pool != nullptr && pool->has_waiting();
    const bool last = served + 1 >= keep_alive_max_count_ || yield || stopping();
    ++served;
    ++served_here;
    const bool ok = process_request(stream, last, connection_closed, [](httplib::Request& req) {
      take_accept_encoding(req);
      take_ranges(req);
    });
    if (last || !ok || connection_closed || t_close_after_response || stream.exhausted()) break;
  }
  close_socket(sock);
}

BoundedPool::BoundedPool(std::size_t threads, std::size_t max_pending, std::function<void()> on_shutdown)
    : m_max_pending(max_pending), m_on_shutdown(std::move(on_shutdown)) {
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

bool BoundedPool::enqueue_ready(std::function<void()> task) {
  std::lock_guard lock(m_mutex);
  if (m_shutdown) return false;
  m_pending.push_back(std::move(task));
  m_waiting = m_pending.size();
  m_not_empty.notify_one();
  return true;
}

void BoundedPool::shutdown() {
  {
    std::lock_guard lock(m_mutex);
    if (m_shutdown) return;
    m_shutdown = true;
  }
  if (m_on_shutdown) m_on_shutdown();
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
