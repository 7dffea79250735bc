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

std::vector<ParsedClause> parse(const std::string& bytes, const std::string& lang = "en",
                                std::map<std::string, std::string> options = {}) {
  SourceInput input{"fixture.html", bytes, lang, std::move(options)};
  return cadre::indexer::parsers::tbs_html().parse(input);
}

std::string error_of(const std::string& bytes, std::map<std::string, std::string> options = {}) {
  try {
    parse(bytes, "en", std::move(options));
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string page(const std::string& h2_1, const std::string& h3, const std::string& group,
                 const std::string& clause, const std::string& app, const std::string& row) {
  return R"(<div id="ps-doc"><div class="pol-cha">
<details class="pol-sec"><summary><h2 id="cha1">1. )" + h2_1 + R"(</h2></summary><div class="pol-content">
<ul class="pol-cla"><li class="pol-cla" id="cla1.1"><span class="pol-cla-id">1.1</span>)" + clause + R"(
<ul class="pol-cla"><li class="pol-cla" id="cla1.1.1"><span class="pol-cla-id">1.1.1</span>Sub.</li></ul></li></ul>
<section class="pol-sub"><header><h3 id="sec1.2">1.2 )" + h3 + R"(</h3></header><div class="pol-content">
<section><header><h4>)" + group + R"(</h4></header><ul class="pol-cla">
<li class="pol-cla" id="cla1.2.1"><span class="pol-cla-id">1.2.1</span>Grouped.</li></ul></section></div></section>
</div></details></div><div class="pol-app">
<details class="pol-sec"><summary><h2 id="appA">)" + app + R"(</h2></summary><div class="pol-content"><dl><dt>term</dt><dd>meaning</dd></dl></div></details>
<details class="pol-sec"><summary><h2 id="appC">)" + app.substr(0, app.find(' ')) + R"( C - X</h2></summary><div class="pol-content">
<table><thead><tr><th>R</th><th>L1</th><th>L2</th></tr></thead><tbody>
<tr><th scope="row">)" + row + R"(<br>(section 1.1)</th><td>one</td><td>two</td></tr></tbody></table></div></details></div></div>)";
}

TEST(tbs_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("tbs-html"), &cadre::indexer::parsers::tbs_html());
}

TEST(tbs_html, FixtureEnglishAndFrenchShareIds) {
  const auto en = parse(page("Scope", "Testing", "Checking results", "Applies to tests.", "Appendix A - Definitions", "Notice"), "en");
  const auto fr = parse(page("Portée", "Essais", "Vérifier", "S’applique aux essais.", "Annexe A – Définitions", "Avis"), "fr");
  struct Row { const char* path; const char* parent; const char* label_en; const char* label_fr; const char* heading_en; };
  const Row rows[] = {
      {"sec_1", "", "s. 1", "section 1", "Scope"},
      {"sec_1.1", "sec_1", "s. 1.1", "section 1.1", ""},
      {"sec_1.1.1", "sec_1.1", "s. 1.1.1", "section 1.1.1", ""},
      {"sec_1.2", "sec_1", "s. 1.2", "section 1.2", "Testing"},
      {"sec_1.2.1", "sec_1.2", "s. 1.2.1", "section 1.2.1", "Checking results"},
      {"appx_A", "", "Appendix A", "Annexe A", "Definitions"},
      {"appx_C", "", "Appendix C", "Annexe C", "X"},
      {"appx_C__row_1", "appx_C", "Appendix C, Notice", "Annexe C, Avis", "Notice"},
  };
  ASSERT_EQ(en.size(), std::size(rows));
  ASSERT_EQ(fr.size(), std::size(rows));
  for (std::size_t i = 0; i < en.size(); ++i) {
    SCOPED_TRACE(rows[i].path);
    EXPECT_EQ(en[i].path, rows[i].path);
    EXPECT_EQ(fr[i].path, rows[i].path);
    EXPECT_EQ(en[i].parent, rows[i].parent);
    EXPECT_EQ(en[i].label, rows[i].label_en);
    EXPECT_EQ(fr[i].label, rows[i].label_fr);
    EXPECT_EQ(en[i].heading, rows[i].heading_en);
    EXPECT_EQ(en[i].language, "en");
    EXPECT_EQ(fr[i].language, "fr");
  }
  EXPECT_EQ(find(en, "sec_1.1")->text, "Applies to tests. 1.1.1 Sub.");
  EXPECT_EQ(find(en, "sec_1.1.1")->text, "Sub.");
  EXPECT_EQ(find(fr, "sec_1")->heading, "Portée");
  EXPECT_EQ(find(en, "appx_C__row_1")->text, "Notice (section 1.1) L1: one L2: two");
}

