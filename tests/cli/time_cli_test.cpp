// `--as-of` on show, compare and search, and `cadre changes`: golden outputs and exact messages
// on the fixture build.
#include "tests/cli/cli_fixture.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

class TimeCliTest : public cadre::test::CliFixture<TimeCliTest> {};

TEST_F(TimeCliTest, CompareAsOfAFutureDate) {
  const auto r = run({"compare", "xa", "xb", "-c", "risk", "--as-of", "2099-06-01"});
  EXPECT_EQ(r.code, 0) << r.err;
  expect_golden("compare-xa-xb.as-of-2099.txt", r.out);
  const auto md = run({"compare", "xa", "xb", "-c", "risk", "--as-of", "2099-06-01", "--format", "md"});
  expect_golden("compare-xa-xb.as-of-2099.md", md.out);
  for (const char* format : {"csv", "html", "json"}) {
    const auto other = run({"compare", "xa", "xb", "-c", "risk", "--as-of", "2099-06-01", "--format", format});
    EXPECT_NE(other.out.find("may be outdated: xb/charter in force, 2099-01-01"), std::string::npos) << format;
  }
}

TEST_F(TimeCliTest, ShowAsOfADateBeforeARevocation) {
  const auto r = run({"show", "xa", "--as-of", "2026-03-02"});
  EXPECT_EQ(r.code, 0) << r.err;
  expect_golden("show-xa.as-of-2026-03-02.txt", r.out);
}

TEST_F(TimeCliTest, SearchAsOfShowsStatusesOfThatDate) {
  const auto r = run({"search", "automated", "--type", "clause", "--status", "revoked,in-force", "--as-of", "2026-03-02"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("Statuses as of 2026-03-02.\n\n")) << r.out;
  EXPECT_EQ(r.out.find("xa/ai-order/"), std::string::npos) << "the new order had no status yet: " << r.out;
}

TEST_F(TimeCliTest, Changes) {
  const auto r = run({"changes", "--since", "2026-01-01"});
  EXPECT_EQ(r.code, 0) << r.err;
  expect_golden("changes-since-2026-01-01.txt", r.out);
  const auto atom = run({"changes", "--since", "2026-01-01", "-j", "xb", "--atom"});
  expect_golden("changes-xb.atom", atom.out);
  const auto none = run({"changes", "--since", "2026-07-01", "-j", "xb", "--lang", "fr"});
  EXPECT_EQ(none.out, "Aucun événement depuis le 2026-07-01.\n");
  // What the records schedule: the charter's announced entry into force, oldest first.
  const auto ahead = run({"changes", "--since", "2026-01-01", "--until", "2099-12-31", "--oldest-first", "-j", "xb"});
  EXPECT_EQ(ahead.code, 0) << ahead.err;
  expect_golden("changes-xb-until-2099.txt", ahead.out);
}

TEST_F(TimeCliTest, DateErrorsAreExact) {
  struct Failure {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Failure> cases = {
      {{"compare", "xa", "--as-of", "2026-02-31"},
       "cadre: usage error: --as-of: as-of date '2026-02-31' does not exist: February 2026 has 28 days\n"},
      {{"compare", "xb", "--as-of", "2025-12-31"},
       "cadre: usage error: --as-of: as-of date 2025-12-31 is before the first recorded event (2026-01-05): no instrument "
       "had a status yet\n"},
      {{"compare", "zz", "--as-of", "2025-12-31"}, "cadre: usage error: jurisdictions: unknown jurisdiction 'zz': `cadre list` shows the codes\n"},
      {{"show", "xa", "--as-of", "03/02/2026"},
       "cadre: usage error: --as-of: as-of date '03/02/2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01\n"},
      {{"search", "order", "--as-of", "1999-01-01"},
       "cadre: usage error: --as-of: as-of date 1999-01-01 is before the first recorded event (2020-01-15): no instrument "
       "had a status yet\n"},
      {{"changes", "--since", "2026-13-01"}, "cadre: usage error: since: since date '2026-13-01' does not exist: there is no month 13\n"},
      {{"changes", "--since", "2099-01-01"},
       "cadre: usage error: since: since date 2099-01-01 is in the future: nothing can have changed since then (to list what "
       "is scheduled, give an until date too)\n"},
  };
  for (const auto& c : cases) {
    const auto r = run(c.args);
    EXPECT_EQ(r.code, 2) << c.args[0];
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
}

} // namespace

namespace {

TEST_F(TimeCliTest, DiffOfTwoVersions) {
  const auto text = run({"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-01"});
  EXPECT_EQ(text.code, 0) << text.err;
  expect_golden("diff-xb-charter.txt", text.out);
  expect_golden("diff-xb-charter.md", run({"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-01", "-f", "md"}).out);
  const auto html = run({"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-01", "-f", "html"}).out;
  EXPECT_NE(html.find("to <del>each </del><ins>every </ins>public body"), std::string::npos) << html;
  const auto json = run({"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-01", "--json"}).out;
  EXPECT_NE(json.find("\"change\":\"removed\",\"id\":\"xb/charter/sec_3\""), std::string::npos) << json;
  const auto clause = run({"clause", "xb/charter/sec_3@2025-12-01"});
  EXPECT_EQ(clause.code, 0) << clause.err;
  EXPECT_NE(clause.out.find("The Council reviews this charter every year."), std::string::npos) << clause.out;
}

TEST_F(TimeCliTest, DiffErrorsAreExact) {
  struct Failure {
    std::vector<std::string> args;
    int code;
    std::string err;
  };
  for (const auto& c : std::vector<Failure>{
           {{"diff", "xb/charter", "xb/charter@2026-02-01"}, 2,
            "cadre: usage error: from: 'xb/charter' is not a version: write <instrument>@<date>, e.g. "
            "kr/ai-basic-act@2026-01-22\n"},
           {{"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-30"}, 2,
            "cadre: usage error: to: version date '2026-02-30' does not exist: February 2026 has 28 days\n"},
           {{"diff", "xb/charter@2025-01-01", "xb/charter@2026-02-01"}, 2,
            "cadre: usage error: no version of xb/charter was in effect on 2025-01-01: its first text applies from 2025-11-01\n"},
           {{"diff", "xb/nothing@2025-01-01", "xb/charter@2026-02-01"}, 2,
            "cadre: usage error: unknown instrument 'xb/nothing': `cadre show <code>` lists them\n"},
           {{"diff", "xa/ai-order@2026-04-01", "xa/ai-order@2026-05-01"}, 2,
            "cadre: usage error: xa/ai-order has a single text in this build: it has no versions to compare\n"},
           {{"diff", "xb/charter@2025-12-01", "xb/charter@2026-02-01", "-f", "pdf"}, 2,
            "cadre: usage error: --format: unknown diff format 'pdf': use text, md, html or json\n"},
       }) {
    const auto r = run(c.args);
    EXPECT_EQ(r.code, c.code) << c.args[1];
    EXPECT_EQ(r.err, c.err);
  }
}

} // namespace
