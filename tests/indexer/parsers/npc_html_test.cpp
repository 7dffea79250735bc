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

TEST(npc_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("npc-html"), &cadre::indexer::parsers::npc_html());
}

TEST(npc_html, FixturePages) {
  const auto dir = cadre::test::data_dir() / "sources/npc-html";
  auto clauses = run_file("npc-html", dir / "sample.page-1.html", "en");
  const auto page2 = run_file("npc-html", dir / "sample.page-2.html", "en");
  clauses.insert(clauses.end(), page2.begin(), page2.end());
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 4u);
  check_table(clauses, {
      {"art_1", "", "Article 1", "", "Article 1 This Law is enacted"},
      {"art_2__item_1", "art_2", "Article 2(1)", "", "(1) consent has been obtained;"},
      {"art_2__item_2", "art_2", "Article 2(2)", "", "(2) the law so provides."},
      {"art_4", "", "Article 4", "", "Article 4 This Law shall come into force"},
  });
  // Further paragraphs stay; chapter and section headings with their titles do not.
  EXPECT_EQ(find(clauses, "art_2")->text,
            "Article 2 A processor may process data under any of the following circumstances: (1) consent has "
            "been obtained; (2) the law so provides. Other laws shall also apply.");
  EXPECT_EQ(find(clauses, "art_3")->text, "Article 3 Processors shall keep records.");
}

TEST(npc_html, Errors) {
  EXPECT_EQ(message_of("npc-html", "empty.html", "", "en"), "empty.html: the file is empty");
  EXPECT_EQ(message_of("npc-html", "none.html", "<html><body><div id=\"Content\"><p>Contents</p></div></body></html>", "en"),
            "none.html: no articles found: is this really an npc-html file?");
  EXPECT_EQ(message_of("npc-html", "cont.html", "<html><body><div id=\"Content\">\n<p>(3) a continued item;</p>"
                                                "<p>Article 9 Text.</p></div></body></html>", "en"),
            "cont.html:2: the page starts inside an article (a numbered item before any 'Article N'); the "
            "article continues from the previous page");
  EXPECT_EQ(message_of("npc-html", "opt.html", "<p>x</p>", "en", {{"page", "1"}}),
            "opt.html: unknown option 'page' for format 'npc-html'; this format accepts no options");
}

TEST(npc_html, RealPiplThreePages) {
  CADRE_REQUIRE_SOURCES();
  std::vector<ParsedClause> clauses;
  std::vector<std::size_t> per_page;
  for (const char* page : {"page-1", "page-2", "page-3"}) {
    const auto part = run_file("npc-html", sources / (std::string("cn/pipl-2021-npc-en.") + page + ".html"), "en");
    per_page.push_back(top_level(part));
    clauses.insert(clauses.end(), part.begin(), part.end());
  }
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 74u);
  EXPECT_EQ(per_page, (std::vector<std::size_t>{25, 26, 23}));
  check_table(clauses, {{"art_1", "", "Article 1", "", "Article 1 This Law is enacted"},
                        {"art_13__item_1", "art_13", "Article 13(1)", "", "(1) the individual's consent"},
                        {"art_24", "", "Article 24", "", "Article 24 Personal information processors using"},
                        {"art_55", "", "Article 55", "", "Article 55 "},
                        {"art_74", "", "Article 74", "", "Article 74 This Law shall come into force"}});
  EXPECT_EQ(find(clauses, "art_12")->text.find("Chapter"), std::string::npos);
}
