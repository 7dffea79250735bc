// The HTTP layer: cpp-httplib 0.11.4 configured for safety and speed, one dispatcher for the
// API and the static files, and the access log.
//
// cpp-httplib here is Debian's *compiled* library: macros such as CPPHTTPLIB_TCP_NODELAY or
// CPPHTTPLIB_LISTEN_BACKLOG were fixed when it was built, so everything is set at run time
// (set_tcp_nodelay, socket options, a second listen() for the backlog).
#include "server/server.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/answer_cache.hpp"
#include "server/api.hpp"
#include "server/current_build.hpp"
#include "server/http_server.hpp"
#include "server/params.hpp"
#include "server/reply.hpp"
#include "server/static_files.hpp"
#include "core/events.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <ostream>
#include <thread>

namespace cadre::server {
namespace {

// Connection handling. cpp-httplib serves one connection per worker thread for its whole
// keep-alive life, so `threads` bounds the connections served at once; the others wait in
// the pool's queue, then in the kernel's listen backlog.
constexpr int k_listen_backlog = 1024;      // httplib's compiled-in value is 5
constexpr std::size_t k_keep_alive_requests = 100; // httplib's default is 5
constexpr time_t k_keep_alive_seconds = 2;  // an idle connection gives its thread back quickly
constexpr time_t k_read_timeout_seconds = 5;
constexpr time_t k_write_timeout_seconds = 10;
constexpr std::size_t k_queue_per_thread = 4;

/// Methods the API answers: OPTIONS only as a CORS preflight (204, no body).
constexpr const char* k_api_methods = "GET, HEAD, OPTIONS";

/// Paths under /api/v1/: readable from any origin (CORS), unlike the page.
bool is_api_path(std::string_view path) { return path.starts_with(k_api_prefix); }

/// The bytes of a response's body: its content, or the length its content provider sends
/// (Server::Impl::write sends non-empty replies through one).
std::size_t body_bytes(const httplib::Response& res) { return res.body.empty() ? res.content_length_ : res.body.size(); }

/// When the current request started, for the access log (set in the pre-routing handler; the
/// logger runs on the same worker thread right after the response is written).
thread_local std::chrono::steady_clock::time_point t_request_start{};

/// A request target made safe for a log line: printable ASCII, other bytes as \xNN, bounded.
std::string loggable(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 512)) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buffer[5];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    }
  }
  if (text.size() > 512) out += "...";
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool has_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  if (!req.has_header("Content-Length")) return false;
  const std::string length = req.get_header_value("Content-Length");
  return length.find_first_not_of("0") != std::string::npos || length.empty();
}

std::string_view reason_code(int status) {
  switch (status) {
  case 400: return error_code::bad_request;
  case 404: return error_code::not_found;
  case 405: return error_code::method_not_allowed;
  case 408: return error_code::request_timeout;
  case 413: return error_code::payload_too_large;
  case 414: return error_code::uri_too_long;
  case 416: return error_code::range_not_satisfiable;
  case 431: return error_code::headers_too_large;
  case 501: return error_code::not_implemented;
  default: return error_code::internal;
  }
}

/// Checks a bind address and port before cpp-httplib binds, so that the error names the flag to
/// change. Our listening socket sets SO_REUSEADDR but not SO_REUSEPORT: a port another server
/// holds makes bind fail rather than share the traffic.
void check_can_bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    throw UserError("cannot listen on '" + host + "': " + ::gai_strerror(rc), "--bind");
  const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  int err = 0;
  if (fd < 0) {
    err = errno;
  } else {
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0) err = errno;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (err == 0) return;
  const std::string where = host + ":" + std::to_string(port);
  if (err == EADDRINUSE)
    throw UserError("port " + std::to_string(port) + " is already in use on " + host +
                        ": stop the other server or choose another --port (0 picks a free one)",
                    "--port");
  if (err == EACCES)
    throw UserError("not allowed to listen on " + where + ": ports below 1024 need privileges; choose another --port",
                    "--port");
  throw UserError("cannot listen on " + where + ": " + std::strerror(err), "--bind");
}

} // namespace

struct Server::Impl {
  Impl(ServerOptions opts, std::ostream& out)
      : options(std::move(opts)), log(out),
        build(options.data_dir, log, static_cast<std::size_t>(std::max(0, options.answer_cache_mb)) << 20),
        files(options.web_dir), spec(fixed_reply(std::string(api_spec()), std::string(k_spec_content_type))), http(static_cast<std::size_t>(std::max(1, options.threads)), k_queue_per_thread) {}

