// Renderings of a Comparison, and of a provision Matrix (at the end). Every format carries the same facts: the jurisdictions with their
// instruments' statuses and as-of dates, the build, and for each cell its text and citations.
//
// Shapes, chosen for the people who use each format:
// - text: the terminal table (categories as rows), fitted to ExportOptions::terminal_width.
// - md: a GitHub table of the cells' summaries with their citation numbers, then a section per
//   category with a sub-section per jurisdiction holding the cell's own Markdown (paragraphs,
//   lists, citation links to the official texts) and its citation numbers, then a numbered
//   citation list: what a briefing author pastes, and what pandoc converts.
// - csv: "long" form, one row per category × jurisdiction (see k_csv_columns): it sorts and
//   filters in a spreadsheet, keeps every cell's citations beside it, and needs no merged cells.
//   A cell's list items are lines "- item" in its quoted field. Fields that start with = + - @
//   get a leading apostrophe so spreadsheet programs never run corpus text as a formula.
// - html: a standalone page, the grid plus a cited-clause appendix, printable on A4 landscape.
// - xlsx: sheet "Comparison" (the grid), "Citations" (every cited clause with its text and URL),
//   "About" (build, language, instruments with status and as-of dates). Rows are given heights
//   that fit their text (xlsx_layout), and each sheet prints on A4 landscape, one page wide.
// - docx: the md rendering converted by pandoc (markdown_to_docx).
// The text, csv and xlsx renderings show a cell's plain text as the indexer laid it out (a blank
// line between paragraphs, a line "- item" per list item).
#include "core/export.hpp"
#include "core/labels.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <cmark.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // passed to pandoc: its PATH decides which pandoc runs

namespace cadre {
namespace {

/// A cell's plain text as exports show it: the one-sentence summary first, then the prose.
std::string text_with_summary(const Cell& cell) {
  return cell.summary_text.empty() ? cell.text : cell.summary_text + "\n\n" + cell.text;
}

// ---------------------------------------------------------------------------------------------
// Shared facts

/// "AI Act: in force (2024-08-01; checked 2026-12-04)"; "…: in force, reported (…)" when the status
/// rests on secondary sources alone.
std::string instrument_status(const Instrument& i, const std::string& lang) {
  const std::string& name = instrument_name(i.short_name, i.title, lang);
  std::string out = name + ": " + status_label(i.status, i.status_evidence, lang);
  std::string dates = i.status_date;
  if (!i.status_by.empty()) dates += (dates.empty() ? "" : ", ") + std::string(lang == "fr" ? "par " : "by ") + i.status_by;
  if (!i.status_checked.empty())
    dates += (dates.empty() ? "" : "; ") + std::string(lang == "fr" ? "vérifié le " : "checked ") + i.status_checked;
  if (!dates.empty()) out += " (" + dates + ")";
  return out;
}

/// "Statuses as of 2025-06-01", with the note for a future date; empty when the comparison is
/// as of today (the reader chose no date).
std::string as_of_line(const Comparison& c) {
  if (!c.as_of_given) return {};
  std::string out = (c.language == "fr" ? "Statuts au " : "Statuses as of ") + c.as_of;
  if (!c.as_of_note.empty()) out += " (" + c.as_of_note + ")";
  return out;
}

/// "[written as of 2026-11-22]" and one "[may be outdated: …]" per warning, for plain-text cells.
std::string cell_dates(const Cell& cell, const std::string& lang) {
  std::string out;
  if (!cell.as_of.empty()) out = "[" + std::string(lang == "fr" ? "rédigé au " : "written as of ") + cell.as_of + "]";
  for (const auto& w : cell.warnings) out += "\n[" + w.message + "]";
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

/// Before a jurisdiction's as_of: the day its instruments' statuses and events were last checked
/// (a cell's own date, when the analysis was written, is "written as of").
const char* checked_word(const std::string& lang) { return lang == "fr" ? "métadonnées vérifiées le" : "metadata checked"; }

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
    for (const auto& line : wrap(jurisdiction_heading(j, lang) + ", " + checked_word(lang) + " " + j.as_of, width))
      out << line << '\n';
    for (const auto& i : j.instruments)
      for (const auto& line : wrap("  " + instrument_status(i, lang), width)) out << line << '\n';
  }
  if (const auto line = as_of_line(c); !line.empty())
    for (const auto& l : wrap(line, width)) out << l << '\n';
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
    for (auto& l : wrap(std::string(checked_word(lang)) + " " + j.as_of, cell_width)) lines.push_back(std::move(l));
    header.push_back(std::move(lines));
  }
  row(wrap(lang == "fr" ? "Catégorie" : "Category", label_width), header);

  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    rule("├", "┼", "┤");
    std::vector<std::vector<std::string>> cells;
    for (const auto& cell : c.cells[r]) {
      std::string body;
      if (!cell_dates(cell, lang).empty()) body = cell_dates(cell, lang) + "\n";
      if (cell.fallback) body += fallback_note(cell, lang) + "\n";
      body += text_with_summary(cell);
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

/// Plain corpus text made inert in Markdown, inside a GFM table cell too.
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

struct CmarkFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using CmarkDoc = std::unique_ptr<cmark_node, CmarkFree>;

CmarkDoc parse_markdown(const std::string& markdown) {
  CmarkDoc doc(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  if (!doc) throw InternalError("export: cmark could not parse a cell's Markdown");
  return doc;
}

/// A cell's Markdown made ready to paste into a briefing, rendered again by cmark so that it is
/// escaped as Markdown readers expect: a citation link points at its clause's official text, or
/// becomes its plain label where there is none (as does a link that is not to the web); an image
/// becomes its description (a converter such as pandoc would fetch or embed what it points at);
/// raw HTML is dropped; headings sit below the export's own (level 4 and deeper); with `strong`,
/// each paragraph is bold (the summary).
std::string briefing_markdown(const std::string& markdown, const Cell& cell, bool strong) {
  const CmarkDoc doc = parse_markdown(markdown);
  std::vector<cmark_node*> links, images, html, headings, paragraphs;
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_LINK: links.push_back(node); break;
    case CMARK_NODE_IMAGE: images.push_back(node); break;
    case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_HTML_INLINE: html.push_back(node); break;
    case CMARK_NODE_HEADING: headings.push_back(node); break;
    case CMARK_NODE_PARAGRAPH: paragraphs.push_back(node); break;
    default: break;
    }
  }
  cmark_iter_free(iter);

  for (cmark_node* node : html) cmark_node_free(node);
  for (cmark_node* node : headings) cmark_node_set_heading_level(node, std::min(6, cmark_node_get_heading_level(node) + 3));
  auto unwrap = [](cmark_node* node) {
    while (cmark_node* child = cmark_node_first_child(node)) cmark_node_insert_before(node, child);
    cmark_node_free(node);
  };
  for (cmark_node* image : images) unwrap(image);
  for (cmark_node* link : links) {
    std::string url = cmark_node_get_url(link) ? cmark_node_get_url(link) : "";
    for (std::string_view scheme : {"clause:", "instrument:"}) {
      if (!url.starts_with(scheme)) continue;
      const std::string id = url.substr(scheme.size());
      const auto cited = std::find_if(cell.citations.begin(), cell.citations.end(),
                                      [&id](const Citation& citation) { return citation.clause_id == id; });
      url = cited == cell.citations.end() ? std::string() : cited->official_url;
    }
    if (is_web_url(url)) cmark_node_set_url(link, url.c_str());
    else unwrap(link);
  }
  if (strong)
    for (cmark_node* paragraph : paragraphs) {
      cmark_node* bold = cmark_node_new(CMARK_NODE_STRONG);
      while (cmark_node* child = cmark_node_first_child(paragraph)) cmark_node_append_child(bold, child);
      cmark_node_append_child(paragraph, bold);
    }

  char* rendered = cmark_render_commonmark(doc.get(), CMARK_OPT_DEFAULT, 0);
  std::string out = rendered;
  std::free(rendered);
  while (!out.empty() && out.back() == '\n') out.pop_back();
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
    out << "- **" << md_cell(jurisdiction_heading(j, lang)) << "**, " << checked_word(lang) << ' ' << j.as_of;
    if (!j.instruments.empty()) out << " — " << md_cell(instruments_summary(j, lang, "; "));
    out << '\n';
  }
  if (const auto line = as_of_line(c); !line.empty()) out << "- " << md_cell(line) << '\n';
  out << "- " << md_cell(build_line(c)) << "\n\n";

