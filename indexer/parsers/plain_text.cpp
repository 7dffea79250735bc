// plain-text: plain-text publications (pdftotext extractions, bill text, text conversions).
// Parsed line by line, form feeds dropped; page numbers and footnotes as each numbering below
// says. Option `numbering` (required) selects how the text numbers its units:
//
//   numbering = "articles"     Brazilian law in English (br/lgpd-lei-13709-2018.anpd.en.txt),
//       aligned with the Portuguese text: "Article 20." -> art_20, "Article 55-A." -> art_55-A,
//       "Paragraph 1." -> art_N__para_1, "Sole paragraph." -> art_N__para_single, items
//       "I –" / "I-A –" -> art_N__item_I / art_N__item_I-A (under the paragraph when they follow
//       one: art_N__para_1__item_I), points "a)" -> ...__point_a. Labels "Article 20",
//       "Article 20, § 1", "Article 20, sole paragraph", "Article 4, item II",
//       "Article 4, item II, a)". Chapter and section titles and the signatures are dropped.
//   numbering = "meti"         METI/MIC AI Guidelines for Business (jp/meti-...en.txt), numbered
//       as the guidelines number themselves: preface; Parts "Part 1".."Part 5" -> part_1..part_5;
//       Part 2's lettered sections "A." .. "E." -> part_2__sec_A; the ten common guiding
//       principles "1) Human-Centric" in C -> part_2__sec_C__principle_1; their numbered items
//       "(1) ..." -> part_2__sec_C__principle_1__item_1 (and "(1)" items of A and E:
//       part_2__sec_A__item_1); the roman-numbered actions "I." of the Hiroshima Process code
//       (added for developers in Part 3) -> part_3__item_I; the actor-specific
//       matters of Parts 3-5 "D-2) i. Proper data training" -> part_3__item_D-2-i (the printed
//       "D-2) i." with its punctuation made path-safe). Labels "Part 2", "Part 2, C",
//       "Part 2, C, 1)", "Part 2, C, 1), (1)", "Part 3, D-2) i.". Footnote markers stay in the
//       text but not in headings. The footnotes printed at page bottoms follow the body as
//       top-level clauses fn_1, fn_2 ... (label "Footnote 2"); the figure/table summary between
//       principle 10 and section D remains in section C's text.
//   numbering = "ca-bill"      California chaptered bill (us-ca/sb-53-...txt): the Legislative
//       Counsel's Digest -> digest; "SECTION 1." / "SEC. 2." -> billsec_1 / billsec_2; code
//       sections added by a bill section ("22757.10.", "11546.8.", "1107.") -> sec_22757.10
//       with subdivisions (a) -> __subdiv_a, paragraphs (1) -> __para_1, subparagraphs (A) ->
//       __subpara_A, clauses (i) -> __clause_i; a bill section's own lettered subdivisions ->
//       billsec_5__subdiv_a. Labels "SECTION 1", "SEC. 2", "§ 22757.12(a)(1)(A)",
//       "Legislative Counsel's Digest".
//   numbering = "qc-strategy"  Québec AI strategy, key measures (ca-qc/strategie-...fr.txt, in
//       French): "AXE 1 :" -> axe_1, "Objectif 1" -> objectif_1 (parent: its axe), measures
//       "1.1 ..." -> measure_1.1 (parent: its objective; a deviation from the path-prefix rule,
//       as the measure numbers already say which objective they belong to), "INCUBATEUR DE
//       MESURES" -> incubator. Labels "Axe 1", "Objectif 1", "Mesure 1.1",
//       "Incubateur de mesures"; headings: the titles printed under them. "INTRODUCTION" -> intro
//       (label and heading "Introduction"); the publication details before it and the closing
//       summary table ("SYNTHÈSE DES MESURES CLÉS") are not clauses.
// Options: numbering (required; one of the values above).
#include "indexer/parsers/outline.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

const char* const k_format = "plain-text";

using namespace outline;

