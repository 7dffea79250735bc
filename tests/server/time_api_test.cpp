// Time in the HTTP API: as_of on the reading endpoints, /api/v1/changes and the Atom feed at
// /feed.atom, on the fixture build served on 127.0.0.1 port 0, JSON checked against
// schema/openapi.yaml.
#include "tests/server/openapi_check.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include "core/events.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cadre::test {
namespace {

using nlohmann::json;

class TimeApiTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<TempDir>();
    index_fixture(s_dir->path() / "data");
    s_server = std::make_unique<RunningServer>(s_dir->path() / "data", s_dir->path() / "server.log");
    s_openapi = std::make_unique<OpenApi>(std::filesystem::path(CADRE_SOURCE_ROOT) / "schema" / "openapi.yaml");
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_openapi.reset();
    s_dir.reset();
  }

  static httplib::Result get(const std::string& target) {
    httplib::Client client("127.0.0.1", s_server->port());
    client.set_read_timeout(30, 0);
    return client.Get(target.c_str());
  }

  static json get_json(const std::string& target, int status, const std::string& schema) {
    auto res = get(target);
    if (!res) throw std::runtime_error("no answer for " + target);
    EXPECT_EQ(res->status, status) << target << "\n" << res->body;
    json body = json::parse(res->body);
    const auto problems = s_openapi->check(body, status >= 400 ? "Error" : schema);
    EXPECT_TRUE(problems.empty()) << target << ": " << testing::PrintToString(problems);
    return body;
  }

  static inline std::unique_ptr<TempDir> s_dir;
  static inline std::unique_ptr<RunningServer> s_server;
  static inline std::unique_ptr<OpenApi> s_openapi;
};

TEST_F(TimeApiTest, CompareAsOfGivesThatDaysStatusesAndWarnings) {
  const auto later = get_json("/api/v1/compare?j=xa,xb&c=risk&as_of=2099-06-01", 200, "Comparison");
  EXPECT_EQ(later["as_of"], "2099-06-01");
  EXPECT_NE(later["as_of_note"].get<std::string>().find("is in the future"), std::string::npos);
  EXPECT_EQ(later["jurisdictions"][1]["instruments"][0]["status"], "in-force");
  EXPECT_EQ(later["cells"][0][1]["warnings"][0]["message"], "may be outdated: xb/charter in force, 2099-01-01");
  EXPECT_EQ(later["cells"][0][1]["warnings"][0]["event"]["evidence"]["kind"], "secondary");
  const auto earlier = get_json("/api/v1/compare?j=xa,xb&c=risk&as_of=2026-03-02", 200, "Comparison");
  EXPECT_EQ(earlier["jurisdictions"][0]["instruments"][1]["status"], "in-force");
  EXPECT_EQ(earlier["jurisdictions"][0]["instruments"][0]["status"], "none");
  EXPECT_EQ(earlier["as_of_note"], "");
  EXPECT_TRUE(earlier["cells"][0][1]["warnings"].empty());
  const auto today = get_json("/api/v1/compare?j=xa&c=risk", 200, "Comparison");
  EXPECT_EQ(today["as_of"], cadre::today_utc());
  EXPECT_EQ(today["jurisdictions"][0]["instruments"][0]["status_checked"], "2026-11-20");
}

TEST_F(TimeApiTest, AsOfOnTheOtherEndpoints) {
  const auto list = get_json("/api/v1/jurisdictions?as_of=2026-03-02", 200, "JurisdictionList");
  EXPECT_EQ(list["jurisdictions"][0]["instruments"][1]["status"], "in-force");
  const auto one = get_json("/api/v1/jurisdictions/xa?as_of=2026-03-03", 200, "Jurisdiction");
  EXPECT_EQ(one["instruments"][1]["status"], "revoked");
  EXPECT_EQ(one["instruments"][1]["status_by"], "xa/ai-order");
  EXPECT_EQ(one["instruments"][0]["events"].size(), 4u);
  const auto search = get_json("/api/v1/search?q=automated&type=clause&as_of=2026-03-03", 200, "SearchResults");
  EXPECT_EQ(search["as_of"], "2026-03-03");
  ASSERT_FALSE(search["hits"].empty());
  EXPECT_EQ(search["hits"][0]["status"], "in-force");
  auto csv = get("/api/v1/export?j=xb&c=risk&format=csv&as_of=2099-06-01");
  ASSERT_TRUE(csv);
  EXPECT_NE(csv->body.find("may be outdated: xb/charter in force, 2099-01-01"), std::string::npos);
}

