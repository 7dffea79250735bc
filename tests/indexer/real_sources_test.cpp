// The whole bundled corpus indexed with the real source texts (skipped without the mirror).
#include "core/library.hpp"
#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <map>
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
  // 34 files; Bill C-27's XML is read three times: as the bill, and as the CPPA and the AIDA it
  // enacts.
  EXPECT_EQ(s_report->sources_indexed, 36) << problems;
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

TEST_F(RealCorpus, TextThatReadersCiteIsAClause) {
  CADRE_REQUIRE_SOURCES();
  // The Acts enacted by Bill C-27, section by section, and the Korean Act's addenda.
  EXPECT_EQ(s_library->clause("ca/cppa/sec_15", "en").text.heading, "Consent required");
  EXPECT_EQ(s_library->clause("ca/aida/sec_5", "en").text.heading, "Definitions");
  const auto addenda = s_library->clause("kr/ai-basic-act/addenda_20676", "ko");
  EXPECT_EQ(addenda.text.label, "부칙 <제20676호,2025.1.21>");
  EXPECT_NE(addenda.text.text.find("제1조(시행일)"), std::string::npos);
  EXPECT_EQ(s_library->clause("kr/ai-basic-act/addenda_20676", "en").text.label, "ADDENDA <Act No. 20676, Jan. 21, 2025>");
  // Unnumbered front matter: NIST's executive summary and update schedule, Québec's introduction.
  EXPECT_EQ(s_library->clause("us/nist-ai-rmf/exec_summary", "en").text.label, "Executive Summary");
  EXPECT_EQ(s_library->clause("us/nist-ai-rmf/update_schedule", "en").text.label, "Update Schedule and Versions");
  const auto intro = s_library->clause("ca-qc/ai-strategy/intro", "fr");
  EXPECT_EQ(intro.text.label, "Introduction");
  EXPECT_NE(intro.text.text.find("mesures clés 2021-2023"), std::string::npos) << intro.text.text;
}

TEST_F(RealCorpus, NoLeafClauseIsLongerThan20000CharactersWithoutAReason) {
  CADRE_REQUIRE_SOURCES();
  // A leaf this long cannot be cited precisely. The known ones are clauses of a bill that enact a
  // whole Act, which is also indexed section by section as its own instrument.
  const std::map<std::string, std::string> reasons = {
      {"ca/c-27/sec_2", "enacts the Consumer Privacy Protection Act: ca/cppa"},
      {"ca/c-27/sec_39", "enacts the Artificial Intelligence and Data Act: ca/aida"},
  };
  SQLite::Database db((cadre::BuildLayout::resolve_current(s_dir->path()) / cadre::BuildLayout::k_sqlite).string());
  SQLite::Statement long_leaves(db, "SELECT t.clause, t.language, length(t.text) FROM clause_texts t "
                                    "WHERE length(t.text) > 20000 AND NOT EXISTS (SELECT 1 FROM clauses k WHERE k.parent = t.clause)");
  std::set<std::string> seen;
  while (long_leaves.executeStep()) {
    const std::string id = long_leaves.getColumn(0).getString();
    seen.insert(id);
    EXPECT_EQ(reasons.count(id), 1u) << id << "@" << long_leaves.getColumn(1).getString() << " is a leaf of "
                                     << long_leaves.getColumn(2).getInt() << " characters: split it, or give the reason here";
  }
  for (const auto& [id, reason] : reasons) EXPECT_EQ(seen.count(id), 1u) << id << " is no longer long: drop its reason";
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

namespace {

TEST_F(RealCorpus, EveryCellOfEveryJurisdictionIsWrittenCitedAndDated) {
  CADRE_REQUIRE_SOURCES();
  std::vector<std::string> codes;
  for (const auto& j : s_library->jurisdictions()) codes.push_back(j.code);
  EXPECT_EQ(codes.size(), 14u);
  for (const char* lang : {"en", "fr"}) {
    const auto comparison = s_library->compare({codes, {}, lang, ""});
    ASSERT_EQ(comparison.cells.size(), 7u);
    for (const auto& row : comparison.cells)
      for (const auto& cell : row) {
        const std::string where = cell.jurisdiction + "/" + cell.category + "@" + lang;
        EXPECT_FALSE(cell.fallback) << where;
        EXPECT_FALSE(cell.markdown.empty()) << where;
        EXPECT_FALSE(cell.as_of.empty()) << where;
        EXPECT_TRUE(std::any_of(cell.citations.begin(), cell.citations.end(), [](const auto& c) { return c.resolved; }))
            << where << " has no citation that resolves";
      }
  }
}

TEST_F(RealCorpus, StatusesAgreeWithTheTexts) {
  CADRE_REQUIRE_SOURCES();
  auto instrument = [](const std::string& code, const std::string& id) {
    for (const auto& in : s_library->jurisdiction(code).instruments)
      if (in.id == id) return in;
    ADD_FAILURE() << "no instrument " << id;
    return cadre::Instrument{};
  };
  const auto eo14110 = instrument("us", "us/eo-14110");
  EXPECT_EQ(eo14110.status, "revoked");
  EXPECT_EQ(eo14110.status_by, "us/eo-14148");
  EXPECT_EQ(eo14110.status_date, "2025-01-20");
  EXPECT_EQ(instrument("ca", "ca/aida").status, "lapsed");
  EXPECT_EQ(instrument("ca", "ca/c-27").status, "lapsed");
  EXPECT_EQ(instrument("br", "br/pl-2338").status, "bill");
  EXPECT_EQ(instrument("eu", "eu/ai-act").status, "in-force");
}

} // namespace

namespace {

// Korea's AI Basic Act: one instrument, two texts (from 2026-01-22 and from 2026-07-21) with the
// same clause ids; the provisions deferred by Act No. 21311 appear in the second.
TEST_F(RealCorpus, KoreasTwoVersionsDiffClauseByClause) {
  CADRE_REQUIRE_SOURCES();
  const auto d = s_library->diff("kr/ai-basic-act@2026-03-01", "kr/ai-basic-act@2026-12-04", "en");
  EXPECT_EQ(d.from_version, "2026-01-22");
  EXPECT_EQ(d.to_version, "2026-07-21");
  EXPECT_EQ(d.language, "ko") << "the earlier text exists in Korean only";
  std::map<std::string, std::string> change;
  for (const auto& c : d.clauses) change[c.id] = c.change;
  EXPECT_EQ(change["kr/ai-basic-act/art_17-2"], "added");
  EXPECT_EQ(change["kr/ai-basic-act/art_22-3"], "added");
  EXPECT_EQ(change["kr/ai-basic-act/art_3__para_5"], "added");
  EXPECT_EQ(change["kr/ai-basic-act/art_6__para_2__item_7"], "changed");
  EXPECT_GT(d.unchanged, 300);
  for (const auto& c : d.clauses) EXPECT_NE(c.change, "removed") << c.id;
  // The cells cite Art. 35(1) in the earlier text: it resolves to that version.
  const auto clause = s_library->clause("kr/ai-basic-act/art_35__para_1@2026-01-22", "ko");
  EXPECT_EQ(clause.instrument, "kr/ai-basic-act");
  EXPECT_EQ(clause.language, "ko");
  EXPECT_NE(clause.text.text, s_library->clause("kr/ai-basic-act/art_35__para_1", "ko").text.text);
}

} // namespace
