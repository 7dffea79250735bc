// Tests of the eurlex-xhtml parser: invented fixtures in EUR-Lex CONVEX markup, then the real
// AI Act and GDPR from the sources mirror (skipped without it).
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
                                std::string path = "fixture.html") {
  SourceInput input{std::move(path), std::move(bytes), "en", std::move(options)};
  return cadre::indexer::parsers::eurlex_xhtml().parse(input);
}

std::string row(const std::string& marker, const std::string& content) {
  return "<table><col width=\"4%\"/><col width=\"96%\"/><tbody><tr><td><p class=\"oj-normal\">" + marker +
         "</p></td><td>" + content + "</td></tr></tbody></table>";
}

const std::string k_fixture =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML//EN\" \"xhtml-strict.dtd\">"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta name='viewport' content='x'><title>t</title>"
    "<script>var x = 1;</script></head><body><div id=\"docHtml\">"
    "<p class=\"oj-normal\">Whereas:</p>"
    "<div class=\"eli-subdivision\" id=\"rct_1\">" + row("(1)", "<p class=\"oj-normal\">Testing rules matter.</p>") + "</div>"
    "<div class=\"eli-subdivision\" id=\"rct_2\">" + row("(2)", "<p class=\"oj-normal\">Rules need tests<a id=\"ntc1-X\" href=\"#ntr1\">(<span class=\"oj-super oj-note-tag\">1</span>)</a>.</p>") + "</div>"
    "<div id=\"enc_1\"><div class=\"eli-subdivision\" id=\"cpt_I\">"
    "<div class=\"eli-subdivision\" id=\"art_1\"><p class=\"oj-ti-art\">Article 1</p>"
    "<div class=\"eli-title\" id=\"art_1.tit_1\"><p class=\"oj-sti-art\">Subject matter</p></div>"
    "<div id=\"001.001\"><p class=\"oj-normal\">1.   This Regulation lays down test rules.</p></div>"
    "<div id=\"001.002\"><p class=\"oj-normal\">2.   It applies to:</p>" +
    row("(a)", "<p class=\"oj-normal\">providers;</p>") +
    row("(b)", "<p class=\"oj-normal\">testers, where:</p>" + row("(i)", "<p class=\"oj-normal\">they test;</p>") +
                   row("(ii)", "<p class=\"oj-normal\">they ship above 10<span class=\"oj-super\">25</span> units.</p>")) +
    "<p class=\"oj-normal\">The second subparagraph covers:</p>" + row("(a)", "<p class=\"oj-normal\">repeats.</p>") +
    "</div></div>"
    "<div class=\"eli-subdivision\" id=\"art_2\"><p class=\"oj-ti-art\">Article 2</p>"
    "<div class=\"eli-title\" id=\"art_2.tit_1\"><p class=\"oj-sti-art\">Definitions</p></div>"
    "<p class=\"oj-normal\">For the purposes of this Regulation:</p>" +
    row("(1)", "<p class=\"oj-normal\">‘test’ means a check;</p>") +
    row("(2)", "<p class=\"oj-normal\">‘rule’ means a norm.</p>") +
    "</div></div></div>"
    "<div class=\"eli-container\" id=\"anx_I\"><p class=\"oj-doc-ti\">ANNEX I</p>"
    "<p class=\"oj-doc-ti\">Test areas</p><p class=\"oj-ti-grseq-1\">Section A</p>"
    "<p class=\"oj-ti-grseq-1\">First areas</p>" + row("1.", "<p class=\"oj-normal\">Area one:</p>" + row("(a)", "<p class=\"oj-normal\">sub-area.</p>")) +
    "<p class=\"oj-ti-grseq-1\">Section B</p>" + row("1.", "<p class=\"oj-normal\">Other area.</p>") +
    "</div>"
    "<div class=\"eli-container\" id=\"anx_II\"><p class=\"oj-doc-ti\">ANNEX II</p><p class=\"oj-doc-ti\">Procedure</p>"
    "<p class=\"oj-ti-grseq-1\">1.   Introduction</p><p class=\"oj-normal\">Intro text.</p>"
    "<table><tr><td/><td><p>1.1.</p></td><td><span>Detail.</span></td></tr></table>"
    "<div class=\"oj-enumeration-spacing\"><p style=\"display: inline;\">1.2.   </p><p><span>Inline point.</span></p></div>"
    "</div></body></html>";

