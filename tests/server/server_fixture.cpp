#include "tests/server/server_fixture.hpp"

#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace cadre::test {

std::filesystem::path fixture_corpus() {
  const auto fixture = data_dir() / "corpus";
  if (std::filesystem::is_directory(fixture)) return fixture;
  return std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus";
}

std::string index_fixture(const std::filesystem::path& data_dir, const std::filesystem::path& corpus) {
  indexer::BuildOptions options;
  options.corpus_dir = corpus;
  // The fixture corpus has its own invented sources; the real corpus reads the mirror if any.
  const auto fixture_sources = test::data_dir() / "fixture-sources";
  if (corpus == test::data_dir() / "corpus" && std::filesystem::is_directory(fixture_sources))
    options.sources_dir = fixture_sources;
  else
    options.sources_dir = sources_dir();
  options.data_dir = data_dir;
  options.corpus_commit = "test";
  // A corpus whose sources are not all in the mirror still serves what built.
  options.allow_partial = true;
  return indexer::build(options).build_id;
}

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  tv = {0, 200000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string read_answer(int fd, std::chrono::milliseconds wait) {
  std::string answer;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
  }
  return answer;
}

std::string raw_exchange(int port, const std::string& request, std::chrono::milliseconds wait) {
  const int fd = connect_loopback(port);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer = read_answer(fd, wait);
  ::close(fd);
  return answer;
}

RunningServer::RunningServer(const std::filesystem::path& data_dir, const std::filesystem::path& log_file,
                             std::size_t threads)
    : m_log(log_file) {
  server::ServerOptions options;
  options.data_dir = data_dir;
  options.port = 0;
  options.threads = threads;
  m_server = std::make_unique<server::Server>(options, m_log);
  m_port = m_server->bind();
  m_thread = std::thread([this] { m_server->listen(); });
}

RunningServer::~RunningServer() {
  m_server->stop();
  m_thread.join();
}

} // namespace cadre::test