// Leading "(x)" labels of a text: "(c) (1) text" -> {"c", "1"}, rest "text".
std::vector<std::string> leading_labels(std::string& text, std::size_t max_len = 6) {
  std::vector<std::string> labels;
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '(') {
    const auto close = text.find(')', pos);
    if (close == std::string::npos || close - pos - 1 == 0 || close - pos - 1 > max_len) break;
    const std::string token = text.substr(pos + 1, close - pos - 1);
    bool ok = true;
    for (char c : token) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.');
    if (!ok) break;
    labels.push_back(token);
    pos = close + 1;
    while (pos < text.size() && text[pos] == ' ') ++pos;
  }
  text = text.substr(pos);
  return labels;
}

// Lines of the file without form feeds, trailing spaces and CRs.
std::vector<std::string> plain_lines(std::string_view bytes) {
  std::vector<std::string> lines = split_lines(bytes);
  for (auto& line : lines) {
    line.erase(std::remove(line.begin(), line.end(), '\f'), line.end());
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  }
  return lines;
}

// Removes private-use characters (PDF bullet glyphs such as U+F06C).
std::string drop_private_use(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 >= 0x80 && c1 <= 0xA3) { i += 2; continue; }  // U+F000..U+F8FF
    }
    if (c == 0xEE && i + 2 < s.size()) { i += 2; continue; }  // U+E000..U+EFFF
    out += s[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// numbering = "articles" (LGPD in English)

void parse_lgpd(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex article(R"(^(?:\.\s*)?Article (\d+)(-[A-Z])?\.\s*(.*)$)");
  static const std::regex paragraph(R"(^Paragraph (\d+)\.\s*(.*)$)");
  static const std::regex sole(R"(^Sole paragraph\.\s*(.*)$)");
  static const std::regex item(R"(^([IVXL]+(?:-[A-Z])?)\s*(?:–|-)\s*(.*)$)");
  static const std::regex point(R"(^([a-z])\)\s+(.*)$)");
  static const std::regex chapter(R"(^CHAPTER [IVXL]+(-[A-Z])?\s*$)");
  static const std::regex section(R"(^Section [IVXL]+\s*$)");
  std::string art_path, art_label, para_path, para_label, item_path, item_label;
  long last_article = 0;
  bool skip_title = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = trim(lines[i]);
    const long line_no = static_cast<long>(i) + 1;
    if (line.empty()) continue;
    std::smatch m;
    if (std::regex_match(line, m, article)) {
      const long n = digits_value(m[1].str());
      if (n >= last_article) {
        last_article = n;
        const std::string number = m[1].str() + m[2].str();
        art_path = "art_" + number;
        art_label = "Article " + number;
        if (!sink.add(art_path, "", art_label, "", line_no))
          throw DataError(input.display_path + ":" + std::to_string(line_no) + ": Article " + number + " appears twice");
        para_path = art_path, para_label = art_label, item_path.clear(), skip_title = false;
        sink.text(m[3]);
        continue;
      }
    }
    if (art_path.empty()) continue;  // front matter
    if (starts_with(line, "Brasília,")) { sink.close(); break; }
    if (skip_title) { skip_title = false; continue; }
    if (std::regex_match(line, chapter) || std::regex_match(line, section)) {
      skip_title = true;
      sink.close();
      continue;
    }
    if (!sink.has_open()) continue;
    if (std::regex_match(line, m, paragraph) || std::regex_match(line, m, sole)) {
      const bool single = m.size() == 2;
      const std::string n = single ? "single" : m[1].str();
      para_path = art_path + "__para_" + n;
      para_label = art_label + (single ? ", sole paragraph" : ", \xC2\xA7 " + n);
      item_path.clear();
      if (!sink.add(para_path, art_path, para_label, "", line_no)) sink.focus(para_path);
      sink.text(m[m.size() - 1]);
      continue;
    }
    if (std::regex_match(line, m, item)) {
      const std::string n = m[1];
      item_path = para_path + "__item_" + n;
      item_label = para_label + ", item " + n;
      if (!sink.add(item_path, para_path, item_label, "", line_no)) sink.focus(item_path);
      sink.text(m[2]);
      continue;
    }
    if (!item_path.empty() && std::regex_match(line, m, point)) {
      const std::string n = m[1];
      if (!sink.add(item_path + "__point_" + n, item_path, item_label + ", " + n + ")", "", line_no))
        sink.focus(item_path + "__point_" + n);
      sink.text(m[2]);
      continue;
    }
    sink.text(line);
  }
}

