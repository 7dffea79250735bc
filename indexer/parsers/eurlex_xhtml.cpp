// eurlex-xhtml: the EUR-Lex XHTML rendition of an Official Journal act (CONVEX output of the
// Formex, with ELI ids). Handles eu/eu-ai-act-2024-1689.en.html (eu/ai-act) and
// eu/gdpr-2016-679.en.html (eu/gdpr).
//
// The files declare an external DTD and are not well-formed XML (unclosed <meta> tags), so they
// are read with libxml2's HTML parser, which never loads the DTD. Units are found by their ELI
// ids; paths follow the printed numbering:
//   rct_N                       recital "(N)"                     label "Recital N"
//   art_N                       article                           label "Article N", heading = title
//   art_N__para_M               numbered paragraph "M." (div id NNN.MMM)      "Article N(M)"
//   art_N__para_M__point_a      lettered point "(a)"                          "Article N(M)(a)"
//   art_N__point_a, art_N__point_1   points of an article without numbered paragraphs
//                               (the definitions "(1)" of Article 3/4)        "Article N(1)"
//   ...__subpara_i              roman sub-point "(i)" below a point           "Article N(M)(a)(i)"
//   anx_III                     annex, heading = annex title                  "Annex III"
//   anx_III__point_4            numbered point "4." of an annex               "Annex III, point 4"
//   anx_III__point_4__point_a   lettered sub-point                            "Annex III, point 4(a)"
//   anx_VII__point_3__point_3.1 decimal points below a numbered heading       "Annex VII, point 3.1"
//   anx_VIII__sec_A__point_1    numbered point inside an annex "Section A"    "Annex VIII, Section A, point 1"
// Dash indents ("—") are not numbered and stay in their parent's text. Footnote call-outs are
// dropped; superscripts are written "^25". Text of a clause starts with its printed marker
// ("1.", "(a)"); an article's or recital's text is its body without number and title.
// Options: none.
#include "indexer/parsers/clause_tree.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <cctype>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

// ---- text helpers ----------------------------------------------------------------------------
bool has_class(const xmlNode* node, std::string_view cls) {
  const std::string value = attribute(node, "class");
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t end = value.find(' ', pos);
    const std::string_view word(value.data() + pos, (end == std::string::npos ? value.size() : end) - pos);
    if (word == cls) return true;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return false;
}

bool is_block_name(std::string_view name) {
  return name == "p" || name == "div" || name == "td" || name == "tr" || name == "table" ||
         name == "br" || name == "li";
}

void collect(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(child);
    if (name == "script" || name == "style" || name == "col") continue;
    if (name == "a" && attribute(child, "id").rfind("ntc", 0) == 0) { // footnote call-out
      while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t')) out.pop_back();
      continue;
    }
    if (name == "span" && has_class(child, "oj-super")) {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t')) out.pop_back();
      out += '^';
      collect(child, out);
      continue;
    }
    const bool block = is_block_name(name);
    if (block) out += ' ';
    collect(child, out);
    if (block) out += ' ';
  }
}

std::string text_in(const xmlNode* node) {
  std::string raw;
  collect(node, raw);
  return normalize_space(raw);
}

bool is_roman(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c != 'i' && c != 'v' && c != 'x' && c != 'l') return false;
  return true;
}

bool all_of(std::string_view s, int (*pred)(int)) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!pred(c)) return false;
  return true;
}

/// A point marker as printed: "(a)", "(iv)", "(12)", "4.", "3.1.". Returns false for dashes and
/// anything else that does not number a clause.
struct Marker {
  std::string number; // "a", "iv", "12", "3.1"
  bool letter = false;
};

bool parse_marker(std::string_view text, Marker& marker) {
  if (text.size() >= 3 && text.front() == '(' && text.back() == ')') {
    const std::string_view inner = text.substr(1, text.size() - 2);
    if (all_of(inner, [](int c) { return c >= 'a' && c <= 'z' ? 1 : 0; })) {
      marker = {std::string(inner), true};
      return true;
    }
    if (all_of(inner, [](int c) { return std::isdigit(c) ? 1 : 0; })) {
      marker = {std::string(inner), false};
      return true;
    }
    return false;
  }
  if (text.size() >= 2 && text.back() == '.') {
    const std::string_view inner = text.substr(0, text.size() - 1);
    if (!std::isdigit(static_cast<unsigned char>(inner.front()))) return false;
    if (!all_of(inner, [](int c) { return std::isdigit(c) || c == '.' ? 1 : 0; })) return false;
    marker = {std::string(inner), false};
    return true;
  }
  return false;
}

