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

std::vector<ParsedClause> parse(const std::string& bytes, std::map<std::string, std::string> options,
                                const std::string& lang = "en") {
  SourceInput input{"fixture.txt", bytes, lang, std::move(options)};
  return cadre::indexer::parsers::plain_text().parse(input);
}

std::vector<ParsedClause> parse(const std::string& bytes, const std::string& numbering, const std::string& lang = "en") {
  return parse(bytes, std::map<std::string, std::string>{{"numbering", numbering}}, lang);
}

std::string error_of(const std::string& bytes, std::map<std::string, std::string> options) {
  return data_error_of([&] { parse(bytes, std::move(options)); });
}

std::size_t top_level(const std::vector<ParsedClause>& clauses, const std::string& prefix) {
  return static_cast<std::size_t>(std::count_if(clauses.begin(), clauses.end(), [&](const ParsedClause& c) {
    return c.parent.empty() && c.path.rfind(prefix, 0) == 0;
  }));
}

TEST(plain_text, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("plain-text"), &cadre::indexer::parsers::plain_text());
}

// Invented wording in the pdftotext layout of the ANPD translation.
TEST(plain_text, ArticlesFixture) {
  const char* const text = "TEST LAW\n\nCHAPTER I\nPRELIMINARY PROVISIONS\n\n"
                           "Article 1. This Law sets test\nrules.\n"
                           "Sole paragraph. It applies everywhere.\n"
                           "Article 2. Tests cover:\n"
                           "I – drills;\n\fII – checks, namely:\na) small ones; and\nb) big ones;\n"
                           "Paragraph 1. Checks shall be logged:\nI - daily;\n"
                           "Section I\nOther Rules\n"
                           "Article 2-A. (vetoed)\n"
                           "Brasília, January 1, 2000.\nSOMEONE\n";
  expect_rows(parse(text, "articles"),
              {{"art_1", "", "Article 1", "", "This Law sets test rules. It applies everywhere."},
               {"art_1__para_single", "art_1", "Article 1, sole paragraph", "", "It applies everywhere."},
               {"art_2", "", "Article 2", "",
                "Tests cover: drills; checks, namely: small ones; and big ones; Checks shall be logged: daily;"},
               {"art_2__item_I", "art_2", "Article 2, item I", "", "drills;"},
               {"art_2__item_II", "art_2", "Article 2, item II", "", "checks, namely: small ones; and big ones;"},
               {"art_2__item_II__point_a", "art_2__item_II", "Article 2, item II, a)", "", "small ones; and"},
               {"art_2__item_II__point_b", "art_2__item_II", "Article 2, item II, b)", "", "big ones;"},
               {"art_2__para_1", "art_2", "Article 2, \xC2\xA7 1", "", "Checks shall be logged: daily;"},
               {"art_2__para_1__item_I", "art_2__para_1", "Article 2, \xC2\xA7 1, item I", "", "daily;"},
               {"art_2-A", "", "Article 2-A", "", "(vetoed)"}});
}