  const auto sources = [&](const Cell& cell) {
    std::string list;
    for (const auto& citation : cell.citations) list += " [" + std::to_string(index.number.at(citation.clause_id)) + "]";
    return list;
  };
  // The grid holds each cell's one-sentence summary; the cells themselves follow category by
  // category, in their own Markdown (a GFM table cell can hold neither paragraphs nor lists, and
  // raw <br> in one is lost on converters such as pandoc).
  out << '|' << (lang == "fr" ? " Catégorie |" : " Category |");
  for (const auto& j : c.jurisdictions) out << ' ' << md_cell(jurisdiction_heading(j, lang)) << " |";
  out << "\n|---|";
  for (std::size_t k = 0; k < c.jurisdictions.size(); ++k) out << "---|";
  out << '\n';
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    out << "| **" << md_cell(c.categories[r].label.in(lang)) << "** |";
    for (const auto& cell : c.cells[r]) {
      // A cell without a summary (not in a linted corpus) shows its first line.
      const std::string& lead = cell.summary_text.empty() ? cell.text : cell.summary_text;
      out << ' ' << md_cell(lead.substr(0, lead.find('\n'))) << sources(cell) << " |";
    }
    out << '\n';
  }

  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    out << "\n## " << md_cell(c.categories[r].label.in(lang)) << '\n';
    for (std::size_t k = 0; k < c.cells[r].size() && k < c.jurisdictions.size(); ++k) {
      const Cell& cell = c.cells[r][k];
      out << "\n### " << md_cell(jurisdiction_heading(c.jurisdictions[k], lang)) << "\n\n";
      std::istringstream notes(cell_dates(cell, lang) + "\n" + (cell.fallback ? fallback_note(cell, lang) : ""));
      for (std::string note; std::getline(notes, note);)
        if (!note.empty()) out << '*' << md_cell(note) << "*\n\n";
      if (!cell.summary_markdown.empty()) out << briefing_markdown(cell.summary_markdown, cell, true) << "\n\n";
      if (!cell.markdown.empty()) out << briefing_markdown(cell.markdown, cell, false) << '\n';
      if (!cell.citations.empty()) out << '\n' << (lang == "fr" ? "Sources :" : "Sources:") << sources(cell) << '\n';
    }
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
    "clause_ids",     "official_urls",  "build_id",     "corpus_commit",     "statuses_as_of",
    "warnings"};

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

