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

TEST(article_json, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("article-json"), &cadre::indexer::parsers::article_json());
}

TEST(article_json, BrazilianFixturePortugueseAndEnglish) {
  const auto dir = cadre::test::data_dir() / "sources/article-json";
  const auto pt = run_file("article-json", dir / "sample.pt.json", "pt");
  const auto en = run_file("article-json", dir / "sample.en.json", "en");
  expect_well_formed(pt);
  expect_well_formed(en);
  EXPECT_EQ(top_level(pt), 3u);
  check_table(pt, {
      {"art_1", "", "Art. 1", "", "Art. 1º Esta Lei estabelece"},
      {"art_1__para_1", "art_1", "Art. 1, § 1", "", "§ 1º Esta Lei não se aplica:"},
      {"art_1__para_1__item_II", "art_1__para_1", "Art. 1, § 1, II", "", "II − à defesa"},
      {"art_1__para_1__item_II__point_b", "art_1__para_1__item_II", "Art. 1, § 1, II, b", "", "b) houver registro."},
      {"art_2__item_I", "art_2", "Art. 2, I", "", "I – a pessoa humana;"},
      {"art_2__para_single", "art_2", "Art. 2, parágrafo único", "", "Parágrafo único."},
  });
  check_table(en, {
      {"art_1__para_2", "art_1", "Article 1, § 2", "", "§ 2. The regulation applies."},
      {"art_2__para_single", "art_2", "Article 2, sole paragraph", "", "Sole paragraph."},
  });
  // Quoted amending text is part of the article, never structure.
  EXPECT_EQ(find(pt, "art_3__item_IV"), nullptr);
  EXPECT_NE(find(pt, "art_3")->text.find("IV – novo inciso;"), std::string::npos);
  EXPECT_EQ(paths(pt, "pt"), paths(en, "en"));
}

TEST(article_json, TaiwaneseFixtureYieldsBothLanguages) {
  const auto clauses =
      run_file("article-json", cadre::test::data_dir() / "sources/article-json/sample.zh-Hant+en.json", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses, "art_", "zh"), 3u);
  EXPECT_EQ(top_level(clauses, "art_", "en"), 3u);
  check_table(clauses, {{"art_1", "", "第1條", "", "為測試規則"},
                        {"art_2__item_1", "art_2", "第2條第1款", "", "一、安全"},
                        {"art_3__para_2", "art_3", "第3條第2項", "", "前項測試之方法"}},
              "zh");
  check_table(clauses, {{"art_1", "", "Article 1", "", "This Act is enacted"},
                        {"art_2__item_2", "art_2", "Article 2, subparagraph 2", "", "2. Transparency"},
                        {"art_3__para_1", "art_3", "Article 3(1)", "", "The government shall conduct tests."}},
              "en");
  EXPECT_EQ(paths(clauses, "zh"), paths(clauses, "en"));
}

TEST(article_json, Errors) {
  EXPECT_EQ(message_of("article-json", "bad.json", "{\"articles\": [\n{\"articleNumber\": }]}", "pt"),
            "bad.json:2: not valid JSON (syntax error while parsing value - unexpected '}'; expected '[', '{', or "
            "a literal)");
  EXPECT_EQ(message_of("article-json", "empty.json", "", "pt"), "empty.json: the file is empty");
  // Found by fuzz_parsers: out_of_range, not parse_error, escaped the parser.
  EXPECT_EQ(message_of("article-json", "huge.json", "[{\"articleNumber\": 1e999}]", "pt"),
            "huge.json: not valid JSON (number overflow parsing '1e999')");
  EXPECT_EQ(message_of("article-json", "none.json", "{\"articles\": []}", "pt"),
            "none.json: no articles found: is this really an article-json file? (expected a list of articles, or "
            "an object with \"articles\" or \"units\")");
  EXPECT_EQ(message_of("article-json", "num.json", "[{\"paragraphs\": [\"x\"]}]", "pt"),
            "num.json: article entry 1 has no usable article number (\"articleNumber\", or an id ending in -art-N)");
  EXPECT_EQ(message_of("article-json", "opt.json", "[]", "pt", {{"lang", "pt"}}),
            "opt.json: unknown option 'lang' for format 'article-json'; this format accepts no options");
}

TEST(article_json, RealPl2338) {
  CADRE_REQUIRE_SOURCES();
  const auto pt = run_file("article-json", sources / "br/pl-2338-2023-senate-autograph.pt.json", "pt");
  const auto en = run_file("article-json", sources / "br/pl-2338-2023-senate-autograph.project-translation.en.json", "en");
  expect_well_formed(pt);
  expect_well_formed(en);
  EXPECT_EQ(top_level(pt), 79u);
  EXPECT_EQ(top_level(en), 79u);
  EXPECT_EQ(find(pt, "art_31"), nullptr);
  check_table(pt, {{"art_1__para_1__item_I", "art_1__para_1", "Art. 1, § 1, I", "", "I – utilizado"},
                   {"art_13__item_I__point_a", "art_13__item_I", "Art. 13, I, a", "", "a) instigar"},
                   {"art_80", "", "Art. 80", "", "Art. 80."}});
  check_table(en, {{"art_1__para_1__item_I", "art_1__para_1", "Article 1, § 1, I", "", "I – used"}});
  EXPECT_EQ(paths(pt, "pt"), paths(en, "en"));
}

TEST(article_json, RealTaiwanAiBasicAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = run_file("article-json", sources / "tw/ai-basic-act-2026.zh-Hant+en.json", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses, "art_", "zh"), 20u);
  EXPECT_EQ(top_level(clauses, "art_", "en"), 20u);
  check_table(clauses, {{"art_4__item_1", "art_4", "第4條第1款", "", "一、永續發展與福祉"},
                        {"art_5__para_2", "art_5", "第5條第2項", "", "政府應以兒少最佳利益為原則"}},
              "zh");
  check_table(clauses, {{"art_5__para_2", "art_5", "Article 5(2)", "", "The government shall act in the best"}},
              "en");
  EXPECT_EQ(paths(clauses, "zh"), paths(clauses, "en"));
}