  ServerOptions options;
  Log log;
  CurrentBuild build;
  StaticFiles files;
  std::shared_ptr<const Reply> spec; ///< GET /api/v1/openapi.yaml
  HttpServer http;
  int listen_fd = -1;
  bool bound = false;
  std::atomic<bool> in_listen{false};
  std::atomic<bool> stop_requested{false};

  void configure();
  std::optional<Reply> screen(const httplib::Request& req) const;
  std::shared_ptr<const Reply> dispatch(const httplib::Request& req);
  void write(const std::shared_ptr<const Reply>& reply, const httplib::Request& req, httplib::Response& res) const;
  bool write_range(std::pair<long long, long long> range, const Reply& reply, const httplib::Request& req,
                   httplib::Response& res) const;
  void access_log(const httplib::Request& req, const httplib::Response& res);
};

void Server::Impl::configure() {
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(k_keep_alive_requests);
  http.set_keep_alive_timeout(k_keep_alive_seconds);
  http.set_read_timeout(k_read_timeout_seconds, 0);
  http.set_write_timeout(k_write_timeout_seconds, 0);
  http.set_payload_max_length(0);
  http.set_socket_options([this](socket_t fd) {
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd = fd;
  });

  // Runs after the request line and headers are read and before any body is: requests that
  // are not GET/HEAD, carry a body, or have too many headers are answered here.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    if (auto reply = screen(req)) {
      write(std::make_shared<const Reply>(std::move(*reply)), req, res);
      if (has_body(req)) HttpServer::close_after_response();
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // A client that asks before sending its body gets the refusal instead of "100 Continue".
  http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    if (auto reply = screen(req)) {
      const int status = reply->status;
      write(std::make_shared<const Reply>(std::move(*reply)), req, res);
      HttpServer::close_after_response();
      return status;
    }
    return 100;
  });
  http.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { write(dispatch(req), req, res); });
  // Errors cpp-httplib answers by itself (malformed request line, URI over 8 KB, a header line
  // over 8 KB) get the same JSON body as ours; a head refused by HttpServer's budgets gets the
  // status that says why instead of httplib's bare 400.
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message = res.status == 414 ? "the request URI is longer than 8192 bytes"
                          : res.status == 416 ? "the Range header is not a satisfiable byte range"
                          : res.status == 501 ? "method " + loggable(req.method) + " is not implemented: this server answers GET and HEAD"
                                              : "the request is malformed (" + std::to_string(res.status) + ")";
    if (res.status == 400) {
      switch (HttpServer::head_refusal()) {
      case HttpServer::HeadRefusal::none: break;
      case HttpServer::HeadRefusal::header_line_too_long:
        res.status = 431;
        message = "a request header is longer than " + std::to_string(HttpServer::k_max_header_line_bytes) + " bytes";
        break;
      case HttpServer::HeadRefusal::head_too_large:
        res.status = 431;
        message = "the request line and headers are longer than " +
                  std::to_string(HttpServer::k_max_request_head_bytes) + " bytes";
        break;
      case HttpServer::HeadRefusal::too_slow:
        res.status = 408;
        message = "the request headers did not arrive within " + std::to_string(k_read_timeout_seconds) + " s";
        break;
      case HttpServer::HeadRefusal::malformed_framing:
        message = "the request line or a header line is malformed, or Content-Length or Transfer-Encoding is "
                  "repeated, invalid or conflicting";
        break;
      }
    }
    res.set_content(json::error(std::string(reason_code(res.status)), message), "application/json");
    res.set_header("Cache-Control", "no-store");
    return httplib::Server::HandlerResponse::Handled;
  }));
  // Safety net: dispatch() maps exceptions itself; this keeps httplib from ever sending an
  // exception's text to a client.
  http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    write(std::make_shared<const Reply>(reply_for_exception(error, {}, loggable(req.target), log)), req, res);
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { access_log(req, res); });
}

