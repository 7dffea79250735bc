// Official-text links per publisher (core/official_link.cpp): real clause ids and instrument
// URLs of the corpus, the exact link expected in English and in French; then the links that
// Library answers carry, on the whole corpus indexed with the real sources (skipped without them).
#include "core/library.hpp"
#include "core/official_link.hpp"
#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace {

struct LinkCase {
  const char* name;
  const char* document;
  const char* clause;
  const char* english;
  const char* french;
};

class PublisherLinks : public ::testing::TestWithParam<LinkCase> {};

TEST_P(PublisherLinks, DeepLinksInTheReadersLanguage) {
  const auto& c = GetParam();
  EXPECT_EQ(cadre::official_link(c.document, c.clause, "en"), c.english);
  EXPECT_EQ(cadre::official_link(c.document, c.clause, "fr"), c.french);
}

constexpr const char* k_ai_act = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj";
constexpr const char* k_ai_act_en = "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689";
constexpr const char* k_ai_act_fr = "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689";
constexpr const char* k_lgpd = "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/L13709.htm";
constexpr const char* k_aida = "https://www.parl.ca/Content/Bills/441/Government/C-27/C-27_1/C-27_E.xml";
constexpr const char* k_eo = "https://www.federalregister.gov/documents/2023/11/01/2023-24283";
constexpr const char* k_kr = "https://www.law.go.kr/LSW/lsInfoP.do?lsiSeq=282791";
constexpr const char* k_tw = "https://law.nstc.gov.tw/LawContent.aspx?id=GL000592";
constexpr const char* k_oecd = "https://legalinstruments.oecd.org/en/instruments/OECD-LEGAL-0449";

