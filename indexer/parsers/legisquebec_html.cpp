// legisquebec-html: LegisQuébec consolidated statute pages (HTML), e.g. the Act respecting the
// protection of personal information in the private sector, CQLR c P-39.1 (English).
//
// Structure read: every section is a div.section with id "se:N" (se:12_1 for s. 12.1); its
// printed number is the span.Label-Section ("12.1."). Inside, div.Subsection elements are the
// unnumbered paragraphs (alinéas, "the second paragraph" in the statute's own cross-references),
// div.Paragraph elements the numbered subparagraphs "1°", "9.1°", and div.Subparagraph elements
// the lettered "a)" below them. Repealed sections carry a span.Section instead.
//
// Ids (docs/clause-ids.md kinds, following the statute's numbering):
//   sec_12.1                  section (number as printed; "_" in the site id becomes ".")
//   sec_12.1__para_2          the 2nd unnumbered paragraph (alinéa), numbered by its order as
//                             Quebec statutes cite it and as LegisQuébec numbers it (ss:2);
//                             emitted only when the section has two or more paragraphs
//   sec_12.1__para_2__item_1  numbered subparagraph "1°" (like Japan's 号: `item`)
//   sec_18__item_9.1          when the section has a single paragraph, items hang off the section
//   ...__item_5__point_a      lettered subparagraph "a)"
// The brief suggested para for "1°" and subpara for "a)"; the text has no "(1)" numbering, and
// docs/clause-ids.md reserves para for paragraphs, item for numbered items inside a paragraph and
// point for lettered ones, so those kinds are used.
// Labels: "s. 12.1", "s. 12.1, para. 2", "s. 12.1, para. 2, 1°", "s. 21.0.2, para. 2, 5°, a)".
// Headings: empty (English LegisQuébec sections have no marginal notes; division headings
// such as "DIVISION III" are not section headings).
// Dropped: amendment history notes (div.HistoricalNote, e.g. "2021, c. 25, s. 110."), history
// links, hidden duplicates (class "Hidden"), scripts, the printed section number in the text.
// Options: none.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

const char* const k_format = "legisquebec-html";

bool has_class(const xmlNode* node, std::string_view cls) {
  const std::string value = attribute(node, "class");
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(' ', pos);
    if (end == std::string::npos) end = value.size();
    if (std::string_view(value).substr(pos, end - pos) == cls) return true;
    pos = end + 1;
  }
  return false;
}

bool skipped(const xmlNode* node) {
  const auto name = name_of(node);
  if (name == "script" || name == "style" || name == "img") return true;
  return has_class(node, "Hidden") || has_class(node, "HistoricalNote") ||
         has_class(node, "HistoryLink") || has_class(node, "linkOtherLang");
}

// Text below `node`, without page furniture; block elements are separated by spaces.
void collect_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE && !skipped(child)) {
      const bool block = name_of(child) == "div" || name_of(child) == "p" || name_of(child) == "br";
      if (block) out += ' ';
      collect_text(child, out);
      if (block) out += ' ';
    }
  }
}

std::string clean_text(const xmlNode* node) {
  std::string raw;
  collect_text(node, raw);
  return normalize_space(raw);
}

// First descendant element (document order) carrying class `cls`, not inside a skipped element.
const xmlNode* find_class(const xmlNode* node, std::string_view cls) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (has_class(child, cls)) return child;
    if (const xmlNode* found = find_class(child, cls)) return found;
  }
  return nullptr;
}

// Visible text of a label span ("12.1.", "9.1° ", "a) "), reduced to its number.
std::string label_number(const xmlNode* label) {
  std::string raw;
  for (const xmlNode* child = label->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE && child->content != nullptr)
      raw += reinterpret_cast<const char*>(child->content);
    else if (child->type == XML_ELEMENT_NODE && !skipped(child)) {
      std::string inner;
      collect_text(child, inner);
      raw += inner;
    }
  }
  std::string text = normalize_space(raw);
  while (!text.empty()) {
    const std::string_view tail(text);
    if (tail.back() == '.' || tail.back() == ')' || tail.back() == ' ') {
      text.pop_back();
    } else if (tail.size() >= 2 && tail.substr(tail.size() - 2) == "\xC2\xB0") {  // °
      text.resize(text.size() - 2);
    } else {
      break;
    }
  }
  return normalize_space(text);
}

