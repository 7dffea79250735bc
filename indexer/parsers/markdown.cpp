// markdown: Markdown produced from PDF publications (marker / html2text style conversions).
// Parsed line by line (the conversions are too irregular for a CommonMark tree to help): page
// markers "{N}-----", image references, emphasis markers and link targets are dropped, wrapped
// lines are joined. Option `numbering` (required) selects how the text numbers its units:
//
//   numbering = "eu-articles"  EU regulation converted from EUR-Lex (eu/eu-ai-act-2024-1689.en.md).
//       Same scheme as the eurlex-xhtml parser: rct_N (recitals, between "Whereas:" and "HAVE
//       ADOPTED"), art_N, art_N__para_M ("1." paragraphs), art_N__para_M__point_a ("(a)"),
//       art_3__point_1 (numbered definitions "(1)" directly in an article),
//       ...__point_h__subpara_iii ("(iii)"), anx_III and anx_III__point_1 (an annex's "1."
//       items; lettered items inside them stay in the item's text). Labels "Recital 12",
//       "Article 5", "Article 5(1)(h)(iii)", "Annex III", "Annex III, point 1". Headings: the
//       article and annex titles. Chapter/section titles, footnotes, "* * *" rules are dropped.
//   numbering = "articles"     Articles "**Article N:**" (cn/genai-interim-measures-2023.casi.en.md):
//       art_N; items "(1)" -> art_N__item_1 (directly under the article, as for the Chinese
//       text); when an article has two or more paragraphs, art_N__para_M by their order.
//       Labels "Article 4", "Article 4(1)", "Article 2, paragraph 2". Translator footnotes
//       ("iii《...》") are dropped.
//   numbering = "nist"         NIST AI RMF 1.0 (us/nist-ai-rmf-1.0.md): numbered headings
//       "1.", "1.2", "1.2.1" -> sec_1, sec_1.2, sec_1.2.1 (flat dotted paths; the parent is the
//       number one dot shorter, as in the TBS directive); "Appendix A" -> appx_A..appx_D;
//       categories "GOVERN 1:" -> cat_GOVERN_1 (parent: the function's section, e.g. sec_5.1)
//       and subcategories "GOVERN 1.1:" -> subcat_GOVERN_1.1 (parent: its category), read from
//       the Core tables (cells are read column by column, so a statement broken across table
//       pages is rejoined). "Part 1"/"Part 2" headings carry no text of their own and are not
//       clauses. Of the front matter before Part 1, the unnumbered "Update Schedule and Versions"
//       and "Executive Summary" are clauses update_schedule and exec_summary (labelled with their
//       titles); the title page, table of contents and list of figures are skipped. Labels
//       "Section 1.2", "Appendix A", "GOVERN 1", "GOVERN 1.1".
//   numbering = "crs"          Colorado session law (us-co/sb24-205-colorado-ai-act.md): bill
//       sections "SECTION 1." -> billsec_1 (their own text only); C.R.S. sections "6-1-1701." ->
//       sec_6-1-1701 with subsections (1) -> __subsec_1, paragraphs (a) -> __para_a,
//       subparagraphs (I) -> __subpara_I, sub-subparagraphs (A) -> __subsubpara_A. OCR'd
//       capitals in a lettered sequence ("(C)" after "(b)") are read as the next paragraph.
//       Labels "Bill section 1", "§ 6-1-1701", "§ 6-1-1701(1)(a)(I)". Headings: the C.R.S.
//       section catchlines. Page markers, "PAGE N-SENATE BILL" lines and signatures are dropped.
//   numbering = "sections"     Indian Act from the Gazette (in/dpdp-act-2023.md): sections
//       "**N.**" -> sec_N, subsections "(1)" -> sec_N__subsec_1, clauses "(a)" -> __clause_a,
//       sub-clauses "(i)" -> __subclause_i; "THE SCHEDULE" -> schedule. Headings: the marginal
//       notes ("Short title and commencement."), matched to the section they stand beside.
//       Labels "Section 2", "Section 2(1)(a)", "The Schedule".
// Options: numbering (required; one of the values above).
#include "indexer/parsers/outline.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

const char* const k_format = "markdown";

using namespace outline;

