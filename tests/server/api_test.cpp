// The HTTP API end to end: a build indexed from the test corpus, the server on 127.0.0.1 port 0,
// and cpp-httplib's client (plus raw sockets for what a well-behaved client cannot send).
// Every JSON answer is checked against schema/openapi.yaml.
#include "tests/server/openapi_check.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include "core/error.hpp"
#include "indexer/build.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>


#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace cadre::test {
namespace {

using nlohmann::json;

/// One build and one server for the whole suite (indexing is the slow part).
class ApiTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<TempDir>();
    s_build_id = index_fixture(s_dir->path() / "data");
    s_server = std::make_unique<RunningServer>(s_dir->path() / "data", s_dir->path() / "server.log");
    s_openapi = std::make_unique<OpenApi>(std::filesystem::path(CADRE_SOURCE_ROOT) / "schema" / "openapi.yaml");
    auto client = make_client();
    const auto list = json::parse(client.Get("/api/v1/jurisdictions")->body);
    for (const auto& j : list["jurisdictions"]) s_codes.push_back(j["code"]);
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_openapi.reset();
    s_dir.reset();
    s_codes.clear();
  }

  static httplib::Client make_client() {
    httplib::Client client("127.0.0.1", s_server->port());
    client.set_read_timeout(30, 0);
    return client;
  }

  /// GET `target`; expects `status`; for JSON answers checks `schema` (or Error for 4xx/5xx).
  static json get_json(const std::string& target, int status, const std::string& schema) {
    auto client = make_client();
    auto res = client.Get(target.c_str());
    if (!res) throw std::runtime_error("no answer for " + target);
    EXPECT_EQ(res->status, status) << target << "\n" << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << target;
    json body = json::parse(res->body);
    const auto problems = s_openapi->check(body, status >= 400 ? "Error" : schema);
    EXPECT_TRUE(problems.empty()) << target << ": " << testing::PrintToString(problems);
    return body;
  }

  /// The first `n` jurisdiction codes (fewer when the corpus has fewer), comma-separated.
  static std::string codes(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n && i < s_codes.size(); ++i) out += (i ? "," : "") + s_codes[i];
    return out;
  }
  static std::size_t columns(std::size_t n) { return std::min(n, s_codes.size()); }

  static std::string server_log() { return read_file(s_dir->path() / "server.log"); }

  static inline std::unique_ptr<TempDir> s_dir;
  static inline std::unique_ptr<RunningServer> s_server;
  static inline std::unique_ptr<OpenApi> s_openapi;
  static inline std::string s_build_id;
  static inline std::vector<std::string> s_codes;
};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

TEST_F(ApiTest, ReferenceEndpointsMatchTheSchema) {
  ASSERT_GE(s_codes.size(), 2u) << "the test corpus needs at least two jurisdictions";
  EXPECT_EQ(get_json("/api/v1/healthz", 200, "Health")["build_id"], s_build_id);
  const json meta = get_json("/api/v1/meta", 200, "BuildInfo");
  EXPECT_EQ(meta["build_id"], s_build_id);
  EXPECT_EQ(meta["corpus_commit"], "test");
  EXPECT_EQ(get_json("/api/v1/categories", 200, "CategoryList")["categories"].size(), 7u);
  get_json("/api/v1/jurisdictions", 200, "JurisdictionList");
  EXPECT_EQ(get_json("/api/v1/jurisdictions/" + s_codes[0], 200, "Jurisdiction")["code"], s_codes[0]);
}

TEST_F(ApiTest, CompareGivesCategoriesAsRowsAndJurisdictionsAsColumns) {
  const json c = get_json("/api/v1/compare?j=" + codes(3) + "&c=risk,definition&lang=fr", 200, "Comparison");
  EXPECT_EQ(c["language"], "fr");
  ASSERT_EQ(c["cells"].size(), 2u);
  EXPECT_EQ(c["categories"][0]["id"], "risk");
  for (const auto& row : c["cells"]) ASSERT_EQ(row.size(), columns(3));
  EXPECT_EQ(c["cells"][0][1]["jurisdiction"], s_codes[1]);
  const json all = get_json("/api/v1/compare?j=" + s_codes[0] + "&j=" + s_codes[1], 200, "Comparison");
  EXPECT_EQ(all["cells"].size(), 7u) << "no c= means all seven categories";
}

