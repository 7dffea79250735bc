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

TEST(planalto_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("planalto-html"), &cadre::indexer::parsers::planalto_html());
}

TEST(planalto_html, Fixture) {
  const auto clauses = run_file("planalto-html", cadre::test::data_dir() / "sources/planalto-html/sample.pt.html", "pt");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 6u);
  check_table(clauses, {
      {"art_1", "", "Art. 1", "", "Art. 1º Esta Lei dispõe sobre testes."},
      {"art_2__item_II", "art_2", "Art. 2, II", "", "II - a inovação"},
      {"art_2__item_II__point_b", "art_2__item_II", "Art. 2, II, b", "", "b) a segurança."},
      {"art_2__para_1", "art_2", "Art. 2, § 1º", "", "§ 1º O regulamento"},
      {"art_2__para_1__item_I", "art_2__para_1", "Art. 2, § 1º, I", "", "I - prazos;"},
      {"art_2__para_single", "art_2", "Art. 2, parágrafo único", "", "Parágrafo único. (VETADO)."},
      {"art_57", "", "Art. 57", "", "Art. 5 7. (VETADO)."},
      {"art_57-A", "", "Art. 57-A", "", "Art. 57-A. A autoridade fiscalizará."},
      {"art_57-B", "", "Art. 57-B", "", "Art. 57-B. (Revogado pela Lei nº 3, de 2025)"},
  });
  // Struck-through wording and amendment notes are gone; quoted text stays in its article.
  const std::string art2 = find(clauses, "art_2")->text;
  EXPECT_EQ(art2.find("antiga"), std::string::npos);
  EXPECT_EQ(art2.find("Redação"), std::string::npos);
  EXPECT_EQ(art2.find("Vigência"), std::string::npos);
  EXPECT_TRUE(art2.starts_with("Art. 2º São fundamentos: I - o respeito;"));
  EXPECT_EQ(find(clauses, "art_57-A")->text, "Art. 57-A. A autoridade fiscalizará.");
  EXPECT_EQ(find(clauses, "art_58__item_I"), nullptr);
  EXPECT_EQ(find(clauses, "art_58")->text.find("FULANO"), std::string::npos);
}

TEST(planalto_html, Errors) {
  EXPECT_EQ(message_of("planalto-html", "empty.html", "", "pt"), "empty.html: the file is empty");
  EXPECT_EQ(message_of("planalto-html", "none.html", "<html><body><p>LEI</p></body></html>", "pt"),
            "none.html: no articles found: is this really a planalto-html file?");
  EXPECT_EQ(message_of("planalto-html", "enc.html", "<p>Art. 1\x81</p>", "pt", {{"encoding", "windows-1252"}}),
            "enc.html: byte 9 is not valid windows-1252");
  EXPECT_EQ(message_of("planalto-html", "opt.html", "<p>x</p>", "pt", {{"charset", "x"}}),
            "opt.html: unknown option 'charset' for format 'planalto-html'; accepted options: encoding");
}

TEST(planalto_html, RealLgpd) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = run_file("planalto-html", sources / "br/lgpd-lei-13709-2018.planalto.pt.html", "pt");
  expect_well_formed(clauses);
  for (int n = 1; n <= 65; ++n) EXPECT_NE(find(clauses, "art_" + std::to_string(n)), nullptr) << n;
  for (const char* lettered : {"art_55-A", "art_55-B", "art_55-J", "art_55-M", "art_58-A", "art_58-B"})
    EXPECT_NE(find(clauses, lettered), nullptr) << lettered;
  check_table(clauses, {{"art_20", "", "Art. 20", "", "Art. 20. O titular dos dados tem direito a solicitar a revisão"},
                        {"art_20__para_1", "art_20", "Art. 20, § 1º", "", "§ 1º O controlador deverá fornecer"},
                        {"art_57", "", "Art. 57", "", "Art. 5 7. (VETADO)"},
                        {"art_65__item_I-A", "art_65", "Art. 65, I-A", "", "I-A – dia 1º de agosto de 2021"}});
  // Only the current wording of Art. 20 (the version struck through in 2019 is gone).
  EXPECT_EQ(find(clauses, "art_20")->text.find("por pessoa natural, de decisões"), std::string::npos);
}