bool is_page_marker(const std::string& line) {
  static const std::regex marker(R"(^\s*\{\d+\}-+\s*$)");
  return line.find('{') != std::string::npos && std::regex_match(line, marker);
}


// Blank-line separated blocks of cleaned lines; `first_line` is the 1-based line of each block.
struct Block {
  std::string text;
  long line = 0;
};

std::vector<Block> blocks_of(const std::vector<std::string>& lines, std::size_t from, std::size_t to,
                             bool split_bullets = false) {
  std::vector<Block> blocks;
  std::string current;
  long start = 0;
  for (std::size_t i = from; i < to; ++i) {
    const std::string t = trim(lines[i]);
    if (t.empty() || is_page_marker(t)) {
      if (!current.empty()) blocks.push_back({current, start});
      current.clear();
      continue;
    }
    if (split_bullets && starts_with(t, "- ") && !current.empty()) {
      blocks.push_back({current, start});
      current.clear();
    }
    if (current.empty()) start = static_cast<long>(i) + 1;
    else current += ' ';
    current += t;
  }
  if (!current.empty()) blocks.push_back({current, start});
  return blocks;
}

// Leading "(x)" labels of a text: "(1) (a) text" -> {"1", "a"}, rest "text".
std::vector<std::string> leading_labels(std::string& text, std::size_t max_len = 6) {
  std::vector<std::string> labels;
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '(') {
    const auto close = text.find(')', pos);
    if (close == std::string::npos || close - pos - 1 == 0 || close - pos - 1 > max_len) break;
    std::string token = text.substr(pos + 1, close - pos - 1);
    std::string bare;
    for (char c : token) if (c != '*' && c != '_' && c != ' ') bare += c;
    bool ok = !bare.empty();
    for (char c : bare) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.');
    if (!ok) break;
    labels.push_back(bare);
    pos = close + 1;
    while (pos < text.size() && text[pos] == ' ') ++pos;
  }
  text = text.substr(pos);
  return labels;
}

// ---------------------------------------------------------------------------------------------
// numbering = "eu-articles"

