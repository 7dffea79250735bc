#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/indexer/parsers/parser_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace cadre::test::parsers;
using cadre::indexer::ParsedClause;

TEST(egov_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("egov-xml"), &cadre::indexer::parsers::egov_xml());
}

TEST(egov_xml, JapaneseFixture) {
  const auto clauses = run_file("egov-xml", cadre::test::data_dir() / "sources/egov-xml/sample.ja.xml", "ja");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 4u);
  check_table(clauses, {
      {"art_1", "", "第一条", "目的", "この法律は、試験の規則を定める。"},
      {"art_2", "", "第二条", "定義", "この法律において"},
      {"art_2__item_1", "art_2", "第二条第一号", "", "一 試験"},
      {"art_3", "", "第三条", "", "国は、試験を行う。ただし、書面による。 ２ 前項"},
      {"art_3__para_2", "art_3", "第三条第二項", "", "２ 前項の試験"},
      {"art_3__para_2__item_1", "art_3__para_2", "第三条第二項第一号", "", "一 筆記"},
      {"art_3-2", "", "第三条の二", "報告", "国は、報告する。"},
      {"suppl", "", "附則", "", "（施行期日）"},
      {"suppl__art_1", "suppl", "附則第一条", "施行期日", "この法律は、公布の日から施行する。"},
  });
  EXPECT_EQ(find(clauses, "art_1__para_1"), nullptr); // a sole paragraph is the article itself
  EXPECT_EQ(clauses.size(), 11u);                     // the amending act's SupplProvision is skipped
  for (const auto& c : clauses) EXPECT_EQ(c.language, "ja");
}

TEST(egov_xml, EnglishFixtureAlignsWithJapanese) {
  const auto ja = run_file("egov-xml", cadre::test::data_dir() / "sources/egov-xml/sample.ja.xml", "ja");
  const auto en = run_file("egov-xml", cadre::test::data_dir() / "sources/egov-xml/sample.en.xml", "en");
  expect_well_formed(en);
  check_table(en, {
      {"art_1", "", "Article 1", "Purpose", "This Act lays down"},
      {"art_2__item_2", "art_2", "Article 2(ii)", "", "(ii) \"rule\""},
      {"art_3__para_1", "art_3", "Article 3(1)", "", "(1) The State conducts tests; provided"},
      {"art_3__para_2__item_1", "art_3__para_2", "Article 3(2)(i)", "", "(i) written"},
      {"art_3-2", "", "Article 3-2", "Reports", "The State reports."},
      {"suppl__art_1", "suppl", "Supplementary Provisions Article 1", "Effective Date", "This Act comes"},
      // A repeated number takes its ordinal from the id attribute (en_s1at2).
      {"suppl__art_2", "suppl", "Supplementary Provisions Article 1", "", "A misnumbered"},
  });
  auto en_paths = paths(en, "en");
  en_paths.pop_back(); // suppl__art_2 exists only in the English fixture
  EXPECT_EQ(paths(ja, "ja"), en_paths);
}

TEST(egov_xml, Errors) {
  EXPECT_EQ(message_of("egov-xml", "bad.xml", "<Law><LawBody><MainProvision>\n<Article Num=\"1\">", "ja"),
            "bad.xml:2: Premature end of data in tag Article line 2 (the file is not well-formed XML)");
  EXPECT_EQ(message_of("egov-xml", "empty.xml", "", "ja"), "empty.xml: the file is empty");
  EXPECT_EQ(message_of("egov-xml", "none.xml", "<Law><LawBody><MainProvision/></LawBody></Law>", "ja"),
            "none.xml: no articles found: is this really an egov-xml file?");
  EXPECT_EQ(message_of("egov-xml", "root.xml", "<html/>", "ja"),
            "root.xml:1: the root element is <html>, not <Law>: is this really an egov-xml file?");
  EXPECT_EQ(message_of("egov-xml", "num.xml",
                       "<Law><LawBody><MainProvision>\n<Article><ArticleTitle>x</ArticleTitle></Article>"
                       "</MainProvision></LawBody></Law>",
                       "ja"),
            "num.xml:2: <Article> has no valid Num attribute ('')");
  EXPECT_EQ(message_of("egov-xml", "opt.xml", "<Law/>", "ja", {{"part", "3"}}),
            "opt.xml: unknown option 'part' for format 'egov-xml'; this format accepts no options");
}

TEST(egov_xml, RealAiPromotionAct) {
  CADRE_REQUIRE_SOURCES();
  const auto ja = run_file("egov-xml", sources / "jp/ai-promotion-act-2025.ja.xml", "ja");
  const auto en = run_file("egov-xml", sources / "jp/ai-promotion-act-2025.en.xml", "en");
  expect_well_formed(ja);
  expect_well_formed(en);
  EXPECT_EQ(top_level(ja), 28u);
  EXPECT_EQ(top_level(en), 28u);
  check_table(ja, {{"art_1", "", "第一条", "目的", "この法律は"},
                   {"art_3__para_2", "art_3", "第三条第二項", "", "２ "},
                   {"art_18__para_2__item_1", "art_18__para_2", "第十八条第二項第一号", "", "一 "},
                   {"suppl__art_1", "suppl", "附則第一条", "施行期日", "この法律は、公布の日から施行する。"}});
  check_table(en, {{"art_1", "", "Article 1", "Purpose", "The purpose of this Act"},
                   {"art_3__para_2", "art_3", "Article 3(2)", "", "(2) "},
                   {"art_20__item_1", "art_20", "Article 20(i)", "", "(i) "},
                   {"suppl__art_5", "suppl", "Supplementary Provisions Article 4", "Adjustment Provisions", "When"}});
  // The main provisions align clause for clause.
  auto main_only = [](std::vector<std::string> v) {
    std::erase_if(v, [](const std::string& p) { return p.starts_with("suppl"); });
    return v;
  };
  EXPECT_EQ(main_only(paths(ja, "ja")), main_only(paths(en, "en")));
}