std::string warnings_of(const Cell& cell) {
  std::string out;
  for (const auto& w : cell.warnings) out += (out.empty() ? "" : "\n") + w.message;
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
            instruments_summary(j, lang, "\n"), text_with_summary(cell), labels, ids, urls, c.build_id, c.corpus_commit,
            c.as_of_given ? c.as_of : std::string(), warnings_of(cell)});
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
.reported{font-style:italic}.status-in-force{background:#d5f0dc}.status-bill,.status-adopted{background:#fff0c2}
.status-revoked,.status-expired,.status-lapsed,.status-withdrawn,.status-superseded{background:#f6d6d6}
.outdated{background:#fff0c2;border-left:3px solid #b07d00;padding:.2rem .4rem;margin:.2rem 0;font-size:.85rem}.cell-as-of{margin:0;color:#555}
.cell-summary{font-weight:600;border-left:3px solid #9aa3ad;padding-left:.4rem;margin-bottom:.4rem}.cell-summary p{margin:0}
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

/// The status as a badge, followed by the "reported" mark when `evidence` says it rests on
/// secondary sources alone.
std::string status_badge(const std::string& status, const std::string& evidence, const std::string& lang) {
  std::string cls;
  for (char ch : status) cls += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  std::string out = "<span class=\"status status-" + cls + "\">" + h(status_label(status, lang)) + "</span>";
  if (is_reported(evidence)) out += " <small class=\"reported\">" + h(reported_label(lang)) + "</small>";
  return out;
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
  if (const auto line = as_of_line(c); !line.empty()) out << "<p class=\"meta as-of\">" << h(line) << "</p>\n";

  out << "<table>\n<thead><tr><th scope=\"col\">" << (lang == "fr" ? "Catégorie" : "Category") << "</th>";
  for (const auto& j : c.jurisdictions) {
    out << "<th scope=\"col\">" << h(jurisdiction_heading(j, lang)) << "<br><small>" << checked_word(lang) << ' '
        << h(j.as_of) << "</small><ul class=\"instruments\">";
    for (const auto& i : j.instruments) {
      out << "<li id=\"instrument=" << h(i.id) << "\">"
          << h(instrument_name(i.short_name, i.title, lang)) << ' ' << status_badge(i.status, i.status_evidence, lang);
      if (!i.status_date.empty()) out << " <small>" << h(i.status_date) << "</small>";
      if (!i.status_checked.empty())
        out << " <small class=\"checked\">" << (lang == "fr" ? "vérifié le " : "checked ") << h(i.status_checked) << "</small>";
      out << "</li>";
    }
    out << "</ul></th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    out << "<tr><th scope=\"row\">" << h(c.categories[r].label.in(lang)) << "</th>";
    for (const auto& cell : c.cells[r]) {
      out << "<td>";
      if (!cell.as_of.empty())
        out << "<p class=\"cell-as-of\"><small>" << (lang == "fr" ? "rédigé au " : "written as of ") << h(cell.as_of)
            << "</small></p>";
      for (const auto& w : cell.warnings) out << "<p class=\"outdated\" role=\"note\">" << h(w.message) << "</p>";
      if (cell.fallback) out << "<p class=\"fallback\">" << h(fallback_note(cell, lang)) << "</p>";
      // cell.html is cmark output with raw HTML suppressed: safe to include as is. Its citation
      // links point at "#clause=<id>", the ids of the appendix entries below.
      if (!cell.summary_html.empty()) out << "<div class=\"cell-summary\">" << cell.summary_html << "</div>";
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

std::string xlsx_text(std::string_view s) {
  if (s.size() <= k_xlsx_max_string) return std::string(s);
  std::size_t cut = k_xlsx_max_string - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

// Row heights. A spreadsheet program shows the height stored for each row (it does not measure
// wrapped text again when it opens a file), and Excel allows at most 409 pt. Heights are
// estimated here, with this approximation: a line holds one character fewer than the column is
// wide (the width unit is the width of '0' in the default font, Calibri 11 pt; the one character
// is the cell's padding), words wrap greedily as in the text export, and a line is 15 pt high,
// plus 4 pt of cell margin. Calibri's letters are on average narrower than its '0', so Excel
// shows some room to spare; LibreOffice without Calibri draws a wider font (DejaVu Sans) with
// lower lines (about 13 pt), which the same estimate still fits (checked by printing a
// four-jurisdiction comparison to PDF).
constexpr double k_xlsx_line_height = 15;
constexpr double k_xlsx_cell_margin = 4;
/// Lines in one row: 300 pt, well under Excel's 409 pt, so that a row and the repeated header row
/// fit a landscape page even unscaled (spreadsheet programs never split a row across pages).
constexpr std::size_t k_xlsx_row_lines = 20;

std::vector<std::string> xlsx_lines(std::string_view text, double width) {
  return wrap(text, static_cast<std::size_t>(std::max(width - 1, 1.0)));
}

double xlsx_height(std::size_t lines) {
  return k_xlsx_line_height * static_cast<double>(std::max<std::size_t>(lines, 1)) + k_xlsx_cell_margin;
}

/// One field of a record: its text, the column it goes in and that column's width, its format in
/// the record's first row and in the rows below, and what it shows in rows below its own text
/// (a category label says it continues).
struct XlsxField {
  std::string text;
  lxw_col_t column = 0;
  double width = 10;
  lxw_format* first = nullptr;
  lxw_format* rest = nullptr;
  std::string continued = {};
};

/// A record (a category of the grid, a cited clause) laid out over as many rows as its tallest
/// field needs.
struct XlsxLayout {
  std::vector<std::vector<std::string>> pieces; ///< [field][row]: the text a field shows in each row
  std::vector<double> heights;                  ///< [row], in points
};

/// Cuts each field's text into pieces of at most k_xlsx_row_lines estimated lines. A piece at
/// least two thirds full ends after a line of the text ('\n': a paragraph, a list item, a blank
/// line) when the next line would not fit whole; otherwise the next line fills the piece and
/// goes on in the next, cut between two of its wrapped lines (joined again with a space there),
/// so that rows are not left half empty. A blank line where a piece ends is dropped, so no piece
/// opens with one; nothing else is lost.
XlsxLayout xlsx_layout(const std::vector<XlsxField>& fields) {
  XlsxLayout layout;
  std::vector<std::vector<std::size_t>> lines(fields.size());
  for (std::size_t f = 0; f < fields.size(); ++f) {
    auto& pieces = layout.pieces.emplace_back();
    std::string piece;
    std::size_t used = 0;
    bool started = false;
    auto flush = [&] {
      while (piece.ends_with('\n')) {
        piece.pop_back();
        --used;
      }
      pieces.push_back(std::move(piece));
      lines[f].push_back(used);
      piece.clear();
      used = 0;
      started = false;
    };
    std::size_t start = 0;
    const std::string& text = fields[f].text;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      const std::string_view line = std::string_view(text).substr(start, end - start);
      start = end + 1;
      const auto wrapped = xlsx_lines(line, fields[f].width);
      if (used > 0 && used + wrapped.size() > k_xlsx_row_lines && 3 * used >= 2 * k_xlsx_row_lines) flush();
      if (line.empty() && !started && !pieces.empty()) continue;
      for (std::size_t at = 0; at < wrapped.size();) {
        const std::size_t take = std::min(wrapped.size() - at, k_xlsx_row_lines - used);
        piece += started ? "\n" : "";
        for (std::size_t k = at; k < at + take; ++k) piece += (k > at ? " " : "") + wrapped[k];
        started = true;
        used += take;
        at += take;
        if (at < wrapped.size()) flush();
      }
    }
    if (started) flush();
  }
  std::size_t rows = 1;
  for (const auto& pieces : layout.pieces) rows = std::max(rows, pieces.size());
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t tallest = 1;
    for (const auto& field_lines : lines)
      if (r < field_lines.size()) tallest = std::max(tallest, field_lines[r]);
    layout.heights.push_back(xlsx_height(tallest));
  }
  return layout;
}

void check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR) throw InternalError(std::string("XLSX export: ") + what + ": " + lxw_strerror(error));
}

/// Writes a record from `row` down (xlsx_layout) and returns the first row after it.
lxw_row_t write_record(lxw_worksheet* sheet, lxw_row_t row, const std::vector<XlsxField>& fields) {
  const XlsxLayout layout = xlsx_layout(fields);
  for (std::size_t r = 0; r < layout.heights.size(); ++r, ++row) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const auto& pieces = layout.pieces[f];
      const std::string& text = r < pieces.size() ? pieces[r] : fields[f].continued;
      lxw_format* format = r == 0 ? fields[f].first : fields[f].rest;
      check(text.empty() ? worksheet_write_blank(sheet, row, fields[f].column, format)
                         : worksheet_write_string(sheet, row, fields[f].column, xlsx_text(text).c_str(), format),
            "cell");
    }
    check(worksheet_set_row(sheet, row, layout.heights[r], nullptr), "row height");
  }
  return row;
}

/// Printing: A4 landscape, one page wide and as many long as needed, the first `header_rows`
/// repeated at the top of every page (the _xlnm.Print_Titles defined name), page numbers below.
void print_setup(lxw_worksheet* sheet, lxw_row_t header_rows) {
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9); // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  if (header_rows > 0) check(worksheet_repeat_rows(sheet, 0, header_rows - 1), "print titles");
  check(worksheet_set_footer(sheet, "&C&P / &N"), "footer");
}

class TempFile {
public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cadre-export-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw DataError("cannot create a temporary file for the export in " +
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

/// A workbook written to a private temporary file, with the formats every sheet uses.
/// finish() closes it and returns its bytes; until then the destructor frees it in every case.
class XlsxWorkbook {
public:
  XlsxWorkbook() : wb(workbook_new(m_file.path().c_str())) {
    if (wb == nullptr) throw InternalError("XLSX export: cannot create a workbook at " + m_file.path());
    wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    head = workbook_add_format(wb);
    format_set_text_wrap(head);
    format_set_bold(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(head, 0xEEF1F4);
    format_set_bottom(head, LXW_BORDER_THIN);
    link = workbook_add_format(wb);
    format_set_underline(link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(link, LXW_COLOR_BLUE);
    format_set_align(link, LXW_ALIGN_VERTICAL_TOP);
    // A record's first row has a rule above it; its label column is shaded like the header.
    wrap_first = workbook_add_format(wb);
    format_set_text_wrap(wrap_first);
    format_set_align(wrap_first, LXW_ALIGN_VERTICAL_TOP);
    format_set_top(wrap_first, LXW_BORDER_THIN);
    label = workbook_add_format(wb);
    format_set_text_wrap(label);
    format_set_bold(label);
    format_set_align(label, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(label, 0xEEF1F4);
    format_set_top(label, LXW_BORDER_THIN);
    label_more = workbook_add_format(wb);
    format_set_text_wrap(label_more);
    format_set_italic(label_more);
    format_set_font_color(label_more, 0x555555);
    format_set_align(label_more, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(label_more, 0xEEF1F4);
  }
  ~XlsxWorkbook() {
    if (!m_closed) workbook_close(wb);
  }
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  std::string finish(std::string title) {
    lxw_doc_properties properties{};
    properties.title = title.data();
    workbook_set_properties(wb, &properties);
    m_closed = true;
    check(workbook_close(wb), "writing the workbook");
    std::ifstream in(m_file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) throw DataError("cannot read back the XLSX export from " + m_file.path());
    return bytes.str();
  }

private:
  TempFile m_file; // declared first: the workbook is created in it

public:
  lxw_workbook* wb;
  lxw_format* wrap = nullptr;
  lxw_format* head = nullptr;
  lxw_format* link = nullptr;
  lxw_format* wrap_first = nullptr;
  lxw_format* label = nullptr;      ///< a record's label, in its first row
  lxw_format* label_more = nullptr; ///< the label column in a record's further rows

private:
  bool m_closed = false;
};

std::string render_xlsx(const Comparison& c) {
  const std::string& lang = c.language;
  const CitationIndex index(c);
  XlsxWorkbook book;
  lxw_workbook* wb = book.wb;

  // Sheet 1: the grid. Row 0 names the jurisdictions (frozen, and repeated on every printed
  // page), then a record lists their instruments and one record per category follows; a cell
  // too tall for one row continues in the rows below it (xlsx_layout).
  lxw_worksheet* grid = workbook_add_worksheet(wb, lang == "fr" ? "Comparaison" : "Comparison");
  const auto columns = c.jurisdictions.size();
  const double label_chars = 24;
  const double cell_chars = columns <= 2 ? 60 : columns <= 4 ? 45 : 35;
  check(worksheet_set_column(grid, 0, 0, label_chars, nullptr), "column width");
  if (columns > 0) check(worksheet_set_column(grid, 1, static_cast<lxw_col_t>(columns), cell_chars, nullptr), "column width");
  auto record = [&](const std::string& label, std::vector<std::string> texts, lxw_format* label_fmt, lxw_format* first,
                    lxw_format* rest, const std::string& continued, lxw_row_t row) {
    std::vector<XlsxField> fields{{label, 0, label_chars, label_fmt, book.label_more, continued}};
    for (std::size_t k = 0; k < texts.size(); ++k)
      fields.push_back({std::move(texts[k]), static_cast<lxw_col_t>(k + 1), cell_chars, first, rest});
    return write_record(grid, row, fields);
  };
  std::vector<std::string> headers, instruments;
  for (const auto& j : c.jurisdictions) {
    headers.push_back(jurisdiction_heading(j, lang) + "\n" + checked_word(lang) + " " + j.as_of);
    instruments.push_back(instruments_summary(j, lang, "\n"));
  }
  lxw_row_t row = record(lang == "fr" ? "Catégorie" : "Category", headers, book.head, book.head, book.head, "", 0);
  const std::string continued = lang == "fr" ? " (suite)" : " (continued)";
  const std::string instruments_label = "Instruments"; // the same word in French
  row = record(instruments_label, instruments, book.label, book.wrap_first, book.wrap, instruments_label + continued, row);
  for (std::size_t r = 0; r < c.categories.size() && r < c.cells.size(); ++r) {
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < c.cells[r].size() && k < columns; ++k) {
      const Cell& cell = c.cells[r][k];
      std::string body;
      if (!cell_dates(cell, lang).empty()) body = cell_dates(cell, lang) + "\n";
      if (cell.fallback) body += fallback_note(cell, lang) + "\n";
      body += text_with_summary(cell);
      if (!cell.citations.empty()) body += "\n";
      for (const auto& citation : cell.citations)
        body += "\n[" + std::to_string(index.number.at(citation.clause_id)) + "] " + citation.label + " (" +
                citation.clause_id + ")";
      texts.push_back(std::move(body));
    }
    const std::string label = c.categories[r].label.in(lang);
    row = record(label, std::move(texts), book.label, book.wrap_first, book.wrap, label + continued, row);
  }
  worksheet_freeze_panes(grid, 1, 1);
  print_setup(grid, 1);

  // Sheet 2: every cited clause, with its text and official URL.
  lxw_worksheet* cited = workbook_add_worksheet(wb, lang == "fr" ? "Citations" : "Citations");
  const char* cited_headers_en[] = {"#", "Clause id", "Label", "Clause text", "Official URL", "Indexed"};
  const char* cited_headers_fr[] = {"#", "Identifiant", "Libellé", "Texte de la disposition", "URL officielle", "Indexée"};
  const double cited_widths[] = {5, 32, 28, 80, 40, 9};
  for (lxw_col_t k = 0; k < 6; ++k) {
    check(worksheet_set_column(cited, k, k, cited_widths[k], nullptr), "column width");
    check(worksheet_write_string(cited, 0, k, lang == "fr" ? cited_headers_fr[k] : cited_headers_en[k], book.head),
          "header");
  }
  row = 1;
  for (std::size_t k = 0; k < index.ordered.size(); ++k) {
    const Citation& citation = *index.ordered[k];
    // The number, URL and flag fit one row; written in the record's first row beside it.
    check(worksheet_write_number(cited, row, 0, static_cast<double>(k + 1), book.wrap_first), "number");
    // Excel refuses some URLs (length, characters): those are kept as text.
    const bool linked = is_web_url(citation.official_url) &&
                        worksheet_write_url(cited, row, 4, citation.official_url.c_str(), book.link) == LXW_NO_ERROR;
    if (!linked) check(worksheet_write_string(cited, row, 4, xlsx_text(citation.official_url).c_str(), book.wrap_first), "url");
    check(worksheet_write_boolean(cited, row, 5, citation.resolved ? 1 : 0, book.wrap_first), "indexed");
    row = write_record(cited, row,
                       {{citation.clause_id, 1, cited_widths[1], book.wrap_first, book.wrap},
                        {citation.label, 2, cited_widths[2], book.wrap_first, book.wrap},
                        {citation.clause_text, 3, cited_widths[3], book.wrap_first, book.wrap}});
  }
  worksheet_freeze_panes(cited, 1, 0);
  print_setup(cited, 1);

  // Sheet 3: where the comparison comes from.
  lxw_worksheet* about = workbook_add_worksheet(wb, lang == "fr" ? "À propos" : "About");
  check(worksheet_set_column(about, 0, 0, 24, nullptr), "column width");
  check(worksheet_set_column(about, 1, 1, 90, nullptr), "column width");
  row = 0;
  auto fact = [&](const std::string& key, const std::string& value) {
    row = write_record(about, row, {{key, 0, 24, book.label, book.label_more}, {value, 1, 90, book.wrap_first, book.wrap}});
  };
  fact("Build", c.build_id);
  fact(lang == "fr" ? "Commit du corpus" : "Corpus commit", c.corpus_commit);
  fact(lang == "fr" ? "Langue" : "Language", c.language);
  if (c.as_of_given) fact(lang == "fr" ? "Statuts au" : "Statuses as of", as_of_line(c));
  for (const auto& j : c.jurisdictions)
    fact(jurisdiction_heading(j, lang), std::string(checked_word(lang)) + " " + j.as_of + "\n" + instruments_summary(j, lang, "\n"));
  print_setup(about, 0);

  return book.finish("Cadre comparison");
}

// ---------------------------------------------------------------------------------------------
// docx: the Markdown rendering converted by pandoc. Chosen over a
// library because Debian has no small, maintained C or C++ library that writes DOCX or ODT (only
// LibreOffice's UNO, a whole office suite), and pandoc (Debian's `pandoc`) is what briefing
// authors would run on the Markdown export themselves; it stays optional, needed only for DOCX.

constexpr int k_pandoc_seconds = 60;

/// pandoc's GFM reader gives every table column the same width, so a row label gets as much of
/// a portrait page as a jurisdiction's text. This Lua filter gives the first column
/// `first_share` of the width and the others equal parts of the rest.
std::string column_widths_filter(double first_share) {
  return "local first = " + std::to_string(first_share) + "\n" + R"(function Table(t)
  local n = #t.colspecs
  if n < 2 then return nil end
  for i, spec in ipairs(t.colspecs) do
    spec[2] = (i == 1) and first or (1 - first) / (n - 1)
  end
  return t
end
)";
}

std::string markdown_to_docx(const std::string& markdown, double first_column_share) {
  TempFile input, output, messages, filter;
  auto write = [](const std::string& path, const std::string& text, const char* what) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw DataError(std::string("cannot write the DOCX export's ") + what + " to " + path);
  };
  write(input.path(), markdown, "Markdown");
  write(filter.path(), column_widths_filter(first_column_share), "table filter");
  // pandoc reads and fetches nothing beyond its input: the Markdown holds no image (those
  // become their descriptions), and raw HTML is read as text (gfm-raw_html). Its --sandbox
  // would say so too, but pandoc 2.17 (Debian 12) cannot then read its own DOCX template.
  std::vector<std::string> args = {"pandoc", "-f", "gfm-raw_html", "--lua-filter", filter.path(), "-t", "docx",
                                   "-o", output.path(), input.path()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, messages.path().c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "pandoc", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned == ENOENT)
    throw MissingTool("the DOCX export needs pandoc, which is not installed here: install it (Debian: apt-get install "
                      "pandoc) or choose the md export");
  if (spawned != 0) throw DataError(std::string("cannot run pandoc for the DOCX export: ") + std::strerror(spawned));

  int status = 0;
  for (int waited = 0;; waited += 10) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw DataError(std::string("waiting for pandoc: ") + std::strerror(errno));
    if (waited >= k_pandoc_seconds * 1000) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw DataError("pandoc took more than " + std::to_string(k_pandoc_seconds) + " s to write the DOCX export");
    }
    ::usleep(10 * 1000);
  }
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  };
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string said = read(messages.path()).substr(0, 500);
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    throw DataError("pandoc could not write the DOCX export" + (said.empty() ? std::string() : ": " + said));
  }
  std::string docx = read(output.path());
  if (!docx.starts_with("PK")) throw DataError("pandoc wrote no DOCX document to " + output.path());
  return docx;
}