TEST_F(ApiTest, BadInputsGetTheDocumentedStatusAndNameTheParameter) {
  struct Case {
    std::string target;
    int status;
    std::string parameter; // "" = none expected
  };
  const std::string a = s_codes[0];
  const std::vector<Case> cases = {
      {"/api/v1/jurisdictions/zz", 404, "code"},
      {"/api/v1/jurisdictions/..%2f..%2fetc%2fpasswd", 400, "code"},
      {"/api/v1/jurisdictions/EU", 400, "code"},
      {"/api/v1/jurisdictions?x=1", 400, "x"},
      {"/api/v1/compare", 400, "j"},
      {"/api/v1/compare?j=zz", 400, "j"},
      {"/api/v1/compare?j=" + a + "," + a, 400, "j"},
      {"/api/v1/compare?j=" + a + "&lang=de", 400, "lang"},
      {"/api/v1/compare?j=" + a + "&c=nope", 400, "c"},
      {"/api/v1/compare?j=" + a + "&bogus=1", 400, "bogus"},
      {"/api/v1/compare?j=%3Cscript%3E", 400, "j"},
      {"/api/v1/search", 400, "q"},
      {"/api/v1/search?q=", 400, "q"},
      {"/api/v1/search?q=ai&page=-1", 400, "page"},
      {"/api/v1/search?q=ai&page=0", 400, "page"},
      {"/api/v1/search?q=ai&page=1000000000000", 400, "page"},
      {"/api/v1/search?q=ai&page=abc", 400, "page"},
      {"/api/v1/search?q=ai&page_size=51", 400, "page_size"},
      {"/api/v1/search?q=%FF%FE%FD", 400, "q"},
      {"/api/v1/search?q=ai&lang=xx", 400, "lang"},
      {"/api/v1/search?q=ai&type=both", 400, "type"},
      {"/api/v1/search?q=" + std::string(2000, 'a'), 400, "q"},
      {"/api/v1/clauses/..%2F..%2Fetc%2Fpasswd", 400, "id"},
      {"/api/v1/clauses/zz/nothing/art_1", 404, "id"},
      {"/api/v1/clauses/a%00b", 400, "id"},
      {"/api/v1/export?j=" + a, 400, "format"},
      {"/api/v1/export?j=" + a + "&format=pdf", 400, "format"},
      {"/api/v1/export?j=" + a + "&format=csv&bom=maybe", 400, "bom"},
      {"/api/v1/provisions/requirements.telepathy", 404, "id"},
      {"/api/v1/provisions?lang=fr", 400, "lang"},
      {"/api/v1/matrix?j=zz", 400, "j"},
      {"/api/v1/matrix?j=" + a + "," + a, 400, "j"},
      {"/api/v1/matrix?p=requirements.telepathy", 400, "p"},
      {"/api/v1/matrix?c=nope", 400, "c"},
      {"/api/v1/matrix?lang=de", 400, "lang"},
      {"/api/v1/matrix/export", 400, "format"},
      {"/api/v1/converge?a=" + a, 400, "b"},
      {"/api/v1/converge?a=" + a + "&b=" + a, 400, "b"},
      {"/api/v1/converge?a=zz&b=" + a, 400, "a"},
      {"/api/v1/clauses/zz/nothing/art_1/related", 404, "id"},
      {"/api/v1/nope", 404, ""},
      {"/api/v2/meta", 404, ""},
      {"/..%2f..%2fetc%2fpasswd", 404, ""},
      {"/%2e%2e/%2e%2e/etc/passwd", 404, ""},
      {"/no-such-file.js", 404, ""},
  };
  for (const auto& c : cases) {
    const json body = get_json(c.target, c.status, "Error");
    EXPECT_EQ(body["error"].value("parameter", ""), c.parameter) << c.target << ": " << body.dump();
  }
}

