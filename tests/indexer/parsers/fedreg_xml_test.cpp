// Tests of the fedreg-xml parser: an invented executive order in FR-XML markup, then the three
// real executive orders (skipped without the sources mirror).
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
                                std::string path = "eo.xml") {
  SourceInput input{std::move(path), std::move(bytes), "en", std::move(options)};
  return cadre::indexer::parsers::fedreg_xml().parse(input);
}

const char* const k_fixture = R"EO(<PRESDOCU><EXECORD><TITLE3>Title 3—</TITLE3><PRES>The President<PRTPAGE P="1"/></PRES>
<EXECORDR>Executive Order 99999 of January 1, 2030</EXECORDR><HD SOURCE="HED">Testing Everything</HD>
<FP>By the authority vested in me, it is hereby ordered:</FP>
<FP><E T="04">Section 1</E> . <E T="03">Purpose.</E> Tests matter.</FP>
<FP>They matter a lot.</FP>
<FP><E T="04">Sec. 2</E> . <E T="03">Definitions.</E> For this order:</FP>
<P>(a) The term “alpha” means one.</P>
<P>(h) The term “eta” means eight.</P>
<P>(i) The term “iota” means nine.</P>
<FP><E T="04">Sec. 3</E> . <E T="03">Actions.</E></FP>
<FP><E T="03">3.1. Testing Duties.</E> (a) Within 10 days, the Secretary shall:</FP>
<FP SOURCE="FP1">(i) test above 10 <SU>26</SU> operations, including:</FP>
<P SOURCE="P1">(A) unit tests;</P>
<P SOURCE="P1">(B) system <PRTPAGE P="2"/>tests; and</P>
<FP SOURCE="FP1">(ii) report.</FP>
<P>(b) Agencies shall assist.</P>
<GPH><GID>SIG.EPS</GID></GPH><PSIG/><PLACE>THE WHITE HOUSE,</PLACE><DATE>January 1, 2030.</DATE>
<FRDOC>[FR Doc. 2030-1</FRDOC></EXECORD></PRESDOCU>
)EO";

TEST(fedreg_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("fedreg-xml"), &cadre::indexer::parsers::fedreg_xml());
}

TEST(fedreg_xml, FixtureIdsLabelsAndParents) {
  const auto clauses = parse(k_fixture);
  const std::vector<Row> expected = {
      {"preamble", "", "Preamble", "", "By the authority vested in me, it is hereby ordered:"},
      {"sec_1", "", "Sec. 1", "Purpose", "Sec. 1. Purpose. Tests matter. They matter a lot."},
      {"sec_2", "", "Sec. 2", "Definitions",
       "Sec. 2. Definitions. For this order: (a) The term “alpha” means one. (h) The term “eta” means eight. (i) "
       "The term “iota” means nine."},
      {"sec_2__para_a", "sec_2", "Sec. 2(a)", "", "(a) The term “alpha” means one."},
      {"sec_2__para_h", "sec_2", "Sec. 2(h)", "", "(h) The term “eta” means eight."},
      {"sec_2__para_i", "sec_2", "Sec. 2(i)", "", "(i) The term “iota” means nine."},
      {"sec_3", "", "Sec. 3", "Actions",
       "Sec. 3. Actions. 3.1. Testing Duties. (a) Within 10 days, the Secretary shall: (i) test above 10^26 "
       "operations, including: (A) unit tests; (B) system tests; and (ii) report. (b) Agencies shall assist."},
      {"sec_3__sec_3.1", "sec_3", "Sec. 3.1", "Testing Duties",
       "3.1. Testing Duties. (a) Within 10 days, the Secretary shall: (i) test above 10^26 operations, including: "
       "(A) unit tests; (B) system tests; and (ii) report. (b) Agencies shall assist."},
      {"sec_3__sec_3.1__para_a", "sec_3__sec_3.1", "Sec. 3.1(a)", "",
       "(a) Within 10 days, the Secretary shall: (i) test above 10^26 operations, including: (A) unit tests; (B) "
       "system tests; and (ii) report."},
      {"sec_3__sec_3.1__para_a__subpara_i", "sec_3__sec_3.1__para_a", "Sec. 3.1(a)(i)", "",
       "(i) test above 10^26 operations, including: (A) unit tests; (B) system tests; and"},
      {"sec_3__sec_3.1__para_a__subpara_i__clause_A", "sec_3__sec_3.1__para_a__subpara_i", "Sec. 3.1(a)(i)(A)", "",
       "(A) unit tests;"},
      {"sec_3__sec_3.1__para_a__subpara_i__clause_B", "sec_3__sec_3.1__para_a__subpara_i", "Sec. 3.1(a)(i)(B)", "",
       "(B) system tests; and"},
      {"sec_3__sec_3.1__para_a__subpara_ii", "sec_3__sec_3.1__para_a", "Sec. 3.1(a)(ii)", "", "(ii) report."},
      {"sec_3__sec_3.1__para_b", "sec_3__sec_3.1", "Sec. 3.1(b)", "", "(b) Agencies shall assist."},
  };
  expect_rows(clauses, expected, "en");
}