void parse_eu(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex recital(R"(^\((\d+)\)\s+(.*)$)");
  static const std::regex article(R"(^Article (\d+[a-z]?)$)");
  static const std::regex para(R"(^(\d+)\.\s+(.*)$)");
  static const std::regex annex(R"(^ANNEX ([IVXLC]+)$)");
  static const std::regex structure(R"(^(CHAPTER [IVXLC]+|SECTION \d+)$)");
  const auto blocks = blocks_of(lines, 0, lines.size());
  enum { Front, Recitals, Articles, Footnotes, Annexes, End } phase = Front;
  long next_recital = 1;
  int next_para = 1;
  int next_annex_point = 1;
  bool expect_heading = false;
  bool skip_title = false;
  std::string art_path, art_label, anx_path, anx_label, para_path, para_label;
  Outline outline({{{Kind::Lower, Kind::Digit}, "point"}, {{Kind::RomanLower}, "subpara"}});

  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::string text = clean_inline(blocks[b].text);
    if (text.empty() || text == "* * *") continue;
    std::smatch m;
    if (phase == Front) {
      if (text == "Whereas:") phase = Recitals;
      continue;
    }
    if (phase == Recitals) {
      if (starts_with(text, "HAVE ADOPTED THIS REGULATION")) {
        phase = Articles;
        sink.close();
        continue;
      }
      if (std::regex_match(text, m, recital) && digits_value(m[1].str()) == next_recital) {
        const std::string n = m[1];
        sink.add("rct_" + n, "", "Recital " + n, "", blocks[b].line);
        sink.text(m[2]);
        ++next_recital;
      } else {
        sink.text(text);
      }
      continue;
    }
    if (phase == Articles || phase == Footnotes || phase == Annexes) {
      if (std::regex_match(text, m, annex)) {
        phase = Annexes;
        const std::string n = m[1];
        anx_path = "anx_" + n;
        anx_label = "Annex " + n;
        if (!sink.add(anx_path, "", anx_label, "", blocks[b].line))
          throw DataError(input.display_path + ":" + std::to_string(blocks[b].line) + ": ANNEX " + n + " appears twice");
        next_annex_point = 1;
        expect_heading = true;
        continue;
      }
    }
    if (phase == Footnotes) continue;
    if (phase == Annexes) {
      if (starts_with(text, "ELI:")) { phase = End; sink.close(); continue; }
      if (expect_heading) {
        sink.at(anx_path).heading = text;
        expect_heading = false;
        continue;
      }
      if (std::regex_match(text, m, para) && digits_value(m[1].str()) == next_annex_point) {
        const std::string n = m[1];
        sink.add(anx_path + "__point_" + n, anx_path, anx_label + ", point " + n, "", blocks[b].line);
        sink.text(m[2]);
        ++next_annex_point;
      } else {
        sink.text(text);
      }
      continue;
    }
    if (phase != Articles) continue;
    if (starts_with(text, "Done at ")) { phase = Footnotes; sink.close(); continue; }
    if (skip_title) { skip_title = false; continue; }
    if (std::regex_match(text, structure)) { skip_title = true; sink.close(); continue; }
    if (std::regex_match(text, m, article)) {
      const std::string n = m[1];
      art_path = "art_" + n;
      art_label = "Article " + n;
      if (!sink.add(art_path, "", art_label, "", blocks[b].line))
        throw DataError(input.display_path + ":" + std::to_string(blocks[b].line) + ": Article " + n + " appears twice");
      para_path = art_path;
      para_label = art_label;
      next_para = 1;
      outline.reset();
      expect_heading = true;
      continue;
    }
    if (art_path.empty()) continue;
    if (expect_heading) {
      expect_heading = false;
      sink.at(art_path).heading = text;
      continue;
    }
    if (std::regex_match(text, m, para) && digits_value(m[1].str()) == next_para) {
      const std::string n = m[1];
      para_path = art_path + "__para_" + n;
      para_label = art_label + "(" + n + ")";
      sink.add(para_path, art_path, para_label, "", blocks[b].line);
      sink.text(m[2]);
      ++next_para;
      outline.reset();
      continue;
    }
    std::string rest = text;
    auto labels = leading_labels(rest, 5);
    if (labels.size() == 1) {
      std::string next;
      if (b + 1 < blocks.size()) {
        std::string following = clean_inline(blocks[b + 1].text);
        auto next_labels = leading_labels(following, 5);
        if (!next_labels.empty()) next = next_labels[0];
      }
      if (outline.place(labels[0], next)) {
        const std::size_t d = outline.depth();
        const std::string path = para_path + outline.path(d);
        std::string parent = d >= 2 && outline.open(0) ? para_path + outline.path(d - 1) : para_path;
        sink.add(path, parent, para_label + outline.label(d), "", blocks[b].line);
        sink.text(rest);
        continue;
      }
    }
    // An unnumbered subparagraph: belongs to the paragraph (or the article).
    outline.truncate(0);
    sink.focus(para_path);
    sink.text(text);
  }
}

// ---------------------------------------------------------------------------------------------
// numbering = "articles"