TEST(plain_text, MetiFixture) {
  const char* const text = "Contents\nPreface ......... 2\nPart 1 Definitions ....... 3\n"
                           "\fPreface\n  Why tests.\n                          2\n"
                           "\fPart 1 Definitions\n  Terms.\n"
                           "Part 2 What we\naim for\n"
                           "A. Basic ideas\n    (1) Dignity: respect\n        Respect all.\n"
                           "C. Common Guiding Principles\n1) Human-Centric\n      (1) Dignity12\n         Keep it.\n"
                           "18\n   A footnote text.\n                          9\n"
                           "\f2) Safety3\n  Be safe.\n"
                           "Part 3 Matters Related to AI Developers\n       \xE2\x9E\xA2    D-2) i. Proper data training\n"
                           "             \xEF\x81\xAC Collect data properly.\n"
                           "I.   Take measures.\n";
  expect_rows(parse(text, "meti"),
              {{"preface", "", "Preface", "Preface", "Why tests."},
               {"part_1", "", "Part 1", "Definitions", "Terms."},
               {"part_2", "", "Part 2", "What we aim for",
                "Respect all. Keep it. Be safe."},
               {"part_2__sec_A", "part_2", "Part 2, A", "Basic ideas", "Respect all."},
               {"part_2__sec_A__item_1", "part_2__sec_A", "Part 2, A, (1)", "Dignity: respect", "Respect all."},
               {"part_2__sec_C", "part_2", "Part 2, C", "Common Guiding Principles", "Keep it. Be safe."},
               {"part_2__sec_C__principle_1", "part_2__sec_C", "Part 2, C, 1)", "Human-Centric", "Keep it."},
               {"part_2__sec_C__principle_1__item_1", "part_2__sec_C__principle_1", "Part 2, C, 1), (1)", "Dignity", "Keep it."},
               {"part_2__sec_C__principle_2", "part_2__sec_C", "Part 2, C, 2)", "Safety", "Be safe."},
               {"part_3", "", "Part 3", "Matters Related to AI Developers", "Collect data properly. Take measures."},
               {"part_3__item_D-2-i", "part_3", "Part 3, D-2) i.", "Proper data training", "Collect data properly."},
               {"part_3__item_I", "part_3", "Part 3, I.", "", "Take measures."},
               {"fn_18", "", "Footnote 18", "", "A footnote text."}});
}

TEST(plain_text, CaBillFixture) {
  const char* const text = "Senate Bill No. 1\nCHAPTER 1\n\nLEGISLATIVE COUNSEL'S DIGEST\n\nSB 1, Someone. Tests.\n"
                           "This bill would test.\nDigest Key\nBill Text\n"
                           "The people of the State of California do enact as follows:\n\n"
                           "SECTION 1. The Legislature finds all of the following:\n(a) Tests help.\n(b) Tests cost.\n"
                           "SEC. 2. Chapter 9 (commencing with Section 100.10) is added to the Code, to read:\n"
                           "CHAPTER  9. Tests\n100.10. This chapter is the Test Act.\n"
                           "100.11. (a) (1) A tester shall test.\n(A) Daily.\n(i) In the morning.\n(2) A tester shall report.\n"
                           "(b) A report is due.\n";
  expect_rows(parse(text, "ca-bill"),
              {{"digest", "", "Legislative Counsel's Digest", "", "SB 1, Someone. Tests. This bill would test."},
               {"billsec_1", "", "SECTION 1", "", "The Legislature finds all of the following: Tests help. Tests cost."},
               {"billsec_1__subdiv_a", "billsec_1", "SECTION 1(a)", "", "Tests help."},
               {"billsec_1__subdiv_b", "billsec_1", "SECTION 1(b)", "", "Tests cost."},
               {"billsec_2", "", "SEC. 2", "",
                "Chapter 9 (commencing with Section 100.10) is added to the Code, to read: CHAPTER 9. Tests"},
               {"sec_100.10", "", "\xC2\xA7 100.10", "", "This chapter is the Test Act."},
               {"sec_100.11", "", "\xC2\xA7 100.11", "",
                "A tester shall test. Daily. In the morning. A tester shall report. A report is due."},
               {"sec_100.11__subdiv_a", "sec_100.11", "\xC2\xA7 100.11(a)", "",
                "A tester shall test. Daily. In the morning. A tester shall report."},
               {"sec_100.11__subdiv_a__para_1", "sec_100.11__subdiv_a", "\xC2\xA7 100.11(a)(1)", "",
                "A tester shall test. Daily. In the morning."},
               {"sec_100.11__subdiv_a__para_1__subpara_A", "sec_100.11__subdiv_a__para_1", "\xC2\xA7 100.11(a)(1)(A)", "",
                "Daily. In the morning."},
               {"sec_100.11__subdiv_a__para_1__subpara_A__clause_i", "sec_100.11__subdiv_a__para_1__subpara_A",
                "\xC2\xA7 100.11(a)(1)(A)(i)", "", "In the morning."},
               {"sec_100.11__subdiv_a__para_2", "sec_100.11__subdiv_a", "\xC2\xA7 100.11(a)(2)", "", "A tester shall report."},
               {"sec_100.11__subdiv_b", "sec_100.11", "\xC2\xA7 100.11(b)", "", "A report is due."}});
}

