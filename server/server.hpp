// `cadre serve`: the JSON API under /api/v1 and the web page, over one immutable build that is
// replaced without a restart when `cadre index` swaps the `current` symlink.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>

namespace cadre::server {

struct ServerOptions {
  std::filesystem::path data_dir;   ///< holds `current` (see BuildLayout)
  std::string bind = "127.0.0.1";   ///< address to listen on; put a reverse proxy in front for anything public
  int port = 8080;                  ///< 0 = any free port (see Server::bind)
  int threads = 16;                 ///< worker threads = connections served at once (one per connection)
  int answer_cache_mb = 64;         ///< memory for answers kept per build (server/answer_cache.hpp); 0 = none
  std::filesystem::path web_dir;    ///< empty = the web files embedded in the binary; else serve these (development)
};

/// Sets glibc's allocator up for a long-running server process: one malloc arena per core
/// rather than up to eight per core, and fixed mmap (4 MiB) and trim (128 KiB) thresholds
/// instead of ones that grow with the largest block freed. Each worker thread otherwise keeps,
/// in an arena of its own, the high-water mark of the largest answer it ever computed, and RSS
/// creeps up over reloads until every thread has (bench/RESULTS.md, Soak). The mmap threshold
/// is above any answer's size: at 128 KiB every answer larger than that was a fresh mapping,
/// zeroed, faulted in and unmapped per request, and a 277 KB comparison was served at half the
/// rate its size alone explains (bench/RESULTS.md, HTTP). Call before any thread starts; it
/// affects the whole process.
void tune_allocator_for_serving();

/// The HTTP server. Construct, bind(), then listen() on one thread; stop() from any thread
/// makes listen() return. Every request is logged as one line to `log`, as are errors whose
/// details are kept from clients.
class Server {
public:
  /// Opens the current build under options.data_dir; throws DataError when there is none.
  Server(ServerOptions options, std::ostream& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket and returns its port (the chosen one when options.port is 0).
  /// Throws UserError naming "--port" when the port is taken or not allowed, "--bind" when the
  /// address cannot be used.
  int bind();
  /// Serves until stop(). Requires bind().
  void listen();
  /// Stops accepting, finishes the requests in flight, and makes listen() return: connections
  /// already in the listen backlog are served, a request whose head is arriving gets up to the
  /// read timeout (5 s), idle connections are closed. Idempotent. Not from a signal handler
  /// (`cadre serve` waits for SIGINT and SIGTERM on a thread of its own).
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cadre::server