void parse_articles(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex article(R"(^Article (\d+)\s*[:：.]?\s*(.*)$)");
  static const std::regex footnote(R"(^[ivxl]+\s*《.*$)");
  const auto blocks = blocks_of(lines, 0, lines.size(), true);
  struct Item { std::string number, text; long line; };
  struct Para { std::string text; std::vector<Item> items; };
  struct Art { std::string number; long line = 0; std::vector<Para> paras; };
  std::vector<Art> articles;
  int expected = 1;
  for (const auto& block : blocks) {
    std::string raw = trim(block.text);
    if (starts_with(raw, "#")) continue;  // section headings
    if (starts_with(raw, "*") && !starts_with(raw, "**")) {
      if (!articles.empty()) break;  // closing disclaimer in italics
      continue;
    }
    std::string text = clean_inline(raw);
    if (text.empty() || std::regex_match(text, footnote)) continue;
    std::smatch m;
    if (std::regex_match(text, m, article) && digits_value(m[1].str()) == expected) {
      articles.push_back({m[1], block.line, {Para{m[2], {}}}});
      ++expected;
      continue;
    }
    if (articles.empty()) continue;
    Art& art = articles.back();
    if (starts_with(text, "- ")) text = trim(text.substr(2));
    std::string rest = text;
    auto labels = leading_labels(rest, 3);
    if (labels.size() == 1 && std::isdigit(static_cast<unsigned char>(labels[0][0]))) {
      art.paras.back().items.push_back({labels[0], rest, block.line});
    } else {
      art.paras.push_back(Para{text, {}});
    }
  }
  for (const Art& art : articles) {
    const std::string path = "art_" + art.number;
    const std::string label = "Article " + art.number;
    sink.add(path, "", label, "", art.line);
    const bool numbered = art.paras.size() >= 2;
    std::set<std::string> items_seen;
    std::string art_text;
    for (std::size_t p = 0; p < art.paras.size(); ++p) {
      const Para& para = art.paras[p];
      std::string para_text = para.text;
      std::vector<ParsedClause> items;
      for (const Item& item : para.items) {
        const std::string full = "(" + item.number + ") " + item.text;
        para_text += " " + full;
        const std::string item_path = path + "__item_" + item.number;
        if (items_seen.insert(item_path).second)
          items.push_back({item_path, path, label + "(" + item.number + ")", "", item.text, sink.lang()});
      }
      art_text += " " + para_text;
      if (numbered) {
        const std::string n = std::to_string(p + 1);
        sink.add(path + "__para_" + n, path, label + ", paragraph " + n, "", art.line);
        sink.at(path + "__para_" + n).text = para_text;
      }
      for (auto& item : items) {
        sink.add(item.path, item.parent, item.label, "", art.line);
        sink.at(item.path).text = item.text;
      }
    }
    sink.at(path).text = art_text;
  }
  (void)input;
}

// ---------------------------------------------------------------------------------------------
// numbering = "nist"

std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string t = trim(line);
  if (starts_with(t, "|")) t = t.substr(1);
  if (!t.empty() && t.back() == '|') t.pop_back();
  std::size_t pos = 0;
  while (pos <= t.size()) {
    std::size_t end = t.find('|', pos);
    if (end == std::string::npos) end = t.size();
    cells.push_back(trim(std::string_view(t).substr(pos, end - pos)));
    pos = end + 1;
  }
  return cells;
}

bool is_rule_row(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (!c.empty() && c.find_first_not_of("-: ") != std::string::npos) return false;
  return true;
}

std::string clean_core_cell(std::string cell) {
  static const std::regex caption(R"(Table \d+: Categories and subcategories for the [A-Z]+ function\.(\s*\(Continued\))?)");
  static const std::regex continued(R"(\(?Continued on next page\)?)");
  cell = clean_inline(std::regex_replace(std::regex_replace(clean_inline(cell), caption, " "), continued, " "));
  for (const char* word : {"Categories", "Subcategories"}) {
    const std::string w = word;
    if (cell == w) return {};
    if (starts_with(cell, w + " ")) cell = trim(cell.substr(w.size()));
  }
  if (starts_with(cell, "Categories ")) cell = trim(cell.substr(11));
  if (starts_with(cell, "Subcategories ")) cell = trim(cell.substr(14));
  return cell;
}