std::optional<Reply> Server::Impl::screen(const httplib::Request& req) const {
  const bool api = is_api_path(req.path);
  if (api && req.method == "OPTIONS" && !has_body(req)) {
    // A CORS preflight (or a client asking what it may send): the API is public and read-only,
    // so any origin may GET it, with If-None-Match to revalidate what it keeps.
    Reply reply;
    reply.status = 204;
    reply.cache_control = "no-store";
    reply.headers = {{"Allow", k_api_methods},
                     {"Access-Control-Allow-Methods", k_api_methods},
                     {"Access-Control-Allow-Headers", "If-None-Match"},
                     {"Access-Control-Max-Age", "86400"}};
    return reply;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    Reply reply = error_reply(405, error_code::method_not_allowed,
                              "method " + loggable(req.method) + " is not allowed: this server answers GET and HEAD" +
                                  (api ? " (and OPTIONS for CORS preflights on /api/v1)" : ""));
    reply.headers.emplace_back("Allow", api ? k_api_methods : "GET, HEAD");
    if (has_body(req)) reply.headers.emplace_back("Connection", "close");
    return reply;
  }
  if (has_body(req)) {
    Reply reply = error_reply(413, error_code::payload_too_large, "requests to this server carry no body");
    reply.headers.emplace_back("Connection", "close");
    return reply;
  }
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : req.headers) header_bytes += name.size() + value.size() + 4;
  if (req.headers.size() > Limits::max_header_count || header_bytes > Limits::max_header_bytes)
    return error_reply(431, error_code::headers_too_large,
                       "the request has more than " + std::to_string(Limits::max_header_count) + " headers or " +
                           std::to_string(Limits::max_header_bytes) + " bytes of them");
  return std::nullopt;
}

std::shared_ptr<const Reply> Server::Impl::dispatch(const httplib::Request& req) {
  // Gzip costs milliseconds for a large answer: done for a client that accepts it (and, by
  // AnswerCache::answer, once for an answer that is kept for every client to come).
  const auto shared = [](Reply reply) {
    if (HttpServer::accepts_gzip()) encode(reply);
    return std::make_shared<const Reply>(std::move(reply));
  };
  std::string_view argument;
  const Route* route = nullptr;
  try {
    if (!std::string_view(req.path).starts_with(k_api_prefix) && req.path != "/api" && req.path != k_feed_path) {
      if (auto file = files.get(req.path)) return file;
      return shared(error_reply(404, error_code::not_found, "no page at " + loggable(req.path)));
    }
    if (req.path == k_spec_path) return spec;
    route = find_route(req.path, argument);
    if (route == nullptr)
      return shared(error_reply(404, error_code::not_found,
                                "no API endpoint at " + loggable(req.path) + ": the endpoints are listed in /api/v1/openapi.yaml"));
    const auto served = build.get();
    const Library& library = served->library();
    if (req.path == "/api/v1/healthz") {
      if (const std::string problem = build.problem(); !problem.empty()) {
        // A damaged build was passed over (degraded, still answering from a good one) or is
        // all there is (503, so that a load balancer stops sending traffic here).
        const bool failing = build.serving_damaged();
        Reply reply = error_reply(failing ? 503 : 200, "", "");
        reply.body = nlohmann::json{{"status", failing ? "failing" : "degraded"},
                                    {"build_id", library.info().build_id},
                                    {"problem", problem}}.dump();
        return shared(std::move(reply));
      }
    }
    if (!route->cacheable) return shared(route->handler(ApiRequest{library, req.params, argument}));
    // The answer is looked up (or computed) before any If-None-Match is honoured: write() sends
    // 304 only for a 200, so a URL that is an error stays one whatever ETag the client sends.
    const std::string etag = api_etag(library);
    // Kept per day too: an answer without as_of (statuses, warnings, changes) is computed as of today.
    return served->answers().answer(req.target + "\n" + today_utc(), HttpServer::accepts_gzip(), [&] {
      Reply reply = route->handler(ApiRequest{library, req.params, argument});
      reply.etag = etag;
      return reply;
    });
  } catch (...) {
    static const ParameterNames none;
    return shared(reply_for_exception(std::current_exception(), route ? route->parameter_names : none,
                                      loggable(req.target), log));
  }
}

