#include "core/schema.hpp"

#include <gtest/gtest.h>

TEST(Schema, HasTheSevenCategoriesInOrder) {
  std::vector<std::string> ids;
  for (const auto& c : cadre::schema().categories) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"definition", "aims", "scope", "risk", "requirements", "enforcement", "flexibility"}));
  EXPECT_EQ(cadre::schema().categories[3].label.fr, "Approche du risque");
  EXPECT_FALSE(cadre::schema().categories[0].question.en.empty());
}

TEST(Schema, LexiconPairsHumanOversightWithSurveillanceHumaine) {
  bool found = false;
  for (const auto& entry : cadre::schema().lexicon) {
    const bool en = std::find(entry.en.begin(), entry.en.end(), "human oversight") != entry.en.end();
    const bool fr = std::find(entry.fr.begin(), entry.fr.end(), "surveillance humaine") != entry.fr.end();
    found = found || (en && fr);
  }
  EXPECT_TRUE(found);
}

TEST(Schema, VersionIsTheNumberOfMigrations) {
  EXPECT_EQ(cadre::schema_version(), 1);
  EXPECT_NE(cadre::migrations().front().find("CREATE TABLE clauses"), std::string_view::npos);
}
