// Exports of a hand-built comparison: what each format must keep (citations, statuses, as-of
// dates, build) and what it must neutralise (HTML in text, CSV formulas, table pipes).
#include "core/export.hpp"

#include "core/error.hpp"

#include <cmark.h>
#include <gtest/gtest.h>

#include <sstream>

namespace cadre {
namespace {

Comparison sample() {
  Comparison c;
  c.language = "en";
  c.build_id = "b0123456789abcde";
  c.corpus_commit = "c0ffee";
  c.categories = {{"definition", {"Definition of AI", "Définition de l'IA"}, {}},
                  {"risk", {"Approach to risk", "Approche du risque"}, {}}};
  Instrument act;
  act.id = "xa/act";
  act.short_name.en = "AI Act";
  act.status = "in-force";
  act.status_date = "2024-08-01";
  act.official_url = "https://example.org/act";
  Instrument bill;
  bill.id = "xb/bill";
  bill.short_name.en = "Bill C-1";
  bill.status = "lapsed";
  c.jurisdictions = {{"xa", {"Xanadu", "Xanadu"}, "national", "", "2025-01-01", {act}},
                     {"xb", {"Xebec | Union", "Union de Xebec"}, "supranational", "", "2025-02-02", {bill}}};
  Citation cite{"xa/act/art_3", "Act, Art. 3", true, "Article 3 text", "https://example.org/act", "in-force"};
  Citation open{"xb/bill/sec_1", "Bill, s. 1", false, "", "", "lapsed"};
  c.cells = {
      {{"xa", "definition", "en", false, "", "", "", "", "<p>An <em>AI system</em> &lt;b&gt;</p>", "An AI system <b> means, in a long sentence that must wrap across several lines of the terminal table.", "2025-01-01", {cite}},
       {"xb", "definition", "en", false, "", "", "", "", "<p>=SUM(A1)</p>", "=SUM(A1) | pipe", "2025-02-02", {open}}},
      {{"xa", "risk", "fr", true, "", "", "", "", "<p>Risque</p>", "Risque, \"cité\"\nligne deux", "2025-01-01", {cite}},
       {"xb", "risk", "en", false, "", "", "", "", "<p>None</p>", "None", "2025-02-02", {}}},
  };
  return c;
}

TEST(Export, FormatNamesRoundTrip) {
  for (auto f : {ExportFormat::text, ExportFormat::markdown, ExportFormat::csv, ExportFormat::json, ExportFormat::html,
                 ExportFormat::xlsx})
    EXPECT_EQ(parse_export_format(format_name(f), "format"), f);
  try {
    parse_export_format("pdf", "--format");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.parameter(), "--format");
  }
  EXPECT_EQ(file_extension(ExportFormat::markdown), "md");
  EXPECT_EQ(content_type(ExportFormat::csv), "text/csv; charset=utf-8; header=present");
}

TEST(Export, MarkdownIsAGitHubTableWithNumberedCitations) {
  const std::string md = render_comparison(sample(), ExportFormat::markdown);
  EXPECT_NE(md.find("| Category | Xanadu (xa) | Xebec \\| Union (xb) |"), std::string::npos) << md;
  EXPECT_NE(md.find("|---|---|---|"), std::string::npos);
  EXPECT_NE(md.find("&lt;b&gt;"), std::string::npos) << "text must not become HTML";
  EXPECT_NE(md.find("Sources: [1]"), std::string::npos);
  EXPECT_NE(md.find("1. Act, Art. 3 — `xa/act/art_3` — <https://example.org/act>"), std::string::npos);
  EXPECT_NE(md.find("2. Bill, s. 1 — `xb/bill/sec_1` (text not indexed)"), std::string::npos);
  EXPECT_NE(md.find("AI Act: in force (2024-08-01)"), std::string::npos);
  EXPECT_NE(md.find("as of 2025-02-02"), std::string::npos);
  EXPECT_NE(md.find("b0123456789abcde"), std::string::npos);
  EXPECT_NE(md.find("\\[text available in fr only\\]"), std::string::npos);
}

/// Counts the nodes of `type` in CommonMark `markdown`, parsed as pandoc and GitHub would.
int count_nodes(const std::string& markdown, cmark_node_type type) {
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
  cmark_iter* iter = cmark_iter_new(doc);
  int n = 0;
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter))
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(iter)) == type) ++n;
  cmark_iter_free(iter);
  cmark_node_free(doc);
  return n;
}

