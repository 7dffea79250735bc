#include "indexer/clause_layout.hpp"

#include <gtest/gtest.h>

namespace cadre::indexer {
namespace {

ParsedClause clause(std::string path, std::string parent, std::string text, std::string language = "en") {
  ParsedClause c;
  c.path = std::move(path);
  c.parent = std::move(parent);
  c.text = std::move(text);
  c.language = std::move(language);
  return c;
}

TEST(ClauseLayout, EachChildStartsALineWithItsMarker) {
  std::vector<ParsedClause> clauses = {
      clause("art_5", "", "1. These practices are prohibited: (a) manipulation; (b) exploitation; or (c) scoring."),
      clause("art_5__a", "art_5", "manipulation;"),
      clause("art_5__b", "art_5", "exploitation; or"),
      clause("art_5__c", "art_5", "scoring."),
  };
  break_lines_at_children(clauses);
  EXPECT_EQ(clauses[0].text,
            "1. These practices are prohibited:\n(a) manipulation;\n(b) exploitation; or\n(c) scoring.");
  EXPECT_EQ(clauses[1].text, "manipulation;");
}

TEST(ClauseLayout, NestingShowsAsNestedLinesAndClosingWordsStartTheirOwn) {
  std::vector<ParsedClause> clauses = {
      clause("s1", "", "Use is allowed only 1° if consented; 2° if needed: i) for fraud; ii) for security. The rest is banned."),
      clause("s1__1", "s1", "if consented;"),
      clause("s1__2", "s1", "if needed: i) for fraud; ii) for security."),
      clause("s1__2__i", "s1__2", "for fraud;"),
      clause("s1__2__ii", "s1__2", "for security."),
  };
  break_lines_at_children(clauses);
  EXPECT_EQ(clauses[2].text, "if needed:\ni) for fraud;\nii) for security.");
  EXPECT_EQ(clauses[0].text, "Use is allowed only\n1° if consented;\n2° if needed:\ni) for fraud;\nii) for security.\nThe rest is banned.");
}

TEST(ClauseLayout, AParentThatWordsItsChildrenDifferentlyIsLeftAsItIs) {
  std::vector<ParsedClause> clauses = {
      clause("art_2", "", "Definitions: (1) AI system means a system."),
      clause("art_2__1", "art_2", "“AI system” means a system."),
  };
  break_lines_at_children(clauses);
  EXPECT_EQ(clauses[0].text, "Definitions: (1) AI system means a system.");
}

TEST(ClauseLayout, LanguagesAreLaidOutApartAndSentenceEndsAreNotMarkers) {
  std::vector<ParsedClause> clauses = {
      clause("art_1", "", "Under the Privacy Act) the rule applies within 30 days. (a) first.", "en"),
      clause("art_1", "", "Selon la loi : a) premier.", "fr"),
      clause("art_1__a", "art_1", "(a) first.", "en"),
      clause("art_1__a", "art_1", "premier.", "fr"),
  };
  break_lines_at_children(clauses);
  EXPECT_EQ(clauses[0].text, "Under the Privacy Act) the rule applies within 30 days.\n(a) first.");
  EXPECT_EQ(clauses[1].text, "Selon la loi :\na) premier.");
}

} // namespace
} // namespace cadre::indexer
