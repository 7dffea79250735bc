// Parsing of framework.<lang>.md: one level-2 section per category (docs/corpus-format.md).
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/claims.hpp"
#include "indexer/corpus.hpp"
#include "indexer/input_bounds.hpp"
#include "indexer/text_util.hpp"

#include <cmark.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <sstream>

namespace cadre::indexer {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

/// Plain text of Markdown: paragraphs and headings separated by a blank line, each list item on
/// a line of its own opening with "- " (or its number, "1. ", in an ordered list), so that the
/// terminal, CSV and spreadsheet renderings keep the lists of the prose.
std::string literal_text(cmark_node* node) {
  std::string out;
  const auto in_item = [](cmark_node* n) {
    cmark_node* parent = cmark_node_parent(n);
    return parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
  };
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* cur = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(cur);
    if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
      if (const char* lit = cmark_node_get_literal(cur)) out += lit;
    } else if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)) {
      out += ' ';
    } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_ITEM) {
      cmark_node* list = cmark_node_parent(cur);
      if (list != nullptr && cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
        int number = cmark_node_get_list_start(list);
        for (cmark_node* before = cmark_node_previous(cur); before != nullptr; before = cmark_node_previous(before)) ++number;
        out += std::to_string(number) + ". ";
      } else {
        out += "- ";
      }
    } else if (ev == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING)) {
      out += in_item(cur) ? "\n" : "\n\n";
    } else if (ev == CMARK_EVENT_EXIT && type == CMARK_NODE_LIST && !in_item(cur)) {
      out += '\n';
    }
  }
  cmark_iter_free(iter);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

/// Renders a section's Markdown to HTML with raw HTML suppressed (cmark's default is safe) and
/// citation links rewritten to in-page anchors the web page resolves: #clause=<id>,
/// #instrument=<id>. Also returns the plain text.
std::pair<std::string, std::string> render(const std::string& markdown) {
  NodePtr doc(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* cur = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(cur) != CMARK_NODE_LINK) continue;
    const std::string url = cmark_node_get_url(cur) ? cmark_node_get_url(cur) : "";
    if (url.starts_with("clause:")) cmark_node_set_url(cur, ("#clause=" + url.substr(7)).c_str());
    else if (url.starts_with("instrument:")) cmark_node_set_url(cur, ("#instrument=" + url.substr(11)).c_str());
  }
  cmark_iter_free(iter);
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
  std::string out = html;
  free(html);
  return {out, literal_text(doc.get())};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

/// Words of a cell's plain text; the list markers literal_text() writes ("-", "2.") are not words.
int count_words(const std::string& text) {
  int n = 0;
  for (const auto& line : split_lines(text)) {
    std::istringstream in(line);
    std::string word;
    for (bool first = true; in >> word; first = false) {
      const bool marker = first && (word == "-" || (word.size() >= 2 && word.back() == '.' &&
                                                     std::all_of(word.begin(), word.end() - 1, [](char ch) { return ch >= '0' && ch <= '9'; })));
      if (!marker) ++n;
    }
  }
  return n;
}

/// Longest instrument id matched with std::regex (which recurses once per character).
constexpr std::size_t k_max_id_bytes = 200;

/// A Markdown link to a citation: "](clause:<target>)" or "](instrument:<target>)".
struct CitationLink {
  bool whole_instrument = false;
  std::size_t start = 0;        ///< of "]("
  std::size_t target_start = 0; ///< of <target>
  std::size_t target_end = 0;   ///< of the closing ')'
};

/// Citation links of one line, left to right; a target runs to the first ')' and holds no
/// whitespace. Scanned by hand: std::regex overflows the stack on a long target.
std::vector<CitationLink> citation_links(const std::string& line) {
  std::vector<CitationLink> links;
  for (std::size_t pos = line.find("]("); pos != std::string::npos; pos = line.find("](", pos + 1)) {
    CitationLink link;
    link.start = pos;
    const std::size_t scheme = pos + 2;
    if (line.compare(scheme, 7, "clause:") == 0) {
      link.target_start = scheme + 7;
    } else if (line.compare(scheme, 11, "instrument:") == 0) {
      link.whole_instrument = true;
      link.target_start = scheme + 11;
    } else {
      continue;
    }
    std::size_t end = link.target_start;
    while (end < line.size() && line[end] != ')' && !std::isspace(static_cast<unsigned char>(line[end]))) ++end;
    if (end == line.size() || line[end] != ')') continue;
    link.target_end = end;
    links.push_back(link);
    pos = end;
  }
  return links;
}

/// A section's summary paragraph opens with this key, as the file's as-of line opens with "as-of:".
constexpr std::string_view k_summary_key = "summary:";
constexpr int k_max_summary_words = 40;

