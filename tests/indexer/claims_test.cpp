// The claim checker: figures and quotations of a cell against the clauses it cites. Fixtures
// are written for these tests (invented clauses of an instrument "xa/act").
#include "indexer/claims.hpp"

#include <gtest/gtest.h>

namespace {

using cadre::indexer::check_claims;
using cadre::indexer::Diagnostics;
using cadre::indexer::Figure;
using cadre::indexer::find_figures;
using cadre::indexer::ParsedInstrument;

std::map<std::string, ParsedInstrument> fixture() {
  ParsedInstrument act;
  auto add = [&](std::string path, std::string parent, std::string language, std::string text) {
    act.clauses.push_back({std::move(path), std::move(parent), "", "", std::move(text), std::move(language)});
  };
  add("art_4", "", "en", "Article 4 Fines. 1. Breaches are punishable by fines of up to EUR 35 000 000 or 7 % of turnover.");
  add("art_4__para_1", "art_4", "en", "1. Breaches are punishable by fines of up to EUR 35 000 000 or 7 % of turnover.");
  add("art_4__para_2", "art_4", "en", "2. The authority shall decide within fifteen days of a complaint.");
  add("art_5", "", "en", "This Act enters into force on 1 August 2030. A 'model' means a system that \u201clearns from data\u201d.");
  add("art_5", "", "fr", "La présente loi entre en vigueur le 1er août 2030.");
  add("art_6", "", "zh", "处五十万元以上五百万元以下罚款。自二〇三〇年八月一日起施行。应当在三十日内报告。");
  add("art_7", "", "ja", "令和十二年四月一日から施行する。三月以内に届け出なければならない。");
  add("art_8", "", "ko", "3천만원 이하의 과태료를 부과한다. 30일 이내에 신고하여야 한다.");
  add("anx_I", "", "en", "| 1. | Breach of duty. | May extend to two<br>hundred and fifty<br>crore rupees. |");
  add("art_9", "", "pt", "Entra em vigor após 180 (cento e oitenta) dias da publicação; multa de até R$ 50.000.000,00.");
  std::map<std::string, ParsedInstrument> parsed;
  parsed["xa/act"] = act;
  return parsed;
}

std::string cells(const std::string& body) {
  return "# Xa\n\nas-of: 2030-01-01\n\n## Monitoring and enforcement\n\n" + body + "\n";
}

std::vector<std::string> findings(const std::string& body, const std::string& language = "en") {
  Diagnostics diags;
  check_claims(cells(body), language, "xa/framework.md", fixture(), diags);
  std::vector<std::string> out;
  for (const auto& d : diags.items()) out.push_back(d.to_string());
  return out;
}

TEST(ClaimFigures, NormalisesNumeralsUnitsAndDates) {
  auto one = [](const std::string& text, const std::string& language) {
    const auto f = find_figures(text, language, false);
    EXPECT_EQ(f.size(), 1u) << text;
    return f.empty() ? Figure{} : f[0];
  };
  EXPECT_DOUBLE_EQ(one("fines of EUR 35 million", "en").value, 35e6);
  EXPECT_DOUBLE_EQ(one("35 000 000 EUR", "en").value, 35e6);
  EXPECT_DOUBLE_EQ(one("jusqu'à 7,5 M€", "fr").value, 7.5e6);
  EXPECT_DOUBLE_EQ(one("R$ 50.000.000,00", "pt").value, 50e6);
  EXPECT_DOUBLE_EQ(one("₹250 crore", "en").value, 2.5e9);
  const auto pct = one("2 per cent of turnover", "en");
  EXPECT_EQ(pct.kind, Figure::Kind::percent);
  EXPECT_DOUBLE_EQ(pct.value, 2);
  const auto days = one("within fifteen working days", "en");
  EXPECT_EQ(days.kind, Figure::Kind::duration);
  EXPECT_EQ(days.unit, "day");
  EXPECT_DOUBLE_EQ(days.value, 15);
  EXPECT_EQ(one("soixante-douze heures", "fr").value, 72);
  EXPECT_EQ(one("三十日内", "zh").unit, "day");
  EXPECT_DOUBLE_EQ(one("五千万元", "zh").value, 5e7);
  EXPECT_DOUBLE_EQ(one("3천만원", "ko").value, 3e7);
  for (const auto& [text, language] : std::vector<std::pair<std::string, std::string>>{
           {"on 1 August 2030", "en"}, {"August 1st , 2030", "en"}, {"le 1er août 2030", "fr"}, {"2030-08-01", "en"},
           {"二〇三〇年八月一日", "zh"}, {"2030년 8월 1일", "ko"}, {"1º de agosto de 2030", "pt"}}) {
    const auto d = one(text, language);
    EXPECT_EQ(d.kind, Figure::Kind::date) << text;
    EXPECT_EQ(std::make_tuple(d.year, d.month, d.day), std::make_tuple(2030, 8, 1)) << text;
  }
  EXPECT_EQ(one("the government's 2021 strategy", "en").kind, Figure::Kind::year);
  EXPECT_EQ(one("la Stratégie 2021-2026", "fr").value, 2021);
  const auto era = one("令和十二年四月一日", "ja");
  EXPECT_EQ(std::make_tuple(era.year, era.month, era.day), std::make_tuple(2030, 4, 1));
}

TEST(ClaimFigures, NumbersThatNameThingsAreNotFigures) {
  for (const std::string text : {"Article 5 and Articles 9 to 15 apply", "Bill C-27 and EO 14110", "the Act, 2023",
                                 "point (1) of the G7 code", "Regulation (EU) 2024/1689", "S.Q. 2021, c. 25",
                                 "Law 25 and SB 53", "two languages", "its 2nd report"})
    EXPECT_TRUE(find_figures(text, "en", false).empty()) << text;
}

TEST(ClaimChecker, AFigureInTheCitedClauseOrItsDescendantsPasses) {
  EXPECT_TRUE(findings("Fines reach EUR 35 million or 7% ([Act, Art. 4(1)](clause:xa/act/art_4__para_1)).").empty());
  EXPECT_TRUE(findings("The authority decides within 15 days ([Act, Art. 4](clause:xa/act/art_4)).").empty());
  EXPECT_TRUE(findings("Les amendes atteignent 35 M€ ou 7 % ([Loi, art. 4, par. 1](clause:xa/act/art_4__para_1)).", "fr").empty());
  EXPECT_TRUE(findings("It applies from 1 August 2030 ([Act, Art. 6](clause:xa/act/art_6)), fines reach CNY 5 million "
                       "([Art. 6](clause:xa/act/art_6)) and reports are due in 30 days ([Art. 8](clause:xa/act/art_8)).")
                  .empty());
  EXPECT_TRUE(findings("Reports are due within three months ([Act, Art. 7](clause:xa/act/art_7)) and fines reach "
                       "KRW 30 million ([Art. 8](clause:xa/act/art_8)).")
                  .empty());
  EXPECT_TRUE(findings("It would apply 180 days after publication ([PL, Art. 9](clause:xa/act/art_9)).").empty());
  EXPECT_TRUE(findings("- ₹250 crore for a breach of duty ([Annex I, item 1](clause:xa/act/anx_I)).").empty());
}

TEST(ClaimChecker, AFigureMissingFromTheCitedClauseIsReportedWhereItIs) {
  const auto out = findings("Fines reach EUR 35 million.\nThe authority decides within 30 days ([Act, Art. 4(1)](clause:xa/act/art_4__para_1)).");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rfind("xa/framework.md:7:17: warning: '35 million' is stated in a sentence that cites no clause", 0), 0u)
      << out[0];
  EXPECT_EQ(out[1].rfind("xa/framework.md:8:30: warning: '30 days' is not in the cited clauses (xa/act/art_4__para_1)", 0), 0u)
      << out[1];
}

