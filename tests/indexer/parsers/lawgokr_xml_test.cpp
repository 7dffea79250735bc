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

TEST(lawgokr_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("lawgokr-xml"), &cadre::indexer::parsers::lawgokr_xml());
}

TEST(lawgokr_xml, KoreanFixture) {
  const auto clauses = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.ko.xml", "ko");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 4u); // the chapter heading (전문) is not a clause
  check_table(clauses, {
      {"art_1", "", "제1조", "목적", "제1조(목적) 이 법은"},
      {"art_2__item_1", "art_2", "제2조제1호", "", "1. \"시험\""},
      {"art_2__item_1-2", "art_2", "제2조제1호의2", "", "1의2. \"규칙\""},
      {"art_2__item_1-2__point_2", "art_2__item_1-2", "제2조제1호의2나목", "", "나. 명령"},
      {"art_3__para_1", "art_3", "제3조제1항", "", "① 국가는"},
      {"art_3__para_2__item_1", "art_3__para_2", "제3조제2항제1호", "", "1. 안전"},
      {"art_3-2", "", "제3조의2", "보고", "제3조의2(보고)"},
  });
  // Editorial notes are dropped.
  EXPECT_EQ(find(clauses, "art_3__para_2")->text, "② 국가는 다음 사항을 고려한다. 1. 안전");
  EXPECT_EQ(find(clauses, "art_2")->text.find("<개정"), std::string::npos);
}

TEST(lawgokr_xml, EnglishFixtureAlignsWithKorean) {
  const auto ko = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.ko.xml", "ko");
  const auto en = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.en.xml", "en");
  expect_well_formed(en);
  check_table(en, {
      {"art_1", "", "Article 1", "Purpose", "Article 1 (Purpose) The purpose"},
      {"art_2__item_1-2__point_1", "art_2__item_1-2", "Article 2, subparagraph 1-2, item (a)", "", "a. Acts;"},
      {"art_3__para_1", "art_3", "Article 3(1)", "", "(1) The State shall support tests."},
      {"art_3__para_2__item_1", "art_3__para_2", "Article 3(2), subparagraph 1", "", "1. Safety."},
      {"art_3-2", "", "Article 3-2", "Reports", "Article 3-2 (Reports)"},
  });
  EXPECT_EQ(find(en, "art_3")->text,
            "Article 3 (Responsibilities of the State) (1) The State shall support tests. (2) The State shall "
            "consider the following: 1. Safety.");
  EXPECT_EQ(paths(ko, "ko"), paths(en, "en"));
}

TEST(lawgokr_xml, Errors) {
  EXPECT_EQ(message_of("lawgokr-xml", "bad.xml", "<법령>\n<조문>", "ko"),
            "bad.xml:2: Premature end of data in tag 조문 line 2 (the file is not well-formed XML)");
  EXPECT_EQ(message_of("lawgokr-xml", "empty.xml", "", "ko"), "empty.xml: the file is empty");
  EXPECT_EQ(message_of("lawgokr-xml", "none.xml", "<법령><조문/></법령>", "ko"),
            "none.xml: no articles found: is this really a lawgokr-xml file?");
  EXPECT_EQ(message_of("lawgokr-xml", "para.xml",
                       "<법령><조문>\n<조문단위><조문번호>1</조문번호><조문여부>조문</조문여부>\n<항><항번호>(1)</항번호>"
                       "</항></조문단위></조문></법령>",
                       "ko"),
            "para.xml:3: <항번호> '(1)' is not a circled paragraph number");
  EXPECT_EQ(message_of("lawgokr-xml", "opt.xml", "<법령/>", "ko", {{"a", "1"}, {"b", "2"}}),
            "opt.xml: unknown options 'a', 'b' for format 'lawgokr-xml'; this format accepts no options");
}

TEST(lawgokr_xml, RealAiBasicAct) {
  CADRE_REQUIRE_SOURCES();
  const auto current = run_file("lawgokr-xml", sources / "kr/ai-framework-act-current-2026-07-20.ko.xml", "ko");
  const auto ko = run_file("lawgokr-xml", sources / "kr/ai-framework-act-2026-07-21.ko.xml", "ko");
  const auto en = run_file("lawgokr-xml", sources / "kr/ai-framework-act-2026-07-21.en.xml", "en");
  expect_well_formed(current);
  expect_well_formed(ko);
  expect_well_formed(en);
  EXPECT_EQ(top_level(current), 44u);
  EXPECT_EQ(top_level(ko), 46u);
  EXPECT_EQ(top_level(en), 46u);
  EXPECT_EQ(find(current, "art_17-2"), nullptr);
  check_table(ko, {{"art_2__item_4__point_1", "art_2__item_4", "제2조제4호가목", "", "가. "},
                   {"art_3__para_1", "art_3", "제3조제1항", "", "① "},
                   {"art_17-2", "", "제17조의2", "인공지능제품 및 인공지능서비스 이용비용의 지원", "제17조의2("},
                   {"art_6__para_2__item_4-2", "art_6__para_2", "제6조제2항제4호의2", "", "4의2. "}});
  check_table(en, {{"art_2__item_4__point_1", "art_2__item_4", "Article 2, subparagraph 4, item (a)", "", "a. Supply"},
                   {"art_3__para_1", "art_3", "Article 3(1)", "", "(1) "},
                   {"art_17-2", "", "Article 17-2", "Support for expenses for using artificial intelligence products "
                                                     "and artificial intelligence services", "Article 17-2 ("},
                   {"art_22-3", "", "Article 22-3", "Establishment and operation of research institutions for "
                                                    "securing artificial intelligence technology", "Article 22-3 ("}});
  EXPECT_EQ(paths(ko, "ko"), paths(en, "en")); // the two language versions align clause for clause
}
