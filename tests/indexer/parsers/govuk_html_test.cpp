#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/indexer/parsers/parser_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using namespace cadre::test::parsers;
using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

std::vector<ParsedClause> parse(const std::string& bytes, std::map<std::string, std::string> options = {}) {
  SourceInput input{"fixture.html", bytes, "en", std::move(options)};
  return cadre::indexer::parsers::govuk_html().parse(input);
}

std::string error_of(const std::string& bytes, std::map<std::string, std::string> options = {}) {
  return data_error_of([&] { parse(bytes, std::move(options)); });
}

// Invented wording in GOV.UK publication markup.
const char* const k_fixture = R"(<!DOCTYPE html><head><title>Test plan</title></head><body>
<p>Cover caption.</p>
<h2 id="foreword">Foreword</h2>
<p>We plan tests.<sup id="fnref:1"><a href="#fn:1">[footnote 1]</a></sup></p>
<h2 id="build"><span class="number">1. </span> Build the base</h2>
<h3 id="tools"><span class="number">1.1 </span> Tools</h3>
<p>Tools matter.</p>
<p>1. <strong>Buy a hammer.</strong> Within 6 months.</p>
<ul><li>a big one</li></ul>
<p>Some prose.</p>
<p>2. <strong>Train people.</strong> Soon.</p>
<h3 id="closing-words">Closing words</h3>
<p>3. <strong>Review.</strong> Yearly.</p>
<div class="footnotes"><ol><li id="fn:1"><p>A source.</p></li></ol></div>
</body></html>)";

TEST(govuk_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("govuk-html"), &cadre::indexer::parsers::govuk_html());
}

TEST(govuk_html, FixtureSectionsAndRecommendations) {
  const auto clauses = parse(k_fixture);
  const std::vector<Row> rows = {
      {"sec_foreword", "", "Foreword", "Foreword", "We plan tests."},
      {"sec_1", "", "Section 1", "Build the base",
       "Tools matter. 1. Buy a hammer. Within 6 months. a big one Some prose. 2. Train people. Soon. 3. Review. Yearly."},
      {"sec_1.1", "sec_1", "Section 1.1", "Tools",
       "Tools matter. 1. Buy a hammer. Within 6 months. a big one Some prose. 2. Train people. Soon."},
      {"rec_1", "sec_1.1", "Recommendation 1", "Buy a hammer.", "Buy a hammer. Within 6 months. a big one"},
      {"rec_2", "sec_1.1", "Recommendation 2", "Train people.", "Train people. Soon."},
      {"sec_closing-words", "sec_1", "Closing words", "Closing words", "3. Review. Yearly."},
      {"rec_3", "sec_closing-words", "Recommendation 3", "Review.", "Review. Yearly."},
  };
  expect_rows(clauses, rows, "en");
}

TEST(govuk_html, Errors) {
  EXPECT_EQ(error_of(""), "fixture.html: the file is empty");
  EXPECT_EQ(error_of("<body><p>No headings.</p></body>"),
            "fixture.html: no sections found: is this really a govuk-html file?");
  EXPECT_EQ(error_of("<body>\n<h2>Untitled</h2><p>x</p></body>"),
            "fixture.html:2: heading 'Untitled' has neither a printed number nor an id attribute");
  EXPECT_EQ(error_of("<body><h2 id=\"a\">A</h2>\n<p>1. <strong>X.</strong></p><p>1. <strong>Y.</strong></p></body>"),
            "fixture.html:2: 'Recommendation 1' appears twice (id rec_1)");
  EXPECT_EQ(error_of(k_fixture, {{"numbering", "x"}}),
            "fixture.html: unknown option(s) 'numbering' for format 'govuk-html' (it accepts none)");
}

TEST(govuk_html, RealActionPlan) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "uk/ai-opportunities-action-plan-2025.html"));
  int recs = 0, top = 0;
  for (const auto& c : clauses) {
    if (c.path.rfind("rec_", 0) == 0) ++recs;
    if (c.parent.empty()) ++top;
    EXPECT_EQ(c.text.find("[footnote"), std::string::npos) << c.path;
  }
  EXPECT_EQ(recs, 50);
  EXPECT_EQ(top, 6);  // foreword, the opportunity, sections 1-3, conclusion
  for (int n = 1; n <= 50; ++n) EXPECT_NE(find(clauses, "rec_" + std::to_string(n)), nullptr) << n;
  EXPECT_EQ(find(clauses, "rec_12")->label, "Recommendation 12");
  EXPECT_EQ(find(clauses, "rec_1")->parent, "sec_1.1");
  EXPECT_EQ(find(clauses, "sec_1")->heading, "Lay the foundations to enable AI");
  EXPECT_EQ(find(clauses, "sec_2.2")->parent, "sec_2");
  ASSERT_NE(find(clauses, "sec_conclusion"), nullptr);
}

} // namespace