// ---- the parser ------------------------------------------------------------------------------
class Builder {
public:
  Builder(const SourceInput& input, ClauseTree& tree) : m_input(input), m_tree(tree) {}

  void walk_document(const xmlNode* node) {
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type != XML_ELEMENT_NODE) continue;
      const std::string id = is_element(child, "div") ? attribute(child, "id") : std::string();
      if (id.rfind("rct_", 0) == 0 && all_of(std::string_view(id).substr(4), [](int c) { return std::isdigit(c) ? 1 : 0; })) {
        recital(child, id.substr(4));
      } else if (id.rfind("art_", 0) == 0 && all_of(std::string_view(id).substr(4), [](int c) { return std::isalnum(c) ? 1 : 0; })) {
        article(child, id.substr(4));
      } else if (id.rfind("anx_", 0) == 0 && id.find('.') == std::string::npos) {
        annex(child, id.substr(4));
      } else {
        walk_document(child);
      }
    }
  }

private:
  const SourceInput& m_input;
  ClauseTree& m_tree;
  // label prefix per clause kind, used to form child labels
  std::string m_unit_label; // "Article 5" or "Annex III"
  bool m_in_annex = false;

public:
  /// Points whose number repeats in a later subparagraph of the same clause (kept as text).
  int m_repeated = 0;