// ---------------------------------------------------------------------------------------------
// Matrix renderings: provisions as rows, jurisdictions as columns. Each format carries the
// values, a mark (†) for values resting only on bills or on law no longer in force, the notes
// and cited clauses, every jurisdiction's as-of date, and the build.

std::string matrix_build_line(const Matrix& m) {
  return (m.language == "fr" ? "Build " + m.build_id + ", commit du corpus " + m.corpus_commit + ", langue " + m.language +
                                   ", statuts au " + m.as_of
                             : "Build " + m.build_id + ", corpus commit " + m.corpus_commit + ", language " + m.language +
                                   ", statuses as of " + m.as_of);
}

std::string as_of_line(const Matrix& m) {
  std::string out = m.language == "fr" ? "À jour au : " : "As of: ";
  for (std::size_t k = 0; k < m.jurisdictions.size(); ++k)
    out += (k ? ", " : "") + m.jurisdictions[k].code + " " + m.jurisdictions[k].as_of;
  return out;
}

const char* not_law_note(const std::string& lang) {
  return lang == "fr" ? "† repose seulement sur un projet de loi ou un texte qui n'est plus en vigueur"
                      : "† rests only on a bill or on law no longer in force";
}

/// "yes" / "yes †" in the matrix's language.
std::string value_words(const ProvisionValue& v, const std::string& lang) {
  return value_label(v.value, lang) + (v.not_law ? " †" : "");
}