void parse_nist(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex heading(R"(^(#+)\s+(.*)$)");
  static const std::regex numbered(R"(^(\d+(?:\.\d+)*)\.?\s+(.*)$)");
  static const std::regex appendix(R"(^Appendix ([A-Z]):\s*(.*)$)");
  static const std::regex part(R"(^Part \d+\b.*$)");
  static const std::regex marker(R"(\b(GOVERN|MAP|MEASURE|MANAGE) (\d+)(?:\.(\d+))?:\s*)");

  bool started = false;
  bool front = false;  // inside a front-matter clause, before Part 1
  bool in_core = false;
  std::string core_a, core_b;  // first column / other columns of the Core tables
  std::map<std::string, std::string> function_section;  // "GOVERN" -> "sec_5.1"
  std::vector<std::string> paragraph;
  std::vector<std::string> order;  // emitted paths, for placing the Core after its section

  auto flush = [&]() {
    if (!paragraph.empty() && sink.has_open()) {
      std::string joined;
      for (const auto& l : paragraph) joined += l + " ";
      sink.text(clean_inline(joined));
    }
    paragraph.clear();
  };

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = trim(lines[i]);
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      flush();
      const std::string title = clean_inline(m[2]);
      std::smatch h;
      if (std::regex_match(title, h, part)) {
        started = true;
        sink.close();
        continue;
      }
      if (!started) {
        // Front matter: the update schedule and the executive summary are clauses; the title
        // page, the table of contents and the list of figures are not.
        sink.close();
        front = false;
        std::string lower = title;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "executive summary" || lower == "update schedule and versions") {
          const std::string path = lower == "executive summary" ? "exec_summary" : "update_schedule";
          sink.add(path, "", lower == "executive summary" ? "Executive Summary" : "Update Schedule and Versions", title,
                   static_cast<long>(i) + 1);
          order.push_back(path);
          front = true;
        }
        continue;
      }
      if (std::regex_match(title, h, appendix)) {
        in_core = false;
        const std::string letter = h[1];
        sink.add("appx_" + letter, "", "Appendix " + letter, h[2], static_cast<long>(i) + 1);
        order.push_back("appx_" + letter);
        continue;
      }
      if (std::regex_match(title, h, numbered)) {
        const std::string number = h[1];
        std::string parent;
        for (std::string n = number; n.find('.') != std::string::npos;) {
          n.resize(n.rfind('.'));
          if (sink.contains("sec_" + n)) { parent = "sec_" + n; break; }
        }
        const std::string path = "sec_" + number;
        if (!sink.add(path, parent, "Section " + number, h[2], static_cast<long>(i) + 1))
          throw DataError(input.display_path + ":" + std::to_string(i + 1) + ": section " + number + " appears twice");
        order.push_back(path);
        in_core = starts_with(number, "5.");
        const std::string fn = [&] {
          std::string t = h[2];
          for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          return t;
        }();
        if (in_core && (fn == "GOVERN" || fn == "MAP" || fn == "MEASURE" || fn == "MANAGE"))
          function_section[fn] = path;
        continue;
      }
      paragraph.push_back(title);  // unnumbered heading inside a unit: part of its text
      continue;
    }
    if (!started && !front) continue;
    if (line.empty()) { flush(); continue; }
    if (starts_with(line, "|")) {
      const auto cells = table_cells(line);
      if (is_rule_row(cells)) continue;
      std::string row;
      for (const auto& c : cells) row += clean_inline(c) + " ";
      paragraph.push_back(row);
      if (in_core) {
        if (!cells.empty()) core_a += " " + clean_core_cell(cells[0]);
        for (std::size_t c = 1; c < cells.size(); ++c) core_b += " " + clean_core_cell(cells[c]);
      }
      continue;
    }
    paragraph.push_back(line);
  }
  flush();

  // Categories and subcategories from the two column streams.
  struct Entry { std::string function, major, minor, text; };
  std::vector<Entry> entries;
  for (const std::string* stream : {&core_a, &core_b}) {
    const std::string s = normalize_space(*stream);
    std::vector<std::pair<std::size_t, std::smatch>> hits;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), marker); it != std::sregex_iterator(); ++it)
      hits.emplace_back(it->position(0), *it);
    for (std::size_t k = 0; k < hits.size(); ++k) {
      const auto& hm = hits[k].second;
      const std::size_t begin = hits[k].first + hm.length(0);
      const std::size_t end = k + 1 < hits.size() ? hits[k + 1].first : s.size();
      entries.push_back({hm[1], hm[2], hm[3], trim(s.substr(begin, end - begin))});
    }
  }
  std::vector<ParsedClause> core;
  std::map<std::string, std::vector<Entry>> by_function;
  for (auto& e : entries) by_function[e.function].push_back(e);
  std::vector<ParsedClause> ordered;
  const std::string lang = sink.lang();
  auto key = [](const Entry& e) {
    return std::make_pair(digits_value(e.major), e.minor.empty() ? 0 : digits_value(e.minor));
  };
  std::map<std::string, std::vector<ParsedClause>> after;  // section path -> core clauses
  for (auto& [fn, list] : by_function) {
    std::sort(list.begin(), list.end(), [&](const Entry& x, const Entry& y) { return key(x) < key(y); });
    const std::string section = function_section.count(fn) ? function_section[fn] : "";
    std::vector<ParsedClause>& dest = after[section];
    std::set<std::string> seen;
    for (const Entry& e : list) {
      const std::string number = e.minor.empty() ? e.major : e.major + "." + e.minor;
      const std::string path = (e.minor.empty() ? "cat_" : "subcat_") + fn + "_" + number;
      if (!seen.insert(path).second)
        throw DataError(input.display_path + ": " + fn + " " + number + " appears twice in the Core tables");
      const std::string parent = e.minor.empty() ? section : "cat_" + fn + "_" + e.major;
      std::string text = e.text;
      if (!e.minor.empty()) {
        // The category carries its subcategories' text too.
        for (auto& c : dest)
          if (c.path == parent) c.text += " " + fn + " " + number + ": " + text;
      }
      dest.push_back({path, parent, fn + " " + number, "", text, lang});
    }
  }
  auto& all = sink.clauses();
  std::vector<ParsedClause> result;
  for (auto& c : all) {
    result.push_back(c);
    auto it = after.find(c.path);
    if (it != after.end())
      for (auto& x : it->second) result.push_back(x);
  }
  if (after.count("")) for (auto& x : after[""]) {
    x.parent = x.parent.rfind("cat_", 0) == 0 ? x.parent : "";
    result.push_back(x);
  }
  all = std::move(result);
}

