// Tests of the commonaccord parser: an invented prose object in CommonAccord key=value markup,
// then the real OECD Recommendation (skipped without the sources mirror).
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/indexer/parsers/parser_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using namespace cadre::test::parsers;
using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

std::vector<ParsedClause> parse(std::string bytes, std::map<std::string, std::string> options = {},
                                std::string path = "rec.md") {
  SourceInput input{std::move(path), std::move(bytes), "en", std::move(options)};
  return cadre::indexer::parsers::commonaccord().parse(input);
}

const char* const k_fixture =
    "\nTi=Recommendation on Testing\n\nsec={Preamble.Sec}<br>{Section.Sec}\n\n"
    "*****\n\nA web note that is not part of the text.\n\n*****\n\n"
    "THE BOARD,\n\nNOTING that tests help;\n\n"
    "Section.=[G/Z/ol/2]\n\n"
    "Section.Ti=<b>On the proposal of the Test Committee:</b>\n\n"
    "Def.0.sec=<b>AGREES</b> that the following terms apply:\n\n"
    "Def.1.sec=\xE2\x80\x92Test: A test is a check &amp; more.\n\n"
    "Def.=[G/Z/ol-none/s1]\n\n"
    "Section.1.sec=<ol type=\"I\" start=2><li>{Proposal.2.sec}</li></ol>\n\n"
    "Proposal.2.sec=<b>RECOMMENDS</b> the following principles.\n\n"
    "1.0.sec=\n\n"
    "1.1.Ti=Checking\n\n1.1.sec=Testers should check.\n\n"
    "1.2.Ti=Reporting\n\n1.2.0.sec=Testers should report:\n\n1.2.1.sec=i.to users,\n\n1.2.2.sec=ii.to owners.\n\n"
    "1.=[G/Z/ol/2]\n\n"
    "Proposal.3.sec=III.<b>INSTRUCTS</b> the Committee:\n\n"
    "Proposal.3.1.sec=a)to test;\n\n"
    "=[G/Z/ol/s2]\n";

TEST(commonaccord, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("commonaccord"), &cadre::indexer::parsers::commonaccord());
}

TEST(commonaccord, FixtureIdsLabelsAndParents) {
  const auto clauses = parse(k_fixture);
  const std::vector<Row> expected = {
      {"preamble", "", "Preamble", "",
       "THE BOARD, NOTING that tests help; On the proposal of the Test Committee:"},
      {"preamble__para_1", "preamble", "Preamble, para. 1", "", "THE BOARD,"},
      {"preamble__para_2", "preamble", "Preamble, para. 2", "", "NOTING that tests help;"},
      {"preamble__para_3", "preamble", "Preamble, para. 3", "", "On the proposal of the Test Committee:"},
      {"para_I", "", "I", "", "I. AGREES that the following terms apply:"},
      {"def_1", "", "Definition 1", "Test", "Test: A test is a check & more."},
      {"para_II", "", "II", "", "II. RECOMMENDS the following principles."},
      {"principle_1.1", "", "1.1", "Checking", "Testers should check."},
      {"principle_1.2", "", "1.2", "Reporting", "Testers should report: i. to users, ii. to owners."},
      {"principle_1.2__item_i", "principle_1.2", "1.2(i)", "", "i. to users,"},
      {"principle_1.2__item_ii", "principle_1.2", "1.2(ii)", "", "ii. to owners."},
      {"para_III", "", "III", "", "III. INSTRUCTS the Committee: a) to test;"},
      {"para_III__point_a", "para_III", "III(a)", "", "a) to test;"},
  };
  expect_rows(clauses, expected, "en");
}

TEST(commonaccord, Errors) {
  try {
    parse("Just a line of prose.\nAnd another.\n", {}, "prose.md");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "prose.md: no articles found: is this really a commonaccord file? (no key=value lines)");
  }
  try {
    parse("", {}, "zero.md");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "zero.md: no articles found: is this really a commonaccord file? (no key=value lines)");
  }
  try {
    parse("1.2.1.sec=a)one\n1.2.2.sec=a)again\n", {}, "dup.md");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "dup.md:2: principle_1.2__point_a appears twice");
  }
  try {
    parse(k_fixture, {{"part", "1"}}, "opt.md");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "opt.md: unknown option(s) 'part' for format 'commonaccord' (it accepts no options)");
  }
}

TEST(commonaccord, RealOecdRecommendation) {
  CADRE_REQUIRE_SOURCES();
  const auto file = sources / "oecd" / "recommendation-council-ai-2019.commonaccord.md";
  SourceInput input{file.string(), cadre::test::read_file(file), "en", {}};
  const auto clauses = cadre::indexer::parsers::commonaccord().parse(input);
  for (const char* id : {"principle_1.1", "principle_1.2", "principle_1.3", "principle_1.4", "principle_1.5",
                         "principle_2.1", "principle_2.2", "principle_2.3", "principle_2.4", "principle_2.5",
                         "def_1", "def_2", "def_3", "def_4", "def_5", "para_I", "para_VIII", "preamble"}) {
    const auto* c = find(clauses, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_TRUE(c->parent.empty()) << id;
  }
  EXPECT_EQ(find(clauses, "principle_1.3")->heading, "Transparency and explainability");
  EXPECT_EQ(find(clauses, "principle_2.3")->label, "2.3");
  EXPECT_EQ(find(clauses, "def_1")->heading, "AI system");
  EXPECT_EQ(find(clauses, "principle_1.2__point_a")->label, "1.2(a)");
  EXPECT_EQ(find(clauses, "para_V")->text.rfind("V. RECOMMENDS that Adherents", 0), 0u);
  for (const auto& c : clauses) {
    EXPECT_EQ(c.text.find('<'), std::string::npos) << c.path; // HTML stripped
    EXPECT_EQ(c.text.find("COVID-19"), std::string::npos) << c.path; // web-page note dropped
  }
}

} // namespace
