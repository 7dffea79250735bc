// Renderings of a Comparison. Every format carries the same facts: the jurisdictions with their
// instruments' statuses and as-of dates, the build, and for each cell its text and citations.
//
// Shapes, chosen for the people who use each format:
// - text: the terminal table (categories as rows), fitted to ExportOptions::terminal_width.
// - md: a GitHub table whose cells end with citation numbers, then a numbered citation list.
// - csv: "long" form, one row per category × jurisdiction (see k_csv_columns): it sorts and
//   filters in a spreadsheet, keeps every cell's citations beside it, and needs no merged cells.
//   Fields that start with = + - @ get a leading apostrophe so spreadsheet programs never run
//   corpus text as a formula.
// - html: a standalone page, the grid plus a cited-clause appendix, printable on A4 landscape.
// - xlsx: sheet "Comparison" (the grid), "Citations" (every cited clause with its text and URL),
//   "About" (build, language, instruments with status and as-of dates).
#include "core/export.hpp"
#include "core/labels.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace cadre {
namespace {

// ---------------------------------------------------------------------------------------------
// Shared facts

/// "AI Act: in force (2024-08-01)"
std::string instrument_status(const Instrument& i, const std::string& lang) {
  std::string name = i.short_name.empty() ? i.title.in(lang) : i.short_name;
  std::string out = name + ": " + status_label(i.status, lang);
  if (!i.status_date.empty()) out += " (" + i.status_date + ")";
  return out;
}

std::string instruments_summary(const Jurisdiction& j, const std::string& lang, const char* separator) {
  std::string out;
  for (const auto& i : j.instruments) {
    if (!out.empty()) out += separator;
    out += instrument_status(i, lang);
  }
  return out;
}

std::string jurisdiction_heading(const Jurisdiction& j, const std::string& lang) {
  return j.name.in(lang) + " (" + j.code + ")";
}

const char* as_of_word(const std::string& lang) { return lang == "fr" ? "à jour au" : "as of"; }

std::string fallback_note(const Cell& c, const std::string& lang) {
  if (!c.fallback) return {};
  return lang == "fr" ? "[texte disponible en " + c.language + " seulement]"
                      : "[text available in " + c.language + " only]";
}

std::string build_line(const Comparison& c) {
  return "Build " + c.build_id + ", corpus commit " + c.corpus_commit + ", language " + c.language;
}

/// Citations numbered in order of first appearance, row by row; one number per clause id.
struct CitationIndex {
  std::vector<const Citation*> ordered;
  std::map<std::string, int> number;

  explicit CitationIndex(const Comparison& c) {
    for (const auto& row : c.cells)
      for (const auto& cell : row)
        for (const auto& citation : cell.citations)
          if (number.emplace(citation.clause_id, static_cast<int>(ordered.size()) + 1).second)
            ordered.push_back(&citation);
  }
};

bool is_web_url(const std::string& url) { return text::is_web_url(url); }

// ---------------------------------------------------------------------------------------------
// text: a box-drawn table with word-wrapped cells

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

/// Byte length of the first `columns` code points of `s`.
std::size_t prefix_bytes(std::string_view s, std::size_t columns) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == columns) break;
      ++seen;
    }
  }
  return i;
}

/// Greedy word wrap to `width` columns; words longer than a line are cut; '\n' starts a new line.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view paragraph = text.substr(start, end - start);
    std::string line;
    std::size_t pos = 0;
    bool any = false;
    while (pos < paragraph.size()) {
      while (pos < paragraph.size() && (paragraph[pos] == ' ' || paragraph[pos] == '\t')) ++pos;
      if (pos >= paragraph.size()) break;
      auto word_end = paragraph.find_first_of(" \t", pos);
      if (word_end == std::string_view::npos) word_end = paragraph.size();
      std::string_view word = paragraph.substr(pos, word_end - pos);
      pos = word_end;
      any = true;
      const auto used = display_width(line);
      if (!line.empty() && used + 1 + display_width(word) <= width) {
        line += ' ';
        line += word;
        continue;
      }
      if (!line.empty()) lines.push_back(std::move(line));
      line.clear();
      while (display_width(word) > width) {
        const auto cut = prefix_bytes(word, width);
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
      }
      line = std::string(word);
    }
    if (!line.empty() || !any) lines.push_back(std::move(line));
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

