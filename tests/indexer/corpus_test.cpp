#include "indexer/corpus.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using cadre::indexer::Diagnostics;
using cadre::indexer::parse_framework;

const char* k_framework = R"(# Testland

as-of: 2026-05-01

## Definition of AI

summary: Testland defines AI systems by inference
([Act, s. 2(1)](clause:tl/act/sec_2__subsec_1)).

An "AI system" is defined ([Act, s. 2(1)](clause:tl/act/sec_2__subsec_1)). <b>bold</b> [bad](javascript:alert(1))

## Key aims

Aims ([Act, s. 1](clause:tl/act/sec_1)) and the whole plan ([Plan](instrument:tl/plan)).
)";

TEST(Framework, ParsesSectionsCitationsAndAsOf) {
  Diagnostics diags;
  const auto f = parse_framework(k_framework, "en", "framework.en.md", diags);
  EXPECT_EQ(f.title, "Testland");
  EXPECT_EQ(f.as_of, "2026-05-01");
  ASSERT_EQ(f.cells.size(), 2u);
  EXPECT_EQ(f.cells[0].category, "definition");
  EXPECT_EQ(f.cells[0].line, 5);
  EXPECT_EQ(f.cells[0].citations[0].target, "tl/act/sec_2__subsec_1");
  EXPECT_EQ(f.cells[0].citations[0].label, "Act, s. 2(1)");
  EXPECT_EQ(f.cells[0].citations[0].line, 8);
  EXPECT_EQ(f.cells[0].citations[0].column, 24);
  ASSERT_EQ(f.cells[0].citations.size(), 2u) << "the summary's citation, then the prose's";
  ASSERT_EQ(f.cells[1].citations.size(), 2u);
  EXPECT_TRUE(f.cells[1].citations[1].whole_instrument);
  // Five categories are missing, the second cell has no summary, and both cells are short.
  EXPECT_EQ(diags.error_count(), 6);
  EXPECT_EQ(diags.warning_count(), 2);
}

TEST(Framework, PlainTextKeepsParagraphsAndListItems) {
  Diagnostics diags;
  const auto f = parse_framework("# T\n\nas-of: 2026-05-01\n\n## Key aims\n\nFirst paragraph,\nwrapped.\n\n"
                                 "- one ([Act, s. 1](clause:tl/act/sec_1));\n- two.\n\n3. three\n4. four\n\nLast.\n",
                                 "en", "framework.en.md", diags);
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].text, "First paragraph, wrapped.\n\n- one (Act, s. 1);\n- two.\n\n3. three\n4. four\n\nLast.");
  EXPECT_EQ(f.cells[0].words, 11) << "list markers are not words";
}

TEST(Framework, SplitsTheSummaryFromTheProse) {
  Diagnostics diags;
  const auto f = parse_framework(k_framework, "en", "framework.en.md", diags);
  EXPECT_EQ(f.cells[0].summary_markdown, "Testland defines AI systems by inference\n([Act, s. 2(1)](clause:tl/act/sec_2__subsec_1)).");
  EXPECT_EQ(f.cells[0].summary_text, "Testland defines AI systems by inference (Act, s. 2(1)).");
  EXPECT_NE(f.cells[0].summary_html.find("href=\"#clause=tl/act/sec_2__subsec_1\""), std::string::npos);
  EXPECT_TRUE(f.cells[0].markdown.starts_with("An \"AI system\"")) << f.cells[0].markdown;
  EXPECT_EQ(f.cells[1].summary_markdown, "");
  const auto missing = std::find_if(diags.items().begin(), diags.items().end(), [](const auto& d) {
    return d.message.starts_with("section 'Key aims' has no summary");
  });
  ASSERT_NE(missing, diags.items().end());
  EXPECT_EQ(missing->line, 12);
}