TEST_F(ApiTest, ProvisionEndpointsMatchTheSchema) {
  const json list = get_json("/api/v1/provisions", 200, "ProvisionList");
  ASSERT_EQ(list["provisions"].size(), 52u);
  const json detail = get_json("/api/v1/provisions/requirements.human-oversight?lang=fr", 200, "ProvisionDetail");
  EXPECT_EQ(detail["label"]["fr"], "Supervision humaine");
  EXPECT_EQ(detail["values"].size(), s_codes.size()) << "every jurisdiction of the corpus records a value";

  const json all = get_json("/api/v1/matrix", 200, "Matrix");
  EXPECT_EQ(all["values"].size(), 52u);
  EXPECT_EQ(all["jurisdictions"].size(), s_codes.size());
  const json m = get_json("/api/v1/matrix?j=" + s_codes[1] + "," + s_codes[0] + "&c=requirements", 200, "Matrix");
  ASSERT_EQ(m["values"].size(), 16u);
  EXPECT_EQ(m["jurisdictions"][0]["code"], s_codes[1]) << "columns in the order asked for";
  EXPECT_EQ(m["values"][0].size(), 2u);

  const json c = get_json("/api/v1/converge?a=" + s_codes[0] + "&b=" + s_codes[1], 200, "Convergence");
  const double agreement = c["agreement"];
  EXPECT_GE(agreement, 0.0);
  EXPECT_LE(agreement, 1.0);

  // The related clauses of the first clause that a value cites.
  std::string cited;
  for (const auto& row : all["values"])
    for (const auto& v : row)
      for (const auto& citation : v["citations"])
        if (cited.empty() && citation["resolved"] == true) cited = citation["clause_id"];
  ASSERT_FALSE(cited.empty());
  const json related = get_json("/api/v1/clauses/" + cited + "/related?limit=3", 200, "RelatedClauses");
  EXPECT_EQ(related["clause_id"], cited);
  for (const auto& item : related["items"]) EXPECT_NE(item["jurisdiction"], cited.substr(0, cited.find('/')));
  EXPECT_EQ(get_json("/api/v1/clauses/" + cited + "/related?limit=0", 400, "Error")["error"]["parameter"], "limit");

  auto client = make_client();
  auto csv = client.Get(("/api/v1/matrix/export?format=csv&j=" + codes(2)).c_str());
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(count(csv->body, "\r\n"), 1 + 52 * columns(2)) << "a header, then one row per jurisdiction and provision";
}

TEST_F(ApiTest, SearchAnswersAndQuerySyntaxErrorsAreUserErrors) {
  const json results = get_json("/api/v1/search?q=intelligence&page_size=5", 200, "SearchResults");
  EXPECT_LE(results["hits"].size(), 5u);
  // An unbalanced quote is either read leniently or refused as a bad q, never a 500.
  auto client = make_client();
  for (const char* q : {"%22unbalanced", "AND", "(((", "a%20NOT", "*"}) {
    auto res = client.Get(("/api/v1/search?q=" + std::string(q)).c_str());
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 200 || res->status == 400) << q << ": " << res->status;
    if (res->status == 400) EXPECT_EQ(json::parse(res->body)["error"]["parameter"], "q");
    else EXPECT_TRUE(s_openapi->check(json::parse(res->body), "SearchResults").empty());
  }
  EXPECT_EQ(client.Get("/api/v1/search?q=ai&page=1000")->status, 200) << "the last page is allowed, and empty";
}