// ---------------------------------------------------------------------------------------------
// numbering = "meti"

void parse_meti(const std::vector<std::string>& raw_lines, Sink& sink, const SourceInput& input) {
  static const std::regex page_number(R"(^\s{5,}\d{1,3}\s*$)");
  static const std::regex footnote_start(R"(^\d{1,3}$)");
  static const std::regex part(R"(^Part (\d+) (.+)$)");
  static const std::regex letter_sec(R"(^([A-E])\. (.+)$)");
  static const std::regex principle(R"(^(\d{1,2})\)\s+(\S.*)$)");
  static const std::regex numbered_item(R"(^\s{2,8}\((\d+)\)\s+(\S.*)$)");
  static const std::regex roman_item(R"(^([IVX]+)\.\s+(\S.*)$)");
  static const std::regex actor_item(R"(^\s*(?:\S+\s+)?([A-Z])-(\d+)\)\s+([ivx]+)\.\s+(\S.*)$)");
  static const std::regex trailing_marker(R"(^(.*?[A-Za-z)])\d+$)");

  // Page furniture: page numbers are dropped; the footnotes printed at the bottom of each page
  // are set aside, to become clauses of their own after the body.
  std::vector<std::pair<std::string, long>> lines;
  for (std::size_t i = 0; i < raw_lines.size(); ++i)
    lines.emplace_back(drop_private_use(raw_lines[i]), static_cast<long>(i) + 1);
  // A footnote: from a line holding only its number at the left margin down to the next such
  // line or the page number.
  struct Footnote {
    std::string number, text;
    long line;
  };
  std::vector<Footnote> footnotes;
  bool in_footnotes = false;
  std::vector<std::pair<std::string, long>> kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i].first;
    if (std::regex_match(line, page_number)) { in_footnotes = false; continue; }
    if (std::regex_match(line, footnote_start)) {
      in_footnotes = true;
      footnotes.push_back({line, "", lines[i].second});
      continue;
    }
    if (in_footnotes) footnotes.back().text += " " + trim(line);
    else kept.push_back(lines[i]);
  }

  auto clean_heading = [&](std::string h) {
    h = normalize_space(h);
    std::smatch m;
    if (std::regex_match(h, m, trailing_marker)) h = m[1];
    return h;
  };

  bool started = false;
  int part_no = 0;
  char next_letter = 'A';
  int next_principle = 1, next_item = 1, next_roman = 1;
  std::string part_path, part_label, sec_path, sec_label, principle_path, principle_label;
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const std::string& line = kept[k].first;
    const long line_no = kept[k].second;
    const std::string t = trim(line);
    if (t.empty()) continue;
    if (!started) {
      if (t == "Preface" && line.rfind("Preface", 0) == 0) {
        started = true;
        sink.add("preface", "", "Preface", "Preface", line_no);
      }
      continue;
    }
    std::smatch m;
    if (line.find("....") == std::string::npos && std::regex_match(line, m, part) &&
        digits_value(m[1].str()) == part_no + 1) {
      ++part_no;
      part_path = "part_" + m[1].str();
      part_label = "Part " + m[1].str();
      std::string heading = m[2];
      if (k + 1 < kept.size()) {
        const std::string& next = kept[k + 1].first;
        if (!next.empty() && std::islower(static_cast<unsigned char>(next[0]))) heading += " " + trim(next), ++k;
      }
      sink.add(part_path, "", part_label, clean_heading(heading), line_no);
      sec_path.clear(), principle_path.clear();
      next_letter = 'A';
      next_item = 1, next_roman = 1;
      continue;
    }
    if (part_no == 2 && std::regex_match(line, m, letter_sec) && m[1].str()[0] >= next_letter) {
      next_letter = static_cast<char>(m[1].str()[0] + 1);
      sec_path = part_path + "__sec_" + m[1].str();
      sec_label = part_label + ", " + m[1].str();
      std::string heading = m[2];
      if (k + 1 < kept.size()) {
        const std::string& next = kept[k + 1].first;
        if (!next.empty() && std::islower(static_cast<unsigned char>(next[0])) && next.size() < 60)
          heading += " " + trim(next), ++k;
      }
      sink.add(sec_path, part_path, sec_label, clean_heading(heading), line_no);
      principle_path.clear();
      next_principle = 1, next_item = 1, next_roman = 1;
      continue;
    }
    if (part_no == 2 && sec_path == "part_2__sec_C" && line.find("     ") == std::string::npos &&
        std::regex_match(line, m, principle) && digits_value(m[1].str()) == next_principle) {
      ++next_principle;
      principle_path = sec_path + "__principle_" + m[1].str();
      principle_label = sec_label + ", " + m[1].str() + ")";
      sink.add(principle_path, sec_path, principle_label, clean_heading(m[2]), line_no);
      next_item = 1;
      continue;
    }
    if (part_no == 2 && !sec_path.empty() && std::regex_match(line, m, numbered_item) &&
        digits_value(m[1].str()) == next_item && line.find("       ", 8) == std::string::npos) {
      ++next_item;
      const std::string parent = principle_path.empty() ? sec_path : principle_path;
      const std::string parent_label = principle_path.empty() ? sec_label : principle_label;
      // "(1) Title" heads the item (a title may wrap onto a short second line); section E's
      // items are steps written as sentences: their text, not a heading.
      const bool sentence = sec_path == "part_2__sec_E";
      std::string heading = sentence ? std::string() : m[2].str();
      const std::string next = k + 1 < kept.size() ? trim(kept[k + 1].first) : std::string();
      if (!sentence && !next.empty() && std::islower(static_cast<unsigned char>(next[0])) && next.size() < 60)
        heading += " " + next, ++k;
      sink.add(parent + "__item_" + m[1].str(), parent, parent_label + ", (" + m[1].str() + ")",
               clean_heading(heading), line_no);
      if (sentence) sink.text(trim(m[2].str()));
      continue;
    }
    if (((part_no == 2 && sec_path == "part_2__sec_D") || part_no >= 3) &&
        std::regex_match(line, m, roman_item) && roman_value(m[1].str()) == next_roman) {
      // Roman-numbered actions of the Hiroshima Process code of conduct.
      ++next_roman;
      const std::string container = part_no == 2 ? sec_path : part_path;
      const std::string container_label = part_no == 2 ? sec_label : part_label;
      sink.add(container + "__item_" + m[1].str(), container, container_label + ", " + m[1].str() + ".", "", line_no);
      sink.text(m[2]);
      continue;
    }
    if (part_no >= 3 && std::regex_match(line, m, actor_item)) {
      const std::string id = m[1].str() + "-" + m[2].str() + "-" + m[3].str();
      const std::string path = part_path + "__item_" + id;
      if (!sink.contains(path)) {
        sink.add(path, part_path, part_label + ", " + m[1].str() + "-" + m[2].str() + ") " + m[3].str() + ".",
                 clean_heading(m[4]), line_no);
        continue;
      }
    }
    sink.text(t);
  }
  // A footnote continued on the next page has no number of its own there: its rest is lost
  // with the page furniture, as in the printed text it is separated from its start anyway.
  for (const auto& note : footnotes) {
    const std::string path = "fn_" + note.number;
    sink.close();
    if (!sink.add(path, "", "Footnote " + note.number, "", note.line)) sink.focus(path);
    sink.text(note.text);
  }
  (void)input;
}