/// Words of a Markdown sentence outside its citation links ("[label](clause:...)"): the limit on a
/// summary's length is on what it says, not on how many clauses it cites. Tokens without a
/// letter or digit (brackets, semicolons) are not words.
int prose_words(const std::string& markdown) {
  std::string prose;
  std::size_t from = 0;
  for (const auto& link : citation_links(markdown)) {
    const auto open = markdown.rfind('[', link.start);
    const std::size_t cut = open == std::string::npos || open < from ? link.start : open;
    prose += markdown.substr(from, cut - from);
    from = link.target_end + 1;
  }
  prose += markdown.substr(std::min(from, markdown.size()));
  std::istringstream in(prose);
  int n = 0;
  for (std::string word; in >> word;)
    n += std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isalnum(c) || c >= 0x80; }) ? 1 : 0;
  return n;
}

/// The summary paragraph of the section whose body is lines [from, to): the first paragraph, when
/// it starts with `summary:`, as the half-open line range [begin, end); begin == end when none.
std::pair<int, int> summary_lines(const std::vector<std::string>& lines, int from, int to) {
  if (from >= to) return {from, from};
  int begin = from;
  while (begin < to && lines[static_cast<std::size_t>(begin)].find_first_not_of(" \t") == std::string::npos) ++begin;
  if (begin == to || !lines[static_cast<std::size_t>(begin)].starts_with(k_summary_key)) return {from, from};
  int end = begin + 1;
  while (end < to && lines[static_cast<std::size_t>(end)].find_first_not_of(" \t") != std::string::npos) ++end;
  return {begin, end};
}

/// The text with every line ending as "\n": cmark ends a line at "\r\n", "\r" or "\n", and
/// the line numbers of its nodes must index the same lines as split_lines().
std::string with_unix_newlines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') out += text[i];
    else if (i + 1 == text.size() || text[i + 1] != '\n') out += '\n';
  }
  return out;
}

} // namespace

