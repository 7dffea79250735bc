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
  return cadre::indexer::parsers::legisquebec_html().parse(input);
}

std::string error_of(const std::string& bytes, std::map<std::string, std::string> options = {}) {
  return data_error_of([&] { parse(bytes, std::move(options)); });
}

// Invented wording in LegisQuébec markup.
const char* const k_fixture = R"(<html><body><div id="ga:l_i">
<div class="Heading Heading"><span class="Label-group5">DIVISION I</span><div class="TitleText-group5">TEST RULES</div></div>
<div class="section" id="se:1"><div class="Subsection SubsectionFirst" id="se:1-ss:1">
<div class="HistoryLink"><a href="#"><img src="/img/history.png"></a></div>
<a class="linkOtherLang" href="#se:1"><span class="Label-Section">1<span>.</span></span></a>
<span class="Subsection">This Act sets test rules.</span></div>
<div class="HistoricalNote"><span>1993, c. 17, s. 1</span><span class="Hidden">2021, c. 25</span></div></div>
<div class="section" id="se:2_1"><div class="Subsection SubsectionFirst" id="se:2_1-ss:1">
<a class="linkOtherLang" href="#se:2_1"><span class="Label-Section">2.1<span>.</span></span></a>
<span class="Subsection">A tester must report a result.</span></div>
<div class="Subsection" id="se:2_1-ss:2"><span class="Subsection">The report states</span>
<div class="Paragraph" id="se:2_1-ss:2-p1:1"><span class="Label-Z LabelBase">1<span>&#176; </span><span class="WidthFixForLabel">&nbsp;</span></span><span class="Paragraph">the date; and</span></div>
<div class="Paragraph" id="se:2_1-ss:2-p1:1_1"><span class="Label-Z LabelBase">1.1<span>&#176; </span></span><span class="Paragraph">the place, namely</span>
<div class="Subparagraph" id="x"><span class="Label-L LabelBase">a<span class="normal LabelBase italic">) </span></span><span class="Subparagraph">the town;</span></div></div>
</div><div class="HistoricalNote"><span>2021, c. 25, s. 102.</span></div></div>
<div class="section" id="se:3"><div class="Subsection SubsectionFirst" id="se:3-ss:1">
<a class="linkOtherLang" href="#se:3"><span class="Label-Section">3<span>.</span></span></a>
<span class="Subsection">This Act does not apply</span>
<div class="Paragraph" id="se:3-ss:1-p1:1"><span class="Label-Z LabelBase">1<span>&#176; </span></span><span class="Paragraph">to drills.</span></div></div></div>
</div></body></html>)";

TEST(legisquebec_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("legisquebec-html"), &cadre::indexer::parsers::legisquebec_html());
}

TEST(legisquebec_html, FixtureIdsLabelsParentsAndText) {
  const auto clauses = parse(k_fixture);
  struct Row { const char* path; const char* parent; const char* label; const char* text; };
  const Row rows[] = {
      {"sec_1", "", "s. 1", "This Act sets test rules."},
      {"sec_2.1", "", "s. 2.1", "A tester must report a result. The report states 1\xC2\xB0 the date; and 1.1\xC2\xB0 the place, namely a) the town;"},
      {"sec_2.1__para_1", "sec_2.1", "s. 2.1, para. 1", "A tester must report a result."},
      {"sec_2.1__para_2", "sec_2.1", "s. 2.1, para. 2", "The report states 1\xC2\xB0 the date; and 1.1\xC2\xB0 the place, namely a) the town;"},
      {"sec_2.1__para_2__item_1", "sec_2.1__para_2", "s. 2.1, para. 2, 1\xC2\xB0", "1\xC2\xB0 the date; and"},
      {"sec_2.1__para_2__item_1.1", "sec_2.1__para_2", "s. 2.1, para. 2, 1.1\xC2\xB0", "1.1\xC2\xB0 the place, namely a) the town;"},
      {"sec_2.1__para_2__item_1.1__point_a", "sec_2.1__para_2__item_1.1", "s. 2.1, para. 2, 1.1\xC2\xB0, a)", "a) the town;"},
      {"sec_3", "", "s. 3", "This Act does not apply 1\xC2\xB0 to drills."},
      {"sec_3__item_1", "sec_3", "s. 3, 1\xC2\xB0", "1\xC2\xB0 to drills."},
  };
  ASSERT_EQ(clauses.size(), std::size(rows));
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    SCOPED_TRACE(rows[i].path);
    EXPECT_EQ(clauses[i].path, rows[i].path);
    EXPECT_EQ(clauses[i].parent, rows[i].parent);
    EXPECT_EQ(clauses[i].label, rows[i].label);
    EXPECT_EQ(clauses[i].text, rows[i].text);
    EXPECT_EQ(clauses[i].heading, "");  // the division title is not a section heading
    EXPECT_EQ(clauses[i].language, "en");
  }
}

TEST(legisquebec_html, Errors) {
  EXPECT_EQ(error_of(""), "fixture.html: the file is empty");
  EXPECT_EQ(error_of("<html><body><p>Nothing here</p></body></html>"),
            "fixture.html: no sections found: is this really a legisquebec-html file?");
  EXPECT_EQ(error_of("<html><body>\n<div class=\"section\" id=\"se:5\"><span>text</span></div></body></html>"),
            "fixture.html:2: section 'se:5' has no printed number (span.Label-Section)");
  EXPECT_EQ(error_of(k_fixture, {{"part", "3"}}),
            "fixture.html: unknown option(s) 'part' for format 'legisquebec-html' (it accepts none)");
}

TEST(legisquebec_html, RealP391) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "ca-qc/p-39.1-private-sector-privacy-act.en.html"));
  EXPECT_EQ(std::count_if(clauses.begin(), clauses.end(), [](const ParsedClause& c) { return c.parent.empty(); }), 179);
  const auto* s121 = find(clauses, "sec_12.1");
  ASSERT_NE(s121, nullptr);
  EXPECT_EQ(s121->label, "s. 12.1");
  EXPECT_NE(s121->text.find("automated processing"), std::string::npos);
  EXPECT_EQ(s121->text.find("2021, c. 25"), std::string::npos);  // history note dropped
  const auto* item = find(clauses, "sec_12.1__para_2__item_2");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->parent, "sec_12.1__para_2");
  EXPECT_EQ(item->label, "s. 12.1, para. 2, 2\xC2\xB0");
  ASSERT_NE(find(clauses, "sec_21.0.2__para_2__item_5__point_a"), nullptr);
  ASSERT_NE(find(clauses, "sec_115"), nullptr);
}

} // namespace