std::vector<const xmlNode*> child_divs(const xmlNode* node, std::string_view cls) {
  std::vector<const xmlNode*> result;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next)
    if (child->type == XML_ELEMENT_NODE && name_of(child) == "div" && has_class(child, cls))
      result.push_back(child);
  return result;
}

void find_sections(const xmlNode* node, std::vector<const xmlNode*>& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == "div" && has_class(child, "section") &&
        attribute(child, "id").rfind("se:", 0) == 0) {
      out.push_back(child);
      continue;
    }
    find_sections(child, out);
  }
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names + " for format '" +
                      k_format + "' (it accepts none)");
    }
    const auto doc = XmlDocument::parse_html(input.bytes, input.display_path, "UTF-8");
    std::vector<const xmlNode*> sections;
    if (doc.root() != nullptr) find_sections(doc.root(), sections);
    if (sections.empty())
      throw DataError(input.display_path + ": no sections found: is this really a " + k_format + " file?");

    const std::string lang = input.language.empty() ? "en" : input.language;
    std::vector<ParsedClause> out;
    for (const xmlNode* section : sections) {
      const xmlNode* label = find_class(section, "Label-Section");
      const std::string where = input.display_path + ":" + std::to_string(line_of(section));
      if (label == nullptr)
        throw DataError(where + ": section '" + attribute(section, "id") +
                        "' has no printed number (span.Label-Section)");
      const std::string number = label_number(label);
      if (number.empty())
        throw DataError(where + ": section '" + attribute(section, "id") + "' has an empty number");
      const std::string sec_path = "sec_" + number;
      const std::string sec_label = "s. " + number;
      out.push_back({sec_path, "", sec_label, "", clean_text(section), lang});

      const auto paragraphs = child_divs(section, "Subsection");
      const bool numbered_paras = paragraphs.size() >= 2;
      int para_no = 0;
      for (const xmlNode* para : paragraphs) {
        ++para_no;
        std::string para_path = sec_path;
        std::string para_label = sec_label;
        if (numbered_paras) {
          para_path += "__para_" + std::to_string(para_no);
          para_label += ", para. " + std::to_string(para_no);
          out.push_back({para_path, sec_path, para_label, "", clean_text(para), lang});
        }
        for (const xmlNode* item : child_divs(para, "Paragraph")) {
          const xmlNode* item_label = find_class(item, "Label-Z");
          if (item_label == nullptr)
            throw DataError(input.display_path + ":" + std::to_string(line_of(item)) +
                            ": numbered subparagraph in " + sec_label + " has no number (span.Label-Z)");
          const std::string item_no = label_number(item_label);
          const std::string item_path = para_path + "__item_" + item_no;
          const std::string item_text = clean_text(item);
          out.push_back({item_path, para_path, para_label + ", " + item_no + "\xC2\xB0", "",
                         item_text, lang});
          for (const xmlNode* point : child_divs(item, "Subparagraph")) {
            const xmlNode* point_label = find_class(point, "Label-L");
            if (point_label == nullptr)
              throw DataError(input.display_path + ":" + std::to_string(line_of(point)) +
                              ": lettered subparagraph in " + sec_label + " has no letter (span.Label-L)");
            std::string letter = label_number(point_label);
            for (char& c : letter) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.push_back({item_path + "__point_" + letter, item_path,
                           para_label + ", " + item_no + "\xC2\xB0, " + letter + ")", "",
                           clean_text(point), lang});
          }
        }
      }
    }
    return out;
  }
};

} // namespace

const SourceParser& legisquebec_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
