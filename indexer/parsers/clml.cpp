// clml: legislation.gov.uk Crown Legislation Markup Language (CLML) of a revised EU-derived
// instrument. Handles uk/uk-gdpr-2016-679.legislation-gov-uk.xml (uk/uk-gdpr).
//
// Ids follow the printed numbering (Pnumber), not CLML's id attributes:
//   rct_N                      recital (EUPreamble Division numbered "(N)")   label "Recital N"
//   art_N, art_22A             article (P1 "Article 22A"), heading = P1group Title   "Article 22A"
//   art_N__para_M              numbered paragraph (P2 "1.", "1A.")             "Article 22A(1)"
//   art_N__para_M__point_a     point (P3 "(a)", "(A1)", "(1)")                 "Article 22A(1)(a)"
//   ...__subpara_i             sub-point (P4 "(i)")                            "Article 22A(1)(b)(i)"
//   anx_1, anx_1__point_1      annex (Schedule "ANNEX 1") and its numbered paragraphs (P1),
//                              lettered points below (P2 → point_a, P3 → subpara_i)
//                                                                              "Annex 1, point 1(a)"
// Omitted provisions (". . . .") are kept with that text; a provision is only skipped when it
// has neither number nor text. Commentary (annotation) references, footnote references and the
// metadata are dropped. Text of a sub-clause starts with its printed number ("1.", "(a)").
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

// ---- CLML walking ----------------------------------------------------------------------------
bool skipped(std::string_view name) {
  return name == "CommentaryRef" || name == "FootnoteRef" || name == "Pnumber" || name == "Title" ||
         name == "Number" || name == "Metadata" || name == "Commentaries" || name == "Footnotes" ||
         name == "TitleBlock";
}

bool is_block_name(std::string_view name) {
  return name == "Text" || name == "P" || name == "Para" || name == "ListItem" || name == "td" ||
         name == "th" || name == "tr" || name == "P1para" || name == "P2para" || name == "P3para" ||
         name == "P4para" || name == "P5para";
}

void collect(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(child);
    if (skipped(name)) continue;
    if (name == "Superior" || name == "Sup") out += '^';
    const bool block = is_block_name(name);
    if (block) out += ' ';
    collect(child, out);
    if (block) out += ' ';
  }
}

std::string plain(const xmlNode* node) {
  std::string raw;
  collect(node, raw);
  return normalize_space(raw);
}

/// The printed number of a provision: "Article 22A" → "22A", "1." → "1", "(a)" → "a".
std::string number_of(const xmlNode* pnumber) {
  std::string text = normalize_space(text_of(pnumber));
  if (text.rfind("Article ", 0) == 0) text = text.substr(8);
  while (!text.empty() && (text.back() == '.' || text.back() == ')')) text.pop_back();
  while (!text.empty() && text.front() == '(') text.erase(0, 1);
  return normalize_space(text);
}

xmlNode* child_named(const xmlNode* node, std::string_view name) {
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) return child;
  return nullptr;
}

bool is_provision(std::string_view name) {
  return name.size() == 2 && name[0] == 'P' && name[1] >= '1' && name[1] <= '6';
}

class Builder {
public:
  Builder(const SourceInput& input, ClauseTree& tree) : m_input(input), m_tree(tree) {}

  void document(const xmlNode* node) {
    for (xmlNode* child : child_elements(node)) {
      const auto name = name_of(child);
      if (name == "Metadata" || name == "Commentaries" || name == "Footnotes") continue;
      if (name == "Division" && m_in_preamble) {
        recital(child);
        continue;
      }
      if (name == "EUPreamble") {
        m_in_preamble = true;
        document(child);
        m_in_preamble = false;
        continue;
      }
      if (name == "Schedule") {
        schedule(child);
        continue;
      }
      if (name == "P1" && attribute(child, "id").rfind("article-", 0) == 0) {
        article(child);
        continue;
      }
      document(child);
    }
  }

private:
  const SourceInput& m_input;
  ClauseTree& m_tree;
  bool m_in_preamble = false;

  [[noreturn]] void fail(const xmlNode* node, const std::string& what) const {
    throw DataError(m_input.display_path + ":" + std::to_string(line_of(node)) + ": " + what);
  }

  void recital(const xmlNode* division) {
    const xmlNode* number_node = child_named(division, "Number");
    if (number_node == nullptr) return;
    const std::string number = number_of(number_node);
    if (number.empty()) return;
    const int index = m_tree.add(-1, "rct_" + number, "Recital " + number, "", "rct", number);
    if (index < 0) fail(division, "recital " + number + " appears twice");
    m_tree.text(index, plain(division));
  }

  static std::string group_title(const xmlNode* p1) {
    const xmlNode* parent = p1->parent;
    if (parent != nullptr && name_of(parent) == "P1group")
      if (const xmlNode* title = child_named(parent, "Title")) return normalize_space(text_of(title));
    return {};
  }

