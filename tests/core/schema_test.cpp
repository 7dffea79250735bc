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
  EXPECT_EQ(cadre::schema_version(), 2);
  EXPECT_NE(cadre::migrations().front().find("CREATE TABLE clauses"), std::string_view::npos);
  EXPECT_NE(cadre::migrations().at(1).find("CREATE TABLE provision_values"), std::string_view::npos);
}

TEST(Schema, FiftyTwoProvisionsGroupedByCategoryInDisplayOrder) {
  const auto& schema = cadre::schema();
  ASSERT_EQ(schema.provisions.size(), 52U);
  int last_category = -1;
  for (const auto& p : schema.provisions) {
    const int category = schema.category_index(p.category);
    EXPECT_GE(category, last_category) << p.id << " is out of category order";
    last_category = category;
    EXPECT_TRUE(p.id.starts_with(p.category + ".")) << p.id;
    EXPECT_FALSE(p.label.en.empty() || p.label.fr.empty() || p.definition.en.empty() || p.definition.fr.empty()) << p.id;
    EXPECT_EQ(schema.provision_index(p.id), &p - schema.provisions.data());
  }
  EXPECT_EQ(schema.provision_index("requirements.human-oversight") >= 0, true);
  EXPECT_EQ(schema.provision_index("requirements.unknown"), -1);
}
