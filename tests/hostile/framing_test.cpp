// Request framing, ranges and conditional requests against a running server, on raw sockets
// (docs/bad-inputs.md, H27 onwards). Each refused request must get exactly one response, with
// "Connection: close", and its connection must be closed: a body or a second request sent
// behind it is never answered (request smuggling through a keep-alive proxy).
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace {

using nlohmann::json;
using cadre::test::TempDir;

const std::string k_smuggled = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Exchange {
  std::string answer;
  bool closed = false;
};

/// Sends `request` on a new connection and reads until the server closes it (3 s at most).
Exchange exchange(int port, const std::string& request) {
  const int fd = cadre::test::connect_loopback(port);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  Exchange result;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) {
      result.closed = true;
      break;
    }
    if (n > 0) result.answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return result;
}

/// The value of `name` in the first response head of `answer` (empty when absent).
std::string header_of(const std::string& answer, const std::string& name) {
  const auto head_end = answer.find("\r\n\r\n");
  const std::string head = answer.substr(0, head_end);
  const auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 4;
  return head.substr(start, head.find("\r\n", start) - start);
}

std::string body_of(const std::string& answer) {
  const auto head_end = answer.find("\r\n\r\n");
  return head_end == std::string::npos ? std::string() : answer.substr(head_end + 4);
}

/// One server for every case of this file, started by the first suite that needs it.
class ServerSuite {
public:
  static int port() { return s_server->port(); }
  static void start() {
    if (s_server) return;
    s_temp = std::make_unique<TempDir>();
    cadre::test::index_fixture(s_temp->path() / "data");
    s_server = std::make_unique<cadre::test::RunningServer>(s_temp->path() / "data", s_temp->path() / "server.log");
  }
  static void stop() {
    s_server.reset();
    s_temp.reset();
  }

private:
  static inline std::unique_ptr<TempDir> s_temp;
  static inline std::unique_ptr<cadre::test::RunningServer> s_server;
};

// ---------------------------------------------------------------------------------------------
// Refused requests: one response, Connection: close, connection closed, nothing smuggled.

struct Refusal {
  const char* name;
  std::string request; ///< the whole bytes sent, smuggled request included
  int status;
  const char* code;    ///< the error code of the JSON body
};

class RefusedRequest : public ::testing::TestWithParam<Refusal> {
protected:
  static void SetUpTestSuite() { ServerSuite::start(); }
};

TEST_P(RefusedRequest, GetsOneResponseAndTheConnectionCloses) {
  const auto& c = GetParam();
  const Exchange got = exchange(ServerSuite::port(), c.request);
  ASSERT_FALSE(got.answer.empty()) << c.name;
  EXPECT_TRUE(got.answer.starts_with("HTTP/1.1 " + std::to_string(c.status) + " ")) << c.name << ": " << got.answer.substr(0, 300);
  EXPECT_EQ(count(got.answer, "HTTP/1.1 "), 1u) << c.name << ": a request behind a refused one was answered:\n" << got.answer;
  EXPECT_TRUE(got.closed) << c.name << ": the connection was left open";
  EXPECT_EQ(header_of(got.answer, "Connection"), "close") << c.name;
  const auto body = json::parse(body_of(got.answer), nullptr, false);
  ASSERT_TRUE(body.is_object() && body.contains("error")) << c.name << ": " << body_of(got.answer);
  EXPECT_EQ(body["error"]["code"], c.code) << c.name;
}

std::string get_with(const std::string& headers, const std::string& body = k_smuggled) {
  return "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
}

const std::string k_len = std::to_string(k_smuggled.size());