std::string pad(const std::string& s, std::size_t width) {
  const auto w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::string render_text(const Comparison& c, const ExportOptions& options) {
  const std::string& lang = c.language;
  const CitationIndex index(c);
  std::ostringstream out;

  const auto width = static_cast<std::size_t>(std::max(options.terminal_width, 40));
  for (const auto& j : c.jurisdictions) {
    for (const auto& line : wrap(jurisdiction_heading(j, lang) + ", " + as_of_word(lang) + " " + j.as_of, width))
      out << line << '\n';
    for (const auto& i : j.instruments)
      for (const auto& line : wrap("  " + instrument_status(i, lang), width)) out << line << '\n';
  }
  out << build_line(c) << "\n\n";

  // Layout: "│ " label " │ " col " │ " ... " │"; the label column is narrower than the others.
  const std::size_t columns = c.jurisdictions.size();
  const std::size_t borders = 3 * columns + 4;
  const std::size_t label_width = std::clamp<std::size_t>(width / 7, 10, 18);
  std::size_t cell_width = 12;
  if (columns > 0 && width > borders + label_width + columns * 12)
    cell_width = (width - borders - label_width) / columns;

  auto rule = [&](const char* left, const char* mid, const char* right) {
    out << left << repeat("─", label_width + 2);
    for (std::size_t k = 0; k < columns; ++k) out << mid << repeat("─", cell_width + 2);
    out << right << '\n';
  };
  auto row = [&](const std::vector<std::string>& label, const std::vector<std::vector<std::string>>& cells) {
    std::size_t height = label.size();
    for (const auto& lines : cells) height = std::max(height, lines.size());
    for (std::size_t line = 0; line < height; ++line) {
      out << "│ " << pad(line < label.size() ? label[line] : "", label_width);
      for (const auto& lines : cells) out << " │ " << pad(line < lines.size() ? lines[line] : "", cell_width);
      out << " │\n";
    }
  };

  rule("┌", "┬", "┐");
  std::vector<std::vector<std::string>> header;
  for (const auto& j : c.jurisdictions) {
    auto lines = wrap(jurisdiction_heading(j, lang), cell_width);
    for (auto& l : wrap(std::string(as_of_word(lang)) + " " + j.as_of, cell_width)) lines.push_back(std::move(l));
    header.push_back(std::move(lines));
  }
  row(wrap(lang == "fr" ? "Catégorie" : "Category", label_width), header);

  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    rule("├", "┼", "┤");
    std::vector<std::vector<std::string>> cells;
    for (const auto& cell : c.cells[r]) {
      std::string body;
      if (cell.fallback) body = fallback_note(cell, lang) + "\n";
      body += cell.text;
      if (!cell.citations.empty()) body += "\n";
      for (const auto& citation : cell.citations)
        body += "\n[" + std::to_string(index.number.at(citation.clause_id)) + "] " + citation.label;
      cells.push_back(wrap(body, cell_width));
    }
    row(wrap(c.categories[r].label.in(lang), label_width), cells);
  }
  rule("└", "┴", "┘");

  if (!index.ordered.empty()) {
    out << '\n' << (lang == "fr" ? "Sources citées" : "Cited clauses") << '\n';
    for (std::size_t k = 0; k < index.ordered.size(); ++k) {
      const Citation& citation = *index.ordered[k];
      std::string line = "[" + std::to_string(k + 1) + "] " + citation.label + " — " + citation.clause_id;
      if (!citation.resolved) line += lang == "fr" ? " (texte non indexé)" : " (text not indexed)";
      for (const auto& l : wrap(line, width)) out << l << '\n';
    }
  }
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// md: GitHub-flavoured Markdown

/// Plain corpus text made inert inside a GFM table cell.
std::string md_cell(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
    case '|': out += "\\|"; break;
    case '\\': case '*': case '_': case '`': case '[': case ']': case '#':
      out += '\\';
      out += ch;
      break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '\r': break;
    case '\n': out += "<br>"; break;
    default: out += ch;
    }
  }
  return out;
}