TEST(fedreg_xml, Errors) {
  try {
    parse("<PRESDOCU><EXECORD><FP>Only a preamble.</FP></EXECORD></PRESDOCU>", {}, "none.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "none.xml: no articles found: is this really a fedreg-xml file? (expected EXECORD "
                           "paragraphs starting \"Sec. N.\")");
  }
  try {
    parse("<PRESDOCU>\n<EXECORD>\n<FP>x</P></EXECORD></PRESDOCU>", {}, "bad.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("bad.xml:3: ", 0), 0u) << message;
    EXPECT_NE(message.find("(the file is not well-formed XML)"), std::string::npos) << message;
  }
  try {
    parse("<PRESDOCU><EXECORD><FP><E T=\"04\">Sec. 1</E> . <E T=\"03\">A.</E> x</FP>"
          "<FP><E T=\"04\">Sec. 1</E> . <E T=\"03\">B.</E> y</FP></EXECORD></PRESDOCU>",
          {}, "twice.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "twice.xml:1: Sec. 1 appears twice");
  }
  try {
    parse("", {}, "zero.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "zero.xml: the file is empty");
  }
  try {
    parse(k_fixture, {{"part", "1"}}, "opt.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "opt.xml: unknown option(s) 'part' for format 'fedreg-xml' (it accepts no options)");
  }
}

std::vector<ParsedClause> parse_real(const std::filesystem::path& file) {
  SourceInput input{file.string(), cadre::test::read_file(file), "en", {}};
  return cadre::indexer::parsers::fedreg_xml().parse(input);
}

std::vector<std::string> sections(const std::vector<ParsedClause>& clauses) {
  std::vector<std::string> out;
  for (const auto& c : clauses)
    if (c.parent.empty() && c.path != "preamble") out.push_back(c.path);
  return out;
}

TEST(fedreg_xml, RealExecutiveOrders) {
  CADRE_REQUIRE_SOURCES();
  const auto eo14110 = parse_real(sources / "us" / "eo-14110-2023-24283.federal-register.xml");
  const auto secs = sections(eo14110);
  ASSERT_EQ(secs.size(), 13u);
  for (int i = 1; i <= 13; ++i) EXPECT_EQ(secs[i - 1], "sec_" + std::to_string(i));
  EXPECT_EQ(find(eo14110, "sec_1")->heading, "Purpose");
  ASSERT_NE(find(eo14110, "preamble"), nullptr);
  const auto* sub = find(eo14110, "sec_4__sec_4.1");
  ASSERT_NE(sub, nullptr);
  EXPECT_EQ(sub->label, "Sec. 4.1");
  const auto* point = find(eo14110, "sec_4__sec_4.1__para_a__subpara_i");
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->label, "Sec. 4.1(a)(i)");
  EXPECT_NE(find(eo14110, "sec_4__sec_4.1__para_a__subpara_i__clause_A"), nullptr);
  EXPECT_NE(find(eo14110, "sec_3__para_i"), nullptr); // a letter after (h), not a roman numeral
  EXPECT_NE(find(eo14110, "sec_3__para_gg"), nullptr);

  const auto eo14148 = parse_real(sources / "us" / "eo-14148-2025-01901.federal-register.xml");
  EXPECT_EQ(sections(eo14148).size(), 4u);
  EXPECT_EQ(find(eo14148, "sec_1")->heading, "Purpose and Policy");
  EXPECT_NE(find(eo14148, "sec_2__para_ggg"), nullptr); // revocation of EO 14110
  const auto eo14179 = parse_real(sources / "us" / "eo-14179-2025-02172.federal-register.xml");
  EXPECT_EQ(sections(eo14179).size(), 6u);
  EXPECT_EQ(find(eo14179, "sec_4")->heading, "Developing an Artificial Intelligence Action Plan");
}

} // namespace