TEST_F(ApiTest, SearchSaysWhichInstrumentsAndJurisdictionsTheQueryNamed) {
  const json named = get_json("/api/v1/search?q=Xanadu%20EO%2090001%20decision&type=clause", 200, "SearchResults");
  ASSERT_EQ(named["named_instruments"].size(), 1u);
  EXPECT_EQ(named["named_instruments"][0]["name"], "Xanadu EO 90001");
  EXPECT_EQ(named["named_instruments"][0]["instruments"], json::array({"xa/ai-order"}));
  ASSERT_FALSE(named["hits"].empty());
  EXPECT_EQ(named["hits"][0]["instrument"], "xa/ai-order");
  EXPECT_TRUE(get_json("/api/v1/search?q=decision", 200, "SearchResults")["named_instruments"].empty());
  const json jurisdiction = get_json("/api/v1/search?q=Xebec%20Union%20decision", 200, "SearchResults");
  EXPECT_EQ(jurisdiction["named_jurisdictions"], json::parse(R"([{"name": "Xebec Union", "jurisdiction": "xb"}])"));
  EXPECT_TRUE(jurisdiction["named_instruments"].empty());
  EXPECT_FALSE(jurisdiction["lists_named_instruments"]);
  const json listing = get_json("/api/v1/search?q=Charter", 200, "SearchResults");
  EXPECT_TRUE(listing["lists_named_instruments"]);
  ASSERT_FALSE(listing["hits"].empty());
  EXPECT_EQ(listing["hits"][0]["id"], "xb/charter/preamble") << "the charter's clauses from its start";
}

TEST_F(ApiTest, CitedClausesResolve) {
  const json c = get_json("/api/v1/compare?j=" + s_codes[0] + "," + s_codes[1], 200, "Comparison");
  std::string id;
  for (const auto& row : c["cells"])
    for (const auto& cell : row)
      for (const auto& citation : cell["citations"])
        if (citation["resolved"] && id.empty()) id = citation["clause_id"];
  if (id.empty()) GTEST_SKIP() << "no resolved citation in this build (no sources mirror)";
  const json clause = get_json("/api/v1/clauses/" + id + "?lang=fr", 200, "Clause");
  EXPECT_EQ(clause["id"], id);
  EXPECT_FALSE(clause["text"].get<std::string>().empty());
}

TEST_F(ApiTest, UriOver8KiBIs414) {
  auto client = make_client();
  auto res = client.Get(("/api/v1/search?q=" + std::string(10 * 1024, 'a')).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  EXPECT_TRUE(s_openapi->check(json::parse(res->body), "Error").empty());
}

TEST_F(ApiTest, HeadAnswersHeadersOnly) {
  auto client = make_client();
  auto get = client.Get("/api/v1/meta");
  auto head = client.Head("/api/v1/meta");
  ASSERT_TRUE(get && head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->get_header_value("ETag"), get->get_header_value("ETag"));
}

TEST_F(ApiTest, OtherMethodsAre405WithAllow) {
  auto client = make_client();
  // The API also answers OPTIONS (CORS preflights), the page does not.
  std::vector<std::pair<httplib::Result, std::string>> results;
  results.emplace_back(client.Post("/api/v1/search", "", "text/plain"), "GET, HEAD, OPTIONS");
  results.emplace_back(client.Put("/api/v1/meta", "", "text/plain"), "GET, HEAD, OPTIONS");
  results.emplace_back(client.Delete("/api/v1/meta"), "GET, HEAD, OPTIONS");
  results.emplace_back(client.Patch("/api/v1/meta", "", "text/plain"), "GET, HEAD, OPTIONS");
  results.emplace_back(client.Post("/", "", "text/plain"), "GET, HEAD");
  results.emplace_back(client.Options("/"), "GET, HEAD");
  results.emplace_back(client.Options("/app.js"), "GET, HEAD");
  results.emplace_back(client.Options("/feed.atom"), "GET, HEAD");
  for (auto& [res, allow] : results) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), allow);
    EXPECT_TRUE(s_openapi->check(json::parse(res->body), "Error").empty()) << res->body;
  }
}