std::string render_markdown(const Comparison& c) {
  const std::string& lang = c.language;
  const CitationIndex index(c);
  std::ostringstream out;
  out << "# " << (lang == "fr" ? "Comparaison Cadre : " : "Cadre comparison: ");
  for (std::size_t k = 0; k < c.jurisdictions.size(); ++k)
    out << (k ? ", " : "") << md_cell(c.jurisdictions[k].name.in(lang));
  out << "\n\n";
  for (const auto& j : c.jurisdictions) {
    out << "- **" << md_cell(jurisdiction_heading(j, lang)) << "**, " << as_of_word(lang) << ' ' << j.as_of;
    if (!j.instruments.empty()) out << " — " << md_cell(instruments_summary(j, lang, "; "));
    out << '\n';
  }
  out << "- " << md_cell(build_line(c)) << "\n\n";

  out << '|' << (lang == "fr" ? " Catégorie |" : " Category |");
  for (const auto& j : c.jurisdictions) out << ' ' << md_cell(jurisdiction_heading(j, lang)) << " |";
  out << "\n|---|";
  for (std::size_t k = 0; k < c.jurisdictions.size(); ++k) out << "---|";
  out << '\n';
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    out << "| **" << md_cell(c.categories[r].label.in(lang)) << "** |";
    for (const auto& cell : c.cells[r]) {
      std::string body;
      if (cell.fallback) body = fallback_note(cell, lang) + "\n";
      body += cell.text;
      out << ' ' << md_cell(body);
      if (!cell.citations.empty()) {
        out << "<br><br>" << (lang == "fr" ? "Sources :" : "Sources:");
        for (const auto& citation : cell.citations) out << " [" << index.number.at(citation.clause_id) << ']';
      }
      out << " |";
    }
    out << '\n';
  }

  if (!index.ordered.empty()) {
    out << "\n## " << (lang == "fr" ? "Sources citées" : "Cited clauses") << "\n\n";
    for (std::size_t k = 0; k < index.ordered.size(); ++k) {
      const Citation& citation = *index.ordered[k];
      out << k + 1 << ". " << md_cell(citation.label) << " — `" << citation.clause_id << '`';
      if (is_web_url(citation.official_url)) out << " — <" << citation.official_url << '>';
      if (!citation.resolved) out << (lang == "fr" ? " (texte non indexé)" : " (text not indexed)");
      out << '\n';
    }
  }
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// csv: RFC 4180, CRLF line ends, UTF-8