private:

  [[noreturn]] void fail(const xmlNode* node, const std::string& what) const {
    throw DataError(m_input.display_path + ":" + std::to_string(line_of(node)) + ": " + what);
  }

  void recital(const xmlNode* div, const std::string& number) {
    const int index = m_tree.add(-1, "rct_" + number, "Recital " + number, "", "rct", number);
    if (index < 0) fail(div, "recital rct_" + number + " appears twice");
    // The recital is a one-row table: marker "(N)" and the text.
    std::string text;
    for (const xmlNode* tr : descendants(div, "tr")) {
      const auto tds = child_elements(tr);
      for (std::size_t i = 0; i < tds.size(); ++i) {
        const std::string t = text_in(tds[i]);
        if (i + 1 < tds.size() && t == "(" + number + ")") continue;
        text += ' ' + t;
      }
    }
    if (descendants(div, "tr").empty()) text = text_in(div);
    m_tree.text(index, text);
  }

  void article(const xmlNode* div, const std::string& number) {
    std::string heading;
    for (const xmlNode* child : child_elements(div))
      if (is_element(child, "div") && has_class(child, "eli-title")) heading = text_in(child);
    m_unit_label = "Article " + number;
    m_in_annex = false;
    const int index = m_tree.add(-1, "art_" + number, m_unit_label, heading, "art", number);
    if (index < 0) fail(div, "article art_" + number + " appears twice");
    int ctx = index;
    walk(div, ctx, index);
  }

  void annex(const xmlNode* div, const std::string& number) {
    std::string heading;
    int titles = 0;
    for (const xmlNode* child : child_elements(div))
      if (is_element(child, "p") && has_class(child, "oj-doc-ti") && ++titles == 2) heading = text_in(child);
    m_unit_label = "Annex " + number;
    m_in_annex = true;
    const int index = m_tree.add(-1, "anx_" + number, m_unit_label, heading, "anx", number);
    if (index < 0) fail(div, "annex anx_" + number + " appears twice");
    int ctx = index;
    walk(div, ctx, index);
  }

  /// Label of a new clause below `parent`.
  std::string label_for(int parent, const std::string& kind, const std::string& number) {
    const auto& p = m_tree.at(parent);
    if (m_in_annex) {
      if (kind == "sec") return p.label + ", Section " + number;
      if (p.kind == "anx" || p.kind == "sec") return p.label + ", point " + number;
      // below a point: "Annex VII, point 3.1" for decimal points, "point 4(a)" for letters
      if (number.find('.') != std::string::npos) {
        const auto comma = p.label.rfind(", point ");
        return p.label.substr(0, comma) + ", point " + number;
      }
      return p.label + "(" + number + ")";
    }
    return p.label + "(" + number + ")";
  }

  int add_child(const xmlNode* where, int parent, const std::string& kind, const std::string& number,
                const std::string& heading = {}, bool allow_repeat = false) {
    const int index = m_tree.add(parent, kind + "_" + number, label_for(parent, kind, number), heading, kind, number);
    if (index < 0 && allow_repeat) return -1;
    if (index < 0)
      fail(where, "clause " + m_tree.at(parent).path + "__" + kind + "_" + number +
                      " appears twice (numbering not understood)");
    return index;
  }

  /// A numbered point below `ctx`, given its marker.
  int add_point(const xmlNode* where, int ctx, const Marker& marker) {
    std::string kind = "point";
    if (marker.letter && is_roman(marker.number)) {
      // "(i)" after "(h)" is a letter; otherwise a roman numeral below a lettered point.
      const auto& parent = m_tree.at(ctx);
      std::string previous;
      for (int c : parent.children)
        if (m_tree.at(c).kind == "point") previous = m_tree.at(c).number;
      const bool next_letter = (marker.number == "i" && previous == "h") ||
                               (marker.number == "v" && previous == "u") ||
                               (marker.number == "x" && previous == "w") ||
                               (marker.number == "l" && previous == "k");
      const bool below_letter = parent.kind == "point" && !parent.number.empty() &&
                                std::isalpha(static_cast<unsigned char>(parent.number[0]));
      if (!next_letter && (below_letter || parent.kind == "subpara" || previous.empty() ||
                           is_roman(previous)))
        kind = "subpara";
      if (parent.kind == "subpara") kind = "subpara"; // never deeper than subpara here
    }
    return add_child(where, ctx, kind, marker.number, {}, true);
  }

  /// Walks the content of `node` into clause `ctx`; `base` is the unit (article/annex) or the
  /// current annex section, where numbered headings attach.
  void walk(const xmlNode* node, int& ctx, int base) {
    int section = -1;
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE) {
        if (child->content != nullptr) {
          const std::string t = normalize_space(reinterpret_cast<const char*>(child->content));
          if (!t.empty()) m_tree.text(ctx, t);
        }
        continue;
      }
      if (child->type != XML_ELEMENT_NODE) continue;
      const auto name = name_of(child);
      if (name == "p" && (has_class(child, "oj-ti-art") || has_class(child, "oj-sti-art") ||
                          has_class(child, "oj-doc-ti")))
        continue;
      if (name == "div" && has_class(child, "eli-title")) continue;
      if (name == "div" && is_paragraph_id(attribute(child, "id"))) {
        paragraph(child, ctx);
        continue;
      }
      if (name == "p" && has_class(child, "oj-ti-grseq-1")) {
        grouping(child, ctx, base, section);
        continue;
      }
      if (name == "table") {
        table(child, ctx);
        continue;
      }
      if (name == "div" && has_class(child, "oj-enumeration-spacing")) {
        enumeration(child, ctx);
        continue;
      }
      if (name == "p" || name == "span" || name == "a" || name == "em" || name == "strong") {
        m_tree.text(ctx, text_in_wrapped(child));
        continue;
      }
      int inner = ctx;
      walk(child, inner, base);
    }
  }

  std::string text_in_wrapped(const xmlNode* node) {
    // text_in of a single node including itself (e.g. a footnote anchor is skipped)
    if (is_element(node, "a") && attribute(node, "id").rfind("ntc", 0) == 0) return {};
    if (is_element(node, "span") && has_class(node, "oj-super")) return "^" + text_in(node);
    return text_in(node);
  }

  static bool is_paragraph_id(const std::string& id) {
    // "005.001"
    if (id.size() < 7) return false;
    const auto dot = id.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= id.size()) return false;
    for (std::size_t i = 0; i < id.size(); ++i)
      if (i != dot && !std::isdigit(static_cast<unsigned char>(id[i]))) return false;
    return true;
  }

  void paragraph(const xmlNode* div, int ctx) {
    // The printed number leads the first <p>: "1.   The following ...".
    std::string first;
    for (const xmlNode* child : child_elements(div))
      if (is_element(child, "p")) {
        first = text_in(child);
        break;
      }
    std::size_t i = 0;
    while (i < first.size() && std::isdigit(static_cast<unsigned char>(first[i]))) ++i;
    while (i < first.size() && std::islower(static_cast<unsigned char>(first[i])) && i > 0 && i < 4) ++i;
    if (i == 0 || i >= first.size() || first[i] != '.') {
      int inner = ctx; // unnumbered: plain text of the article
      walk(div, inner, ctx);
      return;
    }
    const std::string number = first.substr(0, i);
    int para = add_child(div, ctx, "para", number);
    walk(div, para, para);
  }

  void grouping(const xmlNode* p, int& ctx, int base, int& section) {
    const std::string text = text_in(p);
    const auto& unit = m_tree.at(base);
    if (unit.kind != "anx") { // a heading inside an article: plain text
      m_tree.text(ctx, text);
      return;
    }
    if (text.rfind("Section ", 0) == 0) {
      std::size_t end = 8;
      while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
      const std::string number = text.substr(8, end - 8);
      std::string heading = text.substr(end);
      while (!heading.empty() && (heading[0] == ' ' || heading[0] == '.' || heading[0] == ',')) heading.erase(0, 1);
      if (heading.rfind("\xE2\x80\x94", 0) == 0) heading = normalize_space(heading.substr(3));
      if (!number.empty()) {
        section = add_child(p, base, "sec", number, heading);
        ctx = section;
        return;
      }
    }
    Marker marker;
    const auto space = text.find(' ');
    if (space != std::string::npos && parse_marker(text.substr(0, space), marker) && !marker.letter &&
        marker.number.find('.') == std::string::npos) {
      const int parent = section >= 0 ? section : base;
      ctx = add_child(p, parent, "point", marker.number, normalize_space(text.substr(space)));
      m_tree.text(ctx, text);
      return;
    }
    // An unnumbered heading: the title of the section just opened, else plain text.
    if (section >= 0 && ctx == section && m_tree.at(section).heading.empty() && m_tree.at(section).parts.empty()) {
      m_tree.at(section).heading = text;
      return;
    }
    m_tree.text(ctx, text);
  }

  void row(const xmlNode* where, const std::vector<xmlNode*>& cells, int ctx) {
    // The last cell holds the content; the one before it, when it has text, the marker.
    std::vector<xmlNode*> tds;
    for (xmlNode* cell : cells)
      if (name_of(cell) == "td" || name_of(cell) == "p" || name_of(cell) == "th") tds.push_back(cell);
    if (tds.empty()) return;
    Marker marker;
    if (tds.size() >= 2) {
      const std::string mark = text_in(tds[tds.size() - 2]);
      if (parse_marker(mark, marker)) {
        const int point = add_point(where, ctx, marker);
        if (point < 0) { // a second list in a later subparagraph: kept as the parent's text
          ++m_repeated;
          m_tree.text(ctx, mark);
          int inner = ctx;
          walk(tds.back(), inner, ctx);
          return;
        }
        m_tree.text(point, mark);
        int inner = point;
        walk(tds.back(), inner, point);
        return;
      }
    }
    for (xmlNode* td : tds) {
      int inner = ctx;
      walk(td, inner, ctx);
    }
  }

  void table(const xmlNode* table, int ctx) {
    for (xmlNode* tr : rows(table)) row(tr, child_elements(tr), ctx);
  }

  static std::vector<xmlNode*> rows(const xmlNode* node) {
    std::vector<xmlNode*> out;
    for (xmlNode* child : child_elements(node)) {
      if (is_element(child, "tr")) out.push_back(child);
      else if (is_element(child, "tbody") || is_element(child, "thead")) {
        auto more = rows(child);
        out.insert(out.end(), more.begin(), more.end());
      }
    }
    return out;
  }

  void enumeration(const xmlNode* div, int ctx) { row(div, child_elements(div), ctx); }
};

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names +
                      " for format 'eurlex-xhtml' (it accepts no options)");
    }
    require_utf8(input.bytes, input.display_path);
    const auto document = XmlDocument::parse_html(input.bytes, input.display_path, "UTF-8");
    ClauseTree tree;
    Builder builder(input, tree);
    builder.walk_document(document.root());
    if (tree.empty())
      throw DataError(input.display_path +
                      ": no articles found: is this really a eurlex-xhtml file? (expected <div id=\"art_N\">)");
    return tree.finish(input.language.empty() ? "en" : input.language);
  }
};

} // namespace

const SourceParser& eurlex_xhtml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