TEST(tbs_html, Errors) {
  EXPECT_EQ(error_of(""), "fixture.html: the file is empty");
  EXPECT_EQ(error_of("<div><p>Nothing</p></div>"), "fixture.html: no sections found: is this really a tbs-html file?");
  EXPECT_EQ(error_of("<div>\n<details class=\"pol-sec\"><summary><h2 id=\"cha1\">Scope</h2></summary></details></div>"),
            "fixture.html:2: section heading 'Scope' does not start with its number (\"6. Requirements\")");
  EXPECT_EQ(error_of("<div><details class=\"pol-sec\"><summary><h2 id=\"cha1\">1. A</h2></summary><div class=\"pol-content\">\n"
                     "<ul><li class=\"pol-cla\"><span class=\"pol-cla-id\">1.1</span>x</li><li class=\"pol-cla\"><span class=\"pol-cla-id\">1.1</span>y</li></ul>"
                     "</div></details></div>"),
            "fixture.html:2: the number of 's. 1.1' appears twice");
  EXPECT_EQ(error_of("<div></div>", {{"lang", "fr"}}),
            "fixture.html: unknown option(s) 'lang' for format 'tbs-html' (it accepts none)");
}

TEST(tbs_html, RealDirectiveEnglishAndFrench) {
  CADRE_REQUIRE_SOURCES();
  const auto en = parse(cadre::test::read_file(sources / "ca/tbs-directive-automated-decision-making-2025-06-24.en.html"), "en");
  const auto fr = parse(cadre::test::read_file(sources / "ca/tbs-directive-automated-decision-making-2025-06-24.fr.html"), "fr");
  std::vector<std::string> top;
  for (const auto& c : en) if (c.parent.empty()) top.push_back(c.path);
  EXPECT_EQ(top, (std::vector<std::string>{"sec_1", "sec_2", "sec_3", "sec_4", "sec_5", "sec_6", "sec_7", "sec_8",
                                           "sec_9", "sec_10", "appx_A", "appx_B", "appx_C"}));
  ASSERT_EQ(en.size(), fr.size());
  for (std::size_t i = 0; i < en.size(); ++i) {
    EXPECT_EQ(en[i].path, fr[i].path);
    EXPECT_EQ(en[i].parent, fr[i].parent);
  }
  EXPECT_EQ(find(en, "sec_6")->heading, "Requirements");
  EXPECT_EQ(find(fr, "sec_6")->heading, "Exigences");
  EXPECT_EQ(find(en, "sec_6.2.3")->label, "s. 6.2.3");
  EXPECT_EQ(find(fr, "sec_6.2.3")->label, "section 6.2.3");
  EXPECT_EQ(find(en, "sec_6.2.3")->parent, "sec_6.2");
  EXPECT_EQ(find(en, "appx_A")->label, "Appendix A");
  EXPECT_EQ(find(fr, "appx_A")->label, "Annexe A");
  EXPECT_EQ(find(en, "appx_B__level_IV")->label, "Appendix B, Level IV");
  ASSERT_NE(find(en, "appx_C__row_7"), nullptr);
  EXPECT_EQ(find(en, "appx_C__row_1")->heading, "Notice");
  EXPECT_EQ(find(fr, "appx_C__row_1")->heading, "Avis");
}

} // namespace