TEST_F(ApiTest, TheApiIsReadableFromAnyOriginThePageIsNot) {
  auto client = make_client();
  const httplib::Headers origin = {{"Origin", "https://elsewhere.example"}};
  // Answers, errors and 304s of the API carry CORS headers; the ETag and an export's file name
  // are exposed to the reading script.
  for (const std::string target : {"/api/v1/meta", "/api/v1/compare?j=xa&format=nope", "/api/v1/jurisdictions/zz",
                                    "/api/v1/nowhere", "/api/v1/openapi.yaml", "/api/v1/export?j=xa&format=csv"}) {
    auto res = client.Get(target.c_str(), origin);
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*") << target;
    EXPECT_EQ(res->get_header_value("Access-Control-Expose-Headers"), "ETag, Content-Disposition") << target;
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Credentials")) << target;
  }
  auto first = client.Get("/api/v1/categories", origin);
  ASSERT_TRUE(first);
  httplib::Headers revalidate = origin;
  revalidate.emplace("If-None-Match", first->get_header_value("ETag"));
  auto not_modified = client.Get("/api/v1/categories", revalidate);
  ASSERT_TRUE(not_modified);
  EXPECT_EQ(not_modified->status, 304);
  EXPECT_EQ(not_modified->get_header_value("Access-Control-Allow-Origin"), "*");

  // The page and its files, and the feed beside the API, are for this origin only.
  for (const char* path : {"/", "/app.js", "/nowhere.html", "/feed.atom"}) {
    auto res = client.Get(path, origin);
    ASSERT_TRUE(res) << path;
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin")) << path;
  }

  // A preflight, as a browser sends it before a GET with If-None-Match: 204 without a body.
  for (const char* path : {"/api/v1/search", "/api/v1/clauses/eu/ai-act/art_3", "/api/v1/openapi.yaml"}) {
    const std::string answer =
        raw_exchange(s_server->port(), std::string("OPTIONS ") + path +
                                           " HTTP/1.1\r\nHost: x\r\nOrigin: https://elsewhere.example\r\n"
                                           "Access-Control-Request-Method: GET\r\n"
                                           "Access-Control-Request-Headers: if-none-match\r\nConnection: close\r\n\r\n");
    const auto head_end = answer.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos) << answer;
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 204 ")) << answer;
    EXPECT_EQ(answer.size(), head_end + 4) << "a 204 has no body: " << answer;
    for (const char* header : {"Access-Control-Allow-Origin: *\r\n", "Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n",
                               "Access-Control-Allow-Headers: If-None-Match\r\n", "Allow: GET, HEAD, OPTIONS\r\n",
                               "Access-Control-Max-Age: 86400\r\n"})
      EXPECT_NE(answer.find(header), std::string::npos) << header << " missing from\n" << answer;
    EXPECT_EQ(answer.find("Content-Type:"), std::string::npos) << answer;
  }
  // An OPTIONS with a body is refused and closed like any other request with a body.
  const std::string with_body = raw_exchange(
      s_server->port(), "OPTIONS /api/v1/meta HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_TRUE(with_body.starts_with("HTTP/1.1 405")) << with_body.substr(0, 200);
  EXPECT_NE(with_body.find("Connection: close"), std::string::npos);
}