void Server::Impl::write(const std::shared_ptr<const Reply>& shared_reply, const httplib::Request& req,
                         httplib::Response& res) const {
  const Reply& reply = *shared_reply;
  res.status = reply.status;
  res.set_header("Content-Security-Policy",
                 reply.content_security_policy.empty() ? k_default_csp : reply.content_security_policy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", reply.cache_control);
  if (is_api_path(req.path)) {
    // Public, read-only data without credentials: any origin may read it, errors included,
    // with the ETag to revalidate and an export's file name. `*` is the same for every origin,
    // so no `Vary: Origin`.
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", "ETag, Content-Disposition");
  }
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (!reply.etag.empty()) {
    res.set_header("ETag", reply.etag);
    if (reply.status == 200 && etag_matches(req.get_header_value("If-None-Match"), reply.etag)) {
      res.status = 304;
      return;
    }
  }
  if (reply.status == 304 || reply.status == 204) return;
  if (reply.status == 200) {
    if (const auto range = HttpServer::requested_range()) {
      if (write_range(*range, reply, req, res)) return;
    }
  }
  const bool gzipped = !reply.gzip_body.empty() && HttpServer::accepts_gzip();
  if (gzipped) res.set_header("Content-Encoding", "gzip");
  const std::string& body = gzipped ? reply.gzip_body : reply.body;
  // An error goes as content: httplib hands a response of status 400 or more with no content
  // to the error handler, which would take it for one of its own.
  if (body.empty() || reply.status >= 400) {
    res.set_content(body, reply.content_type);
    return;
  }
  // Sent from the reply itself, which the provider keeps alive until the response is written,
  // not from a copy: a kept answer is shared by every request for its URL.
  res.set_content_provider(body.size(), reply.content_type,
                           [shared_reply, data = body.data()](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(data + offset, length);
                           });
}

/// Answers a single byte range of a 200 (identity encoding): 206 with Content-Range, or 416 when
/// it starts past the end. False when the range is ignored (If-Range not naming this ETag) and
/// the answer goes whole.
bool Server::Impl::write_range(std::pair<long long, long long> range, const Reply& reply, const httplib::Request& req,
                               httplib::Response& res) const {
  if (req.has_header("If-Range") && (reply.etag.empty() || req.get_header_value("If-Range") != reply.etag)) return false;
  const auto size = static_cast<long long>(reply.body.size());
  auto [first, last] = range;
  if (first < 0) { // "bytes=-N": the last N bytes
    first = std::max(0LL, size - last);
    last = size - 1;
  } else if (last < 0 || last >= size) {
    last = size - 1;
  }
  if (first >= size || first > last) {
    res.status = 416;
    res.set_header("Content-Range", "bytes */" + std::to_string(size));
    res.set_header("Cache-Control", "no-store");
    res.set_content(json::error(error_code::range_not_satisfiable,
                                "the range starts past the end of the " + std::to_string(size) + "-byte answer"),
                    "application/json");
    return true;
  }
  res.status = 206;
  res.set_header("Content-Range",
                 "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
  res.set_content(reply.body.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(last - first + 1)),
                  reply.content_type);
  return true;
}

void Server::Impl::access_log(const httplib::Request& req, const httplib::Response& res) {
  std::string duration = "-";
  if (t_request_start != std::chrono::steady_clock::time_point{}) {
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_request_start).count();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3fms", static_cast<double>(us) / 1000.0);
    duration = buffer;
    t_request_start = {};
  }
  const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  log.line(utc_now() + " " + or_dash(req.remote_addr) + " \"" + or_dash(loggable(req.method)) + " " +
           or_dash(loggable(req.target)) + "\" " +
           std::to_string(res.status) + " " + std::to_string(body_bytes(res)) + " " + duration);
}

void tune_allocator_for_serving() {
  constexpr int k_mmap_threshold_bytes = 4 * 1024 * 1024;
  constexpr int k_trim_threshold_bytes = 128 * 1024;
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
  mallopt(M_MMAP_THRESHOLD, k_mmap_threshold_bytes);
  mallopt(M_TRIM_THRESHOLD, k_trim_threshold_bytes);
}

Server::Server(ServerOptions options, std::ostream& log) : m_impl(std::make_unique<Impl>(std::move(options), log)) {
  m_impl->configure();
}

Server::~Server() { stop(); }

int Server::bind() {
  auto& impl = *m_impl;
  if (impl.options.port < 0 || impl.options.port > 65535)
    throw UserError("--port must be between 0 and 65535", "--port");
  if (impl.options.port != 0) check_can_bind(impl.options.bind, impl.options.port);
  int port = impl.options.port;
  if (port == 0) {
    port = impl.http.bind_to_any_port(impl.options.bind);
  } else if (!impl.http.bind_to_port(impl.options.bind, port)) {
    port = -1;
  }
  if (port < 0)
    throw UserError("cannot listen on " + impl.options.bind + ":" + std::to_string(impl.options.port), "--port");
  // A second listen() on a listening socket only changes its backlog.
  if (impl.listen_fd >= 0) ::listen(impl.listen_fd, k_listen_backlog);
  impl.bound = true;
  return port;
}

void Server::listen() {
  auto& impl = *m_impl;
  if (!impl.bound) throw InternalError("Server::listen called before Server::bind");
  impl.in_listen = true;
  if (!impl.stop_requested) impl.http.listen_after_bind();
  impl.in_listen = false;
}

void Server::stop() {
  if (!m_impl) return;
  auto& impl = *m_impl;
  impl.stop_requested = true;
  // httplib's stop() does nothing until listen_after_bind() is running: wait for it to start.
  while (impl.in_listen && !impl.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (impl.http.is_running()) impl.http.stop_gracefully();
}

} // namespace cadre::server