// ---------------------------------------------------------------------------------------------
// numbering = "crs"

void parse_crs(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex billsec(R"(^SECTION (\d+)\.\s*(.*)$)");
  static const std::regex crs(R"(^(\d+-\d+-\d+(?:\.\d+)?)\.\s+([^.]*)\.\s*(.*)$)");
  static const std::regex page_line(R"(^PAGE \d+-.*$)");
  Outline outline({{{Kind::Digit}, "subsec"},
                   {{Kind::Lower}, "para", true},
                   {{Kind::RomanUpper}, "subpara"},
                   {{Kind::Upper}, "subsubpara"}});
  std::string sec_path, sec_label;
  bool in_crs = false;

  // Content lines, without furniture; a signature block ends the text.
  struct Line { std::string text; long number; };
  std::vector<Line> content;
  const auto blocks = blocks_of(lines, 0, lines.size());
  long stop_line = static_cast<long>(lines.size()) + 1;
  for (const auto& block : blocks)
    if (block.text.find("PRESIDENT OF") != std::string::npos || block.text.find("SPEAKER OF THE") != std::string::npos) {
      stop_line = block.line;
      break;
    }
  for (std::size_t i = 0; i < lines.size() && static_cast<long>(i) + 1 < stop_line; ++i) {
    std::string t = trim(lines[i]);
    if (starts_with(t, "#")) {
      const auto text_start = t.find_first_not_of('#'); // npos for a line of '#' alone
      t = text_start == std::string::npos ? std::string() : trim(t.substr(text_start));
      if (!starts_with(t, "(")) continue;  // "# PART 17 ..." headings; "# (Q) ..." is a mis-marked item
    }
    if (t.empty() || is_page_marker(t) || starts_with(t, "![")) continue;
    if (std::regex_match(t, page_line)) continue;
    if (starts_with(t, "Capital letters or bold & italic numbers indicate new material")) continue;
    if (starts_with(t, "- ")) t = trim(t.substr(2));
    content.push_back({clean_inline(t), static_cast<long>(i) + 1});
  }

  auto first_label = [&](std::size_t k) -> std::string {
    if (k >= content.size()) return {};
    std::string t = content[k].text;
    auto labels = leading_labels(t, 5);
    return labels.empty() ? std::string() : labels[0];
  };

  for (std::size_t k = 0; k < content.size(); ++k) {
    std::string text = content[k].text;
    std::smatch m;
    if (std::regex_match(text, m, billsec)) {
      const std::string n = m[1];
      in_crs = false;
      if (!sink.add("billsec_" + n, "", "Bill section " + n, "", content[k].number))
        throw DataError(input.display_path + ":" + std::to_string(content[k].number) + ": SECTION " + n + " appears twice");
      std::string rest = m[2];
      static const std::regex short_title(R"(^([A-Z][a-z]+(?: [a-z]+){0,2})\.\s+(.*)$)");
      std::smatch t;
      if (std::regex_match(rest, t, short_title)) {
        sink.at("billsec_" + n).heading = t[1];
        rest = t[2];
      }
      sink.text(rest);
      continue;
    }
    if (std::regex_match(text, m, crs)) {
      const std::string n = m[1];
      sec_path = "sec_" + n;
      sec_label = "\xC2\xA7 " + n;
      in_crs = true;
      outline.reset();
      if (!sink.add(sec_path, "", sec_label, trim(m[2].str()), content[k].number))
        throw DataError(input.display_path + ":" + std::to_string(content[k].number) + ": section " + n + " appears twice");
      text = m[3];
    }
    std::string rest = text;
    auto labels = in_crs ? leading_labels(rest, 5) : std::vector<std::string>{};
    for (auto& label : labels)
      if (label == "0") label = "O";  // OCR: "(0) SPREADSHEETS" between (N) and (P)
    bool placed_any = false;
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(k + 1);
      if (!outline.place(labels[j], next)) {
        // Not a label after all: keep it as text.
        std::string kept;
        for (std::size_t r = j; r < labels.size(); ++r) kept += "(" + labels[r] + ") ";
        rest = kept + rest;
        break;
      }
      const std::size_t d = outline.depth();
      std::string parent = sec_path + outline.path(d - 1);
      sink.add(sec_path + outline.path(d), parent, sec_label + outline.label(d), "", content[k].number);
      placed_any = true;
    }
    (void)placed_any;
    if (sink.has_open()) sink.text(rest);
  }
}

