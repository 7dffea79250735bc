// Exports of a hand-built comparison: what each format must keep (citations, statuses, as-of
// dates, build) and what it must neutralise (HTML in text, CSV formulas, table pipes).
#include "core/export.hpp"

#include "core/error.hpp"
#include "support/test_support.hpp"

#include <cmark.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace cadre {
namespace {

Comparison sample() {
  Comparison c;
  c.language = "en";
  c.build_id = "b0123456789abcde";
  c.corpus_commit = "c0ffee";
  c.categories = {{"definition", {"Definition of AI", "Définition de l'IA"}, {}, {}},
                  {"risk", {"Approach to risk", "Approche du risque"}, {}, {}}};
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
  c.jurisdictions = {{"xa", {"Xanadu", "Xanadu"}, "national", "", "2025-01-01", {act}, {}},
                     {"xb", {"Xebec | Union", "Union de Xebec"}, "supranational", "", "2025-02-02", {bill}, {}}};
  Citation cite{"xa/act/art_3", "Act, Art. 3", true, "Article 3 text", "https://example.org/act", "in-force", "official-text"};
  Citation open{"xb/bill/sec_1", "Bill, s. 1", false, "", "", "lapsed", "official-page"};
  // Markdown as the corpus holds it (citation links, a literal "<b>", raw HTML, a list), and the
  // plain text the indexer makes of it.
  c.cells = {
      {{"xa", "definition", "en", false, "Xanadu defines it ([Act, Art. 3](clause:xa/act/art_3)).", "",
        "Xanadu defines it (Act, Art. 3).",
        "An *AI system* \\<b\\> means, in a long sentence <span>that</span> must wrap across several lines of the "
        "terminal table ([Act, Art. 3](clause:xa/act/art_3)).",
        "<p>An <em>AI system</em> &lt;b&gt;</p>",
        "An AI system <b> means, in a long sentence that must wrap across several lines of the terminal table (Act, Art. 3).",
        "2025-01-01", {cite}, {}},
       {"xb", "definition", "en", false, "", "", "", "=SUM(A1) | pipe ([Bill, s. 1](clause:xb/bill/sec_1))",
        "<p>=SUM(A1)</p>", "=SUM(A1) | pipe (Bill, s. 1)", "2025-02-02", {open}, {}}},
      {{"xa", "risk", "fr", true, "", "", "", "Risque, \"cité\" :\n\n- ligne deux\n- ligne trois\n\nFin.", "<p>Risque</p>",
        "Risque, \"cité\" :\n\n- ligne deux\n- ligne trois\n\nFin.", "2025-01-01", {cite}, {}},
       {"xb", "risk", "en", false, "", "", "", "None", "<p>None</p>", "None", "2025-02-02", {}, {}}},
  };
  return c;
}

TEST(Export, FormatNamesRoundTrip) {
  for (auto f : {ExportFormat::text, ExportFormat::markdown, ExportFormat::csv, ExportFormat::json, ExportFormat::html,
                 ExportFormat::xlsx, ExportFormat::docx})
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

TEST(Export, MarkdownHasASummaryTableThenTheCellsOwnMarkdown) {
  const std::string md = render_comparison(sample(), ExportFormat::markdown);
  const auto at = [&md](const std::string& s) { return md.find(s); };
  EXPECT_NE(at("| Category | Xanadu (xa) | Xebec \\| Union (xb) |\n|---|---|---|\n"), std::string::npos) << md;
  EXPECT_NE(at("| **Definition of AI** | Xanadu defines it (Act, Art. 3). [1] | =SUM(A1) \\| pipe (Bill, s. 1) [2] |"),
            std::string::npos);
  EXPECT_LT(at("\n## Definition of AI\n\n### Xanadu (xa)\n"), at("\n### Xebec \\| Union (xb)\n"));
  EXPECT_LT(at("\n### Xebec \\| Union (xb)\n"), at("\n## Approach to risk\n"));
  EXPECT_NE(at("\n## Approach to risk\n"), std::string::npos);
  EXPECT_EQ(at("<br>"), std::string::npos);
  // The summary is bold; citation links point at the official text, or are plain text without one.
  EXPECT_NE(at("**Xanadu defines it ([Act, Art. 3](https://example.org/act)).**"), std::string::npos) << md;
  EXPECT_NE(at("\\=SUM(A1) | pipe (Bill, s. 1)"), std::string::npos) << md;
  EXPECT_EQ(at("clause:"), std::string::npos);
  // Corpus text stays text: a literal "<b>" is escaped, raw HTML is dropped.
  EXPECT_NE(at("An *AI system* \\<b\\> means, in a long sentence that must wrap"), std::string::npos) << md;
  EXPECT_EQ(at("<span>"), std::string::npos);
  // Lists and paragraphs are Markdown blocks.
  EXPECT_NE(at("Risque, \"cité\" :\n\n  - ligne deux\n  - ligne trois\n\nFin.\n"), std::string::npos) << md;
  EXPECT_NE(at("*\\[written as of 2025-01-01\\]*\n\n"), std::string::npos);
  EXPECT_NE(at("\nSources: [1]\n"), std::string::npos);
  EXPECT_NE(at("1. Act, Art. 3 — `xa/act/art_3` — <https://example.org/act>"), std::string::npos);
  EXPECT_NE(at("2. Bill, s. 1 — `xb/bill/sec_1` (text not indexed)"), std::string::npos);
  EXPECT_NE(at("AI Act: in force (2024-08-01)"), std::string::npos);
  // The jurisdiction's date is when its metadata was checked, not when its cells were written.
  EXPECT_NE(at("metadata checked 2025-02-02"), std::string::npos) << md;
  EXPECT_NE(at("b0123456789abcde"), std::string::npos);
  EXPECT_NE(at("*\\[text available in fr only\\]*"), std::string::npos);
}

/// Output of `command` (run by the shell), or nullopt when it could not run or failed.
std::optional<std::string> run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  if (::pclose(pipe) != 0) return std::nullopt;
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

// What issue #15 found: pandoc read cells joined by raw <br> as one paragraph and lost list items.
TEST(Export, MarkdownSurvivesPandoc) {
  if (!run("command -v pandoc >/dev/null 2>&1"))
    GTEST_SKIP() << "pandoc is not installed (apt-get install pandoc): the Markdown export is not checked with it";
  const cadre::test::TempDir dir;
  const auto file = dir.path() / "comparison.md";
  std::ofstream(file, std::ios::binary) << render_comparison(sample(), ExportFormat::markdown);
  const auto html = run("pandoc -f gfm -t html --wrap=none '" + file.string() + "'");
  ASSERT_TRUE(html) << "pandoc failed on " << file;
  EXPECT_NE(html->find("<li>ligne deux</li>"), std::string::npos) << *html;
  EXPECT_NE(html->find("<li>ligne trois</li>"), std::string::npos);
  EXPECT_NE(html->find("<p>Fin.</p>"), std::string::npos);
  EXPECT_NE(html->find(">Xanadu (xa)</h3>"), std::string::npos);
  EXPECT_NE(html->find("<a href=\"https://example.org/act\">Act, Art. 3</a>"), std::string::npos);
  EXPECT_EQ(count(*html, "<h2"), 3u) << "two categories and the cited clauses";
}

TEST(Export, TextAndCsvKeepListItemsAndParagraphs) {
  ExportOptions options;
  options.terminal_width = 160;
  const std::string text = render_comparison(sample(), ExportFormat::text, options);
  for (const char* line : {"│ Risque, \"cité\" :", "│ - ligne deux", "│ - ligne trois", "│ Fin."})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_NE(text.find("│ Xanadu defines it (Act, Art. 3)."), std::string::npos) << "the summary opens the cell";
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
  c.cells[1][1].markdown = "Expected results:\n\n- fair decisions;\n- assessed impacts.\n\n2024\\. A year, not an item.";
  c.cells[1][1].text = "Expected results:\n\n- fair decisions;\n- assessed impacts.\n\n2024. A year, not an item.";
  const std::string md = render_comparison(c, ExportFormat::markdown);
  EXPECT_NE(md.find("\n  - fair decisions;\n  - assessed impacts.\n"), std::string::npos) << md;
  EXPECT_NE(md.find("\n2024\\. A year"), std::string::npos) << md;
  EXPECT_EQ(count_nodes(md, CMARK_NODE_LIST), 4) << "the jurisdictions, the two cells' lists, the citations";
  EXPECT_EQ(count_nodes(md, CMARK_NODE_ITEM), 2 + 2 + 2 + 2 + 1) << "with the build line";
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
  EXPECT_NE(csv.find(",\"'=SUM(A1) | pipe (Bill, s. 1)\","), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Risque, \"\"cité\"\" :\n\n- ligne deux\n- ligne trois\n\nFin.\""), std::string::npos) << csv;
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

/// Row heights of a worksheet's XML, in points, row by row (rows without one count as 15).
std::vector<double> row_heights(const std::string& sheet) {
  std::vector<double> heights;
  for (auto pos = sheet.find("<row "); pos != std::string::npos; pos = sheet.find("<row ", pos + 1)) {
    const auto end = sheet.find('>', pos);
    const auto ht = sheet.find(" ht=\"", pos);
    heights.push_back(ht < end ? std::stod(sheet.substr(ht + 5)) : 15.0);
  }
  return heights;
}

// Issue #15: a cell taller than Excel's 409 pt was cut off, and the workbook printed portrait
// over hundreds of pages.
TEST(Export, XlsxRowsFitAndTheGridPrintsLandscapeOnePageWide) {
  if (!run("command -v unzip >/dev/null 2>&1"))
    GTEST_SKIP() << "unzip is not installed (apt-get install unzip): the workbook's XML is not checked";
  Comparison c = sample();
  // A cell about 30 rows of a 45-character column tall at 15 pt a line: far above 409 pt.
  std::string long_text;
  for (int k = 1; k <= 30; ++k)
    long_text += "Paragraph " + std::to_string(k) + " of a long cell, which runs over more than four lines of the "
                 "column that holds it in the grid of the workbook, as a real analysis of a statute does.\n\n";
  c.cells[1][1].text = long_text + "- item one\n- item two";
  const cadre::test::TempDir dir;
  const auto file = dir.path() / "comparison.xlsx";
  std::ofstream(file, std::ios::binary) << render_comparison(c, ExportFormat::xlsx);
  const auto member = [&file](const std::string& name) {
    return run("unzip -p '" + file.string() + "' " + name).value_or("");
  };

  const std::string workbook = member("xl/workbook.xml");
  EXPECT_NE(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Comparison!$1:$1</definedName>"),
            std::string::npos) << workbook;
  const std::string grid = member("xl/worksheets/sheet1.xml");
  EXPECT_NE(grid.find("<pageSetUpPr fitToPage=\"1\"/>"), std::string::npos) << grid;
  EXPECT_NE(grid.find("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"), std::string::npos);
  EXPECT_NE(grid.find("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"),
            std::string::npos);

  // Header, instruments, the definition row, then the long risk cell over several rows.
  const auto heights = row_heights(grid);
  EXPECT_GE(heights.size(), 6u) << grid;
  for (double h : heights) EXPECT_LE(h, 409.0);
  const std::string strings = member("xl/sharedStrings.xml");
  for (int k = 1; k <= 30; ++k)
    EXPECT_NE(strings.find("Paragraph " + std::to_string(k) + " of a long cell"), std::string::npos) << k;
  EXPECT_EQ(count(strings, "of a statute does."), 30u) << "a paragraph cut between rows keeps its end";
  EXPECT_NE(strings.find("- item one\n- item two"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>Approach to risk</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>Approach to risk (continued)</t>"), std::string::npos);

  for (const char* sheet : {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"})
    EXPECT_NE(member(sheet).find("orientation=\"landscape\""), std::string::npos) << sheet;
}

TEST(Export, DocxIsTheMarkdownConvertedByPandoc) {
  if (!run("command -v pandoc >/dev/null 2>&1"))
    GTEST_SKIP() << "pandoc is not installed (apt-get install pandoc): the DOCX export cannot be checked";
  if (!run("command -v unzip >/dev/null 2>&1"))
    GTEST_SKIP() << "unzip is not installed (apt-get install unzip): the DOCX document cannot be read";
  EXPECT_TRUE(is_binary(ExportFormat::docx));
  EXPECT_EQ(content_type(ExportFormat::docx), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  const cadre::test::TempDir dir;
  const auto file = dir.path() / "comparison.docx";
  std::ofstream(file, std::ios::binary) << render_comparison(sample(), ExportFormat::docx);
  const std::string document = run("unzip -p '" + file.string() + "' word/document.xml").value_or("");
  EXPECT_NE(document.find(">ligne deux<"), std::string::npos) << document;
  EXPECT_NE(document.find("<w:numPr>"), std::string::npos) << "list items stay list items";
  EXPECT_NE(document.find(">Xanadu (xa)<"), std::string::npos);
  EXPECT_NE(document.find(">Act, Art. 3<"), std::string::npos);
  EXPECT_NE(document.find("xa/act/art_3"), std::string::npos) << "the cited-clause list";
  // The grid's columns: the category label narrower than each jurisdiction's (not equal parts).
  std::vector<long> widths;
  for (auto at = document.find("<w:gridCol w:w=\""); at != std::string::npos; at = document.find("<w:gridCol w:w=\"", at + 1))
    widths.push_back(std::stol(document.substr(at + 16)));
  ASSERT_EQ(widths.size(), 3u) << document;
  EXPECT_LT(widths[0] * 2, widths[1]);
  EXPECT_EQ(widths[1], widths[2]);
}

TEST(Export, DocxWithoutPandocSaysWhatToInstall) {
  const cadre::test::TempDir empty; // a PATH where no pandoc is found
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", empty.path().c_str(), 1);
  const std::string message = cadre::test::message_of<MissingTool>([] { render_comparison(sample(), ExportFormat::docx); });
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(message, "the DOCX export needs pandoc, which is not installed here: install it (Debian: apt-get install "
                     "pandoc) or choose the md export");
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
  c.categories.push_back({"risk", {"Approach to risk", "Approche du risque"}, {"", ""}, {}});
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
  in.status_evidence = "secondary";
  j.instruments.push_back(in);
  c.jurisdictions.push_back(j);
  cadre::Cell cell;
  cell.jurisdiction = "xa";
  cell.category = "risk";
  cell.language = "en";
  cell.markdown = "Tiers.";
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
  // A status resting on secondary sources alone is never shown as firmly as an official one.
  for (auto format : {cadre::ExportFormat::text, cadre::ExportFormat::markdown, cadre::ExportFormat::html})
    EXPECT_NE(cadre::render_comparison(c, format, {}).find("reported"), std::string::npos) << cadre::format_name(format);
  EXPECT_NE(cadre::render_comparison(c, cadre::ExportFormat::json, {}).find("\"status_evidence\":\"secondary\""), std::string::npos);
  EXPECT_NE(cadre::render_comparison(c, cadre::ExportFormat::html, {}).find("<p class=\"outdated\" role=\"note\">may be outdated"),
            std::string::npos);
}

} // namespace
