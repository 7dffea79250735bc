// The whole bundled corpus indexed with the real source texts (skipped without the mirror).
#include "core/library.hpp"
#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

class RealCorpus : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    const auto sources = cadre::test::sources_dir();
    if (!sources) return;
    s_dir = new cadre::test::TempDir();
    cadre::indexer::BuildOptions options;
    options.corpus_dir = std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus";
    options.sources_dir = *sources;
    options.data_dir = s_dir->path();
    s_report = new cadre::indexer::BuildReport(cadre::indexer::build(options));
    s_library = cadre::Library::open(s_dir->path());
  }
  static void TearDownTestSuite() {
    s_library.reset();
    delete s_report;
    delete s_dir;
  }
  static inline cadre::test::TempDir* s_dir = nullptr;
  static inline cadre::indexer::BuildReport* s_report = nullptr;
  static inline std::shared_ptr<const cadre::Library> s_library;
};

TEST_F(RealCorpus, EverySourceTextIndexes) {
  CADRE_REQUIRE_SOURCES();
  std::string problems;
  for (const auto& d : s_report->diagnostics.items()) problems += d.to_string() + "\n";
  EXPECT_EQ(s_report->sources_failed, 0) << problems;
  // 34 files; Bill C-27's XML is read twice, as the bill and as the AIDA it enacts.
  EXPECT_EQ(s_report->sources_indexed, 35) << problems;
  EXPECT_EQ(s_report->diagnostics.error_count(), 0) << problems;
  EXPECT_EQ(s_report->jurisdictions, 14);
}

TEST_F(RealCorpus, LanguageVersionsShareClauseIds) {
  CADRE_REQUIRE_SOURCES();
  const auto fr = s_library->clause("ca/adm-directive/sec_6.3", "fr");
  EXPECT_EQ(fr.language, "fr");
  EXPECT_FALSE(fr.fallback);
  EXPECT_EQ(fr.languages, (std::vector<std::string>{"en", "fr"}));
  EXPECT_EQ(s_library->clause("jp/ai-promotion-act/art_1", "en").languages, (std::vector<std::string>{"en", "ja"}));
}

TEST_F(RealCorpus, AutomatedDecisionIsFoundInSixJurisdictions) {
  CADRE_REQUIRE_SOURCES();
  cadre::SearchRequest request;
  request.query = "\"automated decision\"";
  request.type = "clause";
  const auto r = s_library->search(request);
  std::set<std::string> jurisdictions;
  for (const auto& f : r.jurisdiction_facets) jurisdictions.insert(f.value);
  EXPECT_GE(jurisdictions.size(), 6u);
}

TEST_F(RealCorpus, ChineseJapaneseAndKoreanQueriesFindTheirArticles) {
  CADRE_REQUIRE_SOURCES();
  struct Case {
    const char* query;
    const char* language;
    const char* instrument;
  };
  for (const Case& c : {Case{"生成式人工智能服务", "zh", "cn/genai-measures"}, Case{"人工知能関連技術", "ja", "jp/ai-promotion-act"},
                        Case{"고영향 인공지능", "ko", "kr/ai-basic-act"}}) {
    cadre::SearchRequest request;
    request.query = c.query;
    request.languages = {c.language};
    const auto r = s_library->search(request);
    ASSERT_FALSE(r.hits.empty()) << c.query;
    EXPECT_EQ(r.hits[0].instrument.substr(0, std::string(c.instrument).size()), c.instrument) << c.query;
  }
}

} // namespace
