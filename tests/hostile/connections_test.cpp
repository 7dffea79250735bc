// Idle, partial and slow connections, and stopping under load (docs/bad-inputs.md, H60
// onwards): a connection gets a worker thread only once a whole request head has arrived, so
// hundreds of connections that send nothing, or only a request line, do not delay a normal
// request; past the waiting room's capacity new connections are refused with 503 at once; a
// graceful stop answers every request already accepted.
#include "server/server.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using cadre::test::TempDir;
using Clock = std::chrono::steady_clock;

class Connections : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_temp = std::make_unique<TempDir>();
    cadre::test::index_fixture(s_temp->path() / "data");
  }
  static void TearDownTestSuite() { s_temp.reset(); }
  static std::filesystem::path data() { return s_temp->path() / "data"; }
  static std::filesystem::path log() { return s_temp->path() / "server.log"; }

  /// Seconds a normal health check takes on `port`; -1 when it fails.
  static double health_check_seconds(int port, int* status = nullptr) {
    const auto started = Clock::now();
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60, 0);
    client.set_connection_timeout(60, 0);
    auto res = client.Get("/api/v1/healthz");
    if (!res) return -1;
    if (status != nullptr) *status = res->status;
    return std::chrono::duration<double>(Clock::now() - started).count();
  }

  /// `n` connections to `port`, each having sent `what` (maybe nothing).
  static std::vector<int> open_many(int port, int n, const std::string& what) {
    std::vector<int> fds;
    for (int i = 0; i < n; ++i) {
      const int fd = cadre::test::connect_loopback(port);
      if (!what.empty()) ::send(fd, what.data(), what.size(), MSG_NOSIGNAL);
      fds.push_back(fd);
    }
    return fds;
  }
  static void close_all(std::vector<int>& fds) {
    for (int fd : fds) ::close(fd);
    fds.clear();
  }

  static inline std::unique_ptr<TempDir> s_temp;
};

struct Crowd {
  const char* name;
  int connections;
  std::string sent;
};

class IdleCrowd : public Connections, public ::testing::WithParamInterface<Crowd> {};

TEST_P(IdleCrowd, DoesNotDelayANormalRequest) {
  const auto& c = GetParam();
  cadre::test::RunningServer server(data(), log(), 16);
  auto fds = open_many(server.port(), c.connections, c.sent);
  std::this_thread::sleep_for(std::chrono::milliseconds(300)); // every connection reached a worker or the room
  int status = 0;
  const double seconds = health_check_seconds(server.port(), &status);
  EXPECT_GE(seconds, 0) << c.name;
  EXPECT_LT(seconds, 2.0) << c.name << ": a health check behind " << c.connections << " connections took " << seconds << " s";
  EXPECT_EQ(status, 200) << c.name;
  std::cout << "[ figures  ] " << c.name << ": health check answered in " << seconds * 1000 << " ms\n";
  close_all(fds);
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, IdleCrowd,
    ::testing::Values(Crowd{"HundredIdle", 100, ""}, Crowd{"ThreeHundredIdle", 300, ""},
                      Crowd{"ThreeHundredRequestLinesOnly", 300, "GET /api/v1/meta HTTP/1.1\r\n"},
                      Crowd{"ThreeHundredHalfHeads", 300, "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nX-A: "}),
    [](const ::testing::TestParamInfo<Crowd>& param_info) { return std::string(param_info.param.name); });

TEST_F(Connections, BeyondTheWaitingRoomNewConnectionsAre503AtOnce) {
  // One worker: the room holds 64 connections; of 80 that send nothing, 16 are refused at once.
  cadre::test::RunningServer server(data(), log(), 1);
  auto fds = open_many(server.port(), 80, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(500)); // far less than any timeout (2 s)
  int refused = 0;
  for (int fd : fds) {
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) continue;
    const std::string answer(buffer, static_cast<std::size_t>(n));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n")) << answer.substr(0, 200);
    EXPECT_NE(answer.find("Retry-After: 1\r\n"), std::string::npos);
    EXPECT_NE(answer.find(R"("code":"unavailable")"), std::string::npos) << answer;
    ++refused;
  }
  EXPECT_EQ(refused, 16) << "refused at once, not after a wait";
  // A request that arrives whole with its connection needs no room: it is served even now.
  const std::string answer = cadre::test::raw_exchange(server.port(), "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK")) << answer.substr(0, 100);
  // A client that connects first and sends a moment later is served or refused, at once.
  int status = 0;
  const double seconds = health_check_seconds(server.port(), &status);
  EXPECT_TRUE(status == 200 || status == 503) << status;
  EXPECT_LT(seconds, 1.0);
  close_all(fds);
}

