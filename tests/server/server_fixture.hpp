// A build indexed from a small corpus and a server on 127.0.0.1 port 0, for the server tests
// and for the browser tests' cadre_test_serve.
#pragma once

#include "server/server.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

namespace cadre::test {

/// tests/data/corpus when present, else the repository's corpus/.
std::filesystem::path fixture_corpus();

/// Indexes `corpus` into `data_dir` and returns the build id: the fixture corpus with
/// tests/data/fixture-sources, any other with the sources mirror when there is one. Throws
/// when nothing could be built.
std::string index_fixture(const std::filesystem::path& data_dir, const std::filesystem::path& corpus = fixture_corpus());

/// A raw TCP connection to 127.0.0.1:`port`, for requests no HTTP client would send: sends
/// time out after 2 s, receives wait 200 ms at a time. Throws when nobody listens.
int connect_loopback(int port);

/// What the server sends on `fd` until it closes the connection or `wait` passes.
std::string read_answer(int fd, std::chrono::milliseconds wait);

/// Sends `request` whole on a new connection, then returns read_answer(…, wait).
std::string raw_exchange(int port, const std::string& request,
                         std::chrono::milliseconds wait = std::chrono::milliseconds(1500));

/// cadre::server::Server bound to 127.0.0.1:0 and listening on its own thread with `threads`
/// workers; its log goes to `log_file`.
class RunningServer {
public:
  RunningServer(const std::filesystem::path& data_dir, const std::filesystem::path& log_file, std::size_t threads = 8);
  ~RunningServer();
  int port() const { return m_port; }

private:
  std::ofstream m_log;
  std::unique_ptr<server::Server> m_server;
  int m_port = 0;
  std::thread m_thread;
};

} // namespace cadre::test