/// "AI Act, Article 14(1) [in force]; …" for notes and exports.
std::string citation_list(const ProvisionValue& v, const std::string& lang) {
  std::string out;
  for (const auto& c : v.citations)
    out += (out.empty() ? "" : "; ") + c.label + " [" + status_label(c.instrument_status, c.instrument_evidence, lang) + "]";
  return out;
}

std::string clause_ids(const ProvisionValue& v) {
  std::string out;
  for (const auto& c : v.citations) out += (out.empty() ? "" : " ") + c.clause_id;
  return out;
}

std::string render_matrix_text(const Matrix& m, const ExportOptions& options) {
  const std::string& lang = m.language;
  const std::size_t column = 6;
  const std::size_t columns = m.jurisdictions.size();
  const std::size_t available = static_cast<std::size_t>(std::max(options.terminal_width, 40));
  const std::size_t label_width = available > columns * column + 20 ? std::min<std::size_t>(46, available - columns * column) : 20;
  std::ostringstream out;
  out << (lang == "fr" ? "Matrice des dispositions" : "Provision matrix") << " — " << matrix_build_line(m) << "\n"
      << as_of_line(m) << "\n"
      << (lang == "fr" ? "● oui  ◐ partiel  ○ non  ? incertain  · non renseigné  " : "● yes  ◐ partial  ○ no  ? unclear  · not recorded  ")
      << not_law_note(lang) << "\n\n";
  std::string header = pad("", label_width);
  for (const auto& j : m.jurisdictions) header += pad(j.code.substr(0, column - 1), column);
  out << header.substr(0, header.find_last_not_of(' ') + 1) << "\n";
  std::string category;
  for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
    const auto& p = m.provisions[r];
    if (p.category != category) {
      category = p.category;
      out << "\n" << category << "\n";
    }
    std::string label = "  " + p.label.in(lang);
    if (display_width(label) > label_width - 1) label = label.substr(0, prefix_bytes(label, label_width - 2)) + "…";
    std::string line = pad(label, label_width);
    for (const auto& v : m.values[r]) line += pad(std::string(value_mark(v.value)) + (v.not_law ? "†" : ""), column);
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
  return out.str();
}

