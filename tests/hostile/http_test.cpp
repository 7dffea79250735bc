// HTTP cases of docs/bad-inputs.md that tests/server/api_test.cpp does not cover: the exact
// error messages of out-of-range pages and traversal attempts, a single
// oversized header, wildcard explosions, double percent-encoding, and a slow client.
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

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

TEST_F(HostileHttp, OneOversizedHeaderIsRefused) {
  // cpp-httplib refuses a header line over its own 8 KiB line limit before Cadre's 431 checks.
  EXPECT_EQ(error_of("/api/v1/meta", {{"X-Big", std::string(20 * 1024, 'h')}}),
            (Answer{400, error_json("bad_request", "the request is malformed (400)")}));
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

TEST_F(HostileHttp, ASlowClientIsDroppedAndOthersAreServedMeanwhile) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(s_server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string partial = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n";
  ::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);

  const auto before = std::chrono::steady_clock::now();
  auto res = client().Get("/api/v1/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));

  // The stalled request is given up after the server's read timeout (5 s), with the connection.
  timeval tv{12, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  const auto waited = std::chrono::steady_clock::now() - before;
  ::close(fd);
  EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_LT(waited, std::chrono::seconds(10));
}

} // namespace