// ---------------------------------------------------------------------------------------------
// numbering = "sections"

void parse_sections(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex bold_start(R"(^\*\*(\d+)\.\*\*\s*(.*)$)");
  static const std::regex plain_start(R"(^(\d+)\.\s+(.*)$)");
  static const std::regex act_citation(R"(^\d+ of \d{4}\.$)");
  static const std::regex note(R"(^[A-Z][^()*:;—]{1,80}\.$)");
  Outline outline({{{Kind::Digit}, "subsec"}, {{Kind::Lower}, "clause"}, {{Kind::RomanLower}, "subclause"}});
  int expected = 1;
  std::string sec_path, sec_label, pending_heading;
  bool schedule = false;

  struct Line { std::string raw, text; long number; bool alone; };
  std::vector<Line> content;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string t = trim(lines[i]);
    if (t.empty() || is_page_marker(t) || starts_with(t, "![")) continue;
    const bool blank_before = i == 0 || trim(lines[i - 1]).empty() || is_page_marker(trim(lines[i - 1]));
    const bool blank_after = i + 1 >= lines.size() || trim(lines[i + 1]).empty() || is_page_marker(trim(lines[i + 1]));
    if (starts_with(t, "- ")) t = trim(t.substr(2));
    content.push_back({t, clean_inline(t), static_cast<long>(i) + 1, blank_before && blank_after});
  }
  auto is_note = [&](const Line& line) {
    return line.alone && std::regex_match(line.text, note) && line.text.size() <= 80 &&
           !starts_with(line.text, "Provided") && !starts_with(line.text, "Explanation") &&
           !starts_with(line.text, "Illustration");
  };
  std::string prev_path;
  auto section_start = [&](const Line& line, std::smatch& m) {
    if (std::regex_match(line.raw, m, bold_start) && digits_value(m[1].str()) == expected) return true;
    return std::regex_match(line.text, m, plain_start) && digits_value(m[1].str()) == expected &&
           !sec_path.empty() && line.text.size() > 20;
  };
  auto first_label = [&](std::size_t k) -> std::string {
    if (k >= content.size()) return {};
    std::string t = content[k].text;
    auto labels = leading_labels(t, 4);
    return labels.empty() ? std::string() : labels[0];
  };

  for (std::size_t k = 0; k < content.size(); ++k) {
    const Line& line = content[k];
    std::smatch m;
    if (schedule) { sink.text(line.text); continue; }
    if (starts_with(line.raw, "#")) {
      // A line of '#' alone is an empty heading (found by fuzz_parsers: substr(npos) threw).
      const auto title_start = line.raw.find_first_not_of('#');
      const std::string title = title_start == std::string::npos ? std::string() : clean_inline(line.raw.substr(title_start));
      if (title == "THE SCHEDULE" && !sec_path.empty()) {
        schedule = true;
        sink.add("schedule", "", "The Schedule", "", line.number);
        continue;
      }
      if (!sec_path.empty() && !starts_with(line.raw, "####")) sink.text(title);  // "Illustration."
      continue;
    }
    if (section_start(line, m)) {
      const std::string n = m[1];
      prev_path = sec_path;
      sec_path = "sec_" + n;
      sec_label = "Section " + n;
      sink.add(sec_path, "", sec_label, pending_heading, line.number);
      pending_heading.clear();
      ++expected;
      outline.reset();
      std::string rest = m[2];
      rest = clean_inline(rest);
      auto labels = leading_labels(rest, 4);
      for (std::size_t j = 0; j < labels.size(); ++j) {
        const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(k + 1);
        if (!outline.place(labels[j], next)) break;
        const std::size_t d = outline.depth();
        sink.add(sec_path + outline.path(d), sec_path + outline.path(d - 1), sec_label + outline.label(d), "", line.number);
      }
      sink.text(rest);
      continue;
    }
    if (sec_path.empty()) continue;  // Gazette front matter
    if (std::regex_match(line.text, act_citation)) continue;  // marginal citation "24 of 1997."
    if (is_note(line)) {
      // A marginal note. The Gazette prints it beside the section's first lines, so it usually
      // follows the section's opening; when the section already has one, it belongs to the next
      // section; two notes in a row after an unheaded section: the first is the previous one's.
      ParsedClause& sec = sink.at(sec_path);
      const std::string heading = line.text.substr(0, line.text.size() - 1);
      if (sec.heading.empty()) {
        if (!prev_path.empty() && sink.at(prev_path).heading.empty() && k + 1 < content.size() &&
            is_note(content[k + 1]))
          sink.at(prev_path).heading = heading;
        else
          sec.heading = heading;
      } else {
        pending_heading = heading;
      }
      continue;
    }
    std::string rest = line.text;
    auto labels = leading_labels(rest, 4);
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(k + 1);
      if (!outline.place(labels[j], next)) {
        std::string kept;
        for (std::size_t r = j; r < labels.size(); ++r) kept += "(" + labels[r] + ") ";
        rest = kept + rest;
        break;
      }
      const std::size_t d = outline.depth();
      sink.add(sec_path + outline.path(d), sec_path + outline.path(d - 1), sec_label + outline.label(d), "", line.number);
    }
    sink.text(rest);
  }
  (void)input;
}