  void article(const xmlNode* p1) {
    const xmlNode* pnumber = child_named(p1, "Pnumber");
    const std::string number = pnumber != nullptr ? number_of(pnumber) : std::string();
    if (number.empty()) {
      if (plain(p1).empty()) return; // an empty placeholder
      fail(p1, "article element " + attribute(p1, "id") + " has no Pnumber");
    }
    const int index = m_tree.add(-1, "art_" + number, "Article " + number, group_title(p1), "art", number);
    if (index < 0) fail(p1, "Article " + number + " appears twice");
    body(p1, index, 2, false);
  }

  void schedule(const xmlNode* schedule) {
    const xmlNode* number_node = child_named(schedule, "Number");
    std::string number = number_node != nullptr ? normalize_space(text_of(number_node)) : std::string();
    for (const char* prefix : {"ANNEX ", "Annex ", "SCHEDULE ", "Schedule "})
      if (number.rfind(prefix, 0) == 0) number = number.substr(std::string_view(prefix).size());
    if (number.empty()) fail(schedule, "annex (Schedule) without a number");
    std::string heading;
    if (const xmlNode* block = child_named(schedule, "TitleBlock"))
      if (const xmlNode* title = child_named(block, "Title")) heading = normalize_space(text_of(title));
    const int index = m_tree.add(-1, "anx_" + number, "Annex " + number, heading, "anx", number);
    if (index < 0) fail(schedule, "Annex " + number + " appears twice");
    body(schedule, index, 1, true);
  }

  /// Kind of a provision at CLML level `level` (P2, P3...).
  static std::string kind_for(int level, bool annex) {
    if (annex) return level <= 2 ? "point" : "subpara";
    if (level == 2) return "para";
    if (level == 3) return "point";
    return "subpara";
  }

  std::string label_for(int parent, const std::string& number, bool annex) {
    const auto& p = m_tree.at(parent);
    if (annex && p.kind == "anx") return p.label + ", point " + number;
    return p.label + "(" + number + ")";
  }

  /// Walks `node`'s content into clause `ctx`; provisions Pn (n >= min_level) become clauses.
  void body(const xmlNode* node, int ctx, int min_level, bool annex) {
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
      if (skipped(name)) continue;
      if (is_provision(name) && name[1] - '0' >= min_level) {
        provision(child, ctx, name[1] - '0', annex);
        continue;
      }
      if (name == "Text" || name == "Para" || name == "ListItem" || name == "P") {
        // plain text blocks may still hold nested provisions (rare): walk them
        bool nested = false;
        for (const xmlNode* d : child_elements(child))
          if (is_provision(name_of(d))) nested = true;
        if (!nested) {
          m_tree.text(ctx, plain(child));
          continue;
        }
      }
      body(child, ctx, min_level, annex);
    }
  }

  void provision(const xmlNode* element, int ctx, int level, bool annex) {
    const xmlNode* pnumber = child_named(element, "Pnumber");
    const std::string number = pnumber != nullptr ? number_of(pnumber) : std::string();
    if (number.empty()) { // unnumbered: its text belongs to the enclosing clause
      body(element, ctx, level + 1, annex);
      return;
    }
    std::string kind = kind_for(level, annex);
    if (annex) {
      const auto& parent = m_tree.at(ctx);
      const bool roman = number.find_first_not_of("ivxl") == std::string::npos;
      const bool below_letter = parent.kind == "point" && std::islower(static_cast<unsigned char>(parent.number[0]));
      kind = roman && below_letter ? "subpara" : "point";
    }
    std::string component = kind + "_" + number;
    const int index = m_tree.add(ctx, component, label_for(ctx, number, annex), "", kind, number);
    if (index < 0) fail(element, "clause " + m_tree.at(ctx).path + "__" + component + " appears twice");
    const std::string before = attribute(pnumber, "PuncBefore");
    const std::string after = attribute(pnumber, "PuncAfter");
    const std::string printed = normalize_space(text_of(pnumber));
    m_tree.text(index, (pnumber->properties != nullptr && (!before.empty() || !after.empty()))
                           ? before + printed + after
                           : printed);
    body(element, index, level + 1, annex);
  }
};

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names +
                      " for format 'clml' (it accepts no options)");
    }
    const auto document = XmlDocument::parse_xml(input.bytes, input.display_path);
    if (name_of(document.root()) != "Legislation")
      throw DataError(input.display_path + ":" + std::to_string(line_of(document.root())) +
                      ": the root element is <" + std::string(name_of(document.root())) +
                      ">, not <Legislation>: is this really a clml file?");
    ClauseTree tree;
    Builder builder(input, tree);
    builder.document(document.root());
    if (tree.empty())
      throw DataError(input.display_path + ": no articles found: is this really a clml file?");
    return tree.finish(input.language.empty() ? "en" : input.language);
  }
};

} // namespace

const SourceParser& clml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