TEST(eurlex_xhtml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("eurlex-xhtml"), &cadre::indexer::parsers::eurlex_xhtml());
}

TEST(eurlex_xhtml, FixtureIdsLabelsAndParents) {
  const auto clauses = parse(k_fixture);
  struct Expect {
    const char *path, *parent, *label, *heading;
  };
  const Expect expected[] = {
      {"rct_1", "", "Recital 1", ""},
      {"rct_2", "", "Recital 2", ""},
      {"art_1", "", "Article 1", "Subject matter"},
      {"art_1__para_1", "art_1", "Article 1(1)", ""},
      {"art_1__para_2", "art_1", "Article 1(2)", ""},
      {"art_1__para_2__point_a", "art_1__para_2", "Article 1(2)(a)", ""},
      {"art_1__para_2__point_b", "art_1__para_2", "Article 1(2)(b)", ""},
      {"art_1__para_2__point_b__subpara_i", "art_1__para_2__point_b", "Article 1(2)(b)(i)", ""},
      {"art_1__para_2__point_b__subpara_ii", "art_1__para_2__point_b", "Article 1(2)(b)(ii)", ""},
      {"art_2", "", "Article 2", "Definitions"},
      {"art_2__point_1", "art_2", "Article 2(1)", ""},
      {"art_2__point_2", "art_2", "Article 2(2)", ""},
      {"anx_I", "", "Annex I", "Test areas"},
      {"anx_I__sec_A", "anx_I", "Annex I, Section A", "First areas"},
      {"anx_I__sec_A__point_1", "anx_I__sec_A", "Annex I, Section A, point 1", ""},
      {"anx_I__sec_A__point_1__point_a", "anx_I__sec_A__point_1", "Annex I, Section A, point 1(a)", ""},
      {"anx_I__sec_B", "anx_I", "Annex I, Section B", ""},
      {"anx_I__sec_B__point_1", "anx_I__sec_B", "Annex I, Section B, point 1", ""},
      {"anx_II", "", "Annex II", "Procedure"},
      {"anx_II__point_1", "anx_II", "Annex II, point 1", "Introduction"},
      {"anx_II__point_1__point_1.1", "anx_II__point_1", "Annex II, point 1.1", ""},
      {"anx_II__point_1__point_1.2", "anx_II__point_1", "Annex II, point 1.2", ""},
  };
  ASSERT_EQ(clauses.size(), std::size(expected));
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    SCOPED_TRACE(expected[i].path);
    EXPECT_EQ(clauses[i].path, expected[i].path);
    EXPECT_EQ(clauses[i].parent, expected[i].parent);
    EXPECT_EQ(clauses[i].label, expected[i].label);
    EXPECT_EQ(clauses[i].heading, expected[i].heading);
    EXPECT_EQ(clauses[i].language, "en");
  }
}

TEST(eurlex_xhtml, FixtureTexts) {
  const auto clauses = parse(k_fixture);
  EXPECT_EQ(find(clauses, "rct_1")->text, "Testing rules matter.");
  EXPECT_EQ(find(clauses, "rct_2")->text, "Rules need tests."); // footnote call-out dropped
  EXPECT_EQ(find(clauses, "art_1__para_1")->text, "1. This Regulation lays down test rules.");
  EXPECT_EQ(find(clauses, "art_1__para_2__point_b__subpara_ii")->text, "(ii) they ship above 10^25 units.");
  // the repeated "(a)" of a later subparagraph stays in the paragraph's text
  EXPECT_EQ(find(clauses, "art_1__para_2")->text,
            "2. It applies to: (a) providers; (b) testers, where: (i) they test; (ii) they ship above 10^25 units. "
            "The second subparagraph covers: (a) repeats.");
  EXPECT_EQ(find(clauses, "art_2")->text,
            "For the purposes of this Regulation: (1) ‘test’ means a check; (2) ‘rule’ means a norm.");
  EXPECT_EQ(find(clauses, "anx_II__point_1")->text, "1. Introduction Intro text. 1.1. Detail. 1.2. Inline point.");
  EXPECT_EQ(find(clauses, "anx_II__point_1__point_1.2")->text, "1.2. Inline point.");
}