TEST(Export, MarkdownAndCsvKeepTheParagraphsAndListsOfACell) {
  Comparison c = sample();
  c.cells[1][1].text = "Expected results:\n\n- fair decisions;\n- assessed impacts.\n\n2024. A year, not an item.";
  const std::string md = render_comparison(c, ExportFormat::markdown);
  EXPECT_NE(md.find("\n- fair decisions;\n- assessed impacts.\n"), std::string::npos) << md;
  EXPECT_NE(md.find("\n2024\\. A year"), std::string::npos) << md;
  EXPECT_EQ(count_nodes(md, CMARK_NODE_LIST), 3) << "the jurisdictions, the cell's list, the citations";
  EXPECT_EQ(count_nodes(md, CMARK_NODE_ITEM), 2 + 2 + 2 + 1) << "with the build line";
  EXPECT_EQ(count_nodes(md, CMARK_NODE_HEADING), 1 + 2 + 4 + 1) << "title, categories, one per cell, citations";
  EXPECT_EQ(md.find("<br>"), std::string::npos) << "no raw HTML line breaks: GFM readers merge them";
  const std::string csv = render_comparison(c, ExportFormat::csv);
  EXPECT_NE(csv.find("\"Expected results:\n\n- fair decisions;\n- assessed impacts.\n\n2024. A year, not an item.\""), std::string::npos) << csv;
}

TEST(Export, CsvIsRfc4180LongFormWithFormulasDefused) {
  const Comparison c = sample();
  const std::string csv = render_comparison(c, ExportFormat::csv);
  EXPECT_TRUE(csv.starts_with("category,category_label,jurisdiction,jurisdiction_name,language,fallback,as_of,"
                              "instruments,text,citations,clause_ids,official_urls,build_id,corpus_commit,statuses_as_of,warnings\r\n"));
  std::size_t rows = 0;
  for (auto pos = csv.find("\r\n"); pos != std::string::npos; pos = csv.find("\r\n", pos + 2)) ++rows;
  EXPECT_EQ(rows, 1u + 4u + 0u) << "header + categories × jurisdictions (embedded newlines are LF)";
  // Defused, and quoted for its pipe: no separator a spreadsheet may choose starts a cell with it.
  EXPECT_NE(csv.find(",\"'=SUM(A1) | pipe\","), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Risque, \"\"cité\"\"\nligne deux\""), std::string::npos);
  EXPECT_NE(csv.find(",xa/act/art_3,https://example.org/act,b0123456789abcde,c0ffee,,\r\n"), std::string::npos);
  EXPECT_FALSE(csv.starts_with("\xEF\xBB\xBF"));
  ExportOptions bom;
  bom.csv_bom = true;
  EXPECT_TRUE(render_comparison(c, ExportFormat::csv, bom).starts_with("\xEF\xBB\xBF" "category,"));
}