FrameworkSpec parse_framework(const std::string& file_text, const std::string& language,
                              const std::string& path, Diagnostics& diags) {
  const std::string markdown = with_unix_newlines(file_text);
  FrameworkSpec framework;
  framework.language = language;
  framework.path = path;
  const Schema& schema = cadre::schema();
  // cmark would silently replace bad bytes with U+FFFD, and the analysis would carry them.
  if (const std::size_t bad_line = first_invalid_utf8_line(markdown); bad_line > 0) {
    diags.error(path, static_cast<int>(bad_line), 0, "the text is not valid UTF-8: save the file as UTF-8");
    return framework;
  }
  // A NUL byte ends the text for C string functions downstream (cmark, SQLite text, terminals).
  if (const auto nul = markdown.find('\0'); nul != std::string::npos) {
    diags.error(path, static_cast<int>(std::count(markdown.begin(), markdown.begin() + static_cast<std::ptrdiff_t>(nul), '\n')) + 1, 0,
                "the text contains a NUL byte: remove it");
    return framework;
  }
  const auto lines = split_lines(markdown);
  bool as_of_line_found = false; // a malformed date on it is reported once, not also as missing

  NodePtr doc(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_SOURCEPOS));
  struct Heading {
    int line;
    std::string text;
  };
  std::vector<Heading> sections;
  int first_body_line = 0;
  bool seen_title = false;
  for (cmark_node* node = cmark_node_first_child(doc.get()); node != nullptr; node = cmark_node_next(node)) {
    const int line = cmark_node_get_start_line(node);
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1) {
      if (seen_title) diags.error(path, line, 1, "a second level-1 heading: only the jurisdiction's name is level 1");
      seen_title = true;
      framework.title = literal_text(node);
      continue;
    }
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 2) {
      sections.push_back({line, literal_text(node)});
      continue;
    }
    if (!sections.empty()) continue;
    // Between the title and the first section: only the as-of line.
    const std::string text = literal_text(node);
    static const std::regex as_of("as-of:\\s*(\\d{4}-\\d{2}-\\d{2})");
    std::smatch m;
    if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && std::regex_match(text, m, as_of)) {
      const std::string date = m[1];
      as_of_line_found = true;
      if (!is_calendar_date(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8, 2))))
        diags.error(path, line, 1, "'as-of: " + date + "' is not a date between 1900 and 2199");
      else
        framework.as_of = date;
      first_body_line = line;
    } else {
      diags.error(path, line, 1, "unexpected text before the first category section: only 'as-of: YYYY-MM-DD' goes here");
    }
  }
  if (!seen_title) diags.error(path, 1, 1, "missing the level-1 heading with the jurisdiction's name");
  if (framework.as_of.empty() && !as_of_line_found)
    diags.error(path, first_body_line > 0 ? first_body_line : 1, 1,
                "missing 'as-of: YYYY-MM-DD' under the title: the date the analysis was last checked");

  std::vector<bool> present(schema.categories.size(), false);
  int last_index = -1;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const auto& heading = sections[s];
    int index = -1;
    for (std::size_t c = 0; c < schema.categories.size(); ++c)
      if (schema.categories[c].label.in(language) == heading.text) index = static_cast<int>(c);
    if (index < 0) {
      std::string expected;
      for (const auto& c : schema.categories) expected += (expected.empty() ? "" : "', '") + c.label.in(language);
      diags.error(path, heading.line, 4, "unknown category section '" + heading.text + "'; the sections of a " + language +
                                             " framework are '" + expected + "'");
      continue;
    }
    const auto& category = schema.categories[static_cast<std::size_t>(index)];
    if (present[static_cast<std::size_t>(index)]) {
      diags.error(path, heading.line, 4, "duplicate section for category '" + category.id + "'");
      continue;
    }
    present[static_cast<std::size_t>(index)] = true;
    if (index < last_index)
      diags.warning(path, heading.line, 4, "section '" + heading.text + "' is out of order: keep the schema's order");
    last_index = std::max(last_index, index);

    CellSpec cell;
    cell.category = category.id;
    cell.line = heading.line;
    const int end_line = std::min(s + 1 < sections.size() ? sections[s + 1].line - 1 : static_cast<int>(lines.size()),
                                  static_cast<int>(lines.size()));
    const auto joined = [&](int from, int to) {
      std::string out;
      for (int l = from; l < to; ++l) out += lines[static_cast<std::size_t>(l)] + "\n";
      while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
      while (!out.empty() && out.front() == '\n') out.erase(0, 1);
      return out;
    };
    const auto [summary_begin, summary_end] = summary_lines(lines, heading.line, end_line);
    if (summary_begin == summary_end) {
      diags.error(path, heading.line, 4, "section '" + heading.text + "' has no summary: begin it with a paragraph "
                                         "'summary: ' and one sentence, citing a clause, that a reader comparing "
                                         "jurisdictions needs first");
    } else {
      // The linter's markers never reach readers.
      std::string summary = strip_claim_markers(joined(summary_begin, summary_end)).substr(k_summary_key.size());
      while (!summary.empty() && summary.front() == ' ') summary.erase(0, 1);
      cell.summary_markdown = summary;
      std::tie(cell.summary_html, cell.summary_text) = render(summary);
      int summary_clause_links = 0;
      for (int l = summary_begin; l < summary_end; ++l)
        for (const auto& link : citation_links(lines[static_cast<std::size_t>(l)])) summary_clause_links += link.whole_instrument ? 0 : 1;
      if (summary_clause_links == 0)
        diags.error(path, summary_begin + 1, 1, "the summary of section '" + heading.text + "' cites no clause: cite "
                                                "the clause that carries it");
      if (const int words = prose_words(summary); words > k_max_summary_words)
        diags.warning(path, summary_begin + 1, 1, "the summary of section '" + heading.text + "' has " +
                                                      std::to_string(words) + " words; keep it to one sentence of at most " +
                                                      std::to_string(k_max_summary_words));
    }
    cell.markdown = strip_claim_markers(joined(summary_end, end_line));
    std::tie(cell.html, cell.text) = render(cell.markdown);
    cell.words = count_words(cell.text);

    for (int l = heading.line; l < end_line && l < static_cast<int>(lines.size()); ++l) {
      const std::string& line_text = lines[static_cast<std::size_t>(l)];
      for (const auto& link : citation_links(line_text)) {
        CitationSpec citation;
        citation.whole_instrument = link.whole_instrument;
        citation.target = line_text.substr(link.target_start, link.target_end - link.target_start);
        citation.line = l + 1;
        citation.column = static_cast<int>(link.target_start) + 1;
        // The label is the bracketed text that ends where this link starts.
        const auto close = link.start;
        const auto open = line_text.rfind('[', close);
        citation.label = open == std::string::npos ? citation.target : line_text.substr(open + 1, close - open - 1);
        const auto slash = citation.target.find('/');
        const bool valid = citation.whole_instrument
                               ? citation.target.size() <= k_max_id_bytes &&
                                     std::regex_match(citation.target, std::regex("[a-z0-9-]+/[a-z0-9][a-z0-9.-]*"))
                               : slash != std::string::npos && citation.target.find('/', slash + 1) != std::string::npos &&
                                     citation.target.back() != '/';
        if (!valid)
          diags.error(path, citation.line, citation.column,
                      "malformed citation '" + citation.target + "': write clause:<instrument>/<path> such as "
                      "clause:eu/ai-act/art_5__para_1, or instrument:<code>/<slug>");
        else
          cell.citations.push_back(std::move(citation));
      }
    }
    const bool cites_clause = std::any_of(cell.citations.begin(), cell.citations.end(),
                                          [](const auto& c) { return !c.whole_instrument; });
    if (!cites_clause)
      diags.error(path, heading.line, 4, "section '" + heading.text + "' cites no clause: add at least one "
                                         "[label](clause:<instrument>/<path>) link");
    if (cell.words < 60 || cell.words > 250)
      diags.warning(path, heading.line, 4, "section '" + heading.text + "' has " + std::to_string(cell.words) +
                                               " words; cells are 60 to 250 words");
    framework.cells.push_back(std::move(cell));
  }
  for (std::size_t c = 0; c < schema.categories.size(); ++c)
    if (!present[c])
      diags.error(path, 0, 0, "missing section '" + schema.categories[c].label.in(language) + "' (category " +
                                  schema.categories[c].id + ")");
  std::sort(framework.cells.begin(), framework.cells.end(), [&](const auto& a, const auto& b) {
    return schema.category_index(a.category) < schema.category_index(b.category);
  });
  return framework;
}

} // namespace cadre::indexer
