// Tests of the parl-ca-bill parser: an invented bill in Parliament of Canada XML (its own
// clauses, and the Act enacted by its Part 2), then AIDA out of the real Bill C-27.
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
                                std::string path = "bill.xml") {
  SourceInput input{std::move(path), std::move(bytes), "en", std::move(options)};
  return cadre::indexer::parsers::parl_ca_bill().parse(input);
}

const char* const k_fixture = R"BILL(<?xml version="1.0" encoding="UTF-8"?>
<Bill xml:lang="en"><Identification><BillNumber>C-99</BillNumber></Identification>
<Introduction><Preamble><Provision><MarginalNote>Preamble</MarginalNote><Text>Whereas tests matter;</Text></Provision>
<Provision><Text>Whereas results count;</Text></Provision></Preamble></Introduction>
<Body>
<Heading level="1"><TitleText>Short Title</TitleText></Heading>
<Section><MarginalNote>Short title</MarginalNote><Label>1</Label><Text>This Act may be cited as the Test Act.</Text></Section>
<Heading level="1"><Label>PART 1</Label><TitleText>Amendments</TitleText></Heading>
<Section><Label>2</Label><Subsection><Label>(1)</Label><Text>Section 5 of the Old Act is repealed.</Text></Subsection>
<Subsection><Label>(2)</Label><Text>Section 6 of the Old Act is replaced by the following:</Text>
<AmendedText><Section><Label>6</Label><Subsection><Label>(1)</Label><Text>New text.</Text></Subsection></Section></AmendedText></Subsection>
<ExplanatoryNote><Text>Existing text of section 6.</Text></ExplanatoryNote></Section>
<Heading level="1"><Label>PART 2</Label><TitleText>Testing Act</TitleText></Heading>
<Section type="amending"><MarginalNote>Enactment of Act</MarginalNote><Label>3</Label><Text>The Testing Act is enacted as follows:</Text>
<AmendedText><BillInternal><LongTitle>An Act respecting tests</LongTitle><Body>
<Heading level="1"><TitleText>Definitions</TitleText></Heading>
<Section><MarginalNote>Definitions</MarginalNote><Label>1</Label><Text>The following definitions apply in this Act.</Text>
<Definition><Text><DefinedTermEn>test</DefinedTermEn> means a check. (<DefinedTermFr>essai</DefinedTermFr>)</Text></Definition></Section>
<Section><MarginalNote>Duty</MarginalNote><Label>2</Label>
<Subsection><Label>(1)</Label><Text>A person must</Text>
<Paragraph><Label>(a)</Label><Text>test; and</Text></Paragraph>
<Paragraph><Label>(b)</Label><Text>report, namely</Text>
<Subparagraph><Label>(i)</Label><Text>results,</Text></Subparagraph></Paragraph></Subsection>
<Subsection><MarginalNote>Exception</MarginalNote><Label>(2)</Label><Text>Subsection (1) does not apply to auditors.</Text></Subsection></Section>
<Section><MarginalNote>Offence</MarginalNote><Label>2.1</Label><Text>Every person who fails commits an offence.</Text></Section>
</Body></BillInternal></AmendedText></Section>
</Body></Bill>
)BILL";

TEST(parl_ca_bill, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("parl-ca-bill"), &cadre::indexer::parsers::parl_ca_bill());
}

TEST(parl_ca_bill, FixtureEnactedActByPart) {
  expect_rows(parse(k_fixture, {{"part", "2"}}),
        {
            {"sec_1", "", "s. 1", "Definitions",
             "The following definitions apply in this Act. test means a check. (essai)"},
            {"sec_2", "", "s. 2", "Duty",
             "(1) A person must (a) test; and (b) report, namely (i) results, (2) Subsection (1) does not apply to "
             "auditors."},
            {"sec_2__subsec_1", "sec_2", "s. 2(1)", "", "(1) A person must (a) test; and (b) report, namely (i) results,"},
            {"sec_2__subsec_1__para_a", "sec_2__subsec_1", "s. 2(1)(a)", "", "(a) test; and"},
            {"sec_2__subsec_1__para_b", "sec_2__subsec_1", "s. 2(1)(b)", "", "(b) report, namely (i) results,"},
            {"sec_2__subsec_1__para_b__subpara_i", "sec_2__subsec_1__para_b", "s. 2(1)(b)(i)", "", "(i) results,"},
            {"sec_2__subsec_2", "sec_2", "s. 2(2)", "Exception", "(2) Subsection (1) does not apply to auditors."},
            {"sec_2.1", "", "s. 2.1", "Offence", "Every person who fails commits an offence."},
        }, "en");
}