// cmark ends lines at "\r\n" and at a lone "\r" too: such files parse as their "\n" form, and
// the line numbers of sections and diagnostics stay those of the lines the file shows.
TEST(Framework, CarriageReturnsEndLinesAsInTheNewlineForm) {
  Diagnostics expected_diags;
  const auto expected = parse_framework(k_framework, "en", "framework.en.md", expected_diags);
  for (const std::string ending : {"\r\n", "\r"}) {
    std::string text;
    for (const char c : std::string(k_framework)) text += c == '\n' ? ending : std::string(1, c);
    Diagnostics diags;
    const auto f = parse_framework(text, "en", "framework.en.md", diags);
    ASSERT_EQ(f.cells.size(), expected.cells.size());
    for (std::size_t i = 0; i < f.cells.size(); ++i) {
      EXPECT_EQ(f.cells[i].markdown, expected.cells[i].markdown);
      EXPECT_EQ(f.cells[i].summary_markdown, expected.cells[i].summary_markdown);
      EXPECT_EQ(f.cells[i].line, expected.cells[i].line);
    }
    ASSERT_EQ(diags.items().size(), expected_diags.items().size());
    for (std::size_t i = 0; i < diags.items().size(); ++i) EXPECT_EQ(diags.items()[i].line, expected_diags.items()[i].line);
  }
  // A section heading after many lone "\r" line ends (a fuzzed input once read past the end).
  Diagnostics diags;
  (void)parse_framework("# X\n\nas-of: 2026-01-01\n\n## Definition of AI\n\nSee" + std::string(40, '\r') +
                            "b\n## Key aims\n\nText\n",
                        "en", "framework.en.md", diags);
}

TEST(Framework, ASummaryMustCiteAClauseAndStayShort) {
  std::string words;
  for (int i = 0; i < 42; ++i) words += "word ";
  const std::string markdown = "# T\n\nas-of: 2026-05-01\n\n## Key aims\n\nsummary: " + words +
                               "per the [plan](instrument:tl/plan).\n\nAims ([Act, s. 1](clause:tl/act/sec_1)).\n";
  Diagnostics diags;
  parse_framework(markdown, "en", "f.md", diags);
  std::vector<std::string> messages;
  for (const auto& d : diags.items())
    if (d.line == 7) messages.push_back(d.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "the summary of section 'Key aims' cites no clause: cite the clause that carries it",
                          "the summary of section 'Key aims' has 44 words; keep it to one sentence of at most 40"}));
}

TEST(Framework, RendersSafeHtmlWithCitationAnchors) {
  Diagnostics diags;
  const auto f = parse_framework(k_framework, "en", "framework.en.md", diags);
  const std::string& html = f.cells[0].html;
  EXPECT_NE(html.find("<a href=\"#clause=tl/act/sec_2__subsec_1\">Act, s. 2(1)</a>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << "raw HTML must be dropped: " << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(f.cells[0].markdown.substr(0, 21), "An \"AI system\" is def");
  EXPECT_EQ(f.cells[0].text.find('['), std::string::npos) << "plain text keeps link labels only: " << f.cells[0].text;
  EXPECT_NE(f.cells[1].html.find("href=\"#instrument=tl/plan\""), std::string::npos) << f.cells[1].html;
}

TEST(Corpus, LoadsTheFixtureJurisdiction) {
  Diagnostics diags;
  const auto spec = cadre::indexer::load_jurisdiction(cadre::test::data_dir() / "corpus" / "xa", diags);
  ASSERT_TRUE(spec) << (diags.items().empty() ? "" : diags.items()[0].to_string());
  EXPECT_EQ(spec->jurisdiction.name.fr, "Xanadou");
  ASSERT_EQ(spec->instruments.size(), 2u);
  const auto& revoked = spec->instruments[1].instrument;
  EXPECT_EQ(revoked.status, "revoked");
  EXPECT_EQ(revoked.status_by, "xa/ai-order");
  EXPECT_EQ(revoked.status_date, "2026-03-03");
  EXPECT_EQ(revoked.status_checked, "2026-03-10") << "the latest evidence seen";
  ASSERT_EQ(revoked.events.size(), 3u);
  EXPECT_EQ(revoked.events[0].kind, "signed");
  EXPECT_EQ(spec->instruments[0].sources.at(0).format, "fedreg-xml");
  EXPECT_EQ(spec->frameworks.size(), 2u);
}

TEST(Corpus, CodesFollowIso3166) {
  for (const char* good : {"eu", "ca-qc", "us-co", "oecd", "gb-sct"}) EXPECT_TRUE(cadre::indexer::is_valid_code(good)) << good;
  for (const char* bad : {"EU", "e", "ca_qc", "toolongcode", "ca-qcqc", "../x"}) EXPECT_FALSE(cadre::indexer::is_valid_code(bad)) << bad;
}

} // namespace
