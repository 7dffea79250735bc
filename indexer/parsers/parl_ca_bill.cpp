// parl-ca-bill: Parliament of Canada bill XML (Bill/Body/Section/Subsection/Paragraph with
// Label, MarginalNote and DefinedTermEn). Handles ca/c-27-first-reading.en.xml.
//
// Option `part` (e.g. part = "3"): the Act enacted by that Part of the bill (the first clause of
// the Part whose AmendedText holds a BillInternal/Body), as its own instrument: for Bill C-27,
// part = "3" yields the Artificial Intelligence and Data Act (ca/aida), sections 1-41.
// Without the option the bill's preamble and its own numbered clauses are yielded (ca/c-27); the
// text of an amending or enacting clause includes the text it inserts or enacts, but only the
// clause and its own subsections and paragraphs become clauses.
// Option `separate_acts` (e.g. separate_acts = "2, 39", without `part`): the bill's clauses, by
// number, that enact an Act read as an instrument of its own (with `part`). Such a clause keeps
// its own words and the Act's long title, not the Act's body: as part of the clause, the body
// made one unit of a whole Act (111,657 characters for Bill C-27's clause 2), which no one can
// cite precisely and which search matched for every word of it.
// Ids and labels, after the printed Label elements:
//   preamble                    the bill's preamble (Introduction/Preamble)  label "Preamble"
//   preamble__para_N            its N-th "Whereas" paragraph  label "Preamble, para. N"
//   sec_5                       section (clause)          label "s. 5", heading = MarginalNote
//   sec_5__subsec_1             subsection "(1)"          "s. 5(1)", heading = its MarginalNote
//   sec_5__subsec_1__para_a     paragraph "(a)"           "s. 5(1)(a)"
//   ...__subpara_i              subparagraph "(i)"        "s. 5(1)(a)(i)"
//   ...__clause_A               clause "(A)"              "s. 5(1)(a)(i)(A)"
// Definitions (Definition/DefinedTermEn) stay in the text of their section or subsection. Text
// of a subsection or paragraph starts with its printed label ("(1)", "(a)").
#include "indexer/parsers/clause_tree.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <cctype>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

// ---- bill XML walking ------------------------------------------------------------------------
bool is_block_name(std::string_view name) {
  return name == "Text" || name == "Definition" || name == "Provision" || name == "Subsection" ||
         name == "Paragraph" || name == "Subparagraph" || name == "Clause" || name == "Subclause" ||
         name == "Section" || name == "MarginalNote" || name == "Label" || name == "Heading" ||
         name == "ContinuedSectionSubsection" || name == "ContinuedParagraph" ||
         name == "ContinuedSubparagraph" || name == "ContinuedDefinition" || name == "entry" ||
         name == "row" || name == "BilingualItemEn" || name == "TitleText" || name == "LongTitle";
}

bool skipped(std::string_view name) {
  return name == "FootnoteRef" || name == "Footnote" || name == "HistoricalNote" || name == "ExplanatoryNote" ||
         name == "BilingualItemFr" || name == "PageBreak";
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

xmlNode* child_named(const xmlNode* node, std::string_view name) {
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) return child;
  return nullptr;
}

/// "(1)" → "1", "12.1" → "12.1".
std::string bare(std::string label) {
  label = normalize_space(label);
  if (label.size() >= 2 && label.front() == '(' && label.back() == ')') label = label.substr(1, label.size() - 2);
  return normalize_space(label);
}

struct Kind {
  std::string_view element, kind;
};
constexpr Kind k_kinds[] = {{"Subsection", "subsec"},   {"Paragraph", "para"}, {"Subparagraph", "subpara"},
                            {"Clause", "clause"},       {"Subclause", "subclause"}};

std::string_view kind_of(std::string_view element) {
  for (const auto& k : k_kinds)
    if (k.element == element) return k.kind;
  return {};
}

class Builder {
public:
  Builder(const SourceInput& input, ClauseTree& tree, bool nested, std::set<std::string> separate_acts = {})
      : m_input(input), m_tree(tree), m_nested(nested), m_separate_acts(std::move(separate_acts)) {}

  /// Sections directly in `body` become top-level clauses.
  void body(const xmlNode* body) {
    for (xmlNode* child : child_elements(body))
      if (is_element(child, "Section")) section(child);
    for (const auto& number : m_separate_acts)
      if (m_separated.count(number) == 0)
        throw DataError(m_input.display_path + ": option separate_acts names clause " + number +
                        ", which enacts no Act (an AmendedText holding a BillInternal with a Body): check the number");
  }

private:
  const SourceInput& m_input;
  ClauseTree& m_tree;
  bool m_nested; // true: the sections of an enacted Act, false: the bill's own clauses
  std::set<std::string> m_separate_acts; // option separate_acts: numbers of the bill's clauses
  std::set<std::string> m_separated;     // those whose Act's body was left out
  std::string m_section;                 // number of the section being walked

  [[noreturn]] void fail(const xmlNode* node, const std::string& what) const {
    throw DataError(m_input.display_path + ":" + std::to_string(line_of(node)) + ": " + what);
  }

  void section(const xmlNode* element) {
    const xmlNode* label = child_named(element, "Label");
    const std::string number = label != nullptr ? bare(plain(label)) : std::string();
    if (number.empty()) fail(element, "<Section> without a <Label> number");
    const xmlNode* note = child_named(element, "MarginalNote");
    const int index = m_tree.add(-1, "sec_" + number, "s. " + number, note ? plain(note) : std::string(), "sec", number);
    if (index < 0) fail(element, "section " + number + " appears twice");
    m_section = number;
    walk(element, index);
  }

