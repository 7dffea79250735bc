// fedreg-xml: Federal Register (GPO FR-XML) presidential documents: PRESDOCU/EXECORD with flat
// FP/P paragraphs. Handles us/eo-14110-2023-24283.federal-register.xml,
// us/eo-14148-2025-01901.federal-register.xml and us/eo-14179-2025-02172.federal-register.xml.
//
// The structure is recovered from the printed markers at the start of each paragraph:
//   preamble                    text before "Section 1"          label "Preamble"
//   sec_4                       "Sec. 4. Title."                 label "Sec. 4", heading = title
//   sec_4__sec_4.1              "4.1. Title." (numbered subsection)   "Sec. 4.1", heading = title
//   ...__para_a                 "(a)", "(aa)", "(zzz)"          "Sec. 4.1(a)", "Sec. 3(gg)"
//   ...__para_a__subpara_i      "(i)", "(ii)"                   "Sec. 4.1(a)(i)"
//   ...__subpara_i__clause_A    "(A)"                           "Sec. 4.1(a)(i)(A)"
// "(i)", "(v)", "(x)" are letters when they continue the lettered sequence ("(h)" then "(i)")
// and no "(ii)" follows; roman numerals otherwise. Unmarked paragraphs continue the clause
// before them. Page markers (PRTPAGE), the signature block, graphics and billing lines are
// dropped; superscripts are written "10^26". Options: none.
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

// ---- FR-XML walking --------------------------------------------------------------------------
void collect(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(child);
    if (name == "PRTPAGE" || name == "FTREF" || name == "GPH") continue;
    if (name == "SU") {
      while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
      out += '^';
      out += normalize_space(text_of(child));
      continue;
    }
    collect(child, out);
  }
}

std::string plain(const xmlNode* node) {
  std::string raw;
  collect(node, raw);
  return normalize_space(raw);
}

bool is_roman(std::string_view s) {
  return !s.empty() && s.find_first_not_of("ivxl") == std::string_view::npos;
}

bool is_letters(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s)
    if (c != s[0] || !std::islower(static_cast<unsigned char>(c))) return false;
  return true; // "a", "aa", "zzz"
}

/// The letter that follows `s` in "(a)..(z), (aa)..(zz), (aaa).." order.
std::string next_letter(std::string_view s) {
  if (s.empty()) return "a";
  if (s[0] == 'z') return std::string(s.size() + 1, 'a');
  return std::string(s.size(), static_cast<char>(s[0] + 1));
}

std::string next_roman(std::string_view s) {
  static const char* romans[] = {"i",   "ii",   "iii", "iv",  "v",    "vi",  "vii",  "viii", "ix",  "x",
                                 "xi",  "xii",  "xiii", "xiv", "xv",  "xvi", "xvii", "xviii", "xix", "xx"};
  if (s.empty()) return "i";
  for (std::size_t i = 0; i + 1 < std::size(romans); ++i)
    if (s == romans[i]) return romans[i + 1];
  return {};
}

/// "(a) text" → marker "a", rest "text"; false when `text` does not start with a marker.
bool leading_marker(const std::string& text, std::string& marker, std::string& rest) {
  if (text.size() < 3 || text[0] != '(') return false;
  const auto close = text.find(')');
  if (close == std::string::npos || close > 6) return false;
  marker = text.substr(1, close - 1);
  if (marker.empty()) return false;
  for (char c : marker)
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  if (!(close + 1 == text.size() || text[close + 1] == ' ')) return false;
  rest = close + 1 < text.size() ? text.substr(close + 2) : std::string();
  return true;
}

std::string strip_title(std::string title) {
  title = normalize_space(title);
  while (!title.empty() && (title.back() == '.' || title.back() == ' ')) title.pop_back();
  return title;
}

class Builder {
public:
  Builder(const SourceInput& input, ClauseTree& tree) : m_input(input), m_tree(tree) {}