TEST_F(Connections, TwoThousandIdleConnectionsAreRefusedOrWaitedOutNotServedForever) {
  cadre::test::RunningServer server(data(), log(), 16);
  auto fds = open_many(server.port(), 2000, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int status = 0;
  const double seconds = health_check_seconds(server.port(), &status);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 2.0);
  EXPECT_TRUE(status == 200 || status == 503) << status;
  std::cout << "[ figures  ] 2000 idle: health check answered " << status << " in " << seconds * 1000 << " ms\n";
  // The idle ones are closed by the server within the read timeout (5 s).
  std::this_thread::sleep_for(std::chrono::milliseconds(5600));
  EXPECT_EQ(health_check_seconds(server.port(), &status) >= 0 ? status : 0, 200);
  close_all(fds);
}

TEST_F(Connections, AnIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTime) {
  cadre::test::RunningServer server(data(), log(), 2);
  const int fd = cadre::test::connect_loopback(server.port());
  const std::string request = "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  const auto started = Clock::now();
  const std::string answer = cadre::test::read_answer(fd, std::chrono::seconds(6));
  const auto waited = Clock::now() - started;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK")) << answer.substr(0, 100);
  EXPECT_GT(waited, std::chrono::milliseconds(1500));
  EXPECT_LT(waited, std::chrono::milliseconds(3500)) << "the keep-alive time is 2 s";
  ::close(fd);
}

TEST_F(Connections, SlowReadersDoNotHoldWorkersPastTheWriteTimeout) {
  // Two workers, two clients requesting a large answer and never reading it.
  cadre::test::RunningServer server(data(), log(), 2);
  std::vector<int> fds;
  for (int i = 0; i < 2; ++i) {
    const int fd = cadre::test::connect_loopback(server.port());
    int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    std::string pipelined;
    for (int k = 0; k < 50; ++k) pipelined += "GET /api/v1/compare?j=xa,xb HTTP/1.1\r\nHost: x\r\n\r\n";
    ::send(fd, pipelined.data(), pipelined.size(), MSG_NOSIGNAL);
    fds.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int status = 0;
  const double seconds = health_check_seconds(server.port(), &status);
  EXPECT_EQ(status, 200);
  EXPECT_LT(seconds, 12.0) << "a worker is held at most the write timeout (10 s) per response";
  std::cout << "[ figures  ] 2 slow readers on 2 workers: health check answered in " << seconds * 1000 << " ms\n";
  for (int fd : fds) ::close(fd);
}

TEST_F(Connections, AGracefulStopAnswersEveryAcceptedRequest) {
  std::ofstream server_log(log());
  cadre::server::ServerOptions options;
  options.data_dir = data();
  options.port = 0;
  options.threads = 2;
  auto server = std::make_unique<cadre::server::Server>(options, server_log);
  const int port = server->bind();
  std::thread listening([&] { server->listen(); });
  ASSERT_GE(health_check_seconds(port), 0); // listening
  // 40 connections, each with a complete request, most of them still queued or in the
  // backlog when the stop comes.
  std::vector<int> fds;
  const std::string request = "GET /api/v1/compare?j=xa,xb HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < 40; ++i) {
    fds.push_back(cadre::test::connect_loopback(port));
    ::send(fds.back(), request.data(), request.size(), MSG_NOSIGNAL);
  }
  server->stop();
  listening.join();
  int answered = 0;
  for (int fd : fds) {
    const std::string answer = cadre::test::read_answer(fd, std::chrono::milliseconds(2000));
    if (answer.starts_with("HTTP/1.1 200 OK")) ++answered;
    ::close(fd);
  }
  EXPECT_EQ(answered, 40);
}

} // namespace