TEST(ClaimChecker, QuotationsMustOccurInACitedClause) {
  EXPECT_TRUE(findings("A model is a system that \u201clearns  from data\u201d ([Act, Art. 5](clause:xa/act/art_5)).").empty());
  EXPECT_TRUE(findings("Un modèle « learns from data » ([Loi, art. 5](clause:xa/act/art_5)).", "fr").empty());
  const auto out = findings("A model is a system that \"learns by itself\" ([Act, Art. 5](clause:xa/act/art_5)).");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("quotation \"learns by itself\" is not in the cited clauses (xa/act/art_5)"), std::string::npos) << out[0];
}

TEST(ClaimChecker, SentencesAreSplitAfterCitationsNotInsideAbbreviations) {
  // "Art." and "e.g." do not end a sentence; each sentence needs its own citation.
  const auto out = findings("Under Art. 4, e.g. for breaches, fines reach 7 % ([Act, Art. 4(1)](clause:xa/act/art_4__para_1)). "
                            "Decisions take 15 days.");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("'15 days' is stated in a sentence that cites no clause"), std::string::npos) << out[0];
}

TEST(ClaimChecker, ACheckedExceptionNeedsAReasonAndAFinding) {
  EXPECT_TRUE(findings("The bill lapsed on 2025-01-06. <!-- claim-ok: prorogation date, in no text Cadre holds -->").empty());
  // Initials do not end a sentence, so the marker covers the whole of it.
  EXPECT_TRUE(findings("It dates from 1994 and was amended by S.Q. 2021, c. 25. <!-- claim-ok: history notes -->").empty());
  EXPECT_TRUE(findings("The bill lapsed on 2025-01-06. <!-- claim-ok: prorogation date, in no text Cadre holds -->\nIt "
                       "applies from 1 August 2030 ([Act, Art. 5](clause:xa/act/art_5)).")
                  .empty());
  // On a line of its own inside a paragraph, the marker would split the paragraph when rendered.
  const auto split = findings("The bill lapsed on 2025-01-06.\n<!-- claim-ok: prorogation date -->\nIt applies from 1 August "
                              "2030 ([Act, Art. 5](clause:xa/act/art_5)).");
  ASSERT_EQ(split.size(), 1u);
  EXPECT_NE(split[0].find("xa/framework.md:8:1: warning: a line that starts with '<!--' ends the paragraph"), std::string::npos)
      << split[0];
  auto out = findings("The bill lapsed on 2025-01-06. <!-- claim-ok -->");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NE(out[0].find("claim-ok marker without a reason"), std::string::npos) << out[0];
  out = findings("It applies from 1 August 2030 ([Act, Art. 5](clause:xa/act/art_5)). <!-- claim-ok: checked -->");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("nothing against: remove it"), std::string::npos) << out[0];
}

TEST(ClaimChecker, MarkersNeverReachReaders) {
  EXPECT_EQ(cadre::indexer::strip_claim_markers("It lapsed. <!-- claim-ok: why -->\nNext.\n<!-- claim-ok: x -->\nEnd."),
            "It lapsed.\nNext.\nEnd.");
  Diagnostics diags;
  const auto framework = cadre::indexer::parse_framework(
      cells("The bill lapsed on 2025-01-06. <!-- claim-ok: prorogation date --> It cites "
            "[Act, Art. 5](clause:xa/act/art_5)."),
      "en", "xa/framework.md", diags);
  ASSERT_EQ(framework.cells.size(), 1u);
  EXPECT_EQ(framework.cells[0].markdown.find("claim-ok"), std::string::npos);
  EXPECT_EQ(framework.cells[0].html.find("claim-ok"), std::string::npos);
  EXPECT_EQ(framework.cells[0].text.find("claim-ok"), std::string::npos);
}

TEST(ClaimChecker, TextsCadreDoesNotHoldAreNotCompared) {
  EXPECT_TRUE(findings("The white paper proposed 5 principles ([White paper](instrument:xa/white-paper)).").empty());
}

} // namespace
