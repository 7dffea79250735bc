#include "core/schema.hpp"
#include "core/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

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
    const auto& en = entry.in("en");
    const auto& fr = entry.in("fr");
    found = found || (std::find(en.begin(), en.end(), "human oversight") != en.end() &&
                      std::find(fr.begin(), fr.end(), "surveillance humaine") != fr.end());
  }
  EXPECT_TRUE(found);
}

TEST(Schema, EveryLexiconEntryWordsItsConceptInTwoLanguagesAndTheTaggingOnesInEnglishAndFrench) {
  int translation_only = 0;
  for (const auto& entry : cadre::schema().lexicon) {
    EXPECT_GE(entry.wordings.size(), 2u);
    for (const auto& [language, wordings] : entry.wordings)
      for (const auto& wording : wordings) EXPECT_EQ(wording, cadre::text::ascii_lower(wording)) << language;
    if (entry.category.empty()) ++translation_only;
    else EXPECT_FALSE(entry.in("en").empty() || entry.in("fr").empty()) << entry.category;
  }
  EXPECT_GT(translation_only, 0);
  EXPECT_TRUE(cadre::schema().lexicon.front().in("xx").empty());
}

TEST(Schema, VersionIsTheNumberOfMigrations) {
  // Every schema/migrations/NNNN_*.sql is embedded, in file-name order, whatever numbers exist.
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(CADRE_SOURCE_ROOT) / "schema" / "migrations"))
    if (entry.path().extension() == ".sql") files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(cadre::schema_version(), static_cast<int>(files.size()));
  EXPECT_EQ(files.front(), "0001_init.sql");
  EXPECT_NE(cadre::migrations().front().find("CREATE TABLE clauses"), std::string_view::npos);
  const auto events = std::find(files.begin(), files.end(), "0003_events.sql");
  ASSERT_NE(events, files.end());
  const auto index = static_cast<std::size_t>(events - files.begin());
  EXPECT_NE(cadre::migrations()[index].find("CREATE TABLE instrument_events"), std::string_view::npos);
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