TEST(parl_ca_bill, FixtureBillClauses) {
  expect_rows(parse(k_fixture),
        {
            {"preamble", "", "Preamble", "", "Whereas tests matter; Whereas results count;"},
            {"preamble__para_1", "preamble", "Preamble, para. 1", "", "Whereas tests matter;"},
            {"preamble__para_2", "preamble", "Preamble, para. 2", "", "Whereas results count;"},
            {"sec_1", "", "s. 1", "Short title", "This Act may be cited as the Test Act."},
            {"sec_2", "", "s. 2", "",
             "(1) Section 5 of the Old Act is repealed. (2) Section 6 of the Old Act is replaced by the following: 6 (1) "
             "New text."},
            {"sec_2__subsec_1", "sec_2", "s. 2(1)", "", "(1) Section 5 of the Old Act is repealed."},
            {"sec_2__subsec_2", "sec_2", "s. 2(2)", "",
             "(2) Section 6 of the Old Act is replaced by the following: 6 (1) New text."},
            {"sec_3", "", "s. 3", "Enactment of Act",
             "The Testing Act is enacted as follows: An Act respecting tests Definitions Definitions 1 The following "
             "definitions apply in this Act. test means a check. (essai) Duty 2 (1) A person must (a) test; and (b) "
             "report, namely (i) results, Exception (2) Subsection (1) does not apply to auditors. Offence 2.1 Every "
             "person who fails commits an offence."},
        }, "en");
}

TEST(parl_ca_bill, AnActEnactedAsAnInstrumentOfItsOwnLeavesItsEnactingClauseItsTitle) {
  const auto clauses = parse(k_fixture, {{"separate_acts", "3"}});
  const auto* enacting = find(clauses, "sec_3");
  ASSERT_NE(enacting, nullptr);
  EXPECT_EQ(enacting->text, "The Testing Act is enacted as follows: An Act respecting tests");
  // An amending clause keeps the text it inserts.
  EXPECT_NE(find(clauses, "sec_2__subsec_2")->text.find("New text."), std::string::npos);
  EXPECT_EQ(message_of("parl-ca-bill", "c.xml", k_fixture, "en", {{"separate_acts", "3, 1"}}),
            "c.xml: option separate_acts names clause 1, which enacts no Act (an AmendedText holding a "
            "BillInternal with a Body): check the number");
  const std::string both = message_of("parl-ca-bill", "c.xml", k_fixture, "en", {{"separate_acts", "3"}, {"part", "2"}});
  EXPECT_NE(both.find("options part and separate_acts exclude each other"), std::string::npos) << both;
}

TEST(parl_ca_bill, Errors) {
  try {
    parse(k_fixture, {{"part", "7"}}, "c.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "c.xml: option part = \"7\": no Part 7 enacting an Act (a clause with "
                           "AmendedText/BillInternal/Body) was found");
  }
  try {
    parse(k_fixture, {{"part", "2"}, {"act", "x"}}, "c.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "c.xml: unknown option(s) 'act' for format 'parl-ca-bill' (accepted: part, separate_acts)");
  }
  try {
    parse("<Bill><Body><Heading level=\"1\"><TitleText>Only a heading</TitleText></Heading></Body></Bill>", {}, "e.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "e.xml: no articles found: is this really a parl-ca-bill file?");
  }
  try {
    parse("<Bill>\n<Body>\n<Section><Label>1</Label></Body></Bill>", {}, "bad.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("bad.xml:3: ", 0), 0u) << message;
    EXPECT_NE(message.find("(the file is not well-formed XML)"), std::string::npos) << message;
  }
  try {
    parse("<Bill><Body><Section><Text>No label.</Text></Section></Body></Bill>", {}, "nolabel.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "nolabel.xml:1: <Section> without a <Label> number");
  }
  try {
    parse("", {}, "zero.xml");
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "zero.xml: the file is empty");
  }
}

TEST(parl_ca_bill, RealAida) {
  CADRE_REQUIRE_SOURCES();
  const auto file = sources / "ca" / "c-27-first-reading.en.xml";
  SourceInput input{file.string(), cadre::test::read_file(file), "en", {{"part", "3"}}};
  const auto clauses = cadre::indexer::parsers::parl_ca_bill().parse(input);
  std::vector<std::string> top;
  for (const auto& c : clauses)
    if (c.parent.empty()) top.push_back(c.path);
  ASSERT_EQ(top.size(), 41u);
  for (int i = 1; i <= 41; ++i) EXPECT_EQ(top[i - 1], "sec_" + std::to_string(i));
  const auto* s5 = find(clauses, "sec_5__subsec_1");
  ASSERT_NE(s5, nullptr);
  EXPECT_EQ(s5->label, "s. 5(1)");
  EXPECT_NE(s5->text.find("high-impact system"), std::string::npos); // definitions stay in the text
  EXPECT_EQ(find(clauses, "sec_5")->heading, "Definitions");
  const auto* para = find(clauses, "sec_3__subsec_2__para_a");
  ASSERT_NE(para, nullptr);
  EXPECT_EQ(para->label, "s. 3(2)(a)");
  EXPECT_EQ(find(clauses, "sec_39")->heading, "Making system available for use");

  SourceInput bill{file.string(), input.bytes, "en", {}};
  const auto clauses_bill = cadre::indexer::parsers::parl_ca_bill().parse(bill);
  int bill_top = 0;
  for (const auto& c : clauses_bill)
    if (c.parent.empty()) ++bill_top;
  EXPECT_EQ(bill_top, 41); // the preamble and the bill's 40 clauses
  EXPECT_EQ(find(clauses_bill, "sec_39")->heading, "Enactment of Act");
  const auto* innovation = find(clauses_bill, "preamble__para_7");
  ASSERT_NE(innovation, nullptr);
  EXPECT_NE(innovation->text.find("promote innovation"), std::string::npos) << innovation->text;
}

} // namespace