INSTANTIATE_TEST_SUITE_P(
    Hostile, RefusedRequest,
    ::testing::Values(
        Refusal{"UnknownMethod", "FOO / HTTP/1.1\r\nHost: x\r\nContent-Length: " + k_len + "\r\n\r\n" + k_smuggled, 501, "not_implemented"},
        Refusal{"UnknownMethodWithManyHeaders", "FOO / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n" + k_smuggled, 501, "not_implemented"},
        Refusal{"LowercaseMethod", "get /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 501, "not_implemented"},
        Refusal{"HttpVersion12", "GET / HTTP/1.2\r\nHost: x\r\nContent-Length: " + k_len + "\r\n\r\n" + k_smuggled, 400, "bad_request"},
        Refusal{"HttpVersion20", "GET / HTTP/2.0\r\nHost: x\r\n\r\n" + k_smuggled, 400, "bad_request"},
        Refusal{"HttpVersion09Style", "GET /\r\n\r\n" + k_smuggled, 400, "bad_request"},
        Refusal{"DoubleSpaceInRequestLine", "GET  /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 400, "bad_request"},
        Refusal{"RequestLineWithBareLf", "GET /api/v1/meta HTTP/1.1\nHost: x\r\n\r\n" + k_smuggled, 400, "bad_request"},
        Refusal{"TwoContentLengths", get_with("Content-Length: " + k_len + "\r\nContent-Length: " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"TwoDifferentContentLengths", get_with("Content-Length: 0\r\nContent-Length: " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"SpaceBeforeColonContentLength", get_with("Content-Length : " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"SpaceBeforeColonTransferEncoding", get_with("Transfer-Encoding : chunked\r\n", "29\r\n" + k_smuggled + "\r\n0\r\n\r\n"), 400, "bad_request"},
        Refusal{"TabBeforeColon", get_with("Content-Length\t: " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"ContentLengthAndTransferEncoding", get_with("Content-Length: " + k_len + "\r\nTransfer-Encoding: chunked\r\n"), 400, "bad_request"},
        Refusal{"TransferEncodingThenContentLength", get_with("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"), 400, "bad_request"},
        Refusal{"TwoTransferEncodings", get_with("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n"), 400, "bad_request"},
        Refusal{"NegativeContentLength", get_with("Content-Length: -1\r\n"), 400, "bad_request"},
        Refusal{"PlusSignContentLength", get_with("Content-Length: +" + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"ExponentContentLength", get_with("Content-Length: 1e3\r\n"), 400, "bad_request"},
        Refusal{"ListContentLength", get_with("Content-Length: " + k_len + ", " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"HugeContentLength", get_with("Content-Length: 99999999999999999999999\r\n"), 400, "bad_request"},
        Refusal{"EmptyContentLength", get_with("Content-Length:\r\n"), 400, "bad_request"},
        Refusal{"HeaderLineWithBareLf", get_with("Content-Length: " + k_len + "\n"), 400, "bad_request"},
        Refusal{"ObsFoldedHeader", get_with("X-A: 1\r\n Content-Length: " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"HeaderWithoutColon", get_with("Content-Length " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"EmptyHeaderName", get_with(": x\r\n"), 400, "bad_request"},
        Refusal{"SpaceInsideHeaderName", get_with("Content Length: " + k_len + "\r\n"), 400, "bad_request"},
        Refusal{"NulInHeaderValue", get_with(std::string("X-A: a\0b\r\n", 10)), 400, "bad_request"},
        Refusal{"BareCrInHeaderValue", get_with("X-A: a\rContent-Length: 5\r\n"), 400, "bad_request"},
        Refusal{"GetWithContentLengthBody", get_with("Content-Length: " + k_len + "\r\n"), 413, "payload_too_large"},
        Refusal{"GetWithChunkedBody", get_with("Transfer-Encoding: chunked\r\n", "29\r\n" + k_smuggled + "\r\n0\r\n\r\n"), 413, "payload_too_large"},
        Refusal{"PostWithBody", "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: " + k_len + "\r\n\r\n" + k_smuggled, 405, "method_not_allowed"},
        Refusal{"PutWithoutBody", "PUT /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 405, "method_not_allowed"},
        Refusal{"Connect", "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org\r\n\r\n" + k_smuggled, 405, "method_not_allowed"},
        Refusal{"Trace", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 405, "method_not_allowed"},
        Refusal{"PostExpectingContinue", "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + k_len + "\r\n\r\n" + k_smuggled, 405, "method_not_allowed"},
        Refusal{"NotFoundThenPipelined", "GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 404, "not_found"},
        Refusal{"BadParameterThenPipelined", "GET /api/v1/search?x=1 HTTP/1.1\r\nHost: x\r\n\r\n" + k_smuggled, 400, "bad_parameter"},
        Refusal{"UnparsableRange", get_with("Range: bytes=abc\r\n"), 416, "range_not_satisfiable"}),
    [](const ::testing::TestParamInfo<Refusal>& param_info) { return std::string(param_info.param.name); });

TEST(Pipelining, TwoValidRequestsOnOneConnectionAreBothAnswered) {
  ServerSuite::start();
  const std::string two = k_smuggled + "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const Exchange got = exchange(ServerSuite::port(), two);
  EXPECT_EQ(count(got.answer, "HTTP/1.1 200 "), 2u) << got.answer.substr(0, 400);
}

// ---------------------------------------------------------------------------------------------
// Ranges: one range is a 206, several are answered whole, none beyond the end.

struct RangeCase {
  const char* name;
  std::string target;
  std::string range;
  std::string extra_headers;
  int status;
  /// For 206: the first and last bytes expected, a negative value counting from the length N
  /// (-1 is N - 1).
  long long first = 0, last = 0;
};

class RangeRequest : public ::testing::TestWithParam<RangeCase> {
protected:
  static void SetUpTestSuite() { ServerSuite::start(); }
};

TEST_P(RangeRequest, IsAnsweredWithTheRightStatusAndLength) {
  const auto& c = GetParam();
  const Exchange whole = exchange(ServerSuite::port(), "GET " + c.target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string full_body = body_of(whole.answer);
  ASSERT_FALSE(full_body.empty());
  const Exchange got = exchange(ServerSuite::port(), "GET " + c.target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: " +
                                                         c.range + "\r\n" + c.extra_headers + "\r\n");
  ASSERT_TRUE(got.answer.starts_with("HTTP/1.1 " + std::to_string(c.status) + " ")) << c.name << ": " << got.answer.substr(0, 300);
  EXPECT_EQ(header_of(got.answer, "Content-Type").find("multipart"), std::string::npos) << c.name;
  const std::string body = body_of(got.answer);
  const std::string n = std::to_string(full_body.size());
  if (c.status == 200) {
    EXPECT_EQ(body, full_body) << c.name;
    EXPECT_EQ(header_of(got.answer, "Content-Range"), "") << c.name;
  } else if (c.status == 206) {
    const auto size = static_cast<long long>(full_body.size());
    const long long first = c.first < 0 ? size + c.first : c.first;
    const long long last = c.last < 0 ? size + c.last : c.last;
    EXPECT_EQ(header_of(got.answer, "Content-Range"),
              "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + n) << c.name;
    EXPECT_EQ(body, full_body.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(last - first + 1))) << c.name;
    EXPECT_EQ(header_of(got.answer, "Content-Encoding"), "") << c.name;
  } else {
    EXPECT_EQ(header_of(got.answer, "Content-Range"), "bytes */" + n) << c.name;
    EXPECT_EQ(json::parse(body)["error"]["code"], "range_not_satisfiable") << c.name;
  }
}

std::string many_ranges(int n) {
  std::string r = "bytes=0-";
  for (int i = 1; i < n; ++i) r += ",0-";
  return r;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, RangeRequest,
    ::testing::Values(
        RangeCase{"FirstElevenBytes", "/api/v1/meta", "bytes=0-10", "", 206, 0, 10},
        RangeCase{"OpenEnded", "/api/v1/meta", "bytes=5-", "", 206, 5, -1},
        RangeCase{"Suffix", "/api/v1/categories", "bytes=-5", "", 206, -5, -1},
        RangeCase{"SingleRangeIgnoresGzip", "/api/v1/meta", "bytes=0-3", "Accept-Encoding: gzip\r\n", 206, 0, 3},
        RangeCase{"TwoRangesAreAnsweredWhole", "/api/v1/meta", "bytes=0-1,5-6", "", 200},
        RangeCase{"ThousandsOfOverlappingRangesAreAnsweredWhole", "/api/v1/categories", many_ranges(2700), "", 200},
        RangeCase{"StaleIfRangeIsAnsweredWhole", "/api/v1/meta", "bytes=0-10", "If-Range: \"not-this-build\"\r\n", 200},
        RangeCase{"PastTheEndIs416", "/api/v1/meta", "bytes=99999999-", "", 416},
        RangeCase{"StaticFileRange", "/app.js", "bytes=0-99", "", 206, 0, 99}),
    [](const ::testing::TestParamInfo<RangeCase>& param_info) { return std::string(param_info.param.name); });

// ---------------------------------------------------------------------------------------------
// Conditional requests: an ETag never turns an error into 304.

struct Conditional {
  const char* name;
  std::string target;
  bool use_build_etag; ///< send the build's ETag, else "*"
  int status;
};

class ConditionalRequest : public ::testing::TestWithParam<Conditional> {
protected:
  static void SetUpTestSuite() { ServerSuite::start(); }
};

TEST_P(ConditionalRequest, KeepsItsErrorStatus) {
  const auto& c = GetParam();
  httplib::Client client("127.0.0.1", ServerSuite::port());
  auto meta = client.Get("/api/v1/categories");
  ASSERT_TRUE(meta);
  const std::string etag = c.use_build_etag ? meta->get_header_value("ETag") : "*";
  ASSERT_FALSE(etag.empty());
  auto res = client.Get(c.target.c_str(), {{"If-None-Match", etag}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, c.status) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, ConditionalRequest,
    ::testing::Values(Conditional{"StarOnBadParameter", "/api/v1/search?x=1", false, 400},
                      Conditional{"EtagOnBadParameter", "/api/v1/search?x=1", true, 400},
                      Conditional{"StarOnUnknownJurisdiction", "/api/v1/jurisdictions/zz", false, 404},
                      Conditional{"EtagOnUnknownJurisdiction", "/api/v1/jurisdictions/zz", true, 404},
                      Conditional{"EtagOnBadClauseId", "/api/v1/clauses/..%2Fx", true, 400},
                      Conditional{"EtagOnValidUrlIs304", "/api/v1/categories", true, 304}),
    [](const ::testing::TestParamInfo<Conditional>& param_info) { return std::string(param_info.param.name); });

} // namespace