// ---------------------------------------------------------------------------------------------
// numbering = "ca-bill"

void parse_ca_bill(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex section(R"(^(SECTION|SEC\.) (\d+)\.\s*(.*)$)");
  static const std::regex code_section(R"(^(\d{3,6}(?:\.\d+)?)\.\s+(.*)$)");
  Outline outline({{{Kind::Lower}, "subdiv"},
                   {{Kind::Digit}, "para"},
                   {{Kind::Upper}, "subpara"},
                   {{Kind::RomanLower}, "clause"}});
  std::string base_path, base_label;
  bool adds_code = false, in_digest = false;
  auto first_label = [&](std::size_t k) -> std::string {
    for (std::size_t j = k; j < lines.size(); ++j) {
      std::string t = trim(lines[j]);
      if (t.empty()) continue;
      auto labels = leading_labels(t, 5);
      return labels.empty() ? std::string() : labels[0];
    }
    return {};
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = trim(lines[i]);
    const long line_no = static_cast<long>(i) + 1;
    if (line.empty()) continue;
    std::smatch m;
    if (line == "LEGISLATIVE COUNSEL'S DIGEST" || line == "LEGISLATIVE COUNSEL\xE2\x80\x99S DIGEST") {
      sink.add("digest", "", "Legislative Counsel's Digest", "", line_no);
      in_digest = true;
      continue;
    }
    if (in_digest) {
      if (line == "Digest Key" || line == "Bill Text" || starts_with(line, "The people of the State of California")) {
        in_digest = false;
        sink.close();
      } else {
        sink.text(line);
      }
      continue;
    }
    if (std::regex_match(line, m, section)) {
      const std::string n = m[2];
      base_path = "billsec_" + n;
      base_label = m[1].str() + " " + n;
      if (!sink.add(base_path, "", base_label, "", line_no))
        throw DataError(input.display_path + ":" + std::to_string(line_no) + ": " + base_label + " appears twice");
      std::string rest = m[3];
      adds_code = rest.size() >= 8 && rest.substr(rest.size() - 8) == "to read:";
      outline.reset();
      auto labels = leading_labels(rest, 5);
      for (std::size_t j = 0; j < labels.size(); ++j) {
        const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(i + 1);
        if (!outline.place(labels[j], next)) break;
        const std::size_t d = outline.depth();
        sink.add(base_path + outline.path(d), base_path + outline.path(d - 1), base_label + outline.label(d), "", line_no);
      }
      sink.text(rest);
      continue;
    }
    if (base_path.empty()) continue;  // title, approval line
    if (adds_code && std::regex_match(line, m, code_section)) {
      const std::string n = m[1];
      base_path = "sec_" + n;
      base_label = "\xC2\xA7 " + n;
      outline.reset();
      if (!sink.add(base_path, "", base_label, "", line_no))
        throw DataError(input.display_path + ":" + std::to_string(line_no) + ": section " + n + " appears twice");
      std::string rest = m[2];
      auto labels = leading_labels(rest, 5);
      for (std::size_t j = 0; j < labels.size(); ++j) {
        const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(i + 1);
        if (!outline.place(labels[j], next)) break;
        const std::size_t d = outline.depth();
        sink.add(base_path + outline.path(d), base_path + outline.path(d - 1), base_label + outline.label(d), "", line_no);
      }
      sink.text(rest);
      continue;
    }
    std::string rest = line;
    auto labels = leading_labels(rest, 5);
    std::size_t placed = 0;
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const std::string next = j + 1 < labels.size() ? labels[j + 1] : first_label(i + 1);
      if (!outline.place(labels[j], next)) break;
      const std::size_t d = outline.depth();
      const std::string path = base_path + outline.path(d);
      if (!sink.add(path, base_path + outline.path(d - 1), base_label + outline.label(d), "", line_no))
        sink.focus(path);
      ++placed;
    }
    if (placed < labels.size()) {
      std::string kept;
      for (std::size_t j = placed; j < labels.size(); ++j) kept += "(" + labels[j] + ") ";
      rest = kept + rest;
    }
    if (labels.empty() && starts_with(line, "CHAPTER")) {
      // "CHAPTER 25.1. Title" introduced by the bill section: part of its text.
      sink.focus(base_path.rfind("billsec_", 0) == 0 ? base_path : sink.open_path());
    }
    sink.text(rest);
  }
}

