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

TEST(cac_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("cac-html"), &cadre::indexer::parsers::cac_html());
}

TEST(cac_html, Fixture) {
  const auto clauses = run_file("cac-html", cadre::test::data_dir() / "sources/cac-html/sample.zh.html", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 3u);
  check_table(clauses, {
      {"art_1", "", "第一条", "", "第一条 为了规范试验，制定本办法。"},
      {"art_2__item_1", "art_2", "第二条（一）", "", "（一）使用合法数据；"},
      {"art_2__item_2", "art_2", "第二条（二）", "", "（二）保护个人信息。"},
      {"art_12", "", "第十二条", "", "第十二条 本办法自2024年1月1日起施行。"},
  });
  // The article keeps its later paragraph; chapter headings, the order and the footer are not text.
  EXPECT_EQ(find(clauses, "art_2")->text,
            "第二条 开展试验，应当遵守以下规定： （一）使用合法数据； （二）保护个人信息。 违反前款规定的，依法处理。");
  EXPECT_EQ(find(clauses, "art_12")->text.find("版权"), std::string::npos);
}

TEST(cac_html, Errors) {
  EXPECT_EQ(message_of("cac-html", "empty.html", "", "zh"), "empty.html: the file is empty");
  EXPECT_EQ(message_of("cac-html", "none.html", "<html><body><p>首页</p></body></html>", "zh"),
            "none.html: no articles found: is this really a cac-html file?");
  EXPECT_EQ(message_of("cac-html", "dup.html", "<html><body>\n<p>第一条 甲。</p>\n<p>第一条 乙。</p></body></html>", "zh"),
            "dup.html:3: the clause id 'art_1' occurs twice (a number is repeated)");
  EXPECT_EQ(message_of("cac-html", "opt.html", "<p>x</p>", "zh", {{"x", "1"}}),
            "opt.html: unknown option 'x' for format 'cac-html'; this format accepts no options");
}

TEST(cac_html, RealInterimMeasures) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = run_file("cac-html", sources / "cn/genai-interim-measures-2023.zh.html", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 24u);
  check_table(clauses, {{"art_1", "", "第一条", "", "第一条 为了促进生成式人工智能"},
                        {"art_4__item_1", "art_4", "第四条（一）", "", "（一）坚持社会主义核心价值观"},
                        {"art_22__item_3", "art_22", "第二十二条（三）", "", "（三）"},
                        {"art_24", "", "第二十四条", "", "第二十四条 本办法自2023年8月15日起施行。"}});
  EXPECT_EQ(find(clauses, "art_24")->text, "第二十四条 本办法自2023年8月15日起施行。");
}