TEST_F(ApiTest, LargeChunkedBodyIsRefusedUnreadAndTheServerKeepsServing) {
  std::string request = "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk = "1000\r\n" + std::string(4096, 'A') + "\r\n";
  for (int i = 0; i < 256; ++i) request += chunk; // 1 MiB
  const std::string answer = raw_exchange(s_server->port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 405")) << answer.substr(0, 200);
  EXPECT_EQ(count(answer, "HTTP/1.1 "), 1u) << "the body must not be parsed as further requests";

  const std::string get_with_body =
      "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + std::string(10000, 'B');
  const std::string answer2 = raw_exchange(s_server->port(), get_with_body);
  EXPECT_TRUE(answer2.starts_with("HTTP/1.1 413")) << answer2.substr(0, 200);
  EXPECT_EQ(count(answer2, "HTTP/1.1 "), 1u);

  // A request line without end is cut off at the per-request budget instead of filling memory.
  const std::string endless = "GET /" + std::string(200 * 1024, 'a');
  raw_exchange(s_server->port(), endless, std::chrono::milliseconds(500));

  auto client = make_client();
  auto res = client.Get("/api/v1/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(ApiTest, TooManyHeadersIs431) {
  httplib::Headers headers;
  for (int i = 0; i < 80; ++i) headers.emplace("X-Filler-" + std::to_string(i), "v");
  auto client = make_client();
  auto res = client.Get("/api/v1/meta", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_TRUE(s_openapi->check(json::parse(res->body), "Error").empty());
}

TEST_F(ApiTest, CachingSecurityAndCompressionHeaders) {
  auto client = make_client();
  auto res = client.Get("/api/v1/categories");
  ASSERT_TRUE(res);
  const std::string etag = res->get_header_value("ETag");
  EXPECT_NE(etag.find(s_build_id), std::string::npos);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);

  auto again = client.Get("/api/v1/categories", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  httplib::Client gzip_client("127.0.0.1", s_server->port());
  gzip_client.set_decompress(false);
  auto zipped = gzip_client.Get("/api/v1/categories", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body.size(), res->body.size());

  auto errors = client.Get("/api/v1/compare");
  EXPECT_EQ(errors->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ApiTest, BodiesAreGzipOrPlainNeverBrotli) {
  // cpp-httplib would Brotli-encode every answer again at its slowest setting for a client
  // that accepts "br": the server sends gzip it encoded once per build and answer instead.
  httplib::Client raw("127.0.0.1", s_server->port());
  raw.set_decompress(false);
  auto plain = raw.Get("/api/v1/compare?j=xa,xb");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  for (const char* accept : {"gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip", "*"}) {
    for (const char* path : {"/api/v1/compare?j=xa,xb", "/app.js"}) {
      auto res = raw.Get(path, {{"Accept-Encoding", accept}});
      ASSERT_TRUE(res) << accept;
      EXPECT_EQ(res->status, 200);
      EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip") << accept << " " << path;
      EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
    }
  }
  for (const char* accept : {"br", "deflate", "identity", "gzip;q=0, br"}) {
    auto res = raw.Get("/api/v1/compare?j=xa,xb", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(res) << accept;
    EXPECT_FALSE(res->has_header("Content-Encoding")) << accept;
    EXPECT_EQ(res->body, plain->body) << accept;
  }
  // The same answer again, from the cache, decompresses to the same body.
  auto client = make_client();
  auto unzipped = client.Get("/api/v1/compare?j=xa,xb", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(unzipped);
  EXPECT_EQ(unzipped->body, plain->body);
}

TEST_F(ApiTest, WebPageIsServedWithoutInlineScript) {
  auto client = make_client();
  for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
           {"/", "text/html; charset=utf-8"}, {"/app.js", "text/javascript; charset=utf-8"},
           {"/core.js", "text/javascript; charset=utf-8"}, {"/compare.js", "text/javascript; charset=utf-8"},
           {"/search.js", "text/javascript; charset=utf-8"}, {"/jurisdiction.js", "text/javascript; charset=utf-8"},
           {"/clause.js", "text/javascript; charset=utf-8"}, {"/time.js", "text/javascript; charset=utf-8"},
           {"/matrix.js", "text/javascript; charset=utf-8"}, {"/style.css", "text/css; charset=utf-8"}}) {
    auto res = client.Get(path.c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), type);
    EXPECT_FALSE(res->get_header_value("ETag").empty());
  }
  const std::string page = client.Get("/")->body;
  // One entry module; it imports the others.
  EXPECT_NE(page.find("<script type=\"module\" src=\"app.js\""), std::string::npos);
  EXPECT_EQ(count(page, "<script"), count(page, "<script type=\"module\" src=\"")) << "no inline script: the CSP forbids it";
}

TEST_F(ApiTest, TheSpecIsServedAsBuiltWithAnETag) {
  // The bytes are those compiled in: equal to schema/openapi.yaml at build time, whatever the
  // server's working directory.
  const std::string spec = read_file(std::filesystem::path(CADRE_SOURCE_ROOT) / "schema" / "openapi.yaml");
  auto client = make_client();
  auto res = client.Get("/api/v1/openapi.yaml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/yaml");
  EXPECT_TRUE(res->body == spec) << "the served spec differs from schema/openapi.yaml";
  const std::string etag = res->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_FALSE(etag.starts_with("W/")) << "the spec's bytes never change while the server runs: a strong ETag";
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");

  auto again = client.Get("/api/v1/openapi.yaml", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);

  auto head = client.Head("/api/v1/openapi.yaml");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(spec.size()));

  httplib::Client raw("127.0.0.1", s_server->port());
  raw.set_decompress(false);
  auto zipped = raw.Get("/api/v1/openapi.yaml", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body.size(), spec.size());

  // Neighbours of the spec's path are not files.
  for (const char* path : {"/api/v1/openapi.yml", "/api/v1/openapi.yaml/", "/api/v1/openapi.json", "/openapi.yaml"}) {
    auto missing = client.Get(path);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404) << path;
  }
}

TEST_F(ApiTest, ExportsCarryCitationsStatusAndBuild) {
  const std::string j = s_codes[0] + "," + s_codes[1];
  auto client = make_client();
  for (const std::string format : {"md", "csv", "html", "json", "text"}) {
    auto res = client.Get(("/api/v1/export?j=" + j + "&lang=fr&format=" + format).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << format << ": " << res->body.substr(0, 300);
    EXPECT_NE(res->get_header_value("Content-Disposition").find("attachment; filename=\"cadre-" + s_codes[0]),
              std::string::npos);
    EXPECT_NE(res->body.find(s_build_id), std::string::npos) << format;
  }
  auto html = client.Get(("/api/v1/export?j=" + j + "&format=html").c_str());
  EXPECT_NE(html->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  auto bom = client.Get(("/api/v1/export?j=" + j + "&format=csv&bom=1").c_str());
  EXPECT_TRUE(bom->body.starts_with("\xEF\xBB\xBF" "category,"));
  const json as_json = json::parse(client.Get(("/api/v1/export?j=" + j + "&format=json").c_str())->body);
  EXPECT_TRUE(s_openapi->check(as_json, "Comparison").empty());
}

TEST_F(ApiTest, XlsxExportIsAWorkbookWithBothSheets) {
  const std::string j = codes(3);
  auto client = make_client();
  auto res = client.Get(("/api/v1/export?j=" + j + "&format=xlsx").c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.starts_with("PK\x03\x04"));
  const auto file = s_dir->path() / "export.xlsx";
  {
    std::ofstream out(file, std::ios::binary);
    out << res->body;
  }
  auto unzip = [&file](const std::string& member) {
    const std::string command = std::string(CADRE_UNZIP) + " -p '" + file.string() + "' " + member;
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      std::size_t n;
      while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
      ::pclose(pipe);
    }
    return out;
  };
  const std::string workbook = unzip("xl/workbook.xml");
  if (workbook.empty()) GTEST_SKIP() << "unzip is not installed";
  EXPECT_NE(workbook.find("name=\"Comparison\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"Citations\""), std::string::npos);
  const std::string grid = unzip("xl/worksheets/sheet1.xml");
  EXPECT_NE(grid.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(grid.find("<cols>"), std::string::npos);
  const std::string strings = unzip("xl/sharedStrings.xml");
  const json comparison = json::parse(client.Get(("/api/v1/compare?j=" + j).c_str())->body);
  EXPECT_NE(strings.find(comparison["categories"][0]["label"]["en"].get<std::string>()), std::string::npos);
  for (const auto& row : comparison["cells"])
    for (const auto& cell : row)
      for (const auto& citation : cell["citations"])
        EXPECT_NE(strings.find(citation["clause_id"].get<std::string>()), std::string::npos) << citation.dump();
}

// DOCX is written by pandoc when the server has it; without it the answer says what to install.
TEST_F(ApiTest, DocxExportOrWhatToInstall) {
  const std::string j = codes(2);
  auto client = make_client();
  {
    const cadre::test::TempDir empty; // a PATH where the server finds no pandoc
    const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    ::setenv("PATH", empty.path().c_str(), 1);
    auto res = client.Get(("/api/v1/export?j=" + j + "&lang=fr&format=docx").c_str());
    ::setenv("PATH", path.c_str(), 1);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 501);
    const json error = json::parse(res->body);
    EXPECT_EQ(error["error"]["code"], "not_implemented") << res->body;
    EXPECT_NE(error["error"]["message"].get<std::string>().find("apt-get install pandoc"), std::string::npos);
  }
  if (std::system("command -v pandoc >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "pandoc is not installed (apt-get install pandoc): a DOCX export cannot be checked";
  auto res = client.Get(("/api/v1/export?j=" + j + "&format=docx").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_NE(res->get_header_value("Content-Disposition").find(".docx\""), std::string::npos);
  EXPECT_TRUE(res->body.starts_with("PK\x03\x04"));
}

TEST_F(ApiTest, AccessLogHasOneLinePerRequest) {
  auto client = make_client();
  client.Get("/api/v1/healthz?probe=log-line-check");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string log = server_log();
  EXPECT_NE(log.find("\"GET /api/v1/healthz?probe=log-line-check\" 400 "), std::string::npos) << log.substr(0, 500);
}

TEST(ServerStartup, ATakenPortNamesThePortFlag) {
  TempDir dir;
  index_fixture(dir.path() / "data");
  RunningServer first(dir.path() / "data", dir.path() / "first.log");
  std::ofstream log(dir.path() / "second.log");
  server::ServerOptions options;
  options.data_dir = dir.path() / "data";
  options.port = first.port();
  server::Server second(options, log);
  try {
    second.bind();
    FAIL() << "bind should fail on a taken port";
  } catch (const UserError& e) {
    EXPECT_EQ(e.parameter(), "--port");
    EXPECT_NE(std::string(e.what()).find("already in use"), std::string::npos) << e.what();
  }
}

TEST(ServerStartup, NoBuildIsADataError) {
  TempDir dir;
  std::ofstream log(dir.path() / "log");
  server::ServerOptions options;
  options.data_dir = dir.path();
  EXPECT_THROW(server::Server(options, log), DataError);
}

TEST(HotReload, ANewBuildIsServedWithoutFailingRequestsInFlight) {
  TempDir dir;
  const auto data = dir.path() / "data";
  const std::string first_id = index_fixture(data);
  RunningServer server(data, dir.path() / "server.log");

  // A second build from a smaller corpus: one jurisdiction of the first.
  const auto corpus = dir.path() / "corpus";
  std::filesystem::create_directories(corpus);
  int copied = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_corpus())) {
    if (!entry.is_directory()) {
      std::filesystem::copy(entry.path(), corpus / entry.path().filename());
    } else if (copied < 1) {
      std::filesystem::copy(entry.path(), corpus / entry.path().filename(), std::filesystem::copy_options::recursive);
      ++copied;
    }
  }

  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, answered{0};
  std::thread load([&] {
    httplib::Client client("127.0.0.1", server.port());
    while (!done) {
      auto res = client.Get("/api/v1/jurisdictions");
      if (!res || res->status != 200) ++failures;
      ++answered;
    }
  });
  const std::string second_id = index_fixture(data, corpus); // swaps data/current atomically
  ASSERT_NE(second_id, first_id);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  httplib::Client client("127.0.0.1", server.port());
  client.Get("/api/v1/healthz");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto res = client.Get("/api/v1/healthz");
  done = true;
  load.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["build_id"], second_id);
  EXPECT_EQ(failures.load(), 0) << "of " << answered.load() << " requests";
  EXPECT_GT(answered.load(), 10);
}

} // namespace
} // namespace cadre::test
