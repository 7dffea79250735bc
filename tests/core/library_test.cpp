// The read side on the fixture build: jurisdictions, compare, clause lookup, errors.
#include "core/error.hpp"
#include "core/library.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace {

class LibraryTest : public cadre::test::FixtureLibraryTest<LibraryTest> {
protected:
};

using cadre::test::message_of;

TEST_F(LibraryTest, ListsJurisdictionsWithInstruments) {
  const auto all = s_library->jurisdictions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "xa");
  ASSERT_EQ(all[0].instruments.size(), 2u);
  EXPECT_EQ(all[0].instruments[0].clause_count, 8);
  EXPECT_EQ(all[0].instruments[1].clause_count, 0);
  EXPECT_EQ(s_library->info().build_id.size(), 16u);
  EXPECT_EQ(s_library->info().corpus_commit, "fixture");
  EXPECT_EQ(s_library->info().cells, 28);
}

TEST_F(LibraryTest, ComparesInTheRequestedLanguage) {
  const auto c = s_library->compare({{"xb", "xa"}, {"risk", "definition"}, "fr", ""});
  ASSERT_EQ(c.cells.size(), 2u);
  ASSERT_EQ(c.cells[0].size(), 2u);
  EXPECT_EQ(c.categories[0].id, "risk");
  EXPECT_EQ(c.jurisdictions[0].code, "xb");
  const auto& cell = c.cells[1][1]; // definition × xa
  EXPECT_EQ(cell.language, "fr");
  EXPECT_FALSE(cell.fallback);
  EXPECT_EQ(cell.as_of, "2026-03-10");
  ASSERT_EQ(cell.citations.size(), 1u);
  EXPECT_EQ(cell.citations[0].clause_id, "xa/ai-order/sec_2__para_a");
  EXPECT_TRUE(cell.citations[0].resolved);
  EXPECT_NE(cell.citations[0].clause_text.find("machine-based system"), std::string::npos);
  EXPECT_EQ(cell.citations[0].official_url, "https://example.org/xa/eo-90001");
}

TEST_F(LibraryTest, CompareErrorsNameTheParameter) {
  std::string parameter;
  EXPECT_EQ(message_of<cadre::UserError>([] { s_library->compare({{"xa", "zz"}, {}, "en", ""}); }, &parameter),
            "unknown jurisdiction 'zz': `cadre list` shows the codes");
  EXPECT_EQ(parameter, "jurisdictions");
  EXPECT_EQ(message_of<cadre::UserError>([] { s_library->compare({{"xa"}, {"risks"}, "en", ""}); }, &parameter),
            "unknown category 'risks': use definition, aims, scope, risk, requirements, enforcement, flexibility");
  EXPECT_EQ(parameter, "categories");
  EXPECT_EQ(message_of<cadre::UserError>([] { s_library->compare({{"xa", "xa"}, {}, "en", ""}); }),
            "jurisdiction 'xa' is named twice");
  EXPECT_EQ(message_of<cadre::UserError>([] { s_library->compare({{"xa"}, {}, "de", ""}); }, &parameter),
            "unsupported language 'de': use en or fr");
  EXPECT_EQ(parameter, "lang");
}

TEST_F(LibraryTest, ClauseFallsBackToAnotherLanguageAndSaysSo) {
  const auto clause = s_library->clause("xa/ai-order/sec_2", "fr");
  EXPECT_EQ(clause.language, "en");
  EXPECT_TRUE(clause.fallback);
  EXPECT_EQ(clause.text.heading, "Definitions");
  EXPECT_EQ(clause.children, (std::vector<std::string>{"xa/ai-order/sec_2__para_a", "xa/ai-order/sec_2__para_b"}));
  EXPECT_EQ(clause.jurisdiction, "xa");
  EXPECT_EQ(s_library->clause("xa/ai-order/sec_2__para_b", "en").parent, "xa/ai-order/sec_2");
}

TEST_F(LibraryTest, UnknownClausesSayWhy) {
  EXPECT_EQ(message_of<cadre::NotFound>([] { s_library->clause("xa/ai-order/sec_9", "en"); }),
            "no clause 'xa/ai-order/sec_9' in xa/ai-order");
  EXPECT_EQ(message_of<cadre::NotFound>([] { s_library->clause("xa/old-order/sec_1", "en"); }),
            "no clause 'xa/old-order/sec_1': the text of xa/old-order is not indexed in this build (index with --sources DIR)");
  EXPECT_EQ(message_of<cadre::NotFound>([] { s_library->clause("zz/law/art_1", "en"); }),
            "no clause 'zz/law/art_1': its instrument is unknown (ids look like eu/ai-act/art_3)");
  EXPECT_EQ(message_of<cadre::NotFound>([] { s_library->jurisdiction("zz"); }),
            "unknown jurisdiction 'zz': `cadre list` shows the codes");
}

} // namespace