// ---------------------------------------------------------------------------------------------
// numbering = "qc-strategy"

void parse_qc_strategy(const std::vector<std::string>& lines, Sink& sink, const SourceInput& input) {
  static const std::regex axe(R"(^AXE (\d+)\s*:?\s*$)");
  static const std::regex objectif(R"(^Objectif (\d+)\s*$)");
  static const std::regex measure(R"(^(\d+)\.(\d+)\s+(.*)$)");
  enum { None, Axe, Objectif } want_heading = None;
  std::string axe_path, obj_path, obj_number;
  bool started = false;
  bool in_intro = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line = clean_inline(trim(lines[i]));
    const long line_no = static_cast<long>(i) + 1;
    if (line.empty()) continue;
    std::smatch m;
    if (std::regex_match(line, m, axe)) {
      started = true;
      axe_path = "axe_" + m[1].str();
      obj_path.clear();
      if (!sink.add(axe_path, "", "Axe " + m[1].str(), "", line_no))
        throw DataError(input.display_path + ":" + std::to_string(line_no) + ": AXE " + m[1].str() + " appears twice");
      want_heading = Axe;
      continue;
    }
    if (!started) {
      if (line == "INTRODUCTION") {
        sink.add("intro", "", "Introduction", "Introduction", line_no);
        in_intro = true;
      } else if (in_intro) {
        sink.text(line);
      }
      continue;
    }
    if (starts_with(line, "SYNTH\xC3\x88SE DES MESURES")) break;
    if (line == "INCUBATEUR DE MESURES") {
      sink.add("incubator", "", "Incubateur de mesures", "Incubateur de mesures", line_no);
      axe_path.clear(), obj_path.clear();
      want_heading = None;
      continue;
    }
    if (!axe_path.empty() && std::regex_match(line, m, objectif)) {
      obj_number = m[1];
      obj_path = "objectif_" + obj_number;
      if (!sink.add(obj_path, axe_path, "Objectif " + obj_number, "", line_no))
        throw DataError(input.display_path + ":" + std::to_string(line_no) + ": Objectif " + obj_number + " appears twice");
      want_heading = Objectif;
      continue;
    }
    if (want_heading != None) {
      sink.at(want_heading == Axe ? axe_path : obj_path).heading = line;
      sink.text(line);
      want_heading = None;
      continue;
    }
    if (!obj_path.empty() && std::regex_match(line, m, measure) && m[1].str() == obj_number) {
      const std::string n = m[1].str() + "." + m[2].str();
      if (sink.add("measure_" + n, obj_path, "Mesure " + n, normalize_space(m[3].str()), line_no)) {
        sink.text(m[3]);
        continue;
      }
    }
    if (starts_with(line, "- ")) line = trim(line.substr(2));
    sink.text(line);
  }
}