  void walk(const xmlNode* node, int ctx) {
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
      if (name == "Label" || name == "MarginalNote" || skipped(name)) continue;
      const auto kind = kind_of(name);
      if (!kind.empty()) {
        const xmlNode* label = child_named(child, "Label");
        const std::string printed = label != nullptr ? plain(label) : std::string();
        const std::string number = bare(printed);
        if (number.empty()) { // unnumbered: stays in the enclosing clause
          walk(child, ctx);
          continue;
        }
        const xmlNode* note = child_named(child, "MarginalNote");
        const std::string component = std::string(kind) + "_" + number;
        const int index = m_tree.add(ctx, component, m_tree.at(ctx).label + "(" + number + ")",
                                     note ? plain(note) : std::string(), std::string(kind), number);
        if (index < 0) fail(child, "clause " + m_tree.at(ctx).path + "__" + component + " appears twice");
        m_tree.text(index, printed);
        walk(child, index);
        continue;
      }
      if (name == "AmendedText" && m_separate_acts.count(m_section) > 0) {
        if (const xmlNode* enacted = child_named(child, "BillInternal"); enacted && child_named(enacted, "Body")) {
          if (const xmlNode* title = child_named(enacted, "LongTitle")) m_tree.text(ctx, plain(title));
          m_separated.insert(m_section);
          continue;
        }
      }
      if (name == "AmendedText" || name == "Text" || name == "Definition" || name == "Heading" ||
          name == "Provision") {
        m_tree.text(ctx, plain(child));
        continue;
      }
      walk(child, ctx);
    }
  }
};

std::string part_number(const xmlNode* heading) {
  const xmlNode* label = child_named(heading, "Label");
  if (label == nullptr) return {};
  std::string text = normalize_space(text_of(label));
  for (const char* prefix : {"PART ", "Part "})
    if (text.rfind(prefix, 0) == 0) return normalize_space(text.substr(std::string_view(prefix).size()));
  return {};
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    std::string part;
    std::set<std::string> separate_acts;
    std::string unknown;
    for (const auto& [key, value] : input.options) {
      if (key == "part") {
        part = value;
      } else if (key == "separate_acts") {
        std::string number;
        for (const char c : value + ",")
          if (c == ',') {
            if (!number.empty()) separate_acts.insert(number);
            number.clear();
          } else if (!std::isspace(static_cast<unsigned char>(c))) {
            number += c;
          }
      } else {
        unknown += (unknown.empty() ? "'" : ", '") + key + "'";
      }
    }
    if (!unknown.empty())
      throw DataError(input.display_path + ": unknown option(s) " + unknown +
                      " for format 'parl-ca-bill' (accepted: part, separate_acts)");
    if (!part.empty() && !separate_acts.empty())
      throw DataError(input.display_path + ": options part and separate_acts exclude each other: part reads one "
                      "enacted Act, separate_acts the bill's own clauses");
    const auto document = XmlDocument::parse_xml(input.bytes, input.display_path);
    const xmlNode* root = document.root();
    if (name_of(root) != "Bill")
      throw DataError(input.display_path + ":" + std::to_string(line_of(root)) + ": the root element is <" +
                      std::string(name_of(root)) + ">, not <Bill>: is this really a parl-ca-bill file?");
    const xmlNode* bill_body = child_named(root, "Body");
    if (bill_body == nullptr)
      throw DataError(input.display_path + ": no articles found: is this really a parl-ca-bill file? (no <Body>)");
    ClauseTree tree;
    if (part.empty()) {
      preamble(root, tree);
      Builder(input, tree, false, separate_acts).body(bill_body);
    } else {
      const xmlNode* enacted = find_part(bill_body, part);
      if (enacted == nullptr)
        throw DataError(input.display_path + ": option part = \"" + part +
                        "\": no Part " + part + " enacting an Act (a clause with AmendedText/BillInternal/Body) was found");
      Builder(input, tree, true).body(enacted);
    }
    if (tree.empty())
      throw DataError(input.display_path + ": no articles found: is this really a parl-ca-bill file?");
    return tree.finish(input.language.empty() ? "en" : input.language);
  }

private:
  /// The bill's preamble, one clause a "Whereas" paragraph (Provision), when it has one.
  static void preamble(const xmlNode* bill, ClauseTree& tree) {
    const xmlNode* introduction = child_named(bill, "Introduction");
    const xmlNode* element = introduction ? child_named(introduction, "Preamble") : nullptr;
    if (element == nullptr) return;
    const int index = tree.add(-1, "preamble", "Preamble", "", "preamble", "");
    int count = 0;
    for (const xmlNode* provision : child_elements(element)) {
      if (!is_element(provision, "Provision")) continue;
      const xmlNode* text = child_named(provision, "Text");
      if (text == nullptr) continue;
      const std::string number = std::to_string(++count);
      const int paragraph = tree.add(index, "para_" + number, "Preamble, para. " + number, "", "para", number);
      tree.text(paragraph, plain(text));
    }
  }

  /// The Body of the Act enacted by Part `part` of the bill.
  static const xmlNode* find_part(const xmlNode* bill_body, const std::string& part) {
    bool inside = false;
    for (const xmlNode* child : child_elements(bill_body)) {
      if (is_element(child, "Heading") && attribute(child, "level") == "1") {
        const std::string number = part_number(child);
        if (!number.empty()) inside = number == part;
        continue;
      }
      if (!inside || !is_element(child, "Section")) continue;
      const xmlNode* amended = child_named(child, "AmendedText");
      const xmlNode* internal = amended ? child_named(amended, "BillInternal") : nullptr;
      const xmlNode* body = internal ? child_named(internal, "Body") : nullptr;
      if (body != nullptr) return body;
    }
    return nullptr;
  }
};

} // namespace

const SourceParser& parl_ca_bill() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
