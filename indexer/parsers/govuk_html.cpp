// govuk-html: GOV.UK HTML publications (the body of a gov.uk "HTML attachment"), e.g. the AI
// Opportunities Action Plan (uk/ai-opportunities-action-plan-2025.html).
//
// Structure read: h2 and h3 headings (with an id attribute, and a span.number "1. " / "1.1 "
// when the document numbers them), paragraphs, lists and tables between them, and numbered
// recommendations written as <p>12. <strong>Title.</strong> text</p> (optionally followed by a
// list that belongs to the recommendation).
//
// Ids:
//   sec_1, sec_1.1           h2/h3 sections by their printed number. Like the TBS directive, a
//                            dotted number is flat (sec_1.1, not sec_1__sec_1.1); its parent is
//                            the enclosing h2 section.
//   sec_<id>                 an unnumbered h2/h3 by the heading's own id attribute (the
//                            document's slug, e.g. sec_conclusion), stable across rebuilds.
//   rec_12                   recommendation 12, numbered as printed (1..50); its parent is the
//                            section it appears in (a deviation from the path-prefix rule: the
//                            text numbers recommendations across the whole plan).
// Labels: "Section 1", "Section 1.1", the heading for unnumbered sections, "Recommendation 12".
// Headings: the h2/h3 titles; for recommendations the bold opening sentence.
// Text: footnote markers (sup) and the footnote list (div.footnotes) are dropped; a section's
// text includes its subsections and recommendations.
// Options: none.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

const char* const k_format = "govuk-html";

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

bool is_block(std::string_view name) {
  static const std::set<std::string_view> blocks = {"p",  "div", "li", "br", "tr", "td", "th", "h1", "h2",
                                                    "h3", "h4",  "h5", "h6", "ul", "ol", "table", "dl",
                                                    "dt", "dd",  "figure", "figcaption", "blockquote"};
  return blocks.count(name) > 0;
}

// Text without footnote markers (sup), numbers (span.number), scripts and styles.
void collect(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const auto name = name_of(child);
      if (name == "script" || name == "style" || name == "sup" || has_class(child, "number")) continue;
      const bool block = is_block(name);
      if (block) out += ' ';
      collect(child, out);
      if (block) out += ' ';
    }
  }
}

std::string clean_text(const xmlNode* node) {
  std::string raw;
  collect(node, raw);
  return normalize_space(raw);
}

const xmlNode* find_element(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == name) return child;
    if (const xmlNode* found = find_element(child, name)) return found;
  }
  return nullptr;
}

// The span.number of a heading, without its trailing dot: "1", "1.1"; "" when unnumbered.
std::string heading_number(const xmlNode* heading) {
  for (const xmlNode* child = heading->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && has_class(child, "number")) {
      std::string number = text_of(child);
      while (!number.empty() && (number.back() == '.' || number.back() == ' ')) number.pop_back();
      return number;
    }
  }
  return {};
}

// Content blocks in document order: children of body, reading through wrapper divs; the
// footnote list is dropped.
void flatten(const xmlNode* node, std::vector<const xmlNode*>& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    const auto name = name_of(child);
    if (name == "head" || name == "script" || name == "style" || has_class(child, "footnotes")) continue;
    if (name == "div" || name == "html" || name == "body" || name == "section" || name == "main") {
      // Wrappers (call-to-action boxes hold recommendations too) are read through.
      flatten(child, out);
      continue;
    }
    out.push_back(child);
  }
}

struct Open {
  std::size_t index = std::string::npos;  // into the output vector
  std::string text;
  bool open() const { return index != std::string::npos; }
};

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
    std::vector<const xmlNode*> blocks;
    if (doc.root() != nullptr) {
      // libxml2 may make <head> or <html> the root; flatten from the document's top.
      const xmlNode* top = doc.root();
      while (top->parent != nullptr && top->parent->type == XML_ELEMENT_NODE) top = top->parent;
      if (top->parent != nullptr) {
        for (const xmlNode* n = top->parent->children; n != nullptr; n = n->next)
          if (n->type == XML_ELEMENT_NODE) {
            if (name_of(n) == "html" || name_of(n) == "body") flatten(n, blocks);
            else if (name_of(n) != "head") blocks.push_back(n);
          }
      }
    }

    static const std::regex rec_start(R"(^(\d+)\.\s+)");
    const std::string lang = input.language.empty() ? "en" : input.language;
    std::vector<ParsedClause> out;
    std::set<std::string> paths;
    Open h2, h3, rec;
    auto close = [&](Open& unit) {
      if (unit.open()) out[unit.index].text = normalize_space(unit.text);
      unit = Open{};
    };
    auto add = [&](const xmlNode* node, std::string path, std::string parent, std::string label,
                   std::string heading, Open& unit) {
      if (!paths.insert(path).second)
        throw DataError(input.display_path + ":" + std::to_string(line_of(node)) + ": '" + label +
                        "' appears twice (id " + path + ")");
      out.push_back({std::move(path), std::move(parent), std::move(label), std::move(heading), "", lang});
      unit.index = out.size() - 1;
    };

    for (const xmlNode* block : blocks) {
      const auto name = name_of(block);
      if (name == "h2" || name == "h3") {
        close(rec);
        close(h3);
        if (name == "h2") close(h2);
        const std::string number = heading_number(block);
        const std::string id = attribute(block, "id");
        const std::string heading = clean_text(block);
        if (number.empty() && id.empty())
          throw DataError(input.display_path + ":" + std::to_string(line_of(block)) + ": heading '" +
                          heading + "' has neither a printed number nor an id attribute");
        const std::string path = "sec_" + (number.empty() ? id : number);
        const std::string label = number.empty() ? heading : "Section " + number;
        if (name == "h2") {
          add(block, path, "", label, heading, h2);
        } else {
          add(block, path, h2.open() ? out[h2.index].path : "", label, heading, h3);
        }
        continue;
      }
      if (!h2.open() && !h3.open()) continue;  // front matter before the first section
      const std::string text = clean_text(block);
      if (text.empty()) continue;
      std::smatch m;
      const bool starts_rec = name == "p" && std::regex_search(text, m, rec_start) &&
                              find_element(block, "strong") != nullptr;
      if (starts_rec) {
        close(rec);
        const std::string number = m[1];
        const xmlNode* strong = find_element(block, "strong");
        const Open& section = h3.open() ? h3 : h2;
        add(block, "rec_" + number, out[section.index].path, "Recommendation " + number,
            clean_text(strong), rec);
        rec.text = text.substr(m[0].length());
      } else if (rec.open() && (name == "ul" || name == "ol")) {
        rec.text += " " + text;
      } else {
        close(rec);
      }
      if (h3.open()) h3.text += " " + text;
      if (h2.open()) h2.text += " " + text;
    }
    close(rec);
    close(h3);
    close(h2);
    if (out.empty())
      throw DataError(input.display_path + ": no sections found: is this really a " + k_format + " file?");
    return out;
  }
};

} // namespace

const SourceParser& govuk_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
