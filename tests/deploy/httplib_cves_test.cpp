// The published advisories against cpp-httplib that reach Debian 12's 0.11.4, one test each
// (named after the CVE), showing how Cadre's configuration neutralises them. docs/httplib-cves.md
// lists every advisory, with those covered by tests/server/api_test.cpp and those that concern
// only httplib's client. The server runs on 127.0.0.1 port 0 over the fixture build; the hostile
// requests are written on raw sockets, since a well-behaved client cannot send them.
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include "core/library.hpp"

#include <httplib.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

namespace cadre::test {
namespace {

namespace fs = std::filesystem;

struct Flood {
  std::size_t sent = 0; ///< bytes the server took before it closed or stopped reading
  std::string answer;
};

/// Sends `head`, then `filler` repeated up to `cap` bytes or until the server closes the
/// connection or stops reading (a send blocked for 2 s); returns what was sent and the answer.
Flood flood(int port, const std::string& head, const std::string& filler, std::size_t cap) {
  const int fd = connect_loopback(port);
  Flood result;
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  while (result.sent < cap) {
    const ssize_t n = ::send(fd, filler.data(), filler.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    result.sent += static_cast<std::size_t>(n);
  }
  result.answer = read_answer(fd, std::chrono::milliseconds(500));
  ::close(fd);
  return result;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

constexpr std::size_t k_flood_cap = 256u << 20; // far beyond loopback socket buffers (a few MiB)

class HttplibCves : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<TempDir>();
    index_fixture(s_dir->path() / "data");
    s_server = std::make_unique<RunningServer>(s_dir->path() / "data", s_dir->path() / "server.log");
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_dir.reset();
  }
  static int port() { return s_server->port(); }

  /// The server still answers a plain request.
  static void expect_still_serving() {
    httplib::Client client("127.0.0.1", port());
    auto res = client.Get("/api/v1/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  static std::string server_log() { return read_file(s_dir->path() / "server.log"); }

  static inline std::unique_ptr<TempDir> s_dir;
  static inline std::unique_ptr<RunningServer> s_server;
};

// CVE-2025-46728 and CVE-2025-53629: a chunked body without its last chunk grows memory without
// limit. Cadre answers requests with a body before reading it, then closes the connection.
TEST_F(HttplibCves, CVE_2025_46728_and_53629_AnEndlessChunkedBodyIsNotRead) {
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'A') + "\r\n";
  for (const char* method : {"POST", "GET"}) {
    const Flood f = flood(port(), std::string(method) + " /api/v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                          chunk, k_flood_cap);
    EXPECT_LT(f.sent, k_flood_cap) << method << ": the server read the whole body";
    EXPECT_TRUE(f.answer.starts_with(std::string("HTTP/1.1 ") + (method == std::string("GET") ? "413" : "405")))
        << method << ": " << f.answer.substr(0, 200);
  }
  expect_still_serving();
}

// CVE-2025-53628: no limit on the length of one line of the request head.
TEST_F(HttplibCves, CVE_2025_53628_AnEndlessHeaderLineIsCutOff) {
  const Flood f = flood(port(), "GET /api/v1/meta HTTP/1.1\r\nX-Long: ", std::string(0x10000, 'a'), k_flood_cap);
  EXPECT_LT(f.sent, k_flood_cap) << "the server kept reading one header line";
  expect_still_serving();
}

// CVE-2025-52887 (reported against 0.21.0; 0.11.4 has no limit either): any number of headers.
// Above 64 headers the answer is 431 (tests/server/api_test.cpp, TooManyHeadersIs431); beyond
// the 32 KiB budget of a request head the server stops reading.
TEST_F(HttplibCves, CVE_2025_52887_EndlessHeadersAreCutOff) {
  const Flood f = flood(port(), "GET /api/v1/meta HTTP/1.1\r\n", "X-A: b\r\n", k_flood_cap);
  EXPECT_LT(f.sent, k_flood_cap) << "the server kept reading headers";
  const std::string many = [] {
    std::string request = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 200; ++i) request += "X-F" + std::to_string(i) + ": v\r\n";
    return request + "\r\n";
  }();
  EXPECT_TRUE(raw_exchange(port(), many).starts_with("HTTP/1.1 431"));
  expect_still_serving();
}

// CVE-2026-34441: a GET body left unread is parsed as a second request (request smuggling).
TEST_F(HttplibCves, CVE_2026_34441_AGetBodyIsNeverParsedAsARequest) {
  const std::string smuggled = "GET /api/v1/healthz?smuggled=1 HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string request = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                              std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled;
  const std::string answer = raw_exchange(port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 200);
  EXPECT_EQ(count(answer, "HTTP/1.1 "), 1u) << answer;
  EXPECT_EQ(server_log().find("smuggled=1"), std::string::npos) << "the body was served as a request";
}

// CVE-2026-45352: a negative chunk size. CVE-2026-31870 (client side) and malformed
// Content-Length values in general: the server never parses a body, so never its size.
TEST_F(HttplibCves, CVE_2026_45352_MalformedBodySizesAreRefusedUnparsed) {
  const std::string negative_chunk = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nA\r\n0\r\n\r\n";
  EXPECT_TRUE(raw_exchange(port(), negative_chunk).starts_with("HTTP/1.1 413"));
  for (const char* length : {"-1", "abc", "99999999999999999999999999", "1e9"}) {
    const std::string answer =
        raw_exchange(port(), std::string("GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nContent-Length: ") + length + "\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413") || answer.starts_with("HTTP/1.1 400")) << length << ": " << answer.substr(0, 100);
  }
  expect_still_serving();
}

// CVE-2026-22776 and CVE-2026-28435: compressed request bodies are decompressed without limit.
TEST_F(HttplibCves, CVE_2026_22776_and_28435_CompressedBodiesAreNeverDecompressed) {
  const std::string gzip_head("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  for (const char* method : {"POST", "GET"}) {
    const std::string body = gzip_head + std::string(1000, '\0');
    const std::string answer = raw_exchange(port(), std::string(method) +
                                                    " /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                                                    "Content-Length: " +
                                                    std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 405") || answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 100);
    EXPECT_EQ(count(answer, "HTTP/1.1 "), 1u);
  }
  expect_still_serving();
}

// CVE-2026-45372 (header values percent-decoded into CR LF) and CVE-2026-21428 (response
// headers written without a CR/LF check): Cadre copies no request header into a response, and
// the one header built from parameters (the export's Content-Disposition) only takes checked codes.
TEST_F(HttplibCves, CVE_2026_45372_and_21428_NoHeaderCanBeInjected) {
  const std::string injected_headers =
      "GET /api/v1/categories HTTP/1.1\r\nHost: x\r\nIf-None-Match: %0D%0AX-Injected:%20yes\r\n"
      "Accept-Encoding: %0D%0AX-Injected:%20yes\r\nX-Other: a%0d%0aX-Injected: yes\r\nConnection: close\r\n\r\n";
  const std::string answer = raw_exchange(port(), injected_headers);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer.substr(0, 200);
  EXPECT_EQ(answer.find("X-Injected"), std::string::npos) << answer.substr(0, 600);

  httplib::Client client("127.0.0.1", port());
  for (const char* target : {"/api/v1/export?j=xa%0D%0AX-Injected:%20yes&format=md",
                             "/api/v1/export?j=xa&format=md&lang=en%0D%0AX-Injected:%20yes",
                             "/api/v1/export?j=xa&format=md%0D%0AX-Injected:%20yes",
                             "/api/v1/clauses/xa%0D%0AX-Injected:%20yes"}) {
    auto res = client.Get(target);
    ASSERT_TRUE(res) << target;
    EXPECT_GE(res->status, 400) << target;
    EXPECT_FALSE(res->has_header("X-Injected")) << target;
  }
  auto res = client.Get("/api/v1/export?j=xa,xb&format=md");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"cadre-xa-xb-en.md\"");
}

// CVE-2025-66570 (REMOTE_ADDR and friends sent as headers shadow the server's own) and
// CVE-2025-66577 (X-Forwarded-For trusted): the access log takes the peer address from the
// socket, whatever the request says.
TEST_F(HttplibCves, CVE_2025_66570_and_66577_TheLoggedClientIsTheSocketPeer) {
  const std::string answer = raw_exchange(port(),
                                      "GET /api/v1/healthz?probe=cve-2025-66570 HTTP/1.1\r\nHost: x\r\nREMOTE_ADDR: 203.0.113.9\r\n"
                                      "X-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 203.0.113.9\r\nConnection: close\r\n\r\n");
  ASSERT_FALSE(answer.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string log = server_log();
  const auto line_start = log.find("\"GET /api/v1/healthz?probe=cve-2025-66570\"");
  ASSERT_NE(line_start, std::string::npos) << log;
  const auto begin = log.rfind('\n', line_start);
  const std::string line = log.substr(begin == std::string::npos ? 0 : begin + 1, line_start - begin);
  EXPECT_NE(line.find(" 127.0.0.1 "), std::string::npos) << line;
  EXPECT_EQ(line.find("203.0.113.9"), std::string::npos) << line;
}

// CVE-2026-28434: without an exception handler, httplib 0.11.4 sends an exception's message to
// the client in an EXCEPTION_WHAT header. Cadre maps every exception itself (500 with a generic
// body, details in the log only) and installs an exception handler as a safety net. A search
// index damaged under a running server makes searches throw.
TEST(HttplibCve_2026_28434, AnInternalErrorLeaksNothing) {
  TempDir dir;
  const auto data = dir.path() / "data";
  index_fixture(data);
  RunningServer server(data, dir.path() / "server.log");
  {
    const auto postlist = BuildLayout::resolve_current(data) / BuildLayout::k_xapian / "postlist.glass";
    // Every block after the first: whichever holds the postings of "risk" is damaged.
    const auto size = static_cast<long>(std::filesystem::file_size(postlist));
    std::fstream f(postlist, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8192);
    for (long i = 8192; i < size; ++i) f.put(static_cast<char>(0x5A ^ i));
  }
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/api/v1/search?q=risk");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500) << res->body;
  EXPECT_FALSE(res->has_header("EXCEPTION_WHAT"));
  EXPECT_EQ(res->body.find("glass"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find(data.string()), std::string::npos) << res->body;
  EXPECT_NE(read_file(dir.path() / "server.log").find("error: /api/v1/search?q=risk: data: "), std::string::npos)
      << "the details belong in the log";
}

// CVE-2023-26130 (fixed in Debian's 0.11.4+ds-1+deb12u1), CVE-2026-31870, CVE-2026-32627 and
// CVE-2026-33745 concern httplib's client only. Cadre's programs never use it (`cadre sources
// fetch` uses libcurl); only tests do.
TEST(HttplibClientCves, NoProgramUsesHttplibsClient) {
  const fs::path root = CADRE_SOURCE_ROOT;
  const std::regex client_use(R"(httplib::(Client|SSLClient|ClientImpl))");
  for (const char* folder : {"core", "indexer", "server", "cli"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      EXPECT_FALSE(std::regex_search(read_file(entry.path()), client_use)) << entry.path();
    }
  }
}

} // namespace
} // namespace cadre::test