// ---------------------------------------------------------------------------------------------

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    static const std::vector<std::string> accepted_values = {"eu-articles", "articles", "nist", "crs", "sections"};
    std::string unknown;
    for (const auto& [key, value] : input.options)
      if (key != "numbering") unknown += (unknown.empty() ? "'" : ", '") + key + "'";
    if (!unknown.empty())
      throw DataError(input.display_path + ": unknown option(s) " + unknown + " for format '" + k_format +
                      "' (it accepts: numbering)");
    const auto it = input.options.find("numbering");
    std::string values;
    for (const auto& v : accepted_values) values += (values.empty() ? "" : ", ") + v;
    if (it == input.options.end())
      throw DataError(input.display_path + ": format '" + std::string(k_format) +
                      "' needs the option numbering (one of: " + values + ")");
    const std::string numbering = it->second;
    if (std::find(accepted_values.begin(), accepted_values.end(), numbering) == accepted_values.end())
      throw DataError(input.display_path + ": unknown numbering '" + numbering + "' for format '" + k_format +
                      "' (one of: " + values + ")");
    require_text_limits(input.bytes, input.display_path);
    require_utf8(input.bytes, input.display_path);
    const auto lines = split_lines(strip_bom(input.bytes));
    Sink sink(input, input.language.empty() ? "en" : input.language);
    if (numbering == "eu-articles") parse_eu(lines, sink, input);
    else if (numbering == "articles") parse_articles(lines, sink, input);
    else if (numbering == "nist") parse_nist(lines, sink, input);
    else if (numbering == "crs") parse_crs(lines, sink, input);
    else parse_sections(lines, sink, input);
    auto& out = sink.clauses();
    for (auto& c : out) c.text = normalize_space(c.text);
    if (out.empty())
      throw DataError(input.display_path + ": no " + (numbering == "eu-articles" || numbering == "articles" ? "articles" : "sections") +
                      " found: is this really a " + k_format + " file with numbering '" + numbering + "'?");
    return std::move(out);
  }
};

} // namespace

const SourceParser& markdown() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