TEST(plain_text, QcStrategyFixture) {
  const char* const text = "STRAT\xC3\x89GIE TEST\n\nINTRODUCTION\n\nTexte d'introduction.\n\n"
                           "AXE 1 :\n\nDES ESSAIS\n\nObjectif 1\n\nFaire des essais\n\n"
                           "1.1 **Tenir un essai**\n\nUn essai.\n\nObjectif 2\n\nMesurer\n\n2.1 Mesurer vite\n\n"
                           "INCUBATEUR DE MESURES\n\n- \xC2\xBB Autre essai\n\nSYNTH\xC3\x88SE DES MESURES CL\xC3\x89S\n\n- 1.1 Tenir\n";
  const auto clauses = parse(text, "qc-strategy", "fr");
  expect_rows(clauses,
              {{"intro", "", "Introduction", "Introduction", "Texte d'introduction."},
               {"axe_1", "", "Axe 1", "DES ESSAIS",
                "DES ESSAIS Faire des essais Tenir un essai Un essai. Mesurer Mesurer vite"},
               {"objectif_1", "axe_1", "Objectif 1", "Faire des essais", "Faire des essais Tenir un essai Un essai."},
               {"measure_1.1", "objectif_1", "Mesure 1.1", "Tenir un essai", "Tenir un essai Un essai."},
               {"objectif_2", "axe_1", "Objectif 2", "Mesurer", "Mesurer Mesurer vite"},
               {"measure_2.1", "objectif_2", "Mesure 2.1", "Mesurer vite", "Mesurer vite"},
               {"incubator", "", "Incubateur de mesures", "Incubateur de mesures", "\xC2\xBB Autre essai"}});
  EXPECT_EQ(clauses[0].language, "fr");
}

TEST(plain_text, Errors) {
  EXPECT_EQ(error_of("x", {}),
            "fixture.txt: format 'plain-text' needs the option numbering (one of: articles, meti, ca-bill, qc-strategy)");
  EXPECT_EQ(error_of("x", {{"numbering", "nist"}}),
            "fixture.txt: unknown numbering 'nist' for format 'plain-text' (one of: articles, meti, ca-bill, qc-strategy)");
  EXPECT_EQ(error_of("x", {{"numbering", "meti"}, {"encoding", "latin1"}}),
            "fixture.txt: unknown option(s) 'encoding' for format 'plain-text' (it accepts: numbering)");
  EXPECT_EQ(error_of("", {{"numbering", "articles"}}), "fixture.txt: the file is empty");
  EXPECT_EQ(error_of("Some prose without articles.\n", {{"numbering", "articles"}}),
            "fixture.txt: no articles found: is this really a plain-text file with numbering 'articles'?");
  EXPECT_EQ(error_of("Article 1. A.\nArticle 1. B.\n", {{"numbering", "articles"}}),
            "fixture.txt:2: Article 1 appears twice");
  EXPECT_EQ(error_of("SECTION 1. A.\nSECTION 1. B.\n", {{"numbering", "ca-bill"}}),
            "fixture.txt:2: SECTION 1 appears twice");
  EXPECT_EQ(error_of("AXE 1 :\nT\nAXE 1 :\n", {{"numbering", "qc-strategy"}}),
            "fixture.txt:3: AXE 1 appears twice");
  EXPECT_EQ(error_of("Article 1. Bad \xC3\x28 byte.\n", {{"numbering", "articles"}}).rfind("fixture.txt", 0), 0u);
}

TEST(plain_text, RealLgpdEnglish) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "br/lgpd-lei-13709-2018.anpd.en.txt"), "articles");
  EXPECT_EQ(top_level(clauses, "art_"), 80u);  // Art. 1-65 plus 55-A..55-M, 58-A, 58-B
  for (int n = 1; n <= 65; ++n) EXPECT_NE(find(clauses, "art_" + std::to_string(n)), nullptr) << n;
  EXPECT_NE(find(clauses, "art_55-A"), nullptr);
  EXPECT_NE(find(clauses, "art_58-B"), nullptr);
  EXPECT_EQ(find(clauses, "art_20__para_1")->label, "Article 20, \xC2\xA7 1");
  EXPECT_EQ(find(clauses, "art_1__para_single")->label, "Article 1, sole paragraph");
  EXPECT_NE(find(clauses, "art_4__item_II__point_a"), nullptr);
  EXPECT_NE(find(clauses, "art_65__item_I-A"), nullptr);
  for (const auto& c : clauses) {
    EXPECT_EQ(c.text.find('\f'), std::string::npos) << c.path;
    EXPECT_EQ(c.text.find("MICHEL TEMER"), std::string::npos) << c.path;
    EXPECT_EQ(c.text.find("CHAPTER"), std::string::npos) << c.path;
  }
}