constexpr const char* k_csv_columns[] = {
    "category",       "category_label", "jurisdiction", "jurisdiction_name", "language",
    "fallback",       "as_of",          "instruments",  "text",              "citations",
    "clause_ids",     "official_urls",  "build_id",     "corpus_commit"};

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  // Quoted when it holds any separator a spreadsheet may read the file with (comma, semicolon as
  // French Excel does, tab, pipe): a cell "a;=cmd()" unquoted would start a formula there.
  if (v.find_first_of(",;\t|\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string render_csv(const Comparison& c, const ExportOptions& options) {
  const std::string& lang = c.language;
  std::string out = options.csv_bom ? "\xEF\xBB\xBF" : "";
  auto line = [&out](const std::vector<std::string>& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k) out += ',';
      out += csv_field(fields[k]);
    }
    out += "\r\n";
  };
  line(std::vector<std::string>(std::begin(k_csv_columns), std::end(k_csv_columns)));
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    for (std::size_t k = 0; k < c.cells[r].size() && k < c.jurisdictions.size(); ++k) {
      const Cell& cell = c.cells[r][k];
      const Jurisdiction& j = c.jurisdictions[k];
      std::string labels, ids, urls;
      for (const auto& citation : cell.citations) {
        const char* sep = &citation == &cell.citations.front() ? "" : "\n";
        labels += sep + citation.label;
        ids += sep + citation.clause_id;
        urls += sep + citation.official_url;
      }
      line({c.categories[r].id, c.categories[r].label.in(lang), j.code, j.name.in(lang), cell.language,
            cell.fallback ? "true" : "false", cell.as_of.empty() ? j.as_of : cell.as_of,
            instruments_summary(j, lang, "\n"), cell.text, labels, ids, urls, c.build_id, c.corpus_commit});
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// html: standalone, print-ready

constexpr const char* k_html_css = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:1.5rem}
h1{font-size:1.35rem;margin:0 0 .5rem}
.meta{color:#444;margin:.2rem 0}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:1rem}
th,td{border:1px solid #9aa3ad;padding:.45rem .55rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
thead th{background:#eef1f4}
tbody th{width:13%;background:#f6f7f9}
.status{display:inline-block;font-size:.75rem;border-radius:.6rem;padding:0 .45rem;background:#e3e7ec;white-space:nowrap}
.status-in-force{background:#d5f0dc}.status-bill,.status-adopted{background:#fff0c2}
.status-revoked,.status-expired,.status-lapsed,.status-withdrawn,.status-superseded{background:#f6d6d6}
.instruments{list-style:none;margin:.3rem 0 0;padding:0;font-weight:normal;font-size:.8rem}
.citations{margin:.5rem 0 0;padding-left:1.2rem;font-size:.8rem}
.fallback{font-style:italic;color:#6a4b00}
.appendix{margin-top:2rem}
.appendix dt{font-weight:600;margin-top:.8rem}
.appendix dd{margin:.2rem 0 0 1rem;white-space:pre-wrap}
code{font-size:.85em}
@page{size:A4 landscape;margin:10mm}
@media print{
  body{margin:0;font-size:8.5pt}
  a{color:inherit;text-decoration:none}
  thead{display:table-header-group}
  tr,th{break-inside:avoid}
  .appendix{break-before:page}
}
)";

std::string h(std::string_view text) { return text::escape_html(text); }

std::string status_badge(const std::string& status, const std::string& lang) {
  std::string cls;
  for (char ch : status) cls += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return "<span class=\"status status-" + cls + "\">" + h(status_label(status, lang)) + "</span>";
}

std::string render_html(const Comparison& c) {
  const std::string& lang = c.language;
  const CitationIndex index(c);
  std::string names;
  for (const auto& j : c.jurisdictions) names += (names.empty() ? "" : ", ") + j.name.in(lang);
  const std::string title = (lang == "fr" ? "Comparaison Cadre : " : "Cadre comparison: ") + names;

  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"" << h(lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << h(title) << "</title>\n<style>" << k_html_css << "</style>\n</head>\n<body>\n"
      << "<h1>" << h(title) << "</h1>\n<p class=\"meta\">" << h(build_line(c)) << "</p>\n";

  out << "<table>\n<thead><tr><th scope=\"col\">" << (lang == "fr" ? "Catégorie" : "Category") << "</th>";
  for (const auto& j : c.jurisdictions) {
    out << "<th scope=\"col\">" << h(jurisdiction_heading(j, lang)) << "<br><small>" << as_of_word(lang) << ' '
        << h(j.as_of) << "</small><ul class=\"instruments\">";
    for (const auto& i : j.instruments) {
      out << "<li id=\"instrument=" << h(i.id) << "\">"
          << h(i.short_name.empty() ? i.title.in(lang) : i.short_name) << ' ' << status_badge(i.status, lang);
      if (!i.status_date.empty()) out << " <small>" << h(i.status_date) << "</small>";
      out << "</li>";
    }
    out << "</ul></th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    out << "<tr><th scope=\"row\">" << h(c.categories[r].label.in(lang)) << "</th>";
    for (const auto& cell : c.cells[r]) {
      out << "<td>";
      if (cell.fallback) out << "<p class=\"fallback\">" << h(fallback_note(cell, lang)) << "</p>";
      // cell.html is cmark output with raw HTML suppressed: safe to include as is. Its citation
      // links point at "#clause=<id>", the ids of the appendix entries below.
      out << cell.html;
      if (!cell.citations.empty()) {
        out << "<ol class=\"citations\">";
        for (const auto& citation : cell.citations)
          out << "<li value=\"" << index.number.at(citation.clause_id) << "\"><a href=\"#clause="
              << h(citation.clause_id) << "\">" << h(citation.label) << "</a></li>";
        out << "</ol>";
      }
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";

  if (!index.ordered.empty()) {
    out << "<section class=\"appendix\">\n<h2>" << (lang == "fr" ? "Sources citées" : "Cited clauses")
        << "</h2>\n<dl>\n";
    for (std::size_t k = 0; k < index.ordered.size(); ++k) {
      const Citation& citation = *index.ordered[k];
      out << "<dt id=\"clause=" << h(citation.clause_id) << "\">[" << k + 1 << "] " << h(citation.label)
          << " <code>" << h(citation.clause_id) << "</code>";
      if (is_web_url(citation.official_url))
        out << " — <a href=\"" << h(citation.official_url) << "\">"
            << (lang == "fr" ? "texte officiel" : "official text") << "</a>";
      out << "</dt>\n<dd>";
      if (citation.resolved && !citation.clause_text.empty()) out << h(citation.clause_text);
      else out << "<em>" << (lang == "fr" ? "texte non indexé" : "text not indexed") << "</em>";
      out << "</dd>\n";
    }
    out << "</dl>\n</section>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// xlsx: libxlsxwriter writes to a file; we write to a private temporary file and read it back.

constexpr std::size_t k_xlsx_max_string = 32767; // Excel's limit on a cell's text
constexpr double k_xlsx_max_row_height = 409;     // points, Excel's limit

std::string xlsx_text(std::string_view s) {
  if (s.size() <= k_xlsx_max_string) return std::string(s);
  std::size_t cut = k_xlsx_max_string - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

/// Rows of wrapped text are not auto-fitted by every spreadsheet program: estimate the height.
double row_height(const std::vector<std::string>& texts, double column_chars) {
  std::size_t lines = 1;
  for (const auto& t : texts) lines = std::max(lines, wrap(t, static_cast<std::size_t>(column_chars)).size());
  return std::min(k_xlsx_max_row_height, 15.0 * static_cast<double>(lines));
}

class TempFile {
public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cadre-export-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw DataError("cannot create a temporary file for the XLSX export in " +
                                std::filesystem::temp_directory_path().string());
    ::close(fd);
    m_path = pattern;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

void check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR) throw InternalError(std::string("XLSX export: ") + what + ": " + lxw_strerror(error));
}

std::string render_xlsx(const Comparison& c) {
  const std::string& lang = c.language;
  const CitationIndex index(c);
  TempFile file;
  lxw_workbook* wb = workbook_new(file.path().c_str());
  if (wb == nullptr) throw InternalError("XLSX export: cannot create a workbook at " + file.path());

  // Everything below only adds to the workbook; workbook_close frees it in every case.
  struct Closer {
    lxw_workbook* wb;
    bool closed = false;
    ~Closer() {
      if (!closed) workbook_close(wb);
    }
  } closer{wb};

  lxw_format* wrap_fmt = workbook_add_format(wb);
  format_set_text_wrap(wrap_fmt);
  format_set_align(wrap_fmt, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* head_fmt = workbook_add_format(wb);
  format_set_text_wrap(head_fmt);
  format_set_bold(head_fmt);
  format_set_align(head_fmt, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(head_fmt, 0xEEF1F4);
  format_set_bottom(head_fmt, LXW_BORDER_THIN);
  lxw_format* link_fmt = workbook_add_format(wb);
  format_set_underline(link_fmt, LXW_UNDERLINE_SINGLE);
  format_set_font_color(link_fmt, LXW_COLOR_BLUE);
  format_set_align(link_fmt, LXW_ALIGN_VERTICAL_TOP);

  // Sheet 1: the grid, categories as rows.
  lxw_worksheet* grid = workbook_add_worksheet(wb, lang == "fr" ? "Comparaison" : "Comparison");
  const auto columns = c.jurisdictions.size();
  const double cell_chars = columns <= 2 ? 60 : columns <= 4 ? 45 : 35;
  check(worksheet_set_column(grid, 0, 0, 24, head_fmt), "column width");
  if (columns > 0)
    check(worksheet_set_column(grid, 1, static_cast<lxw_col_t>(columns), cell_chars, wrap_fmt), "column width");
  check(worksheet_write_string(grid, 0, 0, lang == "fr" ? "Catégorie" : "Category", head_fmt), "header");
  std::vector<std::string> headers;
  for (std::size_t k = 0; k < columns; ++k) {
    const auto& j = c.jurisdictions[k];
    headers.push_back(jurisdiction_heading(j, lang) + "\n" + as_of_word(lang) + " " + j.as_of + "\n" +
                      instruments_summary(j, lang, "\n"));
    check(worksheet_write_string(grid, 0, static_cast<lxw_col_t>(k + 1), xlsx_text(headers.back()).c_str(), head_fmt),
          "header");
  }
  check(worksheet_set_row(grid, 0, row_height(headers, cell_chars), head_fmt), "row height");
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    check(worksheet_write_string(grid, row, 0, xlsx_text(c.categories[r].label.in(lang)).c_str(), head_fmt), "label");
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < c.cells[r].size() && k < columns; ++k) {
      const Cell& cell = c.cells[r][k];
      std::string body;
      if (cell.fallback) body = fallback_note(cell, lang) + "\n";
      body += cell.text;
      if (!cell.citations.empty()) body += "\n";
      for (const auto& citation : cell.citations)
        body += "\n[" + std::to_string(index.number.at(citation.clause_id)) + "] " + citation.label + " (" +
                citation.clause_id + ")";
      texts.push_back(body);
      check(worksheet_write_string(grid, row, static_cast<lxw_col_t>(k + 1), xlsx_text(body).c_str(), wrap_fmt),
            "cell");
    }
    check(worksheet_set_row(grid, row, row_height(texts, cell_chars), nullptr), "row height");
  }
  worksheet_freeze_panes(grid, 1, 1);

  // Sheet 2: every cited clause, with its text and official URL.
  lxw_worksheet* cited = workbook_add_worksheet(wb, lang == "fr" ? "Citations" : "Citations");
  const char* cited_headers_en[] = {"#", "Clause id", "Label", "Clause text", "Official URL", "Indexed"};
  const char* cited_headers_fr[] = {"#", "Identifiant", "Libellé", "Texte de la disposition", "URL officielle", "Indexée"};
  const double cited_widths[] = {5, 32, 28, 80, 40, 9};
  for (lxw_col_t k = 0; k < 6; ++k) {
    check(worksheet_set_column(cited, k, k, cited_widths[k], wrap_fmt), "column width");
    check(worksheet_write_string(cited, 0, k, lang == "fr" ? cited_headers_fr[k] : cited_headers_en[k], head_fmt),
          "header");
  }
  for (std::size_t k = 0; k < index.ordered.size(); ++k) {
    const Citation& citation = *index.ordered[k];
    const auto row = static_cast<lxw_row_t>(k + 1);
    check(worksheet_write_number(cited, row, 0, static_cast<double>(k + 1), wrap_fmt), "number");
    check(worksheet_write_string(cited, row, 1, xlsx_text(citation.clause_id).c_str(), wrap_fmt), "id");
    check(worksheet_write_string(cited, row, 2, xlsx_text(citation.label).c_str(), wrap_fmt), "label");
    check(worksheet_write_string(cited, row, 3, xlsx_text(citation.clause_text).c_str(), wrap_fmt), "text");
    if (!citation.official_url.empty()) {
      // Excel refuses some URLs (length, characters): keep them as text then.
      if (!is_web_url(citation.official_url) ||
          worksheet_write_url(cited, row, 4, citation.official_url.c_str(), link_fmt) != LXW_NO_ERROR)
        check(worksheet_write_string(cited, row, 4, xlsx_text(citation.official_url).c_str(), wrap_fmt), "url");
    }
    check(worksheet_write_boolean(cited, row, 5, citation.resolved ? 1 : 0, wrap_fmt), "indexed");
    check(worksheet_set_row(cited, row, row_height({citation.clause_text}, cited_widths[3]), nullptr), "row height");
  }
  worksheet_freeze_panes(cited, 1, 0);

  // Sheet 3: where the comparison comes from.
  lxw_worksheet* about = workbook_add_worksheet(wb, lang == "fr" ? "À propos" : "About");
  check(worksheet_set_column(about, 0, 0, 24, head_fmt), "column width");
  check(worksheet_set_column(about, 1, 1, 90, wrap_fmt), "column width");
  lxw_row_t row = 0;
  auto fact = [&](const std::string& key, const std::string& value) {
    check(worksheet_write_string(about, row, 0, xlsx_text(key).c_str(), head_fmt), "about");
    check(worksheet_write_string(about, row, 1, xlsx_text(value).c_str(), wrap_fmt), "about");
    ++row;
  };
  fact("Build", c.build_id);
  fact(lang == "fr" ? "Commit du corpus" : "Corpus commit", c.corpus_commit);
  fact(lang == "fr" ? "Langue" : "Language", c.language);
  for (const auto& j : c.jurisdictions) {
    const std::string value = std::string(as_of_word(lang)) + " " + j.as_of + "\n" + instruments_summary(j, lang, "\n");
    check(worksheet_set_row(about, row, row_height({value}, 90), nullptr), "row height");
    fact(jurisdiction_heading(j, lang), value);
  }

  lxw_doc_properties properties{};
  std::string doc_title = "Cadre comparison";
  properties.title = doc_title.data();
  workbook_set_properties(wb, &properties);

  closer.closed = true;
  check(workbook_close(wb), "writing the workbook");
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw DataError("cannot read back the XLSX export from " + file.path());
  return bytes.str();
}

} // namespace

ExportFormat parse_export_format(std::string_view name, const std::string& parameter) {
  if (name == "text") return ExportFormat::text;
  if (name == "md") return ExportFormat::markdown;
  if (name == "csv") return ExportFormat::csv;
  if (name == "json") return ExportFormat::json;
  if (name == "html") return ExportFormat::html;
  if (name == "xlsx") return ExportFormat::xlsx;
  throw UserError("unknown export format '" + std::string(name) + "': use text, md, csv, json, html or xlsx",
                  parameter);
}

std::string_view format_name(ExportFormat format) {
  switch (format) {
  case ExportFormat::text: return "text";
  case ExportFormat::markdown: return "md";
  case ExportFormat::csv: return "csv";
  case ExportFormat::json: return "json";
  case ExportFormat::html: return "html";
  case ExportFormat::xlsx: return "xlsx";
  }
  return "text";
}

std::string_view content_type(ExportFormat format) {
  switch (format) {
  case ExportFormat::text: return "text/plain; charset=utf-8";
  case ExportFormat::markdown: return "text/markdown; charset=utf-8";
  case ExportFormat::csv: return "text/csv; charset=utf-8; header=present";
  case ExportFormat::json: return "application/json";
  case ExportFormat::html: return "text/html; charset=utf-8";
  case ExportFormat::xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view file_extension(ExportFormat format) {
  switch (format) {
  case ExportFormat::text: return "txt";
  case ExportFormat::markdown: return "md";
  case ExportFormat::csv: return "csv";
  case ExportFormat::json: return "json";
  case ExportFormat::html: return "html";
  case ExportFormat::xlsx: return "xlsx";
  }
  return "bin";
}

std::string render_comparison(const Comparison& comparison, ExportFormat format, const ExportOptions& options) {
  switch (format) {
  case ExportFormat::text: return render_text(comparison, options);
  case ExportFormat::markdown: return render_markdown(comparison);
  case ExportFormat::csv: return render_csv(comparison, options);
  case ExportFormat::json: return json::comparison(comparison);
  case ExportFormat::html: return render_html(comparison);
  case ExportFormat::xlsx: return render_xlsx(comparison);
  }
  throw InternalError("render_comparison: unknown format");
}

} // namespace cadre