INSTANTIATE_TEST_SUITE_P(
    Corpus, PublisherLinks,
    ::testing::Values(
        LinkCase{"EurLexArticle", k_ai_act, "eu/ai-act/art_6__para_1",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#art_6",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#art_6"},
        LinkCase{"EurLexRecital", k_ai_act, "eu/ai-act-oj-text/rct_1",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#rct_1",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#rct_1"},
        LinkCase{"EurLexAnnex", k_ai_act, "eu/ai-act/anx_III__point_1",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#anx_III",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#anx_III"},
        LinkCase{"EurLexGdpr", "https://eur-lex.europa.eu/eli/reg/2016/679/oj", "eu/gdpr/art_22__para_1",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32016R0679#art_22",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32016R0679#art_22"},
        LinkCase{"EurLexInstrument", k_ai_act, "instrument:eu/ai-act", k_ai_act, k_ai_act_fr},
        LinkCase{"EurLexCelexAddress", k_ai_act_en, "eu/ai-act/art_50",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#art_50",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#art_50"},
        LinkCase{"UkGdprArticle", "https://www.legislation.gov.uk/eur/2016/679/contents", "uk/uk-gdpr/art_22A__para_1",
                 "https://www.legislation.gov.uk/eur/2016/679/article/22A",
                 "https://www.legislation.gov.uk/eur/2016/679/article/22A"},
        LinkCase{"UkGdprRecital", "https://www.legislation.gov.uk/eur/2016/679/contents", "uk/uk-gdpr/rct_71",
                 "https://www.legislation.gov.uk/eur/2016/679/contents",
                 "https://www.legislation.gov.uk/eur/2016/679/contents"},
        // Cadre holds no text of the Data (Use and Access) Act 2025 yet; its sections would link so.
        LinkCase{"UkActSection", "https://www.legislation.gov.uk/ukpga/2025/18/contents",
                 "uk/data-use-and-access-act-2025/sec_80", "https://www.legislation.gov.uk/ukpga/2025/18/section/80",
                 "https://www.legislation.gov.uk/ukpga/2025/18/section/80"},
        LinkCase{"LegisQuebecSection", "https://www.legisquebec.gouv.qc.ca/en/document/cs/p-39.1",
                 "ca-qc/p-39.1/sec_12.1__para_1",
                 "https://www.legisquebec.gouv.qc.ca/en/document/cs/p-39.1#se:12_1",
                 "https://www.legisquebec.gouv.qc.ca/fr/document/lc/p-39.1#se:12_1"},
        LinkCase{"LegisQuebecInstrument", "https://www.legisquebec.gouv.qc.ca/en/document/cs/p-39.1",
                 "instrument:ca-qc/p-39.1", "https://www.legisquebec.gouv.qc.ca/en/document/cs/p-39.1",
                 "https://www.legisquebec.gouv.qc.ca/fr/document/lc/p-39.1"},
        LinkCase{"TbsSubsection", "https://www.tbs-sct.canada.ca/pol/doc-eng.aspx?id=32592",
                 "ca/adm-directive/sec_6.2.3", "https://www.tbs-sct.canada.ca/pol/doc-eng.aspx?id=32592#cha6",
                 "https://www.tbs-sct.canada.ca/pol/doc-fra.aspx?id=32592#cha6"},
        LinkCase{"TbsAppendix", "https://www.tbs-sct.canada.ca/pol/doc-eng.aspx?id=32592",
                 "ca/adm-directive/appx_C__row_1", "https://www.tbs-sct.canada.ca/pol/doc-eng.aspx?id=32592#appC",
                 "https://www.tbs-sct.canada.ca/pol/doc-fra.aspx?id=32592#appC"},
        LinkCase{"ParlBill", k_aida, "ca/aida/sec_5__subsec_1", k_aida,
                 "https://www.parl.ca/Content/Bills/441/Government/C-27/C-27_1/C-27_F.xml"},
        LinkCase{"EGovArticle", "https://laws.e-gov.go.jp/law/507AC0000000053", "jp/ai-promotion-act/art_3__para_1",
                 "https://laws.e-gov.go.jp/law/507AC0000000053#Mp-At_3",
                 "https://laws.e-gov.go.jp/law/507AC0000000053#Mp-At_3"},
        LinkCase{"EGovSupplementary", "https://laws.e-gov.go.jp/law/507AC0000000053", "jp/ai-promotion-act/suppl__art_1",
                 "https://laws.e-gov.go.jp/law/507AC0000000053", "https://laws.e-gov.go.jp/law/507AC0000000053"},
        LinkCase{"PlanaltoArticle", k_lgpd, "br/lgpd/art_20__para_1",
                 "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/L13709.htm#art20",
                 "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/L13709.htm#art20"},
        LinkCase{"PlanaltoLetteredArticle", k_lgpd, "br/lgpd/art_55-A",
                 "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/L13709.htm#art55a",
                 "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/L13709.htm#art55a"},
        LinkCase{"FederalRegisterDocument", k_eo, "us/eo-14110/sec_4", k_eo, k_eo},
        LinkCase{"LawGoKrDocument", k_kr, "kr/ai-basic-act/art_31__para_1", k_kr, k_kr},
        LinkCase{"NstcDocument", k_tw, "tw/ai-basic-act/art_4", k_tw, k_tw},
        LinkCase{"UnknownPublisher", k_oecd, "oecd/ai-recommendation/principle_1.1", k_oecd, k_oecd},
        LinkCase{"VersionSuffixIgnored", k_ai_act, "eu/ai-act/art_5@2024-07-12",
                 "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#art_5",
                 "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#art_5"}),
    [](const ::testing::TestParamInfo<LinkCase>& p) { return std::string(p.param.name); });

TEST(OfficialLink, NoDocumentNoLink) {
  EXPECT_EQ(cadre::official_link("", "eu/ai-act/art_6", "fr"), "");
}

class RealCorpusLinks : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    const auto sources = cadre::test::sources_dir();
    if (!sources) return;
    s_dir = std::make_unique<cadre::test::TempDir>();
    cadre::indexer::BuildOptions options;
    options.corpus_dir = std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus";
    options.sources_dir = *sources;
    options.data_dir = s_dir->path();
    cadre::indexer::build(options);
    s_library = cadre::Library::open(s_dir->path());
  }
  static void TearDownTestSuite() {
    s_library.reset();
    s_dir.reset();
  }
  static inline std::unique_ptr<cadre::test::TempDir> s_dir;
  static inline std::shared_ptr<const cadre::Library> s_library;
};

TEST_F(RealCorpusLinks, ClauseAnswersLinkTheArticleInTheReadersLanguage) {
  CADRE_REQUIRE_SOURCES();
  EXPECT_EQ(s_library->clause("eu/ai-act/art_6__para_1", "en").official_url,
            "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689#art_6");
  EXPECT_EQ(s_library->clause("eu/ai-act/art_6__para_1", "fr").official_url,
            "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#art_6");
  // The text is English only: the reader asked for French, and the French page is the link.
  const auto quebec = s_library->clause("ca-qc/p-39.1/sec_12.1", "fr");
  EXPECT_TRUE(quebec.fallback);
  EXPECT_EQ(quebec.official_url, "https://www.legisquebec.gouv.qc.ca/fr/document/lc/p-39.1#se:12_1");
  EXPECT_EQ(s_library->clause("ca/adm-directive/sec_6.3", "fr").official_url,
            "https://www.tbs-sct.canada.ca/pol/doc-fra.aspx?id=32592#cha6");
  EXPECT_EQ(s_library->clause("jp/ai-promotion-act/art_3", "en").official_url,
            "https://laws.e-gov.go.jp/law/507AC0000000053#Mp-At_3");
}

TEST_F(RealCorpusLinks, CompareCitationsLinkTheCitedArticle) {
  CADRE_REQUIRE_SOURCES();
  const auto c = s_library->compare({{"ca-qc", "eu"}, {}, "fr", ""});
  int checked = 0;
  for (const auto& row : c.cells)
    for (const auto& cell : row)
      for (const auto& citation : cell.citations) {
        if (citation.clause_id == "ca-qc/p-39.1/sec_12.1") {
          EXPECT_EQ(citation.official_url, "https://www.legisquebec.gouv.qc.ca/fr/document/lc/p-39.1#se:12_1");
          ++checked;
        }
        if (citation.clause_id.starts_with("eu/ai-act/art_5__")) {
          EXPECT_EQ(citation.official_url, "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32024R1689#art_5");
          ++checked;
        }
      }
  EXPECT_GE(checked, 2) << "the comparison no longer cites Québec's s. 12.1 and the AI Act's Art. 5";
}

TEST_F(RealCorpusLinks, ProvisionCitationsLinkTheCitedArticle) {
  CADRE_REQUIRE_SOURCES();
  const auto detail = s_library->provision("definition.automated-decision", "fr");
  int linked = 0;
  for (const auto& value : detail.values)
    for (const auto& citation : value.citations)
      if (citation.official_url.find("eur-lex.europa.eu/legal-content/FR/") != std::string::npos) {
        EXPECT_NE(citation.official_url.find("#art_"), std::string::npos) << citation.clause_id;
        ++linked;
      }
  EXPECT_GE(linked, 1) << "no EU citation among the values of definition.automated-decision";
}

} // namespace
