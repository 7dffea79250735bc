// Tests of the clml parser: an invented CLML fixture, then the real UK GDPR (skipped without
// the sources mirror).
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/indexer/parsers/parser_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using namespace cadre::test::parsers;
using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

std::vector<ParsedClause> parse(std::string bytes, std::map<std::string, std::string> options = {},
                                std::string path = "fixture.xml") {
  SourceInput input{std::move(path), std::move(bytes), "en", std::move(options)};
  return cadre::indexer::parsers::clml().parse(input);
}

const char* const k_fixture = R"CLML(<?xml version="1.0" encoding="UTF-8"?>
<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata">
<ukm:Metadata><ukm:Note>metadata text</ukm:Note></ukm:Metadata>
<EURetained><EUPrelims/><EUPreamble><P><Text>Whereas:</Text></P>
<Division id="division-1"><Number>(1)</Number><P><Text>Tests are useful.<FootnoteRef Ref="f1"/></Text></P></Division>
</EUPreamble>
<EUBody><EUChapter><Title>General</Title>
<P1group><Title>Test subject</Title><P1 id="article-1"><Pnumber>Article 1</Pnumber><P1para>
<P2 id="article-1-1"><Pnumber>1.</Pnumber><P2para><Text>This Regulation tests:</Text>
<P3 id="article-1-1-a"><Pnumber PuncBefore="(" PuncAfter=")">a</Pnumber><P3para><Text>parsers, and</Text>
<P4 id="article-1-1-a-i"><Pnumber PuncBefore="(" PuncAfter=")">i</Pnumber><P4para><Text>their <Addition CommentaryRef="c1">labels</Addition>;</Text></P4para></P4>
</P3para></P3></P2para></P2>
<P2 id="article-1-1A"><Pnumber><Addition CommentaryRef="c1">1A.</Addition></Pnumber><P2para><Text><CommentaryRef Ref="c1"/>Inserted text.</Text></P2para></P2>
</P1para></P1></P1group>
<P1group><Title>Omitted article</Title><P1 id="article-2"><Pnumber>Article 2</Pnumber><P1para><Text>. . . . .</Text></P1para></P1></P1group>
<P1group><Title>Added article</Title><P1 id="article-2A"><Pnumber><Addition>Article 2A</Addition></Pnumber><P1para><Text>Sole paragraph.</Text></P1para></P1></P1group>
</EUChapter></EUBody>
<Schedules><Schedule id="annex-1"><Number>ANNEX 1</Number><TitleBlock><Title>TEST CONDITIONS</Title></TitleBlock>
<ScheduleBody><P1 id="annex-1-1"><Pnumber>1</Pnumber><P1para><Text>A condition is met where—</Text>
<P2><Pnumber PuncBefore="(" PuncAfter=")">a</Pnumber><P2para><Text>a test runs.</Text></P2para></P2></P1para></P1></ScheduleBody></Schedule></Schedules>
</EURetained>
<Commentaries><Commentary id="c1"><Para><Text>Inserted by an invented Act.</Text></Para></Commentary></Commentaries>
</Legislation>
)CLML";

TEST(clml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("clml"), &cadre::indexer::parsers::clml());
}

TEST(clml, FixtureIdsLabelsAndParents) {
  const auto clauses = parse(k_fixture);
  const std::vector<Row> expected = {
      {"rct_1", "", "Recital 1", "", "Tests are useful."},
      {"art_1", "", "Article 1", "Test subject",
       "1. This Regulation tests: (a) parsers, and (i) their labels; 1A. Inserted text."},
      {"art_1__para_1", "art_1", "Article 1(1)", "", "1. This Regulation tests: (a) parsers, and (i) their labels;"},
      {"art_1__para_1__point_a", "art_1__para_1", "Article 1(1)(a)", "", "(a) parsers, and (i) their labels;"},
      {"art_1__para_1__point_a__subpara_i", "art_1__para_1__point_a", "Article 1(1)(a)(i)", "", "(i) their labels;"},
      {"art_1__para_1A", "art_1", "Article 1(1A)", "", "1A. Inserted text."},
      {"art_2", "", "Article 2", "Omitted article", ". . . . ."},
      {"art_2A", "", "Article 2A", "Added article", "Sole paragraph."},
      {"anx_1", "", "Annex 1", "TEST CONDITIONS", "1 A condition is met where— (a) a test runs."},
      {"anx_1__point_1", "anx_1", "Annex 1, point 1", "", "1 A condition is met where— (a) a test runs."},
      {"anx_1__point_1__point_a", "anx_1__point_1", "Annex 1, point 1(a)", "", "(a) a test runs."},
  };
  expect_rows(clauses, expected, "en");
}

TEST(clml, Errors) {
  try {
    parse("<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/legislation\"><Body/></Legislation>", {},
          "none.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "none.xml: no articles found: is this really a clml file?");
  }
  try {
    parse("<Other/>", {}, "other.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "other.xml:1: the root element is <Other>, not <Legislation>: is this really a clml file?");
  }
  try {
    parse("<Legislation>\n<P1 id=\"article-1\">\n</Legislation>", {}, "bad.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("bad.xml:3: ", 0), 0u) << message;
    EXPECT_NE(message.find("(the file is not well-formed XML)"), std::string::npos) << message;
  }
  try {
    parse("", {}, "zero.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "zero.xml: the file is empty");
  }
  try {
    parse(k_fixture, {{"lang", "en"}}, "opt.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "opt.xml: unknown option(s) 'lang' for format 'clml' (it accepts no options)");
  }
}

TEST(clml, RealUkGdpr) {
  CADRE_REQUIRE_SOURCES();
  const auto file = sources / "uk" / "uk-gdpr-2016-679.legislation-gov-uk.xml";
  SourceInput input{file.string(), cadre::test::read_file(file), "en", {}};
  const auto clauses = cadre::indexer::parsers::clml().parse(input);
  int articles = 0, recitals = 0;
  for (const auto& c : clauses) {
    if (c.parent.empty() && c.path.rfind("art_", 0) == 0) ++articles;
    if (c.parent.empty() && c.path.rfind("rct_", 0) == 0) ++recitals;
  }
  EXPECT_EQ(articles, 119); // 99 articles + inserted ones (4A, 8A, ..., 22A-22D, 91A)
  EXPECT_EQ(recitals, 173);
  for (const char* id : {"art_22A", "art_22B", "art_22C", "art_22D"}) EXPECT_NE(find(clauses, id), nullptr) << id;
  const auto* a = find(clauses, "art_22A");
  EXPECT_EQ(a->label, "Article 22A");
  EXPECT_EQ(a->heading, "Automated processing and significant decisions");
  const auto* p = find(clauses, "art_22A__para_1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, "Article 22A(1)");
  const auto* point = find(clauses, "art_22A__para_1__point_b__subpara_i");
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->label, "Article 22A(1)(b)(i)");
  EXPECT_NE(point->text.find("legal effect"), std::string::npos);
  EXPECT_NE(find(clauses, "art_22"), nullptr); // omitted, kept with its ". . ." text
}

} // namespace