std::string render_matrix_markdown(const Matrix& m) {
  const std::string& lang = m.language;
  std::ostringstream out;
  out << "# " << (lang == "fr" ? "Matrice des dispositions Cadre" : "Cadre provision matrix") << "\n\n"
      << "- " << md_cell(as_of_line(m)) << "\n- " << md_cell(matrix_build_line(m)) << "\n- " << md_cell(not_law_note(lang))
      << "\n\n";
  out << '|' << (lang == "fr" ? " Disposition |" : " Provision |");
  for (const auto& j : m.jurisdictions) out << ' ' << md_cell(j.code) << " |";
  out << "\n|---|";
  for (std::size_t k = 0; k < m.jurisdictions.size(); ++k) out << "---|";
  out << '\n';
  for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
    out << "| " << md_cell(m.provisions[r].label.in(lang)) << " |";
    for (const auto& v : m.values[r]) out << ' ' << md_cell(value_words(v, lang)) << " |";
    out << '\n';
  }
  out << "\n## " << (lang == "fr" ? "Notes et sources" : "Notes and sources") << "\n";
  for (std::size_t k = 0; k < m.jurisdictions.size(); ++k) {
    out << "\n### " << md_cell(jurisdiction_heading(m.jurisdictions[k], lang)) << "\n\n";
    for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
      const auto& v = m.values[r][k];
      out << "- **" << md_cell(m.provisions[r].label.in(lang)) << "**: " << md_cell(value_words(v, lang)) << ".";
      if (!v.note.empty()) out << ' ' << md_cell(v.note);
      for (std::size_t c = 0; c < v.citations.size(); ++c)
        out << (c ? "; " : (lang == "fr" ? " Sources : " : " Sources: ")) << md_cell(v.citations[c].label) << " ("
            << md_cell(status_label(v.citations[c].instrument_status, v.citations[c].instrument_evidence, lang)) << ", `" << v.citations[c].clause_id << "`)";
      out << '\n';
    }
  }
  return out.str();
}

