#include "indexer/tagger.hpp"

#include <gtest/gtest.h>

namespace {

bool has(const std::vector<cadre::indexer::ClauseTag>& tags, const std::string& category, const std::string& origin) {
  for (const auto& t : tags)
    if (t.category == category && t.origin == origin) return true;
  return false;
}

TEST(Tagger, HeadingsGiveStructureTags) {
  EXPECT_TRUE(has(cadre::indexer::tag_clause({"..."}, {"Definitions"}), "definition", "structure"));
  EXPECT_TRUE(has(cadre::indexer::tag_clause({"..."}, {"", "Penalties"}), "enforcement", "structure"));
  EXPECT_TRUE(has(cadre::indexer::tag_clause({"..."}, {"目的"}), "aims", "structure"));
}

TEST(Tagger, TwoLexiconTermsGiveALexiconTag) {
  const auto tags = cadre::indexer::tag_clause(
      {"Deployers shall ensure human oversight and transparency towards affected persons."}, {""});
  EXPECT_TRUE(has(tags, "requirements", "lexicon"));
  EXPECT_FALSE(has(tags, "enforcement", "lexicon"));
}

TEST(Tagger, OneTermIsNotEnough) {
  EXPECT_TRUE(cadre::indexer::tag_clause({"This is about transparency only."}, {""}).empty());
}

} // namespace