  void order(const xmlNode* execord) {
    std::vector<const xmlNode*> blocks;
    for (const xmlNode* child : child_elements(execord)) {
      const auto name = name_of(child);
      if (name == "FP" || name == "P") blocks.push_back(child);
      if (name == "PSIG" || name == "PLACE" || name == "DATE" || name == "FRDOC") break; // signature
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) block(blocks[i], i + 1 < blocks.size() ? blocks[i + 1] : nullptr);
  }

private:
  const SourceInput& m_input;
  ClauseTree& m_tree;
  int m_section = -1;    // sec_N
  int m_subsection = -1; // sec_N.M
  int m_para = -1, m_subpara = -1, m_clause = -1;
  int m_preamble = -1;

  [[noreturn]] void fail(const xmlNode* node, const std::string& what) const {
    throw DataError(m_input.display_path + ":" + std::to_string(line_of(node)) + ": " + what);
  }

  int current() const {
    for (int c : {m_clause, m_subpara, m_para, m_subsection, m_section})
      if (c >= 0) return c;
    return m_preamble;
  }

  static std::string number_of(int index, ClauseTree& tree) { return index < 0 ? std::string() : tree.at(index).number; }

  /// One FP/P paragraph: a section (<E T="04">Sec. 4</E>), a numbered subsection
  /// (<E T="03">4.1. Title.</E>) or a marked or unmarked paragraph.
  void block(const xmlNode* node, const xmlNode* next) {
    const xmlNode* first = nullptr;
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type == XML_ELEMENT_NODE) {
        if (name_of(child) != "PRTPAGE") first = child;
        if (first) break;
      } else if (child->type == XML_TEXT_NODE && !normalize_space(reinterpret_cast<const char*>(child->content)).empty()) {
        break;
      }
    }
    if (first != nullptr && is_element(first, "E") && attribute(first, "T") == "04") {
      std::string label = normalize_space(text_of(first));
      std::string number;
      for (const char* prefix : {"Section ", "Sec. "})
        if (label.rfind(prefix, 0) == 0) number = strip_title(label.substr(std::string_view(prefix).size()));
      if (number.empty()) fail(node, "section heading '" + label + "' has no number");
      // heading: the next E T="03"
      std::string heading;
      const xmlNode* after = first->next;
      for (; after != nullptr; after = after->next) {
        if (after->type == XML_ELEMENT_NODE && is_element(after, "E") && attribute(after, "T") == "03") {
          heading = strip_title(text_of(after));
          after = after->next;
          break;
        }
      }
      m_section = m_tree.add(-1, "sec_" + number, "Sec. " + number, heading, "sec", number);
      if (m_section < 0) fail(node, "Sec. " + number + " appears twice");
      m_subsection = m_para = m_subpara = m_clause = -1;
      m_tree.text(m_section, "Sec. " + number + ". " + (heading.empty() ? "" : heading + "."));
      std::string body;
      for (const xmlNode* n = after; n != nullptr; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          if (n->content) body += reinterpret_cast<const char*>(n->content);
        } else if (n->type == XML_ELEMENT_NODE && !is_element(n, "PRTPAGE")) {
          if (is_element(n, "SU")) {
            while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
            body += '^' + normalize_space(text_of(n));
          } else {
            body += plain(n);
          }
        }
      }
      body = normalize_space(body); // the text after the heading may start with its "." ("Policy .")
      if (body.rfind(". ", 0) == 0 || body == ".") body.erase(0, 1);
      marked(normalize_space(body), next);
      return;
    }
    if (first != nullptr && is_element(first, "E") && attribute(first, "T") == "03" && m_section >= 0) {
      const std::string title = normalize_space(text_of(first));
      const std::string sec = m_tree.at(m_section).number;
      if (title.rfind(sec + ".", 0) == 0 && title.size() > sec.size() + 1 &&
          std::isdigit(static_cast<unsigned char>(title[sec.size() + 1]))) {
        std::size_t end = sec.size() + 1;
        while (end < title.size() && (std::isdigit(static_cast<unsigned char>(title[end])) ||
                                      (title[end] == '.' && end + 1 < title.size() && std::isdigit(static_cast<unsigned char>(title[end + 1])))))
          ++end;
        const std::string number = title.substr(0, end);
        const std::string heading = strip_title(title.substr(end + (end < title.size() && title[end] == '.' ? 1 : 0)));
        m_subsection = m_tree.add(m_section, "sec_" + number, "Sec. " + number, heading, "sec", number);
        if (m_subsection < 0) fail(node, "Sec. " + number + " appears twice");
        m_para = m_subpara = m_clause = -1;
        m_tree.text(m_subsection, number + ". " + (heading.empty() ? "" : heading + "."));
        std::string raw;
        for (const xmlNode* n = first->next; n != nullptr; n = n->next) {
          if (n->type == XML_TEXT_NODE) {
            if (n->content) raw += reinterpret_cast<const char*>(n->content);
          } else if (n->type == XML_ELEMENT_NODE && !is_element(n, "PRTPAGE")) {
            if (is_element(n, "SU")) {
              while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.pop_back();
              raw += '^' + normalize_space(text_of(n));
            } else {
              raw += plain(n);
            }
          }
        }
        marked(normalize_space(raw), next);
        return;
      }
    }
    marked(plain(node), next);
  }

  /// Places `text` (a paragraph, possibly starting with "(a)") in the tree.
  void marked(const std::string& text, const xmlNode* next) {
    if (text.empty()) return;
    if (m_section < 0) { // before Sec. 1
      if (m_preamble < 0) m_preamble = m_tree.add(-1, "preamble", "Preamble", "", "preamble", "");
      m_tree.text(m_preamble, text);
      return;
    }
    std::string marker, rest;
    if (!leading_marker(text, marker, rest)) {
      m_tree.text(current(), text);
      return;
    }
    const int base = m_subsection >= 0 ? m_subsection : m_section;
    const std::string para = number_of(m_para, m_tree);
    const std::string sub = number_of(m_subpara, m_tree);
    std::string next_marker, next_rest;
    if (next != nullptr) leading_marker(plain(next), next_marker, next_rest);
    std::string kind;
    if (marker.size() == 1 && std::isupper(static_cast<unsigned char>(marker[0]))) {
      kind = "clause";
    } else if (is_roman(marker) && m_para >= 0 &&
               (marker == next_roman(sub) || (marker == "i" && sub.empty())) &&
               !(marker == next_letter(para) && !(marker == "i" && next_marker == "ii") &&
                 !(m_subpara >= 0 && marker == next_roman(sub)))) {
      kind = "subpara";
    } else if (is_letters(marker)) {
      kind = "para";
    } else {
      m_tree.text(current(), text);
      return;
    }
    int parent;
    if (kind == "para") {
      parent = base;
    } else if (kind == "subpara") {
      parent = m_para;
    } else {
      parent = m_subpara >= 0 ? m_subpara : (m_para >= 0 ? m_para : base);
    }
    const auto& p = m_tree.at(parent);
    const std::string label = p.label + "(" + marker + ")";
    const int index = m_tree.add(parent, kind + "_" + marker, label, "", kind, marker);
    if (index < 0) {
      m_tree.text(current(), text); // a repeated marker: keep as text
      return;
    }
    m_tree.text(index, text);
    if (kind == "para") {
      m_para = index;
      m_subpara = m_clause = -1;
    } else if (kind == "subpara") {
      m_subpara = index;
      m_clause = -1;
    } else {
      m_clause = index;
    }
  }
};

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names +
                      " for format 'fedreg-xml' (it accepts no options)");
    }
    const auto document = XmlDocument::parse_xml(input.bytes, input.display_path);
    const auto orders = descendants(document.root(), "EXECORD");
    std::vector<const xmlNode*> containers(orders.begin(), orders.end());
    if (containers.empty() && is_element(document.root(), "EXECORD")) containers.push_back(document.root());
    if (containers.empty())
      for (const xmlNode* n : descendants(document.root(), "PRESDOCU")) containers.push_back(n);
    ClauseTree tree;
    Builder builder(input, tree);
    for (const xmlNode* container : containers) builder.order(container);
    bool any_section = false;
    for (const auto& clause : tree.finish("en"))
      if (clause.path.rfind("sec_", 0) == 0) any_section = true;
    if (!any_section)
      throw DataError(input.display_path +
                      ": no articles found: is this really a fedreg-xml file? (expected EXECORD paragraphs starting \"Sec. N.\")");
    return tree.finish(input.language.empty() ? "en" : input.language);
  }
};

} // namespace

const SourceParser& fedreg_xml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