constexpr const char* k_matrix_csv_columns[] = {
    "provision", "provision_label", "category",  "jurisdiction", "jurisdiction_name", "language", "value",
    "not_law",   "note",            "citations", "clause_ids",   "as_of",             "build_id", "corpus_commit"};

std::string render_matrix_csv(const Matrix& m, const ExportOptions& options) {
  const std::string& lang = m.language;
  std::string out = options.csv_bom ? "\xEF\xBB\xBF" : "";
  auto line = [&out](const std::vector<std::string>& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) out += (k ? "," : "") + csv_field(fields[k]);
    out += "\r\n";
  };
  line(std::vector<std::string>(std::begin(k_matrix_csv_columns), std::end(k_matrix_csv_columns)));
  for (std::size_t k = 0; k < m.jurisdictions.size(); ++k) {
    const auto& j = m.jurisdictions[k];
    for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
      const auto& p = m.provisions[r];
      const auto& v = m.values[r][k];
      line({p.id, p.label.in(lang), p.category, j.code, j.name.in(lang), lang, v.value, v.not_law ? "true" : "false",
            v.note, citation_list(v, lang), clause_ids(v), j.as_of, m.build_id, m.corpus_commit});
    }
  }
  return out;
}

constexpr const char* k_matrix_css = R"(
.v{text-align:center;font-weight:600;white-space:nowrap}
.v-yes{background:#1f6f43;color:#fff}.v-partial{background:#9fd3b0}.v-no{background:#f1f1f1;color:#555}
.v-unclear{background:#ffe7a8}.v-{background:#fff;color:#999}
.not-law{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(0,0,0,.28) 4px 5px)}
td.label{width:30%}
.notes dd{white-space:normal}
)";

std::string render_matrix_html(const Matrix& m) {
  const std::string& lang = m.language;
  const std::string title = lang == "fr" ? "Matrice des dispositions Cadre" : "Cadre provision matrix";
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"" << h(lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << h(title) << "</title>\n<style>" << k_html_css << k_matrix_css << "</style>\n</head>\n<body>\n"
      << "<h1>" << h(title) << "</h1>\n<p class=\"meta\">" << h(as_of_line(m)) << "</p>\n<p class=\"meta\">"
      << h(matrix_build_line(m)) << "</p>\n<p class=\"meta\">"
      << h(lang == "fr" ? "● oui  ◐ partiel  ○ non  ? incertain. " : "● yes  ◐ partial  ○ no  ? unclear. ")
      << h(not_law_note(lang)) << "</p>\n";
  out << "<table>\n<thead><tr><th scope=\"col\">" << (lang == "fr" ? "Disposition" : "Provision") << "</th>";
  for (const auto& j : m.jurisdictions)
    out << "<th scope=\"col\" title=\"" << h(j.name.in(lang)) << "\">" << h(j.code) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
    out << "<tr><th scope=\"row\">" << h(m.provisions[r].label.in(lang)) << "</th>";
    for (const auto& v : m.values[r])
      out << "<td class=\"v v-" << h(v.value) << (v.not_law ? " not-law" : "") << "\"><a href=\"#v-" << h(v.jurisdiction)
          << "-" << h(v.provision) << "\">" << h(value_mark(v.value)) << (v.not_law ? "†" : "") << "<span hidden> "
          << h(value_label(v.value, lang)) << "</span></a></td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n<section class=\"appendix notes\">\n<h2>"
      << (lang == "fr" ? "Notes et sources" : "Notes and sources") << "</h2>\n";
  for (std::size_t k = 0; k < m.jurisdictions.size(); ++k) {
    out << "<h3>" << h(jurisdiction_heading(m.jurisdictions[k], lang)) << "</h3>\n<dl>\n";
    for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
      const auto& v = m.values[r][k];
      out << "<dt id=\"v-" << h(v.jurisdiction) << "-" << h(v.provision) << "\">" << h(m.provisions[r].label.in(lang))
          << ": " << h(value_words(v, lang)) << "</dt>\n<dd>" << h(v.note);
      if (!v.citations.empty()) {
        out << "<br>";
        for (std::size_t c = 0; c < v.citations.size(); ++c) {
          const auto& citation = v.citations[c];
          out << (c ? "; " : "");
          if (is_web_url(citation.official_url)) out << "<a href=\"" << h(citation.official_url) << "\">";
          out << h(citation.label);
          if (is_web_url(citation.official_url)) out << "</a>";
          out << ' ' << status_badge(citation.instrument_status, citation.instrument_evidence, lang);
          out << " <code>" << h(citation.clause_id) << "</code>";
        }
      }
      out << "</dd>\n";
    }
    out << "</dl>\n";
  }
  out << "</section>\n</body>\n</html>\n";
  return out.str();
}

