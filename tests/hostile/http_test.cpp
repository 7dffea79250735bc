// HTTP cases of docs/bad-inputs.md that tests/server/api_test.cpp does not cover: the exact
// error messages of out-of-range pages and traversal attempts, a single
// oversized header, wildcard explosions, double percent-encoding, and slow clients.
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using cadre::test::TempDir;

class HostileHttp : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_temp = std::make_unique<TempDir>();
    cadre::test::index_fixture(s_temp->path() / "data");
    s_server = std::make_unique<cadre::test::RunningServer>(s_temp->path() / "data", s_temp->path() / "server.log");
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_temp.reset();
  }

  static httplib::Client client() {
    httplib::Client c("127.0.0.1", s_server->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  /// Status and the error object of a GET that must fail.
  static std::pair<int, json> error_of(const std::string& target, const httplib::Headers& headers = {}) {
    auto res = client().Get(target.c_str(), headers);
    if (!res) return {0, json()};
    const auto body = json::parse(res->body, nullptr, false);
    return {res->status, body.is_object() && body.contains("error") ? body["error"] : json(res->body)};
  }

  static inline std::unique_ptr<TempDir> s_temp;
  static inline std::unique_ptr<cadre::test::RunningServer> s_server;
};

using Answer = std::pair<int, json>;

json error_json(const std::string& code, const std::string& message, const std::string& parameter = {}) {
  json e = {{"code", code}, {"message", message}};
  if (!parameter.empty()) e["parameter"] = parameter;
  return e;
}

TEST_F(HostileHttp, OutOfRangePageMessages) {
  const Answer page = {400, error_json("bad_parameter", "page must be an integer between 1 and 1000", "page")};
  EXPECT_EQ(error_of("/api/v1/search?q=ai&page=0"), page);
  EXPECT_EQ(error_of("/api/v1/search?q=ai&page=1001"), page);
  EXPECT_EQ(error_of("/api/v1/search?q=ai&page=99999999999999999999"), page);
  EXPECT_EQ(error_of("/api/v1/search?q=ai&page_size=0"),
            (Answer{400, error_json("bad_parameter", "page_size must be an integer between 1 and 50", "page_size")}));
}

TEST_F(HostileHttp, TraversalMessages) {
  EXPECT_EQ(error_of("/api/v1/clauses/..%2F..%2Fetc%2Fpasswd"),
            (Answer{400, error_json("bad_parameter", "id: '../../etc/passwd' is not a valid id (like eu/ai-act/art_5__para_1)",
                                    "id")}));
  EXPECT_EQ(error_of("/api/v1/jurisdictions/%2e%2e"),
            (Answer{400, error_json("bad_parameter", "code: '..' is not a valid code (lowercase letters, digits and '-')",
                                    "code")}));
  // Double encoding arrives as a literal "%2e" once decoded: still not a path.
  EXPECT_EQ(error_of("/%252e%252e/%252e%252e/etc/passwd"),
            (Answer{404, error_json("not_found", "no page at /%2e%2e/%2e%2e/etc/passwd")}));
  EXPECT_EQ(error_of("/static/../../etc/passwd"), (Answer{404, error_json("not_found", "no page at /static/../../etc/passwd")}));
}

TEST_F(HostileHttp, OneOversizedHeaderIs431) {
  EXPECT_EQ(error_of("/api/v1/meta", {{"X-Big", std::string(20 * 1024, 'h')}}),
            (Answer{431, error_json("headers_too_large", "a request header is longer than 8192 bytes")}));
  EXPECT_EQ(error_of("/api/v1/meta", {{"X-Big", std::string(8000, 'h')}}).first, 200);
  auto res = client().Get("/api/v1/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(HostileHttp, WildcardExplosionIsBoundedAndFast) {
  const auto started = std::chrono::steady_clock::now();
  for (const char* q : {"a*", "*", "a*%20b*%20c*%20d*%20e*%20f*%20g*%20h*%20i*%20j*%20k*%20l*", "s*%20OR%20t*%20OR%20a*"}) {
    auto res = client().Get((std::string("/api/v1/search?q=") + q).c_str());
    ASSERT_TRUE(res) << q;
    EXPECT_TRUE(res->status == 200 || res->status == 400) << q << ": " << res->status << " " << res->body;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

/// A raw connection to `port` that has sent `head` and nothing more.
int open_with(int port, const std::string& head) {
  const int fd = cadre::test::connect_loopback(port);
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  return fd;
}

/// The status line of what the server sends on `fd` before closing it (12 s at most).
std::string status_line_until_closed(int fd) {
  const std::string answer = cadre::test::read_answer(fd, std::chrono::seconds(12));
  return answer.substr(0, answer.find("\r\n"));
}

TEST_F(HostileHttp, ASlowClientIsDroppedAndOthersAreServedMeanwhile) {
  const int fd = open_with(s_server->port(), "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n");
  ASSERT_GE(fd, 0);
  const auto before = std::chrono::steady_clock::now();
  auto res = client().Get("/api/v1/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));

  // The stalled request is given up after the server's read timeout (5 s), with the connection.
  EXPECT_EQ(status_line_until_closed(fd), "HTTP/1.1 408 Request Timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(10));
  ::close(fd);
}

TEST(HostileHttpTrickle, ClientsTricklingHeadersCannotHoldEveryThread) {
  // Two worker threads, two clients each sending a header line every 300 ms for up to 20 s:
  // each read arrives well within the read timeout, but the whole head must arrive within it
  // (5 s), so the threads are freed after 5 s and a health check waiting behind them is answered.
  TempDir temp;
  cadre::test::index_fixture(temp.path() / "data");
  cadre::test::RunningServer server(temp.path() / "data", temp.path() / "server.log", 2);
  std::vector<int> fds;
  for (int i = 0; i < 2; ++i) fds.push_back(open_with(server.port(), "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n"));
  std::atomic<bool> stop = false;
  std::thread trickler([&] {
    for (int line = 0; line < 66 && !stop; ++line) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const std::string header = "X-Line-" + std::to_string(line) + ": x\r\n";
      for (int fd : fds) ::send(fd, header.data(), header.size(), MSG_NOSIGNAL);
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200)); // both threads are taken

  const auto before = std::chrono::steady_clock::now();
  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(30, 0);
  auto res = c.Get("/api/v1/healthz");
  const auto waited = std::chrono::steady_clock::now() - before;
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(waited, std::chrono::seconds(8));
  for (int fd : fds) EXPECT_EQ(status_line_until_closed(fd), "HTTP/1.1 408 Request Timeout");
  stop = true;
  trickler.join();
  for (int fd : fds) ::close(fd);
}

} // namespace