TEST(plain_text, RealMetiGuidelines) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "jp/meti-ai-guidelines-for-business-v1.1.en.txt"), "meti");
  EXPECT_EQ(top_level(clauses, "part_"), 5u);
  EXPECT_EQ(find(clauses, "part_1")->heading, "Definitions");
  EXPECT_EQ(find(clauses, "part_2__sec_C")->heading, "Common Guiding Principles");
  EXPECT_EQ(find(clauses, "part_2__sec_C__principle_6")->heading, "Transparency");  // footnote marker dropped
  EXPECT_NE(find(clauses, "part_2__sec_C__principle_10"), nullptr);
  EXPECT_NE(find(clauses, "part_2__sec_E"), nullptr);
  EXPECT_EQ(find(clauses, "part_3__item_D-2-i")->heading, "Proper data training");
  EXPECT_NE(find(clauses, "part_5__item_U-7-ii"), nullptr);
  // The page-bottom footnotes, each a clause after the body, in the order printed.
  const auto* automation_bias = find(clauses, "fn_4");
  ASSERT_NE(automation_bias, nullptr);
  EXPECT_EQ(automation_bias->label, "Footnote 4");
  EXPECT_NE(automation_bias->text.find("Non-business users need to pay close attention"), std::string::npos);
  EXPECT_GE(top_level(clauses, "fn_"), 40u);
  EXPECT_EQ(clauses.back().path.rfind("fn_", 0), 0u);
}

TEST(plain_text, RealSb53) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "us-ca/sb-53-transparency-in-frontier-ai-act.txt"), "ca-bill");
  EXPECT_NE(find(clauses, "digest"), nullptr);
  for (int n = 10; n <= 16; ++n) EXPECT_NE(find(clauses, "sec_22757." + std::to_string(n)), nullptr) << n;
  EXPECT_EQ(top_level(clauses, "billsec_"), 6u);
  EXPECT_EQ(find(clauses, "billsec_2")->label, "SEC. 2");
  EXPECT_EQ(find(clauses, "sec_22757.11__subdiv_i__para_1")->label, "\xC2\xA7 22757.11(i)(1)");
  EXPECT_EQ(find(clauses, "sec_22757.11__subdiv_c__para_1__subpara_A")->parent, "sec_22757.11__subdiv_c__para_1");
  EXPECT_NE(find(clauses, "sec_1107.1"), nullptr);
}

TEST(plain_text, RealQuebecStrategy) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(
      cadre::test::read_file(sources / "ca-qc/strategie-ia-administration-publique-2021-2026-mesures-cles.fr.txt"),
      "qc-strategy", "fr");
  std::vector<std::string> measures;
  for (const auto& c : clauses) if (c.path.rfind("measure_", 0) == 0) measures.push_back(c.path.substr(8));
  EXPECT_EQ(measures, (std::vector<std::string>{"1.1", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2",
                                                "4.3", "5.1", "6.1", "6.2", "7.1", "8.1", "9.1", "9.2", "9.3"}));
  EXPECT_EQ(top_level(clauses, "axe_"), 3u);
  EXPECT_EQ(find(clauses, "measure_9.3")->parent, "objectif_9");
  EXPECT_EQ(find(clauses, "objectif_9")->parent, "axe_3");
  EXPECT_EQ(find(clauses, "measure_1.1")->label, "Mesure 1.1");
  EXPECT_NE(find(clauses, "incubator"), nullptr);
  EXPECT_NE(find(clauses, "measure_1.1")->text.find("consultation"), std::string::npos);
}

} // namespace