std::string render_matrix_xlsx(const Matrix& m) {
  const std::string& lang = m.language;
  XlsxWorkbook book;
  lxw_workbook* wb = book.wb;
  lxw_format* wrap_fmt = book.wrap;
  lxw_format* head_fmt = book.head;
  // One fill per value; a value resting only on bills or on law no longer in force adds a
  // pattern, so the sheet still reads when printed in greyscale.
  std::map<std::pair<std::string, bool>, lxw_format*> value_fmt;
  const std::pair<const char*, lxw_color_t> fills[] = {
      {"yes", 0x1F6F43}, {"partial", 0x9FD3B0}, {"no", 0xF1F1F1}, {"unclear", 0xFFE7A8}, {"", 0xFFFFFF}};
  for (const auto& [value, colour] : fills)
    for (bool not_law : {false, true}) {
      lxw_format* f = workbook_add_format(wb);
      format_set_align(f, LXW_ALIGN_CENTER);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      format_set_border(f, LXW_BORDER_THIN);
      format_set_border_color(f, 0xFFFFFF);
      format_set_pattern(f, not_law ? LXW_PATTERN_LIGHT_UP : LXW_PATTERN_SOLID);
      format_set_bg_color(f, not_law ? 0x000000 : colour);
      format_set_fg_color(f, colour);
      if (std::string(value) == "yes" && !not_law) format_set_font_color(f, LXW_COLOR_WHITE);
      value_fmt[{value, not_law}] = f;
    }

  lxw_worksheet* grid = workbook_add_worksheet(wb, lang == "fr" ? "Matrice" : "Matrix");
  const auto columns = m.jurisdictions.size();
  check(worksheet_set_column(grid, 0, 0, 46, head_fmt), "column width");
  if (columns > 0) check(worksheet_set_column(grid, 1, static_cast<lxw_col_t>(columns), 9, nullptr), "column width");
  check(worksheet_write_string(grid, 0, 0, lang == "fr" ? "Disposition" : "Provision", head_fmt), "header");
  for (std::size_t k = 0; k < columns; ++k)
    check(worksheet_write_string(grid, 0, static_cast<lxw_col_t>(k + 1),
                                 xlsx_text(m.jurisdictions[k].code + "\n" + m.jurisdictions[k].as_of).c_str(), head_fmt),
          "header");
  check(worksheet_set_row(grid, 0, 30, nullptr), "row height");
  for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    check(worksheet_write_string(grid, row, 0, xlsx_text(m.provisions[r].label.in(lang)).c_str(), wrap_fmt), "label");
    for (std::size_t k = 0; k < m.values[r].size() && k < columns; ++k) {
      const auto& v = m.values[r][k];
      auto fmt = value_fmt.find({v.value, v.not_law});
      check(worksheet_write_string(grid, row, static_cast<lxw_col_t>(k + 1), value_words(v, lang).c_str(),
                                   fmt == value_fmt.end() ? wrap_fmt : fmt->second),
            "value");
    }
  }
  const auto legend_row = static_cast<lxw_row_t>(m.provisions.size() + 2);
  check(worksheet_write_string(grid, legend_row, 0, not_law_note(lang), wrap_fmt), "legend");
  check(worksheet_write_string(grid, legend_row + 1, 0, xlsx_text(as_of_line(m)).c_str(), wrap_fmt), "as of");
  check(worksheet_write_string(grid, legend_row + 2, 0, xlsx_text(matrix_build_line(m)).c_str(), wrap_fmt), "build");
  worksheet_freeze_panes(grid, 1, 1);
  print_setup(grid, 1);

  lxw_worksheet* notes = workbook_add_worksheet(wb, lang == "fr" ? "Notes et sources" : "Notes and sources");
  const char* headers_en[] = {"Jurisdiction", "Provision", "Value", "Note", "Citations", "Clause ids", "As of"};
  const char* headers_fr[] = {"Juridiction", "Disposition", "Valeur", "Note", "Sources", "Identifiants", "À jour au"};
  const double widths[] = {16, 30, 10, 60, 40, 30, 11};
  for (lxw_col_t k = 0; k < 7; ++k) {
    check(worksheet_set_column(notes, k, k, widths[k], wrap_fmt), "column width");
    check(worksheet_write_string(notes, 0, k, lang == "fr" ? headers_fr[k] : headers_en[k], head_fmt), "header");
  }
  lxw_row_t row = 1;
  for (std::size_t k = 0; k < columns; ++k)
    for (std::size_t r = 0; r < m.provisions.size() && r < m.values.size(); ++r) {
      const auto& v = m.values[r][k];
      const std::string cells[] = {m.jurisdictions[k].name.in(lang), m.provisions[r].label.in(lang), value_words(v, lang),
                                   v.note, citation_list(v, lang), clause_ids(v), m.jurisdictions[k].as_of};
      std::vector<XlsxField> fields;
      for (lxw_col_t c = 0; c < 7; ++c) fields.push_back({cells[c], c, widths[c], wrap_fmt, wrap_fmt});
      row = write_record(notes, row, fields);
    }
  worksheet_freeze_panes(notes, 1, 2);
  check(worksheet_autofilter(notes, 0, 0, row > 1 ? row - 1 : 1, 6), "filter");
  print_setup(notes, 1);

  return book.finish("Cadre provision matrix");
}

} // namespace

ExportFormat parse_export_format(std::string_view name, const std::string& parameter) {
  if (name == "text") return ExportFormat::text;
  if (name == "md") return ExportFormat::markdown;
  if (name == "csv") return ExportFormat::csv;
  if (name == "json") return ExportFormat::json;
  if (name == "html") return ExportFormat::html;
  if (name == "xlsx") return ExportFormat::xlsx;
  if (name == "docx") return ExportFormat::docx;
  throw UserError("unknown export format '" + std::string(name) + "': use text, md, csv, json, html, xlsx or docx",
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
  case ExportFormat::docx: return "docx";
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
  case ExportFormat::docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
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
  case ExportFormat::docx: return "docx";
  }
  return "bin";
}

bool is_binary(ExportFormat format) { return format == ExportFormat::xlsx || format == ExportFormat::docx; }

std::string render_comparison(const Comparison& comparison, ExportFormat format, const ExportOptions& options) {
  switch (format) {
  case ExportFormat::text: return render_text(comparison, options);
  case ExportFormat::markdown: return render_markdown(comparison);
  case ExportFormat::csv: return render_csv(comparison, options);
  case ExportFormat::json: return json::comparison(comparison);
  case ExportFormat::html: return render_html(comparison);
  case ExportFormat::xlsx: return render_xlsx(comparison);
  case ExportFormat::docx: return markdown_to_docx(render_markdown(comparison), 0.18); // the category
  }
  throw InternalError("render_comparison: unknown format");
}

std::string render_matrix(const Matrix& matrix, ExportFormat format, const ExportOptions& options) {
  switch (format) {
  case ExportFormat::text: return render_matrix_text(matrix, options);
  case ExportFormat::markdown: return render_matrix_markdown(matrix);
  case ExportFormat::csv: return render_matrix_csv(matrix, options);
  case ExportFormat::json: return json::matrix(matrix);
  case ExportFormat::html: return render_matrix_html(matrix);
  case ExportFormat::xlsx: return render_matrix_xlsx(matrix);
  case ExportFormat::docx: return markdown_to_docx(render_matrix_markdown(matrix), 0.34); // the provision
  }
  throw InternalError("render_matrix: unknown format");
}

} // namespace cadre