TEST_F(TimeApiTest, BadDatesAre400sNamingTheParameter) {
  struct Case {
    std::string target, parameter, message;
  };
  for (const auto& c : std::vector<Case>{
           {"/api/v1/compare?j=xa&as_of=2026-02-31", "as_of", "as-of date '2026-02-31' does not exist: February 2026 has 28 days"},
           {"/api/v1/compare?j=xb&as_of=2025-01-01", "as_of",
            "as-of date 2025-01-01 is before the first recorded event (2026-01-05): no instrument had a status yet"},
           {"/api/v1/jurisdictions/xa?as_of=tomorrow", "as_of",
            "as-of date 'tomorrow' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01"},
           {"/api/v1/search?q=order&as_of=1900-01-01", "as_of",
            "as-of date 1900-01-01 is before the first recorded event (2020-01-15): no instrument had a status yet"},
           {"/api/v1/changes?since=2026-04-31", "since", "since date '2026-04-31' does not exist: April 2026 has 30 days"},
           {"/api/v1/changes?since=2099-01-01", "since",
            "since date 2099-01-01 is in the future: nothing can have changed since then (to list what is scheduled, give an "
            "until date too)"},
           {"/api/v1/changes?since=2026-01-01&until=soon", "until",
            "until date 'soon' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01"},
           {"/api/v1/changes?since=2026-01-01&order=random", "order", "order must be newest or oldest, not 'random'"},
           {"/api/v1/changes", "since", "give the date of your last reading, like since=2026-06-01"},
           {"/api/v1/changes?since=2026-01-01&j=zz", "j", "unknown jurisdiction 'zz': `cadre list` shows the codes"},
       }) {
    const auto body = get_json(c.target, 400, "Error");
    EXPECT_EQ(body["error"]["parameter"], c.parameter) << c.target;
    EXPECT_EQ(body["error"]["message"], c.message) << c.target;
  }
}

TEST_F(TimeApiTest, ChangesSinceADay) {
  const auto all = get_json("/api/v1/changes?since=2026-01-01", 200, "Changes");
  ASSERT_EQ(all["changes"].size(), 5u);
  EXPECT_EQ(all["changes"][0]["event"]["kind"], "applies-from");
  EXPECT_EQ(all["changes"][0]["event"]["phase"]["en"], "Reporting duties");
  EXPECT_EQ(all["until"], cadre::today_utc());
  const auto xb = get_json("/api/v1/changes?since=2026-01-01&j=xb", 200, "Changes");
  ASSERT_EQ(xb["changes"].size(), 1u);
  EXPECT_EQ(xb["changes"][0]["status_after"], "adopted");
  EXPECT_EQ(xb["changes"][0]["scheduled"], false);
  EXPECT_EQ(xb["order"], "newest");
  const auto ahead = get_json("/api/v1/changes?since=2026-01-01&until=2099-12-31&order=oldest&j=xb", 200, "Changes");
  ASSERT_EQ(ahead["changes"].size(), 2u);
  EXPECT_EQ(ahead["order"], "oldest");
  EXPECT_EQ(ahead["until"], "2099-12-31");
  EXPECT_EQ(ahead["changes"][1]["event"]["date"], "2099-01-01");
  EXPECT_EQ(ahead["changes"][1]["scheduled"], true);
}

TEST_F(TimeApiTest, TheAtomFeedIsServedWithStableIds) {
  auto res = get("/feed.atom?j=xa");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_FALSE(res->get_header_value("ETag").empty());
  const std::string& feed = res->body;
  EXPECT_NE(feed.find("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"), std::string::npos) << feed;
  EXPECT_NE(feed.find("<link rel=\"self\" type=\"application/atom+xml\" href=\"/feed.atom?j=xa\"/>"), std::string::npos);
  EXPECT_NE(feed.find("<id>tag:cadre.ceimia.org,2026:event/xa/old-order/revoked-by/2026-03-03</id>"), std::string::npos);
  EXPECT_NE(feed.find("<updated>2026-06-01T00:00:00Z</updated>"), std::string::npos);
  EXPECT_EQ(feed.find("xb/charter"), std::string::npos);
  EXPECT_EQ(feed.find("status-check"), std::string::npos) << "status checks are not changes";
  EXPECT_EQ(get("/feed.atom?j=xa")->body, feed) << "the same feed, with the same ids, every time";
  auto fr = get("/feed.atom?lang=fr");
  ASSERT_TRUE(fr);
  EXPECT_NE(fr->body.find("xml:lang=\"fr\""), std::string::npos);
  EXPECT_NE(fr->body.find("href=\"/feed.atom?lang=fr\""), std::string::npos);
  auto bad = get("/feed.atom?since=2026-01-01");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

} // namespace
} // namespace cadre::test

namespace cadre::test {
namespace {

TEST_F(TimeApiTest, DiffOfTwoVersions) {
  const auto d = get_json("/api/v1/diff?from=xb/charter@2025-12-01&to=xb/charter@2026-02-01", 200, "VersionDiff");
  EXPECT_EQ(d["from_version"], "2025-11-01");
  EXPECT_EQ(d["to_version"], "2026-01-05");
  ASSERT_EQ(d["clauses"].size(), 3u);
  EXPECT_EQ(d["clauses"][0]["id"], "xb/charter/sec_1");
  EXPECT_EQ(d["clauses"][0]["pieces"][1]["op"], "delete");
  EXPECT_EQ(d["clauses"][0]["pieces"][1]["text"], "each ");
  auto html = get("/api/v1/diff?from=xb/charter@2025-12-01&to=xb/charter@2026-02-01&format=html");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html->body.find("<ins>every </ins>"), std::string::npos);
  const auto bad = get_json("/api/v1/diff?from=xb/charter&to=xb/charter@2026-02-01", 400, "Error");
  EXPECT_EQ(bad["error"]["parameter"], "from");
  EXPECT_EQ(bad["error"]["message"], "'xb/charter' is not a version: write <instrument>@<date>, e.g. kr/ai-basic-act@2026-01-22");
  const auto early = get_json("/api/v1/diff?from=xb/charter@2024-01-01&to=xb/charter@2026-02-01", 404, "Error");
  EXPECT_EQ(early["error"]["message"], "no version of xb/charter was in effect on 2024-01-01: its first text applies from 2025-11-01");
}

} // namespace
} // namespace cadre::test