TEST(eurlex_xhtml, Errors) {
  try {
    parse("<html><body><p>Nothing here.</p></body></html>", {}, "empty.html");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(),
                 "empty.html: no articles found: is this really a eurlex-xhtml file? (expected <div id=\"art_N\">)");
  }
  try {
    parse("", {}, "zero.html");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "zero.html: the file is empty");
  }
  try {
    parse(k_fixture, {{"part", "1"}}, "opt.html");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "opt.html: unknown option(s) 'part' for format 'eurlex-xhtml' (it accepts no options)");
  }
  // a numbered paragraph repeated inside one article is malformed numbering
  const std::string twice =
      "<html><body><div id=\"art_1\"><div id=\"001.001\"><p>1. A.</p></div><div id=\"001.002\"><p>1. B.</p></div>"
      "</div></body></html>";
  try {
    parse(twice, {}, "twice.html");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "twice.html:1: clause art_1__para_1 appears twice (numbering not understood)");
  }
}

std::vector<ParsedClause> parse_real(const std::filesystem::path& file) {
  SourceInput input{file.string(), cadre::test::read_file(file), "en", {}};
  return cadre::indexer::parsers::eurlex_xhtml().parse(input);
}

int count_top(const std::vector<ParsedClause>& clauses, const std::string& prefix) {
  int n = 0;
  for (const auto& c : clauses)
    if (c.parent.empty() && c.path.rfind(prefix, 0) == 0) ++n;
  return n;
}

TEST(eurlex_xhtml, RealAiAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse_real(sources / "eu" / "eu-ai-act-2024-1689.en.html");
  EXPECT_EQ(count_top(clauses, "art_"), 113);
  EXPECT_EQ(count_top(clauses, "anx_"), 13);
  EXPECT_EQ(count_top(clauses, "rct_"), 180);
  const auto* art3 = find(clauses, "art_3");
  ASSERT_NE(art3, nullptr);
  EXPECT_EQ(art3->heading, "Definitions");
  const auto* def1 = find(clauses, "art_3__point_1");
  ASSERT_NE(def1, nullptr);
  EXPECT_EQ(def1->label, "Article 3(1)");
  EXPECT_NE(def1->text.find("‘AI system’ means"), std::string::npos);
  const auto* art5 = find(clauses, "art_5__para_1__point_h__subpara_iii");
  ASSERT_NE(art5, nullptr);
  EXPECT_EQ(art5->label, "Article 5(1)(h)(iii)");
  const auto* anx = find(clauses, "anx_III__point_4");
  ASSERT_NE(anx, nullptr);
  EXPECT_EQ(anx->label, "Annex III, point 4");
  EXPECT_NE(find(clauses, "anx_III__point_4__point_a"), nullptr);
  EXPECT_EQ(find(clauses, "anx_III")->heading, "High-risk AI systems referred to in Article 6(2)");
  EXPECT_EQ(find(clauses, "rct_12")->label, "Recital 12");
}

TEST(eurlex_xhtml, RealGdpr) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse_real(sources / "eu" / "gdpr-2016-679.en.html");
  EXPECT_EQ(count_top(clauses, "art_"), 99);
  EXPECT_EQ(count_top(clauses, "rct_"), 173);
  const auto* art22 = find(clauses, "art_22");
  ASSERT_NE(art22, nullptr);
  EXPECT_EQ(art22->heading, "Automated individual decision-making, including profiling");
  const auto* point = find(clauses, "art_22__para_2__point_c");
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->label, "Article 22(2)(c)");
  EXPECT_NE(point->text.find("explicit consent"), std::string::npos);
}

} // namespace