// ---------------------------------------------------------------------------------------------

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    static const std::vector<std::string> accepted_values = {"articles", "meti", "ca-bill", "qc-strategy"};
    std::string unknown;
    for (const auto& [key, value] : input.options)
      if (key != "numbering") unknown += (unknown.empty() ? "'" : ", '") + key + "'";
    if (!unknown.empty())
      throw DataError(input.display_path + ": unknown option(s) " + unknown + " for format '" + k_format +
                      "' (it accepts: numbering)");
    std::string values;
    for (const auto& v : accepted_values) values += (values.empty() ? "" : ", ") + v;
    const auto it = input.options.find("numbering");
    if (it == input.options.end())
      throw DataError(input.display_path + ": format '" + std::string(k_format) +
                      "' needs the option numbering (one of: " + values + ")");
    const std::string numbering = it->second;
    if (std::find(accepted_values.begin(), accepted_values.end(), numbering) == accepted_values.end())
      throw DataError(input.display_path + ": unknown numbering '" + numbering + "' for format '" + k_format +
                      "' (one of: " + values + ")");
    require_text_limits(input.bytes, input.display_path);
    require_utf8(input.bytes, input.display_path);
    const auto lines = plain_lines(strip_bom(input.bytes));
    Sink sink(input, input.language.empty() ? (numbering == "qc-strategy" ? "fr" : "en") : input.language);
    if (numbering == "articles") parse_lgpd(lines, sink, input);
    else if (numbering == "meti") parse_meti(lines, sink, input);
    else if (numbering == "ca-bill") parse_ca_bill(lines, sink, input);
    else parse_qc_strategy(lines, sink, input);
    auto& out = sink.clauses();
    for (auto& c : out) c.text = normalize_space(c.text);
    if (out.empty()) {
      const char* unit = numbering == "articles" ? "articles" : numbering == "qc-strategy" ? "axes" : "sections";
      throw DataError(input.display_path + ": no " + std::string(unit) + " found: is this really a " + k_format +
                      " file with numbering '" + numbering + "'?");
    }
    return std::move(out);
  }
};

} // namespace

const SourceParser& plain_text() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