TEST(Export, HtmlIsStandalonePrintableAndEscapesCorpusText) {
  const std::string html = render_comparison(sample(), ExportFormat::html);
  EXPECT_TRUE(html.starts_with("<!doctype html>"));
  EXPECT_NE(html.find("@page{size:A4 landscape"), std::string::npos);
  EXPECT_NE(html.find("Xebec | Union (xb)"), std::string::npos);
  EXPECT_NE(html.find("<p>An <em>AI system</em> &lt;b&gt;</p>"), std::string::npos) << "cell HTML kept as rendered";
  EXPECT_NE(html.find("<dt id=\"clause=xa/act/art_3\">"), std::string::npos);
  EXPECT_NE(html.find("Article 3 text"), std::string::npos);
  EXPECT_NE(html.find("status-in-force"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Export, TextTableFitsTheTerminalWidth) {
  ExportOptions options;
  options.terminal_width = 72;
  const std::string text = render_comparison(sample(), ExportFormat::text, options);
  std::istringstream lines(text);
  std::string line;
  bool table = false;
  while (std::getline(lines, line)) {
    if (line.starts_with("┌")) table = true;
    if (!table) continue;
    std::size_t columns = 0;
    for (unsigned char ch : line) columns += (ch & 0xC0) != 0x80;
    EXPECT_LE(columns, 72u) << line;
    if (line.starts_with("└")) break;
  }
  EXPECT_TRUE(table);
  EXPECT_NE(text.find("[1] Act, Art. 3"), std::string::npos) << text;
  EXPECT_NE(text.find("AI Act: in force (2024-08-01)"), std::string::npos);
}

TEST(Export, JsonAndXlsxAreProduced) {
  EXPECT_TRUE(render_comparison(sample(), ExportFormat::json).starts_with("{"));
  const std::string xlsx = render_comparison(sample(), ExportFormat::xlsx);
  EXPECT_TRUE(xlsx.starts_with("PK\x03\x04"));
  EXPECT_GT(xlsx.size(), 4000u);
}

} // namespace
} // namespace cadre

namespace {

// Every export carries the as-of date chosen and each cell's "may be outdated" warnings.
TEST(ExportTime, AsOfAndWarningsAreInEveryFormat) {
  cadre::Comparison c;
  c.language = "en";
  c.as_of = "2027-06-01";
  c.as_of_given = true;
  c.as_of_note = "2027-06-01 is in the future: the statuses are those the events recorded so far schedule for that date";
  c.build_id = "b0123456789abcde";
  c.categories.push_back({"risk", {"Approach to risk", "Approche du risque"}, {"", ""}});
  cadre::Jurisdiction j;
  j.code = "xa";
  j.name = {"Xanadu", "Xanadou"};
  j.as_of = "2026-11-22";
  cadre::Instrument in;
  in.short_name.en = "Act";
  in.status = "superseded";
  in.status_date = "2027-01-01";
  in.status_by = "xa/new-act";
  in.status_checked = "2026-12-04";
  j.instruments.push_back(in);
  c.jurisdictions.push_back(j);
  cadre::Cell cell;
  cell.jurisdiction = "xa";
  cell.category = "risk";
  cell.language = "en";
  cell.text = "Tiers.";
  cell.html = "<p>Tiers.</p>";
  cell.as_of = "2026-11-22";
  cadre::CellWarning w;
  w.event.kind = "superseded-by";
  w.event.date = "2027-01-01";
  w.message = "may be outdated: xa/act superseded by xa/new-act, 2027-01-01";
  cell.warnings.push_back(w);
  c.cells.push_back({cell});
  for (auto format : {cadre::ExportFormat::text, cadre::ExportFormat::markdown, cadre::ExportFormat::csv, cadre::ExportFormat::html,
                      cadre::ExportFormat::json}) {
    const std::string out = cadre::render_comparison(c, format, {});
    EXPECT_NE(out.find("may be outdated: xa/act superseded by xa/new-act, 2027-01-01"), std::string::npos)
        << cadre::format_name(format) << "\n" << out;
    EXPECT_NE(out.find("2027-06-01"), std::string::npos) << cadre::format_name(format);
    EXPECT_NE(out.find("2026-12-04"), std::string::npos) << "the check date: " << cadre::format_name(format);
  }
  EXPECT_NE(cadre::render_comparison(c, cadre::ExportFormat::text, {}).find("[written as of 2026-11-22]"), std::string::npos);
  EXPECT_NE(cadre::render_comparison(c, cadre::ExportFormat::html, {}).find("<p class=\"outdated\" role=\"note\">may be outdated"),
            std::string::npos);
}

} // namespace
